/**
 * One order's journey: a single order, at a quote you choose, through one
 * venue, with every step's numbers (the fill, the price improvement, fees,
 * payment and the ledger). The quote is held flat, so the result is exact
 * arithmetic, not a draw.
 *
 * @module
 */
import { Random } from "./random.ts";
import { buildUniverse } from "./securities.ts";
import { withBlockExtremes } from "./market.ts";
import type { Orders } from "./flow.ts";
import { NON_MARKETABLE_LIMIT, ORDER_TYPES } from "./flow.ts";
import { fixedImprovement, parseVenues, type Venue, venueTable, WHOLESALER } from "./venues.ts";
import { paymentPerShare } from "./routing.ts";
import { parsePolicy, policyTerms } from "./policy.ts";
import { adverseHalfSpreads, surplusImprovement } from "./dealer.ts";
import { execute, type Outcomes } from "./execution.ts";
import { buildLedger, type Ledger } from "./ledger.ts";
import { defaultScenario } from "./scenario.ts";

/** The order and the quote of a journey. */
export interface JourneyOrder {
  /** Bid, $. */
  bid: number;
  /** Ask, $ (above the bid, on the penny grid). */
  ask: number;
  /** Shares. */
  shares: number;
  /** "buy" or "sell". */
  side: "buy" | "sell";
  /** Order type (default market). */
  type?: typeof ORDER_TYPES[number];
  /** Ticks beyond the far quote (marketable limit) or behind the near quote (resting limit). */
  limitOffsetTicks?: number;
}

/** Options of a journey. */
export interface TraceOptions {
  /**
   * `"draw"` (default): a wholesaler's price improvement is drawn as the
   * simulator draws it; `"mean"`: it is exactly its mean, for worked examples.
   */
  improvement?: "draw" | "mean";
}

/** What happened on the journey. */
export interface Journey {
  /** The venue's id. */
  venue: string;
  /** Executing venue's id (a dark pool may reroute). */
  execVenue: string;
  /** Midpoint at arrival, $. */
  mid: number;
  /** Shares filled. */
  filled: number;
  /** Average fill price, $. */
  price: number;
  /** Price improvement per share against the NBBO, $. */
  priceImprovement: number;
  /** Payment for order flow to the broker, $. */
  payment: number;
  /** Fees the broker pays, $. */
  brokerFee: number;
  /** What the customer pays beyond the midpoint, $. */
  customerCost: number;
  /** Broker's gain, $. */
  brokerGain: number;
  /** Wholesaler's gain, $. */
  wholesalerGain: number;
  /** Venue operator's gain, $. */
  venueGain: number;
  /** Other side's gain, $. */
  otherSideGain: number;
  /** Raw outcome columns (one order). */
  outcomes: Outcomes;
  /** Raw ledger columns (one order). */
  ledger: Ledger;
}

/**
 * Sends one order through one venue at a flat quote. Probabilities in the
 * venue's parameters still apply (set them to 0 or 1 for certainty).
 *
 * @example
 * ```ts
 * import { traceOrder } from "./journey.ts";
 * const j = traceOrder(
 *   { id: "LIT", name: "Lit", kind: "lit", takeFee: 0.003, makeRebate: 0.002, depthShare: 1,
 *     touchFillProbability: 1, throughFillProbability: 1, latency: { medianMs: 1, sigma: 0 }, source: "-" },
 *   { bid: 100, ask: 100.01, shares: 100, side: "buy" },
 * );
 * // A marketable buy on a lit venue pays the ask: half the spread (0.5¢) a share beyond the midpoint.
 * if (Math.abs(j.customerCost - 0.5) > 1e-9 || Math.abs(j.brokerFee - 0.3) > 1e-9) throw new Error();
 * // A wholesaler improving by a quarter of the spread on average: exactly 0.25¢ with `improvement: "mean"`.
 * const t = { market: 0.003, marketableLimit: 0.003, nonMarketableLimit: 0.003 };
 * const wh = traceOrder(
 *   { id: "WH", name: "WH", kind: "wholesaler", source: "-", latency: { medianMs: 1, sigma: 0 },
 *     paymentPerShare: { sp500: t, otherNms: t, lowPriced: t },
 *     priceImprovement: { probability: 1, shareOfSpread: 0.25 }, sizeGuaranteeShares: 1000,
 *     touchFillProbability: 1, throughFillProbability: 1 },
 *   { bid: 100, ask: 100.01, shares: 100, side: "buy" }, [], { improvement: "mean" },
 * );
 * if (Math.abs(wh.priceImprovement - 0.0025) > 1e-12) throw new Error(String(wh.priceImprovement));
 * ```
 */
