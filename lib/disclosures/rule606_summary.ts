/**
 * What a Rule 606 report adds up to: net payment by any grouping of month,
 * section, order type and venue, in dollars and in cents per hundred shares,
 * and how concentrated the broker's routing is.
 *
 * Cents per hundred shares do not add up across venues; the shares behind
 * them do. Each venue's shares are implied by its two figures (shares =
 * 10,000 x dollars / Cph), so a group's Cph is its dollars over its implied
 * shares, a share-weighted mean. Entries whose Cph is empty or zero imply no
 * shares: their dollars count in the group's dollars, not in its Cph.
 *
 * @module
 */
import {
  RULE606_ORDER_TYPES,
  type Rule606OrderType,
  type Rule606Report,
  type Rule606Section,
  rule606Venues,
} from "./rule606.ts";

/** Dimensions a 606 summary can group by. */
export type Rule606Dimension = "month" | "section" | "orderType" | "venue";

/** One group's net payment. */
export interface Rule606Total {
  /** Month as `yyyy-mm`, when grouped by month. */
  month?: string;
  /** Section, when grouped by section. */
  section?: Rule606Section;
  /** Order type, when grouped by order type. */
  orderType?: Rule606OrderType;
  /** Venue (as the report names it), when grouped by venue. */
  venue?: string;
  /** Net payment received by the broker (negative: paid), $; null if no entry has a value. */
  usd: number | null;
  /** Net payment per hundred shares, cents (share-weighted); null if no shares are implied. */
  cph: number | null;
  /** Shares implied by the entries with both figures. */
  impliedShares: number;
}

/** Which entries to count. */
export interface Rule606Filter {
  /** Sections to include (default all). */
  sections?: readonly Rule606Section[];
  /** Order types to include (default all). */
  orderTypes?: readonly Rule606OrderType[];
}

/**
 * Net payment grouped by `by` (an empty list gives the report's total).
 *
 * @example
 * ```ts
 * import { readRule606 } from "./rule606.ts";
 * import { rule606Totals } from "./rule606_summary.ts";
 * const v = (name: string, usd: string, cph: string) => `<rVenue><name>${name}</name>
 *  <orderPct>50.00</orderPct><marketPct>50.00</marketPct><marketableLimitPct></marketableLimitPct>
 *  <nonMarketableLimitPct></nonMarketableLimitPct><otherPct></otherPct>
 *  <netPmtPaidRecvMarketOrdersUsd>${usd}</netPmtPaidRecvMarketOrdersUsd>
 *  <netPmtPaidRecvMarketOrdersCph>${cph}</netPmtPaidRecvMarketOrdersCph>
 *  <netPmtPaidRecvMarketableLimitOrdersUsd/><netPmtPaidRecvMarketableLimitOrdersCph/>
 *  <netPmtPaidRecvNonMarketableLimitOrdersUsd/><netPmtPaidRecvNonMarketableLimitOrdersCph/>
 *  <netPmtPaidRecvOtherOrdersUsd/><netPmtPaidRecvOtherOrdersCph/><materialAspects/></rVenue>`;
 * const xml = `<heldOrderRoutingPublicReport><version>1.3</version><bd>B</bd><year>2022</year>
 *  <qtr>1</qtr><rMonthly><year>2022</year><mon>1</mon><rSP500><ndoPct>100.00</ndoPct>
 *  <ndoMarketPct>100.00</ndoMarketPct><ndoMarketableLimitPct>0.00</ndoMarketableLimitPct>
 *  <ndoNonmarketableLimitPct>0.00</ndoNonmarketableLimitPct><ndoOtherPct>0.00</ndoOtherPct>
 *  <rVenues>${v("A", "100.00", "10.0000")}${v("B", "300.00", "20.0000")}</rVenues></rSP500>
 *  </rMonthly></heldOrderRoutingPublicReport>`;
 * const [total] = rule606Totals(readRule606(xml), []);
 * // A: 100,000 shares at 10 Cph; B: 150,000 shares at 20 Cph; together 400 $ on 250,000 shares.
 * if (total.usd !== 400 || total.impliedShares !== 250_000 || total.cph !== 16) throw new Error();
 * ```
 */
export function rule606Totals(
  report: Rule606Report,
  by: Rule606Dimension[],
  filter: Rule606Filter = {},
): Rule606Total[] {
  const groups = new Map<string, Rule606Total & { dollarsWithShares: number }>();
  const types = filter.orderTypes ?? RULE606_ORDER_TYPES;
  for (const v of rule606Venues(report)) {
    if (filter.sections && !filter.sections.includes(v.section)) continue;
    for (const t of types) {
      const usd = v.netUsd[t];
      const cph = v.netCph[t];
      const keys: Partial<Rule606Total> = {};
      for (const d of by) {
        if (d === "month") keys.month = `${v.year}-${String(v.month).padStart(2, "0")}`;
        else if (d === "section") keys.section = v.section;
        else if (d === "orderType") keys.orderType = t;
        else keys.venue = v.venue;
      }
      const key = by.map((d) => keys[d]).join("\u0000");
      let g = groups.get(key);
      if (!g) {
        groups.set(
          key,
          g = { ...keys, usd: null, cph: null, impliedShares: 0, dollarsWithShares: 0 },
        );
      }
      if (usd === null) continue;
      g.usd = (g.usd ?? 0) + usd;
      if (cph !== null && cph !== 0) {
        g.impliedShares += 1e4 * usd / cph;
        g.dollarsWithShares += usd;
      }
    }
  }
  return [...groups.values()].map(({ dollarsWithShares, ...g }) => ({
    ...g,
    cph: g.impliedShares > 0 ? 1e4 * dollarsWithShares / g.impliedShares : null,
  }));
}

