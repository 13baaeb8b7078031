/**
 * The site's own pages: the contents page (notebooks grouped in parts), the
 * one-page "What we found" summary, the glossary and the bibliography.
 *
 * @module
 */
import { MARKET_HEADLINES, type MarketHeadlineId } from "../../lib/analysis/headlines.ts";
import { formatHeadline } from "../../lib/present/headline_display.ts";
import { PARTS, type Source, type Term } from "./data.ts";
import { type PageInfo, pageShell, referenceHtml } from "./page.ts";
import {
  Citations,
  escapeHtml,
  escapeText,
  linkTerms,
  plain,
  renderMarkdown,
  sourceLabel,
} from "./text.ts";

/** A headline value as a page shows it, and where. */
export interface HeadlineQuote {
  id: MarketHeadlineId;
  mean: number;
  low: number;
  high: number;
  page: string;
}

function findingHtml(markdown: string, sources: Map<string, Source>): string {
  // The finding in words (Markdown emphasis kept, citations dropped on the contents page).
  const html = renderMarkdown(markdown.replace(/\[@[^\]]*\]/g, ""), new Citations(sources));
  return html.replace(/^<p>|<\/p>\s*$/g, "");
}

function grouped(pages: PageInfo[]): { title: string; blurb: string; pages: PageInfo[] }[] {
  const parts = PARTS.map((p) => ({
    title: p.title,
    blurb: p.blurb,
    pages: p.notebooks.map((n) => pages.find((x) => x.name === n)).filter((x): x is PageInfo =>
      x !== undefined
    ),
  }));
  const named = new Set(PARTS.flatMap((p) => p.notebooks));
  const rest = pages.filter((p) => !named.has(p.name));
  if (rest.length) parts.push({ title: "More", blurb: "", pages: rest });
  return parts.filter((p) => p.pages.length > 0);
}

export function indexPage(pages: PageInfo[]): string {
  const parts = grouped(pages).map((part, k) => `
<section class="part" id="part-${k + 1}">
<h2>${k + 1}. ${escapeHtml(part.title)}</h2>
<p class="blurb">${escapeHtml(part.blurb)}</p>
<ol class="notebooks">${
    part.pages.map((e) => `
<li>
<a class="title" href="${e.name}.html">${escapeHtml(e.title)}</a>
<p class="question">${escapeHtml(e.question)}</p>
<p class="finding"><strong>Finding.</strong> ${escapeText(plain(e.finding))}</p>
</li>`).join("")
  }
</ol>
</section>`).join("\n");
  return pageShell({
    title: "pfof-lab: payment for order flow and retail execution quality",
    body: `<h1>Payment for order flow and retail execution quality</h1>
<p>A study in ${pages.length} notebooks. Each asks one question, builds the answer with the pfof-lab
simulator, and states what it found; the numbers are computed by the notebooks in this build, not
typed in. Start with <a href="findings.html">what we found</a> for the results on one page, or
<a href="whatif.html">the what-if explorer</a> to move the policy levers yourself.
The <a href="glossary.html">glossary</a> explains the terms and <a href="references.html">the
sources</a> lists every study and rule the notebooks cite.</p>
<nav class="toc" aria-label="Parts"><strong>Parts</strong><ul>${
      grouped(pages).map((p, k) => `<li><a href="#part-${k + 1}">${escapeHtml(p.title)}</a></li>`)
        .join("")
    }</ul></nav>
${parts}
<p><small>Built ${new Date().toISOString().slice(0, 10)} by <code>deno task report</code>. To
change a parameter and rerun a notebook, run <code>deno task lab</code>.</small></p>`,
  });
}

