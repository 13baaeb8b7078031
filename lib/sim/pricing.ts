/**
 * How brokers charge retail customers, and what a year of trading costs a
 * customer under each: commission-free with payment for order flow, a
 * commission per order or per share, a monthly subscription, or a rebate
 * model that passes part of the payment back to the customer.
 *
 * The explicit charges are arithmetic; the implicit cost (what the customer
 * pays beyond the midpoint) comes from the simulator, per share, for the
 * routing policy each model implies.
 *
 * @module
 */
import { z } from "zod";
import { parseWith } from "./validate.ts";

/** A broker's pricing model. */
export const PricingSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("pfof"), label: z.string().optional() }),
  z.object({
    kind: z.literal("commission"),
    perOrder: z.number().min(0),
    perShare: z.number().min(0).default(0),
    minimum: z.number().min(0).default(0),
    maximumShareOfValue: z.number().min(0).max(1).optional(),
    label: z.string().optional(),
  }),
  z.object({
    kind: z.literal("subscription"),
    monthly: z.number().min(0),
    label: z.string().optional(),
  }),
  z.object({
    kind: z.literal("rebate"),
    shareOfPayment: z.number().min(0).max(1),
    label: z.string().optional(),
  }),
]);
/** A validated pricing model. */
export type Pricing = z.infer<typeof PricingSchema>;
/** A pricing model as written (defaults not yet applied). */
export type PricingInput = z.input<typeof PricingSchema>;

/** How a customer trades. */
export interface TradingProfile {
  /** Trades a month. */
  tradesPerMonth: number;
  /** Shares a trade. */
  sharesPerTrade: number;
  /** Price of the stock, $. */
  price: number;
}

/** The parts of a year's cost, $. */
export interface AnnualCost {
  /** Commissions or subscription fees. */
  charges: number;
  /** Cost beyond the midpoint (execution quality). */
  execution: number;
  /** Payment for order flow passed back to the customer. */
  rebate: number;
  /** charges + execution - rebate. */
  total: number;
}

/**
 * Validates a pricing model.
 *
 * @example
 * ```ts
 * import { parsePricing } from "./pricing.ts";
 * const p = parsePricing({ kind: "commission", perOrder: 4.95 });
 * if (p.kind !== "commission" || p.perShare !== 0) throw new Error();
 * ```
 */
export function parsePricing(value: unknown, source = "pricing"): Pricing {
  return parseWith(PricingSchema, value, source);
}

/**
 * The explicit charge for one trade under a commission schedule, $: per order
 * plus per share, at least `minimum`, at most `maximumShareOfValue` of the
 * trade's value when set. Zero for the other models.
 *
 * @example
 * ```ts
 * import { commissionPerTrade, parsePricing } from "./pricing.ts";
 * // $0.005 a share, $1 minimum, capped at 1% of value: 100 shares of a $50 stock pays the $1 minimum.
 * const ibkrLike = parsePricing({ kind: "commission", perOrder: 0, perShare: 0.005, minimum: 1,
 *   maximumShareOfValue: 0.01 });
 * if (commissionPerTrade(ibkrLike, 100, 50) !== 1) throw new Error();
 * if (commissionPerTrade(ibkrLike, 1000, 50) !== 5) throw new Error();
 * ```
 */
export function commissionPerTrade(pricing: Pricing, shares: number, price: number): number {
  if (pricing.kind !== "commission") return 0;
  let c = pricing.perOrder + pricing.perShare * shares;
  if (c < pricing.minimum) c = pricing.minimum;
  if (pricing.maximumShareOfValue !== undefined) {
    c = Math.min(c, pricing.maximumShareOfValue * shares * price);
  }
  return c;
}

/**
 * A year's cost of trading for one profile under one pricing model, given
 * the execution cost and the payment per share the simulator measured for
 * the routing that model implies.
 *
 * @example
 * ```ts
 * import { annualCost, parsePricing } from "./pricing.ts";
 * const profile = { tradesPerMonth: 10, sharesPerTrade: 100, price: 100 };
 * const sub = annualCost(parsePricing({ kind: "subscription", monthly: 5 }), profile,
 *   { executionCostPerShare: 0.004, paymentPerShare: 0 });
 * // 12 x $5 = $60 of fees; 120 trades x 100 shares x $0.004 = $48 of execution cost.
 * if (Math.abs(sub.total - 108) > 1e-9) throw new Error(String(sub.total));
 * ```
 */
export function annualCost(
  pricing: Pricing,
  profile: TradingProfile,
  measured: { executionCostPerShare: number; paymentPerShare: number },
): AnnualCost {
  const trades = 12 * profile.tradesPerMonth;
  const shares = trades * profile.sharesPerTrade;
  const charges = pricing.kind === "subscription"
    ? 12 * pricing.monthly
    : trades * commissionPerTrade(pricing, profile.sharesPerTrade, profile.price);
  const execution = shares * measured.executionCostPerShare;
  const rebate = pricing.kind === "rebate"
    ? pricing.shareOfPayment * shares * measured.paymentPerShare
    : 0;
  return { charges, execution, rebate, total: charges + execution - rebate };
}

/**
 * The commission per trade at which a customer is indifferent between a
 * commission-free broker and a commission broker, given the execution cost
 * per share under each: `shares x (costFree - costCommission)`.
 *
 * @example
 * ```ts
 * import { breakEvenCommission } from "./pricing.ts";
 * if (Math.abs(breakEvenCommission(500, 0.006, 0.004) - 1) > 1e-12) throw new Error();
 * ```
 */
export function breakEvenCommission(
  shares: number,
  costPerShareFree: number,
  costPerShareCommission: number,
): number {
  return shares * (costPerShareFree - costPerShareCommission);
}
