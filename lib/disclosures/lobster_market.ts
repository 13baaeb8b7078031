/**
 * A market driven by real quotes: the simulator's {@linkcode Market} (a
 * midpoint and a spread in ticks every second of the session) taken from a
 * LOBSTER day instead of the synthetic path, for a universe of one security.
 * Retail orders of the default flow then arrive through the real day, meet
 * the real best bid and offer, and their markouts read the real later
 * midpoints.
 *
 * The quote at second `t` of the session is the book after the last event at
 * or before `sessionStart + t` (before the first event, the first quote).
 *
 * The one-security universe is calibrated on the same day, so that the
 * synthetic model can be run beside it on the same orders: the opening
 * midpoint, the volatility of one-second midpoint changes, the mean spread
 * in ticks, the variability of its logarithm and its memory (from the
 * one-second autocorrelation). The depth of the book is not in a level-1
 * Nasdaq file (nor is the rest of the consolidated market): it stays the
 * scenario's S&P 500 assumption unless given.
 *
 * @module
 */
import { type Market, withBlockExtremes } from "../sim/market.ts";
import { buildUniverse, type UniverseParams } from "../sim/securities.ts";
import { Random } from "../sim/random.ts";
import { generateOrders } from "../sim/flow.ts";
import { venueTable } from "../sim/venues.ts";
import { parseScenario, type Scenario } from "../sim/scenario.ts";
import type { SimulationOptions, World } from "../sim/simulate.ts";
import { monteCarlo, type MonteCarloOptions, type MonteCarloResult } from "../runs/montecarlo.ts";
import type { PolicyInput } from "../sim/routing.ts";
import type { LobsterBook } from "./lobster.ts";

/** Options of the real-quote market. */
export interface LobsterMarketOptions {
  /** Tick size, $ (default 0.01). */
  tickSize?: number;
  /** Consolidated size at the NBBO, shares (default: the scenario's S&P 500 tier, else 1,500). */
  depthShares?: number;
  /** Size at each further level, shares (default: the scenario's S&P 500 tier, else 2,000). */
  levelDepthShares?: number;
}

/** The quote path of a LOBSTER day, one point a second. */
export interface QuotePath {
  /** Points: session seconds + 1. */
  steps: number;
  /** Midpoint, $. */
  mid: Float64Array;
  /** Spread, ticks. */
  spreadTicks: Uint8Array;
  /** Seconds whose spread was wider than 255 ticks (kept at 255). */
  clamped: number;
}

/**
 * Samples a LOBSTER day's best bid and offer once a second.
 *
 * @example
 * ```ts
 * import { readLobsterText } from "./lobster.ts";
 * import { quotePath } from "./lobster_market.ts";
 * const book = readLobsterText("34200.5,1,1,100,1000000,1\n34201.5,1,2,100,1000100,-1\n",
 *   "1000300,100,1000000,100\n1000100,100,1000000,100\n", { sessionEnd: 34203 });
 * const p = quotePath(book);
 * // Second 0 (before the first event) and 1 show the first quote, seconds 2 and 3 the second.
 * if (p.steps !== 4 || p.spreadTicks.join() !== "3,3,1,1") throw new Error();
 * if (Math.abs(p.mid[3] - 100.005) > 1e-9) throw new Error();
 * ```
 */
export function quotePath(book: LobsterBook, tickSize = 0.01): QuotePath {
  if (book.count === 0) throw new RangeError(`${book.source}: no usable quotes`);
  const steps = Math.round(book.sessionEnd - book.sessionStart) + 1;
  const mid = new Float64Array(steps);
  const spreadTicks = new Uint8Array(steps);
  let clamped = 0;
  let j = 0;
  for (let t = 0; t < steps; t++) {
    const at = book.sessionStart + t;
    while (j + 1 < book.count && book.time[j + 1] <= at) j++;
    const ticks = (book.ask[j] - book.bid[j]) / tickSize;
    const s = Math.round(ticks);
    if (
      Math.abs(ticks - s) > 1e-6 ||
      Math.abs(book.bid[j] / tickSize - Math.round(book.bid[j] / tickSize)) > 1e-6
    ) {
      throw new RangeError(
        `${book.source}: line ${book.line[j]}: quote ${book.bid[j]} x ${
          book.ask[j]
        } is not on the ` +
          `$${tickSize} grid`,
      );
    }
    if (s > 255) clamped++;
    spreadTicks[t] = Math.min(s, 255);
    mid[t] = (book.bid[j] + book.ask[j]) / 2;
  }
  return { steps, mid, spreadTicks, clamped };
}

