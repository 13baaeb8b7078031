/**
 * Routing policies, applied order by order: best execution, maximise
 * payment, and balanced (a weight between the two).
 *
 * For every order and every eligible venue the router computes two
 * expectations per share, from the same model the venues execute with:
 *
 * - the customer's expected cost against the midpoint at arrival, counting
 *   the fill probability and, for a limit order that may not fill, the cost of
 *   not filling (by default one half-spread: what crossing later would cost);
 * - the broker's expected revenue: payment for order flow, less access fees,
 *   plus maker rebates on lit limit fills, plus, for a venue affiliated with
 *   the broker, the affiliate's capture against the midpoint.
 *
 * Best execution picks the lowest expected cost; maximise payment the
 * highest expected revenue; balanced minimises
 * `(1 - w) * cost - w * revenue` (the seed document's 70/30 is `w = 0.3`).
 *
 * @module
 */
import { z } from "zod";
import { parseWith } from "./validate.ts";
import { normalCdf } from "./random.ts";
import type { Market } from "./market.ts";
import type { Orders } from "./flow.ts";
import {
  DARK,
  improvementPerHalfSpread,
  LIT,
  venueCode,
  type VenueTable,
  WHOLESALER,
} from "./venues.ts";
import { walkBook } from "./_book.ts";

/** Policy names of the command line and of results. */
export const POLICY_KINDS = ["best-execution", "max-payment", "balanced"] as const;

const policyCommon = {
  /** Venue ids the broker may route to (all when absent). */
  venues: z.array(z.string()).min(1).optional(),
  /** Cost of a limit order that does not fill, in half-spreads. */
  nonFillCostHalfSpreads: z.number().min(0).max(100).default(1),
  /** A label for results (defaults to the kind). */
  label: z.string().min(1).optional(),
};

/** A routing policy. */
export const PolicySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("best-execution"), ...policyCommon }),
  z.object({ kind: z.literal("max-payment"), ...policyCommon }),
  z.object({
    kind: z.literal("balanced"),
    paymentWeight: z.number().min(0).max(1).default(0.3),
    ...policyCommon,
  }),
]);
/** A validated routing policy. */
export type Policy = z.infer<typeof PolicySchema>;
/** A routing policy as written by a user (defaults not yet applied). */
export type PolicyInput = z.input<typeof PolicySchema>;

/**
 * Validates a policy; errors name `source` and the field.
 *
 * @example
 * ```ts
 * import { parsePolicy } from "./routing.ts";
 * const p = parsePolicy({ kind: "balanced" });
 * if (p.kind !== "balanced" || p.paymentWeight !== 0.3) throw new Error();
 * ```
 */
export function parsePolicy(value: unknown, source = "policy"): Policy {
  return parseWith(PolicySchema, value, source);
}

/**
 * The label of a policy in results.
 *
 * @example
 * ```ts
 * import { policyLabel } from "./routing.ts";
 * if (policyLabel({ kind: "balanced", paymentWeight: 0.3, nonFillCostHalfSpreads: 1 }) !== "balanced (w=0.3)") throw new Error();
 * ```
 */
export function policyLabel(policy: Policy): string {
  if (policy.label) return policy.label;
  return policy.kind === "balanced" ? `balanced (w=${policy.paymentWeight})` : policy.kind;
}

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
 * `i` to venue `v`; written to `out[0]` and `out[1]`. `reach` holds the
 * order's touch and through probabilities (limit orders only).
 */
export function expectedPerShare(
  market: Market,
  venues: VenueTable,
  orders: Orders,
  i: number,
  v: number,
  nonFillCostHalfSpreads: number,
  reach: Float64Array,
  out: Float64Array,
  scratch: Float64Array,
): void {
  const u = market.universe;
  const k = orders.security[i];
  const j = k * market.steps + Math.floor(orders.time[i]);
  const tick = u.tickSize;
  const half = market.spreadTicks[j] * tick / 2;
  const type = orders.type[i];
  const q = orders.size[i];
  const kind = venues.kind[v];
  const pay = venues.payment[v * 9 + u.tier[k] * 3 + type];
  if (type === 2) {
    const offset = orders.limitOffsetTicks[i];
    const pFill = reach[0] * venues.touchFill[v] +
      reach[1] * (1 - venues.touchFill[v]) * venues.throughFill[v];
    const gain = half + offset * tick;
    out[0] = -pFill * gain + (1 - pFill) * nonFillCostHalfSpreads * half;
    if (kind === LIT) out[1] = pFill * venues.makeRebate[v];
    else if (kind === WHOLESALER) out[1] = pFill * (venues.affiliated[v] ? -gain : pay);
    else out[1] = pFill * (pay - venues.accessFee[v]);
    return;
  }
  const maxLevels = type === 1 ? orders.limitOffsetTicks[i] : 1e9;
  const level = u.levelDepthShares[k];
  if (kind === DARK) {
    const f = venues.fallback[v];
    const extra = walkBook(q, u.depthShares[k] * venues.depthShare[f], level, maxLevels, scratch);
    const filled = scratch[0];
    const litCost = (filled * half + extra * tick + (q - filled) * nonFillCostHalfSpreads * half) /
      q;
    const p = venues.darkFill[v];
    out[0] = (1 - p) * litCost;
    out[1] = p * (pay - venues.accessFee[v]) - (1 - p) * venues.takeFee[f] * filled / q;
    return;
  }
  if (kind === LIT) {
    const extra = walkBook(q, u.depthShares[k] * venues.depthShare[v], level, maxLevels, scratch);
    const filled = scratch[0];
    out[0] = (filled * half + extra * tick + (q - filled) * nonFillCostHalfSpreads * half) / q;
    out[1] = -venues.takeFee[v] * filled / q;
    return;
  }
  // Wholesaler: price improvement on the guaranteed size, NBBO then the book beyond.
  const g = venues.sizeGuarantee[v];
  const free = Math.max(g, u.depthShares[k]);
  const extra = walkBook(q, free, level, maxLevels, scratch);
  const filled = scratch[0];
  const improved = Math.min(q, g);
  const meanPi = half *
    improvementPerHalfSpread(venues.piProbability[v], venues.piShareOfSpread[v]);
  const cost = (filled * half - improved * meanPi + extra * tick +
    (q - filled) * nonFillCostHalfSpreads * half) / q;
  out[0] = cost;
  out[1] = venues.affiliated[v] ? cost : pay * filled / q;
}

