/**
 * What `deno task cli compare` adds to `simulate`: its default policies and
 * replications, and each policy's difference from the first, paired on the
 * same orders (replication by replication), with a 95% interval.
 *
 * @module
 */
import {
  type Estimate,
  type Group,
  type MonteCarloResult,
  pairedDifference,
  sameGroup,
} from "../runs/montecarlo.ts";
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
  /** The group (venue, type, size bucket, tier) of a grouped run; `{}` for the totals. */
  group: Group;
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
 * Each policy's paired differences from the first policy, for the totals of
 * an ungrouped run or for every group of a grouped one (`--by venue`: each
 * venue's difference; a group where either policy has no orders in any
 * replication has no difference and is left out).
 *
 * @example
 * ```ts
 * import { pairedComparisons } from "./compare.ts";
 * import { monteCarlo } from "../runs/montecarlo.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const policies = [{ kind: "best-execution" as const }, { kind: "max-payment" as const }];
 * const mc = monteCarlo(defaultScenario(), policies, { orders: 1000, seed: 1, replications: 2 });
 * const [c] = pairedComparisons(mc);
 * if (c.baseline !== "best-execution" || c.policy !== "max-payment") throw new Error();
 * if (!(c.payment.mean > 0)) throw new Error();
 * const byVenue = monteCarlo(defaultScenario(), policies,
 *   { orders: 1000, seed: 1, replications: 2, by: ["venue"] });
 * const rows = pairedComparisons(byVenue);
 * if (rows.length < 2 || !rows.every((r) => typeof r.group.venue === "string")) throw new Error();
 * ```
 */
export function pairedComparisons(mc: MonteCarloResult): Comparison[] {
  const labels = [...new Set(mc.intervals.map((r) => r.policy))];
  const groups: Group[] = [];
  for (const row of mc.intervals) {
    if (!groups.some((g) => sameGroup(g, row.group))) groups.push(row.group);
  }
  const has = (policy: string, group: Group) =>
    mc.replications.some((r) => r.policy === policy && sameGroup(r.group, group));
  const out: Comparison[] = [];
  for (const label of labels.slice(1)) {
    for (const group of groups) {
      if (!has(labels[0], group) || !has(label, group)) continue;
      const d = (metric: "customerCost" | "customerCostBps" | "payment" | "priceImprovementAll") =>
        pairedDifference(mc, metric, labels[0], label, group);
      out.push({
        policy: label,
        baseline: labels[0],
        group,
        customerCost: d("customerCost"),
        customerCostBps: d("customerCostBps"),
        payment: d("payment"),
        priceImprovementAll: d("priceImprovementAll"),
      });
    }
  }
  return out;
}

/**
 * The differences as lines of a table (a blank line and a title first;
 * nothing when there are none).
 *
 * @example
 * ```ts
 * import { differenceLines } from "./compare.ts";
 * const e = (mean: number) => ({ mean, low: mean - 1, high: mean + 1 });
 * const lines = differenceLines([{ policy: "cap", baseline: "scorecard", group: {}, customerCost: e(-10),
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
  const dims = Object.keys(comparisons[0].group) as (keyof Group)[];
  const rows = [["policy", ...dims, "customer cost ($)", "cost ($ per $10,000)", "payment ($)"]];
  for (const c of comparisons) {
    rows.push([
      c.policy,
      ...dims.map((d) => c.group[d] ?? ""),
      f(c.customerCost, 0),
      f(c.customerCostBps, 4),
      f(c.payment, 0),
    ]);
  }
  return [
    "",
    `Differences from ${comparisons[0].baseline}, paired on the same orders${
      dims.length ? ` (by ${dims.join(", ")})` : ""
    }:`,
    ...alignRows(rows),
  ];
}
