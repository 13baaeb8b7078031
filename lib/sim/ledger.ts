/**
 * The ledger: cash flows of every order among the retail customer, the
 * broker, the wholesaler (market maker), the venues (exchange or ATS
 * operators) and the other side of the trade, measured against the midpoint
 * at the order's arrival.
 *
 * The identity, order by order: what the customer pays beyond the midpoint
 * (plus any commission) equals the sum of what the others gain.
 *
 * - The trade itself: the customer pays `side * (price - mid) * shares` to
 *   whoever took the other side (a wholesaler, or a liquidity provider on a
 *   lit book or in a dark pool).
 * - Payment for order flow moves money from the wholesaler (or the venue
 *   operator that pays it) to the broker.
 * - Access fees move money from the broker to the venue; maker rebates from
 *   the venue to the maker (the other side, or the broker for a customer's
 *   limit order resting on a lit book, which most brokers keep).
 * - A wholesaler affiliated with the broker is the broker: its capture is
 *   booked to the broker.
 * - In an order-by-order auction the winning bidder takes the other side; it
 *   is booked with the wholesalers (liquidity providers that win retail
 *   orders).
 *
 * @module
 */
import type { Orders } from "./flow.ts";
import type { Outcomes } from "./execution.ts";
import { AUCTION, type VenueTable, WHOLESALER } from "./venues.ts";

/** Parties of the ledger, in column order. */
export const PARTIES = ["customer", "broker", "wholesaler", "venue", "otherSide"] as const;

/** Cash flows per order, $ (positive: the party gains; the customer column is what it pays). */
export interface Ledger {
  /** What the customer pays beyond the arrival midpoint, commission included. */
  customerCost: Float64Array;
  /** Broker's gain: payment, less fees, plus rebates, commission and affiliate capture. */
  broker: Float64Array;
  /** Non-affiliated wholesaler's gain: its capture less the payment. */
  wholesaler: Float64Array;
  /** Venue operators' gain: fees less rebates and less any payment they make. */
  venue: Float64Array;
  /** Other side of a lit or dark trade: its capture less fees (plus rebates). */
  otherSide: Float64Array;
}

/** Commission terms of a broker. */
export interface Commission {
  /** Per filled order, $. */
  perOrder: number;
  /** Per filled share, $. */
  perShare: number;
}

/**
 * Cash flows of every order.
 *
 * @example
 * ```ts
 * import { simulateDay } from "./simulate.ts";
 * import { defaultScenario } from "./scenario.ts";
 * import { buildLedger } from "./ledger.ts";
 * const day = simulateDay(defaultScenario(), { kind: "max-payment" }, { orders: 500, seed: 1 });
 * const l = buildLedger(day.orders, day.outcomes, day.venues);
 * for (let i = 0; i < 500; i++) {
 *   const others = l.broker[i] + l.wholesaler[i] + l.venue[i] + l.otherSide[i];
 *   if (Math.abs(l.customerCost[i] - others) > 1e-9) throw new Error("identity broken");
 * }
 * ```
 */
export function buildLedger(
  orders: Orders,
  outcomes: Outcomes,
  venues: VenueTable,
  commission: Commission = { perOrder: 0, perShare: 0 },
): Ledger {
  const n = outcomes.count;
  const l: Ledger = {
    customerCost: new Float64Array(n),
    broker: new Float64Array(n),
    wholesaler: new Float64Array(n),
    venue: new Float64Array(n),
    otherSide: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const q = outcomes.filled[i];
    if (q === 0) continue;
    const trade = orders.side[i] * (outcomes.price[i] - outcomes.arrivalMid[i]) * q;
    const fee = commission.perOrder + commission.perShare * q;
    const pay = outcomes.payment[i];
    const bf = outcomes.brokerFee[i];
    const cf = outcomes.contraFee[i];
    const ev = outcomes.execVenue[i];
    l.customerCost[i] = trade + fee;
    let broker = pay - bf + fee;
    if (venues.kind[ev] === WHOLESALER || venues.kind[ev] === AUCTION) {
      if (venues.affiliated[ev]) broker += trade - pay;
      else l.wholesaler[i] = trade - pay;
      l.venue[i] = bf + cf;
    } else {
      l.otherSide[i] = trade - cf;
      l.venue[i] = bf + cf - pay;
    }
    l.broker[i] = broker;
  }
  return l;
}
