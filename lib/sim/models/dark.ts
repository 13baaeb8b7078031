/**
 * The dark pool: a midpoint cross with no displayed quote.
 *
 * Assumptions, in plain words:
 * - A marketable order crosses at the midpoint with the pool's fill
 *   probability; the broker pays the access fee and may be paid.
 * - Otherwise it waits the pool's timeout and reroutes to its fallback lit
 *   venue, at the quote then (which the order's own information may have
 *   moved against it), with the lit venue's take fee; a marketable limit
 *   whose limit the quote has passed is cancelled, and the move is its cost
 *   of missing.
 * - A resting limit in the pool may sit unfilled while the lit market trades
 *   through it (its through probability can be below 1).
 *
 * @module
 */
import { bitsAt, uniformAt } from "../random.ts";
import { MARKETABLE_LIMIT } from "../flow.ts";
import { LATENCY_BINS, type VenueTable } from "../venues.ts";
import type { Market } from "../market.ts";
import type { Draws, Fill, OrderView } from "./order.ts";
import { farQuoteAfter } from "./order.ts";
import { litExpected, litFill } from "./lit.ts";

/**
 * Expected customer cost (`out[0]`) and broker revenue (`out[1]`), $ per
 * share, of a marketable order sent to dark pool `v` that pays `pay` per
 * share: a midpoint cross with its fill probability, else the fallback lit
 * venue's cost and take fee.
 *
 * @example
 * ```ts
 * import { darkExpected } from "./dark.ts";
 * import { litExpected } from "./lit.ts";
 * import { orderView } from "./order.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const v = venueCode(t, "DARK-1");
 * const o = { ...orderView(), q: 100, half: 0.01, depth: 500, level: 100 };
 * const dark = new Float64Array(2), lit = new Float64Array(2);
 * darkExpected(o, t, v, 0, dark, new Float64Array(1));
 * litExpected(o, t, t.fallback[v], lit, new Float64Array(1));
 * const p = t.darkFill[v];
 * if (Math.abs(dark[0] - (1 - p) * lit[0]) > 1e-15) throw new Error();
 * ```
 */
export function darkExpected(
  o: OrderView,
  venues: VenueTable,
  v: number,
  pay: number,
  out: Float64Array,
  scratch: Float64Array,
): void {
  litExpected(o, venues, venues.fallback[v], out, scratch);
  const p = venues.darkFill[v];
  out[0] = (1 - p) * out[0];
  out[1] = p * (pay - venues.accessFee[v]) + (1 - p) * out[1];
}

/**
 * The broker's expected revenue, $ per share, of a resting limit in dark
 * pool `v` that fills with probability `pFill`: the payment less the access
 * fee.
 *
 * @example
 * ```ts
 * import { darkRestingRevenue } from "./dark.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const v = venueCode(t, "DARK-1");
 * if (darkRestingRevenue(t, v, 1, 0) !== -t.accessFee[v]) throw new Error();
 * ```
 */
export function darkRestingRevenue(
  venues: VenueTable,
  v: number,
  pFill: number,
  pay: number,
): number {
  return pFill * (pay - venues.accessFee[v]);
}

/**
 * Fills a marketable order sent to dark pool `v`: a midpoint cross, or a
 * reroute to the fallback lit venue after the timeout (`fill.execVenue` and
 * `fill.execTime` change); `limitPrice` is the marketable limit's price (NaN
 * for a market order).
 *
 * @example
 * ```ts
 * import { darkFill } from "./dark.ts";
 * import { emptyFill, orderView, resetFill } from "./order.ts";
 * import { Random } from "../random.ts";
 * import { simulateMarket } from "../market.ts";
 * import { buildUniverse } from "../securities.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const r = new Random(1);
 * const market = simulateMarket(buildUniverse(defaultScenario().universe, r), r);
 * const t = venueTable(defaultScenario().venues);
 * const v = venueCode(t, "DARK-1");
 * const draws = { pi: r.stream("a"), piAmount: r.stream("b"), dark: r.stream("c"),
 *   reroute: r.stream("d"), bids: r.stream("e") };
 * const o = { ...orderView(), q: 100, side: 1, mid: 10, half: 0.01, depth: 500, level: 100 };
 * let crossed = 0;
 * for (let i = 0; i < 1000; i++) {
 *   const f = emptyFill();
 *   resetFill(f, v, 0);
 *   darkFill(market, { ...o, i }, t, v, 0, draws, NaN, f, new Float64Array(1));
 *   if (f.execVenue === v) crossed++;
 * }
 * if (Math.abs(crossed / 1000 - t.darkFill[v]) > 0.06) throw new Error(String(crossed));
 * ```
 */
export function darkFill(
  market: Market,
  o: OrderView,
  venues: VenueTable,
  v: number,
  pay: number,
  draws: Draws,
  limitPrice: number,
  fill: Fill,
  scratch: Float64Array,
): void {
  if (uniformAt(draws.dark.k0, draws.dark.k1, o.i) < venues.darkFill[v]) {
    fill.filled = o.q;
    fill.price = o.mid;
    fill.brokerFee = venues.accessFee[v] * o.q;
    fill.payment = pay * o.q;
    return;
  }
  // Reroute to the fallback lit venue after the timeout, at the quote then.
  const lit = venues.fallback[v];
  fill.execVenue = lit;
  const wait = venues.timeoutMs[v] / 1000;
  const far = farQuoteAfter(market, o, wait, scratch2);
  const lat = venues
    .latencyTable[lit * LATENCY_BINS + (bitsAt(draws.reroute.k0, draws.reroute.k1, o.i) >>> 24)];
  fill.execTime = o.time + wait + lat / 1000;
  // The marketable limit's price cap stays where the customer set it.
  const capTicks = o.type === MARKETABLE_LIMIT
    ? Math.floor((limitPrice - far) * o.side / o.tick + 1e-9)
    : 1e9;
  if (capTicks < 0) {
    // The market moved past the limit: nothing fills; the move is the cost of missing.
    const moved = o.side * (scratch2[0] - o.mid);
    fill.opportunityCost = moved > 0 ? moved * o.q : 0;
    return;
  }
  litFill(o, venues, lit, far, capTicks, fill, scratch);
}

const scratch2 = new Float64Array(2);