export function findingsPage(
  pages: PageInfo[],
  quotes: HeadlineQuote[],
  sources: Map<string, Source>,
): string {
  const rows = MARKET_HEADLINES.map((h) => {
    const q = quotes.find((x) => x.id === h.id);
    if (!q) return "";
    const shownOn = [...new Set(quotes.filter((x) => x.id === h.id).map((x) => x.page))]
      .map((name) => pages.find((p) => p.name === name))
      .filter((p): p is PageInfo => p !== undefined)
      .map((p) =>
        `<a href="${p.name}.html#headline-${h.id}" title="${escapeHtml(p.title)}">${
          escapeHtml(p.name.slice(0, 2))
        }</a>`
      ).join(", ");
    return `<tr><td>${
      escapeHtml(h.label)
    }</td><td class="num"><a href="${q.page}.html#headline-${h.id}">${
      escapeHtml(formatHeadline(h.id, q.mean))
    }</a></td><td class="num">${escapeHtml(formatHeadline(h.id, q.low))} to ${
      escapeHtml(formatHeadline(h.id, q.high))
    }</td><td>notebooks ${shownOn}</td></tr>`;
  }).join("\n");
  const parts = grouped(pages).map((part) => `
<h2>${escapeHtml(part.title)}</h2>
<ul class="found">${
    part.pages.map((p) => `
<li><p>${findingHtml(p.finding, sources)} <a href="${p.name}.html#finding">(${
      escapeHtml(p.title)
    })</a></p></li>`).join("")
  }</ul>`).join("\n");
  return pageShell({
    title: "What we found · pfof-lab",
    body: `<h1>What we found</h1>
<p>The study's results on one page. The market's headline numbers come from one standard run of the
calibrated US 2022 world (the status quo of the US retail brokers together); every page that quotes
one shows the same number. Each links to the page that computes it.</p>
<h2 id="headlines">The market's headlines</h2>
<div class="table-wrap"><table class="pfof-table"><thead><tr><th style="text-align:left">headline</th><th style="text-align:right">value</th><th style="text-align:right">95% interval</th><th style="text-align:left">shown on</th></tr></thead><tbody>
${rows}
</tbody></table></div>
${parts}`,
  });
}

export function glossaryPage(terms: Term[], sources: Map<string, Source>): string {
  const cites = new Citations(sources);
  const sorted = [...terms].sort((a, b) => a.term.localeCompare(b.term));
  const items = sorted.map((t) => {
    const seen = new Set<string>([t.id]);
    const definition = linkTerms(
      renderMarkdown(t.definition, cites),
      terms,
      seen,
      (x) => `#${x.id}`,
    );
    return `<dt id="${t.id}">${escapeHtml(t.term)}${
      t.aliases?.length ? ` <small>(${escapeHtml(t.aliases.join(", "))})</small>` : ""
    }</dt><dd>${definition}</dd>`;
  }).join("\n");
  const refs = cites.keys.map((k) => sources.get(k)!);
  return pageShell({
    title: "Glossary · pfof-lab",
    body: `<h1>Glossary</h1>
<p>The terms of market structure the notebooks use. Each page links a term here at its first use.</p>
<dl class="glossary">${items}</dl>
${
      refs.length
        ? `<section class="references" id="references"><h2>References</h2><ol>${
          refs.map((s) => `<li id="ref-${s.key}">${referenceHtml(s)}</li>`).join("\n")
        }</ol></section>`
        : ""
    }`,
  });
}

export function referencesPage(sourcesList: Source[], pages: PageInfo[]): string {
  const sorted = [...sourcesList].sort((a, b) =>
    a.authors.localeCompare(b.authors) || a.year - b.year
  );
  const items = sorted.map((s) => {
    const citedBy = pages.filter((p) => p.citations.includes(s.key));
    return `<li id="${s.key}"><strong>${escapeHtml(sourceLabel(s))}</strong>. ${
      escapeHtml(s.authors)
    } (${s.year}). <a href="${escapeHtml(s.url)}">${escapeHtml(s.title)}</a>. <em>${
      escapeHtml(s.venue)
    }</em>${
      s.locator ? `; ${escapeHtml(s.locator)}` : ""
    }. <span class="grade" title="evidence grade">${escapeHtml(s.grade)}</span>${
      s.note ? `<br><small>${escapeHtml(plain(s.note))}</small>` : ""
    }${
      citedBy.length
        ? `<br><small>Cited in: ${
          citedBy.map((p) => `<a href="${p.name}.html#ref-${s.key}">${escapeHtml(p.title)}</a>`)
            .join("; ")
        }</small>`
        : ""
    }</li>`;
  }).join("\n");
  return pageShell({
    title: "Sources · pfof-lab",
    body: `<h1>Sources</h1>
<p>Every study, rule, filing and data set the notebooks cite, with the table or page used and an
evidence grade: V1, a primary source (the rule's text, a regulator's order, a peer-reviewed table
or a genuine disclosure file); V2, a primary source read for a derived number; V3, a secondary
summary or a self-reported, conflicted figure.</p>
<ul class="bibliography">${items}</ul>`,
  });
}
