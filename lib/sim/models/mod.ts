/**
 * The venue models, one file each, behind one small interface: for routing,
 * each states the customer's expected cost and the broker's expected revenue
 * of sending it an order; for execution, it fills the order.
 *
 * - {@linkcode litExpected} / {@linkcode litFill}: an exchange under
 *   maker-taker or inverted fees (`lit.ts`);
 * - {@linkcode wholesalerExpected} / {@linkcode wholesalerFill}: a dealer that
 *   pays for flow and improves (`wholesaler.ts`);
 * - {@linkcode affiliatedExpected}: the broker's own internalizer
 *   (`affiliated.ts`);
 * - {@linkcode darkExpected} / {@linkcode darkFill}: a midpoint pool that
 *   reroutes (`dark.ts`);
 * - {@linkcode auctionExpected} / {@linkcode auctionFill}: an order-by-order
 *   auction (`auction.ts`);
 * - {@linkcode restingExpected} / {@linkcode restingFees}: a resting limit at
 *   any of them (`resting.ts`).
 *
 * {@linkcode expectMarketable} and {@linkcode fillMarketable} dispatch on the
 * venue's kind; adding a venue kind means adding its file and a line to each.
 *
 * @module
 */
import { AUCTION, DARK, LIT, type VenueTable } from "../venues.ts";
import type { Market } from "../market.ts";
import type { Draws, Fill, OrderView } from "./order.ts";
import { litExpected, litFill } from "./lit.ts";
import { wholesalerExpected, wholesalerFill } from "./wholesaler.ts";
import { affiliatedExpected } from "./affiliated.ts";
import { darkExpected, darkFill } from "./dark.ts";
import { auctionExpected, auctionFill } from "./auction.ts";

export * from "./order.ts";
export * from "./lit.ts";
export * from "./wholesaler.ts";
export * from "./affiliated.ts";
export * from "./dark.ts";
export * from "./auction.ts";
export * from "./resting.ts";
export * from "./payment.ts";

/**
 * Expected customer cost (`out[0]`) and broker revenue (`out[1]`), $ per
 * share, of sending marketable order `o` to venue `v`, which pays `pay` per
 * share; an auction has `bidders` bidders.
 *
 * @example
 * ```ts
 * import { expectMarketable, orderView } from "./mod.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const o = { ...orderView(), q: 100, half: 0.01, depth: 500, level: 100 };
 * const lit = new Float64Array(2), wh = new Float64Array(2), s = new Float64Array(1);
 * expectMarketable(o, t, venueCode(t, "LIT-A"), 0, 5, lit, s);
 * expectMarketable(o, t, venueCode(t, "WH-A"), 0, 5, wh, s);
 * // A wholesaler that is paid nothing improves on the exchange.
 * if (!(wh[0] < lit[0])) throw new Error();
 * ```
 */
export function expectMarketable(
  o: OrderView,
  venues: VenueTable,
  v: number,
  pay: number,
  bidders: number,
  out: Float64Array,
  scratch: Float64Array,
): void {
  const kind = venues.kind[v];
  if (kind === LIT) litExpected(o, venues, v, out, scratch);
  else if (kind === DARK) darkExpected(o, venues, v, pay, out, scratch);
  else if (kind === AUCTION) auctionExpected(o, venues, v, bidders, out, scratch);
  else if (venues.affiliated[v]) affiliatedExpected(o, venues, v, out, scratch);
  else wholesalerExpected(o, venues, v, pay, out, scratch);
}

/**
 * Fills marketable order `o` at venue `v` (paying `pay` per share; an auction
 * with `bidders` bidders and `exposure` seconds): writes to `fill`, which
 * {@linkcode resetFill} prepared with the venue and the time of arrival plus
 * latency. `far` is the far quote at arrival; `limitPrice` the marketable
 * limit's price (NaN for a market order).
 *
 * @example
 * ```ts
 * import { emptyFill, fillMarketable, orderView, resetFill } from "./mod.ts";
 * import { Random } from "../random.ts";
 * import { simulateMarket } from "../market.ts";
 * import { buildUniverse } from "../securities.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const r = new Random(1);
 * const market = simulateMarket(buildUniverse(defaultScenario().universe, r), r);
 * const t = venueTable(defaultScenario().venues);
 * const draws = { pi: r.stream("a"), piAmount: r.stream("b"), dark: r.stream("c"),
 *   reroute: r.stream("d"), bids: r.stream("e") };
 * const o = { ...orderView(), q: 100, side: 1, mid: 10, half: 0.01, depth: 50, level: 100 };
 * const f = emptyFill();
 * const v = venueCode(t, "LIT-A");
 * resetFill(f, v, 0);
 * fillMarketable(market, o, t, v, 0, 5, 0, draws, 10.01, NaN, f, new Float64Array(1));
 * if (f.filled !== 100 || !(f.price > 10.01)) throw new Error(String(f.price));
 * ```
 */
export function fillMarketable(
  market: Market,
  o: OrderView,
  venues: VenueTable,
  v: number,
  pay: number,
  bidders: number,
  exposure: number,
  draws: Draws,
  far: number,
  limitPrice: number,
  fill: Fill,
  scratch: Float64Array,
): void {
  const kind = venues.kind[v];
  if (kind === LIT) litFill(o, venues, v, far, o.maxLevels, fill, scratch);
  else if (kind === DARK) darkFill(market, o, venues, v, pay, draws, limitPrice, fill, scratch);
  else if (kind === AUCTION) {
    auctionFill(market, o, venues, v, bidders, exposure, draws, limitPrice, fill, scratch);
  } else wholesalerFill(o, venues, v, pay, draws, far, fill, scratch);
}
