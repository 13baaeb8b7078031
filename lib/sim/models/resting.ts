/**
 * The resting limit order, at any venue: it waits behind the quote for its
 * life.
 *
 * Assumptions, in plain words:
 * - The router knows the chance that the NBBO reaches the limit in the
 *   order's life and the chance the market trades through it (from the
 *   security's volatility: `reachProbabilities`). It fills on the touch with
 *   the venue's touch probability (queue position) and, failing that, on a
 *   trade-through with the venue's through probability.
 * - A fill gains the customer the half-spread plus the limit's offset; a
 *   miss costs the policy's cost of not filling, in half-spreads.
 * - What the broker earns depends on the venue: the make rebate on an
 *   exchange, the payment at a wholesaler, the other side of the customer's
 *   gain at its affiliate, the payment less the access fee in a dark pool.
 *
 * @module
 */
import { DARK, LIT, type VenueTable, WHOLESALER } from "../venues.ts";
import type { Fill, OrderView } from "./order.ts";
import { litRestingFees, litRestingRevenue } from "./lit.ts";
import { wholesalerRestingRevenue } from "./wholesaler.ts";
import { affiliatedRestingRevenue } from "./affiliated.ts";
import { darkRestingRevenue } from "./dark.ts";

/**
 * Expected customer cost (`out[0]`, negative: a gain) and broker revenue
 * (`out[1]`), $ per share, of a resting limit sent to venue `v` that pays
 * `pay` per share.
 *
 * @example
 * ```ts
 * import { restingExpected } from "./resting.ts";
 * import { orderView } from "./order.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const v = venueCode(t, "LIT-A");
 * // Reached surely, never traded through: fills with the touch probability.
 * const o = { ...orderView(), type: 2, half: 0.01, offsetTicks: 1, touch: 1, through: 0 };
 * const out = new Float64Array(2);
 * restingExpected(o, t, v, 0, out);
 * const p = t.touchFill[v];
 * if (Math.abs(out[0] - (-p * 0.02 + (1 - p) * 0.01)) > 1e-15) throw new Error(String(out[0]));
 * ```
 */
export function restingExpected(
  o: OrderView,
  venues: VenueTable,
  v: number,
  pay: number,
  out: Float64Array,
): void {
  const pFill = o.touch * venues.touchFill[v] +
    o.through * (1 - venues.touchFill[v]) * venues.throughFill[v];
  const gain = o.half + o.offsetTicks * o.tick;
  out[0] = -pFill * gain + (1 - pFill) * o.nonFill * o.half;
  const kind = venues.kind[v];
  out[1] = kind === LIT
    ? litRestingRevenue(venues, v, pFill)
    : kind === WHOLESALER
    ? (venues.affiliated[v]
      ? affiliatedRestingRevenue(pFill, gain)
      : wholesalerRestingRevenue(pFill, pay))
    : darkRestingRevenue(venues, v, pFill, pay);
}

/**
 * Fees of a resting limit of `q` shares filled at venue `v`: the rebate and
 * take fee on an exchange, the access fee in a dark pool, none at a dealer.
 *
 * @example
 * ```ts
 * import { restingFees } from "./resting.ts";
 * import { emptyFill } from "./order.ts";
 * import { venueCode, venueTable } from "../venues.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const f = emptyFill();
 * restingFees(t, venueCode(t, "DARK-1"), 100, f);
 * if (f.brokerFee !== 100 * t.accessFee[venueCode(t, "DARK-1")]) throw new Error();
 * ```
 */
export function restingFees(venues: VenueTable, v: number, q: number, fill: Fill): void {
  const kind = venues.kind[v];
  if (kind === LIT) litRestingFees(venues, v, q, fill);
  else if (kind === DARK) fill.brokerFee = venues.accessFee[v] * q;
}
