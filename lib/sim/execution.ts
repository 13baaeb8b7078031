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
import { bitsAt, type Random, uniformAt } from "./random.ts";
import { firstReach, type Market, MARKOUT_HORIZONS, pathIndex } from "./market.ts";
import type { FlowParams, Orders } from "./flow.ts";
import {
  AUCTION,
  DARK,
  fixedImprovement,
  improvementDraw,
  LATENCY_BINS,
  LIT,
  type VenueTable,
  WHOLESALER,
} from "./venues.ts";
import { paymentPerShare, type Routes } from "./routing.ts";
import { parsePolicy, policyTerms, type Terms } from "./policy.ts";
import { adverseHalfSpreads, BID_NOISE_TABLE, surplusImprovement } from "./dealer.ts";
import { walkBook } from "./_book.ts";

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
  const sPi = random.stream("exec.pi", replication);
  const sPiAmount = random.stream("exec.piAmount", replication);
  const sDark = random.stream("exec.dark", replication);
  const sTouch = random.stream("exec.touch", replication);
  const sThrough = random.stream("exec.through", replication);
  const sLatency = random.stream("exec.latency", replication);
  const sReroute = random.stream("exec.rerouteLatency", replication);
  const sBids = random.stream("exec.auctionBids", replication);
  const bidders = terms.bidders;
  // What each venue pays the broker under the policy, by tier and order type, and the
  // adverse selection per dollar of price that liquidity providers expect.
  const payTable = new Float64Array(venues.count * 9);
  for (let v = 0; v < venues.count; v++) {
    for (let c = 0; c < 9; c++) {
      payTable[v * 9 + c] = paymentPerShare(venues, terms, v, Math.floor(c / 3), c % 3);
    }
  }
  // Adverse selection liquidity providers expect from this flow, half-spreads, per security.
  const adverseK = new Float64Array(market.universe.count);
  for (let k = 0; k < adverseK.length; k++) {
    adverseK[k] = adverseHalfSpreads(flow, market.universe.impactHalfSpreads[k]);
  }
  const exposure = terms.exposureMs / 1000;
  const u = market.universe;
  const tick = u.tickSize;
  const halfTick = tick / 2;
  const steps = market.steps;
  const mid = market.mid;
  const spreadTicks = market.spreadTicks;
  const session = u.sessionSeconds;
  const tau = flow.informedHorizonSeconds;
  const horizons = Float64Array.from(MARKOUT_HORIZONS);
  const markouts = o.markout;
  const scratch = new Float64Array(1);

  for (let n0 = 0; n0 < n; n0++) {
    const i = orders.first + n0;
    const v = routes.venue[n0];
    const k = orders.security[n0];
    const side = orders.side[n0];
    const q = orders.size[n0];
    const type = orders.type[n0];
    const t = orders.time[n0];
    const j = pathIndex(steps, k, t);
    const m0 = mid[j];
    const half0 = spreadTicks[j] * halfTick;
    const tier = u.tier[k];
    o.arrivalMid[n0] = m0;
    o.arrivalSpread[n0] = 2 * half0;
    const lat =
      venues.latencyTable[v * LATENCY_BINS + (bitsAt(sLatency.k0, sLatency.k1, i) >>> 24)];
    const drift = side * orders.informed[n0] * half0;
    let execVenue = v;
    let filled = 0;
    let price = NaN;
    let execTime = t + lat / 1000;

    if (type === 2) {
      // Resting limit order.
      const offset = orders.limitOffsetTicks[n0];
      const limit = side > 0 ? m0 - half0 - offset * tick : m0 + half0 + offset * tick;
      o.limitPrice[n0] = limit;
      const end = Math.min(t + orders.life[n0], session);
      const from = Math.floor(t);
      const to = Math.floor(end);
      const touch = firstReach(market, k, side, limit, from, to);
      let through = -1;
      if (touch >= 0) through = firstReach(market, k, side, limit - side * tick, touch, to);
      let fillAt = -1;
      if (touch >= 0 && uniformAt(sTouch.k0, sTouch.k1, i) < venues.touchFill[v]) {
        fillAt = touch;
      } else if (through >= 0 && uniformAt(sThrough.k0, sThrough.k1, i) < venues.throughFill[v]) {
        fillAt = through;
      }
      if (fillAt >= 0) {
        filled = q;
        price = limit;
        execTime = Math.max(t, fillAt) + lat / 1000;
        const kind = venues.kind[v];
        if (kind === LIT) {
          o.brokerFee[n0] = -venues.makeRebate[v] * q;
          o.contraFee[n0] = venues.takeFee[v] * q;
        } else if (kind === DARK) {
          o.brokerFee[n0] = venues.accessFee[v] * q;
        }
        o.payment[n0] = paymentPerShare(venues, terms, v, tier, 2, 2 * half0) * q;
      } else {
        execTime = end;
        if (through >= 0) o.tradedThrough[n0] = 1;
        const mEnd = mid[pathIndex(steps, k, end)];
        const missed = side * (mEnd - limit);
        o.opportunityCost[n0] = missed > 0 ? missed * q : 0;
      }
    } else {
      const maxLevels = type === 1 ? orders.limitOffsetTicks[n0] : 1e9;
      const far0 = m0 + side * half0;
      if (type === 1) o.limitPrice[n0] = far0 + side * maxLevels * tick;
      else o.limitPrice[n0] = NaN;
      const level = u.levelDepthShares[k];
      let kind = venues.kind[v];
      let litVenue = v;
      let far = far0;
      if (kind === DARK) {
        if (uniformAt(sDark.k0, sDark.k1, i) < venues.darkFill[v]) {
          filled = q;
          price = m0;
          o.brokerFee[n0] = venues.accessFee[v] * q;
          o.payment[n0] = paymentPerShare(venues, terms, v, tier, type, 2 * half0) * q;
        } else {
          // Reroute to the fallback lit venue after the timeout, at the quote then.
          litVenue = venues.fallback[v];
          execVenue = litVenue;
          kind = LIT;
          const wait = venues.timeoutMs[v] / 1000;
          const jr = pathIndex(steps, k, t + wait);
          const shift = drift * (1 - Math.exp(-wait / tau));
          far = mid[jr] + shift + side * spreadTicks[jr] * halfTick;
          const lat2 = venues.latencyTable[
            litVenue * LATENCY_BINS + (bitsAt(sReroute.k0, sReroute.k1, i) >>> 24)
          ];
          execTime = t + wait + lat2 / 1000;
          // The marketable limit's price cap stays where the customer set it.
          const capTicks = type === 1
            ? Math.floor((o.limitPrice[n0] - far) * side / tick + 1e-9)
            : 1e9;
          if (capTicks < 0) {
            // The market moved past the limit: nothing fills; the move is the cost of missing.
            const moved = side * (mid[jr] + shift - m0);
            o.opportunityCost[n0] = moved > 0 ? moved * q : 0;
            far = NaN;
          } else {
            const extra = walkBook(
              q,
              u.depthShares[k] * venues.depthShare[litVenue],
              level,
              capTicks,
              scratch,
            );
            filled = scratch[0];
            price = far + side * extra * tick / filled;
          }
        }
      }
      if (kind === LIT && execVenue === v) {
        const extra = walkBook(
          q,
          u.depthShares[k] * venues.depthShare[v],
          level,
          maxLevels,
          scratch,
        );
        filled = scratch[0];
        price = far + side * extra * tick / filled;
      } else if (kind === WHOLESALER) {
        const g = venues.sizeGuarantee[v];
        const extra = walkBook(q, Math.max(g, u.depthShares[k]), level, maxLevels, scratch);
        filled = scratch[0];
        const pay = venues.paymentSpreadShare[v] > 0
          ? paymentPerShare(venues, terms, v, tier, type, 2 * half0)
          : payTable[v * 9 + tier * 3 + type];
        let pi = 0;
        if (venues.piSurplus[v]) {
          const mean = surplusImprovement(
            half0,
            adverseK[k] * half0,
            venues.costPerShare[v],
            pay,
            venues.margin[v],
          );
          pi = improvementDraw(mean, half0, uniformAt(sPiAmount.k0, sPiAmount.k1, i));
        } else if (uniformAt(sPi.k0, sPi.k1, i) < venues.piProbability[v]) {
          const mean = fixedImprovement(1, venues.piShareOfSpread[v], half0);
          pi = improvementDraw(mean, half0, uniformAt(sPiAmount.k0, sPiAmount.k1, i));
        }
        const improved = Math.min(q, g);
        price = far + side * (extra * tick - improved * pi) / filled;
        o.payment[n0] = pay * filled;
      } else if (kind === AUCTION) {
        // Exposed to the bidders for the exposure time; priced off the quote then.
        const jr = pathIndex(steps, k, t + exposure);
        const shift = drift * (1 - Math.exp(-exposure / tau));
        const midEnd = mid[jr] + shift;
        const halfEnd = spreadTicks[jr] * halfTick;
        far = midEnd + side * halfEnd;
        execTime = t + exposure + lat / 1000;
        const capTicks = type === 1
          ? Math.floor((o.limitPrice[n0] - far) * side / tick + 1e-9)
          : 1e9;
        if (capTicks < 0) {
          // The quote moved past the limit during the exposure: nothing fills, and
          // the move is the cost of missing.
          const moved = side * (midEnd - m0);
          o.opportunityCost[n0] = moved > 0 ? moved * q : 0;
          far = NaN;
        } else {
          // Each bidder values the order at the half-spread less expected adverse
          // selection and its cost, plus noise; the winner pays the second-best value.
          const base = halfEnd - adverseK[k] * half0 - venues.costPerShare[v];
          const noise = venues.valuationNoise[v] * 2 * halfEnd;
          let first = -Infinity;
          let second = -Infinity;
          for (let b = 0; b < bidders; b++) {
            const z = BID_NOISE_TABLE[bitsAt(sBids.k0, sBids.k1, i * 64 + b) >>> 20];
            const value = base + noise * z;
            if (value > first) {
              second = first;
              first = value;
            } else if (value > second) second = value;
          }
          let pi = second > 0 ? second : 0;
          if (pi > halfEnd) pi = halfEnd;
          pi = Math.round(pi * 1e4) / 1e4;
          const g = venues.sizeGuarantee[v];
          const extra = walkBook(q, Math.max(g, u.depthShares[k]), level, capTicks, scratch);
          filled = scratch[0];
          price = far + side * (extra * tick - Math.min(q, g) * pi) / filled;
        }
      }
      if (kind === LIT && filled > 0) {
        o.brokerFee[n0] = venues.takeFee[litVenue] * filled;
        o.contraFee[n0] = -venues.makeRebate[litVenue] * filled;
      }
      if (filled > 0) o.priceImprovement[n0] = side * (far0 - price);
    }
    o.execVenue[n0] = execVenue;
    o.filled[n0] = filled;
    o.price[n0] = filled > 0 ? price : NaN;
    o.latencyMs[n0] = (execTime - t) * 1000;
    if (filled > 0) {
      for (let h = 0; h < horizons.length; h++) {
        const at = execTime + horizons[h];
        const elapsed = at - t;
        markouts[h][n0] = mid[pathIndex(steps, k, at)] +
          (drift === 0 ? 0 : drift * (1 - Math.exp(-elapsed / tau)));
      }
    } else {
      for (let h = 0; h < horizons.length; h++) markouts[h][n0] = NaN;
    }
  }
  return o;
}
