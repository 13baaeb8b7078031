/**
 * The universe of securities: tiers (S&P 500, other NMS stocks, low-priced
 * stocks under $5) and, per security, price, volatility, typical quoted
 * spread in ticks and quoted depth, as columns.
 *
 * @module
 */
import { z } from "zod";
import { parseWith } from "./validate.ts";
import { inverseNormalCdf, type Random } from "./random.ts";

/** Tier names, in the order of their integer codes. */
export const TIERS = ["sp500", "otherNms", "lowPriced"] as const;
/** A tier name. */
export type TierName = typeof TIERS[number];

/** Parameters of one tier of securities. */
export const TierSchema = z.object({
  tier: z.enum(TIERS),
  label: z.string().min(1),
  securities: z.number().int().min(1).max(2000),
  flowShare: z.number().min(0).max(1),
  priceMin: z.number().positive(),
  priceMax: z.number().positive(),
  /** Median price of the tier's stocks, weighted by retail orders, $ (log-normal between the bounds). */
  priceMedian: z.number().positive(),
  /** Log-scale standard deviation of price across the tier's stocks. */
  priceLogSd: z.number().min(0).max(5),
  annualVolatility: z.number().positive().max(5),
  /** Median quoted spread of a stock at the tier's median price, ticks. */
  spreadTicks: z.number().min(1).max(200),
  /** Elasticity of the quoted spread in cents to the price (0: the same spread whatever the price). */
  spreadPriceElasticity: z.number().min(0).max(1.5),
  /** Log-scale standard deviation of the stock's typical spread given its price (liquidity). */
  spreadDispersion: z.number().min(0).max(3),
  /**
   * Information of an informed order in this tier: the mean move of the
   * midpoint in the order's direction, in half-spreads at arrival, reached
   * over the flow's information horizon (exponentially distributed across
   * informed orders).
   */
  informedImpactHalfSpreads: z.number().min(0).max(100),
  spreadVariability: z.number().min(0).max(3),
  spreadMemorySeconds: z.number().positive(),
  depthShares: z.number().positive(),
  levelDepthShares: z.number().positive(),
}).strict().refine((t) => t.priceMax >= t.priceMin, {
  message: "priceMax must be at least priceMin",
  path: ["priceMax"],
}).refine((t) => t.priceMedian >= t.priceMin && t.priceMedian <= t.priceMax, {
  message: "priceMedian must lie between priceMin and priceMax",
  path: ["priceMedian"],
});

/** Parameters of the whole universe. */
export const UniverseSchema = z.object({
  tickSize: z.number().positive(),
  sessionSeconds: z.number().int().min(60).max(86400),
  tiers: z.array(TierSchema).min(1),
}).strict().refine(
  (u) => Math.abs(u.tiers.reduce((s, t) => s + t.flowShare, 0) - 1) < 1e-9,
  { message: "tier flowShare values must sum to 1", path: ["tiers"] },
);

/** Validated universe parameters. */
export type UniverseParams = z.infer<typeof UniverseSchema>;

/** Securities as columns (one entry per security). */
export interface Universe {
  /** Tick size on lit venues, $ (a penny). */
  tickSize: number;
  /** Length of the trading session, seconds. */
  sessionSeconds: number;
  /** Number of securities. */
  count: number;
  /** Tier code (index into {@linkcode TIERS}). */
  tier: Uint8Array;
  /** Opening midpoint price, $. */
  price: Float64Array;
  /** Standard deviation of the midpoint's change over one second, $. */
  sigmaPerSecond: Float64Array;
  /** Typical quoted spread, ticks (whole ticks or more: the penny floor). */
  spreadTicks: Float64Array;
  /** Mean move of an informed order's midpoint, half-spreads (the tier's). */
  impactHalfSpreads: Float64Array;
  /** Variability (log-scale standard deviation) of the quoted spread. */
  spreadVariability: Float64Array;
  /** Memory of the spread process, seconds. */
  spreadMemorySeconds: Float64Array;
  /** Consolidated quoted size at the NBBO, shares. */
  depthShares: Float64Array;
  /** Size at each further price level, shares. */
  levelDepthShares: Float64Array;
  /** Cumulative probability that an order is for security `k` or lower. */
  flowCdf: Float64Array;
}

/**
 * Validates universe parameters; errors name `source` and the field.
 *
 * @example
 * ```ts
 * import { parseUniverse } from "./securities.ts";
 * try {
 *   parseUniverse({ tickSize: 0.01, sessionSeconds: 23400, tiers: [] }, "mine.json");
 * } catch (e) {
 *   if (!(e as Error).message.includes("mine.json: tiers")) throw e;
 * }
 * ```
 */
