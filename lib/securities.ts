/**
 * The universe of securities: tiers (S&P 500, other NMS stocks, low-priced
 * stocks under $5) and, per security, price, volatility, typical quoted
 * spread in ticks and quoted depth, as columns.
 *
 * @module
 */
import { z } from "zod";
import { parseWith } from "./validate.ts";
import type { Random } from "./random.ts";

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
  annualVolatility: z.number().positive().max(5),
  spreadTicks: z.number().min(1).max(200),
  spreadVariability: z.number().min(0).max(3),
  spreadMemorySeconds: z.number().positive(),
  depthShares: z.number().positive(),
  levelDepthShares: z.number().positive(),
}).refine((t) => t.priceMax >= t.priceMin, {
  message: "priceMax must be at least priceMin",
  path: ["priceMax"],
});

/** Parameters of the whole universe. */
export const UniverseSchema = z.object({
  tickSize: z.number().positive(),
  sessionSeconds: z.number().int().min(60).max(86400),
  tiers: z.array(TierSchema).min(1),
}).refine(
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
  /** Typical quoted spread, ticks. */
  spreadTicks: Float64Array;
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
 * Builds the securities of a universe. Prices are log-uniform within each
 * tier's range; within a tier, order flow is concentrated on the first names
 * (weight proportional to 1/(k+1), a Zipf law), as retail flow is.
 *
 * @example
 * ```ts
 * import { buildUniverse } from "./securities.ts";
 * import { Random } from "./random.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const u = buildUniverse(defaultScenario().universe, new Random(1));
 * if (u.count !== u.price.length) throw new Error();
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
    spreadVariability: new Float64Array(count),
    spreadMemorySeconds: new Float64Array(count),
    depthShares: new Float64Array(count),
    levelDepthShares: new Float64Array(count),
    flowCdf: new Float64Array(count),
  };
  const draws = random.stream("universe.price");
  const yearRoot = Math.sqrt(secondsPerYear(params.sessionSeconds));
  let k = 0;
  let cumulative = 0;
  for (const t of params.tiers) {
    let harmonic = 0;
    for (let j = 0; j < t.securities; j++) harmonic += 1 / (j + 1);
    for (let j = 0; j < t.securities; j++, k++) {
      const logPrice = Math.log(t.priceMin) +
        draws.uniform(k) * (Math.log(t.priceMax) - Math.log(t.priceMin));
      const price = Math.round(Math.exp(logPrice) / params.tickSize) * params.tickSize;
      u.tier[k] = TIERS.indexOf(t.tier);
      u.price[k] = price;
      u.sigmaPerSecond[k] = price * t.annualVolatility / yearRoot;
      u.spreadTicks[k] = t.spreadTicks;
      u.spreadVariability[k] = t.spreadVariability;
      u.spreadMemorySeconds[k] = t.spreadMemorySeconds;
      u.depthShares[k] = t.depthShares;
      u.levelDepthShares[k] = t.levelDepthShares;
      cumulative += t.flowShare * (1 / (j + 1)) / harmonic;
      u.flowCdf[k] = cumulative;
    }
  }
  u.flowCdf[count - 1] = 1;
  return u;
}
