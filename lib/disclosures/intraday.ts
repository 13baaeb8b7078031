/**
 * Execution quality through the trading day: a simulated day's covered
 * orders grouped by when they arrived (half-hour slots by default), with the
 * quoted spread they met and what they cost. On real quotes this shows the
 * day's rhythm (wide spreads at the open, narrow at the close); the
 * synthetic market has no such rhythm.
 *
 * @module
 */
import type { DayResult } from "../sim/simulate.ts";

/** One slot of the day. */
export interface IntradaySlot {
  /** Slot number (0 = the open). */
  slot: number;
  /** Clock time the slot starts, `hh:mm`, counting the open as 09:30. */
  start: string;
  /** Orders that arrived in the slot. */
  orders: number;
  /** Shares executed. */
  filledShares: number;
  /** Quoted spread at arrival, cents, weighted by shares executed. */
  quotedSpreadCents: number;
  /** What customers paid beyond the midpoint, $. */
  customerCost: number;
  /** The same per $10,000 executed (bps of the notional at the midpoint). */
  customerCostBps: number;
}

/**
 * A day's orders of the given types (default market and marketable limit)
 * by arrival slot.
 *
 * @example
 * ```ts
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * import { intradayProfile } from "./intraday.ts";
 * const day = simulateDay(defaultScenario(), { kind: "best-execution" }, { orders: 2000, seed: 1 });
 * const slots = intradayProfile(day, { slotSeconds: 3600 });
 * if (slots.length !== 7 || slots[1].start !== "10:30") throw new Error();
 * const covered = Array.from(day.orders.type).filter((t) => t < 2).length;
 * if (slots.reduce((s, x) => s + x.orders, 0) !== covered) throw new Error();
 * ```
 */
export function intradayProfile(
  day: DayResult,
  options: { slotSeconds?: number; types?: number[] } = {},
): IntradaySlot[] {
  const width = options.slotSeconds ?? 1800;
  if (!(width > 0)) throw new RangeError(`slotSeconds: expected a positive number, got ${width}`);
  const keep = new Uint8Array(3);
  for (const t of options.types ?? [0, 1]) keep[t] = 1;
  const n = Math.ceil(day.universe.sessionSeconds / width);
  const s = Array.from({ length: n }, () => new Float64Array(5));
  const { orders: o, outcomes: r, ledger } = day;
  for (let i = 0; i < o.count; i++) {
    if (!keep[o.type[i]]) continue;
    const slot = s[Math.min(n - 1, Math.floor(o.time[i] / width))];
    const f = r.filled[i];
    slot[0]++;
    slot[1] += f;
    slot[2] += f * r.arrivalSpread[i];
    slot[3] += ledger.customerCost[i];
    slot[4] += f * r.arrivalMid[i];
  }
  return s.map((x, k) => {
    const minutes = 570 + Math.floor(k * width / 60);
    return {
      slot: k,
      start: `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${
        String(minutes % 60).padStart(2, "0")
      }`,
      orders: x[0],
      filledShares: x[1],
      quotedSpreadCents: x[1] > 0 ? 100 * x[2] / x[1] : NaN,
      customerCost: x[3],
      customerCostBps: x[4] > 0 ? 1e4 * x[3] / x[4] : NaN,
    };
  });
}