/** How concentrated one section's routing is in one month. */
export interface Rule606Concentration {
  /** Month as `yyyy-mm`. */
  month: string;
  /** Section. */
  section: Rule606Section;
  /** Venues listed. */
  venues: number;
  /** Herfindahl-Hirschman index of the venues' shares of orders, 0-10,000. */
  hhi: number;
  /** The venue with the largest share. */
  top: string;
  /** Its share, %. */
  topPct: number;
  /** The listed venues' shares added up, % (below 100 when small venues are not listed). */
  listedPct: number;
}

/**
 * The Herfindahl-Hirschman index of each month and section: the sum of the
 * squared percentage shares of orders routed to each venue (10,000 when one
 * venue takes everything; the US merger guidelines call above 1,800 highly
 * concentrated). By default the shares of all non-directed orders
 * (`orderPct`); pass an order type for that type's shares.
 *
 * @example
 * ```ts
 * import { routingConcentration } from "./rule606_summary.ts";
 * import type { Rule606Report } from "./rule606.ts";
 * const venue = (name: string, pct: number) => ({ line: 1, year: 2022, month: 1,
 *   section: "sp500" as const, name, mic: null, mpid: null, venue: name, orderPct: pct,
 *   typePct: { market: pct, marketableLimit: pct, nonMarketableLimit: pct, other: null },
 *   netUsd: { market: 0, marketableLimit: 0, nonMarketableLimit: 0, other: null },
 *   netCph: { market: 0, marketableLimit: 0, nonMarketableLimit: 0, other: null },
 *   materialAspects: "" });
 * const report = { source: "-", version: "1.3", bd: "B", year: 2022, quarter: 1,
 *   timestamp: null, rows: { read: 2, used: 2, rejected: 0 }, rejected: [], breaches: [],
 *   months: [{ line: 1, year: 2022, month: 1, sections: [{ line: 1, year: 2022, month: 1,
 *     section: "sp500" as const, ndoPct: 100, ndoTypePct: { market: 100, marketableLimit: 0,
 *     nonMarketableLimit: 0, other: 0 }, venues: [venue("A", 60), venue("B", 40)] }] }] };
 * const [c] = routingConcentration(report);
 * if (c.hhi !== 60 * 60 + 40 * 40 || c.top !== "A") throw new Error();
 * ```
 */
export function routingConcentration(
  report: Rule606Report,
  orderType?: Rule606OrderType,
): Rule606Concentration[] {
  const out: Rule606Concentration[] = [];
  for (const m of report.months) {
    for (const s of m.sections) {
      let hhi = 0, listed = 0, top = "", topPct = -1, venues = 0;
      for (const v of s.venues) {
        const pct = orderType ? v.typePct[orderType] : v.orderPct;
        if (pct === null) continue;
        venues++;
        hhi += pct * pct;
        listed += pct;
        if (pct > topPct) [top, topPct] = [v.venue, pct];
      }
      if (venues === 0) continue;
      out.push({
        month: `${m.year}-${String(m.month).padStart(2, "0")}`,
        section: s.section,
        venues,
        hhi,
        top,
        topPct,
        listedPct: listed,
      });
    }
  }
  return out;
}

/** Firms under the names and MICs they appear as in 606 and 605 reports. */
const FIRMS: [RegExp, string][] = [
  [/^citadel|^cdrg$/, "Citadel Securities"],
  [/^virtu|^(nite|virt|tvirt)$/, "Virtu Americas"],
  [/^jane ?st|^janest$|^jnst$/, "Jane Street"],
  [/^two sigma/, "Two Sigma Securities"],
  [/^g1x?\b/, "G1 Execution Services"],
  [/^global execution brokers/, "Global Execution Brokers"],
  [/^wolverine/, "Wolverine Execution Services"],
  [/^morgan stanley/, "Morgan Stanley"],
  [/^ubs\b/, "UBS"],
  [/^instinet/, "Instinet"],
  [/^hrt\b/, "HRT Execution Services"],
  [/^(the )?nasdaq stock market|^xnas$/, "Nasdaq Stock Market"],
  [/^new york stock exchange|^(xnys|nyse)$/, "New York Stock Exchange"],
];

/**
 * A firm's usual name from the name or MIC a report gives it, so that the
 * same firm matches across brokers' reports ("JANEST" and "Jane Street
 * Capital"; "G1X Execution Services, LLC" and "G1 Execution Services, LLC";
 * MIC "CDRG" and "CITADEL SECURITIES LLC"). Names it does not know come back
 * tidied (spaces collapsed, trailing punctuation dropped).
 *
 * @example
 * ```ts
 * import { canonicalVenue } from "./rule606_summary.ts";
 * if (canonicalVenue("JANEST") !== "Jane Street") throw new Error();
 * if (canonicalVenue("Virtu Americas, LLC") !== "Virtu Americas") throw new Error();
 * if (canonicalVenue("IBKR ATS ", "IATS") !== "IBKR ATS") throw new Error();
 * ```
 */
export function canonicalVenue(name: string | null, mic: string | null = null): string {
  const tidy = (name ?? "").replace(/\s+/g, " ").trim().replace(/[.,;\s]+$/, "");
  const keys = [tidy.toLowerCase(), (mic ?? "").toLowerCase()];
  for (const [pattern, firm] of FIRMS) {
    if (keys.some((k) => k !== "" && pattern.test(k))) return firm;
  }
  return tidy || (mic ?? "");
}
