/// <reference lib="dom" />
/**
 * The report end to end: every notebook executes in the real Jupyter Deno
 * kernel, each exported page carries every chart, the contents page quotes
 * each notebook's computed finding, notebook sources carry no outputs, and
 * headless Chromium shows the pages with visible, non-blank charts.
 */
import assert from "node:assert/strict";
import { chartsSettled, launchChromium } from "./_browser.ts";
import { FINDING_MIME } from "../lib/present/display.ts";
import { MARKET_HEADLINES } from "../lib/analysis/headlines.ts";
import { formatHeadline, HEADLINE_MIME } from "../lib/present/headline_display.ts";

const root = new URL("..", import.meta.url).pathname;
const notebooksDir = `${root}notebooks`;

interface Cell {
  cell_type: string;
  source: string[];
  outputs?: { output_type: string; data?: Record<string, unknown>; ename?: string }[];
  execution_count?: number | null;
}
/** A page's HTML with `&#36;` written as a dollar sign. */
const pageText = async (path: string): Promise<string> =>
  (await Deno.readTextFile(path)).replaceAll("&#36;", "$");
const readNotebook = async (path: string): Promise<{ cells: Cell[] }> =>
  JSON.parse(await Deno.readTextFile(path));

const names: string[] = [];
for await (const e of Deno.readDir(notebooksDir)) {
  if (e.name.endsWith(".ipynb")) names.push(e.name.replace(/\.ipynb$/, ""));
}
names.sort();

async function report(
  outDir: string,
  extra: string[] = [],
): Promise<{ code: number; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", `${root}scripts/report.ts`, "--out", outDir, ...extra],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("notebook sources carry no outputs and no execution counts", async () => {
  assert.ok(names.length >= 1, "no notebooks found");
  for (const name of names) {
    const nb = await readNotebook(`${notebooksDir}/${name}.ipynb`);
    for (const [i, cell] of nb.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      assert.deepEqual(cell.outputs, [], `${name} cell ${i + 1} has outputs`);
      assert.equal(cell.execution_count ?? null, null, `${name} cell ${i + 1} has a count`);
    }
  }
});

