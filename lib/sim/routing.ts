/**
 * Routing: each order's venue under a policy, chosen order by order.
 *
 * For every order and every eligible venue the router computes two
 * expectations per share, from the same model the venues execute with:
 *
 * - the customer's expected cost against the midpoint at arrival, counting
 *   the fill probability and, for a limit order that may not fill, the cost of
 *   not filling (by default one half-spread: what crossing later would cost);
 * - the broker's expected revenue: payment for order flow (capped or banned
 *   as the policy says), less access fees, plus maker rebates on lit limit
 *   fills, plus, for a venue affiliated with the broker, the affiliate's
 *   capture against the midpoint.
 *
 * Best execution picks the lowest expected cost; maximise payment the
 * highest expected revenue; balanced minimises `(1 - w) * cost - w * revenue`
 * (the seed document's 70/30 is `w = 0.3`). An auction policy sends
 * marketable orders (all, or a share of them in the hybrid) to the auction
 * venue; directed orders go where the customer says.
 *
 * @module
 */
import { normalCdf, type Random, uniformAt } from "./random.ts";
import type { Market } from "./market.ts";
import { type FlowParams, MARKETABLE_LIMIT, NON_MARKETABLE_LIMIT, type Orders } from "./flow.ts";
import { AUCTION, venueCode, type VenueTable, WHOLESALER } from "./venues.ts";
import { type Policy, policyTerms, RoutingRule, type Terms } from "./policy.ts";
import { adverseHalfSpreads } from "./dealer.ts";
import {
  expectMarketable,
  type OrderView,
  orderView,
  paymentPerShare,
  restingExpected,
} from "./models/mod.ts";

export { paymentPerShare };

export {
  parsePolicy,
  type Policy,
  POLICY_KINDS,
  type PolicyInput,
  policyLabel,
  PolicySchema,
} from "./policy.ts";

/** The router's decision for every order. */
export interface Routes {
  /** Venue code chosen for each order. */
  venue: Uint8Array;
  /** Expected customer cost against the arrival midpoint, $ per share. */
  expectedCost: Float64Array;
  /** Expected broker revenue, $ per share. */
  expectedRevenue: Float64Array;
}

/**
 * Probability that a resting limit `offsetTicks` behind the near quote is
 * touched (`touch`) and traded through (`through`) within `life` seconds, by
 * the reflection principle for Brownian motion:
 * `P(max over T >= x) = 2 (1 - Φ(x / (σ √T)))`.
 *
 * @example
 * ```ts
 * import { reachProbabilities } from "./routing.ts";
 * const out = new Float64Array(2);
 * reachProbabilities(0, 0.01, 0.01, 100, out);
 * if (out[0] !== 1 || !(out[1] > 0 && out[1] < 1)) throw new Error();
 * ```
 */
export function reachProbabilities(
  offsetTicks: number,
  tick: number,
  sigmaPerSecond: number,
  life: number,
  out: Float64Array,
): Float64Array {
  const scale = sigmaPerSecond * Math.sqrt(life);
  out[0] = offsetTicks === 0 ? 1 : scale > 0 ? 2 * (1 - normalCdf(offsetTicks * tick / scale)) : 0;
  out[1] = scale > 0 ? 2 * (1 - normalCdf((offsetTicks + 1) * tick / scale)) : 0;
  return out;
}

/**
 * Expected customer cost and broker revenue, $ per share, of sending order
 * `i` to venue `v` under `terms`; written to `out[0]` and `out[1]`.
 *
 * @example
 * ```ts
 * import { expectedPerShare } from "./routing.ts";
 * import { buildWorld } from "./simulate.ts";
 * import { defaultScenario } from "./scenario.ts";
 * import { parsePolicy, policyTerms } from "./policy.ts";
 * const w = buildWorld(defaultScenario(), { orders: 10, seed: 1 });
 * const out = new Float64Array(2);
 * expectedPerShare(w.market, w.venues, w.orders, 0, 0, policyTerms(parsePolicy({ kind: "best-execution" })),
 *   w.scenario.flow, out);
 * if (!Number.isFinite(out[0])) throw new Error();
 * ```
 */
