/**
 * Policies: how the broker routes and on what terms it is paid. The
 * foundation's routing rules (best execution, maximise payment, balanced)
 * and the policy futures: an order-by-order auction, caps on payments, a ban
 * with commissions, commission-based and subscription brokers, enhanced
 * disclosure, directed orders, and a hybrid of auction and capped payments.
 *
 * Every policy is one value of {@linkcode PolicySchema}; {@linkcode policyTerms}
 * turns it into the terms the router and the venues apply.
 *
 * @module
 */
import { z } from "zod";
import { parseWith } from "./validate.ts";

/** Policy kinds accepted by the command line. */
export const POLICY_KINDS = [
  "scorecard",
  "best-execution",
  "max-payment",
  "balanced",
  "auction",
  "cap",
  "ban",
  "commission",
  "subscription",
  "disclosure",
  "directed",
  "hybrid",
] as const;

const common = {
  /** Venue ids the broker may route to (the broker's list when absent). */
  venues: z.array(z.string()).min(1).optional(),
  /** Cost of a limit order that does not fill, in half-spreads. */
  nonFillCostHalfSpreads: z.number().min(0).max(100).default(1),
  /** A label for results (defaults to one built from the kind). */
  label: z.string().min(1).optional(),
  /**
   * The broker's scorecard: the share of its orders each venue receives
   * (filled from the broker by `brokerPolicy`; used by the scorecard rule).
   */
  allocation: z.record(z.string(), z.number().min(0).max(1)).optional(),
};
const bidders = z.number().int().min(1, "an auction needs at least one bidder").max(64);
const exposureMs = z.number().min(0, "exposure time cannot be negative").max(60_000);
const cap = z.number().min(0, "a payment cap cannot be negative").max(0.05);
const money = z.number().min(0).max(10_000);

/** A policy. */
export const PolicySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("scorecard"), ...common }).strict(),
  z.object({ kind: z.literal("best-execution"), ...common }).strict(),
  z.object({ kind: z.literal("max-payment"), ...common }).strict(),
  z.object({
    kind: z.literal("balanced"),
    paymentWeight: z.number().min(0).max(1).default(0.3),
    ...common,
  }).strict(),
  z.object({
    kind: z.literal("auction"),
    bidders: bidders.default(5),
    exposureMs: exposureMs.default(100),
    auctionVenue: z.string().default("AUCTION"),
    ...common,
  }).strict(),
  z.object({ kind: z.literal("cap"), cap, ...common }).strict(),
  z.object({ kind: z.literal("ban"), commissionPerOrder: money.default(0), ...common }).strict(),
  z.object({
    kind: z.literal("commission"),
    commissionPerOrder: money.default(4.95),
    commissionPerShare: z.number().min(0).max(1).default(0),
    ...common,
  }).strict(),
  z.object({ kind: z.literal("subscription"), monthlyFee: money.default(10), ...common }).strict(),
  z.object({
    kind: z.literal("disclosure"),
    paymentWeight: z.number().min(0).max(1).default(0.1),
    ...common,
  }).strict(),
  z.object({ kind: z.literal("directed"), venue: z.string(), ...common }).strict(),
  z.object({
    kind: z.literal("hybrid"),
    cap: cap.default(0.001),
    auctionShare: z.number().min(0).max(1).default(0.5),
    bidders: bidders.default(5),
    exposureMs: exposureMs.default(100),
    auctionVenue: z.string().default("AUCTION"),
    ...common,
  }).strict(),
]);
/** A validated policy. */
export type Policy = z.infer<typeof PolicySchema>;
/** A policy as written by a user (defaults not yet applied). */
export type PolicyInput = z.input<typeof PolicySchema>;

/**
 * Validates a policy; errors name `source` and the field.
 *
 * @example
 * ```ts
 * import { parsePolicy } from "./policy.ts";
 * const p = parsePolicy({ kind: "balanced" });
 * if (p.kind !== "balanced" || p.paymentWeight !== 0.3) throw new Error();
 * try { parsePolicy({ kind: "cap", cap: -0.001 }, "cli"); throw new Error("accepted"); }
 * catch (e) { if (!(e as Error).message.includes("cli: cap: a payment cap cannot be negative")) throw e; }
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
 * import { parsePolicy, policyLabel } from "./policy.ts";
 * if (policyLabel(parsePolicy({ kind: "balanced" })) !== "balanced (w=0.3)") throw new Error();
 * if (policyLabel(parsePolicy({ kind: "cap", cap: 0.001 })) !== "cap ($0.0010)") throw new Error();
 * ```
 */
