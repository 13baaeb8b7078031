/**
 * The wholesaler: a dealer that buys a broker's retail flow, pays for it,
 * improves on the NBBO and guarantees size.
 *
 * Assumptions, in plain words:
 * - It fills its size guarantee (or the whole consolidated depth, if larger)
 *   at the NBBO less price improvement, then walks the book beyond like an
 *   exchange.
 * - Its mean improvement is either fixed (with a probability, a share of the
 *   spread) or what its economics leave (`surplus`: the half-spread less the
 *   adverse selection it expects from the broker's clientele, its cost, the
 *   payment and the margin competition leaves it: `surplusImprovement`).
 *   Each fill's improvement is drawn around that mean, never past the
 *   midpoint, in hundredths of a cent (`improvementDraw`).
 * - It pays the broker the policy's payment per share filled; it charges no
 *   fee. A resting limit it holds fills like one on an exchange; the broker
 *   is paid on it.
 *
 * @module
 */
import { walkBook } from "../_book.ts";
import { uniformAt } from "../random.ts";
import { fixedImprovement, improvementDraw, type VenueTable } from "../venues.ts";
import { surplusImprovement } from "../dealer.ts";
import type { Draws, Fill, OrderView } from "./order.ts";
import { capture, marketableCost } from "./order.ts";

/**
 * Mean price improvement wholesaler `v` gives an order, $ per share, when it
 * pays `pay` per share.
 *
 * @example
 * ```ts
 * import { meanImprovement } from "./wholesaler.ts";
 * import { orderView } from "./order.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const v = venueCode(t, "WH-A");
 * const o = { ...orderView(), half: 0.01 };
 * // Paying more leaves less to improve with.
 * if (!(meanImprovement(o, t, v, 0.004) <= meanImprovement(o, t, v, 0))) throw new Error();
 * ```
 */
export function meanImprovement(o: OrderView, venues: VenueTable, v: number, pay: number): number {
  return venues.piSurplus[v]
    ? surplusImprovement(o.half, o.adverse, venues.costPerShare[v], pay, venues.margin[v])
    : fixedImprovement(venues.piProbability[v], venues.piShareOfSpread[v], o.half);
}

/**
 * Shares a dealer with a size guarantee of `guarantee` shares (from
 * {@linkcode guaranteeShares}) fills at the touch and the ticks it walks
 * beyond: the guarantee or the consolidated depth, whichever is larger.
 * Returns the extra ticks·shares; `scratch[0]` receives the shares filled.
 *
 * @example
 * ```ts
 * import { dealerTake, guaranteeShares } from "./wholesaler.ts";
 * import { orderView } from "./order.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const v = venueCode(t, "WH-A");
 * const scratch = new Float64Array(1);
 * const o = { ...orderView(), q: 10, depth: 100, level: 100 };
 * if (dealerTake(o, guaranteeShares(o, t, v), 1e9, scratch) !== 0 || scratch[0] !== 10) {
 *   throw new Error();
 * }
 * ```
 */
export function dealerTake(
  o: OrderView,
  guarantee: number,
  maxLevels: number,
  scratch: Float64Array,
): number {
  return walkBook(o.q, guarantee > o.depth ? guarantee : o.depth, o.level, maxLevels, scratch);
}

/**
 * Dealer `v`'s size guarantee for order `o`, shares: its guarantee in shares,
 * or its guarantee in dollars at the order's midpoint, whichever is larger.
 *
 * @example
 * ```ts
 * import { guaranteeShares } from "./wholesaler.ts";
 * import { orderView } from "./order.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const v = venueCode(t, "WH-A");
 * // A $1 stock: the guarantee is the larger of the two.
 * const g = guaranteeShares({ ...orderView(), mid: 1 }, t, v);
 * if (g !== Math.max(t.sizeGuarantee[v], Math.floor(t.sizeGuaranteeNotional[v]))) throw new Error();
 * ```
 */
export function guaranteeShares(o: OrderView, venues: VenueTable, v: number): number {
  const g = venues.sizeGuarantee[v];
  const n = venues.sizeGuaranteeNotional[v];
  if (n === 0) return g;
  const byValue = Math.floor(n / o.mid);
  return byValue > g ? byValue : g;
}

/**
 * Expected customer cost (`out[0]`, $ per share) of a marketable order filled
 * by dealer `v` (a wholesaler, an affiliate or an auction's winner) with mean
 * improvement `improvement` on its guaranteed size; `out[1]` receives the
 * dealer's capture per share. Returns the shares filled.
 *
 * @example
 * ```ts
 * import { dealerExpected } from "./wholesaler.ts";
 * import { orderView } from "./order.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const o = { ...orderView(), q: 100, half: 0.01, depth: 500, level: 100 };
 * const out = new Float64Array(2);
 * const filled = dealerExpected(o, t, venueCode(t, "WH-A"), 0.004, out, new Float64Array(1));
 * if (filled !== 100 || Math.abs(out[0] - 0.006) > 1e-15 || out[1] !== out[0]) throw new Error();
 * ```
 */
