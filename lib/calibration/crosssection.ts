/**
 * The structural cross-section of retail execution, measured from genuine
 * disclosure files: how spreads, adverse selection and price improvement
 * differ across stocks, how they grow with order size, and how brokers route
 * and are paid. Three blocks, each from its own file:
 *
 * 1. **Spreads by stock group** (a derived Rule 605 table: Citadel
 *    Securities, December 2022, market orders of 100-499 shares, one row per
 *    symbol; {@linkcode readDerived605}). Symbols fall in three groups (S&P
 *    500; other Russell 1000; the rest) and six quoted-spread buckets. Per
 *    group: order-weighted quantiles and mean of the quoted spread (cents) and
 *    of its log; share-weighted effective spread E, realized spread R (5
 *    minutes, $/share, the legacy rule's doubled convention), price impact
 *    E − R, and the ratios to the quoted spread Q; shares improved, at and
 *    outside the quote; price improvement per improved share and as a share
 *    of Q ({@linkcode spreadCrossSection}).
 * 2. **Size gradient** (a legacy Rule 605 file: Virtu Americas, August
 *    2017): share-weighted E, R and E − R by order size bucket, over the
 *    symbols that executed shares in all four buckets, relative to the
 *    100-499 bucket ({@linkcode sizeGradient}).
 * 3. **Routing and payment** (Rule 606(a)(1) reports): per broker and
 *    section, the non-directed share and order-type mix, each venue's share of
 *    market and marketable limit orders, the HHI of those shares, and the net
 *    payment per order type ({@linkcode routingProfile}).
 *
 * Units and what the derived table's quoted spread is. The table's
 * `avg_quoted_spread_mcaway` is in **cents**, the spreads and price
 * improvement in **dollars** per share (checked: its
 * `effective_over_quoted_mcaway` equals 100 E / Q on every row). The quoted
 * spread is not observed: it is implied by the other columns, Q = 100 E +
 * 2 × net price improvement (cents), on every row to 1e-11. So E/Q and the
 * net improvement over Q are two sides of one identity,
 * E/Q + 2 netPI/Q = 1, and are reported as such (`checks`).
 *
 * Index membership is the derived table's own (`in_sp500`, `in_r1000`),
 * taken as given, and it is stale: only 386 symbols are flagged S&P 500,
 * TSLA and AMD (both in the index in December 2022) are flagged other
 * Russell 1000 (TSLA alone is 58% of that group's orders), and four flagged
 * S&P 500 symbols (NE, RIG, STX, TEL) are not flagged Russell 1000. ETFs
 * (SPY, QQQ, TQQQ, SQQQ, ...) fall in "rest". `topSymbols` shows the
 * symbols each group leans on.
 *
 * Weights: quantiles and means of the quoted spread weight each symbol by
 * its orders (`total_orders`); spreads and ratios weight by executed shares
 * (here and away), as the rule averages them, and ratios are ratios of
 * share-weighted sums. The 606 reports give no order counts, so the split of
 * a broker's orders between S&P 500 and other stocks is not in them; the
 * split of the shares implied by the payments (dollars over cents per
 * hundred shares) is reported as a proxy, over venues that pay.
 *
 * Reading: a missing column, a row of the wrong width, or text where a
 * number or TRUE/FALSE belongs is a {@linkcode DisclosureError} naming the
 * file, the line and the field. A row with a missing value (`NA`), no
 * quoted spread, no executed shares, no orders or a repeated symbol is
 * rejected with its reasons; rows read = used + rejected.
 *
 * ```ts
 * import { readDerived605, spreadCrossSection } from "./crosssection.ts";
 * const header = "ticker,total_orders,total_shrs,mc_exec_shrs,away_exec_shrs,avg_realzd_spread," +
 *   "avg_effec_spread,px_improved_shrs,px_improved_avg_amt,at_quote_shrs,outside_quote_shrs," +
 *   "outside_quote_avg_amt,in_sp500,in_r1000,avg_quoted_spread_mcaway,effective_over_quoted_mcaway";
 * // E 0.02 $, all 1,000 shares improved by 0.01 $: Q = 2 + 2 x 1 = 4 cents.
 * const csv = `${header}\nX,10,1000,1000,0,0.01,0.02,1000,0.01,0,0,0,TRUE,TRUE,4,0.5\n`;
 * const s = spreadCrossSection(readDerived605(csv, { source: "demo.csv" }));
 * if (s.groups.sp500.effectiveOverQuoted !== 0.5) throw new Error();
 * if (s.groups.sp500.priceImpactOverQuoted !== 0.25) throw new Error();
 * ```
 *
 * @module
 */
import {
  beginReading,
  DEFAULT_MAX_BYTES,
  DisclosureError,
  disclosureError,
  type Issue,
  readDisclosureBytes,
  type RowCounts,
} from "../disclosures/errors.ts";
import { csvRecords } from "../disclosures/_csv.ts";
import {
  LEGACY605_ORDER_TYPES,
  LEGACY605_SIZE_CODES,
  type Legacy605Row,
  readLegacy605,
} from "../disclosures/rule605_legacy.ts";
import { legacy605Totals } from "../disclosures/rule605_totals.ts";
import {
  type PerOrderType,
  readRule606,
  RULE606_ORDER_TYPES,
  type Rule606Report,
} from "../disclosures/rule606.ts";
import { routingConcentration } from "../disclosures/rule606_summary.ts";
import { orderTypeMix, paymentRate, type TypeMix } from "./measurements.ts";

// ---------------------------------------------------------------------------
// 1. The derived Rule 605 table (one row per symbol)

/** The columns read from the derived table, by the name they get here. */
export const DERIVED605_COLUMNS = {
  symbol: "ticker",
  orders: "total_orders",
  coveredShares: "total_shrs",
  executedHere: "mc_exec_shrs",
  executedAway: "away_exec_shrs",
  realizedSpread: "avg_realzd_spread",
  effectiveSpread: "avg_effec_spread",
  improvedShares: "px_improved_shrs",
  improvementPerShare: "px_improved_avg_amt",
  atQuoteShares: "at_quote_shrs",
  outsideShares: "outside_quote_shrs",
  outsidePerShare: "outside_quote_avg_amt",
  inSp500: "in_sp500",
  inR1000: "in_r1000",
  quotedSpreadCents: "avg_quoted_spread_mcaway",
  effectiveOverQuoted: "effective_over_quoted_mcaway",
} as const;

type Key = keyof typeof DERIVED605_COLUMNS;

