/**
 * The main job: executes every notebook in `notebooks/` through the real
 * Jupyter Deno kernel and writes the reading copy into `out/`:
 * `out/<notebook>.html` for each, `out/index.html` (a contents page with each
 * notebook's question and headline finding), and the executed notebooks in
 * `out/executed/`. The HTML is self-contained: no script or style from
 * elsewhere; charts are embedded PNG images.
 *
 * If a cell fails, the job fails and names the notebook and the cell.
 *
 * Run: `deno task report` (after `scripts/setup.ts`), optionally with notebook
 * names to run only those (`deno task report 03-best-execution-vs-payment`)
 * `--out DIR` to write elsewhere than `out/`, and `--notebooks DIR` to read
 * notebooks from elsewhere than `notebooks/`.
 */
import { parseArgs } from "node:util";
import { FINDING_MIME } from "../lib/present/display.ts";

const root = new URL("..", import.meta.url).pathname;
const cli = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: {
    out: { type: "string", default: `${root}out` },
    notebooks: { type: "string", default: `${root}notebooks` },
  },
});
const notebooksDir = cli.values.notebooks!.replace(/\/$/, "");
const outDir = cli.values.out!.replace(/\/$/, "");
const executedDir = `${outDir}/executed`;

interface Cell {
  cell_type: string;
  source: string[] | string;
  outputs?: { data?: Record<string, unknown> }[];
}
interface Notebook {
  cells: Cell[];
}

/** What the contents page shows of one notebook. */
interface Entry {
  name: string;
  title: string;
  question: string;
  finding: string;
  seconds: number;
}

const text = (s: string[] | string) => (Array.isArray(s) ? s.join("") : s);

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
    c.cell_type === "code" && text(c.source).trim() === source
  );
  const error = m[2].trim().split("\n").filter((l) => l.trim()).slice(0, 12).join("\n");
  const firstLine = source.split("\n")[0];
  return `cell ${index >= 0 ? index + 1 : "?"} (starting "${firstLine}"):\n${error}`;
}

