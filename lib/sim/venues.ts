/**
 * Venues: lit exchanges with maker-taker (or inverted) fees, wholesalers that
 * pay for order flow and improve prices, dark pools (ATSs) that cross at the
 * midpoint, and venues affiliated with the broker. Parameters are validated
 * and flattened into typed arrays for the hot loops.
 *
 * @module
 */
import { z } from "zod";
import { parseWith, ValidationError } from "./validate.ts";
import { ORDER_TYPES } from "./flow.ts";
import { TIERS } from "./securities.ts";
import { PAYMENT_CELLS, paymentIndex } from "./layout.ts";
import { inverseNormalCdf as quantile } from "./random.ts";

/** Venue kinds, in the order of their integer codes. */
export const VENUE_KINDS = ["lit", "wholesaler", "dark", "auction"] as const;
/** Code of a lit exchange. */
export const LIT = 0;
/** Code of a wholesaler (a market maker that internalizes retail orders). */
export const WHOLESALER = 1;
/** Code of a dark pool (ATS). */
export const DARK = 2;
/** Code of an order-by-order auction (a Rule 615-style competition for each order). */
export const AUCTION = 3;

const probability = z.number().min(0).max(1);
const perShare = z.number().min(-0.05).max(0.05);
const latency = z.object({
  medianMs: z.number().positive().max(600000),
  sigma: z.number().min(0).max(3),
}).strict();
/** Payment per share by tier and order type, $ per share. */
const PaymentTable = z.object(
  Object.fromEntries(
    TIERS.map((
      t,
    ) => [t, z.object(Object.fromEntries(ORDER_TYPES.map((o) => [o, perShare.min(0)]))).strict()]),
  ) as Record<typeof TIERS[number], z.ZodObject<Record<typeof ORDER_TYPES[number], z.ZodNumber>>>,
).strict();
const resting = {
  touchFillProbability: probability,
  throughFillProbability: probability,
};
const common = {
  id: z.string().regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, _ . - only"),
  name: z.string().min(1),
  latency,
  source: z.string().min(1),
};

/** A lit exchange: fills marketable orders at the NBBO and walks its book beyond. */
export const LitVenueSchema = z.object({
  ...common,
  kind: z.literal("lit"),
  takeFee: perShare,
  makeRebate: perShare,
  depthShare: z.number().positive().max(1),
  ...resting,
}).strict();
/** A wholesaler: pays for order flow, improves on the NBBO, guarantees size. */
export const WholesalerSchema = z.object({
  ...common,
  kind: z.literal("wholesaler"),
  /** An internalizer owned by the broker: its capture is the broker's. */
  affiliated: z.boolean().default(false),
  paymentPerShare: PaymentTable,
  /**
   * Payment as a share of the quoted spread at arrival, per share, on top of
   * `paymentPerShare` (some brokers are paid a share of the spread rather
   * than a fixed rate per share, so their payment per share rises with the
   * spread).
   */
  paymentShareOfSpread: z.number().min(0).max(1).default(0),
  /**
   * Either fixed (improve with `probability` by `shareOfSpread` of the spread on
   * average) or from the wholesaler's economics (`model: "surplus"`: what is
   * left of the half-spread after the adverse selection it expects from the
   * broker's clientele, its cost, the payment to the broker and the margin
   * competition for the broker's flow leaves it; see `withBroker`).
   */
  priceImprovement: z.preprocess(
    (v) => (v && typeof v === "object" && !("model" in v) ? { model: "fixed", ...v } : v),
    z.discriminatedUnion("model", [
      z.object({
        model: z.literal("surplus"),
        costPerShare: z.number().min(0).max(0.05),
        marginHalfSpreads: z.number().min(0).max(1).default(0),
      }).strict(),
      z.object({
        model: z.literal("fixed"),
        probability,
        shareOfSpread: z.number().min(0).max(0.5),
      }).strict(),
    ]),
  ),
  sizeGuaranteeShares: z.number().int().min(0),
  /**
   * Notional up to which the wholesaler also fills at or better than the NBBO, $: its guarantee
   * in shares is at least this much of the stock (0: shares only).
   */
  sizeGuaranteeNotional: z.number().min(0).default(0),
  ...resting,
}).strict();
/** A dark pool: crosses at the midpoint with some probability, else reroutes. */
export const DarkVenueSchema = z.object({
  ...common,
  kind: z.literal("dark"),
  fillProbability: probability,
  accessFee: perShare,
  paymentPerShare: perShare.min(0).default(0),
  timeoutMs: z.number().min(0).max(600000),
  fallback: z.string(),
  ...resting,
}).strict();

