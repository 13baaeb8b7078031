/**
 * Brokers and market centers compared from their own reports: many 606 or
 * 605 files (a list, a folder, or a zip such as FINRA's quarterly 606 bulk
 * file) reduced to one table.
 *
 * - 606: per broker, quarter and section, the net payment in cents per
 *   hundred shares by order type (share-weighted over the quarter's venues
 *   and months, see {@linkcode import("./rule606_summary.ts").rule606Totals}),
 *   and the routing concentration (the mean of the months' HHI of the
 *   venues' shares of orders, and the largest venue).
 * - 605: per market center (or broker), month, order type (market,
 *   marketable limit) and size: E/Q (average effective over average quoted
 *   spread; the legacy layout has no quoted spread, so none), the share of
 *   executed shares price-improved, the net improvement (per share in $, and
 *   as a fraction of the midpoint where the layout gives the midpoint), and
 *   the speed (share-weighted average time to execution, ms). The legacy
 *   layout's sizes are share ranges, the amended ones notional ranges; each
 *   row says which.
 *
 * Files are read one at a time and reduced to their rows, so memory holds
 * one file (and an archive) at most.
 *
 * @module
 */
import {
  DEFAULT_MAX_BYTES,
  DisclosureError,
  disclosureError,
  type Issue,
  readBoundedBytes,
  type RowCounts,
} from "./errors.ts";
import { detectLayout, type DisclosureLayout } from "./detect.ts";
import { decodeXml } from "./_xml.ts";
import {
  readRule606,
  RULE606_ORDER_TYPES,
  type Rule606OrderType,
  type Rule606Report,
  type Rule606Section,
} from "./rule606.ts";
import { routingConcentration, rule606Totals } from "./rule606_summary.ts";
import { LEGACY605_SIZE_CODES, type Legacy605Report, readLegacy605 } from "./rule605_legacy.ts";
import { type Detailed605Report, readDetailed605 } from "./rule605_detailed.ts";
import { type OesReport, readOes } from "./rule605_summary.ts";
import { zipEntries } from "./zip.ts";

/** One file to compare: its name (an archive member is `archive!member`) and its bytes. */
export interface DisclosureInput {
  /** Name in messages and tables. */
  name: string;
  /** The bytes. */
  bytes: Uint8Array;
}

/** Largest archive read, bytes (each member is limited like a file). */
export const MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024;

const FINRA = /(?:^|\/)(\d+)_606_NMS_(\d{4})_Q([1-4])(_[^/]*?)?_V(\d+)\.xml$/i;

/**
 * Keeps the highest version of each report in FINRA's bulk naming
 * (`{CRD}_606_NMS_{YYYY}_Q{n}[_{SUFFIX}]_V{version}.xml`); other names are
 * all kept.
 *
 * @example
 * ```ts
 * import { latestVersions } from "./compare.ts";
 * const kept = latestVersions(["1_606_NMS_2025_Q3_V1.xml", "1_606_NMS_2025_Q3_V2.xml", "x.xml"]);
 * if (kept.join() !== "1_606_NMS_2025_Q3_V2.xml,x.xml") throw new Error(kept.join());
 * ```
 */
export function latestVersions(names: string[]): string[] {
  const best = new Map<string, [number, string]>();
  for (const name of names) {
    const m = FINRA.exec(name);
    if (!m) continue;
    const key = `${m[1]}|${m[2]}|${m[3]}|${m[4] ?? ""}`;
    const v = Number(m[5]);
    if (!best.has(key) || best.get(key)![0] < v) best.set(key, [v, name]);
  }
  const keep = new Set([...best.values()].map(([, n]) => n));
  return names.filter((n) => !FINRA.test(n) || keep.has(n));
}