export function traceOrder(
  venueInput: unknown,
  order: JourneyOrder,
  extraVenues: unknown[] = [],
  options: TraceOptions = {},
): Journey {
  const venues = parseVenues([venueInput, ...extraVenues], "venue");
  const s = defaultScenario();
  const tick = s.universe.tickSize;
  const spreadTicks = Math.round((order.ask - order.bid) / tick);
  if (
    !(spreadTicks >= 1 && spreadTicks <= 255) ||
    Math.abs(spreadTicks * tick - (order.ask - order.bid)) > 1e-9
  ) {
    throw new RangeError(
      `quote: bid ${order.bid} and ask ${order.ask} must be 1 to 255 ticks apart`,
    );
  }
  if (!Number.isInteger(order.shares) || order.shares < 1) {
    throw new RangeError(`shares: expected a positive integer, got ${order.shares}`);
  }
  const universe = buildUniverse(
    {
      ...s.universe,
      tiers: [{
        ...s.universe.tiers[0],
        securities: 1,
        flowShare: 1,
        priceMin: order.bid,
        priceMax: order.bid,
        priceMedian: order.bid,
        priceLogSd: 0,
        spreadTicks,
        spreadPriceElasticity: 0,
        spreadDispersion: 0,
      }],
    },
    new Random(1),
  );
  const steps = universe.sessionSeconds + 1;
  const market = withBlockExtremes({
    universe,
    steps,
    mid: new Float64Array(steps).fill((order.bid + order.ask) / 2),
    spreadTicks: new Uint8Array(steps).fill(spreadTicks),
  });
  const type = ORDER_TYPES.indexOf(order.type ?? "market");
  const orders: Orders = {
    count: 1,
    first: 0,
    time: Float64Array.of(60),
    security: Uint16Array.of(0),
    side: Int8Array.of(order.side === "buy" ? 1 : -1),
    size: Uint32Array.of(order.shares),
    type: Uint8Array.of(type),
    limitOffsetTicks: Uint8Array.of(order.limitOffsetTicks ?? 0),
    life: Float32Array.of(type === NON_MARKETABLE_LIMIT ? 600 : 0),
    informed: Float32Array.of(0),
  };
  const table = venueTable(venues as Venue[]);
  const routes = {
    venue: Uint8Array.of(0),
    expectedCost: new Float64Array(1),
    expectedRevenue: new Float64Array(1),
  };
  const outcomes = execute(market, table, s.flow, orders, routes, new Random(1));
  const q = order.shares;
  if (options.improvement === "mean" && table.kind[0] === WHOLESALER && outcomes.filled[0] === q) {
    // Replace the drawn improvement by its mean (the routing's expectation), when the
    // order fills within the guarantee at the quote: exact arithmetic for the example.
    const half = spreadTicks * tick / 2;
    const pay = paymentPerShare(
      table,
      policyTerms(parsePolicy({ kind: "best-execution" })),
      0,
      0,
      type,
      2 * half,
    );
    const mean = table.piSurplus[0]
      ? surplusImprovement(
        half,
        adverseHalfSpreads(s.flow, universe.impactHalfSpreads[0]) * half,
        table.costPerShare[0],
        pay,
        table.margin[0],
      )
      : fixedImprovement(table.piProbability[0], table.piShareOfSpread[0], half);
    if (q <= table.sizeGuarantee[0] && type !== NON_MARKETABLE_LIMIT) {
      const side = orders.side[0];
      const far = (order.bid + order.ask) / 2 + side * half;
      outcomes.price[0] = far - side * mean;
      outcomes.priceImprovement[0] = mean;
    }
  }
  const ledger = buildLedger(orders, outcomes, table);
  return {
    venue: table.ids[0],
    execVenue: table.ids[outcomes.execVenue[0]],
    mid: outcomes.arrivalMid[0],
    filled: outcomes.filled[0],
    price: outcomes.price[0],
    priceImprovement: outcomes.priceImprovement[0],
    payment: outcomes.payment[0],
    brokerFee: outcomes.brokerFee[0],
    customerCost: ledger.customerCost[0],
    brokerGain: ledger.broker[0],
    wholesalerGain: ledger.wholesaler[0],
    venueGain: ledger.venue[0],
    otherSideGain: ledger.otherSide[0],
    outcomes,
    ledger,
  };
}
