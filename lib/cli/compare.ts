/**
 * What `deno task cli compare` adds to `simulate`: its default policies and
 * replications, and each policy's difference from the first, paired on the
 * same orders (replication by replication), with a 95% interval.
 *
 * @module
 */
import { type Estimate, type MonteCarloResult, pairedDifference } from "../runs/montecarlo.ts";
import { alignRows } from "./render.ts";

/** The policies `compare` runs when `--policy` is not given. */
export const COMPARE_POLICIES = "scorecard,best-execution,auction,cap,ban,hybrid";
/** The replications `compare` runs when `--replications` is not given. */
export const COMPARE_REPLICATIONS = 3;

/** One policy's paired differences from the baseline (the first policy). */
export interface Comparison {
  /** The policy's label. */
  policy: string;
  /** The baseline's label. */
  baseline: string;
  /** Customer cost beyond the midpoint, $. */
  customerCost: Estimate;
  /** Customer cost per $10,000 traded. */
  customerCostBps: Estimate;
  /** Payment for order flow, $. */
  payment: Estimate;
  /** Price improvement per share, all orders. */
  priceImprovementAll: Estimate;
}

/**
 * Each policy's paired differences from the first policy of an ungrouped run
 * (none for a grouped run).
 *
 * @example
 * ```ts
 * import { pairedComparisons } from "./compare.ts";
 * import { monteCarlo } from "../runs/montecarlo.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const mc = monteCarlo(defaultScenario(), [{ kind: "best-execution" }, { kind: "max-payment" }],
 *   { orders: 1000, seed: 1, replications: 2 });
 * const [c] = pairedComparisons(mc);
 * if (c.baseline !== "best-execution" || c.policy !== "max-payment") throw new Error();
 * if (!(c.payment.mean > 0)) throw new Error();
 * ```
 */
export function pairedComparisons(mc: MonteCarloResult, grouped = false): Comparison[] {
  if (grouped) return [];
  const labels = [...new Set(mc.intervals.map((r) => r.policy))];
  return labels.slice(1).map((label) => ({
    policy: label,
    baseline: labels[0],
    customerCost: pairedDifference(mc, "customerCost", labels[0], label),
    customerCostBps: pairedDifference(mc, "customerCostBps", labels[0], label),
    payment: pairedDifference(mc, "payment", labels[0], label),
    priceImprovementAll: pairedDifference(mc, "priceImprovementAll", labels[0], label),
  }));
}

/**
 * The differences as lines of a table (a blank line and a title first;
 * nothing when there are none).
 *
 * @example
 * ```ts
 * import { differenceLines } from "./compare.ts";
 * const e = (mean: number) => ({ mean, low: mean - 1, high: mean + 1 });
 * const lines = differenceLines([{ policy: "cap", baseline: "scorecard", customerCost: e(-10),
 *   customerCostBps: e(-0.01), payment: e(-5), priceImprovementAll: e(0) }]);
 * if (lines[1] !== "Differences from scorecard, paired on the same orders:") throw new Error();
 * if (!lines[3].startsWith("cap     -10 [-11, -9]")) throw new Error(lines[3]);
 * ```
 */
export function differenceLines(comparisons: Comparison[]): string[] {
  if (comparisons.length === 0) return [];
  const f = (e: Estimate, digits: number) =>
    Number.isFinite(e.low)
      ? `${e.mean.toFixed(digits)} [${e.low.toFixed(digits)}, ${e.high.toFixed(digits)}]`
      : e.mean.toFixed(digits);
  const rows = [["policy", "customer cost ($)", "cost ($ per $10,000)", "payment ($)"]];
  for (const c of comparisons) {
    rows.push([c.policy, f(c.customerCost, 0), f(c.customerCostBps, 4), f(c.payment, 0)]);
  }
  return [
    "",
    `Differences from ${comparisons[0].baseline}, paired on the same orders:`,
    ...alignRows(rows),
  ];
}
