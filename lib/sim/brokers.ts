/**
 * Brokers as named profiles: who pays them and how, where they route, whom
 * they serve. A profile in `data/brokers.json` holds the broker's payment
 * terms (cents per 100 shares by section and order type, from its genuine
 * Rule 606 report where one exists, else cited public figures, or a share of
 * the quoted spread), its wholesalers and other venues, how demanding its
 * scorecard is, and its clientele (order sizes in dollars, the share of its
 * orders in S&P 500 stocks, its order-type mix, how informed its customers
 * are relative to the market's retail mix). Every value names its source.
 *
 * {@linkcode withBroker} turns the calibrated market into the world of one
 * broker: its clientele's flow, its payments at each wholesaler, and the
 * wholesalers' margins and shares of its flow from competition for it
 * ({@linkcode scorecardEquilibrium}).
 *
 * @module
 */
import { z } from "zod";
import { parseWith, ValidationError } from "./validate.ts";
import { parseScenario, type Scenario } from "./scenario.ts";
import { TypeMixSchema } from "./flow.ts";
import { scorecardEquilibrium } from "./competition.ts";
import brokersJson from "../../data/brokers.json" with { type: "json" };

const cph = z.number().min(-100).max(1000);
const byType = z.object({
  market: cph,
  marketableLimit: cph,
  nonMarketableLimit: cph,
}).strict();

/** A broker profile. */
export const BrokerProfileSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "lower-case letters, digits and - only"),
  name: z.string().min(1),
  /** Payment received per 100 shares, cents, by section (S&P 500, other stocks) and order type. */
  paymentCentsPer100: z.object({ sp500: byType, other: byType }).strict(),
  /** Payment as a share of the quoted spread instead of a fixed rate (0: fixed). */
  paymentShareOfSpread: z.number().min(0).max(1),
  /** Wholesalers the broker routes to (venue ids). */
  wholesalers: z.array(z.string()),
  /** Other venues it may route to (exchanges, dark pools). */
  otherVenues: z.array(z.string()),
  /** How the broker routes: by scorecard across its wholesalers, or best execution order by order. */
  policy: z.enum(["scorecard", "best-execution"]),
  /** Scorecard sensitivity relative to the market's fitted value. */
  scorecardSensitivityMultiplier: z.number().positive().max(10),
  commissionPerOrder: z.number().min(0).max(1000),
  commissionPerShare: z.number().min(0).max(1),
  /** Whether the broker offers fractional shares (orders below one share are rounded up to one). */
  fractional: z.boolean(),
  clientele: z.object({
    /** Median order notional, $. */
    notionalMedian: z.number().positive(),
    /** Log-scale standard deviation of order notional. */
    notionalLogSd: z.number().min(0).max(4),
    /** Share of orders in S&P 500 stocks. */
    sp500Share: z.number().min(0).max(1),
    /** Order-type mix of its orders (market, marketable limit, non-marketable limit). */
    typeMix: TypeMixSchema,
    /** Informed share of its marketable orders relative to the market's retail mix (1: the same). */
    informedScale: z.number().min(0).max(20),
  }).strict(),
  /** Where each value comes from, by field. */
  sources: z.record(z.string(), z.string()),
}).strict();

/** A validated broker profile. */
export type BrokerProfile = z.infer<typeof BrokerProfileSchema>;

/** The profile of the market as a whole (the calibration's reference broker). */
export const MARKET_BROKER = "us-retail";

let cached: BrokerProfile[] | undefined;

/**
 * All broker profiles of `data/brokers.json` (validated once; a fresh copy each call).
 *
 * @example
 * ```ts
 * import { brokerProfiles } from "./brokers.ts";
 * const ids = brokerProfiles().map((b) => b.id);
 * if (!ids.includes("robinhood") || !ids.includes("ibkr-pro")) throw new Error(ids.join());
 * ```
 */
export function brokerProfiles(): BrokerProfile[] {
  cached ??= parseWith(
    z.array(BrokerProfileSchema).min(1),
    brokersJson.brokers,
    "data/brokers.json",
  );
  return structuredClone(cached);
}

/**
 * One broker profile by id, or a clear error listing the known ids.
 *
 * @example
 * ```ts
 * import { brokerProfile } from "./brokers.ts";
 * if (brokerProfile("schwab").name !== "Charles Schwab") throw new Error();
 * try { brokerProfile("nope"); throw new Error("accepted"); }
 * catch (e) { if (!(e as Error).message.includes('unknown broker "nope"')) throw e; }
 * ```
 */
export function brokerProfile(id: string): BrokerProfile {
  const all = brokerProfiles();
  const found = all.find((b) => b.id === id);
  if (!found) {
    throw new ValidationError([
      `broker: unknown broker "${id}" (known: ${all.map((b) => b.id).join(", ")})`,
    ]);
  }
  return found;
}

/**
 * The reference half-spread of a scenario, $: the tiers' typical half-spread
 * weighted by their share of orders (used to put the wholesalers' costs per
 * share in half-spreads for the scorecard competition).
 *
 * @example
 * ```ts
 * import { referenceHalfSpread } from "./brokers.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const h = referenceHalfSpread(defaultScenario());
 * if (!(h > 0.004 && h < 0.05)) throw new Error(String(h));
 * ```
 */
