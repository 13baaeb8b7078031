/**
 * The regulator's reports of a simulated month: a broker's Rule 606(a)(1)
 * routing report, and Rule 605 execution-quality reports in the legacy layout
 * and in the amended summary layout, from simulated days (the results of
 * `runPolicy`, `simulateDay` or `comparePolicies`). Write them with
 * {@linkcode import("./rule606_write.ts").writeRule606Xml},
 * {@linkcode import("./rule605_legacy.ts").writeLegacy605} and
 * {@linkcode import("./rule605_summary.ts").writeOes}.
 *
 * Conventions, in plain words:
 *
 * - 606: every simulated order is non-directed; S&P 500 names form the S&P
 *   500 section, the other tiers the "other stocks" section; there are no
 *   options and no "other" orders (their shares are "not meaningful"). The
 *   net payment is the payment for order flow received less the fees paid
 *   (rebates count as negative fees), per venue the broker routed to; cents
 *   per hundred shares are per hundred shares executed.
 * - Legacy 605: market orders are type 11, marketable limits 12, resting
 *   limits at the quote 14 and within $0.10 of it 15 (the model has no
 *   inside-the-quote limits, type 13); orders of 100 to 9,999 shares are
 *   covered. Shares not executed count as cancelled. Executions later than 30
 *   minutes fall in no time bucket (the format has none), as the rule says.
 *   Realized spreads use the midpoint 5 minutes after execution.
 * - Amended detailed: see {@linkcode detailed605FromSimulation}.
 * - Amended summary: market and marketable limit orders by S&P 500 flag and
 *   notional size (shares x arrival midpoint; see `lib/rule605.ts`, whose
 *   {@linkcode import("../analysis/rule605.ts").summaryColumns} computes the columns).
 *
 * Without `venue`, a report covers every order of the broker (the amended
 * rule makes large brokers report too); with `venue`, only the orders routed
 * to that venue, as its market-center report would.
 *
 * @module
 */
import type { DayResult } from "../sim/simulate.ts";
import { MetricsAccumulator } from "../analysis/metrics.ts";
import { TIERS } from "../sim/securities.ts";
import { MARKET, MARKETABLE_LIMIT, NON_MARKETABLE_LIMIT, sizeBucket } from "../sim/flow.ts";
import { NOTIONAL_BUCKETS, notionalBucket, summaryColumns } from "../analysis/rule605.ts";
import type { Orders } from "../sim/flow.ts";
import type { Outcomes } from "../sim/execution.ts";
import type { Ledger } from "../sim/ledger.ts";
import {
  type Rule606OrderType,
  type Rule606Report,
  type Rule606Section,
  type Rule606Venue,
} from "./rule606.ts";
import type { Legacy605Row } from "./rule605_legacy.ts";
import { OES_STATISTICS, type OesRow } from "./rule605_summary.ts";
import type { Detailed605Row } from "./rule605_detailed.ts";

/** One simulated month: its days (each a `DayResult`). */
export interface SimulatedMonth {
  /** Year. */
  year: number;
  /** Month, 1-12. */
  month: number;
  /** The month's simulated days (same venues in each). */
  days: DayResult[];
}

function checkMonth(yyyymm: number): void {
  if (!Number.isInteger(yyyymm) || !/^\d{4}(0[1-9]|1[0-2])$/.test(String(yyyymm))) {
    throw new RangeError(`month: expected yyyymm, got ${yyyymm}`);
  }
}

function venueIndex(day: DayResult, venue: string | undefined): number {
  if (venue === undefined) return -1;
  const v = day.venues.ids.indexOf(venue);
  if (v < 0) {
    throw new RangeError(`venue: unknown venue "${venue}" (known: ${day.venues.ids.join(", ")})`);
  }
  return v;
}

function aspects(day: DayResult, id: string): string {
  const v = day.venues.venues.find((x) => x.id === id);
  if (!v) return "Simulated venue.";
  const usd = (x: number) => `$${x.toFixed(4)}`;
  switch (v.kind) {
    case "lit":
      return `Simulated exchange ${v.id}: take fee ${usd(v.takeFee)} and make rebate ` +
        `${usd(v.makeRebate)} per share (pfof-lab).`;
    case "wholesaler":
      return `Simulated ${v.affiliated ? "affiliated " : ""}wholesaler ${v.id}: pays ` +
        `${usd(v.paymentPerShare.sp500.market)} per share for S&P 500 market orders (pfof-lab).`;
    case "dark":
      return `Simulated dark pool ${v.id}: access fee ${usd(v.accessFee)} per share (pfof-lab).`;
    default:
      return `Simulated order-by-order auction ${v.id}: no payment for order flow (pfof-lab).`;
  }
}