export function expectedPerShare(
  market: Market,
  venues: VenueTable,
  orders: Orders,
  i: number,
  v: number,
  terms: Terms,
  flow: FlowParams | undefined,
  out: Float64Array,
): void {
  const view = orderView();
  const adverse = flow
    ? adverseHalfSpreads(flow, market.universe.impactHalfSpreads[orders.security[i]])
    : 0;
  viewOf(market, orders, i, adverse, terms, view, new Float64Array(2));
  expect(venues, terms, view, v, out, new Float64Array(1));
}

/**
 * Fills `view` with order `i` as the venue models see it at arrival; `adverse`
 * is the adverse selection liquidity providers expect from the flow in this
 * security, half-spreads.
 */
function viewOf(
  market: Market,
  orders: Orders,
  i: number,
  adverse: number,
  terms: Terms,
  view: OrderView,
  reach: Float64Array,
): void {
  const u = market.universe;
  const k = orders.security[i];
  const j = k * market.steps + Math.floor(orders.time[i]);
  const type = orders.type[i];
  const half = market.spreadTicks[j] * u.tickSize / 2;
  view.q = orders.size[i];
  view.type = type;
  view.tier = u.tier[k];
  view.security = k;
  view.time = orders.time[i];
  view.mid = market.mid[j];
  view.half = half;
  view.tick = u.tickSize;
  view.depth = u.depthShares[k];
  view.level = u.levelDepthShares[k];
  view.offsetTicks = orders.limitOffsetTicks[i];
  view.maxLevels = type === MARKETABLE_LIMIT ? view.offsetTicks : 1e9;
  view.nonFill = terms.nonFillCostHalfSpreads;
  view.adverse = type === NON_MARKETABLE_LIMIT ? 0 : adverse * half;
  if (type === NON_MARKETABLE_LIMIT) {
    reachProbabilities(
      view.offsetTicks,
      u.tickSize,
      u.sigmaPerSecond[k],
      Math.min(orders.life[i], u.sessionSeconds - orders.time[i]),
      reach,
    );
    view.touch = reach[0];
    view.through = reach[1];
  } else {
    view.touch = 0;
    view.through = 0;
  }
}

/** Expected cost and revenue of the order in `view` at venue `v`, by its venue model. */
function expect(
  venues: VenueTable,
  terms: Terms,
  view: OrderView,
  v: number,
  out: Float64Array,
  scratch: Float64Array,
): void {
  const pay = paymentPerShare(venues, terms, v, view.tier, view.type, 2 * view.half);
  if (view.type === NON_MARKETABLE_LIMIT) restingExpected(view, venues, v, pay, out);
  else expectMarketable(view, venues, v, pay, terms.bidders, out, scratch);
}

/** A scorecard as cumulative shares over venue codes. */
interface Allocation {
  venue: Int32Array;
  cumulative: Float64Array;
}

/**
 * The policy's scorecard over the eligible venues, as cumulative shares; with
 * no scorecard, equal shares over the eligible wholesalers.
 */
function allocationOf(policy: Policy, venues: VenueTable, eligible: Int32Array): Allocation {
  const entries: [number, number][] = policy.allocation
    ? Object.entries(policy.allocation).map(([id, share]) => [venueCode(venues, id), share])
    : [...eligible].filter((v) => venues.kind[v] === WHOLESALER && !venues.affiliated[v])
      .map((v) => [v, 1]);
  const kept = entries.filter(([v, share]) => share > 0 && eligible.includes(v));
  const total = kept.reduce((s, [, share]) => s + share, 0);
  if (!(total > 0)) {
    throw new RangeError("allocation: the scorecard gives no share to any venue the policy allows");
  }
  let acc = 0;
  return {
    venue: Int32Array.from(kept, ([v]) => v),
    cumulative: Float64Array.from(kept, ([, share]) => (acc += share / total)),
  };
}

/** The venue a uniform draw `u` picks from a scorecard. */
function drawVenue(a: Allocation, u: number): number {
  let e = 0;
  const last = a.venue.length - 1;
  while (e < last && a.cumulative[e] < u) e++;
  return a.venue[e];
}

