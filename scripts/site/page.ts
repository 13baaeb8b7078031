/**
 * One notebook as a page of the site: prose first, each code cell folded
 * under "show code" (code that only writes prose hidden, its prose shown
 * once), tables that scroll and download as CSV, charts drawn by vega-embed
 * from their Vega-Lite spec with the PNG as the fallback, an in-page
 * contents list, previous/next links, glossary links and the page's
 * references.
 *
 * @module
 */
import { FINDING_MIME, TABLE_MIME } from "../../lib/present/display.ts";
import { HEADLINE_MIME } from "../../lib/present/headline_display.ts";
import type { Source, Term } from "./data.ts";
import { partOf } from "./data.ts";
import {
  Citations,
  escapeHtml,
  linkTerms,
  plain,
  renderMarkdown,
  slug,
  sourceLabel,
} from "./text.ts";

export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";

export interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  text?: string[] | string;
  name?: string;
}
export interface Cell {
  cell_type: string;
  source: string[] | string;
  outputs?: Output[];
}
export interface Notebook {
  cells: Cell[];
}

export const joined = (s: string[] | string | undefined) => Array.isArray(s) ? s.join("") : s ?? "";

/** What the site knows of one page, besides its body. */
export interface PageInfo {
  name: string;
  title: string;
  question: string;
  finding: string;
  /** Headline ids shown on this page. */
  headlines: string[];
  /** CSV files written for the page's tables. */
  tables: string[];
  charts: number;
  citations: string[];
}

export interface SiteContext {
  sources: Map<string, Source>;
  terms: Term[];
  /** Where the CSV files go (out/data). */
  writeCsv: (file: string, csv: string) => Promise<void>;
}