/**
 * The files behind a list of paths: a file is itself, a folder its files
 * (sorted by name, not recursing), a zip archive its members (highest
 * version of each FINRA report). Each file is read when its turn comes,
 * with its bytes counted (see {@linkcode readBoundedBytes}).
 *
 * @example
 * ```ts
 * import { disclosureInputs } from "./compare.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/b.xml`, "<b/>");
 * await Deno.writeTextFile(`${dir}/a.txt`, "a");
 * const names: string[] = [];
 * for await (const f of disclosureInputs([dir])) names.push(f.name.slice(dir.length + 1));
 * if (names.join() !== "a.txt,b.xml") throw new Error(names.join());
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function* disclosureInputs(
  paths: string[],
  maxBytes = DEFAULT_MAX_BYTES,
): AsyncGenerator<DisclosureInput> {
  for (const path of paths) {
    let isDirectory = false;
    try {
      isDirectory = (await Deno.stat(path)).isDirectory;
    } catch (e) {
      throw disclosureError(path, `cannot read: ${(e as Error).message}`);
    }
    if (isDirectory) {
      const names: string[] = [];
      for await (const e of Deno.readDir(path)) {
        if (e.isFile && !e.name.startsWith(".")) names.push(e.name);
      }
      for (const name of latestVersions(names.sort())) {
        yield* disclosureInputs([`${path.replace(/\/+$/, "")}/${name}`], maxBytes);
      }
      continue;
    }
    const isZip = /\.zip$/i.test(path);
    const bytes = await readBoundedBytes(path, isZip ? MAX_ARCHIVE_BYTES : maxBytes);
    if (detectLayout(bytes).layout !== "zip") {
      yield { name: path, bytes };
      continue;
    }
    const entries = zipEntries(bytes, path);
    const keep = new Set(latestVersions(entries.map((e) => e.name)));
    for (const entry of entries) {
      if (!keep.has(entry.name) || /(^|\/)(__MACOSX\/|\.)/.test(entry.name)) continue;
      yield { name: `${path}!${entry.name}`, bytes: await entry.read(maxBytes) };
    }
  }
}

/** One row of the 606 comparison: a broker's section in a quarter. */
export interface Compare606Row {
  /** The file. */
  file: string;
  /** Broker-dealer. */
  broker: string;
  /** Quarter, `yyyyQn`. */
  period: string;
  /** Section. */
  section: Rule606Section;
  /** Net payment received, cents per hundred shares, by order type (null: no shares implied). */
  cph: Record<Rule606OrderType, number | null>;
  /** Net payment received over the quarter, $, all order types. */
  usd: number | null;
  /** Mean over the months of the HHI of venues' shares of orders (0-10,000). */
  hhi: number | null;
  /** The venue with the largest share in the quarter's months (the most often top, then share). */
  topVenue: string | null;
  /** Its mean share of orders over the months, %. */
  topPct: number | null;
  /** Venue rows read, used and rejected. */
  rows: RowCounts;
}

/**
 * A 606 report's comparison rows (one per section).
 *
 * @example
 * ```ts
 * import { compare606 } from "./compare.ts";
 * import type { Rule606Report } from "./rule606.ts";
 * const venue = (name: string, pct: number, usd: number, cph: number) => ({ line: 1, year: 2022,
 *   month: 1, section: "sp500" as const, name, mic: null, mpid: null, venue: name, orderPct: pct,
 *   typePct: { market: pct, marketableLimit: null, nonMarketableLimit: null, other: null },
 *   netUsd: { market: usd, marketableLimit: null, nonMarketableLimit: null, other: null },
 *   netCph: { market: cph, marketableLimit: null, nonMarketableLimit: null, other: null },
 *   materialAspects: "" });
 * const report: Rule606Report = { source: "r.xml", version: "1.3", bd: "B", year: 2022,
 *   quarter: 1, timestamp: null, rows: { read: 2, used: 2, rejected: 0 }, rejected: [],
 *   breaches: [], months: [{ line: 1, year: 2022, month: 1, sections: [{ line: 1, year: 2022,
 *     month: 1, section: "sp500", ndoPct: 100, ndoTypePct: { market: 100, marketableLimit: 0,
 *     nonMarketableLimit: 0, other: 0 }, venues: [venue("A", 80, 100, 10), venue("B", 20, 300, 20)] }] }] };
 * const [row] = compare606(report);
 * // 100,000 + 150,000 shares implied: (100 + 300) / 250,000 x 10,000 = 16 cents per 100 shares.
 * if (row.cph.market !== 16 || row.hhi !== 80 * 80 + 20 * 20 || row.topVenue !== "A") throw new Error();
 * ```
 */
