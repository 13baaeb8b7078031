/**
 * Execution: each venue model fills (or not) the orders routed to it, at what
 * price, when, with what fee and payment, and the midpoints that follow.
 *
 * Assumptions, in plain words:
 * - Marketable orders are priced off the NBBO of the second they arrive in.
 *   A lit venue fills at the far quote up to its share of the quoted depth,
 *   then walks a book of equal levels one tick apart (a marketable limit
 *   stops at its limit; the rest is cancelled). A wholesaler fills its size
 *   guarantee at the NBBO less price improvement (sub-penny, drawn uniformly
 *   up to twice its mean share of the spread, never past the midpoint; see
 *   `improvementPerHalfSpread`), then the book beyond.
 *   A dark pool crosses at the midpoint with its fill probability; otherwise
 *   it reroutes to its fallback lit venue after its timeout, at the quote then.
 * - Non-marketable limits rest for their life. When the NBBO reaches the limit
 *   (the bid falls to a buy's price) the order fills with the venue's touch
 *   probability (queue position); when the market trades through it (the bid
 *   goes a tick below) it fills with the venue's through probability (1 on a
 *   lit book; a dark pool may sit unfilled while the lit market trades
 *   through). Fills are whole; an unfilled limit records its opportunity cost
 *   against the midpoint at the end of its life.
 * - Informed orders move the midpoint in their direction after arrival by
 *   their information (half-spreads at arrival) with time constant
 *   `informedHorizonSeconds`; this shows in their reroute quotes and
 *   markouts (adverse selection, the price impact of Rule 605).
 * - Latency is drawn from each venue's log-normal latency table.
 *
 * @module
 */
import { bitsAt, type Random, type RandomStream, uniformAt } from "./random.ts";
import { firstReach, type Market, MARKOUT_HORIZONS, pathIndex } from "./market.ts";
import { LATENCY_BINS, type VenueTable } from "./venues.ts";
import type { Routes } from "./routing.ts";
import { parsePolicy, policyTerms, type Terms } from "./policy.ts";
import { adverseHalfSpreads } from "./dealer.ts";
import { type FlowParams, MARKETABLE_LIMIT, NON_MARKETABLE_LIMIT, type Orders } from "./flow.ts";
import {
  type Draws,
  fillMarketable,
  type OrderView,
  orderView,
  paymentPerShare,
  resetFill,
  restingFees,
} from "./models/mod.ts";

/** What happened to every order, as columns. */
export interface Outcomes {
  /** Number of orders. */
  count: number;
  /** Venue the broker routed to (code). */
  venue: Uint8Array;
  /** Venue that executed (differs from `venue` after a dark pool reroutes). */
  execVenue: Uint8Array;
  /** Shares filled. */
  filled: Uint32Array;
  /** Average fill price, $ (NaN if unfilled). */
  price: Float64Array;
  /** Quoted midpoint at arrival, $. */
  arrivalMid: Float64Array;
  /** Quoted spread at arrival, $. */
  arrivalSpread: Float64Array;
  /** Limit price, $ (NaN for market orders). */
  limitPrice: Float64Array;
  /** Time from arrival to execution (or to expiry if unfilled), ms. */
  latencyMs: Float64Array;
  /** Price improvement against the NBBO at arrival, $ per share (negative: outside the quote). */
  priceImprovement: Float64Array;
  /** Payment for order flow to the broker, $. */
  payment: Float64Array;
  /** Fees the broker pays the venues, $ (negative: rebates received). */
  brokerFee: Float64Array;
  /** Fees the other side of the trade pays the venue, $ (negative: rebates received). */
  contraFee: Float64Array;
  /** Midpoint at each markout horizon after execution, $: `markout[h][i]`. */
  markout: Float64Array[];
  /** 1 if an unfilled limit saw the market trade through its price. */
  tradedThrough: Uint8Array;
  /**
   * Cost of missing, $: for an unfilled resting limit, how far the midpoint at
   * the end of its life is beyond the limit; for a marketable limit cancelled
   * because the quote moved past it (after a reroute or an auction's
   * exposure), how far the midpoint moved against it.
   */
  opportunityCost: Float64Array;
}

/**
 * Executes routed orders.
 *
 * @example
 * ```ts
 * import { simulateDay } from "./simulate.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "best-execution" }, { orders: 200, seed: 3 });
 * const o = day.outcomes;
 * for (let i = 0; i < o.count; i++) {
 *   if (o.filled[i] > 0 && !(o.price[i] > 0)) throw new Error("filled without a price");
 * }
 * ```
 */