/**
 * Routes every order under `policy`.
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
 * const best = route(market, venues, orders, parsePolicy({ kind: "best-execution" }));
 * const paid = route(market, venues, orders, parsePolicy({ kind: "max-payment" }));
 * const sum = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0);
 * if (sum(best.expectedCost) > sum(paid.expectedCost)) throw new Error();
 * ```
 */
export function route(
  market: Market,
  venues: VenueTable,
  orders: Orders,
  policy: Policy,
): Routes {
  const n = orders.count;
  const out: Routes = {
    venue: new Uint8Array(n),
    expectedCost: new Float64Array(n),
    expectedRevenue: new Float64Array(n),
  };
  const eligible = policy.venues
    ? Int32Array.from(policy.venues, (id) => venueCode(venues, id))
    : Int32Array.from({ length: venues.count }, (_, v) => v);
  const w = policy.kind === "balanced" ? policy.paymentWeight : 0;
  const mode = policy.kind === "best-execution" ? 0 : policy.kind === "max-payment" ? 1 : 2;
  const nonFill = policy.nonFillCostHalfSpreads;
  const u = market.universe;
  const E = eligible.length;
  const S = u.count;
  // Fast path for marketable orders that need no walk of the book and get the
  // full price improvement: cost is a multiple of the half-spread and revenue
  // a constant per tier and type, so no call to expectedPerShare is needed.
  const costPerHalf = new Float64Array(E);
  const revenue = new Float64Array(E * 6);
  const smallLimit = new Float64Array(E * S);
  for (let e = 0; e < E; e++) {
    const v = eligible[e];
    const kind = venues.kind[v];
    for (let k = 0; k < S; k++) {
      const depth = u.depthShares[k];
      smallLimit[e * S + k] = kind === LIT
        ? depth * venues.depthShare[v]
        : kind === WHOLESALER
        ? Math.min(venues.sizeGuarantee[v], Math.max(venues.sizeGuarantee[v], depth))
        : depth * venues.depthShare[venues.fallback[v]];
    }
    const p = venues.darkFill[v];
    costPerHalf[e] = kind === LIT
      ? 1
      : kind === WHOLESALER
      ? 1 - improvementPerHalfSpread(venues.piProbability[v], venues.piShareOfSpread[v])
      : 1 - p;
    for (let tier = 0; tier < 3; tier++) {
      for (let type = 0; type < 2; type++) {
        const pay = venues.payment[v * 9 + tier * 3 + type];
        revenue[e * 6 + tier * 2 + type] = kind === LIT
          ? -venues.takeFee[v]
          : kind === WHOLESALER
          ? (venues.affiliated[v] ? 0 : pay)
          : p * (pay - venues.accessFee[v]) - (1 - p) * venues.takeFee[venues.fallback[v]];
      }
    }
  }
  const halfTick = u.tickSize / 2;
  const pair = new Float64Array(2);
  const reach = new Float64Array(2);
  const scratch = new Float64Array(1);
  for (let i = 0; i < n; i++) {
    const type = orders.type[i];
    const k = orders.security[i];
    const q = orders.size[i];
    let half = 0;
    let tierType = 0;
    if (type === 2) {
      reachProbabilities(
        orders.limitOffsetTicks[i],
        u.tickSize,
        u.sigmaPerSecond[k],
        Math.min(orders.life[i], u.sessionSeconds - orders.time[i]),
        reach,
      );
    } else {
      half = market.spreadTicks[k * market.steps + Math.floor(orders.time[i])] * halfTick;
      tierType = u.tier[k] * 2 + type;
    }
    let best = -1;
    let bestScore = Infinity;
    let bestCost = 0;
    let bestRevenue = 0;
    for (let e = 0; e < E; e++) {
      const v = eligible[e];
      let cost: number;
      let rev: number;
      if (type !== 2 && q <= smallLimit[e * S + k]) {
        cost = half * costPerHalf[e];
        rev = revenue[e * 6 + tierType] + (venues.affiliated[v] ? cost : 0);
      } else {
        expectedPerShare(market, venues, orders, i, v, nonFill, reach, pair, scratch);
        cost = pair[0];
        rev = pair[1];
      }
      const score = mode === 0 ? cost : mode === 1 ? -rev : (1 - w) * cost - w * rev;
      // Ties go to the better other objective, then to the lower venue code.
      if (
        score < bestScore - 1e-12 ||
        (Math.abs(score - bestScore) <= 1e-12 &&
          (mode === 1 ? cost < bestCost : rev > bestRevenue))
      ) {
        best = v;
        bestScore = score;
        bestCost = cost;
        bestRevenue = rev;
      }
    }
    out.venue[i] = best;
    out.expectedCost[i] = bestCost;
    out.expectedRevenue[i] = bestRevenue;
  }
  return out;
}