export function referenceHalfSpread(scenario: Scenario): number {
  const u = scenario.universe;
  return u.tiers.reduce((s, t) => s + t.flowShare * t.spreadTicks * u.tickSize / 2, 0);
}

/**
 * The world of one broker: the calibrated market `base` with the broker's
 * clientele (order sizes, S&P 500 share, type mix, informed share), its
 * payments at each of its wholesalers, its venues and commissions, and the
 * wholesalers' margins and shares of its flow from the scorecard
 * competition. Wholesalers the broker does not use keep the market's terms.
 *
 * @example
 * ```ts
 * import { withBroker } from "./brokers.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const rh = withBroker(defaultScenario(), "robinhood");
 * const shares = Object.values(rh.broker.allocation ?? {});
 * if (rh.broker.id !== "robinhood" || Math.abs(shares.reduce((a, b) => a + b, 0) - 1) > 1e-9) {
 *   throw new Error();
 * }
 * ```
 */
export function withBroker(base: Scenario, broker: string | BrokerProfile): Scenario {
  const p = typeof broker === "string" ? brokerProfile(broker) : broker;
  const s = structuredClone(base);
  const market = brokerProfile(MARKET_BROKER);
  const marketValues = base.broker.market ?? {
    scorecardSensitivity: base.broker.scorecardSensitivity,
    informedShare: base.flow.informedShare,
  };
  // Clientele.
  s.flow.notional = {
    ...base.flow.notional,
    median: p.clientele.notionalMedian,
    logSd: p.clientele.notionalLogSd,
  };
  s.flow.typeMix = { ...p.clientele.typeMix };
  s.flow.informedShare = Math.min(
    1,
    marketValues.informedShare * p.clientele.informedScale / market.clientele.informedScale,
  );
  const sp = s.universe.tiers.filter((t) => t.tier === "sp500");
  const rest = s.universe.tiers.filter((t) => t.tier !== "sp500");
  const restTotal = rest.reduce((a, t) => a + t.flowShare, 0);
  for (const t of sp) t.flowShare = p.clientele.sp500Share / sp.length;
  for (const t of rest) {
    t.flowShare = restTotal > 0
      ? (1 - p.clientele.sp500Share) * t.flowShare / restTotal
      : (1 - p.clientele.sp500Share) / rest.length;
  }
  // Payments at the broker's wholesalers.
  // A broker paid a share of the spread is paid that instead of a fixed rate (its Cph are for reference).
  const perShare = (c: number) => (p.paymentShareOfSpread > 0 ? 0 : c / 100 / 100);
  const table = (section: "sp500" | "other") => ({
    market: Math.max(0, perShare(p.paymentCentsPer100[section].market)),
    marketableLimit: Math.max(0, perShare(p.paymentCentsPer100[section].marketableLimit)),
    nonMarketableLimit: Math.max(0, perShare(p.paymentCentsPer100[section].nonMarketableLimit)),
  });
  const ids = new Set(s.venues.map((v) => v.id));
  for (const id of [...p.wholesalers, ...p.otherVenues]) {
    if (!ids.has(id)) {
      throw new ValidationError([`broker ${p.id}: unknown venue "${id}"`]);
    }
  }
  const wholesalers = s.venues.filter((v) => p.wholesalers.includes(v.id));
  for (const v of wholesalers) {
    if (v.kind !== "wholesaler") {
      throw new ValidationError([`broker ${p.id}: wholesalers: ${v.id} is a ${v.kind} venue`]);
    }
    // 606 reports do not separate stocks under $5: the broker's other-stocks rate, scaled as the
    // calibration scales the market's (us-2022.json: a share of the smaller dollar spread).
    const other = table("other");
    const low = { ...other };
    for (const type of ["market", "marketableLimit", "nonMarketableLimit"] as const) {
      const b = v.paymentPerShare.otherNms[type];
      low[type] = b > 0 ? other[type] * v.paymentPerShare.lowPriced[type] / b : other[type];
    }
    v.paymentPerShare = { sp500: table("sp500"), otherNms: other, lowPriced: low };
    v.paymentShareOfSpread = p.paymentShareOfSpread;
  }
  // Competition for the broker's flow: margins and shares.
  const sensitivity = marketValues.scorecardSensitivity * p.scorecardSensitivityMultiplier /
    market.scorecardSensitivityMultiplier;
  const allocation: Record<string, number> = {};
  if (wholesalers.length > 0) {
    const h = referenceHalfSpread(s);
    const costs = wholesalers.map((v) =>
      v.kind === "wholesaler" && v.priceImprovement.model === "surplus"
        ? v.priceImprovement.costPerShare / h
        : 0
    );
    const eq = scorecardEquilibrium(costs, sensitivity);
    wholesalers.forEach((v, w) => {
      if (v.kind === "wholesaler" && v.priceImprovement.model === "surplus") {
        v.priceImprovement.marginHalfSpreads = eq.margin[w];
      }
      allocation[v.id] = eq.share[w];
    });
  }
  s.broker = {
    id: p.id,
    name: p.name,
    commissionPerOrder: p.commissionPerOrder,
    commissionPerShare: p.commissionPerShare,
    venues: [...p.otherVenues, ...p.wholesalers],
    scorecardSensitivity: sensitivity,
    allocation: wholesalers.length > 0 ? allocation : undefined,
    market: marketValues,
    policy: p.policy,
  };
  return parseScenario(s, `broker ${p.id}`);
}
