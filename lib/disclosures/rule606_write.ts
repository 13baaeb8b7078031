/**
 * Writes a Rule 606(a)(1) report as XML that validates against the SEC's
 * schema `oh-20191231.xsd`: elements in schema order, percentages with two
 * decimals, dollars with two, cents per hundred shares with four (so a
 * genuine file's two-decimal Cph values come out valid), and an empty
 * element where a value is not meaningful (`null`).
 *
 * @module
 */
import {
  RULE606_ELEMENTS,
  RULE606_ORDER_TYPES,
  type Rule606Report,
  type Rule606Venue,
} from "./rule606.ts";
import { escapeXml } from "./_xml.ts";
import { fixed, isRealDateTime, shown } from "./_text.ts";

function value(x: number | null, digits: number): string {
  return x === null ? "" : fixed(x, digits);
}

const collapse = (s: string) => s.replace(/\s+/g, " ").trim();
const ISO_TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z$/;

/**
 * The timestamp as the schema wants it: `yyyy-mm-ddThh:mm:ssZ`, UTC, "rounded
 * to the nearest second, half seconds rounded up" (the schema's words), so
 * that `new Date().toISOString()` (which has milliseconds) can be passed.
 * Throws a RangeError for anything else, or a date that does not exist.
 *
 * @example
 * ```ts
 * import { schemaTimestamp } from "./rule606_write.ts";
 * if (schemaTimestamp("2026-10-15T12:00:59.500Z") !== "2026-10-15T12:01:00Z") throw new Error();
 * if (schemaTimestamp("2026-10-15T12:00:59.499Z") !== "2026-10-15T12:00:59Z") throw new Error();
 * ```
 */
export function schemaTimestamp(timestamp: string): string {
  const m = ISO_TIME.exec(timestamp);
  if (!m || !isRealDateTime(timestamp)) {
    throw new RangeError(
      `timestamp: expected yyyy-mm-ddThh:mm:ssZ (UTC, a real date), got ${shown(timestamp)}`,
    );
  }
  if (!m[2]) return timestamp;
  const ms = Date.parse(`${m[1]}Z`) + Math.round(Number(`0${m[2]}`) * 1000);
  return new Date(Math.round(ms / 1000) * 1000).toISOString().replace(/\.\d+Z$/, "Z");
}

/**
 * Every breach of the schema the report would write, as `field: message`
 * (empty when it can be written): names 1-80 characters, year, quarter, one
 * to three distinct months of the quarter, percentages 0-100, finite
 * numbers, MIC and MPID formats, a venue named by name or MIC.
 */
function problemsOf(report: Rule606Report): string[] {
  const out: string[] = [];
  const bd = collapse(report.bd);
  if (bd.length < 1 || bd.length > 80) {
    out.push(`bd: expected a broker-dealer name of 1-80 characters, got ${bd.length}`);
  }
  if (!Number.isInteger(report.year) || report.year < 2000 || report.year > 2099) {
    out.push(`year: expected 2000-2099, got ${report.year}`);
  }
  if (!Number.isInteger(report.quarter) || report.quarter < 1 || report.quarter > 4) {
    out.push(`qtr: expected 1-4, got ${report.quarter}`);
  }
  if (report.timestamp !== null) {
    try {
      schemaTimestamp(report.timestamp);
    } catch (e) {
      out.push((e as Error).message);
    }
  }
  if (report.months.length < 1 || report.months.length > 3) {
    out.push(`rMonthly: expected one to three months, got ${report.months.length}`);
  }
  const seen = new Set<number>();
  for (const m of report.months) {
    const at = `month ${m.year}-${m.month}`;
    if (
      m.year !== report.year || !(m.month >= 1 && m.month <= 12) ||
      Math.ceil(m.month / 3) !== report.quarter || !Number.isInteger(m.month)
    ) {
      out.push(`${at}: not a month of ${report.year} Q${report.quarter}`);
    }
    if (seen.has(m.month)) out.push(`${at}: repeated`);
    seen.add(m.month);
    const pct = (where: string, x: number | null) => {
      if (x !== null && !(x >= 0 && x <= 100)) {
        out.push(`${where}: expected a percentage 0-100, got ${x}`);
      }
    };
    const finite = (where: string, x: number | null) => {
      if (x !== null && !Number.isFinite(x)) {
        out.push(`${where}: expected a finite number, got ${x}`);
      }
    };
    for (const s of m.sections) {
      pct(`${at} ${s.section} ndoPct`, s.ndoPct);
      for (const t of RULE606_ORDER_TYPES) pct(`${at} ${s.section} ndoPct ${t}`, s.ndoTypePct[t]);
      for (const v of s.venues) {
        const where = `${at} ${s.section} venue ${shown(v.venue)}`;
        const name = v.name === null ? null : collapse(v.name);
        if (name !== null && (name.length < 1 || name.length > 80)) {
          out.push(`${where}: name: expected 1-80 characters, got ${name.length}`);
        }
        if (!name && !v.mic) out.push(`${where}: neither a name nor a MIC`);
        if (v.mic !== null && !/^[A-Z0-9]{4}$/.test(v.mic)) {
          out.push(`${where}: mic: expected four capitals or digits, got ${shown(v.mic)}`);
        }
        if (v.mpid !== null && !/^[A-Z0-9]{4,5}$/.test(v.mpid)) {
          out.push(
            `${where}: mpid: expected four or five capitals or digits, got ${shown(v.mpid)}`,
          );
        }
        pct(`${where} orderPct`, v.orderPct);
        for (const t of RULE606_ORDER_TYPES) {
          pct(`${where} ${t} %`, v.typePct[t]);
          finite(`${where} ${t} $`, v.netUsd[t]);
          finite(`${where} ${t} Cph`, v.netCph[t]);
        }
      }
    }
  }
  return out;
}

