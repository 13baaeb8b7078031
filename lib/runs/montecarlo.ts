/**
 * Monte Carlo: R replications on independent streams (a new market and a new
 * day of orders each), every policy on the same world within a replication
 * (common random numbers), and for every metric the mean and a 95% interval
 * across replications (Student's t).
 *
 * @module
 */
import type { PolicyInput } from "../sim/routing.ts";
import { parsePolicy, policyLabel } from "../sim/routing.ts";
import {
  type Dimension,
  METRIC_NAMES,
  type Metrics,
  type MetricsAccumulator,
} from "../analysis/metrics.ts";
import { brokerPolicy, runPolicy, simulateChunked, type World } from "../sim/simulate.ts";
import type { Scenario } from "../sim/scenario.ts";
import { inverseNormalCdf } from "../sim/random.ts";
import { type Chunk, chunkedMetrics } from "./chunks.ts";

/** Options of a Monte Carlo run. */
export interface MonteCarloOptions {
  /** Orders per replication. */
  orders: number;
  /** Seed of all streams. */
  seed: number;
  /** Number of replications (at least 2 for an interval). */
  replications: number;
  /** Grouping of the metrics (empty: one total row per policy). */
  by?: Dimension[];
  /** Order types to keep (codes; default all). */
  types?: readonly number[];
  /**
   * Builds the world of a replication (default: a synthetic world of the
   * scenario); a market of real quotes plugs in here.
   */
  world?: (replication: number) => World;
  /**
   * Orders per chunk of a synthetic world (default 1,000,000): memory stays
   * bounded by it whatever `orders`; the sums do not depend on it.
   */
  chunkSize?: number;
  /** Called after each chunk of each replication (synthetic worlds). */
  onProgress?: (p: MonteCarloProgress) => void;
  /**
   * Sees each policy's chunk of each replication (synthetic worlds), for
   * statistics beyond the metric sums (kept as sums, not chunks).
   */
  onChunk?: (chunk: Chunk) => void;
}

/** Progress of a Monte Carlo run. */
export interface MonteCarloProgress {
  /** The replication running (0-based). */
  replication: number;
  /** Replications in the run. */
  replications: number;
  /** Orders done in this replication. */
  ordersDone: number;
  /** Orders per replication. */
  orders: number;
}

/** One metric of one group under one policy: mean and 95% interval. */
export interface IntervalRow {
  /** Policy label. */
  policy: string;
  /** Group keys (venue, type, sizeBucket, tier) when grouped. */
  group: Group;
  /** Metric name. */
  metric: keyof Metrics;
  /** Mean across replications. */
  mean: number;
  /** Lower end of the 95% interval. */
  low: number;
  /** Upper end of the 95% interval. */
  high: number;
  /** Standard deviation across replications. */
  sd: number;
  /** Replications with a finite value. */
  replications: number;
}

/** What one replication gave: a metrics row per policy and group. */
export interface ReplicationRow {
  /** Policy label. */
  policy: string;
  /** Replication number. */
  replication: number;
  /** Group keys. */
  group: Group;
  /** The metrics. */
  metrics: Metrics;
}

/** Result of a Monte Carlo run. */
export interface MonteCarloResult {
  /** Mean and interval of every metric, policy and group. */
  intervals: IntervalRow[];
  /** Every replication's rows, for custom statistics (such as a conflict ratio). */
  replications: ReplicationRow[];
}

/**
 * The `p` quantile of Student's t with `df` degrees of freedom (exact for 1
 * and 2; G. W. Hill's Algorithm 396, CACM 1970, otherwise, with an absolute
 * error below 1e-3 at the 97.5% point).
 *
 * @example
 * ```ts
 * import { studentTQuantile } from "./montecarlo.ts";
 * if (Math.abs(studentTQuantile(0.975, 9) - 2.262157) > 1e-4) throw new Error();
 * ```
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(df >= 1)) throw new RangeError(`df: expected at least 1, got ${df}`);
  if (!(p > 0 && p < 1)) throw new RangeError(`p: expected a probability in (0, 1), got ${p}`);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (p === 0.5) return 0;
  const n = df;
  const P = 2 * (1 - p); // two-tailed probability
  if (n === 1) return Math.tan(Math.PI * (p - 0.5));
  if (n === 2) return Math.sqrt(2 / (P * (2 - P)) - 2);
  const a = 1 / (n - 0.5);
  const b = 48 / (a * a);
  let c = ((20700 * a / b - 98) * a - 16) * a + 96.36;
  const d = ((94.5 / (b + c) - 3) / b + 1) * Math.sqrt(a * Math.PI / 2) * n;
  let x = d * P;
  let y = Math.pow(x, 2 / n);
  if (y > 0.05 + a) {
    x = inverseNormalCdf(1 - P / 2);
    y = x * x;
    if (n < 5) c += 0.3 * (n - 4.5) * (x + 0.6);
    c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c;
    y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x;
    y = a * y * y;
    y = y > 0.002 ? Math.exp(y) - 1 : 0.5 * y * y + y;
  } else {
    y = ((1 / (((n + 6) / (n * y) - 0.089 * d - 0.822) * (n + 2) * 3) + 0.5 / (n + 4)) * y - 1) *
        (n + 1) / (n + 2) + 1 / y;
  }
  return Math.sqrt(n * y);
}

/**
 * Mean, standard deviation and 95% interval of `values` (non-finite values
 * are left out and counted out of `n`).
 *
 * @example
 * ```ts
 * import { meanInterval } from "./montecarlo.ts";
 * const m = meanInterval([1, 2, 3, 4]);
 * if (m.mean !== 2.5 || !(m.low < 2.5 && m.high > 2.5)) throw new Error();
 * ```
 */