/**
 * An order-by-order auction: each marketable order is exposed to bidders
 * (wholesalers and others) that value it at the half-spread less expected
 * adverse selection and their cost, each with private noise; the best bid
 * wins at the second-best price (the revenue-equivalent of a sealed-bid
 * auction with bid shading), never worse than the NBBO. No payment to the
 * broker. The number of bidders and the exposure time come from the policy.
 */
export const AuctionVenueSchema = z.object({
  ...common,
  kind: z.literal("auction"),
  costPerShare: z.number().min(0).max(0.05),
  valuationNoiseShareOfSpread: z.number().min(0).max(2),
  sizeGuaranteeShares: z.number().int().min(0),
  /** Notional up to which the auction fills the whole order, $ (0: shares only). */
  sizeGuaranteeNotional: z.number().min(0).default(0),
  ...resting,
}).strict();

/** Any venue. */
export const VenueSchema = z.discriminatedUnion("kind", [
  LitVenueSchema,
  WholesalerSchema,
  DarkVenueSchema,
  AuctionVenueSchema,
]);
/** A validated venue. */
export type Venue = z.infer<typeof VenueSchema>;

/** A list of venues with unique ids, where each dark pool's fallback is a lit venue. */
export const VenuesSchema = z.array(VenueSchema).min(1).max(64).superRefine((vs, ctx) => {
  const ids = new Set<string>();
  vs.forEach((v, i) => {
    if (ids.has(v.id)) {
      ctx.addIssue({ code: "custom", path: [i, "id"], message: `duplicate id ${v.id}` });
    }
    ids.add(v.id);
  });
  vs.forEach((v, i) => {
    if (v.kind !== "dark") return;
    const target = vs.find((w) => w.id === v.fallback);
    if (!target || target.kind !== "lit") {
      ctx.addIssue({
        code: "custom",
        path: [i, "fallback"],
        message: target
          ? `venue ${v.fallback} is a ${target.kind}: a dark pool's fallback must be a lit venue`
          : `unknown venue ${v.fallback}: a dark pool's fallback must be a lit venue`,
      });
    }
  });
});

/**
 * Validates a list of venues; errors name `source` and the field.
 *
 * @example
 * ```ts
 * import { parseVenues } from "./venues.ts";
 * try {
 *   parseVenues([{ id: "X", kind: "lit", name: "X", source: "-", latency: { medianMs: 1, sigma: 0 },
 *     takeFee: 0.003, makeRebate: 0.002, depthShare: 1.5,
 *     touchFillProbability: 0.4, throughFillProbability: 1 }], "venues.json");
 * } catch (e) {
 *   if (!(e as Error).message.includes("venues.json: 0.depthShare")) throw e;
 * }
 * ```
 */
export function parseVenues(value: unknown, source = "venues"): Venue[] {
  return parseWith(VenuesSchema, value, source);
}

