/**
 * Rule 606(a)(1) order-routing reports (the SEC's XML schema
 * `oh-20191231.xsd`, root `heldOrderRoutingPublicReport`): a broker's
 * quarterly public report of where it routed its customers' non-directed
 * orders, month by month, in three sections (S&P 500 stocks, other stocks,
 * options), and the net payment it received from (or paid to) each venue per
 * order type, in dollars and in cents per hundred shares (Cph).
 *
 * Reading is lenient by default, because genuine files break the schema:
 * Goldman Sachs 2020Q1 writes Cph with two decimals (the schema wants at
 * least four), months come as "1" or "01" (both valid integers), venues are
 * given by name, by MIC or both, and an empty value means "not meaningful"
 * (read as `null`, never as zero). Every rule of the schema that applies to
 * 606(a)(1) is checked all the same; a breach the reader can live with is
 * listed in `breaches` with its line, and strict mode (`strict: true`) turns
 * any breach or rejected row into a {@linkcode DisclosureError} listing each.
 *
 * A "row" is one venue of one section of one month (`rVenue`). A venue whose
 * numbers cannot be read (text where a number belongs, a negative
 * percentage) or that names no venue is rejected with its reasons, and
 * reading goes on: `rows.read === rows.used + rows.rejected`.
 *
 * @module
 */
import {
  DEFAULT_MAX_BYTES,
  DisclosureError,
  type Issue,
  readDisclosureBytes,
  type ReadOptions,
  type RowCounts,
} from "./errors.ts";
import { declaredEncoding, decodeXml, parseXml, type XmlElement } from "./_xml.ts";
import { finiteOrReason, isRealDateTime, shown } from "./_text.ts";

/** The report's sections, in schema order. */
export const RULE606_SECTIONS = ["sp500", "otherStocks", "options"] as const;
/** A section of a 606 report. */
export type Rule606Section = typeof RULE606_SECTIONS[number];
/** The XML element of each section. */
export const RULE606_SECTION_ELEMENTS: Record<Rule606Section, string> = {
  sp500: "rSP500",
  otherStocks: "rOtherStocks",
  options: "rOptions",
};
/** Labels of the sections, for tables. */
export const RULE606_SECTION_LABELS: Record<Rule606Section, string> = {
  sp500: "S&P 500 stocks",
  otherStocks: "Other stocks",
  options: "Options",
};

/** The order types of a 606 report, in schema order. */
export const RULE606_ORDER_TYPES = [
  "market",
  "marketableLimit",
  "nonMarketableLimit",
  "other",
] as const;
/** An order type of a 606 report. */
export type Rule606OrderType = typeof RULE606_ORDER_TYPES[number];

/** A value per order type; `null` where the report says "not meaningful" (empty). */
export type PerOrderType = Record<Rule606OrderType, number | null>;

/** One venue of one section of one month. */
export interface Rule606Venue {
  /** Line of the `rVenue` element. */
  line: number;
  /** Year of the month. */
  year: number;
  /** Month, 1-12. */
  month: number;
  /** Section. */
  section: Rule606Section;
  /** Venue name, or null when the report gives only a MIC. */
  name: string | null;
  /** ISO 10383 market identifier code, or null. */
  mic: string | null;
  /** Market participant identifier, or null. */
  mpid: string | null;
  /** Name (or MIC when there is no name): how the report identifies the venue. */
  venue: string;
  /** % of the section's non-directed orders routed to this venue. */
  orderPct: number | null;
  /** % of the section's non-directed orders of each type routed to this venue. */
  typePct: PerOrderType;
  /** Net payment received (positive) or paid (negative) by the broker, $. */
  netUsd: PerOrderType;
  /** The same in cents per hundred shares. */
  netCph: PerOrderType;
  /** The report's discussion of the material aspects of the relationship. */
  materialAspects: string;
}