/**
 * The report as 606(a)(1) XML. The report is checked first: anything the
 * schema would reject (a name longer than 80 characters or empty, a month
 * outside the quarter, a percentage above 100, a number that is not finite,
 * an impossible timestamp...) throws a RangeError listing every problem; a
 * timestamp with fractions of a second is rounded to the second, as the
 * schema asks.
 *
 * @example
 * ```ts
 * import { readRule606 } from "./rule606.ts";
 * import { writeRule606Xml } from "./rule606_write.ts";
 * const report = {
 *   source: "-", version: "1.3", bd: "Demo Broker", year: 2026, quarter: 3, timestamp: null,
 *   rows: { read: 1, used: 1, rejected: 0 }, rejected: [], breaches: [],
 *   months: [{ line: 0, year: 2026, month: 7, sections: [{ line: 0, year: 2026, month: 7,
 *     section: "sp500" as const, ndoPct: 100, venues: [],
 *     ndoTypePct: { market: 60, marketableLimit: 25, nonMarketableLimit: 15, other: 0 } }] }],
 * };
 * const back = readRule606(writeRule606Xml(report), { strict: true });
 * if (back.months[0].sections[0].ndoTypePct.market !== 60) throw new Error();
 * ```
 */
export function writeRule606Xml(report: Rule606Report): string {
  const problems = problemsOf(report);
  if (problems.length > 0) {
    throw new RangeError(
      `the report breaks the 606 schema: ${problems.slice(0, 10).join("; ")}` +
        (problems.length > 10 ? `; and ${problems.length - 10} more` : ""),
    );
  }
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<${RULE606_ELEMENTS.root} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
    'xsi:noNamespaceSchemaLocation="oh-20191231.xsd">',
  ];
  const el = (depth: number, name: string, text: string) =>
    out.push(`${"  ".repeat(depth)}<${name}>${escapeXml(text)}</${name}>`);
  const open = (depth: number, name: string) => out.push(`${"  ".repeat(depth)}<${name}>`);
  const close = (depth: number, name: string) => out.push(`${"  ".repeat(depth)}</${name}>`);
  el(1, "version", report.version === "1.2" ? "1.2" : "1.3");
  el(1, "bd", collapse(report.bd));
  el(1, "year", String(report.year));
  el(1, "qtr", String(report.quarter));
  if (report.timestamp) el(1, "timestamp", schemaTimestamp(report.timestamp));
  const venue = (v: Rule606Venue) => {
    open(4, "rVenue");
    if (v.name) el(5, "name", collapse(v.name));
    if (v.mic) el(5, "mic", v.mic);
    if (v.mpid) el(5, "mpid", v.mpid);
    el(5, "orderPct", value(v.orderPct, 2));
    for (const t of RULE606_ORDER_TYPES) {
      el(5, RULE606_ELEMENTS.venueTypePct[t], value(v.typePct[t], 2));
    }
    for (const t of RULE606_ORDER_TYPES) {
      const stem = RULE606_ELEMENTS.payment[t];
      el(5, `${stem}Usd`, value(v.netUsd[t], 2));
      el(5, `${stem}Cph`, value(v.netCph[t], 4));
    }
    el(5, "materialAspects", v.materialAspects);
    close(4, "rVenue");
  };
  for (const m of report.months) {
    open(1, "rMonthly");
    el(2, "year", String(m.year));
    el(2, "mon", String(m.month));
    for (const s of m.sections) {
      const name = RULE606_ELEMENTS.sections[s.section];
      open(2, name);
      el(3, "ndoPct", value(s.ndoPct, 2));
      for (const t of RULE606_ORDER_TYPES) {
        el(3, RULE606_ELEMENTS.ndoTypePct[t], value(s.ndoTypePct[t], 2));
      }
      open(3, "rVenues");
      s.venues.forEach(venue);
      close(3, "rVenues");
      close(2, name);
    }
    close(1, "rMonthly");
  }
  out.push(`</${RULE606_ELEMENTS.root}>`);
  return out.join("\n") + "\n";
}