/** Venue parameters flattened into typed arrays, indexed by venue code. */
export interface VenueTable {
  /** The venues, in code order. */
  venues: Venue[];
  /** Number of venues. */
  count: number;
  /** Venue ids, in code order. */
  ids: string[];
  /** Kind code ({@linkcode VENUE_KINDS}). */
  kind: Uint8Array;
  /** 1 if affiliated with the broker. */
  affiliated: Uint8Array;
  /** Fee the taker pays the venue, $/share (negative on an inverted venue). */
  takeFee: Float64Array;
  /** Rebate the venue pays the maker, $/share (negative: the maker pays). */
  makeRebate: Float64Array;
  /** Share of the consolidated quoted depth this lit venue displays. */
  depthShare: Float64Array;
  /** Payment to the broker, $/share, at `paymentIndex(venue, tier, type)` (layout.ts). */
  payment: Float64Array;
  /** Payment to the broker as a share of the quoted spread, per share (on top of `payment`). */
  paymentSpreadShare: Float64Array;
  /** 1 where price improvement comes from the wholesaler's economics (surplus model). */
  piSurplus: Uint8Array;
  /** The wholesaler's margin for the broker's flow, half-spreads (surplus model). */
  margin: Float64Array;
  /** Cost per share of a wholesaler or of an auction's bidders, $. */
  costPerShare: Float64Array;
  /** Standard deviation of an auction bidder's valuation, as a share of the spread. */
  valuationNoise: Float64Array;
  /** Probability a wholesaler improves the price. */
  piProbability: Float64Array;
  /** Mean improvement when improving, as a share of the quoted spread. */
  piShareOfSpread: Float64Array;
  /** Shares a wholesaler fills at or better than the NBBO. */
  sizeGuarantee: Float64Array;
  /** Size guarantee in dollars, $ (0: none): the guarantee in shares is at least this / price. */
  sizeGuaranteeNotional: Float64Array;
  /** Probability a dark pool crosses a marketable order. */
  darkFill: Float64Array;
  /** Fee the broker pays a dark pool, $/share. */
  accessFee: Float64Array;
  /** Time before a dark pool reroutes an unfilled order, ms. */
  timeoutMs: Float64Array;
  /** Code of a dark pool's fallback lit venue (-1 elsewhere). */
  fallback: Int16Array;
  /** Fill probability of a resting limit when the NBBO reaches its price. */
  touchFill: Float64Array;
  /** Fill probability of a resting limit when the market trades through it. */
  throughFill: Float64Array;
  /** Latency quantiles, ms, at `[venue * LATENCY_BINS + bin]`. */
  latencyTable: Float64Array;
}

/** Number of equal-probability bins in each venue's latency table. */
export const LATENCY_BINS = 256;

/**
 * Flattens venues into a {@linkcode VenueTable}.
 *
 * @example
 * ```ts
 * import { venueTable } from "./venues.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * if (t.count !== t.ids.length) throw new Error();
 * ```
 */
export function venueTable(venues: Venue[]): VenueTable {
  const n = venues.length;
  const t: VenueTable = {
    venues,
    count: n,
    ids: venues.map((v) => v.id),
    kind: new Uint8Array(n),
    affiliated: new Uint8Array(n),
    takeFee: new Float64Array(n),
    makeRebate: new Float64Array(n),
    depthShare: new Float64Array(n),
    payment: new Float64Array(n * PAYMENT_CELLS),
    paymentSpreadShare: new Float64Array(n),
    piSurplus: new Uint8Array(n),
    margin: new Float64Array(n),
    costPerShare: new Float64Array(n),
    valuationNoise: new Float64Array(n),
    piProbability: new Float64Array(n),
    piShareOfSpread: new Float64Array(n),
    sizeGuarantee: new Float64Array(n),
    sizeGuaranteeNotional: new Float64Array(n),
    darkFill: new Float64Array(n),
    accessFee: new Float64Array(n),
    timeoutMs: new Float64Array(n),
    fallback: new Int16Array(n).fill(-1),
    touchFill: new Float64Array(n),
    throughFill: new Float64Array(n),
    latencyTable: new Float64Array(n * LATENCY_BINS),
  };
  venues.forEach((v, i) => {
    t.kind[i] = VENUE_KINDS.indexOf(v.kind);
    t.touchFill[i] = v.touchFillProbability;
    t.throughFill[i] = v.throughFillProbability;
    for (let b = 0; b < LATENCY_BINS; b++) {
      const z = quantile((b + 0.5) / LATENCY_BINS);
      t.latencyTable[i * LATENCY_BINS + b] = v.latency.medianMs * Math.exp(v.latency.sigma * z);
    }
    if (v.kind === "lit") {
      t.takeFee[i] = v.takeFee;
      t.makeRebate[i] = v.makeRebate;
      t.depthShare[i] = v.depthShare;
    } else if (v.kind === "wholesaler") {
      TIERS.forEach((tier, ti) =>
        ORDER_TYPES.forEach((type, oi) => {
          t.payment[paymentIndex(i, ti, oi)] = v.paymentPerShare[tier][type];
        })
      );
      t.affiliated[i] = v.affiliated ? 1 : 0;
      t.paymentSpreadShare[i] = v.paymentShareOfSpread;
      const pi = v.priceImprovement;
      if (pi.model === "surplus") {
        t.piSurplus[i] = 1;
        t.margin[i] = pi.marginHalfSpreads;
        t.costPerShare[i] = pi.costPerShare;
        t.piProbability[i] = 1;
      } else {
        t.piProbability[i] = pi.probability;
        t.piShareOfSpread[i] = pi.shareOfSpread;
      }
      t.sizeGuarantee[i] = v.sizeGuaranteeShares;
      t.sizeGuaranteeNotional[i] = v.sizeGuaranteeNotional;
    } else if (v.kind === "auction") {
      t.costPerShare[i] = v.costPerShare;
      t.valuationNoise[i] = v.valuationNoiseShareOfSpread;
      t.sizeGuarantee[i] = v.sizeGuaranteeShares;
      t.sizeGuaranteeNotional[i] = v.sizeGuaranteeNotional;
    } else {
      t.darkFill[i] = v.fillProbability;
      t.accessFee[i] = v.accessFee;
      t.timeoutMs[i] = v.timeoutMs;
      t.fallback[i] = venues.findIndex((w) => w.id === v.fallback);
      for (let k = 0; k < PAYMENT_CELLS; k++) t.payment[i * PAYMENT_CELLS + k] = v.paymentPerShare;
    }
  });
  return t;
}