/** One symbol of the derived table. */
export interface Derived605Row {
  /** Line in the file (1-based; the header is line 1). */
  line: number;
  /** Symbol. */
  symbol: string;
  /** Covered orders. */
  orders: number;
  /** Covered shares. */
  coveredShares: number;
  /** Shares executed at the market center and away. */
  executedShares: number;
  /** Average realized spread (5 minutes), $ per share. */
  realizedSpread: number;
  /** Average effective spread, $ per share. */
  effectiveSpread: number;
  /** Shares executed with price improvement. */
  improvedShares: number;
  /** Their average improvement, $ per share. */
  improvementPerShare: number;
  /** Shares executed at the quote. */
  atQuoteShares: number;
  /** Shares executed outside the quote. */
  outsideShares: number;
  /** Their average amount outside the quote, $ per share. */
  outsidePerShare: number;
  /** Average quoted spread, cents (implied by the table's other columns). */
  quotedSpreadCents: number;
  /** The table's own effective over quoted spread. */
  effectiveOverQuoted: number;
  /** In the S&P 500. */
  inSp500: boolean;
  /** In the Russell 1000. */
  inR1000: boolean;
}

/** The derived table as read. */
export interface Derived605Table {
  /** Where it was read from. */
  source: string;
  /** The rows used. */
  rows: Derived605Row[];
  /** Rows read, used and rejected. */
  counts: RowCounts;
  /** Why rows were rejected (one issue or more per rejected row). */
  rejected: Issue[];
}

/** Options of {@linkcode readDerived605}. */
export interface Derived605ReadOptions {
  /** Name of the file in messages (default "input"). */
  source?: string;
  /** Largest input accepted, characters (default 64 MiB). */
  maxBytes?: number;
}

