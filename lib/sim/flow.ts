/**
 * Retail order flow as columns: arrival time, security, side, size, type,
 * limit offset, life and whether the order is informed.
 *
 * Model, in words: each security receives its flow share of the day's
 * orders (tier flow share, then a Zipf law within the tier); arrivals spread
 * through the session by a mix of a uniform rate and a U shape (busy open and
 * close); sizes are drawn in dollars (a log-normal notional, as retail
 * investors think in dollars) and turned into whole shares at the stock's
 * price, so a $2,000 order is 400 shares of a $5 stock and 5 of a $400 one;
 * types are market, marketable limit (a few ticks through the far quote) and
 * non-marketable limit (a geometric number of ticks behind the near quote,
 * resting for an exponential life). A share of marketable orders carries
 * information: after them the midpoint moves in the order's direction by an
 * exponentially distributed number of half-spreads (the tier's mean), with
 * the flow's time constant. That is the adverse selection a liquidity
 * provider prices; how informed a broker's clientele is (`informedShare`) is
 * what a wholesaler prices when it buys that broker's flow.
 *
 * Every draw of order `i` uses counter `i` of its own named stream, so an
 * order is the same whether simulated alone, in a chunk or on a worker.
 *
 * @module
 */
import { z } from "zod";
import { parseWith } from "./validate.ts";
import type { Random } from "./random.ts";
import { inverseNormalCdf, uniformAt } from "./random.ts";
import type { Universe } from "./securities.ts";

/** Order types, in the order of their integer codes. */
export const ORDER_TYPES = ["market", "marketableLimit", "nonMarketableLimit"] as const;
/** An order type name. */
export type OrderTypeName = typeof ORDER_TYPES[number];
/** Code of a market order. */
export const MARKET = 0;
/** Code of a marketable limit order. */
export const MARKETABLE_LIMIT = 1;
/** Code of a non-marketable limit order. */
export const NON_MARKETABLE_LIMIT = 2;
/** The marketable order types (market and marketable limit: Rule 605's covered orders). */
export const MARKETABLE_TYPES: readonly number[] = [MARKET, MARKETABLE_LIMIT];
/** Every order type, by code. */
export const ALL_TYPES: readonly number[] = [MARKET, MARKETABLE_LIMIT, NON_MARKETABLE_LIMIT];

/** Size buckets for metrics: odd lots, then Rule 605's legacy buckets, then 10,000+. */
export const SIZE_BUCKETS = [
  { label: "1-99", min: 1, max: 99 },
  { label: "100-499", min: 100, max: 499 },
  { label: "500-1999", min: 500, max: 1999 },
  { label: "2000-4999", min: 2000, max: 4999 },
  { label: "5000-9999", min: 5000, max: 9999 },
  { label: "10000+", min: 10000, max: Infinity },
] as const;

/**
 * The size bucket code of an order of `size` shares.
 *
 * @example
 * ```ts
 * import { sizeBucket } from "./flow.ts";
 * if (sizeBucket(99) !== 0 || sizeBucket(100) !== 1 || sizeBucket(10000) !== 5) throw new Error();
 * ```
 */
export function sizeBucket(size: number): number {
  if (size < 100) return 0;
  if (size < 500) return 1;
  if (size < 2000) return 2;
  if (size < 5000) return 3;
  if (size < 10000) return 4;
  return 5;
}

const shareSum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

/** Shares of orders by type (market, marketable limit, non-marketable limit), summing to 1. */
export const TypeMixSchema = z.object({
  market: z.number().min(0).max(1),
  marketableLimit: z.number().min(0).max(1),
  nonMarketableLimit: z.number().min(0).max(1),
}).strict().refine((m) => Math.abs(shareSum(Object.values(m)) - 1) < 1e-9, {
  message: "typeMix shares must sum to 1",
});