/** A venue's score under a routing rule: lower is better. */
function scoreOf(rule: RoutingRule, w: number, cost: number, rev: number): number {
  return rule === RoutingRule.BestExecution
    ? cost
    : rule === RoutingRule.MaxPayment
    ? -rev
    : (1 - w) * cost - w * rev;
}

/** Whether a venue beats the best so far; ties go to the better other objective, then the lower code. */
function beats(
  rule: RoutingRule,
  score: number,
  cost: number,
  rev: number,
  bestScore: number,
  bestCost: number,
  bestRevenue: number,
): boolean {
  return score < bestScore - 1e-12 ||
    (Math.abs(score - bestScore) <= 1e-12 &&
      (rule === RoutingRule.MaxPayment ? cost < bestCost : rev > bestRevenue));
}

/**
 * Routes every order under `policy`. `flow` gives the adverse selection that
 * wholesalers and auction bidders price; `random` (with the `replication`)
 * draws which orders a hybrid policy sends to its auction.
 *
 * @example
 * ```ts
 * import { Random } from "./random.ts";
 * import { buildUniverse } from "./securities.ts";
 * import { simulateMarket } from "./market.ts";
 * import { generateOrders } from "./flow.ts";
 * import { venueTable } from "./venues.ts";
 * import { parsePolicy, route } from "./routing.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const s = defaultScenario();
 * const random = new Random(1);
 * const universe = buildUniverse(s.universe, random);
 * const market = simulateMarket(universe, random);
 * const orders = generateOrders(s.flow, universe, random, 100);
 * const venues = venueTable(s.venues);
 * const ids = s.broker.venues;
 * const best = route(market, venues, orders, parsePolicy({ kind: "best-execution", venues: ids }), s.flow);
 * const paid = route(market, venues, orders, parsePolicy({ kind: "max-payment", venues: ids }), s.flow);
 * const sum = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0);
 * if (sum(best.expectedCost) > sum(paid.expectedCost)) throw new Error();
 * ```
 */
export function route(
  market: Market,
  venues: VenueTable,
  orders: Orders,
  policy: Policy,
  flow?: FlowParams,
  random?: Random,
  replication = 0,
): Routes {
  const n = orders.count;
  const out: Routes = {
    venue: new Uint8Array(n),
    expectedCost: new Float64Array(n),
    expectedRevenue: new Float64Array(n),
  };
  const router = new Router(market, venues, policy, flow, random, replication);
  const pair = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    out.venue[i] = router.pick(orders, i, pair);
    out.expectedCost[i] = pair[0];
    out.expectedRevenue[i] = pair[1];
  }
  return out;
}

/**
 * A policy's router, set up once per run: {@linkcode Router.pick} chooses one
 * order's venue. {@linkcode route} uses it for a batch of orders, and the
 * fused day (`accumulateOrders`) order by order.
 *
 * @example
 * ```ts
 * import { Router } from "./routing.ts";
 * import { parsePolicy } from "./policy.ts";
 * import { buildWorld } from "./simulate.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const w = buildWorld(defaultScenario(), { orders: 10, seed: 1 });
 * const r = new Router(w.market, w.venues, parsePolicy({ kind: "best-execution" }), w.scenario.flow);
 * const pair = new Float64Array(2);
 * const v = r.pick(w.orders, 0, pair);
 * if (!(v >= 0 && v < w.venues.count) || !Number.isFinite(pair[0])) throw new Error();
 * ```
 */
export class Router {
  readonly #market: Market;
  readonly #venues: VenueTable;
  readonly #terms: Terms;
  readonly #rule: RoutingRule;
  readonly #eligible: Int32Array;
  readonly #directed: number;
  readonly #auction: number;
  readonly #auctionKeys: [number, number];
  readonly #scoreKeys: [number, number];
  readonly #scorecard: Allocation | null;
  readonly #adverseK: Float64Array;
  readonly #view: OrderView = orderView();
  readonly #reach = new Float64Array(2);
  readonly #scratch = new Float64Array(1);
  readonly #pair = new Float64Array(2);

