/**
 * The site's reference data: the bibliography (`data/sources.json`), the
 * glossary (`data/glossary.json`) and the parts the notebooks are grouped in.
 *
 * @module
 */

/** One entry of the bibliography. */
export interface Source {
  /** The key notebooks cite it by: `[@key]`. */
  key: string;
  /** Authors or issuing body. */
  authors: string;
  /**
   * An issuing body rather than people: the label keeps its name whole up to
   * the first comma ("U.S. Securities and Exchange Commission 2024", not
   * "Securities and Commission 2024").
   */
  institution?: boolean;
  title: string;
  /** Journal, publisher, or the document series. */
  venue: string;
  year: number;
  /** The table, page or section the lab uses, when one. */
  locator?: string;
  url: string;
  /** The evidence grade (V1 strongest, as in data/calibration/evidence.json). */
  grade: string;
  /** What the lab takes from it. */
  note?: string;
}

/** One glossary term. */
export interface Term {
  /** Anchor on the glossary page. */
  id: string;
  /** The term as the glossary heads it. */
  term: string;
  /** Other spellings that link to it (matched as whole words). */
  aliases?: string[];
  /** Match case exactly (acronyms). */
  caseSensitive?: boolean;
  /** The definition, in Markdown (may cite sources by key). */
  definition: string;
}

/** A part of the study: a heading on the contents page and its notebooks. */
export interface Part {
  title: string;
  blurb: string;
  notebooks: string[];
}

const root = new URL("../..", import.meta.url).pathname;

export async function loadSources(): Promise<Source[]> {
  const json = JSON.parse(await Deno.readTextFile(`${root}data/sources.json`));
  const sources = json.sources as Source[];
  const keys = new Set<string>();
  for (const s of sources) {
    if (keys.has(s.key)) throw new Error(`data/sources.json: duplicate key ${s.key}`);
    keys.add(s.key);
    for (const f of ["authors", "title", "venue", "year", "url", "grade"] as const) {
      if (!s[f]) throw new Error(`data/sources.json: ${s.key} has no ${f}`);
    }
  }
  return sources;
}

export async function loadGlossary(): Promise<Term[]> {
  const json = JSON.parse(await Deno.readTextFile(`${root}data/glossary.json`));
  return json.terms as Term[];
}

/** The parts of the study, in reading order (every notebook in exactly one). */
export const PARTS: Part[] = [
  {
    title: "The basics",
    blurb: "What payment for order flow is, where one order goes, and who earns what.",
    notebooks: ["01-start-here", "02-one-order-journey", "04-economics-of-each-party"],
  },
  {
    title: "Conflicts of interest",
    blurb:
      "What routing for payment costs customers, and where the broker's interest parts from theirs.",
    notebooks: [
      "03-best-execution-vs-payment",
      "05-conflicts-of-interest",
      "06-limit-order-edge-case",
      "08-failure-case-study",
    ],
  },
  {
    title: "What regulators measure",
    blurb: "Rule 605's execution-quality statistics, and what concentration does to the market.",
    notebooks: ["07-rule-605-report", "10-systemic-effects"],
  },
  {
    title: "The alternatives and the policy futures",
    blurb: "Commissions, subscriptions, auctions, caps and a ban: who pays what under each.",
    notebooks: [
      "09-alternatives-to-pfof",
      "11-challenge-round",
      "12-policy-futures",
      "13-who-pays-what",
    ],
  },
  {
    title: "Real data",
    blurb:
      "Genuine Rule 606 and 605 reports, a real day of quotes, a year of US retail flow, and brokers compared from their own reports.",
    notebooks: [
      "14-reading-real-disclosures",
      "15-a-real-day-of-quotes",
      "18-a-year-of-us-retail-flow",
      "19-comparing-brokers-from-their-reports",
    ],
  },
  {
    title: "How far to trust the model",
    blurb:
      "The calibrated model beside published findings, and how its outputs move with its inputs.",
    notebooks: ["16-validation", "17-sensitivity"],
  },
];

/** The part a notebook belongs to (a last "More" part for notebooks no part names). */
export function partOf(name: string): string {
  return PARTS.find((p) => p.notebooks.includes(name))?.title ?? "More";
}
