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
import { fixed } from "./_text.ts";

function value(x: number | null, digits: number): string {
  if (x === null) return "";
  if (!Number.isFinite(x)) throw new RangeError(`expected a finite number, got ${x}`);
  return fixed(x, digits);
}

/**
 * The report as 606(a)(1) XML.
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
  el(1, "bd", report.bd);
  el(1, "year", String(report.year));
  el(1, "qtr", String(report.quarter));
  if (report.timestamp) el(1, "timestamp", report.timestamp);
  const venue = (v: Rule606Venue) => {
    open(4, "rVenue");
    if (v.name) el(5, "name", v.name);
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