/** One section of one month. */
export interface Rule606SectionReport {
  /** Line of the section element. */
  line: number;
  /** Year. */
  year: number;
  /** Month, 1-12. */
  month: number;
  /** Section. */
  section: Rule606Section;
  /** % of the section's orders that were non-directed. */
  ndoPct: number | null;
  /** % of the non-directed orders that were of each type. */
  ndoTypePct: PerOrderType;
  /** The venues (rejected ones left out). */
  venues: Rule606Venue[];
}

/** One month of the report. */
export interface Rule606Month {
  /** Line of the `rMonthly` element. */
  line: number;
  /** Year. */
  year: number;
  /** Month, 1-12. */
  month: number;
  /** The sections present, in schema order. */
  sections: Rule606SectionReport[];
}

/** A Rule 606(a)(1) report as read. */
export interface Rule606Report {
  /** Where it was read from. */
  source: string;
  /** Schema version ("1.2" or "1.3"). */
  version: string;
  /** Broker-dealer name. */
  bd: string;
  /** Year of the quarter. */
  year: number;
  /** Quarter, 1-4. */
  quarter: number;
  /** When the report was generated (`yyyy-mm-ddThh:mm:ssZ`), or null. */
  timestamp: string | null;
  /** The months. */
  months: Rule606Month[];
  /** Venue rows read, used and rejected. */
  rows: RowCounts;
  /** Why rows were rejected (one issue or more per rejected row). */
  rejected: Issue[];
  /** Breaches of the schema tolerated by lenient reading (strict mode throws on any). */
  breaches: Issue[];
}

const ROOT = "heldOrderRoutingPublicReport";
const OTHER_ROOTS: Record<string, string> = {
  heldExemptNotHeldOrderRoutingCustomerReport: "a Rule 606(b)(1) customer report",
  notHeldOrderHandlingCustomerReport: "a Rule 606(b)(3) customer report",
};
const NDO_TYPE_ELEMENTS: Record<Rule606OrderType, string> = {
  market: "ndoMarketPct",
  marketableLimit: "ndoMarketableLimitPct",
  nonMarketableLimit: "ndoNonmarketableLimitPct",
  other: "ndoOtherPct",
};
const VENUE_PCT_ELEMENTS: Record<Rule606OrderType, string> = {
  market: "marketPct",
  marketableLimit: "marketableLimitPct",
  nonMarketableLimit: "nonMarketableLimitPct",
  other: "otherPct",
};
const PAYMENT_STEMS: Record<Rule606OrderType, string> = {
  market: "netPmtPaidRecvMarketOrders",
  marketableLimit: "netPmtPaidRecvMarketableLimitOrders",
  nonMarketableLimit: "netPmtPaidRecvNonMarketableLimitOrders",
  other: "netPmtPaidRecvOtherOrders",
};

/** Element names of the XML, for the writer: section, ndo and venue fields. */
export const RULE606_ELEMENTS = {
  root: ROOT,
  sections: RULE606_SECTION_ELEMENTS,
  ndoTypePct: NDO_TYPE_ELEMENTS,
  venueTypePct: VENUE_PCT_ELEMENTS,
  payment: PAYMENT_STEMS,
} as const;

type Seq = [name: string, min: number, max: number][];
const ROOT_SEQ: Seq = [["version", 1, 1], ["bd", 1, 1], ["year", 1, 1], ["qtr", 1, 1], [
  "timestamp",
  0,
  1,
], ["rMonthly", 1, 3]];
const MONTH_SEQ: Seq = [["year", 1, 1], ["mon", 1, 1], ["rSP500", 0, 1], ["rOtherStocks", 0, 1], [
  "rOptions",
  0,
  1,
]];
const SECTION_SEQ: Seq = [
  ...Object.values(NDO_TYPE_ELEMENTS).map((n) => [n, 1, 1] as [string, number, number]),
  ["rVenues", 1, 1],
];
SECTION_SEQ.unshift(["ndoPct", 1, 1]);
const VENUE_SEQ: Seq = [
  ["name", 0, 1],
  ["mic", 0, 1],
  ["mpid", 0, 1],
  ["orderPct", 1, 1],
  ...Object.values(VENUE_PCT_ELEMENTS).map((n) => [n, 1, 1] as [string, number, number]),
  ...Object.values(PAYMENT_STEMS).flatMap((s) =>
    [[`${s}Usd`, 1, 1], [`${s}Cph`, 1, 1]] as [string, number, number][]
  ),
  ["materialAspects", 1, 1],
];