/**
 * A Rule 606(a)(1) report of one to three simulated months of one quarter.
 *
 * @example
 * ```ts
 * import { comparePolicies } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * import { rule606FromSimulation } from "./simulated.ts";
 * const [paid] = comparePolicies(defaultScenario(), [{ kind: "max-payment" }], { orders: 2000, seed: 1 });
 * const report = rule606FromSimulation([{ year: 2026, month: 7, days: [paid] }], { bd: "Sim Broker" });
 * const sp500 = report.months[0].sections[0];
 * const pct = sp500.venues.reduce((s, v) => s + (v.orderPct ?? 0), 0);
 * if (report.quarter !== 3 || Math.abs(pct - 100) > 1e-9) throw new Error();
 * ```
 */
export function rule606FromSimulation(
  months: SimulatedMonth[],
  options: { bd: string; timestamp?: string },
): Rule606Report {
  if (months.length < 1 || months.length > 3) {
    throw new RangeError(`months: a 606 report covers one to three months, got ${months.length}`);
  }
  const year = months[0].year;
  const quarter = Math.ceil(months[0].month / 3);
  for (const m of months) {
    if (m.year !== year || Math.ceil(m.month / 3) !== quarter || !(m.month >= 1 && m.month <= 12)) {
      throw new RangeError(`months: ${m.year}-${m.month} is not in ${year} Q${quarter}`);
    }
    if (m.days.length === 0) throw new RangeError(`months: ${m.year}-${m.month} has no days`);
  }
  const out: Rule606Report = {
    source: "simulation",
    version: "1.3",
    bd: options.bd,
    year,
    quarter,
    timestamp: options.timestamp ?? null,
    months: [],
    rows: { read: 0, used: 0, rejected: 0 },
    rejected: [],
    breaches: [],
  };
  const types: Rule606OrderType[] = ["market", "marketableLimit", "nonMarketableLimit"];
  for (const m of months) {
    const ids = m.days[0].venues.ids;
    const acc = new MetricsAccumulator(ids);
    for (const d of m.days) acc.merge(d.metrics);
    // Per section, venue and type: orders, executed shares and net payment.
    type Cell = { orders: number; filled: number; net: number };
    const cells = new Map<string, Cell>();
    const get = (key: string) => {
      let c = cells.get(key);
      if (!c) cells.set(key, c = { orders: 0, filled: 0, net: 0 });
      return c;
    };
    for (const r of acc.summarize(["tier", "venue", "type"])) {
      const section: Rule606Section = r.tier === TIERS[0] ? "sp500" : "otherStocks";
      for (const key of [`${section}|${r.venue}|${r.type}`, `${section}||${r.type}`]) {
        const c = get(key);
        c.orders += r.orders;
        c.filled += r.filledShares;
        c.net += r.payment - r.brokerFees;
      }
    }
    const sections = (["sp500", "otherStocks"] as const).flatMap((section) => {
      const total = types.reduce((s, t) => s + (cells.get(`${section}||${t}`)?.orders ?? 0), 0);
      if (total === 0) return [];
      const ndoTypePct = {} as Record<Rule606OrderType, number | null>;
      for (const t of types) {
        ndoTypePct[t] = 100 * (cells.get(`${section}||${t}`)?.orders ?? 0) / total;
      }
      ndoTypePct.other = 0;
      const venues: Rule606Venue[] = [];
      for (const id of ids) {
        const vc = types.map((t) => cells.get(`${section}|${id}|${t}`));
        const orders = vc.reduce((s, c) => s + (c?.orders ?? 0), 0);
        if (orders === 0) continue;
        const typePct = {} as Record<Rule606OrderType, number | null>;
        const netUsd = {} as Record<Rule606OrderType, number | null>;
        const netCph = {} as Record<Rule606OrderType, number | null>;
        types.forEach((t, k) => {
          const all = cells.get(`${section}||${t}`)?.orders ?? 0;
          typePct[t] = all > 0 ? 100 * (vc[k]?.orders ?? 0) / all : null;
          netUsd[t] = vc[k]?.net ?? 0;
          netCph[t] = vc[k] && vc[k]!.filled > 0 ? 1e4 * vc[k]!.net / vc[k]!.filled : null;
        });
        typePct.other = netUsd.other = netCph.other = null;
        const name = m.days[0].venues.venues.find((v) => v.id === id)?.name ?? id;
        venues.push({
          line: 0,
          year: m.year,
          month: m.month,
          section,
          name: name.slice(0, 80),
          mic: null,
          mpid: null,
          venue: name.slice(0, 80),
          orderPct: 100 * orders / total,
          typePct,
          netUsd,
          netCph,
          materialAspects: aspects(m.days[0], id),
        });
      }
      venues.sort((a, b) => b.orderPct! - a.orderPct!);
      out.rows.read += venues.length;
      out.rows.used += venues.length;
      return [{ line: 0, year: m.year, month: m.month, section, ndoPct: 100, ndoTypePct, venues }];
    });
    out.months.push({ line: 0, year: m.year, month: m.month, sections });
  }
  return out;
}