export function compare606(report: Rule606Report): Compare606Row[] {
  const byType = rule606Totals(report, ["section", "orderType"]);
  const bySection = rule606Totals(report, ["section"]);
  const concentration = routingConcentration(report);
  const sections = [...new Set(byType.map((t) => t.section!))];
  return sections.map((section) => {
    const cph = {} as Record<Rule606OrderType, number | null>;
    for (const t of RULE606_ORDER_TYPES) {
      cph[t] = byType.find((x) => x.section === section && x.orderType === t)?.cph ?? null;
    }
    const months = concentration.filter((c) => c.section === section);
    const tops = new Map<string, number[]>();
    for (const m of months) tops.set(m.top, [...(tops.get(m.top) ?? []), m.topPct]);
    const top = [...tops.entries()].sort((a, b) =>
      b[1].length - a[1].length ||
      b[1].reduce((s, x) => s + x, 0) - a[1].reduce((s, x) => s + x, 0)
    )[0];
    return {
      file: report.source,
      broker: report.bd,
      period: `${report.year}Q${report.quarter}`,
      section,
      cph,
      usd: bySection.find((x) => x.section === section)?.usd ?? null,
      hhi: months.length > 0 ? months.reduce((s, m) => s + m.hhi, 0) / months.length : null,
      topVenue: top ? top[0] : null,
      topPct: top ? top[1].reduce((s, x) => s + x, 0) / top[1].length : null,
      rows: report.rows,
    };
  });
}

/** One row of the 605 comparison: a market center's month, order type and size. */
export interface Compare605Row {
  /** The file. */
  file: string;
  /** The file's layout. */
  layout: "legacy" | "detailed" | "summary";
  /** Market center, broker or dealer code. */
  entity: string;
  /** Month, `yyyymm`. */
  month: string;
  /** "Y" or "N" for the summary report's S&P 500 flag, "all" otherwise. */
  sp500: "Y" | "N" | "all";
  /** "market" or "marketable limit". */
  orderType: "market" | "marketable limit";
  /** Size: a share range (legacy), or a notional range in $ (amended). */
  size: string;
  /** Covered orders (null in the summary report, which does not give them). */
  orders: number | null;
  /** Shares executed (null in the summary report). */
  executedShares: number | null;
  /** Average effective over average quoted spread (null in the legacy layout). */
  eq: number | null;
  /** Share of executed shares price-improved, 0-1. */
  improvedShare: number | null;
  /** (Improvement − amount outside the quote) per executed share, $ (null in the summary). */
  netImprovementPerShare: number | null;
  /** The same as a fraction of the midpoint (null in the legacy layout). */
  netImprovementPct: number | null;
  /** Share-weighted average time to execution, ms. */
  speedMs: number | null;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
/** Detailed-report order types compared: market, marketable limit (and its IOC variety). */
const COMPARED_TYPES = new Set(["MXXNN", "LYNNN", "LYNYN"]);

/** Accumulates sums of one comparison group. */
class Group {
  orders = 0;
  executed = 0;
  eff = 0;
  quoted = 0;
  effShares = 0;
  improved = 0;
  classified = 0;
  netAmount = 0;
  midShares = 0;
  midValue = 0;
  timeShares = 0;
  timeSum = 0;
  constructor(readonly key: Omit<Compare605Row, OutputField>) {}
  row(): Compare605Row {
    return {
      ...this.key,
      orders: this.orders,
      executedShares: this.executed,
      eq: this.quoted > 0 && this.effShares > 0 ? this.eff / this.quoted : null,
      improvedShare: ratio(this.improved, this.classified),
      netImprovementPerShare: ratio(this.netAmount, this.classified),
      netImprovementPct: this.midShares > 0 && this.midValue > 0
        ? this.netAmount / this.midValue
        : null,
      speedMs: ratio(this.timeSum, this.timeShares),
    };
  }
}
type OutputField =
  | "orders"
  | "executedShares"
  | "eq"
  | "improvedShare"
  | "netImprovementPerShare"
  | "netImprovementPct"
  | "speedMs";

function grouped<T>(
  rows: T[],
  keyOf: (r: T) => Omit<Compare605Row, OutputField> | null,
  add: (g: Group, r: T) => void,
): Compare605Row[] {
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const key = keyOf(r);
    if (!key) continue;
    const id = JSON.stringify(key);
    let g = groups.get(id);
    if (!g) groups.set(id, g = new Group(key));
    add(g, r);
  }
  return [...groups.values()].map((g) => g.row());
}