export function meanInterval(
  values: number[],
): { mean: number; sd: number; low: number; high: number; n: number } {
  const xs = values.filter(Number.isFinite);
  const n = xs.length;
  if (n === 0) return { mean: NaN, sd: NaN, low: NaN, high: NaN, n };
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  if (n === 1) return { mean, sd: NaN, low: NaN, high: NaN, n };
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const half = studentTQuantile(0.975, n - 1) * sd / Math.sqrt(n);
  return { mean, sd, low: mean - half, high: mean + half, n };
}

/**
 * Runs every policy over `replications` independent worlds. Synthetic worlds
 * run in chunks ({@linkcode MonteCarloOptions.chunkSize}), so memory does not
 * grow with `orders`; a world given by `options.world` runs whole.
 *
 * @example
 * ```ts
 * import { monteCarlo } from "./montecarlo.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const mc = monteCarlo(defaultScenario(), [{ kind: "best-execution" }, { kind: "max-payment" }],
 *   { orders: 2000, seed: 1, replications: 3 });
 * const row = mc.intervals.find((r) => r.policy === "max-payment" && r.metric === "payment")!;
 * if (!(row.low <= row.mean && row.mean <= row.high)) throw new Error();
 * ```
 */
export function monteCarlo(
  scenario: Scenario,
  policies: PolicyInput[],
  options: MonteCarloOptions,
): MonteCarloResult {
  const { replications } = options;
  if (!Number.isInteger(replications) || replications < 1) {
    throw new RangeError(`replications: expected a positive integer, got ${replications}`);
  }
  const labels = policies.map((p) => policyLabel(parsePolicy(p)));
  const duplicate = labels.find((l, i) => labels.indexOf(l) !== i);
  if (duplicate) {
    throw new RangeError(
      `policies: two policies share the label "${duplicate}"; give one a distinct \`label\``,
    );
  }
  const rows: ReplicationRow[] = [];
  const applied = options.world ? [] : policies.map((p) => brokerPolicy(scenario, p));
  for (let r = 0; r < replications; r++) {
    if (options.world) {
      const world = options.world(r);
      for (const p of policies) {
        const day = runPolicy(world, p);
        rows.push(
          ...replicationRows(policyLabel(day.policy), r, day.metrics, options.by, options.types),
        );
      }
      continue;
    }
    const chunked = {
      orders: options.orders,
      seed: options.seed,
      replication: r,
      chunkSize: options.chunkSize,
      onProgress: options.onProgress &&
        ((ordersDone: number, orders: number) =>
          options.onProgress!({ replication: r, replications, ordersDone, orders })),
    };
    // Without a visitor, the fused pass (no per-order columns) gives the same sums faster.
    const accs = options.onChunk
      ? chunkedMetrics(scenario, applied, chunked, options.onChunk)
      : simulateChunked(scenario, applied, chunked);
    accs.forEach((acc, p) =>
      rows.push(...replicationRows(policyLabel(applied[p]), r, acc, options.by, options.types))
    );
  }
  return { intervals: intervalsOf(rows), replications: rows };
}