/** Parameters of retail order flow. */
export const FlowSchema = z.object({
  buyShare: z.number().min(0).max(1),
  uShapeShare: z.number().min(0).max(1),
  typeMix: TypeMixSchema,
  /**
   * Order size in dollars: log-normal notional with this median and log-scale
   * standard deviation; shares = notional / price, whole shares, at least one.
   */
  notional: z.object({
    median: z.number().positive().max(1e7),
    logSd: z.number().min(0).max(4),
    /** The largest marketable order, $ (larger draws are cut to it). */
    max: z.number().positive().max(1e9).default(250_000),
  }).strict(),
  /** Share of marketable orders that carry information (the rest carry none). */
  informedShare: z.number().min(0).max(1),
  /** Time constant of an informed order's price move, seconds. */
  informedHorizonSeconds: z.number().positive(),
  marketableLimitSlackTicks: z.number().int().min(0).max(100),
  limitOffsetTicksMean: z.number().min(0).max(100),
  limitLifeMeanSeconds: z.number().positive(),
}).strict();

/** Validated flow parameters. */
export type FlowParams = z.infer<typeof FlowSchema>;

/**
 * Validates flow parameters; errors name `source` and the field.
 *
 * @example
 * ```ts
 * import { parseFlow } from "./flow.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const bad = { ...defaultScenario().flow, informedShare: 1.5 };
 * try { parseFlow(bad, "flow.json"); throw new Error("accepted"); }
 * catch (e) { if (!(e as Error).message.includes("flow.json: informedShare")) throw e; }
 * ```
 */
export function parseFlow(value: unknown, source = "flow"): FlowParams {
  return parseWith(FlowSchema, value, source);
}

/** Retail orders as columns. */
export interface Orders {
  /** Number of orders. */
  count: number;
  /** Global index of the first order (orders are `first .. first + count - 1`). */
  first: number;
  /** Arrival, seconds after the open. */
  time: Float64Array;
  /** Security index. */
  security: Uint16Array;
  /** +1 buy, -1 sell. */
  side: Int8Array;
  /** Shares. */
  size: Uint32Array;
  /** Order type code ({@linkcode ORDER_TYPES}). */
  type: Uint8Array;
  /**
   * Limit offset in ticks: for a marketable limit, how far through the far
   * quote (a buy's limit is ask + offset); for a non-marketable limit, how far
   * behind the near quote (a buy's limit is bid - offset). 0 for market orders.
   */
  limitOffsetTicks: Uint8Array;
  /** Life of a non-marketable limit, seconds (0 for marketable orders). */
  life: Float32Array;
  /**
   * The order's information: how far the midpoint moves in its direction
   * after it, in half-spreads at arrival, reached with the flow's time
   * constant (0: an uninformed order).
   */
  informed: Float32Array;
}

/** The largest order, shares (a notional draw beyond it is cut to it). */
export const MAX_ORDER_SHARES = 1_000_000;

/** Points in the tabulated inverse of the intraday arrival distribution. */
const ARRIVAL_TABLE = 4096;

/**
 * How many of a day's `total` orders each security receives: its flow share
 * of `total`, rounded by largest remainder (deterministic, so every chunk of
 * the day agrees). Returns the first global order index of each security,
 * with one extra entry equal to `total`.
 *
 * @example
 * ```ts
 * import { allocateOrders } from "./flow.ts";
 * const starts = allocateOrders(Float64Array.from([0.5, 0.75, 1]), 10);
 * if (starts.join() !== "0,5,8,10") throw new Error(starts.join());
 * ```
 */
export function allocateOrders(flowCdf: Float64Array, total: number): Float64Array {
  const n = flowCdf.length;
  const counts = new Float64Array(n);
  const remainders: [number, number][] = [];
  let assigned = 0;
  for (let k = 0; k < n; k++) {
    const exact = total * (flowCdf[k] - (k > 0 ? flowCdf[k - 1] : 0));
    counts[k] = Math.floor(exact);
    assigned += counts[k];
    remainders.push([exact - counts[k], k]);
  }
  remainders.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let r = 0; r < total - assigned; r++) counts[remainders[r][1]]++;
  const starts = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) starts[k + 1] = starts[k] + counts[k];
  return starts;
}