Deno.test({
  name: "report: every notebook executes, exports every chart, and renders in Chromium",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const out = await Deno.makeTempDir({ prefix: "pfof-report-" });
    const run = await report(out);
    assert.equal(run.code, 0, `report failed:\n${run.stderr}`);

    await t.step("each page has every chart of its notebook as an embedded image", async () => {
      for (const name of names) {
        const source = await readNotebook(`${notebooksDir}/${name}.ipynb`);
        const calls = source.cells.filter((c) => c.cell_type === "code")
          .map((c) => c.source.join("").match(/\bdisplayChart\(/g)?.length ?? 0)
          .reduce((a, b) => a + b, 0);
        const executed = await readNotebook(`${out}/executed/${name}.ipynb`);
        const errors = executed.cells.flatMap((c) => c.outputs ?? []).filter((o) =>
          o.output_type === "error"
        );
        assert.equal(errors.length, 0, `${name}: error outputs ${JSON.stringify(errors)}`);
        const pngs = executed.cells.flatMap((c) => c.outputs ?? [])
          .filter((o) => o.data?.["image/png"] !== undefined).length;
        assert.ok(pngs >= calls && pngs >= 1, `${name}: ${pngs} chart images for ${calls} calls`);
        const html = await Deno.readTextFile(`${out}/${name}.html`);
        const images = html.match(/<img[^>]+src="data:image\/png;base64,/g)?.length ?? 0;
        assert.equal(images, pngs, `${name}: ${images} images in the page, ${pngs} charts`);
        assert.doesNotMatch(
          html,
          /<script[^>]+src="(?!assets\/)/,
          `${name}: page loads a script from outside the site`,
        );
        assert.doesNotMatch(html, /<link[^>]+href="(https?|file):/, `${name}: external stylesheet`);
      }
    });

    await t.step(
      "the market's headline numbers agree across every page that quotes them",
      async () => {
        const seen = new Map<string, { page: string; mean: number; text: string }[]>();
        for (const name of names) {
          const executed = await readNotebook(`${out}/executed/${name}.ipynb`);
          for (const o of executed.cells.flatMap((c) => c.outputs ?? [])) {
            const marked = o.data?.[HEADLINE_MIME] as
              | { id: string; mean: number; text: string }[]
              | undefined;
            for (const h of marked ?? []) {
              if (!seen.has(h.id)) seen.set(h.id, []);
              seen.get(h.id)!.push({ page: name, mean: h.mean, text: h.text });
            }
          }
        }
        // Every headline is quoted, and the ones several pages quote are quoted on two at least.
        for (const { id } of MARKET_HEADLINES) assert.ok(seen.has(id), `no page quotes ${id}`);
        const pages = new Set([...seen.values()].flat().map((x) => x.page));
        assert.ok(pages.size >= 3, `headlines quoted on ${pages.size} pages only`);
        for (const [id, quotes] of seen) {
          for (const q of quotes) {
            assert.ok(Number.isFinite(q.mean), `${q.page}: ${id} is not a number`);
            assert.equal(
              q.mean,
              quotes[0].mean,
              `${id}: ${q.page} says ${q.mean}, ${quotes[0].page} ${quotes[0].mean}`,
            );
            // The same value as the same text, written by formatHeadline, on the page itself.
            assert.equal(
              q.text,
              formatHeadline(id as Parameters<typeof formatHeadline>[0], q.mean),
              `${id}: ${q.page} writes ${q.text}`,
            );
            assert.equal(q.text, quotes[0].text, `${id}: ${q.page} and ${quotes[0].page} differ`);
            assert.ok(
              (await pageText(`${out}/${q.page}.html`)).includes(q.text),
              `${id}: ${q.page}.html does not show ${q.text}`,
            );
          }
          assert.ok(
            (await pageText(`${out}/findings.html`)).includes(quotes[0].text),
            `${id}: the findings page does not show ${quotes[0].text}`,
          );
        }
      },
    );

    await t.step(
      "computed prose and findings quote no dollar figure to three or four decimals",
      async () => {
        // Money in prose reads in cents under a dollar, to the cent above, and yearly totals in
        // millions or billions ($bn with two decimals at most). A sub-cent dollar figure ("$0.003 a share", "$0.0030") is a
        // per-share rate quoted as a rule or a document writes it, and stays.
        for (const name of names) {
          const executed = await readNotebook(`${out}/executed/${name}.ipynb`);
          for (const o of executed.cells.flatMap((c) => c.outputs ?? [])) {
            const f = (o.data?.[FINDING_MIME] as { text?: string } | undefined)?.text;
            const md = o.data?.["text/markdown"];
            const text = [f ?? "", Array.isArray(md) ? md.join("") : String(md ?? "")]
              .join("\n").replaceAll("&#36;", "$");
            for (const m of text.matchAll(/\$\d[\d,]*\.\d{3,}(bn)?/g)) {
              if (!m[1] && /^\$0\.00\d+$/.test(m[0])) continue;
              assert.fail(
                `${name}: "${text.slice(Math.max(0, m.index! - 60), m.index! + m[0].length + 20)}"`,
              );
            }
          }
        }
      },
    );

    await t.step("the contents page links every notebook and quotes its finding", async () => {
      const index = await Deno.readTextFile(`${out}/index.html`);
      for (const name of names) {
        const executed = await readNotebook(`${out}/executed/${name}.ipynb`);
        const finding = executed.cells.flatMap((c) => c.outputs ?? [])
          .map((o) => (o.data?.[FINDING_MIME] as { text?: string } | undefined)?.text)
          .find((x) => x);
        assert.ok(finding, `${name}: no finding`);
        assert.ok(index.includes(`href="${name}.html"`), `${name}: not linked`);
        const firstWords = finding!.replace(/\*\*|`/g, "").split(" ").slice(0, 6).join(" ");
        assert.ok(index.includes(firstWords.replaceAll("'", "'")), `${name}: finding not quoted`);
      }
    });

    await t.step("pages render in Chromium with visible, non-blank charts", async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
        await page.goto(`file://${out}/index.html`);
        assert.equal(await page.locator("ol > li").count(), names.length);
        const shot = await page.screenshot({ fullPage: true });
        assert.ok(shot.length > 20_000, `index screenshot only ${shot.length} bytes`);

        await page.goto(`file://${out}/${names[0]}.html`);
        // Each chart is drawn by vega-embed from its spec (the PNG is the noscript fallback).
        await chartsSettled(page);
        const charts = await page.evaluate(() =>
          [...document.querySelectorAll("div.vega-chart")].map((el) => {
            const svg = el.querySelector("svg.marks");
            const box = svg?.getBoundingClientRect();
            return {
              width: box?.width ?? 0,
              height: box?.height ?? 0,
              marks: svg?.querySelectorAll("path, rect, line, text").length ?? 0,
            };
          })
        );
        assert.ok(charts.length >= 1, "no charts on the page");
        for (const c of charts) {
          assert.ok(c.width > 300 && c.height > 100, `chart too small: ${JSON.stringify(c)}`);
          assert.ok(c.marks > 10, `chart looks blank: ${JSON.stringify(c)}`);
        }
        const pageShot = await page.screenshot({ fullPage: true });
        assert.ok(pageShot.length > 100_000, `page screenshot only ${pageShot.length} bytes`);
      } finally {
        await browser.close();
      }
    });
    await t.step(
      "findings are computed: a different seed changes every seeded finding",
      async () => {
        // Copies of the notebooks with another SEED in their parameters cell, beside lib/ so
        // their imports resolve; their findings must differ from the original run's.
        const dir = await Deno.makeTempDir({ dir: root, prefix: ".seed-check-" });
        const changed: string[] = [];
        try {
          for (const name of names) {
            const nb = await readNotebook(`${notebooksDir}/${name}.ipynb`);
            const params = nb.cells.find((c) => c.cell_type === "code");
            const text = params?.source.join("") ?? "";
            const m = text.match(/const SEED = (\d+);/);
            if (!params || !m) continue;
            const replaced = text.replace(m[0], `const SEED = ${Number(m[1]) + 1000};`);
            params.source = replaced.split(/(?<=\n)/);
            await Deno.writeTextFile(`${dir}/${name}.ipynb`, JSON.stringify(nb));
            changed.push(name);
          }
          assert.ok(changed.length >= 1, "no notebook has a SEED parameter");
          const rerun = await report(`${dir}/out`, ["--notebooks", dir]);
          assert.equal(rerun.code, 0, rerun.stderr);
          const findingOf = async (path: string) =>
            (await readNotebook(path)).cells.flatMap((c) => c.outputs ?? [])
              .map((o) => (o.data?.[FINDING_MIME] as { text?: string } | undefined)?.text)
              .find((x) => x);
          for (const name of changed) {
            const before = await findingOf(`${out}/executed/${name}.ipynb`);
            const after = await findingOf(`${dir}/out/executed/${name}.ipynb`);
            assert.ok(before && after, `${name}: missing finding`);
            assert.notEqual(after, before, `${name}: the finding did not change with the seed`);
          }
        } finally {
          await Deno.remove(dir, { recursive: true });
        }
      },
    );
    await Deno.remove(out, { recursive: true });
  },
});

Deno.test({
  name: "report: a failing cell fails the job and names the notebook and the cell",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "pfof-broken-" });
    // A notebooks folder of its own, with one notebook whose third cell throws.
    const nb = {
      cells: [
        { cell_type: "markdown", metadata: {}, source: ["# Broken\n"] },
        { cell_type: "code", metadata: {}, execution_count: null, outputs: [], source: ["1 + 1;"] },
        {
          cell_type: "code",
          metadata: {},
          execution_count: null,
          outputs: [],
          source: ['throw new Error("boom from cell three");'],
        },
      ],
      metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    const name = "zz-broken-for-test";
    await Deno.mkdir(`${dir}/notebooks`);
    await Deno.writeTextFile(`${dir}/notebooks/${name}.ipynb`, JSON.stringify(nb));
    try {
      const run = await report(`${dir}/out`, ["--notebooks", `${dir}/notebooks`]);
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, new RegExp(`notebook ${name}: cell 3 `));
      assert.match(run.stderr, /boom from cell three/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