/**
 * A 605 report's comparison rows, whatever its layout.
 *
 * @example
 * ```ts
 * import { compare605 } from "./compare.ts";
 * import { readLegacy605 } from "./rule605_legacy.ts";
 * const r = readLegacy605(
 *   "T|TVIRT|201708|A|12|21|438|53033|50933|2100|0|2100|0|0|0|0|0.3653|0.0806|1166|0.0062|0.0|734|0.0|200|0.0440|0.0\n",
 *   { source: "v.txt" },
 * );
 * const [row] = compare605({ layout: "legacy", report: r });
 * // (1166 x 0.0062 - 200 x 0.0440) / 2100 shares
 * if (Math.abs(row.netImprovementPerShare! - (1166 * 0.0062 - 200 * 0.044) / 2100) > 1e-15) throw new Error();
 * if (row.eq !== null || row.size !== "100-499 shares") throw new Error();
 * ```
 */
export function compare605(
  input:
    | { layout: "legacy"; report: Legacy605Report }
    | { layout: "detailed"; report: Detailed605Report }
    | { layout: "summary"; report: OesReport },
): Compare605Row[] {
  const file = input.report.source;
  if (input.layout === "legacy") {
    return grouped(input.report.rows, (r) =>
      r.orderType > 12 ? null : {
        file,
        layout: "legacy",
        entity: r.marketCenter,
        month: r.month,
        sp500: "all",
        orderType: r.orderType === 11 ? "market" : "marketable limit",
        size: `${LEGACY605_SIZE_CODES[r.sizeCode]} shares`,
      }, (g, r) => {
      const executed = r.executedHere + r.executedAway;
      const imp = r.improvedShares ?? 0, at = r.atQuoteShares ?? 0, out = r.outsideShares ?? 0;
      g.orders += r.coveredOrders;
      g.executed += executed;
      g.improved += imp;
      g.classified += imp + at + out;
      g.netAmount += imp * (r.improvementPerShare ?? 0) - out * (r.outsidePerShare ?? 0);
      for (
        const [q, s] of [[imp, r.improvedSeconds], [at, r.atQuoteSeconds], [out, r.outsideSeconds]]
      ) {
        if (q !== null && s !== null && q > 0) {
          g.timeShares += q;
          g.timeSum += q * s * 1000;
        }
      }
    });
  }
  if (input.layout === "detailed") {
    return grouped(input.report.rows, (r) =>
      !COMPARED_TYPES.has(r.OrderType) ? null : {
        file,
        layout: "detailed",
        entity: r.RprtEntityCd,
        month: String(r.RptDate),
        sp500: "all",
        orderType: r.OrderType === "MXXNN" ? "market" : "marketable limit",
        size: notionalLabel(r.OrderSize),
      }, (g, r) => {
      const executed = (r.CvrdOrderExctdQty ?? 0) + (r.CvrdOrderExctdAwayQty ?? 0);
      const imp = r.ExctdPIOrdersQty ?? 0, at = r.ExctdOrderAtQuotQty ?? 0;
      const out = r.ExctdOrderOutQuotQty ?? 0;
      g.orders += r.CvrdOrderCnt ?? 0;
      g.executed += executed;
      if (r.AvgEffctvSprd !== null && r.ExctdOrderAvgQuotSprd !== null) {
        g.eff += executed * r.AvgEffctvSprd;
        g.quoted += executed * r.ExctdOrderAvgQuotSprd;
        g.effShares += executed;
      }
      g.improved += imp;
      g.classified += imp + at + out;
      g.netAmount += imp * (r.ExctdPIOrdWghtdAvgAmtPerShare ?? 0) -
        out * (r.ExctdOutQuotOrdWghtdAvgAmt ?? 0);
      if (r.ExctdOrderMidPtAvg !== null) {
        g.midShares += imp + at + out;
        g.midValue += (imp + at + out) * r.ExctdOrderMidPtAvg;
      }
      for (
        const [q, t] of [
          [imp, r.ExctdPIOrdWghtdAvgTime],
          [at, r.ExctdAtQuotOrdWghtdAvgTime],
          [out, r.ExctdOutQuotOrdWghtdAvgTime],
        ]
      ) {
        if (q !== null && t !== null && q > 0) {
          g.timeShares += q;
          g.timeSum += q * t;
        }
      }
    });
  }
  // The summary report gives the statistics themselves, one record per row.
  return input.report.rows.map((r) => ({
    file,
    layout: "summary",
    entity: r.RprtEntityCd,
    month: String(r.RptDate),
    sp500: r.Sp500,
    orderType: r.OrderType === "M" ? "market" : "marketable limit",
    size: r.OrderSize === 199999 ? "all < $200k" : notionalLabel(r.OrderSize),
    orders: null,
    executedShares: null,
    eq: r.AvgEFQPct,
    improvedShare: r.PctExctdPI,
    netImprovementPerShare: null,
    netImprovementPct: r.WghtdAvgPctPI,
    speedMs: r.WghtdAvgExctnTime,
  }));
}