/** Options of the Rule 605 reports of a simulation. */
export interface Simulated605Options {
  /** Report month, yyyymm. */
  month: number;
  /** Designated participant code (default "T", FINRA). */
  participant?: string;
  /** Code of the reporting market center or broker (default "SIMX"). */
  entity?: string;
  /** Only orders routed to this venue id (default: all the broker's orders). */
  venue?: string;
  /** Symbol of each security (default S001, S002, ...). */
  symbols?: string[];
}

/** Sums kept per legacy record. */
const L = {
  orders: 0,
  shares: 1,
  cancelled: 2,
  here: 3,
  away: 4,
  b0: 5,
  realized: 10,
  effective: 11,
  imp: 12,
  impSum: 13,
  impTime: 14,
  at: 15,
  atTime: 16,
  out: 17,
  outSum: 18,
  outTime: 19,
} as const;

/**
 * Legacy Rule 605 records of simulated days (see the module doc for the
 * conventions), sorted by symbol, order type and size.
 *
 * @example
 * ```ts
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * import { legacy605FromSimulation } from "./simulated.ts";
 * const day = simulateDay(defaultScenario(), { kind: "max-payment" }, { orders: 3000, seed: 2 });
 * const rows = legacy605FromSimulation([day], { month: 202607 });
 * for (const r of rows) {
 *   if (r.coveredShares !== r.cancelledShares + r.executedHere + r.executedAway) throw new Error();
 * }
 * ```
 */