/**
 * One policy's rows of one replication: its accumulated metrics summarised by
 * the dimensions `by` (none: one total row), keeping the order types `types`.
 *
 * @example
 * ```ts
 * import { replicationRows } from "./montecarlo.ts";
 * import { buildWorld, runPolicy } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = runPolicy(buildWorld(defaultScenario(), { orders: 500, seed: 1 }), {
 *   kind: "best-execution",
 * });
 * const [total] = replicationRows("best", 0, day.metrics);
 * if (total.metrics.orders !== 500 || Object.keys(total.group).length !== 0) throw new Error();
 * const byVenue = replicationRows("best", 0, day.metrics, ["venue"]);
 * if (!byVenue.every((r) => typeof r.group.venue === "string")) throw new Error();
 * ```
 */
export function replicationRows(
  policy: string,
  replication: number,
  metrics: MetricsAccumulator,
  by: Dimension[] = [],
  types?: readonly number[],
): ReplicationRow[] {
  return metrics.summarize(by, { types }).map((row) => {
    const group: Group = {};
    for (const d of by) group[d] = row[d];
    return { policy, replication, group, metrics: row };
  });
}

/**
 * Mean and 95% interval of every metric, per policy and group, from
 * replication rows.
 *
 * @example
 * ```ts
 * import { intervalsOf } from "./montecarlo.ts";
 * import { deriveMetrics, STATS } from "../analysis/metrics.ts";
 * const day = (orders: number) => {
 *   const s = new Float64Array(STATS.length);
 *   s[0] = orders;
 *   return deriveMetrics(s);
 * };
 * const rows = [2, 4, 6].map((n, r) => ({ policy: "p", replication: r, group: {}, metrics: day(n) }));
 * const orders = intervalsOf(rows).find((x) => x.metric === "orders")!;
 * if (orders.mean !== 4 || orders.sd !== 2 || orders.replications !== 3) throw new Error();
 * ```
 */
export function intervalsOf(rows: ReplicationRow[]): IntervalRow[] {
  const buckets = new Map<string, ReplicationRow[]>();
  for (const row of rows) {
    const key = JSON.stringify([row.policy, row.group]);
    const list = buckets.get(key);
    if (list) list.push(row);
    else buckets.set(key, [row]);
  }
  const intervals: IntervalRow[] = [];
  for (const list of buckets.values()) {
    for (const metric of METRIC_NAMES) {
      const m = meanInterval(list.map((r) => r.metrics[metric]));
      intervals.push({
        policy: list[0].policy,
        group: list[0].group,
        metric,
        mean: m.mean,
        low: m.low,
        high: m.high,
        sd: m.sd,
        replications: m.n,
      });
    }
  }
  return intervals;
}

/** A mean with its 95% interval. */
export interface Estimate {
  /** Mean across replications. */
  mean: number;
  /** Lower end of the 95% interval. */
  low: number;
  /** Upper end of the 95% interval. */
  high: number;
}

/** A group of a grouped run, such as `{ sizeBucket: "100-499" }` (empty: ungrouped). */
export type Group = Partial<Record<Dimension, string>>;

/**
 * Whether two groups name the same cell: the same dimensions with the same
 * values (`{}` is the ungrouped total, equal only to itself).
 *
 * @example
 * ```ts
 * import { sameGroup } from "./montecarlo.ts";
 * if (!sameGroup({ venue: "WH-A", tier: "sp500" }, { tier: "sp500", venue: "WH-A" })) throw new Error();
 * if (sameGroup({}, { venue: "WH-A" }) || sameGroup({ venue: "WH-A" }, { venue: "WH-B" })) {
 *   throw new Error();
 * }
 * ```
 */