export function execute(
  market: Market,
  venues: VenueTable,
  flow: FlowParams,
  orders: Orders,
  routes: Routes,
  random: Random,
  replication = 0,
  terms: Terms = policyTerms(parsePolicy({ kind: "best-execution" })),
): Outcomes {
  const n = orders.count;
  const o: Outcomes = {
    count: n,
    venue: routes.venue,
    execVenue: new Uint8Array(n),
    filled: new Uint32Array(n),
    price: new Float64Array(n),
    arrivalMid: new Float64Array(n),
    arrivalSpread: new Float64Array(n),
    limitPrice: new Float64Array(n),
    latencyMs: new Float64Array(n),
    priceImprovement: new Float64Array(n),
    payment: new Float64Array(n),
    brokerFee: new Float64Array(n),
    contraFee: new Float64Array(n),
    markout: MARKOUT_HORIZONS.map(() => new Float64Array(n)),
    tradedThrough: new Uint8Array(n),
    opportunityCost: new Float64Array(n),
  };
  const executor = new Executor(market, venues, flow, random, replication, terms);
  const r = orderOutcome();
  for (let n0 = 0; n0 < n; n0++) {
    executor.run(orders, n0, routes.venue[n0], r);
    writeOutcome(o, n0, r);
  }
  return o;
}

/**
 * Writes order outcome `r` into row `i` of the columns `o`.
 *
 * @example
 * ```ts
 * import { orderOutcome, readOutcome, writeOutcome } from "./execution.ts";
 * import { simulateDay } from "./simulate.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 20, seed: 1 });
 * const r = orderOutcome();
 * readOutcome(day.outcomes, 3, r);
 * writeOutcome(day.outcomes, 4, r);
 * if (day.outcomes.arrivalMid[4] !== day.outcomes.arrivalMid[3]) throw new Error();
 * ```
 */
export function writeOutcome(o: Outcomes, i: number, r: OrderOutcome): void {
  o.execVenue[i] = r.execVenue;
  o.filled[i] = r.filled;
  o.price[i] = r.price;
  o.arrivalMid[i] = r.arrivalMid;
  o.arrivalSpread[i] = r.arrivalSpread;
  o.limitPrice[i] = r.limitPrice;
  o.latencyMs[i] = r.latencyMs;
  o.priceImprovement[i] = r.priceImprovement;
  o.payment[i] = r.payment;
  o.brokerFee[i] = r.brokerFee;
  o.contraFee[i] = r.contraFee;
  o.tradedThrough[i] = r.tradedThrough;
  o.opportunityCost[i] = r.opportunityCost;
  for (let h = 0; h < o.markout.length; h++) o.markout[h][i] = r.markout[h];
}

/**
 * Reads row `i` of the columns `o` into order outcome `r` (the inverse of
 * {@linkcode writeOutcome}).
 *
 * @example
 * ```ts
 * import { orderOutcome, readOutcome } from "./execution.ts";
 * import { simulateDay } from "./simulate.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 20, seed: 1 });
 * const r = orderOutcome();
 * readOutcome(day.outcomes, 0, r);
 * if (r.filled !== day.outcomes.filled[0]) throw new Error();
 * ```
 */
export function readOutcome(o: Outcomes, i: number, r: OrderOutcome): void {
  r.execVenue = o.execVenue[i];
  r.filled = o.filled[i];
  r.price = o.price[i];
  r.arrivalMid = o.arrivalMid[i];
  r.arrivalSpread = o.arrivalSpread[i];
  r.limitPrice = o.limitPrice[i];
  r.latencyMs = o.latencyMs[i];
  r.priceImprovement = o.priceImprovement[i];
  r.payment = o.payment[i];
  r.brokerFee = o.brokerFee[i];
  r.contraFee = o.contraFee[i];
  r.tradedThrough = o.tradedThrough[i];
  r.opportunityCost = o.opportunityCost[i];
  for (let h = 0; h < o.markout.length; h++) r.markout[h] = o.markout[h][i];
}

