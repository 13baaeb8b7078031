/**
 * One-at-a-time sensitivity of the headline outputs to the calibration's
 * sourced ranges (a tornado).
 *
 * For each sensitivity group of the calibration (parameters with `low` and
 * `high`; parameters sharing a `group` move together), the headline outputs
 * are computed with the group at its low end and at its high end, every other
 * parameter at its calibrated value, on the same seeds and orders as the base
 * case (common random numbers), so the swing is the parameters' doing and not
 * noise. Variants that leave the securities unchanged reuse the base day's
 * quotes.
 *
 * @module
 */
import { atGroupEnd, type Calibration, sensitivityGroups } from "./calibration.ts";
import { headlineOutputs, runValidation } from "../analysis/validation.ts";
import { type HeadlineId, HEADLINES } from "../analysis/headlines.ts";
import { WorldCache } from "../runs/worlds.ts";

/** The headline outputs at one group's two ends. */
export interface TornadoRow {
  /** The group's name. */
  group: string;
  /** Parameters in the group. */
  parameters: string[];
  /** Headline outputs with the group at its low end. */
  low: Record<HeadlineId, number>;
  /** Headline outputs with the group at its high end. */
  high: Record<HeadlineId, number>;
}

/** A tornado: the base case and each group's row. */
export interface Tornado {
  /** Headline outputs at the calibrated values. */
  base: Record<HeadlineId, number>;
  /** One row per sensitivity group. */
  rows: TornadoRow[];
}

/** Options of {@linkcode tornado}. */
export interface TornadoOptions {
  /** Orders per simulated day. */
  orders: number;
  /** Seeds (the headline outputs are averaged over their days). */
  seeds: number[];
  /** Groups to vary (default: all of the calibration's sensitivity groups). */
  groups?: string[];
}

function means(cal: Calibration, options: TornadoOptions, cache: WorldCache) {
  const h = headlineOutputs(runValidation(cal, { ...options, headlineOnly: true, cache }));
  return Object.fromEntries(HEADLINES.map(({ id }) => [id, h[id].mean])) as Record<
    HeadlineId,
    number
  >;
}

/**
 * The headline outputs at each sensitivity group's low and high ends.
 *
 * @example
 * ```ts
 * import { tornado } from "./sensitivity.ts";
 * import { loadCalibration } from "./calibration.ts";
 * const t = tornado(loadCalibration(), { orders: 2000, seeds: [1], groups: ["auction competition"] });
 * const row = t.rows[0];
 * // More bidders in each auction: a larger gain over the status quo.
 * if (!(row.high.auctionGainBn > row.low.auctionGainBn)) throw new Error(JSON.stringify(row));
 * if (row.low.costPer10k !== t.base.costPer10k) throw new Error("the status quo should not move");
 * ```
 */
export function tornado(cal: Calibration, options: TornadoOptions): Tornado {
  const cache = new WorldCache();
  const base = means(cal, options, cache);
  const groups = sensitivityGroups(cal).filter((g) =>
    !options.groups || options.groups.includes(g.name)
  );
  if (options.groups) {
    const unknown = options.groups.filter((name) => !groups.some((g) => g.name === name));
    if (unknown.length) {
      throw new RangeError(
        `groups: unknown sensitivity group(s) ${unknown.join(", ")} (known: ${
          sensitivityGroups(cal).map((g) => g.name).join(", ")
        })`,
      );
    }
  }
  const rows = groups.map((g) => {
    // Groups that change the securities get quotes of their own, not kept afterwards.
    const own = g.members.some((m) => m.path.startsWith("scenario.universe"))
      ? new WorldCache()
      : cache;
    return {
      group: g.name,
      parameters: g.members.map((m) => m.label),
      low: means(atGroupEnd(cal, g, "low"), options, own),
      high: means(atGroupEnd(cal, g, "high"), options, own),
    };
  });
  return { base, rows };
}

/** One bar of a tornado chart: a group's swing of one headline output. */
export interface TornadoBar {
  /** Headline output. */
  headline: HeadlineId;
  /** Group. */
  group: string;
  /** Output at the group's low end. */
  atLow: number;
  /** Output at the group's high end. */
  atHigh: number;
  /** Base value. */
  base: number;
  /** `|atHigh - atLow|`. */
  swing: number;
}

/**
 * The bars of the tornado of one headline output, largest swing first,
 * leaving out groups that do not move it (swing below `minSwing` of the base).
 *
 * @example
 * ```ts
 * import { tornadoBars } from "./sensitivity.ts";
 * const h = { costPer10k: 1, piPctOfSpread: 30, paymentsBn: 1, auctionGainBn: 1 };
 * const bars = tornadoBars({ base: h, rows: [
 *   { group: "a", parameters: [], low: { ...h, costPer10k: 0.9 }, high: { ...h, costPer10k: 1.3 } },
 *   { group: "b", parameters: [], low: h, high: h },
 * ] }, "costPer10k");
 * if (bars.length !== 1 || Math.abs(bars[0].swing - 0.4) > 1e-12) throw new Error();
 * ```
 */
export function tornadoBars(t: Tornado, headline: HeadlineId, minSwing = 1e-6): TornadoBar[] {
  const base = t.base[headline];
  return t.rows.map((r) => ({
    headline,
    group: r.group,
    atLow: r.low[headline],
    atHigh: r.high[headline],
    base,
    swing: Math.abs(r.high[headline] - r.low[headline]),
  })).filter((b) => b.swing > minSwing * Math.max(1e-12, Math.abs(base)))
    .sort((a, b) => b.swing - a.swing);
}
