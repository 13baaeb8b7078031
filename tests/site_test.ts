/// <reference lib="dom" />
/**
 * The reading copy as a reader's browser sees it: every page of the built
 * site opens in headless Chromium with no console error and no request
 * leaving the machine; every chart is drawn by vega-embed (an SVG with marks)
 * from the one local bundle, with tooltips configured on its marks; every
 * citation links to an entry of the page's references and of the
 * bibliography; every glossary link, download and page link resolves; and the
 * what-if explorer redraws when a control moves.
 *
 * Builds the site with `scripts/report.ts` into a temporary folder, or tests
 * the folder named by `PFOF_SITE` (for example `PFOF_SITE=out` after `deno task
 * report`).
 */
import assert from "node:assert/strict";
import { chartsSettled, launchChromium } from "./_browser.ts";

const root = new URL("..", import.meta.url).pathname;

async function buildSite(): Promise<{ dir: string; temporary: boolean }> {
  const given = Deno.env.get("PFOF_SITE");
  if (given) return { dir: given.startsWith("/") ? given : `${root}${given}`, temporary: false };
  const dir = await Deno.makeTempDir({ prefix: "pfof-site-" });
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", `${root}scripts/report.ts`, "--out", dir],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, `report failed:\n${new TextDecoder().decode(out.stderr)}`);
  return { dir, temporary: true };
}

const exists = async (path: string) => {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
};