export function legacy605FromSimulation(
  days: DayResult[],
  options: Simulated605Options,
): Legacy605Row[] {
  checkMonth(options.month);
  const sums = new Map<string, Float64Array>();
  for (const day of days) {
    const { orders: o, outcomes: r } = day;
    const v = venueIndex(day, options.venue);
    const tick = day.universe.tickSize;
    const m300 = r.markout[3];
    for (let i = 0; i < o.count; i++) {
      if (v >= 0 && r.venue[i] !== v) continue;
      const q = o.size[i];
      const sb = sizeBucket(q);
      if (sb < 1 || sb > 4) continue;
      const t = o.type[i];
      const offset = o.limitOffsetTicks[i] * tick;
      const code = t === MARKET
        ? 11
        : t === MARKETABLE_LIMIT
        ? 12
        : offset < 1e-9
        ? 14
        : offset <= 0.10 + 1e-9
        ? 15
        : 0;
      if (code === 0) continue;
      const key = `${o.security[i]}|${code}|${20 + sb}`;
      let s = sums.get(key);
      if (!s) sums.set(key, s = new Float64Array(20));
      const f = r.filled[i];
      s[L.orders] += 1;
      s[L.shares] += q;
      s[L.cancelled] += q - f;
      if (f === 0) continue;
      if (v >= 0 && r.execVenue[i] !== v) s[L.away] += f;
      else s[L.here] += f;
      const seconds = r.latencyMs[i] / 1000;
      const bucket = seconds < 10
        ? 0
        : seconds < 30
        ? 1
        : seconds < 60
        ? 2
        : seconds < 300
        ? 3
        : seconds < 1800
        ? 4
        : -1;
      if (bucket >= 0) s[L.b0 + bucket] += f;
      const side = o.side[i];
      const p = r.price[i];
      s[L.realized] += f * 2 * side * (p - m300[i]);
      if (code > 12) continue;
      s[L.effective] += f * 2 * side * (p - r.arrivalMid[i]);
      const pi = r.priceImprovement[i];
      if (pi > 1e-9) {
        s[L.imp] += f;
        s[L.impSum] += f * pi;
        s[L.impTime] += f * seconds;
      } else if (pi < -1e-9) {
        s[L.out] += f;
        s[L.outSum] -= f * pi;
        s[L.outTime] += f * seconds;
      } else {
        s[L.at] += f;
        s[L.atTime] += f * seconds;
      }
    }
  }
  const per = (x: number, n: number) => (n > 0 ? x / n : 0);
  const keys = [...sums.keys()].map((k) => k.split("|").map(Number));
  keys.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  return keys.map(([k, code, size], n) => {
    const s = sums.get(`${k}|${code}|${size}`)!;
    const executed = s[L.here] + s[L.away];
    const marketable = code <= 12;
    return {
      line: n + 1,
      participant: options.participant ?? "T",
      marketCenter: options.entity ?? "SIMX",
      month: String(options.month),
      symbol: options.symbols?.[k] ?? `S${String(k + 1).padStart(3, "0")}`,
      orderType: code,
      sizeCode: size,
      coveredOrders: s[L.orders],
      coveredShares: s[L.shares],
      cancelledShares: s[L.cancelled],
      executedHere: s[L.here],
      executedAway: s[L.away],
      executed0to9s: s[L.b0],
      executed10to29s: s[L.b0 + 1],
      executed30to59s: s[L.b0 + 2],
      executed60to299s: s[L.b0 + 3],
      executed5to30min: s[L.b0 + 4],
      realizedSpread: per(s[L.realized], executed),
      effectiveSpread: marketable ? per(s[L.effective], executed) : null,
      improvedShares: marketable ? s[L.imp] : null,
      improvementPerShare: marketable ? per(s[L.impSum], s[L.imp]) : null,
      improvedSeconds: marketable ? per(s[L.impTime], s[L.imp]) : null,
      atQuoteShares: marketable ? s[L.at] : null,
      atQuoteSeconds: marketable ? per(s[L.atTime], s[L.at]) : null,
      outsideShares: marketable ? s[L.out] : null,
      outsidePerShare: marketable ? per(s[L.outSum], s[L.out]) : null,
      outsideSeconds: marketable ? per(s[L.outTime], s[L.out]) : null,
    };
  });
}

/** Copies the entries `index` of every per-order column of `columns`. */
function gather<T extends object>(columns: T, index: Uint32Array): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(columns)) {
    if (ArrayBuffer.isView(value)) {
      const src = value as unknown as Float64Array;
      const dst = new (src.constructor as Float64ArrayConstructor)(index.length);
      for (let j = 0; j < index.length; j++) dst[j] = src[index[j]];
      out[name] = dst;
    } else if (Array.isArray(value)) {
      out[name] = value.map((col) => gather({ col }, index).col);
    } else out[name] = name === "count" ? index.length : name === "first" ? 0 : value;
  }
  return out as T;
}

/**
 * The amended Rule 605 summary report of simulated days: per S&P 500 flag,
 * order type (M, ML) and notional size, and for all sizes under $200k
 * together (199999), the SEC's twelve statistics. The average notional order
 * size is the notional of the orders at receipt (shares x arrival midpoint)
 * per order, executed or not; a record whose orders had no execution gives
 * the two average sizes only and leaves the other statistics empty, as the
 * specification asks.
 *
 * @example
 * ```ts
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * import { oesFromSimulation } from "./simulated.ts";
 * const day = simulateDay(defaultScenario(), { kind: "best-execution" }, { orders: 3000, seed: 2 });
 * const rows = oesFromSimulation([day], { month: 202608 });
 * const all = rows.find((r) => r.Sp500 === "Y" && r.OrderType === "M" && r.OrderSize === 199999)!;
 * if (!(all.PctExctdAtQuotOrBetter! >= all.PctExctdPI!)) throw new Error();
 * ```
 */