const PCT = /^[0-9]*\.[0-9]{2,}$/;
const CPH = /^-?[0-9]*\.[0-9]{4}[0-9]*$/;
const INTEGER = /^[+-]?\d+$/;
const MIC = /^[A-Z0-9]{4}$/;
const MPID = /^[A-Z0-9]{4,5}$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

const collapse = (s: string) => s.replace(/\s+/g, " ").trim();

/** Reading state: the source, and the issues found so far. */
class Reader {
  readonly breaches: Issue[] = [];
  constructor(readonly source: string) {}
  breach(line: number, field: string, message: string): void {
    this.breaches.push({ source: this.source, line, field, message });
  }
  issue(line: number, field: string | null, message: string): Issue {
    return { source: this.source, line, field, message };
  }
  /** Checks children against a sequence of (name, min, max); reports breaches. */
  sequence(parent: XmlElement, seq: Seq): void {
    let i = 0;
    const kids = parent.children;
    for (const [name, min, max] of seq) {
      let n = 0;
      while (i < kids.length && kids[i].name === name && n < max) {
        i++;
        n++;
      }
      if (n < min) {
        const present = kids.find((k) => k.name === name);
        this.breach(
          present?.line ?? parent.line,
          name,
          present
            ? `<${name}> is out of order in <${parent.name}>`
            : `<${parent.name}> has no <${name}>`,
        );
      }
    }
    for (; i < kids.length; i++) {
      this.breach(kids[i].line, kids[i].name, `unexpected element in <${parent.name}>`);
    }
  }
}

/** Elements of complex type: no text of their own, only child elements. */
const COMPLEX = new Set([
  ROOT,
  "rMonthly",
  ...Object.values(RULE606_SECTION_ELEMENTS),
  "rVenues",
  "rVenue",
]);
/** Attributes the root may carry (namespace declarations with a prefix are always allowed). */
const ROOT_ATTRIBUTES = new Set(["xsi:noNamespaceSchemaLocation", "xsi:schemaLocation"]);

/**
 * The schema's rules that concern the shape of the XML rather than its
 * values: no attributes on elements (the root may point to its schema), no
 * default namespace (the schema has none), no text between elements.
 */
function checkShape(r: Reader, el: XmlElement, isRoot: boolean): void {
  for (const name of Object.keys(el.attributes)) {
    if (name === "xmlns") {
      r.breach(
        el.line,
        el.name,
        `default namespace ${shown(el.attributes[name])}: the schema's elements have no namespace`,
      );
    } else if (name.startsWith("xmlns:")) continue;
    else if (!(isRoot && ROOT_ATTRIBUTES.has(name))) {
      r.breach(el.line, el.name, `unexpected attribute ${shown(name)} on <${el.name}>`);
    }
  }
  if (COMPLEX.has(el.name) && el.text.trim() !== "") {
    r.breach(
      el.line,
      el.name,
      `text ${shown(el.text.trim())} between the elements of <${el.name}>`,
    );
  }
  for (const c of el.children) checkShape(r, c, false);
}

function child(parent: XmlElement, name: string): XmlElement | undefined {
  return parent.children.find((c) => c.name === name);
}

