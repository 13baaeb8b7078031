// A tiny hand-built world for exact, hand-computed cases (not a test file).
//
// One S&P 500 security quoted at mid $100.005 with a one-tick spread (bid
// $100.00, ask $100.01), 1,000 shares at the touch and 1,000 per further
// level, over a 600-second session; venues with probabilities 0 or 1 and
// constant latencies, so that every outcome is deterministic.
import {
  type FlowParams,
  type Market,
  type Orders,
  parseFlow,
  parseVenues,
  type Routes,
  TIERS,
  type Universe,
  type VenueTable,
  venueTable,
  withBlockExtremes,
} from "../lib/mod.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";

export const TICK = 0.01;
export const SESSION = 600;
export const STEPS = SESSION + 1;
/** Flat midpoint: bid 100.00, ask 100.01. */
export const MID = 100.005;
export const BID = 100.0;
export const ASK = 100.01;

/** The one-security universe. */
export function tinyUniverse(): Universe {
  return {
    tickSize: TICK,
    sessionSeconds: SESSION,
    count: 1,
    tier: Uint8Array.of(0),
    price: Float64Array.of(MID),
    sigmaPerSecond: Float64Array.of(0.01),
    spreadTicks: Float64Array.of(1),
    impactHalfSpreads: Float64Array.of(20),
    spreadVariability: Float64Array.of(0),
    spreadMemorySeconds: Float64Array.of(60),
    depthShares: Float64Array.of(1000),
    levelDepthShares: Float64Array.of(1000),
    flowCdf: Float64Array.of(1),
  };
}

/** A flat quote path (mid 100.005, one tick), edited by `edit` before the block extremes. */
export function tinyMarket(edit?: (mid: Float64Array, spread: Uint8Array) => void): Market {
  const mid = new Float64Array(STEPS).fill(MID);
  const spreadTicks = new Uint8Array(STEPS).fill(1);
  edit?.(mid, spreadTicks);
  return withBlockExtremes({ universe: tinyUniverse(), steps: STEPS, mid, spreadTicks });
}

/** Sets the midpoint over seconds `[from, to)`. */
export function setMid(mid: Float64Array, from: number, to: number, value: number): void {
  mid.fill(value, from, to);
}

const latency = (medianMs: number) => ({ medianMs, sigma: 0 });
/** A payment table with the given S&P 500 rates and 0.009/share elsewhere (to catch tier mix-ups). */
const payments = (market: number, marketableLimit: number, nonMarketableLimit: number) =>
  Object.fromEntries(
    TIERS.map((t) => [
      t,
      t === "sp500"
        ? { market, marketableLimit, nonMarketableLimit }
        : { market: 0.009, marketableLimit: 0.009, nonMarketableLimit: 0.009 },
    ]),
  );

/** Venue codes of the tiny world. */
export const V = { LIT: 0, WH: 1, DARK: 2, DARK0: 3, AFF: 4, WHPI: 5, LITT: 6 } as const;

/** The tiny world's venues, validated (defaults applied). */
export const TINY_VENUES = parseVenues([
  {
    id: "LIT",
    name: "Lit (fills through, never at the touch)",
    kind: "lit",
    source: "test",
    latency: latency(2),
    takeFee: 0.003,
    makeRebate: 0.002,
    depthShare: 1,
    touchFillProbability: 0,
    throughFillProbability: 1,
  },
  {
    id: "WH",
    name: "Wholesaler without price improvement",
    kind: "wholesaler",
    source: "test",
    latency: latency(4),
    paymentPerShare: payments(0.0021, 0.0022, 0.0013),
    priceImprovement: { probability: 0, shareOfSpread: 0.25 },
    sizeGuaranteeShares: 1000,
    touchFillProbability: 0,
    throughFillProbability: 1,
  },
  {
    id: "DARK",
    name: "Dark pool that always crosses",
    kind: "dark",
    source: "test",
    latency: latency(3),
    fillProbability: 1,
    accessFee: 0.001,
    paymentPerShare: 0.0004,
    timeoutMs: 500,
    fallback: "LIT",
    touchFillProbability: 0,
    throughFillProbability: 0,
  },
  {
    id: "DARK0",
    name: "Dark pool that never crosses",
    kind: "dark",
    source: "test",
    latency: latency(3),
    fillProbability: 0,
    accessFee: 0.001,
    paymentPerShare: 0.0004,
    timeoutMs: 500,
    fallback: "LIT",
    touchFillProbability: 0,
    throughFillProbability: 0,
  },
  {
    id: "AFF",
    name: "Affiliated internalizer",
    kind: "wholesaler",
    affiliated: true,
    source: "test",
    latency: latency(4),
    paymentPerShare: payments(0.001, 0.001, 0.001),
    priceImprovement: { probability: 0, shareOfSpread: 0.1 },
    sizeGuaranteeShares: 1000,
    touchFillProbability: 0,
    throughFillProbability: 1,
  },
  {
    id: "WHPI",
    name: "Wholesaler that always improves",
    kind: "wholesaler",
    source: "test",
    latency: latency(4),
    paymentPerShare: payments(0.0021, 0.0022, 0.0013),
    priceImprovement: { probability: 1, shareOfSpread: 0.25 },
    sizeGuaranteeShares: 1000,
    touchFillProbability: 0,
    throughFillProbability: 1,
  },
  {
    id: "LITT",
    name: "Lit (fills at the touch)",
    kind: "lit",
    source: "test",
    latency: latency(2),
    takeFee: 0.003,
    makeRebate: 0.002,
    depthShare: 1,
    touchFillProbability: 1,
    throughFillProbability: 1,
  },
], "tiny");

export const tinyVenues = (): VenueTable => venueTable(TINY_VENUES);

/**
 * Flow parameters for execution: informed orders move the mid with a time
 * constant of 60 s (by their own `informed` half-spreads; the tiny universe's
 * mean move is 20 half-spreads, $0.10, about 10 bps of the price).
 */
export function tinyFlow(): FlowParams {
  return parseFlow({ ...defaultScenario().flow, informedHorizonSeconds: 60 });
}

/** One order of security 0. */
export interface OrderSpec {
  time?: number;
  side?: 1 | -1;
  size?: number;
  type?: 0 | 1 | 2;
  offset?: number;
  life?: number;
  /** The order's information, half-spreads at arrival (0 or absent: uninformed). */
  informed?: number;
}

/** Orders built by hand (defaults: a 100-share market buy at 10.5 s). */
export function tinyOrders(specs: OrderSpec[], first = 0): Orders {
  const n = specs.length;
  return {
    count: n,
    first,
    time: Float64Array.from(specs, (s) => s.time ?? 10.5),
    security: new Uint16Array(n),
    side: Int8Array.from(specs, (s) => s.side ?? 1),
    size: Uint32Array.from(specs, (s) => s.size ?? 100),
    type: Uint8Array.from(specs, (s) => s.type ?? 0),
    limitOffsetTicks: Uint8Array.from(specs, (s) => s.offset ?? 0),
    life: Float32Array.from(specs, (s) => s.life ?? 0),
    informed: Float32Array.from(specs, (s) => s.informed ?? 0),
  };
}

/** Routes sending order `i` to `venues[i]`. */
export function routesTo(venues: number[]): Routes {
  return {
    venue: Uint8Array.from(venues),
    expectedCost: new Float64Array(venues.length),
    expectedRevenue: new Float64Array(venues.length),
  };
}