/**
 * The code of the venue `id`, or a clear error listing the known ids.
 *
 * @example
 * ```ts
 * import { venueCode, venueTable } from "./venues.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const t = venueTable(defaultScenario().venues);
 * if (venueCode(t, t.ids[0]) !== 0) throw new Error();
 * ```
 */
export function venueCode(table: VenueTable, id: string): number {
  const i = table.ids.indexOf(id);
  if (i < 0) {
    throw new ValidationError([`venue: unknown venue "${id}" (known: ${table.ids.join(", ")})`]);
  }
  return i;
}

/**
 * A price improvement drawn around its mean `mean` ($ per share), never below
 * zero nor beyond the midpoint (the half-spread `half`): uniform on
 * `mean ± min(mean, half - mean)`, so its expectation is exactly `mean`
 * (clamped to `[0, half]`) and the router's expectation and the executed
 * improvements agree. `u` is a uniform draw in (0, 1). Rounded to $0.0001
 * (sub-penny improvements are quoted in hundredths of a cent).
 *
 * @example
 * ```ts
 * import { improvementDraw } from "./venues.ts";
 * if (improvementDraw(0.004, 0.005, 0.5) !== 0.004) throw new Error();
 * if (improvementDraw(0.004, 0.005, 0) !== 0.003) throw new Error();
 * if (improvementDraw(0.009, 0.005, 0.9) !== 0.005) throw new Error();
 * ```
 */
export function improvementDraw(mean: number, half: number, u: number): number {
  const m = mean <= 0 ? 0 : mean >= half ? half : mean;
  const width = m < half - m ? m : half - m;
  return Math.round((m + width * (2 * u - 1)) * 1e4) / 1e4;
}

/**
 * The mean improvement of the fixed model, $ per share: with `probability`,
 * `shareOfSpread` of the spread (twice that of the half-spread `half`),
 * at most the half-spread.
 *
 * @example
 * ```ts
 * import { fixedImprovement } from "./venues.ts";
 * if (fixedImprovement(1, 0.2, 0.005) !== 0.002) throw new Error();
 * if (fixedImprovement(0.5, 0.5, 0.005) !== 0.0025) throw new Error();
 * ```
 */
export function fixedImprovement(probability: number, shareOfSpread: number, half: number): number {
  const m = shareOfSpread * 2 * half;
  return probability * (m > half ? half : m);
}
