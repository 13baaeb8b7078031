// Shared by the browser tests: Debian's Chromium, headless and offline, and the wait for charts.
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's Chromium, headless, with its background network traffic turned off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Waits until vega-embed has drawn (or failed to draw) every chart of the page. */
export async function chartsSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll("div.vega-chart")].every((el) =>
        el.classList.contains("drawn") || el.classList.contains("failed")
      ),
    undefined,
    { timeout: 30_000 },
  );
}
