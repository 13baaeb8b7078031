/**
 * The index layouts of the simulator's flat tables: one helper per layout, so
 * that no file writes the arithmetic out again.
 *
 * - Payment table (`VenueTable.payment`): venue × tier × order type, the
 *   order type varying fastest ({@linkcode paymentIndex}).
 * - Metric cells (`MetricsAccumulator`): venue × order type × size bucket ×
 *   tier, the tier varying fastest ({@linkcode metricCell}).
 *
 * @module
 */
import { ORDER_TYPES, SIZE_BUCKETS } from "./flow.ts";
import { TIERS } from "./securities.ts";

/** Number of order types (market, marketable limit, non-marketable limit). */
export const N_TYPES = ORDER_TYPES.length;
/** Number of tiers of securities (S&P 500, other NMS, low-priced). */
export const N_TIERS = TIERS.length;
/** Number of size buckets of the metrics. */
export const N_SIZE_BUCKETS = SIZE_BUCKETS.length;
/** Payment cells per venue: one per tier and order type. */
export const PAYMENT_CELLS = N_TIERS * N_TYPES;
/** Metric cells per venue: one per order type, size bucket and tier. */
export const METRIC_CELLS = N_TYPES * N_SIZE_BUCKETS * N_TIERS;

/**
 * Index of a venue's payment for one tier and order type in the payment
 * table (`venue * 9 + tier * 3 + type`).
 *
 * @example
 * ```ts
 * import { paymentIndex, PAYMENT_CELLS } from "./layout.ts";
 * import { MARKET, NON_MARKETABLE_LIMIT } from "./flow.ts";
 * if (paymentIndex(0, 0, MARKET) !== 0 || PAYMENT_CELLS !== 9) throw new Error();
 * // Venue 2, tier 1 (other NMS stocks), a non-marketable limit order: 2·9 + 1·3 + 2.
 * if (paymentIndex(2, 1, NON_MARKETABLE_LIMIT) !== 23) throw new Error();
 * ```
 */
export function paymentIndex(venue: number, tier: number, type: number): number {
  return (venue * N_TIERS + tier) * N_TYPES + type;
}

/**
 * Index of a metric cell: venue, order type, size bucket and tier
 * (`((venue * 3 + type) * 6 + sizeBucket) * 3 + tier`).
 *
 * @example
 * ```ts
 * import { metricCell, METRIC_CELLS } from "./layout.ts";
 * import { MARKETABLE_LIMIT } from "./flow.ts";
 * if (metricCell(0, 0, 0, 0) !== 0 || METRIC_CELLS !== 54) throw new Error();
 * // Venue 1, a marketable limit, size bucket 2 (500-1999), tier 0: ((1·3 + 1)·6 + 2)·3 + 0.
 * if (metricCell(1, MARKETABLE_LIMIT, 2, 0) !== 78) throw new Error();
 * ```
 */
export function metricCell(venue: number, type: number, sizeBucket: number, tier: number): number {
  return ((venue * N_TYPES + type) * N_SIZE_BUCKETS + sizeBucket) * N_TIERS + tier;
}