/**
 * The inverse of the intraday arrival distribution, tabulated: a mixture of
 * the uniform and the arcsine law (U-shaped: busy at the open and close).
 */
const arrivalInverseCache = new Map<number, Float64Array>();
function arrivalInverse(uShapeShare: number): Float64Array {
  const cached = arrivalInverseCache.get(uShapeShare);
  if (cached) return cached;
  const cdf = (x: number) =>
    (1 - uShapeShare) * x + uShapeShare * (2 / Math.PI) * Math.asin(Math.sqrt(x));
  const inv = new Float64Array(ARRIVAL_TABLE + 1);
  for (let g = 0; g <= ARRIVAL_TABLE; g++) {
    const y = g / ARRIVAL_TABLE;
    let lo = 0, hi = 1;
    for (let it = 0; it < 50; it++) {
      const mid = (lo + hi) / 2;
      if (cdf(mid) < y) lo = mid;
      else hi = mid;
    }
    inv[g] = (lo + hi) / 2;
  }
  arrivalInverseCache.set(uShapeShare, inv);
  return inv;
}

/** Which orders of a day to generate. */
export interface OrderRange {
  /** Global index of the first order. */
  first: number;
  /** Number of orders. */
  count: number;
}

/**
 * Generates a day of `total` orders, or the range `range` of it.
 *
 * Orders come grouped by security and, within a security, in time order
 * (arrivals are stratified: the `j`-th of a security's `n` orders arrives at
 * the `(j + u) / n` quantile of the intraday distribution), so the quote
 * lookups of successive orders stay in cache. Each order depends only on the
 * day's total and its own index: any split into ranges gives the same orders.
 *
 * @example
 * ```ts
 * import { Random } from "./random.ts";
 * import { buildUniverse } from "./securities.ts";
 * import { generateOrders } from "./flow.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const s = defaultScenario();
 * const random = new Random(1);
 * const universe = buildUniverse(s.universe, random);
 * const all = generateOrders(s.flow, universe, random, 1000);
 * const tail = generateOrders(s.flow, universe, random, 1000, 0, { first: 990, count: 10 });
 * if (tail.size[0] !== all.size[990] || tail.time[0] !== all.time[990]) throw new Error("chunks differ");
 * // Into a buffer reused chunk after chunk (views of its first `count` rows).
 * const buffer = generateOrders(s.flow, universe, random, 1000);
 * const again = generateOrders(s.flow, universe, random, 1000, 0, { first: 990, count: 10 }, buffer);
 * if (again.size.buffer !== buffer.size.buffer || again.size[0] !== all.size[990]) throw new Error();
 * ```
 */
