/**
 * One order as the venue models see it, and what a model's fill writes.
 *
 * The hot loops fill one {@linkcode OrderView} and one {@linkcode Fill} per
 * order and pass them to the venue model of the chosen venue, so no object is
 * allocated per order. Prices are $ per share; sizes are shares.
 *
 * @module
 */
import type { Market } from "../market.ts";
import { pathIndex } from "../market.ts";
import type { RandomStream } from "../random.ts";

/** What the venue models need to know about one order. */
export interface OrderView {
  /** Counter index of the order (the argument of its random draws). */
  i: number;
  /** Shares. */
  q: number;
  /** +1 buy, -1 sell. */
  side: number;
  /** Order type code (market, marketable limit, resting limit). */
  type: number;
  /** Tier of the security. */
  tier: number;
  /** Security code. */
  security: number;
  /** Arrival time, seconds into the session. */
  time: number;
  /** Quoted midpoint at arrival. */
  mid: number;
  /** Quoted half-spread at arrival. */
  half: number;
  /** Tick size. */
  tick: number;
  /** Consolidated depth at the NBBO, shares. */
  depth: number;
  /** Depth at each further level, shares. */
  level: number;
  /** Levels beyond the touch a marketable limit may take (1e9 for a market order). */
  maxLevels: number;
  /** Adverse selection a liquidity provider expects from the flow, $ per share. */
  adverse: number;
  /** What a share that does not fill costs the customer, half-spreads. */
  nonFill: number;
  /** The order's information: its drift of the midpoint, $ (signed, reached over `tau`). */
  drift: number;
  /** Time constant of an informed order's drift, seconds. */
  tau: number;
  /** Limit's distance beyond the far quote (marketable) or behind the near one (resting), ticks. */
  offsetTicks: number;
  /** Probability that a resting limit's price is reached in its life. */
  touch: number;
  /** Probability that the market trades through a resting limit in its life. */
  through: number;
}

/**
 * What a venue model's fill writes: a subset of an order's outcome
 * (`OrderOutcome`, which the executor passes as the fill, so no copy is made).
 */
export interface Fill {
  /** Shares filled. */
  filled: number;
  /** Average price, $ (NaN if nothing filled). */
  price: number;
  /** Venue that executed. */
  execVenue: number;
  /** Execution time (or the time the order ended), seconds. */
  execTime: number;
  /** Fee the broker pays, $ (negative: rebate). */
  brokerFee: number;
  /** Fee the other side pays, $ (negative: rebate). */
  contraFee: number;
  /** Payment for order flow to the broker, $. */
  payment: number;
  /** Cost of missing, $. */
  opportunityCost: number;
}

/** The random streams the venue models draw from. */
export interface Draws {
  /** Whether a fixed-model wholesaler improves. */
  pi: RandomStream;
  /** How much a wholesaler improves. */
  piAmount: RandomStream;
  /** Whether a dark pool fills. */
  dark: RandomStream;
  /** Latency of a reroute. */
  reroute: RandomStream;
  /** Auction bidders' valuations. */
  bids: RandomStream;
}

/**
 * An empty order view, to be refilled for each order.
 *
 * @example
 * ```ts
 * import { orderView } from "./order.ts";
 * const o = orderView();
 * if (o.q !== 0 || o.maxLevels !== 1e9) throw new Error();
 * ```
 */
export function orderView(): OrderView {
  return {
    i: 0,
    q: 0,
    side: 1,
    type: 0,
    tier: 0,
    security: 0,
    time: 0,
    mid: 0,
    half: 0,
    tick: 0.01,
    depth: 0,
    level: 0,
    maxLevels: 1e9,
    adverse: 0,
    nonFill: 1,
    drift: 0,
    tau: 1,
    offsetTicks: 0,
    touch: 0,
    through: 0,
  };
}

/**
 * An empty fill, to be reset for each order with {@linkcode resetFill}.
 *
 * @example
 * ```ts
 * import { emptyFill } from "./order.ts";
 * if (emptyFill().filled !== 0) throw new Error();
 * ```
 */