/** What happened to one order: the fields of {@linkcode Outcomes} for one row. */
export interface OrderOutcome {
  /** Venue that executed. */
  execVenue: number;
  /** Shares filled. */
  filled: number;
  /** Average fill price, $ (NaN if unfilled). */
  price: number;
  /** Quoted midpoint at arrival, $. */
  arrivalMid: number;
  /** Quoted spread at arrival, $. */
  arrivalSpread: number;
  /** Limit price, $ (NaN for market orders). */
  limitPrice: number;
  /** Time from arrival to execution (or expiry), ms. */
  latencyMs: number;
  /** When it executed (or ended unfilled), seconds into the session (not kept as a column). */
  execTime: number;
  /** Price improvement against the NBBO at arrival, $ per share. */
  priceImprovement: number;
  /** Payment for order flow to the broker, $. */
  payment: number;
  /** Fees the broker pays the venues, $. */
  brokerFee: number;
  /** Fees the other side pays the venue, $. */
  contraFee: number;
  /** 1 if an unfilled limit saw the market trade through its price. */
  tradedThrough: number;
  /** Cost of missing, $. */
  opportunityCost: number;
  /** Midpoint at each markout horizon after execution, $ (NaN if unfilled). */
  markout: Float64Array;
}

/**
 * An empty order outcome, refilled by {@linkcode Executor.run} for each order.
 *
 * @example
 * ```ts
 * import { orderOutcome } from "./execution.ts";
 * import { MARKOUT_HORIZONS } from "./market.ts";
 * if (orderOutcome().markout.length !== MARKOUT_HORIZONS.length) throw new Error();
 * ```
 */
export function orderOutcome(): OrderOutcome {
  return {
    execVenue: 0,
    filled: 0,
    price: NaN,
    arrivalMid: 0,
    arrivalSpread: 0,
    limitPrice: NaN,
    latencyMs: 0,
    execTime: 0,
    priceImprovement: 0,
    payment: 0,
    brokerFee: 0,
    contraFee: 0,
    tradedThrough: 0,
    opportunityCost: 0,
    markout: new Float64Array(MARKOUT_HORIZONS.length),
  };
}

/**
 * The venue models of a run, set up once: {@linkcode Executor.run} executes
 * one routed order. {@linkcode execute} uses it for a batch of orders, and the
 * fused day (`accumulateOrders`) order by order.
 *
 * @example
 * ```ts
 * import { Executor, orderOutcome } from "./execution.ts";
 * import { buildWorld } from "./simulate.ts";
 * import { defaultScenario } from "./scenario.ts";
 * import { venueCode } from "./venues.ts";
 * const w = buildWorld(defaultScenario(), { orders: 10, seed: 1 });
 * const ex = new Executor(w.market, w.venues, w.scenario.flow, w.random);
 * const r = orderOutcome();
 * ex.run(w.orders, 0, venueCode(w.venues, "WH-A"), r);
 * if (r.arrivalMid !== w.market.mid[w.orders.security[0] * w.market.steps + Math.floor(w.orders.time[0])]) {
 *   throw new Error();
 * }
 * ```
 */
export class Executor {
  readonly #market: Market;
  readonly #venues: VenueTable;
  readonly #terms: Terms;
  readonly #draws: Draws;
  readonly #touch: RandomStream;
  readonly #through: RandomStream;
  readonly #latency: RandomStream;
  readonly #adverseK: Float64Array;
  readonly #horizons = Float64Array.from(MARKOUT_HORIZONS);
  readonly #scratch = new Float64Array(1);
  readonly #view: OrderView = orderView();