/** A page's title and question, from its first Markdown cell. */
export function titleAndQuestion(nb: Notebook, name: string): { title: string; question: string } {
  const first = joined(nb.cells.find((c) => c.cell_type === "markdown")?.source);
  const title = plain(first.match(/^#\s+(.+)$/m)?.[1] ?? name);
  const question = plain(first.match(/\*\*The question\.\*\*([\s\S]*?)(\n\n|$)/)?.[1] ?? "");
  return { title, question };
}

/** The notebook's finding (the last one it displayed), as Markdown. */
export function findingOf(nb: Notebook): string {
  let found = "";
  for (const cell of nb.cells) {
    for (const o of cell.outputs ?? []) {
      const f = o.data?.[FINDING_MIME] as { text?: string } | undefined;
      if (f?.text) found = f.text;
    }
  }
  return found;
}

function jsonScript(id: string, value: unknown): string {
  const json = JSON.stringify(value).replaceAll("<", "\\u003c");
  return `<script type="application/json" id="${id}">${json}</script>`;
}

/** The spec as the site draws it: Vega-Lite 6 schema, tooltips on every mark. */
export function siteSpec(spec: Record<string, unknown>): Record<string, unknown> {
  const config = (spec.config ?? {}) as Record<string, unknown>;
  const mark = (config.mark ?? {}) as Record<string, unknown>;
  return {
    ...spec,
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: { ...config, mark: { tooltip: { content: "encoding" }, ...mark } },
  };
}

export function chartFigure(
  id: string,
  spec: Record<string, unknown>,
  png: string | undefined,
  alt: string,
): string {
  const fallback = png
    ? `<img src="data:image/png;base64,${png}" alt="${escapeHtml(alt)}">`
    : `<p>${escapeHtml(alt)}</p>`;
  return `<figure class="chart">
<div class="vega-chart" id="${id}" data-spec="${id}-spec" role="img" aria-label="${
    escapeHtml(alt)
  }"></div>
<noscript>${fallback}</noscript>
${jsonScript(`${id}-spec`, siteSpec(spec))}
<figcaption class="alt">${escapeHtml(alt)}</figcaption>
</figure>`;
}

function altOf(spec: Record<string, unknown>, plainText: string): string {
  if (typeof spec.description === "string" && spec.description) return spec.description;
  return plainText.replace(/^Chart:\s*/, "Chart: ");
}

/** Renders an executed notebook as a page body; returns the page and what it found. */
export async function renderNotebook(
  nb: Notebook,
  name: string,
  ctx: SiteContext,
): Promise<{ info: PageInfo; body: string; toc: { id: string; text: string }[] }> {
  const { title, question } = titleAndQuestion(nb, name);
  const cites = new Citations(ctx.sources);
  const blocks: string[] = [];
  const headlines: string[] = [];
  const tables: string[] = [];
  let charts = 0;
  let codeCells = 0;
  for (const cell of nb.cells) {
    const source = joined(cell.source);
    if (cell.cell_type === "markdown") {
      blocks.push(`<div class="prose">${renderMarkdown(source, cites)}</div>`);
      continue;
    }
    if (cell.cell_type !== "code") continue;
    codeCells++;
    const outputs = cell.outputs ?? [];
    const proseOnly = outputs.length > 0 &&
      outputs.every((o) =>
        o.data !== undefined &&
        Object.keys(o.data).every((k) =>
          k === "text/markdown" || k === "text/plain" || k === FINDING_MIME
        )
      );
    if (!proseOnly && source.trim()) {
      const label = codeCells === 1 ? "show the parameters" : "show code";
      blocks.push(
        `<details class="code"><summary>${label}</summary><pre><code>${
          escapeHtml(source)
        }</code></pre></details>`,
      );
    }
    for (const o of outputs) {
      const d = o.data;
      if (!d) {
        // Printed text, without the chart library's warnings.
        const printed = joined(o.text).split("\n").filter((l) => !/^WARN /.test(l)).join("\n");
        if (o.output_type === "stream" && printed.trim()) {
          blocks.push(`<pre class="stream">${escapeHtml(printed)}</pre>`);
        }
        continue;
      }
      if (d[FINDING_MIME]) {
        const text = (d[FINDING_MIME] as { text: string }).text;
        blocks.push(
          `<aside class="finding" id="finding"><strong>Finding.</strong> ${
            renderMarkdown(text.replace(/\$/g, "&#36;"), cites).replace(/^<p>|<\/p>\s*$/g, "")
          }</aside>`,
        );
        continue;
      }
      if (d[VEGALITE_MIME]) {
        charts++;
        const spec = d[VEGALITE_MIME] as Record<string, unknown>;
        blocks.push(
          chartFigure(
            `chart-${charts}`,
            spec,
            d["image/png"] as string | undefined,
            altOf(spec, joined(d["text/plain"] as string)),
          ),
        );
        continue;
      }
      if (d["text/html"]) {
        const marked = d[HEADLINE_MIME] as { id: string }[] | undefined;
        let anchor = "";
        if (marked) {
          const fresh = marked.map((h) => h.id).filter((id) => !headlines.includes(id));
          headlines.push(...fresh);
          anchor = fresh.map((id) => `<span id="headline-${id}"></span>`).join("");
        }
        let download = "";
        const table = d[TABLE_MIME] as { csv?: string } | undefined;
        if (table?.csv) {
          const file = `${name}-table-${tables.length + 1}.csv`;
          tables.push(file);
          await ctx.writeCsv(file, table.csv);
          download =
            `<p class="download"><a href="data/${file}" download>Download this table (CSV)</a></p>`;
        }
        blocks.push(
          `${anchor}<div class="table-wrap">${joined(d["text/html"] as string)}</div>${download}`,
        );
        continue;
      }
      if (d["text/markdown"]) {
        blocks.push(
          `<div class="prose computed">${
            renderMarkdown(joined(d["text/markdown"] as string), cites)
          }</div>`,
        );
        continue;
      }
      if (d["image/png"]) {
        blocks.push(`<img src="data:image/png;base64,${d["image/png"]}" alt="chart">`);
        continue;
      }
      if (d["text/plain"]) {
        blocks.push(`<pre class="stream">${escapeHtml(joined(d["text/plain"] as string))}</pre>`);
      }
    }
  }
  let body = blocks.join("\n");
  // Headings get anchors; the h2s make the page's contents.
  const toc: { id: string; text: string }[] = [];
  const used = new Set<string>(["finding", "references", "downloads"]);
  body = body.replace(/<h([23])>([\s\S]*?)<\/h\1>/g, (_, level, inner) => {
    let id = slug(inner);
    while (used.has(id)) id += "-2";
    used.add(id);
    if (level === "2") toc.push({ id, text: inner.replace(/<[^>]+>/g, "") });
    return `<h${level} id="${id}">${inner}</h${level}>`;
  });
  // Glossary terms at their first use on the page.
  body = linkTerms(body, ctx.terms, new Set(), (t) => `glossary.html#${t.id}`);
  // The page's references.
  const refs = cites.keys.map((k) => ctx.sources.get(k)!);
  if (refs.length) {
    body += `\n<section class="references" id="references"><h2>References</h2><ol>${
      refs.map((s) => `<li id="ref-${s.key}">${referenceHtml(s)}</li>`).join("\n")
    }</ol></section>`;
    toc.push({ id: "references", text: "References" });
  }
  if (cites.unknown.length) {
    throw new Error(`${name}: cites unknown source(s) ${[...new Set(cites.unknown)].join(", ")}`);
  }
  const finding = findingOf(nb);
  return {
    info: {
      name,
      title,
      question,
      finding,
      headlines,
      tables,
      charts,
      citations: cites.keys,
    },
    body,
    toc,
  };
}

/** One bibliography entry as HTML. */
export function referenceHtml(s: Source): string {
  return `${escapeHtml(s.authors)} (${s.year}). <a href="${escapeHtml(s.url)}">${
    escapeHtml(s.title)
  }</a>. <em>${escapeHtml(s.venue)}</em>${
    s.locator ? `; ${escapeHtml(s.locator)}` : ""
  }. <span class="grade" title="evidence grade">${
    escapeHtml(s.grade)
  }</span> <a class="entry" href="references.html#${s.key}">[${
    escapeHtml(sourceLabel(s))
  } in the bibliography]</a>`;
}

/** The frame every page shares: head, site bar, article, footer and scripts. */
export function pageShell(options: {
  title: string;
  body: string;
  nav?: string;
  scripts?: boolean;
  description?: string;
}): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
${
    options.description
      ? `<meta name="description" content="${escapeHtml(options.description)}">`
      : ""
  }
<link rel="stylesheet" href="assets/site.css">
</head>
<body>
<header class="site"><a class="home" href="index.html">pfof-lab</a>
<span class="links"><a href="findings.html">What we found</a> · <a href="whatif.html">What if…</a> · <a href="glossary.html">Glossary</a> · <a href="references.html">Sources</a></span></header>
${options.nav ?? ""}
<main>
${options.body}
</main>
${options.nav ?? ""}
<footer class="site">pfof-lab: a payment-for-order-flow simulator. Every number on these pages is computed by the notebooks in this build.</footer>
${
    options.scripts
      ? `<script src="assets/vega.js"></script>\n<script src="assets/charts.js"></script>`
      : ""
  }
</body></html>
`;
}

/** The full page of a notebook. */
export function notebookPage(
  info: PageInfo,
  body: string,
  toc: { id: string; text: string }[],
  prev: PageInfo | undefined,
  next: PageInfo | undefined,
  position: { index: number; count: number },
): string {
  const nav = `<nav class="prevnext">${
    prev
      ? `<a rel="prev" href="${prev.name}.html">← ${escapeHtml(prev.title)}</a>`
      : "<span></span>"
  }<a href="index.html">Contents</a>${
    next
      ? `<a rel="next" href="${next.name}.html">${escapeHtml(next.title)} →</a>`
      : "<span></span>"
  }</nav>`;
  const contents = `<nav class="toc" aria-label="On this page"><strong>On this page</strong><ul>${
    toc.map((t) => `<li><a href="#${t.id}">${t.text}</a></li>`).join("")
  }<li><a href="#downloads">Downloads</a></li></ul></nav>`;
  const downloads = `<section class="downloads" id="downloads"><h2>Downloads</h2><ul>
<li><a href="notebooks/${info.name}.ipynb" download>The notebook (.ipynb)</a>: open it in Jupyter with the Deno kernel (<code>deno task lab</code>), change the parameters cell and run all cells.</li>
<li><a href="executed/${info.name}.ipynb" download>The notebook with this build's outputs (.ipynb)</a></li>
${
    info.tables.map((f, i) => `<li><a href="data/${f}" download>Table ${i + 1} (CSV)</a></li>`)
      .join("\n")
  }
</ul></section>`;
  const part = partOf(info.name);
  const kicker = `<p class="kicker">${escapeHtml(part)} · notebook ${
    position.index + 1
  } of ${position.count}</p>`;
  // The title comes first, then the contents list, then the rest of the body.
  const withToc = body.replace(/(<h1[^>]*>[\s\S]*?<\/h1>)/, `${kicker}$1\n${contents}`);
  return pageShell({
    title: `${info.title} · pfof-lab`,
    description: plain(info.question),
    body: `<article>${withToc}\n${downloads}</article>`,
    nav,
    scripts: info.charts > 0,
  });
}