export function sameGroup(a: Group, b: Group): boolean {
  const keys = Object.keys(a) as Dimension[];
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/**
 * A statistic of one policy's metrics (a metric's name, or any function of the
 * metrics), replication by replication, for every replication of the run in
 * increasing order. The one rule for a missing replication (a group with no
 * orders that day): its value is NaN, which {@linkcode meanInterval} leaves out,
 * so a paired difference taken index by index leaves out the replications
 * missing on either side. Throws when the policy has no row in the group at all.
 *
 * @example
 * ```ts
 * import { replicationValues } from "./montecarlo.ts";
 * import { deriveMetrics, STATS } from "../analysis/metrics.ts";
 * const day = (orders: number) => {
 *   const s = new Float64Array(STATS.length);
 *   s[0] = orders;
 *   return deriveMetrics(s);
 * };
 * const replications = [
 *   { policy: "p", replication: 1, group: { venue: "WH-A" }, metrics: day(7) },
 *   { policy: "p", replication: 0, group: {}, metrics: day(5) },
 *   { policy: "p", replication: 1, group: {}, metrics: day(6) },
 * ];
 * const mc = { intervals: [], replications };
 * const a = replicationValues(mc, "p", "orders", { venue: "WH-A" });
 * if (!Number.isNaN(a[0]) || a[1] !== 7) throw new Error(); // replication 0 has no WH-A row
 * if (replicationValues(mc, "p", (m) => 2 * m.orders).join() !== "10,12") throw new Error();
 * ```
 */
export function replicationValues(
  result: MonteCarloResult,
  policy: string,
  statistic: keyof Metrics | ((m: Metrics) => number),
  group: Group = {},
): number[] {
  const f = typeof statistic === "function" ? statistic : (m: Metrics) => m[statistic];
  const byReplication = new Map<number, number>();
  for (const r of result.replications) {
    if (r.policy === policy && sameGroup(r.group, group)) {
      byReplication.set(r.replication, f(r.metrics));
    }
  }
  if (byReplication.size === 0) {
    const known = [...new Set(result.replications.map((r) => r.policy))].join(", ");
    const where = Object.keys(group).length ? `group ${JSON.stringify(group)}` : "the totals";
    throw new RangeError(`policy: no results for "${policy}" in ${where} (known: ${known})`);
  }
  const reps = [...new Set(result.replications.map((r) => r.replication))].sort((x, y) => x - y);
  return reps.map((k) => byReplication.get(k) ?? NaN);
}

/**
 * The paired difference `alternative - baseline` of a metric, replication by
 * replication (both policies ran on the same worlds), with its 95% interval.
 *
 * @example
 * ```ts
 * import { monteCarlo, pairedDifference } from "./montecarlo.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const mc = monteCarlo(defaultScenario(), [{ kind: "ban" }, { kind: "scorecard" }],
 *   { orders: 3000, seed: 1, replications: 3, types: [0, 1] });
 * const d = pairedDifference(mc, "payment", "ban", "scorecard");
 * if (!(d.mean > 0)) throw new Error();
 * ```
 */
export function pairedDifference(
  result: MonteCarloResult,
  metric: keyof Metrics,
  baseline: string,
  alternative: string,
  group: Group = {},
): Estimate {
  const a = replicationValues(result, baseline, metric, group);
  const b = replicationValues(result, alternative, metric, group);
  const { mean, low, high } = meanInterval(b.map((x, i) => x - a[i]));
  return { mean, low, high };
}

/**
 * The conflict ratio of moving from `baseline` to `alternative` routing: the
 * broker's extra payment per dollar of extra customer cost, computed per
 * replication and averaged, with the two differences themselves.
 *
 * @example
 * ```ts
 * import { conflictRatio, monteCarlo } from "./montecarlo.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const mc = monteCarlo(defaultScenario(), [{ kind: "ban" }, { kind: "scorecard" }],
 *   { orders: 3000, seed: 1, replications: 3, types: [0, 1] });
 * const c = conflictRatio(mc, "ban", "scorecard");
 * if (!(c.ratio.mean > 0 && c.extraCost.mean > 0)) throw new Error();
 * ```
 */
export function conflictRatio(
  result: MonteCarloResult,
  baseline: string,
  alternative: string,
): { ratio: Estimate; extraCost: Estimate; extraRevenue: Estimate } {
  const cost0 = replicationValues(result, baseline, "customerCost");
  const cost1 = replicationValues(result, alternative, "customerCost");
  const pay0 = replicationValues(result, baseline, "payment");
  const pay1 = replicationValues(result, alternative, "payment");
  const ratio = meanInterval(pay1.map((p, i) => (p - pay0[i]) / (cost1[i] - cost0[i])));
  return {
    ratio: { mean: ratio.mean, low: ratio.low, high: ratio.high },
    extraCost: pairedDifference(result, "customerCost", baseline, alternative),
    extraRevenue: pairedDifference(result, "payment", baseline, alternative),
  };
}

/**
 * The interval row of one policy and metric (of one group, or ungrouped).
 *
 * @example
 * ```ts
 * import { estimate, monteCarlo } from "./montecarlo.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const mc = monteCarlo(defaultScenario(), [{ kind: "best-execution" }],
 *   { orders: 1000, seed: 1, replications: 2 });
 * if (!(estimate(mc, "best-execution", "fillRate").mean > 0)) throw new Error();
 * ```
 */
export function estimate(
  result: MonteCarloResult,
  policy: string,
  metric: keyof Metrics,
  group: Group = {},
): IntervalRow {
  const row = result.intervals.find((r) =>
    r.policy === policy && r.metric === metric && sameGroup(r.group, group)
  );
  if (!row) {
    throw new RangeError(
      `no result for policy "${policy}", metric "${metric}", group ${JSON.stringify(group)}`,
    );
  }
  return row;
}
