/**
 * The lit exchange: a displayed book under maker-taker (or inverted) fees.
 *
 * Assumptions, in plain words:
 * - A marketable order takes the far quote up to the venue's share of the
 *   consolidated depth, then walks a book of equal levels one tick apart (a
 *   marketable limit stops at its limit; the rest is cancelled).
 * - The broker pays the take fee on every share it takes and the other side
 *   earns the make rebate. An inverted venue is the same model with the signs
 *   turned: a negative take fee (the taker is paid) and a negative rebate.
 * - A resting limit fills when the NBBO reaches it with the venue's touch
 *   probability (queue position) and surely when the market trades through
 *   it; the broker earns the make rebate and the other side pays the take fee.
 * - A lit venue pays nothing for order flow and prices no adverse selection
 *   of its own: its quotes are set for the whole market's mix.
 *
 * @module
 */
import { walkBook } from "../_book.ts";
import type { VenueTable } from "../venues.ts";
import type { Fill, OrderView } from "./order.ts";
import { capture, marketableCost } from "./order.ts";

/**
 * Expected customer cost (`out[0]`) and broker revenue (`out[1]`, the take
 * fee paid, so negative), $ per share, of a marketable order sent to lit
 * venue `v`.
 *
 * @example
 * ```ts
 * import { litExpected } from "./lit.ts";
 * import { orderView } from "./order.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const v = venueCode(t, "LIT-A");
 * const o = { ...orderView(), q: 100, half: 0.01, depth: 500, level: 100 };
 * const out = new Float64Array(2);
 * litExpected(o, t, v, out, new Float64Array(1));
 * // All 100 shares at the touch: the half-spread, and the take fee.
 * if (Math.abs(out[0] - 0.01) > 1e-15 || Math.abs(out[1] + t.takeFee[v]) > 1e-15) throw new Error();
 * ```
 */
export function litExpected(
  o: OrderView,
  venues: VenueTable,
  v: number,
  out: Float64Array,
  scratch: Float64Array,
): void {
  const extra = walkBook(o.q, o.depth * venues.depthShare[v], o.level, o.maxLevels, scratch);
  const filled = scratch[0];
  out[0] = marketableCost(o, filled, capture(o, filled, extra, 0, 0));
  out[1] = -venues.takeFee[v] * filled / o.q;
}

/**
 * The broker's expected revenue, $ per share, of a resting limit at lit venue
 * `v` that fills with probability `pFill`: the make rebate.
 *
 * @example
 * ```ts
 * import { litRestingRevenue } from "./lit.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const v = venueCode(t, "LIT-A");
 * if (Math.abs(litRestingRevenue(t, v, 0.5) - t.makeRebate[v] / 2) > 1e-15) throw new Error();
 * ```
 */
export function litRestingRevenue(venues: VenueTable, v: number, pFill: number): number {
  return pFill * venues.makeRebate[v];
}

/**
 * Fills a marketable order at lit venue `v` from the far quote `far`, taking
 * at most `maxLevels` levels beyond it: writes the shares, the average price
 * and the fees to `fill`.
 *
 * @example
 * ```ts
 * import { litFill } from "./lit.ts";
 * import { emptyFill, orderView } from "./order.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const v = venueCode(t, "LIT-A");
 * // The venue's share of the touch is 100 shares; then 100 a level.
 * const o = { ...orderView(), q: 300, side: 1, depth: 100 / t.depthShare[v], level: 100 };
 * const f = emptyFill();
 * litFill(o, t, v, 10.01, 1e9, f, new Float64Array(1));
 * // 100 at 10.01, 100 at 10.02, 100 at 10.03.
 * if (f.filled !== 300 || Math.abs(f.price - 10.02) > 1e-12) throw new Error(String(f.price));
 * if (Math.abs(f.brokerFee - 300 * t.takeFee[v]) > 1e-12) throw new Error();
 * ```
 */
export function litFill(
  o: OrderView,
  venues: VenueTable,
  v: number,
  far: number,
  maxLevels: number,
  fill: Fill,
  scratch: Float64Array,
): void {
  const extra = walkBook(o.q, o.depth * venues.depthShare[v], o.level, maxLevels, scratch);
  const filled = scratch[0];
  fill.filled = filled;
  fill.price = far + o.side * extra * o.tick / filled;
  fill.brokerFee = venues.takeFee[v] * filled;
  fill.contraFee = -venues.makeRebate[v] * filled;
}

/**
 * Fees of a resting limit of `q` shares filled at lit venue `v`: the broker
 * earns the make rebate, the other side pays the take fee.
 *
 * @example
 * ```ts
 * import { litRestingFees } from "./lit.ts";
 * import { emptyFill } from "./order.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const v = venueCode(t, "LIT-A");
 * const f = emptyFill();
 * litRestingFees(t, v, 100, f);
 * if (f.brokerFee !== -100 * t.makeRebate[v] || f.contraFee !== 100 * t.takeFee[v]) throw new Error();
 * ```
 */
export function litRestingFees(venues: VenueTable, v: number, q: number, fill: Fill): void {
  fill.brokerFee = -venues.makeRebate[v] * q;
  fill.contraFee = venues.takeFee[v] * q;
}
