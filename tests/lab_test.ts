/// <reference lib="dom" />
/**
 * "Tweak and rerun", for real: `scripts/lab.ts` (what `deno task lab` runs)
 * starts Jupyter Notebook with the Deno kernel; headless Chromium opens
 * notebook 02, runs all cells through the Cell menu, types a new value into
 * the parameters cell, runs all cells again, and the finding changes
 * accordingly.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { launchChromium } from "./_browser.ts";
import { ensureNotebook } from "../scripts/lab.ts";

const root = new URL("..", import.meta.url).pathname;
const TOKEN = "pfof-lab-test";

async function waitForServer(port: number, seconds: number): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/status?token=${TOKEN}`);
      await r.body?.cancel();
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Jupyter Notebook did not start on port ${port} in ${seconds} s`);
}

/** Cell → Run All, then waits for every cell to finish and a finding to show. */
async function runAll(page: Page, previous: string): Promise<string> {
  await page.click("#celllink");
  await page.click("#run_all_cells > a");
  await page.waitForFunction(
    (before) => {
      const prompts = [...document.querySelectorAll(".input_prompt")].map((p) => p.textContent);
      if (prompts.some((p) => p?.includes("*"))) return false;
      const finding = [...document.querySelectorAll(".output_subarea")]
        .map((o) => (o as HTMLElement).innerText).find((t) => t.startsWith("Finding."));
      return finding !== undefined && finding !== before;
    },
    previous,
    { timeout: 120_000, polling: 500 },
  );
  const errors = await page.locator(".output_error").count();
  assert.equal(errors, 0, "a cell failed");
  return await page.evaluate(() =>
    [...document.querySelectorAll(".output_subarea")].map((o) => (o as HTMLElement).innerText)
      .find((t) => t.startsWith("Finding."))!
  );
}

Deno.test({
  name: "lab: Jupyter Notebook runs a notebook, a changed parameter changes its finding",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await ensureNotebook(); // installing it is not part of the server's start-up time
    const port = 18_800 + Math.floor(Math.random() * 1000);
    const server = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-all",
        `${root}scripts/lab.ts`,
        "--no-browser",
        "--port",
        String(port),
        "--token",
        TOKEN,
      ],
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const browser = await launchChromium();
    try {
      await waitForServer(port, 120);
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      page.on("dialog", (d) => d.dismiss());
      await page.goto(
        `http://127.0.0.1:${port}/notebooks/notebooks/02-one-order-journey.ipynb?token=${TOKEN}`,
      );
      await page.waitForSelector("#kernel_indicator_icon.kernel_idle_icon", { timeout: 120_000 });
      const before = await runAll(page, "");
      assert.match(before, /paying \$0\.003 a share/, before);

      // Type a new payment into the parameters cell's editor.
      const editor = page.locator(".code_cell .CodeMirror").first();
      const source = await page.evaluate(() =>
        (document.querySelector(".code_cell .CodeMirror") as unknown as {
          CodeMirror: { getValue(): string };
        }).CodeMirror.getValue()
      );
      assert.match(source, /const PFOF_PER_SHARE = 0\.003;/);
      await editor.click();
      await page.keyboard.press("Control+A");
      await page.keyboard.insertText(
        source.replace("const PFOF_PER_SHARE = 0.003;", "const PFOF_PER_SHARE = 0.002;"),
      );
      const after = await runAll(page, before);
      assert.match(after, /paying \$0\.002 a share/, after);
      const passed = (t: string) => t.match(/passes \$?([\d.]+)/)?.[1];
      assert.notEqual(passed(after), passed(before), "the payment passed on did not change");
    } finally {
      await browser.close();
      try {
        server.kill("SIGINT");
      } catch {
        // already stopped
      }
      await server.status;
      await server.stderr.cancel().catch(() => {});
    }
  },
});
