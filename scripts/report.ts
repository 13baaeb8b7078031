/**
 * The main job: executes every notebook in `notebooks/` through the real
 * Jupyter Deno kernel and builds the reading copy, a static site, in `out/`:
 * `out/<notebook>.html` for each (prose first, code folded, charts drawn by
 * vega-embed from their Vega-Lite spec with the PNG as fallback, tables as CSV
 * downloads, citations, glossary links), `out/index.html` (the notebooks in
 * parts, each with its question and computed finding), `out/findings.html`
 * ("What we found"), `out/whatif.html` (the explorer), `out/glossary.html`,
 * `out/references.html`, the executed notebooks in `out/executed/` and the
 * sources in `out/notebooks/`. Nothing on the site is fetched from elsewhere:
 * `out/assets/vega.js` is bundled from the npm packages.
 *
 * If a cell fails, the job fails and names the notebook and the cell.
 *
 * Run: `deno task report` (after `scripts/setup.ts`), optionally with notebook
 * names to run only those (`deno task report 03-best-execution-vs-payment`)
 * `--out DIR` to write elsewhere than `out/`, and `--notebooks DIR` to read
 * notebooks from elsewhere than `notebooks/`; `--site-only` rebuilds the pages
 * from the notebooks executed before, without running them.
 */
import { parseArgs } from "node:util";
import { FINDING_MIME } from "../lib/present/display.ts";
import { HEADLINE_MIME } from "../lib/present/headline_display.ts";
import type { MarketHeadlineId } from "../lib/analysis/headlines.ts";
import { loadGlossary, loadSources } from "./site/data.ts";
import { writeAssets } from "./site/assets.ts";
import { joined, type Notebook, notebookPage, type PageInfo, renderNotebook } from "./site/page.ts";
import {
  findingsPage,
  glossaryPage,
  type HeadlineQuote,
  indexPage,
  referencesPage,
} from "./site/pages.ts";
import { buildWhatIf } from "./site/whatif.ts";

const root = new URL("..", import.meta.url).pathname;
const cli = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: {
    out: { type: "string", default: `${root}out` },
    notebooks: { type: "string", default: `${root}notebooks` },
    // Rebuild the pages from the notebooks already executed in out/executed.
    "site-only": { type: "boolean", default: false },
  },
});
const notebooksDir = cli.values.notebooks!.replace(/\/$/, "");
const outDir = cli.values.out!.replace(/\/$/, "");
const executedDir = `${outDir}/executed`;