export function oesFromSimulation(days: DayResult[], options: Simulated605Options): OesRow[] {
  checkMonth(options.month);
  if (options.month < 202501) throw new RangeError(`month: the summary report starts in 202501`);
  const N = NOTIONAL_BUCKETS.length;
  const ids = days[0]?.venues.ids ?? [];
  // Accumulators per S&P 500 flag (0 = Y) and notional bucket.
  const accs = Array.from({ length: 2 * N }, () => new MetricsAccumulator(ids));
  // Notional of the covered orders at receipt (shares x arrival midpoint) and
  // their count, per group and order type: the average notional order size
  // of the rule (field 9 of the detailed report over field 8), whether or not
  // the orders were executed.
  const ordered = new Float64Array(2 * N * 2);
  const counted = new Float64Array(2 * N * 2);
  for (const day of days) {
    const { orders: o, outcomes: r, ledger, universe } = day;
    const v = venueIndex(day, options.venue);
    const group = new Int16Array(o.count).fill(-1);
    const sizes = new Uint32Array(2 * N);
    for (let i = 0; i < o.count; i++) {
      if (o.type[i] === NON_MARKETABLE_LIMIT || (v >= 0 && r.venue[i] !== v)) continue;
      const sp = universe.tier[o.security[i]] === 0 ? 0 : 1;
      const notional = o.size[i] * r.arrivalMid[i];
      group[i] = sp * N + notionalBucket(notional);
      sizes[group[i]]++;
      ordered[2 * group[i] + o.type[i]] += notional;
      counted[2 * group[i] + o.type[i]]++;
    }
    for (let g = 0; g < 2 * N; g++) {
      if (sizes[g] === 0) continue;
      const index = new Uint32Array(sizes[g]);
      for (let i = 0, j = 0; i < o.count; i++) if (group[i] === g) index[j++] = i;
      accs[g].add(
        gather<Orders>(o, index),
        gather<Outcomes>(r, index),
        gather<Ledger>(ledger, index),
        universe.tier,
      );
    }
  }
  const rows: OesRow[] = [];
  for (let sp = 0; sp < 2; sp++) {
    const under = new MetricsAccumulator(ids);
    for (let b = 0; b < N - 1; b++) under.merge(accs[sp * N + b]);
    for (const type of [MARKET, MARKETABLE_LIMIT]) {
      const groups = (bs: number[]) => bs.map((b) => 2 * (sp * N + b) + type);
      const below = Array.from({ length: N - 1 }, (_, b) => b);
      const sizes: [number, MetricsAccumulator, number[]][] = [
        ...NOTIONAL_BUCKETS.slice(0, N - 1).map((nb, b) =>
          [nb.code, accs[sp * N + b], groups([b])] as [number, MetricsAccumulator, number[]]
        ),
        [199999, under, groups(below)],
        [NOTIONAL_BUCKETS[N - 1].code, accs[sp * N + N - 1], groups([N - 1])],
      ];
      for (const [code, acc, cells] of sizes) {
        const [metrics] = acc.summarize([], { types: [type] });
        const orders = cells.reduce((s, c) => s + counted[c], 0);
        if (!metrics || orders === 0) continue;
        const columns = summaryColumns(metrics) as unknown as Record<string, number>;
        // A record with orders but no executions gives the two sizes only (the
        // specification's note 2); the other statistics are left empty.
        const executed = metrics.filledShares > 0;
        const stats = Object.fromEntries(
          OES_STATISTICS.map((c) => [
            c,
            executed && Number.isFinite(columns[c]) ? columns[c] : null,
          ]),
        );
        stats.AvgOrderQty = metrics.shares / metrics.orders;
        stats.AvgOrderSize = cells.reduce((s, c) => s + ordered[c], 0) / orders;
        rows.push({
          line: rows.length + 2,
          DsgntParticipant: options.participant ?? "T",
          RprtEntityCd: options.entity ?? "SIMX",
          RptDate: options.month,
          Sp500: sp === 0 ? "Y" : "N",
          OrderSize: code,
          OrderType: type === MARKET ? "M" : "ML",
          ...stats,
        } as OesRow);
      }
    }
  }
  return rows;
}

