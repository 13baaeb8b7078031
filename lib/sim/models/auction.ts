/**
 * The order-by-order auction: each marketable order is exposed to bidders
 * for a moment and goes to the best bid.
 *
 * Assumptions, in plain words:
 * - The order waits the policy's exposure time and is priced off the quote
 *   then (which its own information may have moved); a marketable limit
 *   whose limit the quote has passed is cancelled, and the move is its cost
 *   of missing.
 * - Each of the policy's bidders values the order at the half-spread less the
 *   adverse selection it expects and its cost, plus private noise; the winner
 *   pays the second-best value (the revenue of a sealed first-price auction
 *   with bid shading), as improvement on the guaranteed size, never worse
 *   than the NBBO nor past the midpoint, in hundredths of a cent.
 * - The auction pays the broker nothing.
 *
 * @module
 */
import { bitsAt } from "../random.ts";
import { MARKETABLE_LIMIT } from "../flow.ts";
import type { VenueTable } from "../venues.ts";
import type { Market } from "../market.ts";
import { BID_NOISE_TABLE, expectedAuctionImprovement } from "../dealer.ts";
import type { Draws, Fill, OrderView } from "./order.ts";
import { farQuoteAfter } from "./order.ts";
import { dealerExpected, dealerTake, guaranteeShares, improvedShares } from "./wholesaler.ts";

/**
 * Expected customer cost (`out[0]`) of a marketable order sent to auction `v`
 * with `bidders` bidders, $ per share; the broker's revenue (`out[1]`) is 0.
 *
 * @example
 * ```ts
 * import { auctionExpected } from "./auction.ts";
 * import { orderView } from "./order.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const v = venueCode(t, "AUCTION");
 * const o = { ...orderView(), q: 100, half: 0.01, depth: 500, level: 100 };
 * const two = new Float64Array(2), ten = new Float64Array(2);
 * auctionExpected(o, t, v, 2, two, new Float64Array(1));
 * auctionExpected(o, t, v, 10, ten, new Float64Array(1));
 * // More bidders, more improvement, a lower cost.
 * if (!(ten[0] < two[0]) || two[1] !== 0) throw new Error();
 * ```
 */
export function auctionExpected(
  o: OrderView,
  venues: VenueTable,
  v: number,
  bidders: number,
  out: Float64Array,
  scratch: Float64Array,
): void {
  const pi = expectedAuctionImprovement(
    o.half,
    o.adverse,
    venues.costPerShare[v],
    venues.valuationNoise[v] * 2 * o.half,
    bidders,
  );
  dealerExpected(o, venues, v, pi, out, scratch);
  out[1] = 0;
}

/**
 * Runs the auction for a marketable order sent to auction `v` with `bidders`
 * bidders, exposed for `exposure` seconds; `limitPrice` is the marketable
 * limit's price (NaN for a market order). Writes shares, price, time and any
 * cost of missing to `fill`.
 *
 * @example
 * ```ts
 * import { auctionFill } from "./auction.ts";
 * import { emptyFill, orderView, resetFill } from "./order.ts";
 * import { Random } from "../random.ts";
 * import { simulateMarket } from "../market.ts";
 * import { buildUniverse } from "../securities.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const r = new Random(1);
 * const market = simulateMarket(buildUniverse(defaultScenario().universe, r), r);
 * const t = venueTable(defaultScenario().venues);
 * const v = venueCode(t, "AUCTION");
 * const draws = { pi: r.stream("a"), piAmount: r.stream("b"), dark: r.stream("c"),
 *   reroute: r.stream("d"), bids: r.stream("e") };
 * const k = 0;
 * const mid = market.mid[k * market.steps + 100];
 * const half = market.spreadTicks[k * market.steps + 100] * 0.005;
 * const o = { ...orderView(), q: 100, side: 1, security: k, time: 100, mid, half,
 *   depth: 500, level: 100 };
 * const f = emptyFill();
 * resetFill(f, v, 0);
 * auctionFill(market, o, t, v, 5, 0, draws, NaN, f, new Float64Array(1));
 * // No exposure: at the NBBO or better, never past the midpoint.
 * if (f.filled !== 100 || !(f.price <= mid + half + 1e-12 && f.price >= mid - 1e-12)) {
 *   throw new Error(String(f.price));
 * }
 * ```
 */
export function auctionFill(
  market: Market,
  o: OrderView,
  venues: VenueTable,
  v: number,
  bidders: number,
  exposure: number,
  draws: Draws,
  limitPrice: number,
  fill: Fill,
  scratch: Float64Array,
): void {
  const far = farQuoteAfter(market, o, exposure, quote);
  const midEnd = quote[0];
  const halfEnd = quote[1];
  fill.execTime += exposure;
  const capTicks = o.type === MARKETABLE_LIMIT
    ? Math.floor((limitPrice - far) * o.side / o.tick + 1e-9)
    : 1e9;
  if (capTicks < 0) {
    // The quote moved past the limit during the exposure: nothing fills, and the move is the
    // cost of missing.
    const moved = o.side * (midEnd - o.mid);
    fill.opportunityCost = moved > 0 ? moved * o.q : 0;
    return;
  }
  const base = halfEnd - o.adverse - venues.costPerShare[v];
  const noise = venues.valuationNoise[v] * 2 * halfEnd;
  let first = -Infinity;
  let second = -Infinity;
  for (let b = 0; b < bidders; b++) {
    const z = BID_NOISE_TABLE[bitsAt(draws.bids.k0, draws.bids.k1, o.i * 64 + b) >>> 20];
    const value = base + noise * z;
    if (value > first) {
      second = first;
      first = value;
    } else if (value > second) second = value;
  }
  let pi = second > 0 ? second : 0;
  if (pi > halfEnd) pi = halfEnd;
  pi = Math.round(pi * 1e4) / 1e4;
  const g = guaranteeShares(o, venues, v);
  const extra = dealerTake(o, g, capTicks, scratch);
  const filled = scratch[0];
  fill.filled = filled;
  fill.price = far + o.side * (extra * o.tick - improvedShares(o, g) * pi) / filled;
}

const quote = new Float64Array(2);