export function policyLabel(policy: Policy): string {
  if (policy.label) return policy.label;
  switch (policy.kind) {
    case "balanced":
      return `balanced (w=${policy.paymentWeight})`;
    case "disclosure":
      return `disclosure (w=${policy.paymentWeight})`;
    case "auction":
      return `auction (${policy.bidders} bidders, ${policy.exposureMs} ms)`;
    case "cap":
      return `cap ($${policy.cap.toFixed(4)})`;
    case "ban":
      return policy.commissionPerOrder > 0
        ? `ban ($${policy.commissionPerOrder} commission)`
        : "ban";
    case "commission":
      return policy.commissionPerShare > 0
        ? `commission ($${policy.commissionPerOrder} + $${policy.commissionPerShare}/share)`
        : `commission ($${policy.commissionPerOrder})`;
    case "subscription":
      return `subscription ($${policy.monthlyFee}/month)`;
    case "directed":
      return `directed (${policy.venue})`;
    case "hybrid":
      return `hybrid (${Math.round(policy.auctionShare * 100)}% auction, cap $${
        policy.cap.toFixed(4)
      })`;
    default:
      return policy.kind;
  }
}

/**
 * How the router picks among eligible venues: the lowest expected customer
 * cost, the highest expected broker revenue, the lowest
 * `(1 - w) cost - w revenue`, or as brokers do today, by scorecard: each
 * order to a venue drawn with the share of flow the broker's scorecard gives
 * it (several wholesalers, each with a share earned by its execution quality).
 */
export const RoutingRule = { BestExecution: 0, MaxPayment: 1, Balanced: 2, Scorecard: 3 } as const;
/** A routing rule code. */
export type RoutingRule = typeof RoutingRule[keyof typeof RoutingRule];

/** What the router and the venues apply under a policy. */
export interface Terms {
  /** The rule for orders not sent to an auction or directed. */
  rule: RoutingRule;
  /** The weight on revenue of the balanced rule. */
  paymentWeight: number;
  /** Whether venues may pay the broker for order flow. */
  paymentsAllowed: boolean;
  /** The most a venue may pay per share, $ (Infinity: no cap). */
  cap: number;
  /** Whether the policy sets the broker's commission (even to zero). */
  ownCommission: boolean;
  /** Commission per filled order, $. */
  commissionPerOrder: number;
  /** Commission per filled share, $. */
  commissionPerShare: number;
  /** Monthly fee of a subscription broker, $ (charged outside the ledger of orders). */
  monthlyFee: number;
  /** Share of marketable orders sent to the auction (0: none). */
  auctionShare: number;
  /** Auction venue id (when `auctionShare` > 0). */
  auctionVenue: string;
  /** Bidders in each auction. */
  bidders: number;
  /** How long each order is exposed, ms. */
  exposureMs: number;
  /** Venue every order is directed to (directed orders), or null. */
  directedVenue: string | null;
  /** Cost of a limit order that does not fill, in half-spreads. */
  nonFillCostHalfSpreads: number;
}

/**
 * The terms a policy implies.
 *
 * @example
 * ```ts
 * import { parsePolicy, policyTerms } from "./policy.ts";
 * const t = policyTerms(parsePolicy({ kind: "ban", commissionPerOrder: 2 }));
 * if (t.paymentsAllowed || t.commissionPerOrder !== 2) throw new Error();
 * ```
 */
export function policyTerms(policy: Policy): Terms {
  const t: Terms = {
    rule: RoutingRule.BestExecution as RoutingRule,
    paymentWeight: 0,
    paymentsAllowed: true,
    cap: Infinity,
    ownCommission: false,
    commissionPerOrder: 0,
    commissionPerShare: 0,
    monthlyFee: 0,
    auctionShare: 0,
    auctionVenue: "AUCTION",
    bidders: 0,
    exposureMs: 0,
    directedVenue: null,
    nonFillCostHalfSpreads: policy.nonFillCostHalfSpreads,
  };
  switch (policy.kind) {
    case "scorecard":
      t.rule = RoutingRule.Scorecard;
      break;
    case "best-execution":
      break;
    case "max-payment":
      t.rule = RoutingRule.MaxPayment;
      break;
    case "balanced":
    case "disclosure":
      t.rule = RoutingRule.Balanced;
      t.paymentWeight = policy.paymentWeight;
      break;
    case "auction":
      t.paymentsAllowed = false;
      t.auctionShare = 1;
      t.auctionVenue = policy.auctionVenue;
      t.bidders = policy.bidders;
      t.exposureMs = policy.exposureMs;
      break;
    case "cap":
      t.rule = RoutingRule.Scorecard;
      t.cap = policy.cap;
      break;
    case "ban":
      t.rule = RoutingRule.Scorecard;
      t.paymentsAllowed = false;
      t.ownCommission = true;
      t.commissionPerOrder = policy.commissionPerOrder;
      break;
    case "commission":
      t.paymentsAllowed = false;
      t.ownCommission = true;
      t.commissionPerOrder = policy.commissionPerOrder;
      t.commissionPerShare = policy.commissionPerShare;
      break;
    case "subscription":
      t.paymentsAllowed = false;
      t.monthlyFee = policy.monthlyFee;
      break;
    case "directed":
      t.directedVenue = policy.venue;
      break;
    case "hybrid":
      t.rule = RoutingRule.Scorecard;
      t.cap = policy.cap;
      t.auctionShare = policy.auctionShare;
      t.auctionVenue = policy.auctionVenue;
      t.bidders = policy.bidders;
      t.exposureMs = policy.exposureMs;
      break;
  }
  return t;
}
