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
import { type OrderOutcome, orderOutcome, type Outcomes, readOutcome } from "./execution.ts";
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
  const r = orderOutcome();
  const e = ledgerEntry();
  for (let i = 0; i < n; i++) {
    if (outcomes.filled[i] === 0) continue;
    readOutcome(outcomes, i, r);
    bookOrder(venues, orders.side[i], r, commission, e);
    l.customerCost[i] = e.customerCost;
    l.broker[i] = e.broker;
    l.wholesaler[i] = e.wholesaler;
    l.venue[i] = e.venue;
    l.otherSide[i] = e.otherSide;
  }
  return l;
}

/** One order's cash flows, $: the fields of {@linkcode Ledger} for one row. */
export interface LedgerEntry {
  /** What the customer pays beyond the arrival midpoint, commission included. */
  customerCost: number;
  /** Broker's gain. */
  broker: number;
  /** Non-affiliated wholesaler's gain. */
  wholesaler: number;
  /** Venue operators' gain. */
  venue: number;
  /** Other side's gain. */
  otherSide: number;
}

/** What the ledger needs of an order's outcome. */
export type BookedOutcome = Pick<
  OrderOutcome,
  "filled" | "price" | "arrivalMid" | "payment" | "brokerFee" | "contraFee" | "execVenue"
>;

/**
 * An empty ledger entry, refilled by {@linkcode bookOrder}.
 *
 * @example
 * ```ts
 * import { ledgerEntry } from "./ledger.ts";
 * if (ledgerEntry().broker !== 0) throw new Error();
 * ```
 */
export function ledgerEntry(): LedgerEntry {
  return { customerCost: 0, broker: 0, wholesaler: 0, venue: 0, otherSide: 0 };
}

/**
 * Books one order of side `side` (+1 buy, -1 sell) with outcome `r` into `e`:
 * the one rule of the ledger, used by {@linkcode buildLedger} and the fused day.
 * An unfilled order books nothing.
 *
 * @example
 * ```ts
 * import { bookOrder, ledgerEntry } from "./ledger.ts";
 * import { venueTable, venueCode } from "./venues.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const e = ledgerEntry();
 * // 100 shares bought at 10.008 against a 10.00 midpoint at a wholesaler paying $0.10.
 * const r = { filled: 100, price: 10.008, arrivalMid: 10, payment: 0.1, brokerFee: 0, contraFee: 0,
 *   execVenue: venueCode(t, "WH-A") };
 * bookOrder(t, 1, r, { perOrder: 0, perShare: 0 }, e);
 * if (Math.abs(e.customerCost - 0.8) > 1e-9 || Math.abs(e.wholesaler - 0.7) > 1e-9) throw new Error();
 * if (Math.abs(e.customerCost - (e.broker + e.wholesaler + e.venue + e.otherSide)) > 1e-12) {
 *   throw new Error();
 * }
 * ```
 */
export function bookOrder(
  venues: VenueTable,
  side: number,
  r: BookedOutcome,
  commission: Commission,
  e: LedgerEntry,
): void {
  const q = r.filled;
  e.customerCost = 0;
  e.broker = 0;
  e.wholesaler = 0;
  e.venue = 0;
  e.otherSide = 0;
  if (q === 0) return;
  const trade = side * (r.price - r.arrivalMid) * q;
  const fee = commission.perOrder + commission.perShare * q;
  const pay = r.payment;
  const bf = r.brokerFee;
  const cf = r.contraFee;
  const ev = r.execVenue;
  e.customerCost = trade + fee;
  let broker = pay - bf + fee;
  if (venues.kind[ev] === WHOLESALER || venues.kind[ev] === AUCTION) {
    if (venues.affiliated[ev]) broker += trade - pay;
    else e.wholesaler = trade - pay;
    e.venue = bf + cf;
  } else {
    e.otherSide = trade - cf;
    e.venue = bf + cf - pay;
  }
  e.broker = broker;
}