/** Sums kept per detailed record. */
const D = {
  orders: 0,
  notional: 1,
  shares: 2,
  cancelled: 3,
  here: 4,
  away: 5,
  t0: 6, // eight time buckets: 6-13
  realized: 14, // 1 s, 15 s, 1 min, 5 min: 14-17
  mid: 18,
  quoted: 19,
  effective: 20,
  imp: 21,
  impSum: 22,
  impTime: 23,
  at: 24,
  atTime: 25,
  out: 26,
  outSum: 27,
  outTime: 28,
  filledOrders: 29,
  filledTime: 30,
} as const;
/** Upper ends of the detailed report's time buckets, ms (the last is open). */
const DETAILED_BUCKET_MS = [0.1, 1, 10, 1000, 10_000, 30_000, 300_000];
/** The model's order types as detailed-report codes: market, marketable limit, resting limit. */
const DETAILED_TYPES = ["MXXNN", "LYNNN", "LNNNN"];

/**
 * Amended Rule 605 detailed records of simulated days, sorted by symbol, lot
 * size, notional size and order type. Conventions as for the other reports
 * (see the module doc), and: market orders are `MXXNN`, marketable limits
 * `LYNNN`, resting limits `LNNNN` (executable non-marketable); orders of
 * 100 shares or more are `ROUND` lots, smaller ones `ODD`; an order's
 * notional is its shares times the midpoint at receipt; realized spreads are
 * measured 1 s, 15 s, 1 min and 5 min after execution (the model has no
 * 50 ms midpoint: that field is empty); percentages are fractions of the
 * average midpoint of the executions; times are milliseconds. The
 * price-improvement, quote and effective-spread fields are given for market
 * and marketable orders only.
 *
 * @example
 * ```ts
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * import { detailed605FromSimulation } from "./simulated.ts";
 * const day = simulateDay(defaultScenario(), { kind: "max-payment" }, { orders: 3000, seed: 2 });
 * const rows = detailed605FromSimulation([day], { month: 202608 });
 * const orders = rows.reduce((s, r) => s + r.CvrdOrderCnt!, 0);
 * if (orders !== 3000) throw new Error(String(orders));
 * ```
 */
