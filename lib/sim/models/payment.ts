/**
 * What a venue pays the broker for an order under a policy: one rule, used by
 * the router's expectations and by execution.
 *
 * @module
 */
import type { VenueTable } from "../venues.ts";
import type { Terms } from "../policy.ts";
import { paymentIndex } from "../layout.ts";

/**
 * The payment a venue makes to the broker for an order, $ per share, under
 * the policy's terms: the venue's schedule (a rate per share by tier and
 * order type, plus any share of the quoted `spread` at arrival), capped, or
 * nothing where payments are banned (an affiliated venue's explicit payment
 * is internal, so zero).
 *
 * @example
 * ```ts
 * import { paymentPerShare } from "./payment.ts";
 * import { venueTable } from "../venues.ts";
 * import { parsePolicy, policyTerms } from "../policy.ts";
 * import { defaultScenario } from "../scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * const a = t.ids.indexOf("WH-A");
 * const capped = paymentPerShare(t, policyTerms(parsePolicy({ kind: "cap", cap: 0.001 })), a, 0, 0);
 * if (capped !== 0.001) throw new Error(String(capped));
 * ```
 */
export function paymentPerShare(
  venues: VenueTable,
  terms: Terms,
  v: number,
  tier: number,
  type: number,
  spread = 0,
): number {
  if (!terms.paymentsAllowed || venues.affiliated[v]) return 0;
  const pay = venues.payment[paymentIndex(v, tier, type)] + venues.paymentSpreadShare[v] * spread;
  return pay < terms.cap ? pay : terms.cap;
}
