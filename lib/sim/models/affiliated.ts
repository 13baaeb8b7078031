/**
 * The affiliated internalizer: a wholesaler the broker owns.
 *
 * Assumptions, in plain words:
 * - It executes exactly like an independent wholesaler (`wholesaler.ts`):
 *   size guarantee, improvement drawn around its mean, the book beyond.
 * - It pays no payment for order flow (the money would go from one pocket of
 *   the group to the other): its capture of the spread is the broker's
 *   revenue instead. On a resting limit the broker's group earns what the
 *   customer gains, with the sign turned (it is the other side).
 *
 * @module
 */
import type { VenueTable } from "../venues.ts";
import type { OrderView } from "./order.ts";
import { dealerExpected, meanImprovement } from "./wholesaler.ts";

/**
 * Expected customer cost (`out[0]`) and the broker group's revenue (`out[1]`:
 * the internalizer's capture on the shares it fills), $ per share, of a
 * marketable order sent to affiliated venue `v`.
 *
 * @example
 * ```ts
 * import { affiliatedExpected } from "./affiliated.ts";
 * import { orderView } from "./order.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const v = venueCode(t, "AFF-1");
 * const o = { ...orderView(), q: 100, half: 0.01, depth: 500, level: 100 };
 * const out = new Float64Array(2);
 * affiliatedExpected(o, t, v, out, new Float64Array(1));
 * // Filled in full: the customer's cost is the group's revenue.
 * if (Math.abs(out[0] - out[1]) > 1e-15 || !(out[1] > 0)) throw new Error();
 * ```
 */
export function affiliatedExpected(
  o: OrderView,
  venues: VenueTable,
  v: number,
  out: Float64Array,
  scratch: Float64Array,
): void {
  // The group's revenue is the capture on the shares filled, not the customer's cost of the
  // shares that never trade.
  dealerExpected(o, venues, v, meanImprovement(o, venues, v, 0), out, scratch);
}

/**
 * The broker group's expected revenue, $ per share, of a resting limit at an
 * affiliated venue that fills with probability `pFill` and gains the customer
 * `gain` per share: the other side of the customer's gain.
 *
 * @example
 * ```ts
 * import { affiliatedRestingRevenue } from "./affiliated.ts";
 * if (affiliatedRestingRevenue(0.5, 0.01) !== -0.005) throw new Error();
 * ```
 */
export function affiliatedRestingRevenue(pFill: number, gain: number): number {
  return pFill * -gain;
}
