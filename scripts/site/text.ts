/**
 * Prose on the site: Markdown to HTML, citations (`[@key]`, `[@key, Table 4]`,
 * `[@a; @b]`) as links to the page's references, links between notebooks
 * rewritten to pages, and glossary terms linked at their first use on a page.
 *
 * @module
 */
import { Marked } from "marked";
import type { Source, Term } from "./data.ts";

/** Escapes text for an element's content (quotes kept as they are). */
export function escapeText(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Escapes text for an attribute value. */
export function escapeHtml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

const marked = new Marked({ gfm: true, breaks: false });

/**
 * Short label of a source: "Schwarz et al. 2025"; an institution's whole name
 * up to its first comma, "U.S. Securities and Exchange Commission 2001".
 */
export function sourceLabel(s: Source): string {
  if (s.institution) return `${s.authors.split(",")[0].trim()} ${s.year}`;
  const names = s.authors.split(/,\s*|\s+and\s+|\s*&\s*/).filter((x) => x.trim());
  const surname = (n: string) => n.trim().split(/\s+/).pop()!;
  const who = names.length === 1
    ? (s.authors.length > 40 ? s.authors.slice(0, 40) : s.authors)
    : names.length === 2
    ? `${surname(names[0])} and ${surname(names[1])}`
    : `${surname(names[0])} et al.`;
  // Institutions keep their name whole ("SEC", "FINRA").
  const label = /^[A-Z][A-Za-z.&'’ ]*$/.test(s.authors) && !s.authors.includes(",") &&
      names.length <= 1
    ? s.authors
    : who;
  return `${label} ${s.year}`;
}

/** What a page cites, in order of first citation. */
export class Citations {
  readonly keys: string[] = [];
  readonly unknown: string[] = [];
  constructor(readonly sources: Map<string, Source>) {}

  /** Replaces `[@key, locator; @key2]` in Markdown with links to the page's references. */
  link(markdown: string): string {
    return markdown.replace(
      /\[(@[A-Za-z0-9_-]+[^\]]*)\]/g,
      (whole, inner: string) => {
        const parts = inner.split(/\s*;\s*/);
        const out: string[] = [];
        for (const part of parts) {
          const m = part.match(/^@([A-Za-z0-9_-]+)(?:,\s*(.+))?$/);
          if (!m) return whole;
          const source = this.sources.get(m[1]);
          if (!source) {
            this.unknown.push(m[1]);
            return whole;
          }
          if (!this.keys.includes(m[1])) this.keys.push(m[1]);
          const locator = m[2] ? `, ${m[2]}` : "";
          out.push(
            `<a class="cite" href="#ref-${m[1]}" title="${escapeHtml(source.title)}">${
              escapeHtml(sourceLabel(source))
            }${escapeHtml(locator)}</a>`,
          );
        }
        return `(${out.join("; ")})`;
      },
    );
  }
}

/** Markdown to HTML, citations linked and notebook links pointing at pages. */
export function renderMarkdown(markdown: string, cites: Citations): string {
  const html = marked.parse(cites.link(markdown), { async: false }) as string;
  return html.replace(
    /href="(\d\d-[a-z0-9-]+)\.ipynb(#[^"]*)?"/g,
    (_, name, hash) => `href="${name}.html${hash ?? ""}"`,
  );
}

/** Anchor-friendly slug of a heading. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/<[^>]+>/g, "").replace(/&[a-z#0-9]+;/g, "")
    .replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "section";
}

const SKIP = new Set([
  "a",
  "code",
  "pre",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "script",
  "style",
  "table",
  "nav",
  "figure",
  "noscript",
]);

/**
 * Links the first use on a page of each glossary term, outside links, code,
 * headings and scripts. `seen` carries the terms already linked on the page.
 */
export function linkTerms(
  html: string,
  terms: Term[],
  seen: Set<string>,
  href: (t: Term) => string,
): string {
  const patterns = terms.flatMap((t) => [t.term, ...(t.aliases ?? [])].map((word) => ({ t, word })))
    .sort((a, b) => b.word.length - a.word.length);
  const parts = html.split(/(<[^>]+>)/);
  const stack: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.startsWith("<")) {
      const m = part.match(/^<(\/?)([a-zA-Z0-9]+)/);
      if (m && SKIP.has(m[2].toLowerCase())) {
        if (m[1]) stack.pop();
        else if (!part.endsWith("/>")) stack.push(m[2]);
      }
      continue;
    }
    if (stack.length > 0 || !part.trim()) continue;
    let text = part;
    for (const { t, word } of patterns) {
      if (seen.has(t.id)) continue;
      const re = new RegExp(
        `(^|[^A-Za-z0-9-])(${word.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")})(?![A-Za-z0-9])`,
        t.caseSensitive ? "" : "i",
      );
      const m = text.match(re);
      if (!m || m.index === undefined) continue;
      // Not inside a link made in this text segment already.
      const at = m.index + m[1].length;
      const before = text.slice(0, at);
      if ((before.match(/<a /g)?.length ?? 0) > (before.match(/<\/a>/g)?.length ?? 0)) continue;
      seen.add(t.id);
      text = before +
        `<a class="term" href="${href(t)}" title="${escapeHtml(plainDefinition(t))}">${m[2]}</a>` +
        text.slice(at + m[2].length);
    }
    parts[i] = text;
  }
  return parts.join("");
}

/** A term's definition as one plain sentence or two (for a link's title). */
export function plainDefinition(t: Term): string {
  const plain = t.definition.replace(/\[@[^\]]*\]/g, "").replace(/[*_`]/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/&#36;/g, "$").replace(/\s+/g, " ").trim();
  return plain.length > 220 ? plain.slice(0, 217) + "…" : plain;
}

/** Markdown reduced to plain text (for titles and the contents page). */
export function plain(markdown: string): string {
  return markdown.replace(/\[@[^\]]*\]/g, "").replace(
    /\*\*|__|`|(?<=\s|^)[*_]|[*_](?=[\s.,;:!?)]|$)/g,
    "",
  )
    .replace(/&#36;|\\\$/g, "$").replace(/\s+/g, " ").trim();
}