  /** Sets up `policy`'s router; `flow` gives the adverse selection liquidity providers price. */
  constructor(
    market: Market,
    venues: VenueTable,
    policy: Policy,
    flow?: FlowParams,
    random?: Random,
    replication = 0,
  ) {
    this.#market = market;
    this.#venues = venues;
    const terms = this.#terms = policyTerms(policy);
    this.#rule = terms.rule;
    const eligible = this.#eligible =
      (policy.venues
        ? Int32Array.from(policy.venues, (id) => venueCode(venues, id))
        : Int32Array.from({ length: venues.count }, (_, v) => v))
        .filter((v) => venues.kind[v] !== AUCTION);
    const directed = this.#directed = terms.directedVenue === null
      ? -1
      : venueCode(venues, terms.directedVenue);
    if (eligible.length === 0 && directed < 0) {
      throw new RangeError(
        "venues: the policy leaves no venue other than an auction, so limit orders cannot be routed",
      );
    }
    const auction = this.#auction = terms.auctionShare > 0
      ? venueCode(venues, terms.auctionVenue)
      : -1;
    if (auction >= 0 && venues.kind[auction] !== AUCTION) {
      throw new RangeError(`auctionVenue: venue ${terms.auctionVenue} is not an auction`);
    }
    const sAuction = random?.stream("route.auction", replication);
    const sScore = random?.stream("route.scorecard", replication);
    this.#auctionKeys = [sAuction?.k0 ?? 0x9e3779b9, sAuction?.k1 ?? 0x85ebca6b];
    this.#scoreKeys = [sScore?.k0 ?? 0x27d4eb2f, sScore?.k1 ?? 0x165667b1];
    this.#scorecard = this.#rule === RoutingRule.Scorecard
      ? allocationOf(policy, venues, eligible)
      : null;
    // Adverse selection a liquidity provider expects from this flow, half-spreads, per security.
    const u = market.universe;
    this.#adverseK = new Float64Array(u.count);
    if (flow) {
      for (let k = 0; k < u.count; k++) {
        this.#adverseK[k] = adverseHalfSpreads(flow, u.impactHalfSpreads[k]);
      }
    }
  }

  /**
   * The venue of order `i` of `orders`; `out[0]` and `out[1]` receive the
   * expected customer cost and broker revenue there, $ per share (without
   * `out`, a venue drawn or directed is returned without its expectations).
   */
  pick(orders: Orders, i: number, out?: Float64Array): number {
    const terms = this.#terms;
    const venues = this.#venues;
    const view = this.#view;
    const type = orders.type[i];
    let toAuction = false;
    if (this.#auction >= 0 && type !== NON_MARKETABLE_LIMIT) {
      toAuction = terms.auctionShare >= 1 ||
        uniformAt(this.#auctionKeys[0], this.#auctionKeys[1], orders.first + i) <
          terms.auctionShare;
    }
    const single = this.#directed >= 0 || toAuction || this.#scorecard !== null;
    const v = this.#directed >= 0 ? this.#directed : toAuction ? this.#auction : single
      ? drawVenue(
        this.#scorecard!,
        uniformAt(this.#scoreKeys[0], this.#scoreKeys[1], orders.first + i),
      )
      : -1;
    if (single && !out) return v;
    viewOf(
      this.#market,
      orders,
      i,
      this.#adverseK[orders.security[i]],
      terms,
      view,
      this.#reach,
    );
    if (single) {
      expect(venues, terms, view, v, out!, this.#scratch);
      return v;
    }
    const rule = this.#rule;
    const w = terms.paymentWeight;
    const eligible = this.#eligible;
    out ??= this.#pair;
    let best = -1;
    let bestScore = Infinity;
    let bestCost = 0;
    let bestRevenue = 0;
    for (let e = 0; e < eligible.length; e++) {
      const v = eligible[e];
      expect(venues, terms, view, v, out, this.#scratch);
      const cost = out[0];
      const rev = out[1];
      const score = scoreOf(rule, w, cost, rev);
      if (beats(rule, score, cost, rev, bestScore, bestCost, bestRevenue)) {
        best = v;
        bestScore = score;
        bestCost = cost;
        bestRevenue = rev;
      }
    }
    out[0] = bestCost;
    out[1] = bestRevenue;
    return best;
  }
}