async function nbconvert(args: string[]): Promise<{ ok: boolean; stderr: string }> {
  const out = await new Deno.Command("jupyter", {
    args: ["nbconvert", ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { ok: out.success, stderr: new TextDecoder().decode(out.stderr) };
}

/** Names the failing cell from nbconvert's CellExecutionError message. */
function failedCell(nb: Notebook, stderr: string): string {
  const m = stderr.match(
    /An error occurred while executing the following cell:\n-+\n([\s\S]*?)\n-+\n([\s\S]*)/,
  );
  if (!m) return stderr.trim().split("\n").slice(-15).join("\n");
  const source = m[1].trim();
  const index = nb.cells.findIndex((c) =>
    c.cell_type === "code" && joined(c.source).trim() === source
  );
  const error = m[2].trim().split("\n").filter((l) => l.trim()).slice(0, 12).join("\n");
  const firstLine = source.split("\n")[0];
  return `cell ${index >= 0 ? index + 1 : "?"} (starting "${firstLine}"):\n${error}`;
}

/** Executes one notebook into out/executed; returns the seconds it took. */
async function runNotebook(name: string): Promise<number> {
  const path = `${notebooksDir}/${name}.ipynb`;
  const source: Notebook = JSON.parse(await Deno.readTextFile(path));
  const started = performance.now();
  const run = await nbconvert([
    "--to",
    "notebook",
    "--execute",
    "--ExecutePreprocessor.timeout=600",
    "--output-dir",
    executedDir,
    "--output",
    `${name}.ipynb`,
    path,
  ]);
  if (!run.ok) throw new Error(`notebook ${name}: ${failedCell(source, run.stderr)}`);
  const executed: Notebook = JSON.parse(await Deno.readTextFile(`${executedDir}/${name}.ipynb`));
  const found = executed.cells.some((c) =>
    (c.outputs ?? []).some((o) => (o.data?.[FINDING_MIME] as { text?: string })?.text)
  );
  if (!found) {
    throw new Error(`notebook ${name}: no finding was displayed (call finding() in the last cell)`);
  }
  return (performance.now() - started) / 1000;
}

/** Builds every page of the site from the executed notebooks in out/executed. */
async function buildSite(names: string[]): Promise<PageInfo[]> {
  const sources = await loadSources();
  const sourceMap = new Map(sources.map((s) => [s.key, s]));
  const terms = await loadGlossary();
  await Deno.mkdir(`${outDir}/data`, { recursive: true });
  await Deno.mkdir(`${outDir}/notebooks`, { recursive: true });
  const ctx = {
    sources: sourceMap,
    terms,
    writeCsv: (file: string, csv: string) => Deno.writeTextFile(`${outDir}/data/${file}`, csv),
  };
  const rendered: { info: PageInfo; body: string; toc: { id: string; text: string }[] }[] = [];
  const quotes: HeadlineQuote[] = [];
  for (const name of names) {
    let executed: Notebook;
    try {
      executed = JSON.parse(await Deno.readTextFile(`${executedDir}/${name}.ipynb`));
    } catch {
      continue; // not executed yet (a partial run before any full one)
    }
    rendered.push(await renderNotebook(executed, name, ctx));
    await Deno.copyFile(`${notebooksDir}/${name}.ipynb`, `${outDir}/notebooks/${name}.ipynb`);
    for (const o of executed.cells.flatMap((c) => c.outputs ?? [])) {
      const marked = o.data?.[HEADLINE_MIME] as
        | { id: MarketHeadlineId; mean: number; low: number; high: number }[]
        | undefined;
      for (const h of marked ?? []) {
        if (!quotes.some((q) => q.id === h.id && q.page === name)) {
          quotes.push({ ...h, page: name });
        }
      }
    }
  }
  const pages = rendered.map((r) => r.info);
  for (const [k, r] of rendered.entries()) {
    await Deno.writeTextFile(
      `${outDir}/${r.info.name}.html`,
      notebookPage(r.info, r.body, r.toc, pages[k - 1], pages[k + 1], {
        index: k,
        count: pages.length,
      }),
    );
  }
  await Deno.writeTextFile(`${outDir}/index.html`, indexPage(pages));
  await Deno.writeTextFile(`${outDir}/findings.html`, findingsPage(pages, quotes, sourceMap));
  await Deno.writeTextFile(`${outDir}/glossary.html`, glossaryPage(terms, sourceMap));
  await Deno.writeTextFile(`${outDir}/references.html`, referencesPage(sources, pages));
  await Deno.writeTextFile(`${outDir}/executed/pages.json`, JSON.stringify(pages, null, 1));
  return pages;
}

async function main(): Promise<void> {
  const wanted = cli.positionals;
  const names: string[] = [];
  for await (const e of Deno.readDir(notebooksDir)) {
    if (e.isFile && e.name.endsWith(".ipynb")) names.push(e.name.replace(/\.ipynb$/, ""));
  }
  names.sort();
  const selected = cli.values["site-only"]
    ? []
    : wanted.length
    ? names.filter((n) => wanted.includes(n))
    : names;
  for (const w of wanted) {
    if (!names.includes(w)) throw new Error(`report: no notebook named ${w} in notebooks/`);
  }
  const started = performance.now();
  await Deno.mkdir(executedDir, { recursive: true });
  // The chart bundle and the what-if grid are built while the notebooks run.
  const assets = writeAssets(outDir);
  const whatIf = wanted.length && !cli.values["site-only"]
    ? Promise.resolve()
    : buildWhatIf(outDir);
  const errors: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < selected.length) {
      const k = next++;
      try {
        const seconds = await runNotebook(selected[k]);
        console.error(`report: ${selected[k]} executed in ${seconds.toFixed(1)} s`);
      } catch (e) {
        errors.push((e as Error).message);
        console.error(`report: FAILED ${(e as Error).message}`);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  await assets;
  await whatIf;
  if (errors.length > 0) {
    console.error(`report: ${errors.length} notebook(s) failed:\n${errors.join("\n\n")}`);
    Deno.exit(1);
  }
  const pages = await buildSite(names);
  console.error(
    `report: wrote ${outDir}/index.html and ${pages.length} pages (${selected.length} executed) ` +
      `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

await main();