Deno.test({
  name: "site: every page draws its charts offline, and its links, citations and downloads resolve",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const { dir, temporary } = await buildSite();
    const sources = JSON.parse(await Deno.readTextFile(`${root}data/sources.json`)).sources as {
      key: string;
    }[];
    const keys = new Set(sources.map((s) => s.key));
    const pages: string[] = [];
    for await (const e of Deno.readDir(dir)) if (e.name.endsWith(".html")) pages.push(e.name);
    pages.sort();
    for (const page of ["index.html", "findings.html", "glossary.html", "references.html"]) {
      assert.ok(pages.includes(page), `the site has no ${page}`);
    }
    assert.ok(pages.includes("whatif.html"), "the site has no what-if page");
    assert.ok(await exists(`${dir}/assets/vega.js`), "no local vega bundle");

    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      const outside: string[] = [];
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (url.startsWith("file:") || url.startsWith("data:") || url.startsWith("blob:")) {
          return route.continue();
        }
        outside.push(url);
        return route.abort();
      });
      const glossary = await Deno.readTextFile(`${dir}/glossary.html`);
      const references = await Deno.readTextFile(`${dir}/references.html`);
      let charts = 0;
      let citations = 0;
      for (const name of pages) {
        await t.step(name, async () => {
          const page = await context.newPage();
          const errors: string[] = [];
          page.on("console", (m) => {
            if (m.type() === "error") errors.push(m.text());
          });
          page.on("pageerror", (e) => errors.push(e.message));
          await page.goto(`file://${dir}/${name}`);
          const html = await Deno.readTextFile(`${dir}/${name}`);
          assert.match(html, /<title>[^<]{8,}<\/title>/, `${name}: no real title`);
          assert.doesNotMatch(html, /<(script|img|link)[^>]+(src|href)="(https?:)?\/\//);
          // Charts: each drawn by vega-embed as an SVG with marks.
          const expected = await page.locator("div.vega-chart").count();
          if (expected > 0) {
            await chartsSettled(page);
          }
          const drawn = await page.evaluate(() =>
            [...document.querySelectorAll("div.vega-chart")].map((el) => {
              const svg = el.querySelector("svg.marks");
              const box = svg?.getBoundingClientRect();
              const spec = JSON.parse(
                document.getElementById((el as HTMLElement).dataset.spec!)!.textContent!,
              );
              return {
                id: el.id,
                failed: el.classList.contains("failed"),
                marks: svg?.querySelectorAll("path, rect, line, text, circle").length ?? 0,
                width: box?.width ?? 0,
                height: box?.height ?? 0,
                tooltip: spec.config?.mark?.tooltip !== undefined,
                label: el.getAttribute("aria-label") ?? "",
              };
            })
          );
          for (const c of drawn) {
            assert.ok(!c.failed, `${name} ${c.id}: vega-embed failed`);
            assert.ok(c.marks > 5, `${name} ${c.id}: ${c.marks} marks`);
            assert.ok(c.width > 200 && c.height > 60, `${name} ${c.id}: ${c.width}×${c.height}`);
            assert.ok(c.tooltip, `${name} ${c.id}: no tooltip on its marks`);
            assert.ok(c.label.length > 20, `${name} ${c.id}: no alt text`);
            // The alt text states the chart's finding (displayChart's alt), not only its title.
            assert.doesNotMatch(c.label, /^Chart:/, `${name} ${c.id}: alt text without a finding`);
          }
          charts += drawn.length;
          // Citations: each links to an entry of the page's references, in the bibliography.
          const cites = await page.evaluate(() =>
            [...document.querySelectorAll("a.cite")].map((a) => {
              const id = a.getAttribute("href")!.slice(1);
              const target = document.getElementById(id);
              return {
                id,
                inReferences: target?.closest("section.references") !== null && !!target,
              };
            })
          );
          for (const c of cites) {
            assert.ok(c.inReferences, `${name}: citation #${c.id} has no reference entry`);
            const key = c.id.replace(/^ref-/, "");
            assert.ok(keys.has(key), `${name}: ${key} is not in data/sources.json`);
            assert.ok(references.includes(`id="${key}"`), `${name}: ${key} not in references.html`);
          }
          citations += cites.length;
          // Links inside the site resolve: pages, glossary anchors, downloads.
          const links = await page.evaluate(() =>
            [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")!)
          );
          for (const href of links) {
            if (/^(https?:|mailto:|#)/.test(href)) continue;
            const [file, anchor] = href.split("#");
            assert.ok(await exists(`${dir}/${file}`), `${name}: broken link ${href}`);
            if (file === "glossary.html" && anchor) {
              assert.ok(
                glossary.includes(`id="${anchor}"`),
                `${name}: no glossary entry ${anchor}`,
              );
            }
          }
          assert.deepEqual(errors, [], `${name}: console errors`);
          await page.close();
        });
      }
      assert.ok(charts >= pages.length / 2, `only ${charts} charts drawn in ${pages.length} pages`);
      assert.ok(citations >= 18, `only ${citations} citations on the site`);

      await t.step("a chart's marks show a tooltip on hover", async () => {
        const page = await context.newPage();
        await page.goto(`file://${dir}/03-best-execution-vs-payment.html`);
        await page.waitForSelector("div.vega-chart.drawn svg.marks");
        const bar = page.locator("div.vega-chart.drawn svg.marks g.mark-rect path").first();
        await bar.hover({ force: true });
        await page.waitForSelector("#vg-tooltip-element.visible", { timeout: 5_000 });
        await page.close();
      });

      await t.step("the what-if explorer redraws when a control moves", async () => {
        const page = await context.newPage();
        await page.goto(`file://${dir}/whatif.html`);
        await page.waitForSelector("div.vega-chart.drawn svg.marks");
        const texts = () =>
          page.evaluate(() =>
            [...document.querySelectorAll("div.vega-chart svg.marks text")].map((x) =>
              x.textContent
            )
              .join("|")
          );
        const before = await texts();
        const selects = page.locator(".vega-bindings select");
        assert.ok(await selects.count() >= 2, "no dropdowns");
        const options = await selects.first().locator("option").allTextContents();
        await selects.first().selectOption(options[options.length - 1]);
        await page.waitForTimeout(300);
        const afterBroker = await texts();
        assert.notEqual(afterBroker, before, "choosing a broker changed nothing");
        const slider = page.locator(".vega-bindings input[type=range]").first();
        await slider.fill("8");
        await slider.dispatchEvent("input");
        await page.waitForTimeout(300);
        assert.notEqual(await texts(), afterBroker, "moving the bidders slider changed nothing");
        await page.close();
      });
      assert.deepEqual(outside, [], "requests left the machine");
    } finally {
      await browser.close();
      if (temporary) await Deno.remove(dir, { recursive: true });
    }
  },
});
