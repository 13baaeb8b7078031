/**
 * The NBBO: for every security a path of the quoted midpoint and quoted
 * spread, one point a second through the session, with the helpers that
 * read the quote at an order's arrival and the midpoint at markout horizons.
 *
 * Model, in words: the latent price follows an arithmetic random walk with
 * the security's volatility (normal one-second shocks); the quoted spread (whole ticks, at least one)
 * follows a log-normal process with memory, so spreads widen and narrow; the
 * bid is the latent price less half the spread rounded to the penny grid,
 * and the ask is the bid plus the spread. The quote does not react to the
 * simulated retail orders (retail flow is small against the whole market);
 * the information in informed orders is modelled per order in
 * {@linkcode import("./flow.ts")} and {@linkcode import("./execution.ts")}.
 *
 * @module
 */
import { bitsAt, normalQuantileTable, type Random } from "./random.ts";
import type { Universe } from "./securities.ts";

/**
 * Standard normal quantiles at 16,384 equal-probability bin midpoints: the
 * one-second shocks of the paths are drawn from this table (one hash and one
 * load per draw instead of Box–Muller's logarithm, root and cosine), which
 * keeps the distribution normal to within the bins (tails truncated near
 * ±3.9 standard deviations).
 */
const SHOCKS = normalQuantileTable(16_384);

/** Seconds per block in the block extremes used to scan for limit-order fills. */
export const BLOCK_SECONDS = 64;

/** Markout horizons of the realized spread, seconds (Rule 605 uses several). */
export const MARKOUT_HORIZONS = [1, 15, 60, 300] as const;

/** Quote paths for every security, as flat columns `[security * steps + second]`. */
export interface Market {
  /** The securities. */
  universe: Universe;
  /** Points per security: `sessionSeconds + 1`. */
  steps: number;
  /** Quoted midpoint ((bid + ask) / 2), $. */
  mid: Float64Array;
  /** Quoted spread, ticks. */
  spreadTicks: Uint8Array;
  /** Lowest bid in each block of {@linkcode BLOCK_SECONDS}, $. */
  blockMinBid: Float64Array;
  /** Highest ask in each block of {@linkcode BLOCK_SECONDS}, $. */
  blockMaxAsk: Float64Array;
  /** Blocks per security. */
  blocks: number;
}

/**
 * Simulates the NBBO of every security through one session.
 *
 * @example
 * ```ts
 * import { Random } from "./random.ts";
 * import { buildUniverse } from "./securities.ts";
 * import { simulateMarket } from "./market.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const random = new Random(1);
 * const universe = buildUniverse(defaultScenario().universe, random);
 * const market = simulateMarket(universe, random);
 * if (market.spreadTicks.some((s) => s < 1)) throw new Error("crossed or locked");
 * ```
 */
export function simulateMarket(
  universe: Universe,
  random: Random,
  replication = 0,
): Market {
  const steps = universe.sessionSeconds + 1;
  const n = universe.count;
  const tick = universe.tickSize;
  const mid = new Float64Array(n * steps);
  const spreadTicks = new Uint8Array(n * steps);
  for (let k = 0; k < n; k++) {
    const walk = random.stream("market.mid", replication, k);
    const spread = random.stream("market.spread", replication, k);
    const sigma = universe.sigmaPerSecond[k];
    const base = universe.spreadTicks[k];
    const eta = universe.spreadVariability[k];
    const rho = Math.exp(-1 / universe.spreadMemorySeconds[k]);
    const innovation = eta * Math.sqrt(1 - rho * rho);
    let latent = universe.price[k];
    let x = eta * SHOCKS[bitsAt(spread.k0, spread.k1, 0) >>> 18];
    // The latent price reflects off a floor of two ticks, and the spread is
    // capped so that the bid stays at least one tick above zero.
    const floor = 2 * tick;
    for (let t = 0; t < steps; t++) {
      if (t > 0) {
        latent += sigma * SHOCKS[bitsAt(walk.k0, walk.k1, t) >>> 18];
        if (latent < floor) latent = floor + (floor - latent);
        x = rho * x + innovation * SHOCKS[bitsAt(spread.k0, spread.k1, t) >>> 18];
      }
      let s = Math.round(base * Math.exp(x - 0.5 * eta * eta));
      if (s < 1) s = 1;
      if (s > 255) s = 255;
      const room = Math.floor(2 * (latent / tick - 1));
      if (s > room) s = room < 1 ? 1 : room;
      const bidTicks = Math.round(latent / tick - s / 2);
      mid[k * steps + t] = (bidTicks + s / 2) * tick;
      spreadTicks[k * steps + t] = s;
    }
  }
  return withBlockExtremes({ universe, steps, mid, spreadTicks });
}