export function dealerExpected(
  o: OrderView,
  venues: VenueTable,
  v: number,
  improvement: number,
  out: Float64Array,
  scratch: Float64Array,
): number {
  const g = guaranteeShares(o, venues, v);
  const extra = dealerTake(o, g, o.maxLevels, scratch);
  const filled = scratch[0];
  const captured = capture(o, filled, extra, improvedShares(o, g), improvement);
  out[0] = marketableCost(o, filled, captured);
  out[1] = captured / o.q;
  return filled;
}

/**
 * Shares of order `o` within a size guarantee of `guarantee` shares: the
 * shares a dealer improves.
 *
 * @example
 * ```ts
 * import { guaranteeShares, improvedShares } from "./wholesaler.ts";
 * import { orderView } from "./order.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const v = venueCode(t, "WH-A");
 * // A $1,000 stock: the share guarantee binds.
 * const big = { ...orderView(), mid: 1000, q: t.sizeGuarantee[v] + 5 };
 * if (improvedShares(big, guaranteeShares(big, t, v)) !== t.sizeGuarantee[v]) throw new Error();
 * ```
 */
export function improvedShares(o: OrderView, guarantee: number): number {
  return o.q < guarantee ? o.q : guarantee;
}

/**
 * Expected customer cost (`out[0]`) and broker revenue (`out[1]`: the
 * payment on the shares filled), $ per share, of a marketable order sent to
 * wholesaler `v` that pays `pay` per share.
 *
 * @example
 * ```ts
 * import { wholesalerExpected, meanImprovement } from "./wholesaler.ts";
 * import { orderView } from "./order.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const v = venueCode(t, "WH-A");
 * const o = { ...orderView(), q: 100, half: 0.01, depth: 500, level: 100 };
 * const out = new Float64Array(2);
 * wholesalerExpected(o, t, v, 0.002, out, new Float64Array(1));
 * // Filled in full at the NBBO less the mean improvement; paid 0.2¢ a share.
 * const pi = meanImprovement(o, t, v, 0.002);
 * if (Math.abs(out[0] - (0.01 - pi)) > 1e-15 || Math.abs(out[1] - 0.002) > 1e-15) throw new Error();
 * ```
 */
export function wholesalerExpected(
  o: OrderView,
  venues: VenueTable,
  v: number,
  pay: number,
  out: Float64Array,
  scratch: Float64Array,
): void {
  const filled = dealerExpected(o, venues, v, meanImprovement(o, venues, v, pay), out, scratch);
  out[1] = pay * filled / o.q;
}

/**
 * The broker's expected revenue, $ per share, of a resting limit at
 * wholesaler `v` that fills with probability `pFill`: the payment.
 *
 * @example
 * ```ts
 * import { wholesalerRestingRevenue } from "./wholesaler.ts";
 * if (wholesalerRestingRevenue(0.5, 0.002) !== 0.001) throw new Error();
 * ```
 */
export function wholesalerRestingRevenue(pFill: number, pay: number): number {
  return pFill * pay;
}

/**
 * Fills a marketable order at wholesaler `v` that pays `pay` per share:
 * improvement drawn around its mean on the guaranteed shares, the book
 * beyond; writes shares, price and payment to `fill`.
 *
 * @example
 * ```ts
 * import { wholesalerFill } from "./wholesaler.ts";
 * import { emptyFill, orderView } from "./order.ts";
 * import { Random } from "../random.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const v = venueCode(t, "WH-A");
 * const r = new Random(1);
 * const draws = { pi: r.stream("a"), piAmount: r.stream("b"), dark: r.stream("c"),
 *   reroute: r.stream("d"), bids: r.stream("e") };
 * const o = { ...orderView(), q: 100, side: 1, mid: 10, half: 0.01, depth: 500, level: 100 };
 * const f = emptyFill();
 * wholesalerFill(o, t, v, 0.002, draws, 10.01, f, new Float64Array(1));
 * // Never worse than the NBBO, never better than the midpoint.
 * if (f.filled !== 100 || !(f.price <= 10.01 && f.price >= 10)) throw new Error(String(f.price));
 * if (Math.abs(f.payment - 0.2) > 1e-12) throw new Error();
 * ```
 */
export function wholesalerFill(
  o: OrderView,
  venues: VenueTable,
  v: number,
  pay: number,
  draws: Draws,
  far: number,
  fill: Fill,
  scratch: Float64Array,
): void {
  const g = guaranteeShares(o, venues, v);
  const extra = dealerTake(o, g, o.maxLevels, scratch);
  const filled = scratch[0];
  const u = uniformAt(draws.piAmount.k0, draws.piAmount.k1, o.i);
  let pi = 0;
  if (venues.piSurplus[v]) pi = improvementDraw(meanImprovement(o, venues, v, pay), o.half, u);
  else if (uniformAt(draws.pi.k0, draws.pi.k1, o.i) < venues.piProbability[v]) {
    pi = improvementDraw(fixedImprovement(1, venues.piShareOfSpread[v], o.half), o.half, u);
  }
  fill.filled = filled;
  fill.price = far + o.side * (extra * o.tick - improvedShares(o, g) * pi) / filled;
  fill.payment = pay * filled;
}