function plain(markdown: string): string {
  return markdown.replace(/\*\*|__|`|(?<=\s|^)[*_]|[*_](?=[\s.,;:!?)]|$)/g, "")
    .replace(/&#36;|\\\$/g, "$").replace(/\s+/g, " ").trim();
}

function escapeHtml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

const PAGE_CSS = `
  .pfof-nav { font: 14px/1.4 "DejaVu Sans", sans-serif; padding: 8px 16px; background: #f4f6f8;
    border-bottom: 1px solid #dde; }
  .pfof-nav a { color: #0072B2; text-decoration: none; }
  table.pfof-table { border-collapse: collapse; font-size: 13px; margin: 4px 0; }
  table.pfof-table th { border-bottom: 2px solid #444; padding: 4px 10px; font-weight: 600; }
  table.pfof-table td { border-bottom: 1px solid #e3e3e3; padding: 3px 10px; }
  table.pfof-table tbody tr:nth-child(even) { background: #fafafa; }
  .jp-RenderedImage img { max-width: 100%; height: auto; }
`;

/** Removes scripts that point outside the page and adds the navigation bar. */
function selfContained(html: string, title: string): string {
  return html
    .replace(/<script[^>]*\bsrc=["'][^"']*["'][^>]*>\s*<\/script>/g, "")
    .replace(/<script type="text\/x-mathjax-config">[\s\S]*?<\/script>/g, "")
    .replace(/<link[^>]*\bhref=["'](?:https?:|file:)[^"']*["'][^>]*>/g, "")
    .replace("</head>", `<style>${PAGE_CSS}</style>\n</head>`)
    .replace(
      /<body([^>]*)>/,
      `<body$1>\n<nav class="pfof-nav"><a href="index.html">← pfof-lab findings</a> · ${
        escapeHtml(title)
      }</nav>`,
    );
}

async function runNotebook(name: string): Promise<Entry> {
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
  const seconds = (performance.now() - started) / 1000;
  const executed: Notebook = JSON.parse(await Deno.readTextFile(`${executedDir}/${name}.ipynb`));
  const firstMarkdown = text(executed.cells.find((c) => c.cell_type === "markdown")?.source ?? "");
  const title = firstMarkdown.match(/^#\s+(.+)$/m)?.[1] ?? name;
  const question = plain(
    firstMarkdown.match(/\*\*The question\.\*\*([\s\S]*?)(\n\n|$)/)?.[1] ?? "",
  );
  let finding = "";
  for (const cell of executed.cells) {
    for (const output of cell.outputs ?? []) {
      const f = output.data?.[FINDING_MIME] as { text?: string } | undefined;
      if (f?.text) finding = plain(f.text);
    }
  }
  if (!finding) {
    throw new Error(`notebook ${name}: no finding was displayed (call finding() in the last cell)`);
  }
  const html = await nbconvert([
    "--to",
    "html",
    "--output-dir",
    outDir,
    "--output",
    `${name}.html`,
    `${executedDir}/${name}.ipynb`,
  ]);
  if (!html.ok) throw new Error(`notebook ${name}: HTML export failed:\n${html.stderr}`);
  const page = await Deno.readTextFile(`${outDir}/${name}.html`);
  await Deno.writeTextFile(`${outDir}/${name}.html`, selfContained(page, title));
  return { name, title, question, finding, seconds };
}

function indexPage(entries: Entry[]): string {
  const items = entries.map((e) => `
    <li>
      <a class="title" href="${e.name}.html">${escapeHtml(e.title)}</a>
      <p class="question">${escapeHtml(e.question)}</p>
      ${
    e.finding ? `<p class="finding"><strong>Finding.</strong> ${escapeHtml(e.finding)}</p>` : ""
  }
    </li>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pfof-lab: findings</title>
<style>
  body { font: 16px/1.5 "DejaVu Sans", Helvetica, Arial, sans-serif; max-width: 860px; margin: 2em auto;
    padding: 0 1em; color: #222; }
  h1 { font-size: 1.7em; margin-bottom: 0.2em; }
  ol { padding-left: 1.2em; }
  li { margin: 1.2em 0; }
  a.title { font-size: 1.15em; font-weight: bold; color: #0072B2; text-decoration: none; }
  p { margin: 0.3em 0; }
  .question { color: #444; }
  .finding { background: #eef6f1; border-left: 4px solid #009E73; padding: 0.4em 0.7em; }
  footer { margin-top: 3em; color: #666; font-size: 0.85em; }
</style></head>
<body>
<h1>pfof-lab: payment for order flow and retail execution quality</h1>
<p>Each notebook asks one question, builds the model with the pfof-lab library, and states what it found.
The numbers below are computed by the notebooks in this build, not typed in.</p>
<ol>${items}
</ol>
<footer>Built ${new Date().toISOString().slice(0, 10)} by <code>deno task report</code>.
Open the notebooks in Jupyter with the Deno kernel to change the parameters and rerun.</footer>
</body></html>
`;
}

async function main(): Promise<void> {
  const wanted = cli.positionals;
  const names: string[] = [];
  for await (const e of Deno.readDir(notebooksDir)) {
    if (e.isFile && e.name.endsWith(".ipynb")) names.push(e.name.replace(/\.ipynb$/, ""));
  }
  names.sort();
  const selected = wanted.length ? names.filter((n) => wanted.includes(n)) : names;
  for (const w of wanted) {
    if (!names.includes(w)) throw new Error(`report: no notebook named ${w} in notebooks/`);
  }
  await Deno.mkdir(executedDir, { recursive: true });
  const entries: Entry[] = new Array(selected.length);
  const errors: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < selected.length) {
      const k = next++;
      try {
        entries[k] = await runNotebook(selected[k]);
        console.error(`report: ${selected[k]} executed in ${entries[k].seconds.toFixed(1)} s`);
      } catch (e) {
        errors.push((e as Error).message);
        console.error(`report: FAILED ${(e as Error).message}`);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  if (errors.length > 0) {
    console.error(`report: ${errors.length} notebook(s) failed:\n${errors.join("\n\n")}`);
    Deno.exit(1);
  }
  // A partial run keeps the other notebooks' entries from the last full or partial run.
  const saved = `${outDir}/executed/entries.json`;
  let previous: Entry[] = [];
  try {
    previous = JSON.parse(await Deno.readTextFile(saved));
  } catch {
    previous = [];
  }
  const merged = names.map((n) =>
    entries.find((e) => e.name === n) ?? previous.find((e) => e.name === n)
  ).filter((e): e is Entry => e !== undefined);
  await Deno.writeTextFile(saved, JSON.stringify(merged, null, 1));
  await Deno.writeTextFile(`${outDir}/index.html`, indexPage(merged));
  console.error(
    `report: wrote ${outDir}/index.html (${merged.length} notebooks) and ${entries.length} page(s)`,
  );
}

await main();