/** Reads a required integer in [min, max]; throws (fatal) when it is not an integer. */
function headerInteger(
  r: Reader,
  parent: XmlElement,
  name: string,
  min: number,
  max: number,
): number {
  const el = child(parent, name);
  if (!el) {
    throw new DisclosureError([r.issue(parent.line, name, `<${parent.name}> has no <${name}>`)]);
  }
  const s = el.text.trim();
  if (!INTEGER.test(s)) {
    throw new DisclosureError([r.issue(el.line, name, `expected a whole number, got ${shown(s)}`)]);
  }
  const n = Number(s);
  if (n < min || n > max) r.breach(el.line, name, `expected ${min}-${max}, got ${s}`);
  return n;
}

/**
 * A percentage (PctOrNmType: 0.00-100.00 with at least two decimals, or
 * empty). Returns the value or null; pushes a row problem for text or a
 * negative value, a breach for other departures from the schema.
 */
function percentage(
  r: Reader,
  el: XmlElement | undefined,
  name: string,
  problems: Issue[],
): number | null {
  if (!el) return null; // reported by the sequence check
  const s = el.text.trim();
  const { value: x, problem } = finiteOrReason(s, "a percentage");
  if (x === null) return null;
  if (problem) {
    problems.push(r.issue(el.line, name, problem));
    return null;
  }
  if (x < 0) {
    problems.push(r.issue(el.line, name, `negative percentage ${s}`));
    return null;
  }
  if (!PCT.test(s)) r.breach(el.line, name, `expected at least two decimals, got ${s}`);
  if (x > 100) r.breach(el.line, name, `percentage above 100: ${s}`);
  return x;
}

/** A payment in $ (UsdType) or Cph (CphType, at least four decimals); null when empty. */
function payment(
  r: Reader,
  el: XmlElement | undefined,
  name: string,
  cph: boolean,
  problems: Issue[],
): number | null {
  if (!el) return null;
  const s = el.text.trim();
  const { value, problem } = finiteOrReason(s, "an amount");
  if (value === null) return null;
  if (problem) {
    problems.push(r.issue(el.line, name, problem));
    return null;
  }
  if (cph && !CPH.test(s)) {
    r.breach(el.line, name, `expected at least four decimals (cents per hundred shares), got ${s}`);
  }
  return value;
}

function readVenue(
  r: Reader,
  el: XmlElement,
  year: number,
  month: number,
  section: Rule606Section,
): { venue?: Rule606Venue; problems: Issue[] } {
  const problems: Issue[] = [];
  r.sequence(el, VENUE_SEQ);
  const nameEl = child(el, "name");
  const micEl = child(el, "mic");
  const mpidEl = child(el, "mpid");
  const name = nameEl ? collapse(nameEl.text) : null;
  const mic = micEl ? micEl.text.trim() : null;
  const mpid = mpidEl ? mpidEl.text.trim() : null;
  if (nameEl && (name === "" || name!.length > 80)) {
    r.breach(nameEl.line, "name", `expected 1-80 characters, got ${name!.length}`);
  }
  if (micEl && mic !== "" && !MIC.test(mic!)) {
    r.breach(micEl.line, "mic", `expected four capitals or digits, got ${shown(mic!)}`);
  }
  if (mpidEl && mpid !== "" && !MPID.test(mpid!)) {
    r.breach(mpidEl.line, "mpid", `expected four or five capitals or digits, got ${shown(mpid!)}`);
  }
  const id = name || mic || "";
  if (id === "") problems.push(r.issue(el.line, "name", "the venue has neither a name nor a MIC"));
  const orderPct = percentage(r, child(el, "orderPct"), "orderPct", problems);
  const typePct = {} as PerOrderType;
  const netUsd = {} as PerOrderType;
  const netCph = {} as PerOrderType;
  for (const t of RULE606_ORDER_TYPES) {
    const p = VENUE_PCT_ELEMENTS[t];
    typePct[t] = percentage(r, child(el, p), p, problems);
    const usd = `${PAYMENT_STEMS[t]}Usd`;
    const cph = `${PAYMENT_STEMS[t]}Cph`;
    netUsd[t] = payment(r, child(el, usd), usd, false, problems);
    netCph[t] = payment(r, child(el, cph), cph, true, problems);
  }
  if (problems.length > 0) return { problems };
  return {
    problems,
    venue: {
      line: el.line,
      year,
      month,
      section,
      name: name || null,
      mic: mic || null,
      mpid: mpid || null,
      venue: id,
      orderPct,
      typePct,
      netUsd,
      netCph,
      materialAspects: (child(el, "materialAspects")?.text ?? "").trim(),
    },
  };
}