/** The notional range of an amended size code, in words. */
function notionalLabel(code: number): string {
  const bounds = [0, 250, 1000, 5000, 10000, 20000, 50000, 200000];
  const k = bounds.indexOf(code);
  const money = (x: number) => (x >= 1000 ? `$${x / 1000}k` : `$${x}`);
  if (k < 0) return String(code);
  if (k === bounds.length - 1) return `>= ${money(code)}`;
  return `${money(code)} to < ${money(bounds[k + 1])}`;
}

/** What a comparison found: its rows, and what was skipped or tolerated, file by file. */
export interface Comparison<Row> {
  /** The rows, file by file. */
  rows: Row[];
  /** Files read, with their layout and row counts. */
  files: { file: string; layout: DisclosureLayout; counts: RowCounts; notes: Issue[] }[];
  /** Files that could not be used, each with why. */
  skipped: Issue[];
}

/**
 * Reads many files (see {@linkcode disclosureInputs}) and compares them:
 * `kind` "606" keeps the 606 reports, "605" the 605 reports of any layout.
 * A file of another kind, or one that cannot be read (or, with `strict`,
 * breaks a rule), is skipped with its reason; nothing is dropped silently.
 *
 * @example
 * ```ts ignore
 * import { compareFiles } from "./compare.ts";
 * const c = await compareFiles("606", ["../shared/data/real/rule606"]);
 * console.log(c.rows.length, c.skipped);
 * ```
 */
export async function compareFiles(
  kind: "606",
  paths: string[],
  options?: { strict?: boolean; maxBytes?: number },
): Promise<Comparison<Compare606Row>>;
export async function compareFiles(
  kind: "605",
  paths: string[],
  options?: { strict?: boolean; maxBytes?: number },
): Promise<Comparison<Compare605Row>>;
export async function compareFiles(
  kind: "605" | "606",
  paths: string[],
  options: { strict?: boolean; maxBytes?: number } = {},
): Promise<Comparison<Compare605Row | Compare606Row>> {
  const out: Comparison<Compare605Row | Compare606Row> = { rows: [], files: [], skipped: [] };
  const skip = (file: string, message: string) =>
    out.skipped.push({ source: file, line: null, field: null, message });
  for await (const { name, bytes } of disclosureInputs(paths, options.maxBytes)) {
    const detected = detectLayout(bytes);
    const layout = detected.layout;
    const wanted = kind === "606" ? layout === "606" : layout.startsWith("605-");
    if (!wanted) {
      skip(name, `not a ${kind} report: ${detected.reason}`);
      continue;
    }
    try {
      const read = { source: name, strict: options.strict };
      if (layout === "606") {
        const report = readRule606(decodeXml(bytes, name), read);
        out.rows.push(...compare606(report));
        out.files.push({ file: name, layout, counts: report.rows, notes: report.breaches });
        continue;
      }
      const text = new TextDecoder().decode(bytes);
      if (layout === "605-legacy") {
        const report = readLegacy605(text, read);
        out.rows.push(...compare605({ layout: "legacy", report }));
        out.files.push({ file: name, layout, counts: report.counts, notes: report.notes });
      } else if (layout === "605-detailed") {
        const report = readDetailed605(text, read);
        out.rows.push(...compare605({ layout: "detailed", report }));
        out.files.push({ file: name, layout, counts: report.counts, notes: report.notes });
      } else {
        const report = readOes(text, read);
        out.rows.push(...compare605({ layout: "summary", report }));
        out.files.push({ file: name, layout, counts: report.counts, notes: [] });
      }
    } catch (e) {
      if (!(e instanceof DisclosureError)) throw e;
      skip(
        name,
        e.message.split("\n")[0] +
          (e.issues.length > 1 ? ` (and ${e.issues.length - 1} more)` : ""),
      );
    }
  }
  return out;
}