export function detailed605FromSimulation(
  days: DayResult[],
  options: Simulated605Options,
): Detailed605Row[] {
  checkMonth(options.month);
  const sums = new Map<string, Float64Array>();
  for (const day of days) {
    const { orders: o, outcomes: r } = day;
    const v = venueIndex(day, options.venue);
    const marks = [0, 1, 2, 3].map((h) => r.markout[h]);
    for (let i = 0; i < o.count; i++) {
      if (v >= 0 && r.venue[i] !== v) continue;
      const q = o.size[i];
      const t = o.type[i];
      const notional = q * r.arrivalMid[i];
      const key = `${o.security[i]}|${q >= 100 ? 0 : 1}|${notionalBucket(notional)}|${t}`;
      let s = sums.get(key);
      if (!s) sums.set(key, s = new Float64Array(31));
      const f = r.filled[i];
      s[D.orders] += 1;
      s[D.notional] += notional;
      s[D.shares] += q;
      s[D.cancelled] += q - f;
      if (f === 0) continue;
      if (v >= 0 && r.execVenue[i] !== v) s[D.away] += f;
      else s[D.here] += f;
      const ms = r.latencyMs[i];
      let bucket = 0;
      while (bucket < DETAILED_BUCKET_MS.length && ms >= DETAILED_BUCKET_MS[bucket]) bucket++;
      s[D.t0 + bucket] += f;
      if (f === q) {
        s[D.filledOrders] += 1;
        s[D.filledTime] += ms;
      }
      const side = o.side[i];
      const p = r.price[i];
      for (let h = 0; h < 4; h++) s[D.realized + h] += f * 2 * side * (p - marks[h][i]);
      s[D.mid] += f * r.arrivalMid[i];
      if (t > 1) continue;
      s[D.quoted] += f * r.arrivalSpread[i];
      s[D.effective] += f * 2 * side * (p - r.arrivalMid[i]);
      const pi = r.priceImprovement[i];
      if (pi > 1e-9) {
        s[D.imp] += f;
        s[D.impSum] += f * pi;
        s[D.impTime] += f * ms;
      } else if (pi < -1e-9) {
        s[D.out] += f;
        s[D.outSum] -= f * pi;
        s[D.outTime] += f * ms;
      } else {
        s[D.at] += f;
        s[D.atTime] += f * ms;
      }
    }
  }
  const per = (x: number, n: number) => (n > 0 ? x / n : null);
  const keys = [...sums.keys()].map((k) => k.split("|").map(Number));
  keys.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
  return keys.map(([k, lot, nb, t], n) => {
    const s = sums.get(`${k}|${lot}|${nb}|${t}`)!;
    const executed = s[D.here] + s[D.away];
    const marketable = t <= 1;
    const mid = per(s[D.mid], executed);
    const realized = [0, 1, 2, 3].map((h) => per(s[D.realized + h], executed));
    const pct = (x: number | null) => (x === null || mid === null || mid === 0 ? null : x / mid);
    const effective = marketable ? per(s[D.effective], executed) : null;
    const quoted = marketable ? per(s[D.quoted], executed) : null;
    const m = (x: number | null) => (marketable ? x : null);
    return {
      line: n + 2,
      DsgntParticipant: options.participant ?? "T",
      RprtEntityCd: options.entity ?? "SIMX",
      RptDate: options.month,
      Symbol: options.symbols?.[k] ?? `S${String(k + 1).padStart(3, "0")}`,
      LotSizeFlag: lot === 0 ? "ROUND" : "ODD",
      OrderSize: NOTIONAL_BUCKETS[nb].code,
      OrderType: DETAILED_TYPES[t],
      CvrdOrderCnt: s[D.orders],
      CvrdOrderSize: s[D.notional],
      CvrdOrderQty: s[D.shares],
      CvrdOrderCnclQty: s[D.cancelled],
      CvrdOrderExctdQty: s[D.here],
      CvrdOrderExctdAwayQty: s[D.away],
      CvrdOrderQtyto100microsec: s[D.t0],
      CvrdOrderQtyto1millisec: s[D.t0 + 1],
      CvrdOrderQtyto10millisec: s[D.t0 + 2],
      CvrdOrderQtyto1sec: s[D.t0 + 3],
      CvrdOrderQtyto10sec: s[D.t0 + 4],
      CvrdOrderQtyto30sec: s[D.t0 + 5],
      CvrdOrderQtyto5min: s[D.t0 + 6],
      CvrdOrderQtyOthr: s[D.t0 + 7],
      AvgRealSprd50millisec: null,
      AvgRealSprdPct50millisec: null,
      AvgRealSprd1sec: realized[0],
      AvgRealSprdPct1sec: pct(realized[0]),
      AvgRealSprd15sec: realized[1],
      AvgRealSprdPct15sec: pct(realized[1]),
      AvgRealSprd1min: realized[2],
      AvgRealSprdPct1min: pct(realized[2]),
      AvgRealSprd5min: realized[3],
      AvgRealSprdPct5min: pct(realized[3]),
      ExctdOrderMidPtAvg: mid,
      ExctdOrderAvgQuotSprd: quoted,
      AvgEffctvSprd: effective,
      AvgEffctvSprdPct: pct(effective),
      AvgEFQPct: effective === null || !quoted ? null : effective / quoted,
      ExctdPIOrdersQty: m(s[D.imp]),
      ExctdPIOrdWghtdAvgAmtPerShare: m(per(s[D.impSum], s[D.imp])),
      ExctdPIOrdWghtdAvgTime: m(per(s[D.impTime], s[D.imp])),
      ExctdOrderAtQuotQty: m(s[D.at]),
      ExctdAtQuotOrdWghtdAvgTime: m(per(s[D.atTime], s[D.at])),
      ExctdOrderOutQuotQty: m(s[D.out]),
      ExctdOutQuotOrdWghtdAvgAmt: m(per(s[D.outSum], s[D.out])),
      ExctdOutQuotOrdWghtdAvgTime: m(per(s[D.outTime], s[D.out])),
      ExctdPIOrderRltvBestPrQty: null,
      ExctdPIOrderRltvBestPrWghtdAvg: null,
      ExctdOrderAtBestPrQty: null,
      ExctdOrderOutBestPrQty: null,
      ExctdOrderOutBestPrWghtdAvgAmt: null,
      ExctdOrderSizeBnchmrkQty: null,
      ExctdSIOutsizedQty: null,
      FilledOrderCnt: s[D.filledOrders],
      RegExctdOrderQty: null,
      RegExctdOrderOnXchngQty: null,
      FilledOrderWghtdAvgTime: per(s[D.filledTime], s[D.filledOrders]),
    };
  });
}