/** A number as R writes it (decimals, exponents such as `6e-04`). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** What R writes for a missing or undefined value. */
const MISSING = new Set(["", "NA", "NaN", "Inf", "-Inf"]);
const COUNT_KEYS = new Set<Key>([
  "orders",
  "coveredShares",
  "executedHere",
  "executedAway",
  "improvedShares",
  "atQuoteShares",
  "outsideShares",
]);
const shown = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}...` : s);

/**
 * Reads the derived Rule 605 table (CSV with a header; the columns of
 * {@linkcode DERIVED605_COLUMNS}, others ignored). Malformed input throws a
 * {@linkcode DisclosureError} listing every problem by file, line and
 * column; unusable rows are rejected with their reasons.
 *
 * @example
 * ```ts
 * import { readDerived605 } from "./crosssection.ts";
 * const header = "ticker,total_orders,total_shrs,mc_exec_shrs,away_exec_shrs,avg_realzd_spread," +
 *   "avg_effec_spread,px_improved_shrs,px_improved_avg_amt,at_quote_shrs,outside_quote_shrs," +
 *   "outside_quote_avg_amt,in_sp500,in_r1000,avg_quoted_spread_mcaway,effective_over_quoted_mcaway";
 * const ok = "A,2,300,300,0,6e-04,0.01,300,0.005,0,0,0,FALSE,TRUE,2,0.5";
 * const noQuote = "B,1,100,100,0,0.01,0.01,0,0,100,0,0,FALSE,FALSE,NA,NA";
 * const t = readDerived605(`${header}\n${ok}\n${noQuote}\n`, { source: "t.csv" });
 * if (t.counts.read !== 2 || t.counts.used !== 1 || t.counts.rejected !== 1) throw new Error();
 * if (t.rows[0].realizedSpread !== 0.0006 || t.rejected[0].line !== 3) throw new Error();
 * try {
 *   readDerived605(`${header}\n${ok.replace("0.01", "one cent")}\n`, { source: "bad.csv" });
 *   throw new Error("not reached");
 * } catch (e) {
 *   const m = (e as Error).message;
 *   if (!m.startsWith("bad.csv: line 2: avg_effec_spread: expected a number")) throw e;
 * }
 * ```
 */
export function readDerived605(text: string, options: Derived605ReadOptions = {}): Derived605Table {
  const { source, fatal } = beginReading(text, options);
  const records = csvRecords(text, source);
  if (records.length === 0) fatal(1, null, "no header: the file is empty");
  const header = records[0].record.map((h) => h.trim());
  const headerLine = records[0].info.lines;
  const index = {} as Record<Key, number>;
  const missingColumns: Issue[] = [];
  for (const [key, column] of Object.entries(DERIVED605_COLUMNS) as [Key, string][]) {
    index[key] = header.indexOf(column);
    if (index[key] < 0) {
      missingColumns.push({ source, line: headerLine, field: column, message: "missing column" });
    }
  }
  if (missingColumns.length > 0) throw new DisclosureError(missingColumns);

  const counts: RowCounts = { read: 0, used: 0, rejected: 0 };
  const rows: Derived605Row[] = [];
  const rejected: Issue[] = [];
  const malformed: Issue[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    counts.read++;
    if (record.length !== header.length) {
      malformed.push({
        source,
        line,
        field: null,
        message: `expected ${header.length} fields, found ${record.length}`,
      });
      continue;
    }
    const problems: Issue[] = [];
    const missing: Issue[] = [];
    const value = {} as Record<Key, number | boolean | string | null>;
    for (const key of Object.keys(DERIVED605_COLUMNS) as Key[]) {
      const field = DERIVED605_COLUMNS[key];
      const raw = record[index[key]].trim();
      if (key === "symbol") {
        value[key] = raw === "" ? null : raw;
        if (raw === "") missing.push({ source, line, field, message: "empty symbol" });
        continue;
      }
      if (MISSING.has(raw)) {
        value[key] = null;
        missing.push({ source, line, field, message: `missing value ${shown(raw)}` });
        continue;
      }
      if (key === "inSp500" || key === "inR1000") {
        if (raw !== "TRUE" && raw !== "FALSE") {
          problems.push({
            source,
            line,
            field,
            message: `expected TRUE or FALSE, got ${shown(raw)}`,
          });
        }
        value[key] = raw === "TRUE";
        continue;
      }
      if (!NUMBER.test(raw)) {
        problems.push({ source, line, field, message: `expected a number, got ${shown(raw)}` });
        continue;
      }
      const v = Number(raw);
      if (COUNT_KEYS.has(key) && (v < 0 || !Number.isInteger(v))) {
        problems.push({
          source,
          line,
          field,
          message: `expected a whole number of orders or shares, got ${raw}`,
        });
      }
      value[key] = v;
    }
    if (problems.length > 0) {
      malformed.push(...problems);
      continue;
    }
    const reasons = [...missing];
    const n = (k: Key) => value[k] as number;
    if (missing.length === 0) {
      const executed = n("executedHere") + n("executedAway");
      if (n("quotedSpreadCents") <= 0) {
        reasons.push({
          source,
          line,
          field: DERIVED605_COLUMNS.quotedSpreadCents,
          message: `no quoted spread (${n("quotedSpreadCents")})`,
        });
      }
      if (executed === 0) {
        reasons.push({
          source,
          line,
          field: `${DERIVED605_COLUMNS.executedHere} + ${DERIVED605_COLUMNS.executedAway}`,
          message: "no executed shares",
        });
      }
      if (n("orders") === 0) {
        reasons.push({ source, line, field: DERIVED605_COLUMNS.orders, message: "no orders" });
      }
      const symbol = value.symbol as string;
      if (seen.has(symbol)) {
        reasons.push({
          source,
          line,
          field: DERIVED605_COLUMNS.symbol,
          message: `symbol ${shown(symbol)} repeats line ${seen.get(symbol)}`,
        });
      } else seen.set(symbol, line);
    }
    if (reasons.length > 0) {
      counts.rejected++;
      rejected.push(...reasons);
      continue;
    }
    counts.used++;
    rows.push({
      line,
      symbol: value.symbol as string,
      orders: n("orders"),
      coveredShares: n("coveredShares"),
      executedShares: n("executedHere") + n("executedAway"),
      realizedSpread: n("realizedSpread"),
      effectiveSpread: n("effectiveSpread"),
      improvedShares: n("improvedShares"),
      improvementPerShare: n("improvementPerShare"),
      atQuoteShares: n("atQuoteShares"),
      outsideShares: n("outsideShares"),
      outsidePerShare: n("outsidePerShare"),
      quotedSpreadCents: n("quotedSpreadCents"),
      effectiveOverQuoted: n("effectiveOverQuoted"),
      inSp500: value.inSp500 as boolean,
      inR1000: value.inR1000 as boolean,
    });
  }
  if (malformed.length > 0) throw new DisclosureError(malformed);
  if (counts.read === 0) fatal(headerLine + 1, null, "no rows after the header");
  return { source, rows, counts, rejected };
}

/**
 * Reads the derived Rule 605 table from a file (see {@linkcode readDerived605}).
 *
 * @example
 * ```ts ignore
 * import { readDerived605File } from "./crosssection.ts";
 * const t = await readDerived605File(
 *   "../shared/data/real/rule605/derived/TCDRG202212.txt.f605_mktble_df.csv",
 * );
 * console.log(t.counts); // { read: 10396, used: 10396, rejected: 0 }
 * ```
 */
export async function readDerived605File(
  path: string,
  options: Omit<Derived605ReadOptions, "source"> = {},
): Promise<Derived605Table> {
  const { text } = await readSource(path, options.maxBytes);
  return readDerived605(text, { ...options, source: path });
}

/** The stock groups of the spread block. */
export const SPREAD_GROUPS = ["sp500", "otherR1000", "rest"] as const;
/** A stock group: S&P 500, other Russell 1000, the rest. */
export type SpreadGroup = typeof SPREAD_GROUPS[number];

/**
 * The group of a symbol: "sp500" when in the S&P 500, "otherR1000" when in
 * the Russell 1000 but not the S&P 500, "rest" otherwise.
 *
 * @example
 * ```ts
 * import { spreadGroupOf } from "./crosssection.ts";
 * if (spreadGroupOf({ inSp500: true, inR1000: false }) !== "sp500") throw new Error();
 * if (spreadGroupOf({ inSp500: false, inR1000: true }) !== "otherR1000") throw new Error();
 * ```
 */
export function spreadGroupOf(row: Pick<Derived605Row, "inSp500" | "inR1000">): SpreadGroup {
  return row.inSp500 ? "sp500" : row.inR1000 ? "otherR1000" : "rest";
}

/** Quoted-spread buckets, cents: [low, high). The first catches sub-penny quotes. */
export const QUOTED_BUCKETS: readonly { label: string; low: number; high: number }[] = [
  { label: "[0,1)", low: 0, high: 1 },
  { label: "[1,2)", low: 1, high: 2 },
  { label: "[2,5)", low: 2, high: 5 },
  { label: "[5,10)", low: 5, high: 10 },
  { label: "[10,25)", low: 10, high: 25 },
  { label: "[25,inf)", low: 25, high: Infinity },
];

/** Levels of the quoted-spread quantiles, %. */
export const QUANTILE_LEVELS = [5, 10, 25, 50, 75, 90, 95] as const;

/**
 * The weighted quantile: the smallest value whose cumulative weight reaches
 * `p` of the total weight (the inverse of the weighted distribution
 * function; with equal weights, the type-1 sample quantile). Values of zero
 * weight are ignored.
 *
 * @example
 * ```ts
 * import { weightedQuantile } from "./crosssection.ts";
 * // Sorted 1, 2, 3 with weights 1, 1, 2: cumulative 1/4, 1/2, 1.
 * if (weightedQuantile([3, 1, 2], [2, 1, 1], 0.5) !== 2) throw new Error();
 * if (weightedQuantile([3, 1, 2], [2, 1, 1], 0.51) !== 3) throw new Error();
 * if (weightedQuantile([3, 1, 2], [2, 1, 1], 0.25) !== 1) throw new Error();
 * ```
 */
export function weightedQuantile(
  values: ArrayLike<number>,
  weights: ArrayLike<number>,
  p: number,
): number {
  if (values.length !== weights.length) {
    throw new RangeError(`weightedQuantile: ${values.length} values, ${weights.length} weights`);
  }
  if (!(p >= 0 && p <= 1)) throw new RangeError(`weightedQuantile: p must be in [0, 1], got ${p}`);
  const order: number[] = [];
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    if (weights[i] < 0 || !Number.isFinite(weights[i])) {
      throw new RangeError(`weightedQuantile: weight ${i} is ${weights[i]}`);
    }
    if (weights[i] > 0) {
      order.push(i);
      total += weights[i];
    }
  }
  if (order.length === 0) return NaN;
  order.sort((a, b) => values[a] - values[b]);
  const target = p * total * (1 - 1e-12);
  let cumulative = 0;
  for (const i of order) {
    cumulative += weights[i];
    if (cumulative >= target) return values[i];
  }
  return values[order[order.length - 1]];
}

/** Order-weighted distribution of the quoted spread, cents. */
export interface QuotedSpreadDistribution {
  /** Quantiles at {@linkcode QUANTILE_LEVELS}, keyed "p5" ... "p95". */
  quantiles: Record<string, number>;
  /** Mean. */
  mean: number;
  /** Mean of the log of the spread in cents. */
  logMean: number;
  /** Standard deviation of the log (population, order-weighted). */
  logSd: number;
}

/** Spread statistics of a group of symbols. */
export interface SpreadStats {
  /** Symbols. */
  symbols: number;
  /** Covered orders. */
  orders: number;
  /** Covered shares. */
  coveredShares: number;
  /** Executed shares (the weights of the spreads). */
  executedShares: number;
  /** Share of all the table's orders. */
  shareOfOrders: number;
  /** Share of all covered shares. */
  shareOfCoveredShares: number;
  /** Share of all executed shares. */
  shareOfExecutedShares: number;
  /** Quoted spread, cents, order-weighted. */
  quotedSpreadCents: QuotedSpreadDistribution;
  /** Σ 100 E x / Σ Q x (x executed shares). */
  effectiveOverQuoted: number;
  /** Effective spread, $ per share (share-weighted). */
  effectiveSpread: number;
  /** Realized spread (5 minutes), $ per share. */
  realizedSpread: number;
  /** Price impact E − R, $ per share. */
  priceImpact: number;
  /** Σ 100 (E − R) x / Σ Q x. */
  priceImpactOverQuoted: number;
  /** Σ 100 R x / Σ Q x. */
  realizedOverQuoted: number;
  /** Share of executed shares price improved. */
  improvedShare: number;
  /** Share executed at the quote. */
  atQuoteShare: number;
  /** Share executed outside the quote. */
  outsideShare: number;
  /** Average improvement of the improved shares, $ per share. */
  improvementPerShare: number;
  /** Σ 100 improved × improvement / Σ Q x: gross price improvement over the quoted spread. */
  improvementOverQuoted: number;
  /** The same net of the amounts outside the quote (E/Q + 2 × this = 1 by construction). */
  netImprovementOverQuoted: number;
}

/** The ratios of one quoted-spread bucket. */
export interface QuotedBucketStats {
  /** Bucket, cents, `[low,high)`. */
  bucket: string;
  /** Symbols. */
  symbols: number;
  /** Covered orders. */
  orders: number;
  /** Share of all orders. */
  shareOfOrders: number;
  /** Executed shares. */
  executedShares: number;
  /** Σ 100 E x / Σ Q x. */
  effectiveOverQuoted: number;
  /** Σ 100 (E − R) x / Σ Q x. */
  priceImpactOverQuoted: number;
  /** Σ 100 improved × improvement / Σ Q x. */
  improvementOverQuoted: number;
}

/**
 * Spread statistics of a set of rows (see {@linkcode SpreadStats}). The
 * shares of orders and shares are of `totals` (default: the rows' own).
 *
 * @example
 * ```ts
 * import { spreadStats, type Derived605Row } from "./crosssection.ts";
 * const row = (orders: number, q: number, e: number, r: number): Derived605Row => ({
 *   line: 2, symbol: "X", orders, coveredShares: 100 * orders, executedShares: 100 * orders,
 *   realizedSpread: r, effectiveSpread: e, improvedShares: 100 * orders,
 *   improvementPerShare: (q / 100 - e) / 2, atQuoteShares: 0, outsideShares: 0,
 *   outsidePerShare: 0, quotedSpreadCents: q, effectiveOverQuoted: 100 * e / q, inSp500: true,
 *   inR1000: true });
 * const s = spreadStats([row(1, 2, 0.01, 0.004), row(3, 4, 0.02, 0.01)]);
 * // Shares 100 and 300: E/Q = (1 x 100 + 2 x 300) / (2 x 100 + 4 x 300) = 0.5.
 * if (Math.abs(s.effectiveOverQuoted - 0.5) > 1e-12) throw new Error(String(s.effectiveOverQuoted));
 * if (s.quotedSpreadCents.quantiles.p50 !== 4 || s.quotedSpreadCents.mean !== 3.5) throw new Error();
 * ```
 */
export function spreadStats(
  rows: readonly Derived605Row[],
  totals?: { orders: number; coveredShares: number; executedShares: number },
): SpreadStats {
  let orders = 0, covered = 0, executed = 0;
  let qx = 0, ex = 0, rx = 0, improved = 0, improvement = 0, atQuote = 0, outside = 0;
  let outsideAmount = 0, quotedMean = 0, logMean = 0;
  const q = new Float64Array(rows.length);
  const w = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    const x = r.executedShares;
    orders += r.orders;
    covered += r.coveredShares;
    executed += x;
    qx += r.quotedSpreadCents * x;
    ex += 100 * r.effectiveSpread * x;
    rx += 100 * r.realizedSpread * x;
    improved += r.improvedShares;
    improvement += 100 * r.improvedShares * r.improvementPerShare;
    atQuote += r.atQuoteShares;
    outside += r.outsideShares;
    outsideAmount += 100 * r.outsideShares * r.outsidePerShare;
    quotedMean += r.orders * r.quotedSpreadCents;
    logMean += r.orders * Math.log(r.quotedSpreadCents);
    q[i] = r.quotedSpreadCents;
    w[i] = r.orders;
  });
  quotedMean /= orders;
  logMean /= orders;
  let logVar = 0;
  rows.forEach((r) => (logVar += r.orders * (Math.log(r.quotedSpreadCents) - logMean) ** 2));
  const quantiles: Record<string, number> = {};
  for (const level of QUANTILE_LEVELS) quantiles[`p${level}`] = weightedQuantile(q, w, level / 100);
  const all = totals ?? { orders, coveredShares: covered, executedShares: executed };
  const classified = improved + atQuote + outside;
  return {
    symbols: rows.length,
    orders,
    coveredShares: covered,
    executedShares: executed,
    shareOfOrders: orders / all.orders,
    shareOfCoveredShares: covered / all.coveredShares,
    shareOfExecutedShares: executed / all.executedShares,
    quotedSpreadCents: {
      quantiles,
      mean: quotedMean,
      logMean,
      logSd: Math.sqrt(logVar / orders),
    },
    effectiveOverQuoted: ex / qx,
    effectiveSpread: ex / executed / 100,
    realizedSpread: rx / executed / 100,
    priceImpact: (ex - rx) / executed / 100,
    priceImpactOverQuoted: (ex - rx) / qx,
    realizedOverQuoted: rx / qx,
    improvedShare: improved / classified,
    atQuoteShare: atQuote / classified,
    outsideShare: outside / classified,
    improvementPerShare: improvement / improved / 100,
    improvementOverQuoted: improvement / qx,
    netImprovementOverQuoted: (improvement - outsideAmount) / qx,
  };
}

/** Consistency checks of the derived table (largest absolute deviations over its rows). */
export interface Derived605Checks {
  /** |100 E / Q − effective_over_quoted_mcaway|: 0 means Q is in cents and E in $. */
  effectiveOverQuotedColumn: number;
  /** |Q − (100 E + 2 × 100 × net improvement per executed share)|, cents: Q is implied. */
  quotedSpreadIdentityCents: number;
}

/** The spread block: the derived table's rows grouped by stock group and by quoted spread. */
export interface SpreadCrossSection {
  /** The file. */
  source: string;
  /** Rows read, used and rejected. */
  counts: RowCounts;
  /** Why rows were rejected. */
  rejected: Issue[];
  /** Unit and identity checks. */
  checks: Derived605Checks;
  /** All symbols. */
  all: SpreadStats;
  /** By stock group. */
  groups: Record<SpreadGroup, SpreadStats>;
  /** By quoted-spread bucket ({@linkcode QUOTED_BUCKETS}). */
  buckets: QuotedBucketStats[];
  /** The five symbols of each group with the most orders (a group's numbers lean on them). */
  topSymbols: Record<SpreadGroup, TopSymbol[]>;
}

/** A symbol with many orders. */
export interface TopSymbol {
  /** Symbol. */
  symbol: string;
  /** Covered orders. */
  orders: number;
  /** Share of its group's orders. */
  shareOfGroupOrders: number;
  /** Quoted spread, cents. */
  quotedSpreadCents: number;
}

/**
 * The spread block of a derived table: statistics of all symbols, of each
 * stock group and ratios by quoted-spread bucket.
 *
 * @example
 * ```ts
 * import { readDerived605, spreadCrossSection } from "./crosssection.ts";
 * const header = "ticker,total_orders,total_shrs,mc_exec_shrs,away_exec_shrs,avg_realzd_spread," +
 *   "avg_effec_spread,px_improved_shrs,px_improved_avg_amt,at_quote_shrs,outside_quote_shrs," +
 *   "outside_quote_avg_amt,in_sp500,in_r1000,avg_quoted_spread_mcaway,effective_over_quoted_mcaway";
 * const csv = `${header}\nA,3,300,300,0,0.01,0.02,300,0.01,0,0,0,TRUE,TRUE,4,0.5\n` +
 *   `B,1,100,100,0,0.05,0.1,0,0,100,0,0,FALSE,FALSE,10,1\n`;
 * const s = spreadCrossSection(readDerived605(csv));
 * if (s.groups.sp500.shareOfOrders !== 0.75 || s.groups.rest.symbols !== 1) throw new Error();
 * if (s.groups.otherR1000.symbols !== 0) throw new Error();
 * if (s.buckets.find((b) => b.bucket === "[10,25)")?.effectiveOverQuoted !== 1) throw new Error();
 * ```
 */
export function spreadCrossSection(table: Derived605Table): SpreadCrossSection {
  const all = spreadStats(table.rows);
  const totals = {
    orders: all.orders,
    coveredShares: all.coveredShares,
    executedShares: all.executedShares,
  };
  const groups = {} as Record<SpreadGroup, SpreadStats>;
  const topSymbols = {} as Record<SpreadGroup, TopSymbol[]>;
  for (const g of SPREAD_GROUPS) {
    const rows = table.rows.filter((r) => spreadGroupOf(r) === g);
    groups[g] = spreadStats(rows, totals);
    topSymbols[g] = [...rows].sort((a, b) => b.orders - a.orders || (a.symbol < b.symbol ? -1 : 1))
      .slice(0, 5).map((r) => ({
        symbol: r.symbol,
        orders: r.orders,
        shareOfGroupOrders: r.orders / groups[g].orders,
        quotedSpreadCents: r.quotedSpreadCents,
      }));
  }
  const buckets = QUOTED_BUCKETS.map((b) => {
    const s = spreadStats(
      table.rows.filter((r) => r.quotedSpreadCents >= b.low && r.quotedSpreadCents < b.high),
      totals,
    );
    return {
      bucket: b.label,
      symbols: s.symbols,
      orders: s.orders,
      shareOfOrders: s.shareOfOrders,
      executedShares: s.executedShares,
      effectiveOverQuoted: s.effectiveOverQuoted,
      priceImpactOverQuoted: s.priceImpactOverQuoted,
      improvementOverQuoted: s.improvementOverQuoted,
    };
  });
  let column = 0, identity = 0;
  for (const r of table.rows) {
    column = Math.max(
      column,
      Math.abs(100 * r.effectiveSpread / r.quotedSpreadCents - r.effectiveOverQuoted),
    );
    const netImprovement = (r.improvedShares * r.improvementPerShare -
      r.outsideShares * r.outsidePerShare) / r.executedShares;
    identity = Math.max(
      identity,
      Math.abs(r.quotedSpreadCents - 100 * (r.effectiveSpread + 2 * netImprovement)),
    );
  }
  return {
    source: table.source,
    counts: table.counts,
    rejected: table.rejected,
    checks: { effectiveOverQuotedColumn: column, quotedSpreadIdentityCents: identity },
    all,
    groups,
    buckets,
    topSymbols,
  };
}

// ---------------------------------------------------------------------------
// 2. The size gradient of a legacy Rule 605 file

/** One size bucket of the gradient. */
export interface SizeBucketStats {
  /** Size code, 21-24. */
  sizeCode: number;
  /** Shares, e.g. "100-499". */
  size: string;
  /** Records (symbols) in the bucket. */
  records: number;
  /** Covered orders. */
  coveredOrders: number;
  /** Share of the covered orders of the four buckets. */
  orderShare: number;
  /** Executed shares. */
  executedShares: number;
  /** Effective spread, $ per share (share-weighted). */
  effectiveSpread: number;
  /** Realized spread (5 minutes), $ per share. */
  realizedSpread: number;
  /** Price impact E − R, $ per share. */
  priceImpact: number;
  /** Effective spread over the 100-499 bucket's. */
  effectiveRelative: number;
  /** Price impact over the 100-499 bucket's. */
  priceImpactRelative: number;
}

/** How spreads grow with order size for one order type. */
export interface SizeGradient {
  /** Order type code (11 market, 12 marketable limit). */
  orderType: number;
  /** Its name. */
  label: string;
  /**
   * Records of this order type: read; used in `buckets` (their symbol
   * executed shares in all four buckets); rejected there (it did not).
   */
  counts: RowCounts;
  /** Symbols with records of this order type. */
  symbolsSeen: number;
  /** Symbols with executed shares in all four buckets (the ones summed in `buckets`). */
  symbols: number;
  /** The buckets over those symbols (the same stocks in every bucket). */
  buckets: SizeBucketStats[];
  /**
   * The buckets over every record of the order type: the size mix of covered
   * orders, and a gradient that mixes stocks differently in each bucket.
   */
  allRecords: SizeBucketStats[];
}

const SIZE_CODES = [21, 22, 23, 24] as const;

/** Per-bucket totals of some records, relative to their 100-499 bucket. */
function sizeBuckets(rows: readonly Legacy605Row[]): SizeBucketStats[] {
  const byCode = new Map(legacy605Totals([...rows], ["sizeCode"]).map((t) => [t.sizeCode!, t]));
  const orders = rows.reduce((a, r) => a + r.coveredOrders, 0);
  const spread = (code: number) => {
    const t = byCode.get(code);
    const e = t?.effectiveSpread ?? NaN;
    const r = t?.realizedSpread ?? NaN;
    return { t, e, r };
  };
  const base = spread(21);
  return SIZE_CODES.map((code) => {
    const { t, e, r } = spread(code);
    return {
      sizeCode: code,
      size: LEGACY605_SIZE_CODES[code],
      records: t?.records ?? 0,
      coveredOrders: t?.coveredOrders ?? 0,
      orderShare: (t?.coveredOrders ?? 0) / orders,
      executedShares: t?.executedShares ?? 0,
      effectiveSpread: e,
      realizedSpread: r,
      priceImpact: e - r,
      effectiveRelative: e / base.e,
      priceImpactRelative: (e - r) / (base.e - base.r),
    };
  });
}

/**
 * The size gradient of one order type: share-weighted E, R and E − R by
 * size bucket, each relative to the 100-499 bucket, summed over the symbols
 * that executed shares in all four buckets (so that every bucket holds the
 * same stocks; `buckets`) and over every record (`allRecords`, which also
 * gives the size mix of covered orders).
 *
 * @example
 * ```ts
 * import { readLegacy605 } from "../disclosures/rule605_legacy.ts";
 * import { sizeGradient } from "./crosssection.ts";
 * const rec = (sym: string, size: number, e: string, r: string) =>
 *   `T|X|201708|${sym}|11|${size}|1|100|0|100|0|100|0|0|0|0|${r}|${e}|0|0|0|100|0|0|0|0`;
 * const lines = [21, 22, 23, 24].map((s, i) => rec("A", s, (0.01 * (i + 1)).toFixed(2), "0.0000"));
 * lines.push(rec("B", 21, "0.5", "0.5")); // B lacks the larger buckets: left out
 * const g = sizeGradient(readLegacy605(lines.join("\n") + "\n").rows, 11);
 * if (g.symbols !== 1 || g.counts.rejected !== 1) throw new Error();
 * if (Math.abs(g.buckets[3].priceImpactRelative - 4) > 1e-12) throw new Error();
 * if (g.allRecords[0].coveredOrders !== 2 || g.allRecords[0].orderShare !== 0.4) throw new Error();
 * ```
 */
export function sizeGradient(rows: readonly Legacy605Row[], orderType: 11 | 12): SizeGradient {
  const ofType = rows.filter((r) => r.orderType === orderType);
  const executedBuckets = new Map<string, Set<number>>();
  for (const r of ofType) {
    let set = executedBuckets.get(r.symbol);
    if (!set) executedBuckets.set(r.symbol, set = new Set());
    if (r.executedHere + r.executedAway > 0) set.add(r.sizeCode);
  }
  const complete = new Set(
    [...executedBuckets].filter(([, s]) => SIZE_CODES.every((c) => s.has(c))).map(([k]) => k),
  );
  const used = ofType.filter((r) => complete.has(r.symbol));
  return {
    orderType,
    label: LEGACY605_ORDER_TYPES[orderType],
    counts: { read: ofType.length, used: used.length, rejected: ofType.length - used.length },
    symbolsSeen: executedBuckets.size,
    symbols: complete.size,
    buckets: sizeBuckets(used),
    allRecords: sizeBuckets(ofType),
  };
}

// ---------------------------------------------------------------------------
// 3. Routing and payment from Rule 606(a)(1) reports

/** The order types the model has (606's "other" left out). */
export const MODEL_ORDER_TYPES = ["market", "marketableLimit", "nonMarketableLimit"] as const;
/** An order type the model has. */
export type ModelOrderType = typeof MODEL_ORDER_TYPES[number];
/** The two stock sections of a 606 report. */
export const STOCK_SECTIONS = ["sp500", "otherStocks"] as const;
/** A stock section. */
export type StockSection = typeof STOCK_SECTIONS[number];
/** The order types whose routing is profiled. */
export type RoutedType = "market" | "marketableLimit";
const ROUTED: readonly RoutedType[] = ["market", "marketableLimit"];

/** A venue's share of a section's non-directed orders of each routed type, %. */
export interface VenueShare {
  /** The venue as the report names it (name, or MIC when no name). */
  venue: string;
  /** % of market orders (mean over the quarter's months; 0 in a month it is not listed). */
  market: number;
  /** % of marketable limit orders. */
  marketableLimit: number;
}

/** A net payment rate over a quarter. */
export interface SectionPayment {
  /** Net payment received (negative: paid), cents per hundred shares; null if no shares implied. */
  cph: number | null;
  /** Net payment, $. */
  usd: number;
  /** Shares implied by dollars and Cph. */
  impliedShares: number;
}

/** One section of a broker's quarter. */
export interface RoutingSectionProfile {
  /** Months in which the section is reported. */
  months: number;
  /** % of the section's orders that were non-directed (mean over months). */
  ndoPct: number | null;
  /** % of non-directed orders of each type, "other" included (mean over months). */
  ndoTypePct: PerOrderType;
  /** The mix renormalised without "other" ({@linkcode orderTypeMix}), or null. */
  typeMix: TypeMix | null;
  /** Venues by their share of market orders, largest first. */
  venues: VenueShare[];
  /** HHI of the venues' shares as reported, 0-10,000 (mean over months). */
  hhi: Record<RoutedType, number | null>;
  /** The listed venues' shares added up, % (mean over months; below 100 when lists are partial). */
  listedPct: Record<RoutedType, number | null>;
  /** HHI of the shares rescaled to their listed total (mean over months). */
  hhiNormalised: Record<RoutedType, number | null>;
  /** Net payment by order type ({@linkcode paymentRate}). */
  payment: Record<ModelOrderType, SectionPayment>;
}

/** A broker's quarter. */
export interface RoutingProfile {
  /** The file. */
  source: string;
  /** Broker-dealer. */
  broker: string;
  /** Year. */
  year: number;
  /** Quarter. */
  quarter: number;
  /** Months, `yyyy-mm`. */
  months: string[];
  /** Venue rows read, used and rejected. */
  rows: RowCounts;
  /** Breaches of the schema tolerated by lenient reading. */
  breaches: number;
  /** The S&P 500 and other-stocks sections. */
  sections: Record<StockSection, RoutingSectionProfile>;
  /**
   * S&P 500 share of the shares implied by payments, per order type: a proxy
   * for the split of the broker's flow (606 reports give no order counts),
   * over venue-months with a non-zero Cph only; null when none.
   */
  sp500ShareOfImpliedShares: Record<ModelOrderType, number | null>;
}

const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * Profiles a broker's 606 quarter: per stock section, the non-directed share
 * and order-type mix, venue shares of market and marketable limit orders,
 * their HHI, and the net payment per order type.
 *
 * @example
 * ```ts
 * import { routingProfile } from "./crosssection.ts";
 * import type { Rule606Report } from "../disclosures/rule606.ts";
 * const venue = (name: string, pct: number, usd: number, cph: number) => ({ line: 1, year: 2022,
 *   month: 1, section: "sp500" as const, name, mic: null, mpid: null, venue: name, orderPct: pct,
 *   typePct: { market: pct, marketableLimit: pct, nonMarketableLimit: pct, other: null },
 *   netUsd: { market: usd, marketableLimit: null, nonMarketableLimit: null, other: null },
 *   netCph: { market: cph, marketableLimit: null, nonMarketableLimit: null, other: null },
 *   materialAspects: "" });
 * const report: Rule606Report = { source: "-", version: "1.3", bd: "B", year: 2022, quarter: 1,
 *   timestamp: null, rows: { read: 2, used: 2, rejected: 0 }, rejected: [], breaches: [],
 *   months: [{ line: 1, year: 2022, month: 1, sections: [{ line: 1, year: 2022, month: 1,
 *     section: "sp500", ndoPct: 100, ndoTypePct: { market: 60, marketableLimit: 20,
 *     nonMarketableLimit: 20, other: 0 }, venues: [venue("A", 60, 100, 10), venue("B", 40, 0, 0)] }] }] };
 * const p = routingProfile(report);
 * if (p.sections.sp500.hhi.market !== 5200 || p.sections.sp500.payment.market.cph !== 10) {
 *   throw new Error(JSON.stringify(p.sections.sp500));
 * }
 * ```
 */
export function routingProfile(report: Rule606Report): RoutingProfile {
  const sections = {} as Record<StockSection, RoutingSectionProfile>;
  for (const section of STOCK_SECTIONS) {
    const monthly = report.months.flatMap((m) => m.sections.filter((s) => s.section === section));
    const n = monthly.length;
    const ndoTypePct = {} as PerOrderType;
    for (const t of RULE606_ORDER_TYPES) {
      ndoTypePct[t] = mean(monthly.flatMap((s) => s.ndoTypePct[t] ?? []));
    }
    let typeMix: TypeMix | null = null;
    try {
      typeMix = orderTypeMix(report, section);
    } catch {
      typeMix = null;
    }
    const venueSums = new Map<string, Record<RoutedType, number>>();
    for (const s of monthly) {
      for (const v of s.venues) {
        let sums = venueSums.get(v.venue);
        if (!sums) venueSums.set(v.venue, sums = { market: 0, marketableLimit: 0 });
        for (const t of ROUTED) sums[t] += v.typePct[t] ?? 0;
      }
    }
    const venues = [...venueSums].map(([venue, s]) => ({
      venue,
      market: s.market / n,
      marketableLimit: s.marketableLimit / n,
    })).sort((a, b) =>
      b.market - a.market || b.marketableLimit - a.marketableLimit ||
      a.venue.localeCompare(b.venue)
    );
    const hhi = {} as Record<RoutedType, number | null>;
    const listedPct = {} as Record<RoutedType, number | null>;
    const hhiNormalised = {} as Record<RoutedType, number | null>;
    for (const t of ROUTED) {
      const c = routingConcentration(report, t).filter((x) => x.section === section);
      hhi[t] = mean(c.map((x) => x.hhi));
      listedPct[t] = mean(c.map((x) => x.listedPct));
      hhiNormalised[t] = mean(
        c.filter((x) => x.listedPct > 0).map((x) => x.hhi / (x.listedPct * x.listedPct) * 1e4),
      );
    }
    const payment = {} as Record<ModelOrderType, SectionPayment>;
    for (const t of MODEL_ORDER_TYPES) {
      const p = paymentRate(report, { section, type: t });
      payment[t] = {
        cph: Number.isFinite(p.cph) ? p.cph : null,
        usd: p.usd,
        impliedShares: p.shares,
      };
    }
    sections[section] = {
      months: n,
      ndoPct: mean(monthly.flatMap((s) => s.ndoPct ?? [])),
      ndoTypePct,
      typeMix,
      venues,
      hhi,
      listedPct,
      hhiNormalised,
      payment,
    };
  }
  const split = {} as Record<ModelOrderType, number | null>;
  for (const t of MODEL_ORDER_TYPES) {
    const a = sections.sp500.payment[t].impliedShares;
    const b = sections.otherStocks.payment[t].impliedShares;
    split[t] = a + b > 0 ? a / (a + b) : null;
  }
  return {
    source: report.source,
    broker: report.bd,
    year: report.year,
    quarter: report.quarter,
    months: report.months.map((m) => `${m.year}-${String(m.month).padStart(2, "0")}`),
    rows: report.rows,
    breaches: report.breaches.length,
    sections,
    sp500ShareOfImpliedShares: split,
  };
}

// ---------------------------------------------------------------------------
// The whole measurement

/** The files measured, relative to the shared directory. */
export const CROSS_SECTION_FILES = {
  spreads: "data/real/rule605/derived/TCDRG202212.txt.f605_mktble_df.csv",
  sizeGradient: "data/real/rule605/VIRTU0817.txt",
  routing: "data/real/rule606",
} as const;

/** The size-gradient block. */
export interface SizeGradientBlock {
  /** The file. */
  source: string;
  /** First 16 hex digits of its sha256. */
  sha256: string;
  /** Records read, used and rejected by the reader. */
  counts: RowCounts;
  /** Records breaking an invariant of genuine files (kept). */
  invariantBreaks: number;
  /** Market orders. */
  market: SizeGradient;
  /** Marketable limit orders. */
  marketableLimit: SizeGradient;
}

/** Everything measured. */
export interface CrossSection {
  /** Spreads by stock group and quoted-spread bucket. */
  spreads: SpreadCrossSection & { sha256: string };
  /** Spreads by order size. */
  sizeGradient: SizeGradientBlock;
  /** Routing and payment per broker quarter, by broker, year and quarter. */
  routing: (RoutingProfile & { sha256: string })[];
}

/**
 * The first 16 hex digits of the sha256 of some bytes (as the shared
 * README gives them).
 *
 * @example
 * ```ts
 * import { sha256Prefix } from "./crosssection.ts";
 * const h = await sha256Prefix(new TextEncoder().encode("abc"));
 * if (h !== "ba7816bf8f01cfea") throw new Error(h);
 * ```
 */
export async function sha256Prefix(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>),
  );
  return [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Reads a file's text and the sha256 prefix of its bytes; failures name the file. */
async function readSource(
  path: string,
  maxBytes = DEFAULT_MAX_BYTES,
): Promise<{ text: string; sha256: string }> {
  const bytes = await readDisclosureBytes(path, maxBytes);
  return { text: new TextDecoder().decode(bytes), sha256: await sha256Prefix(bytes) };
}

const relabel = (issues: Issue[], source: string) => issues.map((i) => ({ ...i, source }));

/**
 * Measures the whole cross-section from the shared directory (the one that
 * holds `data/real/`). Sources in the result are relative to it, so the
 * result does not depend on where it lies.
 *
 * @example
 * ```ts ignore
 * import { measureCrossSection } from "./crosssection.ts";
 * const cs = await measureCrossSection("../shared");
 * console.log(cs.spreads.groups.sp500.effectiveOverQuoted);
 * ```
 */
export async function measureCrossSection(shared: string): Promise<CrossSection> {
  const root = shared.endsWith("/") ? shared : `${shared}/`;

  const spreadFile = CROSS_SECTION_FILES.spreads;
  const s = await readSource(root + spreadFile);
  const table = readDerived605(s.text, { source: root + spreadFile });
  const spreads = spreadCrossSection(table);

  const virtuFile = CROSS_SECTION_FILES.sizeGradient;
  const v = await readSource(root + virtuFile);
  const virtu = readLegacy605(v.text, { source: root + virtuFile });

  const dir = root + CROSS_SECTION_FILES.routing;
  let names: string[];
  try {
    names = [...Deno.readDirSync(dir)].filter((e) => e.isFile && e.name.endsWith(".xml"))
      .map((e) => e.name).sort();
  } catch (e) {
    throw disclosureError(dir, `cannot list: ${(e as Error).message}`);
  }
  if (names.length === 0) throw disclosureError(dir, "no XML files");
  const routing: (RoutingProfile & { sha256: string })[] = [];
  for (const name of names) {
    const file = `${CROSS_SECTION_FILES.routing}/${name}`;
    const x = await readSource(root + file);
    const profile = routingProfile(readRule606(x.text, { source: root + file }));
    routing.push({ ...profile, source: file, sha256: x.sha256 });
  }
  routing.sort((a, b) =>
    a.broker.localeCompare(b.broker) || a.year - b.year || a.quarter - b.quarter
  );

  return {
    spreads: {
      ...spreads,
      source: spreadFile,
      rejected: relabel(spreads.rejected, spreadFile),
      sha256: s.sha256,
    },
    sizeGradient: {
      source: virtuFile,
      sha256: v.sha256,
      counts: virtu.counts,
      invariantBreaks: virtu.invariantBreaks.length,
      market: sizeGradient(virtu.rows, 11),
      marketableLimit: sizeGradient(virtu.rows, 12),
    },
    routing,
  };
}

/** Significant digits of the numbers written by {@linkcode crossSectionJson}. */
export const JSON_DIGITS = 6;

/**
 * The measurement as the JSON file `data/calibration/cross-section.json`:
 * a `$comment` naming each block's file and sha256 prefix, then the result,
 * with numbers that are not whole rounded to six significant digits (and
 * non-finite numbers written as null). Deterministic: the same files give
 * the same text.
 *
 * @example
 * ```ts
 * import { crossSectionJson, type CrossSection } from "./crosssection.ts";
 * const cs = { spreads: { source: "a.csv", sha256: "00" }, sizeGradient: { source: "b.txt",
 *   sha256: "11" }, routing: [{ source: "c.xml", sha256: "22", x: 1 / 3 }] };
 * const json = JSON.parse(crossSectionJson(cs as unknown as CrossSection));
 * if (json.routing[0].x !== 0.333333 || !json.$comment.includes("a.csv (sha256 00")) {
 *   throw new Error(JSON.stringify(json));
 * }
 * ```
 */
export function crossSectionJson(cs: CrossSection): string {
  const $comment = [
    "Written by scripts/measure.ts (lib/crosssection.ts); do not edit. Deterministic: no timestamps.",
    `spreads: ${cs.spreads.source} (sha256 ${cs.spreads.sha256}...), Citadel Securities Rule 605,`,
    "Dec 2022, market orders 100-499 shares; quoted spread in cents, spreads and improvement in $/share;",
    "index flags as the file gives them (stale: TSLA and AMD are flagged other Russell 1000).",
    `sizeGradient: ${cs.sizeGradient.source} (sha256 ${cs.sizeGradient.sha256}...), Virtu Americas`,
    "legacy Rule 605, Aug 2017.",
    "routing: Rule 606(a)(1) reports, each block naming its file and sha256:",
    cs.routing.map((r) => `${r.source} (${r.sha256}...)`).join(", ") + ".",
  ].join(" ");
  const round = (_key: string, v: unknown) => {
    if (typeof v !== "number") return v;
    if (!Number.isFinite(v)) return null;
    if (Number.isInteger(v)) return v;
    const r = Number(v.toPrecision(JSON_DIGITS));
    return Object.is(r, -0) ? 0 : r;
  };
  return JSON.stringify({ $comment, ...cs }, round, 2) + "\n";
}