export function generateOrders(
  flow: FlowParams,
  universe: Universe,
  random: Random,
  total: number,
  replication = 0,
  range: OrderRange = { first: 0, count: total },
  buffer?: Orders,
): Orders {
  if (!Number.isInteger(total) || total < 0) {
    throw new RangeError(`orders: expected a non-negative integer, got ${total}`);
  }
  const { first, count } = range;
  if (
    !Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 0 ||
    first + count > total
  ) {
    throw new RangeError(`range: orders ${first}..${first + count} are not within 0..${total}`);
  }
  const o: Orders = buffer && buffer.time.length >= count
    ? {
      count,
      first,
      time: buffer.time.subarray(0, count),
      security: buffer.security.subarray(0, count),
      side: buffer.side.subarray(0, count),
      size: buffer.size.subarray(0, count),
      type: buffer.type.subarray(0, count),
      limitOffsetTicks: buffer.limitOffsetTicks.subarray(0, count),
      life: buffer.life.subarray(0, count),
      informed: buffer.informed.subarray(0, count),
    }
    : {
      count,
      first,
      time: new Float64Array(count),
      security: new Uint16Array(count),
      side: new Int8Array(count),
      size: new Uint32Array(count),
      type: new Uint8Array(count),
      limitOffsetTicks: new Uint8Array(count),
      life: new Float32Array(count),
      informed: new Float32Array(count),
    };
  const s = (name: string) => random.stream(name, replication);
  const sTime = s("flow.time");
  const sSide = s("flow.side"), sType = s("flow.type");
  const sSize = s("flow.notional"), sInf = s("flow.informed"), sInfo = s("flow.information");
  const sLimit = s("flow.limit"), sLife = s("flow.life");

  const T = universe.sessionSeconds;
  const starts = allocateOrders(universe.flowCdf, total);
  const inverse = arrivalInverse(flow.uShapeShare);
  const pMarket = flow.typeMix.market;
  const pMarketable = pMarket + flow.typeMix.marketableLimit;
  // Geometric offsets with the given mean: P(k) = (1 - q) q^k.
  const q = flow.limitOffsetTicksMean / (1 + flow.limitOffsetTicksMean);
  const logQ = Math.log(q);

  // The loop's invariants and columns as locals (the loop runs once per order).
  const buyShare = flow.buyShare, informedShare = flow.informedShare;
  const median = flow.notional.median, logSd = flow.notional.logSd, maxNotional = flow.notional.max;
  const slack = flow.marketableLimitSlackTicks + 1, lifeMean = flow.limitLifeMeanSeconds;
  const price = universe.price, impact = universe.impactHalfSpreads;
  const { time, security, side, size: sizes, type: types, limitOffsetTicks, life, informed } = o;
  let k = 0;
  while (k < universe.count - 1 && starts[k + 1] <= first) k++;
  for (let n = 0; n < count; n++) {
    const i = first + n;
    // Security: the one whose block of the day's orders holds i.
    while (starts[k + 1] <= i) k++;
    security[n] = k;
    // Arrival: stratified within the security, through the intraday inverse CDF.
    const x = ((i - starts[k]) + uniformAt(sTime.k0, sTime.k1, i)) / (starts[k + 1] - starts[k]);
    const g = x * ARRIVAL_TABLE;
    const g0 = Math.floor(g);
    const at = g0 >= ARRIVAL_TABLE
      ? inverse[ARRIVAL_TABLE]
      : inverse[g0] + (g - g0) * (inverse[g0 + 1] - inverse[g0]);
    time[n] = T * at;
    side[n] = uniformAt(sSide.k0, sSide.k1, i) < buyShare ? 1 : -1;
    // Size: a log-normal notional in dollars, in whole shares at the stock's price.
    const drawn = median * Math.exp(logSd * inverseNormalCdf(uniformAt(sSize.k0, sSize.k1, i)));
    const notional = drawn > maxNotional ? maxNotional : drawn;
    const shares = Math.round(notional / price[k]);
    sizes[n] = shares < 1 ? 1 : shares > MAX_ORDER_SHARES ? MAX_ORDER_SHARES : shares;
    const uty = uniformAt(sType.k0, sType.k1, i);
    const type = uty < pMarket
      ? MARKET
      : uty < pMarketable
      ? MARKETABLE_LIMIT
      : NON_MARKETABLE_LIMIT;
    types[n] = type;
    const ul = uniformAt(sLimit.k0, sLimit.k1, i);
    // Every column is written for every order (a reused buffer holds the last chunk's values).
    life[n] = 0;
    informed[n] = 0;
    if (type === MARKETABLE_LIMIT) {
      limitOffsetTicks[n] = Math.floor(ul * slack);
    } else if (type === NON_MARKETABLE_LIMIT) {
      const k = q > 0 ? Math.floor(Math.log(ul) / logQ) : 0;
      limitOffsetTicks[n] = k > 255 ? 255 : k;
      life[n] = -lifeMean * Math.log(uniformAt(sLife.k0, sLife.k1, i));
    } else {
      limitOffsetTicks[n] = 0;
    }
    if (type !== NON_MARKETABLE_LIMIT && uniformAt(sInf.k0, sInf.k1, i) < informedShare) {
      // Exponential across informed orders, with the tier's mean move.
      informed[n] = -impact[k] * Math.log(uniformAt(sInfo.k0, sInfo.k1, i));
    }
  }
  return o;
}