/** Statistics of a quote path that calibrate the synthetic model to it. */
export interface QuoteCalibration {
  /** Midpoint at the open, $. */
  openMid: number;
  /** Standard deviation of one-second midpoint changes, $. */
  sigmaPerSecond: number;
  /** Annualised volatility implied (252 sessions of this length). */
  annualVolatility: number;
  /** Mean spread, ticks (time-weighted). */
  meanSpreadTicks: number;
  /** Standard deviation of the log spread. */
  spreadVariability: number;
  /** Memory of the log spread, seconds (-1 / ln of its one-second autocorrelation). */
  spreadMemorySeconds: number;
}

/**
 * Calibration statistics of a quote path.
 *
 * @example
 * ```ts
 * import { calibrateQuotes } from "./lobster_market.ts";
 * const c = calibrateQuotes({ steps: 3, mid: Float64Array.of(10, 10.01, 10), spreadTicks: Uint8Array.of(2, 2, 2), clamped: 0 });
 * if (c.meanSpreadTicks !== 2 || Math.abs(c.sigmaPerSecond - 0.01) > 1e-12) throw new Error();
 * ```
 */
export function calibrateQuotes(path: QuotePath): QuoteCalibration {
  const { steps, mid, spreadTicks } = path;
  let sq = 0, spread = 0, logSum = 0, logSq = 0;
  for (let t = 0; t < steps; t++) {
    if (t > 0) sq += (mid[t] - mid[t - 1]) ** 2;
    spread += spreadTicks[t];
    const l = Math.log(spreadTicks[t]);
    logSum += l;
    logSq += l * l;
  }
  const sigma = Math.sqrt(sq / Math.max(1, steps - 1));
  const logMean = logSum / steps;
  const logVar = Math.max(0, logSq / steps - logMean * logMean);
  let cov = 0;
  for (let t = 1; t < steps; t++) {
    cov += (Math.log(spreadTicks[t]) - logMean) * (Math.log(spreadTicks[t - 1]) - logMean);
  }
  const rho = logVar > 0 ? cov / (steps - 1) / logVar : 0;
  const memory = rho > 0 && rho < 1 ? -1 / Math.log(rho) : 1;
  return {
    openMid: mid[0],
    sigmaPerSecond: sigma,
    annualVolatility: sigma * Math.sqrt(252 * (steps - 1)) / mid[0],
    meanSpreadTicks: spread / steps,
    spreadVariability: Math.sqrt(logVar),
    spreadMemorySeconds: Math.min(3600, Math.max(1, memory)),
  };
}

/**
 * The scenario with its universe replaced by the LOBSTER day's single
 * security (an S&P 500 name, all the flow), calibrated on that day.
 *
 * @example
 * ```ts
 * import { defaultScenario } from "../sim/scenario.ts";
 * import { readLobsterText } from "./lobster.ts";
 * import { lobsterScenario } from "./lobster_market.ts";
 * const book = readLobsterText("34200.5,1,1,100,1000000,1\n", "1000300,100,1000000,100\n",
 *   { sessionEnd: 34300 });
 * const s = lobsterScenario(defaultScenario(), book);
 * if (s.universe.tiers.length !== 1 || s.universe.sessionSeconds !== 100) throw new Error();
 * ```
 */