  /** Sets up the venue models for `flow`'s orders under `terms`. */
  constructor(
    market: Market,
    venues: VenueTable,
    flow: FlowParams,
    random: Random,
    replication = 0,
    terms: Terms = policyTerms(parsePolicy({ kind: "best-execution" })),
  ) {
    this.#market = market;
    this.#venues = venues;
    this.#terms = terms;
    this.#draws = {
      pi: random.stream("exec.pi", replication),
      piAmount: random.stream("exec.piAmount", replication),
      dark: random.stream("exec.dark", replication),
      reroute: random.stream("exec.rerouteLatency", replication),
      bids: random.stream("exec.auctionBids", replication),
    };
    this.#touch = random.stream("exec.touch", replication);
    this.#through = random.stream("exec.through", replication);
    this.#latency = random.stream("exec.latency", replication);
    // Adverse selection liquidity providers expect from this flow, half-spreads, per security.
    this.#adverseK = new Float64Array(market.universe.count);
    for (let k = 0; k < this.#adverseK.length; k++) {
      this.#adverseK[k] = adverseHalfSpreads(flow, market.universe.impactHalfSpreads[k]);
    }
    this.#view.tick = market.universe.tickSize;
    this.#view.tau = flow.informedHorizonSeconds;
  }

  /** Executes order `n0` of `orders`, routed to venue `v`, into `r`. */
  run(orders: Orders, n0: number, v: number, r: OrderOutcome): void {
    const market = this.#market;
    const venues = this.#venues;
    const terms = this.#terms;
    const u = market.universe;
    const tick = u.tickSize;
    const steps = market.steps;
    const mid = market.mid;
    const view = this.#view;
    const sLatency = this.#latency;
    const i = orders.first + n0;
    const k = orders.security[n0];
    const side = orders.side[n0];
    const q = orders.size[n0];
    const type = orders.type[n0];
    const t = orders.time[n0];
    const j = pathIndex(steps, k, t);
    const m0 = mid[j];
    const half0 = market.spreadTicks[j] * tick / 2;
    const tier = u.tier[k];
    r.arrivalMid = m0;
    r.arrivalSpread = 2 * half0;
    r.tradedThrough = 0;
    r.priceImprovement = 0;
    const lat =
      venues.latencyTable[v * LATENCY_BINS + (bitsAt(sLatency.k0, sLatency.k1, i) >>> 24)];
    const drift = side * orders.informed[n0] * half0;
    // The venue models write their fill straight into the outcome.
    resetFill(r, v, t + lat / 1000);
    const pay = paymentPerShare(venues, terms, v, tier, type, 2 * half0);

    if (type === NON_MARKETABLE_LIMIT) {
      const offset = orders.limitOffsetTicks[n0];
      const limit = side > 0 ? m0 - half0 - offset * tick : m0 + half0 + offset * tick;
      r.limitPrice = limit;
      const end = Math.min(t + orders.life[n0], u.sessionSeconds);
      const from = Math.floor(t);
      const to = Math.floor(end);
      const touch = firstReach(market, k, side, limit, from, to);
      let through = -1;
      if (touch >= 0) through = firstReach(market, k, side, limit - side * tick, touch, to);
      let fillAt = -1;
      if (touch >= 0 && uniformAt(this.#touch.k0, this.#touch.k1, i) < venues.touchFill[v]) {
        fillAt = touch;
      } else if (
        through >= 0 && uniformAt(this.#through.k0, this.#through.k1, i) < venues.throughFill[v]
      ) {
        fillAt = through;
      }
      if (fillAt >= 0) {
        r.filled = q;
        r.price = limit;
        r.execTime = Math.max(t, fillAt) + lat / 1000;
        restingFees(venues, v, q, r);
        r.payment = pay * q;
      } else {
        r.execTime = end;
        if (through >= 0) r.tradedThrough = 1;
        const mEnd = mid[pathIndex(steps, k, end)];
        const missed = side * (mEnd - limit);
        r.opportunityCost = missed > 0 ? missed * q : 0;
      }
    } else {
      view.i = i;
      view.q = q;
      view.side = side;
      view.type = type;
      view.tier = tier;
      view.security = k;
      view.time = t;
      view.mid = m0;
      view.half = half0;
      view.depth = u.depthShares[k];
      view.level = u.levelDepthShares[k];
      view.maxLevels = type === MARKETABLE_LIMIT ? orders.limitOffsetTicks[n0] : 1e9;
      view.adverse = this.#adverseK[k] * half0;
      view.drift = drift;
      const far0 = m0 + side * half0;
      const limitPrice = type === MARKETABLE_LIMIT ? far0 + side * view.maxLevels * tick : NaN;
      r.limitPrice = limitPrice;
      fillMarketable(
        market,
        view,
        venues,
        v,
        pay,
        terms.bidders,
        terms.exposureMs / 1000,
        this.#draws,
        far0,
        limitPrice,
        r,
        this.#scratch,
      );
      if (r.filled > 0) r.priceImprovement = side * (far0 - r.price);
    }
    const filled = r.filled;
    const execTime = r.execTime;
    if (filled === 0) r.price = NaN;
    r.latencyMs = (execTime - t) * 1000;
    const horizons = this.#horizons;
    if (filled > 0) {
      for (let h = 0; h < horizons.length; h++) {
        const at = execTime + horizons[h];
        const elapsed = at - t;
        r.markout[h] = mid[pathIndex(steps, k, at)] +
          (drift === 0 ? 0 : drift * (1 - Math.exp(-elapsed / view.tau)));
      }
    } else {
      for (let h = 0; h < horizons.length; h++) r.markout[h] = NaN;
    }
  }
}