/**
 * Adds the block extremes of bid and ask to a quote path (used to find
 * quickly when a resting limit order's price is reached).
 *
 * @example
 * ```ts
 * import { withBlockExtremes, BLOCK_SECONDS } from "./market.ts";
 * import { buildUniverse } from "./securities.ts";
 * import { Random } from "./random.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const universe = buildUniverse(defaultScenario().universe, new Random(1));
 * const steps = universe.sessionSeconds + 1;
 * const m = withBlockExtremes({
 *   universe, steps,
 *   mid: new Float64Array(universe.count * steps).fill(10),
 *   spreadTicks: new Uint8Array(universe.count * steps).fill(2),
 * });
 * if (Math.abs(m.blockMinBid[0] - 9.99) > 1e-12) throw new Error();
 * ```
 */
export function withBlockExtremes(
  base: Pick<Market, "universe" | "steps" | "mid" | "spreadTicks">,
): Market {
  const { universe, steps, mid, spreadTicks } = base;
  const half = universe.tickSize / 2;
  const blocks = Math.ceil(steps / BLOCK_SECONDS);
  const blockMinBid = new Float64Array(universe.count * blocks);
  const blockMaxAsk = new Float64Array(universe.count * blocks);
  for (let k = 0; k < universe.count; k++) {
    for (let b = 0; b < blocks; b++) {
      let lo = Infinity;
      let hi = -Infinity;
      const end = Math.min(steps, (b + 1) * BLOCK_SECONDS);
      for (let t = b * BLOCK_SECONDS; t < end; t++) {
        const j = k * steps + t;
        const h = spreadTicks[j] * half;
        if (mid[j] - h < lo) lo = mid[j] - h;
        if (mid[j] + h > hi) hi = mid[j] + h;
      }
      blockMinBid[k * blocks + b] = lo;
      blockMaxAsk[k * blocks + b] = hi;
    }
  }
  return { ...base, blockMinBid, blockMaxAsk, blocks };
}

/**
 * Index into the path columns of security `k` at time `t` seconds (clamped
 * to the session: a markout past the close reads the closing quote).
 *
 * @example
 * ```ts
 * import { pathIndex } from "./market.ts";
 * if (pathIndex(23401, 2, 99999) !== 2 * 23401 + 23400) throw new Error();
 * ```
 */
export function pathIndex(steps: number, k: number, t: number): number {
  let s = Math.floor(t);
  if (s < 0) s = 0;
  if (s > steps - 1) s = steps - 1;
  return k * steps + s;
}

/**
 * First second in `[from, to]` at which a buy limit at `limit` is reached
 * (bid at or below `limit`), or -1. For a sell (`side` -1), the ask at or
 * above `limit`. Scans second by second inside blocks and skips whole blocks
 * whose extreme does not reach the price.
 *
 * @example
 * ```ts
 * import { firstReach, withBlockExtremes } from "./market.ts";
 * import { buildUniverse } from "./securities.ts";
 * import { Random } from "./random.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const universe = buildUniverse(defaultScenario().universe, new Random(1));
 * const steps = universe.sessionSeconds + 1;
 * const mid = new Float64Array(universe.count * steps).fill(10);
 * mid[500] = 9.9; // security 0 dips at second 500
 * const m = withBlockExtremes({ universe, steps, mid,
 *   spreadTicks: new Uint8Array(universe.count * steps).fill(2) });
 * if (firstReach(m, 0, 1, 9.95, 0, 1000) !== 500) throw new Error();
 * ```
 */
export function firstReach(
  market: Market,
  k: number,
  side: number,
  limit: number,
  from: number,
  to: number,
): number {
  const { steps, mid, spreadTicks, blocks } = market;
  const half = market.universe.tickSize / 2;
  const eps = 1e-9;
  const base = k * steps;
  const blockBase = k * blocks;
  let t = from;
  const last = Math.min(to, steps - 1);
  while (t <= last) {
    if (t % BLOCK_SECONDS === 0 && t + BLOCK_SECONDS - 1 <= last) {
      const b = t / BLOCK_SECONDS;
      const reaches = side > 0
        ? market.blockMinBid[blockBase + b] <= limit + eps
        : market.blockMaxAsk[blockBase + b] >= limit - eps;
      if (!reaches) {
        t += BLOCK_SECONDS;
        continue;
      }
    }
    const j = base + t;
    const h = spreadTicks[j] * half;
    if (side > 0 ? mid[j] - h <= limit + eps : mid[j] + h >= limit - eps) return t;
    t++;
  }
  return -1;
}