export function parseUniverse(value: unknown, source = "universe"): UniverseParams {
  return parseWith(UniverseSchema, value, source);
}

/** Seconds in a trading year of 252 sessions of `sessionSeconds`. */
function secondsPerYear(sessionSeconds: number): number {
  return 252 * sessionSeconds;
}

/**
 * Builds the securities of a universe, as retail trades them. In each tier,
 * prices are log-normal around the tier's median (truncated to its bounds);
 * a stock's typical quoted spread in cents rises with its price
 * (`spreadTicks x (price / priceMedian)^spreadPriceElasticity`, with a
 * log-normal liquidity term of `spreadDispersion`) and never falls below one
 * tick (the penny floor); displayed depth is the tier's depth at its median
 * price, the same in dollars at other prices. Within a tier, order flow is concentrated on the
 * first names (weight proportional to 1/(k+1), a Zipf law), as retail flow is.
 *
 * @example
 * ```ts
 * import { buildUniverse } from "./securities.ts";
 * import { Random } from "./random.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const u = buildUniverse(defaultScenario().universe, new Random(1));
 * if (u.count !== u.price.length || u.spreadTicks.some((s) => s < 1)) throw new Error();
 * if (u.levelDepthShares.some((d) => !Number.isInteger(d) || d < 1)) throw new Error();
 * ```
 */
export function buildUniverse(params: UniverseParams, random: Random): Universe {
  const count = params.tiers.reduce((s, t) => s + t.securities, 0);
  const u: Universe = {
    tickSize: params.tickSize,
    sessionSeconds: params.sessionSeconds,
    count,
    tier: new Uint8Array(count),
    price: new Float64Array(count),
    sigmaPerSecond: new Float64Array(count),
    spreadTicks: new Float64Array(count),
    impactHalfSpreads: new Float64Array(count),
    spreadVariability: new Float64Array(count),
    spreadMemorySeconds: new Float64Array(count),
    depthShares: new Float64Array(count),
    levelDepthShares: new Float64Array(count),
    flowCdf: new Float64Array(count),
  };
  const draws = random.stream("universe.price");
  const liquidity = random.stream("universe.spread");
  const shuffle = random.stream("universe.stratum");
  const yearRoot = Math.sqrt(secondsPerYear(params.sessionSeconds));
  let k = 0;
  let cumulative = 0;
  for (const t of params.tiers) {
    let harmonic = 0;
    for (let j = 0; j < t.securities; j++) harmonic += 1 / (j + 1);
    const lo = Math.log(t.priceMin), hi = Math.log(t.priceMax);
    // Stratified quantiles, so a small tier still spans its distribution, dealt to the names in a
    // seeded random order (Fisher-Yates): how much flow a name gets says nothing about its price.
    const stratum = Array.from({ length: t.securities }, (_, j) => j);
    for (let j = t.securities - 1; j > 0; j--) {
      const r = Math.floor(shuffle.uniform(k + j) * (j + 1));
      [stratum[j], stratum[r]] = [stratum[r], stratum[j]];
    }
    for (let j = 0; j < t.securities; j++, k++) {
      const z = inverseNormalCdf((stratum[j] + draws.uniform(k)) / t.securities);
      let logPrice = Math.log(t.priceMedian) + t.priceLogSd * z;
      if (logPrice < lo) logPrice = lo;
      if (logPrice > hi) logPrice = hi;
      const price = Math.max(
        params.tickSize,
        Math.round(Math.exp(logPrice) / params.tickSize) * params.tickSize,
      );
      const zs = inverseNormalCdf(liquidity.uniform(k));
      const spread = t.spreadTicks * (price / t.priceMedian) ** t.spreadPriceElasticity *
        Math.exp(t.spreadDispersion * zs);
      u.tier[k] = TIERS.indexOf(t.tier);
      u.price[k] = price;
      u.sigmaPerSecond[k] = price * t.annualVolatility / yearRoot;
      u.spreadTicks[k] = Math.min(200, Math.max(1, spread));
      u.impactHalfSpreads[k] = t.informedImpactHalfSpreads;
      u.spreadVariability[k] = t.spreadVariability;
      u.spreadMemorySeconds[k] = t.spreadMemorySeconds;
      // Displayed depth is about the same in dollars across a tier's prices, in whole
      // shares (fills are whole: a fractional level would fill fractional shares).
      const dollars = t.priceMedian / price;
      u.depthShares[k] = Math.max(1, Math.round(t.depthShares * dollars));
      u.levelDepthShares[k] = Math.max(1, Math.round(t.levelDepthShares * dollars));
      cumulative += t.flowShare * (1 / (j + 1)) / harmonic;
      u.flowCdf[k] = cumulative;
    }
  }
  u.flowCdf[count - 1] = 1;
  return u;
}