/**
 * Reads a Rule 606(a)(1) XML report from text. Lenient by default; with
 * `strict: true` any breach of the schema or rejected venue throws a
 * {@linkcode DisclosureError} listing each. A document that is not XML, is
 * truncated or has another root element always throws, naming the line.
 *
 * @example
 * ```ts
 * import { readRule606 } from "./rule606.ts";
 * const xml = `<heldOrderRoutingPublicReport><version>1.3</version><bd>Demo</bd>
 * <year>2022</year><qtr>1</qtr><rMonthly><year>2022</year><mon>01</mon><rSP500>
 * <ndoPct>100.00</ndoPct><ndoMarketPct>60.00</ndoMarketPct><ndoMarketableLimitPct>20.00</ndoMarketableLimitPct>
 * <ndoNonmarketableLimitPct>20.00</ndoNonmarketableLimitPct><ndoOtherPct>0.00</ndoOtherPct><rVenues><rVenue>
 * <name>Wholesaler</name><orderPct>100.00</orderPct><marketPct>100.00</marketPct>
 * <marketableLimitPct>100.00</marketableLimitPct><nonMarketableLimitPct>100.00</nonMarketableLimitPct>
 * <otherPct></otherPct><netPmtPaidRecvMarketOrdersUsd>120.50</netPmtPaidRecvMarketOrdersUsd>
 * <netPmtPaidRecvMarketOrdersCph>12.0500</netPmtPaidRecvMarketOrdersCph>
 * <netPmtPaidRecvMarketableLimitOrdersUsd>0</netPmtPaidRecvMarketableLimitOrdersUsd>
 * <netPmtPaidRecvMarketableLimitOrdersCph>0.0000</netPmtPaidRecvMarketableLimitOrdersCph>
 * <netPmtPaidRecvNonMarketableLimitOrdersUsd>0</netPmtPaidRecvNonMarketableLimitOrdersUsd>
 * <netPmtPaidRecvNonMarketableLimitOrdersCph>0.0000</netPmtPaidRecvNonMarketableLimitOrdersCph>
 * <netPmtPaidRecvOtherOrdersUsd></netPmtPaidRecvOtherOrdersUsd>
 * <netPmtPaidRecvOtherOrdersCph></netPmtPaidRecvOtherOrdersCph>
 * <materialAspects>None.</materialAspects></rVenue></rVenues></rSP500></rMonthly>
 * </heldOrderRoutingPublicReport>`;
 * const report = readRule606(xml, { source: "demo.xml", strict: true });
 * const v = report.months[0].sections[0].venues[0];
 * if (v.netUsd.market !== 120.5 || v.netCph.market !== 12.05) throw new Error();
 * if (v.typePct.other !== null) throw new Error("empty means not meaningful, not zero");
 * ```
 */