export function lobsterScenario(
  scenario: Scenario,
  book: LobsterBook,
  options: LobsterMarketOptions = {},
): Scenario {
  const tickSize = options.tickSize ?? 0.01;
  const c = calibrateQuotes(quotePath(book, tickSize));
  const sp500 = scenario.universe.tiers.find((t) => t.tier === "sp500");
  // The opening price on the tick grid (as the universe rounds it), and the volatility
  // that gives exactly the measured one-second sigma at that price.
  const price = Math.round(c.openMid / tickSize) / Math.round(1 / tickSize);
  const annualVolatility = c.sigmaPerSecond *
    Math.sqrt(252 * Math.round(book.sessionEnd - book.sessionStart)) / price;
  const universe: UniverseParams = {
    tickSize,
    sessionSeconds: Math.round(book.sessionEnd - book.sessionStart),
    tiers: [{
      tier: "sp500",
      label: `${book.symbol ?? "LOBSTER"} ${book.date ?? ""}`.trim(),
      securities: 1,
      flowShare: 1,
      priceMin: price,
      priceMax: price,
      priceMedian: price,
      priceLogSd: 0,
      spreadPriceElasticity: 0,
      spreadDispersion: 0,
      informedImpactHalfSpreads: sp500?.informedImpactHalfSpreads ?? 0,
      annualVolatility: Math.min(5, Math.max(1e-6, annualVolatility)),
      spreadTicks: Math.min(200, Math.max(1, c.meanSpreadTicks)),
      spreadVariability: Math.min(3, c.spreadVariability),
      spreadMemorySeconds: c.spreadMemorySeconds,
      depthShares: options.depthShares ?? sp500?.depthShares ?? 1500,
      levelDepthShares: options.levelDepthShares ?? sp500?.levelDepthShares ?? 2000,
    }],
  };
  return parseScenario({ ...scenario, universe }, `LOBSTER ${book.source}`);
}

/**
 * The world of one replication on the real quotes of a LOBSTER day: the
 * one-security universe of {@linkcode lobsterScenario}, the day's quotes as
 * the market, and retail orders from the scenario's flow. Policies run on it
 * with `runPolicy`. `buildWorld(world.scenario, options)` gives the synthetic
 * twin: the same orders on a simulated path calibrated to the day.
 *
 * @example
 * ```ts
 * import { defaultScenario } from "../sim/scenario.ts";
 * import { buildWorld, runPolicy } from "../sim/simulate.ts";
 * import { readLobsterText } from "./lobster.ts";
 * import { buildLobsterWorld } from "./lobster_market.ts";
 * const book = readLobsterText("34200.5,1,1,100,1000000,1\n", "1000300,100,1000000,100\n",
 *   { sessionEnd: 34300 });
 * const real = buildLobsterWorld(defaultScenario(), book, { orders: 50, seed: 1 });
 * const twin = buildWorld(real.scenario, { orders: 50, seed: 1 });
 * if (real.market.spreadTicks[0] !== 3 || twin.orders.time[7] !== real.orders.time[7]) throw new Error();
 * if (runPolicy(real, { kind: "best-execution" }).outcomes.count !== 50) throw new Error();
 * ```
 */