export function emptyFill(): Fill {
  return {
    filled: 0,
    price: NaN,
    execVenue: 0,
    execTime: 0,
    brokerFee: 0,
    contraFee: 0,
    payment: 0,
    opportunityCost: 0,
  };
}

/**
 * Resets a fill for an order routed to venue `v` that would execute at `execTime`.
 *
 * @example
 * ```ts
 * import { emptyFill, resetFill } from "./order.ts";
 * const f = emptyFill();
 * f.filled = 100;
 * resetFill(f, 3, 12.5);
 * if (f.filled !== 0 || f.execVenue !== 3 || f.execTime !== 12.5) throw new Error();
 * ```
 */
export function resetFill(f: Fill, v: number, execTime: number): void {
  f.filled = 0;
  f.price = NaN;
  f.execVenue = v;
  f.execTime = execTime;
  f.brokerFee = 0;
  f.contraFee = 0;
  f.payment = 0;
  f.opportunityCost = 0;
}

/**
 * What the liquidity provider captures of a marketable order, $: the
 * half-spread on the shares filled at the touch, less the improvement on the
 * improved shares, plus the ticks walked through the book.
 *
 * @example
 * ```ts
 * import { capture, orderView } from "./order.ts";
 * const o = { ...orderView(), q: 100, half: 0.01 };
 * // 80 filled, 20 of them improved by 0.4¢, 30 ticks·shares walked.
 * if (Math.abs(capture(o, 80, 30, 20, 0.004) - (0.8 - 0.08 + 0.3)) > 1e-12) throw new Error();
 * ```
 */
export function capture(
  o: OrderView,
  filled: number,
  extraTicks: number,
  improved: number,
  meanImprovement: number,
): number {
  return filled * o.half - improved * meanImprovement + extraTicks * o.tick;
}

/**
 * Expected cost to the customer of a marketable order, $ per share: what the
 * liquidity provider captures (`captured`, $) plus the cost of the shares that
 * do not fill. The one formula every venue model's expectation uses.
 *
 * @example
 * ```ts
 * import { marketableCost, orderView } from "./order.ts";
 * const o = { ...orderView(), q: 100, half: 0.01, nonFill: 1 };
 * // 80 filled capturing $1.02; 20 unfilled at one half-spread each.
 * if (Math.abs(marketableCost(o, 80, 1.02) - (1.02 + 0.2) / 100) > 1e-15) throw new Error();
 * ```
 */
export function marketableCost(o: OrderView, filled: number, captured: number): number {
  return (captured + (o.q - filled) * o.nonFill * o.half) / o.q;
}

/**
 * The quote `wait` seconds after the order arrived, as its far side: the
 * midpoint then, moved by the order's own information, plus the half-spread
 * then; `out[0]` receives the midpoint (with the drift), `out[1]` the half-spread.
 *
 * @example
 * ```ts
 * import { farQuoteAfter, orderView } from "./order.ts";
 * import { simulateMarket } from "../market.ts";
 * import { buildUniverse } from "../securities.ts";
 * import { Random } from "../random.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const r = new Random(1);
 * const market = simulateMarket(buildUniverse(defaultScenario().universe, r), r);
 * const out = new Float64Array(2);
 * const far = farQuoteAfter(market, { ...orderView(), time: 10 }, 0.5, out);
 * if (!(far === out[0] + out[1])) throw new Error();
 * ```
 */
export function farQuoteAfter(
  market: Market,
  o: OrderView,
  wait: number,
  out: Float64Array,
): number {
  const j = pathIndex(market.steps, o.security, o.time + wait);
  const mid = market.mid[j] + (o.drift === 0 ? 0 : o.drift * (1 - Math.exp(-wait / o.tau)));
  const half = market.spreadTicks[j] * market.universe.tickSize / 2;
  out[0] = mid;
  out[1] = half;
  return mid + o.side * half;
}