export function readRule606(text: string, options: ReadOptions = {}): Rule606Report {
  const source = options.source ?? "input";
  const root = parseXml(text, source, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const r = new Reader(source);
  if (root.name !== ROOT) {
    const what = OTHER_ROOTS[root.name] ? ` (this is ${OTHER_ROOTS[root.name]})` : "";
    throw new DisclosureError([
      r.issue(
        root.line,
        root.name,
        `root element is <${root.name}>, expected <${ROOT}> (a Rule 606(a)(1) report)${what}`,
      ),
    ]);
  }
  r.sequence(root, ROOT_SEQ);
  checkShape(r, root, true);
  const replaced = text.indexOf("\ufffd");
  if (replaced >= 0) {
    const encoding = declaredEncoding(text.slice(0, 200)) ?? "UTF-8";
    r.breach(
      text.slice(0, replaced).split("\n").length,
      "encoding",
      `replacement character U+FFFD: the bytes were not valid ${encoding} when decoded` +
        (/^utf-?8$/i.test(encoding) ? "" : " (read the file's bytes with readRule606File)"),
    );
  }
  const versionEl = child(root, "version");
  const version = versionEl?.text.trim() ?? "";
  if (versionEl && version !== "1.2" && version !== "1.3") {
    r.breach(versionEl.line, "version", `expected 1.2 or 1.3, got ${shown(version)}`);
  }
  const bdEl = child(root, "bd");
  const bd = collapse(bdEl?.text ?? "");
  if (bdEl && (bd.length < 1 || bd.length > 80)) {
    r.breach(bdEl.line, "bd", `expected 1-80 characters, got ${bd.length}`);
  }
  const year = headerInteger(r, root, "year", 2000, 2099);
  const quarter = headerInteger(r, root, "qtr", 1, 4);
  const tsEl = child(root, "timestamp");
  const timestamp = tsEl ? tsEl.text.trim() : null;
  if (tsEl && (!TIMESTAMP.test(timestamp!) || !isRealDateTime(timestamp!))) {
    r.breach(tsEl.line, "timestamp", `expected yyyy-mm-ddThh:mm:ssZ, got ${shown(timestamp!)}`);
  }

  const rows: RowCounts = { read: 0, used: 0, rejected: 0 };
  const rejected: Issue[] = [];
  const months: Rule606Month[] = [];
  const seenMonths = new Map<number, number>();
  for (const m of root.children.filter((c) => c.name === "rMonthly")) {
    r.sequence(m, MONTH_SEQ);
    const yEl = child(m, "year");
    const monEl = child(m, "mon");
    const ys = yEl?.text.trim() ?? "";
    const ms = monEl?.text.trim() ?? "";
    const monthProblems: Issue[] = [];
    if (!INTEGER.test(ys) || Number(ys) < 2000 || Number(ys) > 2099) {
      monthProblems.push(
        r.issue(yEl?.line ?? m.line, "year", `expected a year 2000-2099, got ${shown(ys)}`),
      );
    }
    if (!INTEGER.test(ms) || Number(ms) < 1 || Number(ms) > 12) {
      monthProblems.push(
        r.issue(monEl?.line ?? m.line, "mon", `expected a month 1-12, got ${shown(ms)}`),
      );
    }
    const my = Number(ys), mm = Number(ms);
    if (monthProblems.length === 0 && (my !== year || Math.ceil(mm / 3) !== quarter)) {
      r.breach(
        my !== year ? yEl!.line : monEl!.line,
        my !== year ? "year" : "mon",
        `month ${my}-${
          String(mm).padStart(2, "0")
        } is not in the report's quarter ${year} Q${quarter}`,
      );
    }
    if (monthProblems.length === 0) {
      if (seenMonths.has(mm)) {
        r.breach(monEl!.line, "mon", `month ${mm} repeats the month at line ${seenMonths.get(mm)}`);
      } else seenMonths.set(mm, monEl!.line);
    }
    const month: Rule606Month = { line: m.line, year: my, month: mm, sections: [] };
    for (const section of RULE606_SECTIONS) {
      const sEl = child(m, RULE606_SECTION_ELEMENTS[section]);
      if (!sEl) continue;
      r.sequence(sEl, SECTION_SEQ);
      const sectionProblems: Issue[] = [];
      const ndoPct = percentage(r, child(sEl, "ndoPct"), "ndoPct", sectionProblems);
      const ndoTypePct = {} as PerOrderType;
      for (const t of RULE606_ORDER_TYPES) {
        const name = NDO_TYPE_ELEMENTS[t];
        ndoTypePct[t] = percentage(r, child(sEl, name), name, sectionProblems);
      }
      // A section's own figures are not rows: an unreadable one is kept as not meaningful.
      for (const p of sectionProblems) {
        r.breach(p.line!, p.field!, `${p.message}; read as not meaningful`);
      }
      const report: Rule606SectionReport = {
        line: sEl.line,
        year: my,
        month: mm,
        section,
        ndoPct,
        ndoTypePct,
        venues: [],
      };
      const venuesEl = child(sEl, "rVenues");
      const venueEls = venuesEl?.children ?? [];
      const keys = new Map<string, number>();
      const mics = new Map<string, number>();
      for (const vEl of venueEls) {
        if (vEl.name !== "rVenue") {
          r.breach(vEl.line, vEl.name, "unexpected element in <rVenues>");
          continue;
        }
        rows.read++;
        const { venue, problems } = monthProblems.length > 0
          ? { venue: undefined, problems: monthProblems.map((p) => ({ ...p })) }
          : readVenue(r, vEl, my, mm, section);
        if (!venue) {
          rows.rejected++;
          rejected.push(...problems.map((p) => ({ ...p, line: p.line ?? vEl.line })));
          continue;
        }
        rows.used++;
        report.venues.push(venue);
        const micEl = child(vEl, "mic");
        if (!micEl) {
          // The schema's key on (name, mic) skips venues without a MIC; the
          // same venue twice in a section is counted twice all the same.
          const key = `${venue.name}\u0000`;
          if (keys.has(key)) {
            r.breach(vEl.line, "name", `venue ${shown(venue.venue)} repeats line ${keys.get(key)}`);
          } else keys.set(key, vEl.line);
        } else {
          const mic = micEl.text.trim();
          if (mics.has(mic)) {
            r.breach(
              micEl.line,
              "mic",
              `MIC ${shown(mic)} repeats the venue at line ${mics.get(mic)}`,
            );
          } else mics.set(mic, vEl.line);
          if (child(vEl, "name")) {
            const key = `${venue.name}\u0000${mic}`;
            if (keys.has(key)) {
              r.breach(
                vEl.line,
                "name",
                `venue ${shown(venue.venue)} repeats line ${keys.get(key)}`,
              );
            } else keys.set(key, vEl.line);
          }
        }
      }
      month.sections.push(report);
    }
    months.push(month);
  }
  const result: Rule606Report = {
    source,
    version,
    bd,
    year,
    quarter,
    timestamp,
    months,
    rows,
    rejected,
    breaches: r.breaches,
  };
  if (options.strict && (rejected.length > 0 || r.breaches.length > 0)) {
    throw new DisclosureError(
      [...r.breaches, ...rejected].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
    );
  }
  return result;
}

/**
 * Reads a Rule 606(a)(1) XML file (see {@linkcode readRule606}).
 *
 * @example
 * ```ts ignore
 * import { readRule606File } from "./rule606.ts";
 * const hood = await readRule606File("../shared/data/real/rule606/606-HOOD-2022Q1.xml");
 * console.log(hood.bd, hood.rows);
 * ```
 */
export async function readRule606File(
  path: string,
  options: Omit<ReadOptions, "source"> = {},
): Promise<Rule606Report> {
  const bytes = await readDisclosureBytes(path, options.maxBytes);
  return readRule606(decodeXml(bytes, path), { ...options, source: path });
}

/**
 * Every venue row of a report, month by month and section by section.
 *
 * @example
 * ```ts
 * import { rule606Venues, type Rule606Report } from "./rule606.ts";
 * const empty: Rule606Report = { source: "-", version: "1.3", bd: "B", year: 2022, quarter: 1,
 *   timestamp: null, months: [], rows: { read: 0, used: 0, rejected: 0 }, rejected: [], breaches: [] };
 * if (rule606Venues(empty).length !== 0) throw new Error();
 * ```
 */
export function rule606Venues(report: Rule606Report): Rule606Venue[] {
  return report.months.flatMap((m) => m.sections.flatMap((s) => s.venues));
}