export function buildLobsterWorld(
  scenario: Scenario,
  book: LobsterBook,
  options: SimulationOptions & LobsterMarketOptions,
): World {
  const { orders: count, seed, replication = 0 } = options;
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`orders: expected a positive integer, got ${count}`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed: expected an integer, got ${seed}`);
  if (!Number.isInteger(replication) || replication < 0) {
    throw new RangeError(`replication: expected a non-negative integer, got ${replication}`);
  }
  const s = lobsterScenario(scenario, book, options);
  const random = new Random(seed);
  const universe = buildUniverse(s.universe, random);
  const path = quotePath(book, universe.tickSize);
  const market: Market = withBlockExtremes({
    universe,
    steps: path.steps,
    mid: path.mid,
    spreadTicks: path.spreadTicks,
  });
  const orders = generateOrders(s.flow, universe, random, count, replication);
  return {
    scenario: s,
    random,
    universe,
    market,
    orders,
    venues: venueTable(s.venues),
    replication,
  };
}

/**
 * Monte Carlo on a LOBSTER day: every policy on the same orders within a
 * replication, a new day of orders in each replication, the real quotes in
 * all of them; means and 95% intervals across replications, as
 * `monteCarlo` gives for the synthetic market (and usable with `estimate`,
 * `pairedDifference` and `conflictRatio`). The synthetic twin is
 * `monteCarlo(lobsterScenario(scenario, book), policies, options)`: with the
 * same seed its replications have the same orders.
 *
 * @example
 * ```ts
 * import { defaultScenario } from "../sim/scenario.ts";
 * import { estimate } from "../runs/montecarlo.ts";
 * import { readLobsterText } from "./lobster.ts";
 * import { lobsterMonteCarlo } from "./lobster_market.ts";
 * const book = readLobsterText("34200.5,1,1,100,1000000,1\n", "1000300,100,1000000,100\n",
 *   { sessionEnd: 34300 });
 * const mc = lobsterMonteCarlo(defaultScenario(), book, [{ kind: "best-execution" }],
 *   { orders: 200, seed: 1, replications: 2, types: [0, 1] });
 * // A constant three-cent spread on a $100 stock: 3 bp quoted.
 * if (Math.abs(estimate(mc, "best-execution", "quotedSpreadBps").mean - 3) > 0.01) throw new Error();
 * ```
 */
export function lobsterMonteCarlo(
  scenario: Scenario,
  book: LobsterBook,
  policies: PolicyInput[],
  options: MonteCarloOptions & LobsterMarketOptions,
): MonteCarloResult {
  return monteCarlo(scenario, policies, {
    ...options,
    world: (replication: number) => buildLobsterWorld(scenario, book, { ...options, replication }),
  });
}

/** One point of a quote series. */
export interface QuotePoint {
  /** Seconds after the open. */
  second: number;
  /** Clock time `hh:mm:ss`, counting the open as 09:30:00. */
  clock: string;
  /** Best bid, $. */
  bid: number;
  /** Best offer, $. */
  ask: number;
  /** Midpoint, $. */
  mid: number;
  /** Spread, cents. */
  spreadCents: number;
}

/**
 * The NBBO of security `k` of a market every `everySeconds`, for tables and
 * charts (works on real and synthetic markets alike).
 *
 * @example
 * ```ts
 * import { withBlockExtremes } from "../sim/market.ts";
 * import { buildUniverse } from "../sim/securities.ts";
 * import { Random } from "../sim/random.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * import { quoteSeries } from "./lobster_market.ts";
 * const universe = buildUniverse(defaultScenario().universe, new Random(1));
 * const steps = universe.sessionSeconds + 1;
 * const m = withBlockExtremes({ universe, steps, mid: new Float64Array(universe.count * steps).fill(10),
 *   spreadTicks: new Uint8Array(universe.count * steps).fill(2) });
 * const s = quoteSeries(m, 0, 3600);
 * if (s.length !== 7 || s[1].clock !== "10:30:00" || s[1].bid !== 9.99) throw new Error();
 * ```
 */
export function quoteSeries(market: Market, k = 0, everySeconds = 60): QuotePoint[] {
  const out: QuotePoint[] = [];
  const tick = market.universe.tickSize;
  const perDollar = Math.round(1 / tick);
  for (let t = 0; t < market.steps; t += everySeconds) {
    const j = k * market.steps + t;
    const half = market.spreadTicks[j] * tick / 2;
    const clock = 34_200 + t;
    const hh = String(Math.floor(clock / 3600)).padStart(2, "0");
    const mm = String(Math.floor(clock / 60) % 60).padStart(2, "0");
    const ss = String(clock % 60).padStart(2, "0");
    out.push({
      second: t,
      clock: `${hh}:${mm}:${ss}`,
      bid: Math.round((market.mid[j] - half) / tick) / perDollar,
      ask: Math.round((market.mid[j] + half) / tick) / perDollar,
      mid: market.mid[j],
      spreadCents: market.spreadTicks[j] * (tick * 100),
    });
  }
  return out;
}
