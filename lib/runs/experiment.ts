/**
 * Experiments: several _arms_ (a routing policy, optionally on a variant of
 * the scenario) run on the same simulated days, each day's quotes built once.
 *
 * {@linkcode monteCarlo} rebuilds nothing it can share either, but it keeps
 * only one grouping of the metrics and every policy must use the same
 * scenario. An experiment keeps each arm's metric accumulators day by day,
 * so one run can be summarised any way afterwards (totals, by venue, by size
 * bucket, for some order types), with 95% intervals across days in the shape
 * {@linkcode monteCarlo} returns (so {@linkcode estimate},
 * {@linkcode conflictRatio}, {@linkcode pairedDifference} and `showIntervals`
 * work on it), or merged into one report over all the days (a month for
 * Rule 605).
 *
 * An arm may run on a variant of the scenario whose venues, broker or flow
 * differ (other payment tables, an affiliated venue the broker may use,
 * limit orders further from the quote), but whose universe is the same: the
 * variant then shares the day's quotes, and gets its own orders only when
 * its flow differs. Because every draw is a pure function of (seed, stream,
 * counter), a variant arm gives exactly what a fresh simulation of the
 * variant scenario gives, at a fraction of the cost (building a day's quotes
 * is most of the work of a small day).
 *
 * @module
 */
import { buildWorld, type DayResult, runPolicy, type World } from "../sim/simulate.ts";
import { generateOrders, type Orders } from "../sim/flow.ts";
import { type VenueTable, venueTable } from "../sim/venues.ts";
import { parsePolicy, type PolicyInput, policyLabel } from "../sim/routing.ts";
import { type Dimension, type Metrics, MetricsAccumulator } from "../analysis/metrics.ts";
import {
  type Estimate,
  type Group,
  intervalsOf,
  meanInterval,
  type MonteCarloResult,
  type ReplicationRow,
  replicationRows,
  replicationValues,
} from "./montecarlo.ts";
import { parseScenario, type Scenario } from "../sim/scenario.ts";

/** One arm of an experiment. */
export interface Arm {
  /** The routing policy (its `venues`, if absent, are the arm's broker's). */
  policy: PolicyInput;
  /** Label in results (default: the policy's label). Labels must be unique. */
  label?: string;
  /**
   * A variant of the experiment's scenario for this arm: venues, broker and
   * flow may differ, the universe may not (the days' quotes are shared).
   */
  scenario?: Scenario;
  /** Run the arm on the first `days` days only (default: every day). */
  days?: number;
}

/** How much to simulate. */
export interface ExperimentOptions {
  /** Retail orders per simulated day. */
  orders: number;
  /** Seed of all random streams. */
  seed: number;
  /** Simulated days (replications `0 .. days - 1`). */
  days: number;
  /** Called with every arm's full day (per-order columns) before it is dropped. */
  inspect?: (label: string, result: DayResult) => void;
}

/** What an experiment keeps: each arm's metric sums, day by day. */
export interface Experiment {
  /** Arm labels, in the order given. */
  labels: string[];
  /** `metrics[arm][day]`: the arm's accumulator for that day. */
  metrics: MetricsAccumulator[][];
}

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name}: expected an integer of at least ${min}, got ${value}`);
  }
}

/**
 * Runs every arm on the same simulated days.
 *
 * @example
 * ```ts
 * import { runExperiment, scalePayments } from "./experiment.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const s = defaultScenario();
 * const exp = runExperiment(s, [
 *   { policy: { kind: "best-execution" } },
 *   { policy: { kind: "max-payment" }, label: "max-payment, double payments", scenario: scalePayments(s, 2) },
 * ], { orders: 1000, seed: 1, days: 2 });
 * if (exp.labels[0] !== "best-execution" || exp.metrics[1].length !== 2) throw new Error();
 * ```
 */
export function runExperiment(
  scenario: Scenario,
  arms: Arm[],
  options: ExperimentOptions,
): Experiment {
  checkInteger("days", options.days, 1);
  checkInteger("orders", options.orders, 1);
  if (arms.length === 0) throw new RangeError("arms: expected at least one arm");
  const labels = arms.map((a, i) => {
    if (a.days !== undefined) checkInteger(`arms.${i}.days`, a.days, 1);
    return a.label ?? policyLabel(parsePolicy(a.policy, `arms.${i}.policy`));
  });
  labels.forEach((l, i) => {
    if (labels.indexOf(l) !== i) {
      throw new RangeError(`arms.${i}: duplicate label "${l}" (give the arm a label)`);
    }
  });
  const key = (x: unknown) => JSON.stringify(x);
  const universeKey = key(scenario.universe);
  const flowKey = key(scenario.flow);
  const venuesKey = key(scenario.venues);
  // Venue tables do not depend on the day: one per distinct venue list.
  const tables = new Map<string, VenueTable>();
  const plan = arms.map((a, i) => {
    const s = a.scenario ?? scenario;
    if (s !== scenario && key(s.universe) !== universeKey) {
      throw new RangeError(
        `arms.${i} ("${labels[i]}"): its scenario's universe differs from the experiment's; ` +
          "an arm may vary venues, broker and flow only",
      );
    }
    const vKey = s === scenario ? venuesKey : key(s.venues);
    if (vKey !== venuesKey && !tables.has(vKey)) tables.set(vKey, venueTable(s.venues));
    return {
      scenario: s,
      days: a.days ?? options.days,
      flowKey: s === scenario ? flowKey : key(s.flow),
      venues: vKey === venuesKey ? undefined : tables.get(vKey),
    };
  });
  const metrics: MetricsAccumulator[][] = arms.map(() => []);
  const days = Math.min(options.days, Math.max(...plan.map((p) => p.days)));
  for (let r = 0; r < days; r++) {
    const base = buildWorld(scenario, {
      orders: options.orders,
      seed: options.seed,
      replication: r,
    });
    const orders = new Map<string, Orders>([[flowKey, base.orders]]);
    arms.forEach((arm, i) => {
      const p = plan[i];
      if (r >= p.days) return;
      let world: World = base;
      if (p.scenario !== scenario) {
        let o = orders.get(p.flowKey);
        if (!o) {
          o = generateOrders(p.scenario.flow, base.universe, base.random, options.orders, r);
          orders.set(p.flowKey, o);
        }
        world = { ...base, scenario: p.scenario, orders: o, venues: p.venues ?? base.venues };
      }
      const day = runPolicy(world, arm.policy);
      options.inspect?.(labels[i], day);
      metrics[i].push(day.metrics);
    });
  }
  return { labels, metrics };
}

function armIndex(experiment: Experiment, label: string): number {
  const i = experiment.labels.indexOf(label);
  if (i < 0) {
    throw new RangeError(`label: no arm "${label}" (known: ${experiment.labels.join(", ")})`);
  }
  return i;
}

/**
 * One arm's days merged into one accumulator (a new one: the days are left
 * as they are), as a month of days is merged into one Rule 605 report.
 *
 * @example
 * ```ts
 * import { mergeDays, runExperiment } from "./experiment.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const exp = runExperiment(defaultScenario(), [{ policy: { kind: "max-payment" } }],
 *   { orders: 500, seed: 1, days: 3 });
 * if (mergeDays(exp, "max-payment").summarize([])[0].orders !== 1500) throw new Error();
 * ```
 */
export function mergeDays(experiment: Experiment, label: string): MetricsAccumulator {
  const days = experiment.metrics[armIndex(experiment, label)];
  const out = new MetricsAccumulator(days[0].venueIds);
  for (const d of days) out.merge(d);
  return out;
}

/**
 * Means and 95% intervals across days of every metric, arm and group (the
 * shape {@linkcode monteCarlo} returns; arm labels stand for policies).
 *
 * @example
 * ```ts
 * import { experimentIntervals, runExperiment } from "./experiment.ts";
 * import { estimate } from "./montecarlo.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const exp = runExperiment(defaultScenario(), [{ policy: { kind: "max-payment" } }],
 *   { orders: 500, seed: 1, days: 3 });
 * const total = experimentIntervals(exp, { types: [0, 1] });
 * if (!(estimate(total, "max-payment", "payment").mean > 0)) throw new Error();
 * const byVenue = experimentIntervals(exp, { by: ["venue"] });
 * if (!byVenue.intervals.some((r) => r.group.venue === "WH-A")) throw new Error();
 * ```
 */
export function experimentIntervals(
  experiment: Experiment,
  options: { by?: Dimension[]; types?: readonly number[] } = {},
): MonteCarloResult {
  const rows: ReplicationRow[] = [];
  experiment.metrics.forEach((days, a) => {
    days.forEach((acc, r) => {
      rows.push(...replicationRows(experiment.labels[a], r, acc, options.by, options.types));
    });
  });
  return { intervals: intervalsOf(rows), replications: rows };
}

/**
 * A ratio of two summed metrics of one policy (and group), taken day by day
 * and averaged, with its 95% interval: such as the share of unfilled limit
 * orders the market traded through (`tradedThroughUnfilled` over
 * `unfilledOrders`) or the opportunity cost per order (`opportunityCost`
 * over `orders`). Days where the denominator is 0 are left out.
 *
 * @example
 * ```ts
 * import { experimentIntervals, ratioEstimate, runExperiment } from "./experiment.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const exp = runExperiment(defaultScenario(), [{ policy: { kind: "best-execution" } }],
 *   { orders: 800, seed: 1, days: 2 });
 * const res = experimentIntervals(exp, { types: [2] });
 * const share = ratioEstimate(res, "best-execution", "tradedThroughUnfilled", "unfilledOrders");
 * if (!(share.mean >= 0 && share.mean <= 1)) throw new Error();
 * ```
 */
export function ratioEstimate(
  result: MonteCarloResult,
  policy: string,
  numerator: keyof Metrics,
  denominator: keyof Metrics,
  group: Group = {},
): Estimate {
  const values = replicationValues(result, policy, (m) => m[numerator] / m[denominator], group);
  const m = meanInterval(values);
  return { mean: m.mean, low: m.low, high: m.high };
}

/**
 * The ratio of two paired differences between policies, day by day and
 * averaged, with its 95% interval: `(num[b] - num[a]) / (den[b] - den[a])`.
 * With `payment` over `customerCost` it is {@linkcode conflictRatio}'s
 * ratio; with `brokerGain` over `customerCost` it also counts what an
 * affiliated venue captures for the broker, which is not payment.
 *
 * @example
 * ```ts
 * import { differenceRatio, experimentIntervals, runExperiment } from "./experiment.ts";
 * import { conflictRatio } from "./montecarlo.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const exp = runExperiment(defaultScenario(),
 *   [{ policy: { kind: "best-execution" } }, { policy: { kind: "max-payment" } }],
 *   { orders: 2000, seed: 1, days: 3 });
 * const res = experimentIntervals(exp, { types: [0, 1] });
 * const r = differenceRatio(res, "best-execution", "max-payment", "payment", "customerCost");
 * if (Math.abs(r.mean - conflictRatio(res, "best-execution", "max-payment").ratio.mean) > 1e-12) {
 *   throw new Error();
 * }
 * ```
 */
export function differenceRatio(
  result: MonteCarloResult,
  baseline: string,
  alternative: string,
  numerator: keyof Metrics,
  denominator: keyof Metrics,
  group: Group = {},
): Estimate {
  const an = replicationValues(result, baseline, numerator, group);
  const ad = replicationValues(result, baseline, denominator, group);
  const bn = replicationValues(result, alternative, numerator, group);
  const bd = replicationValues(result, alternative, denominator, group);
  const values = bn.map((x, i) => (x - an[i]) / (bd[i] - ad[i]));
  const m = meanInterval(values);
  return { mean: m.mean, low: m.low, high: m.high };
}

/**
 * A copy of the scenario in which every wholesaler that pays for order flow
 * (all but the affiliated ones, or only those named in `ids`) pays `factor`
 * times its payment table; validated again (a payment above the schema's
 * $0.05 a share is rejected).
 *
 * @example
 * ```ts
 * import { scalePayments } from "./experiment.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const s = scalePayments(defaultScenario(), 0.5);
 * const a = s.venues.find((v) => v.id === "WH-A")!;
 * // The market's broker is paid 16 Cph, $0.0016 a share, for S&P 500 market orders by default.
 * if (a.kind !== "wholesaler" || Math.abs(a.paymentPerShare.sp500.market - 0.0008) > 1e-12) {
 *   throw new Error();
 * }
 * ```
 */
export function scalePayments(scenario: Scenario, factor: number, ids?: string[]): Scenario {
  if (!(Number.isFinite(factor) && factor >= 0)) {
    throw new RangeError(`factor: expected a finite number of at least 0, got ${factor}`);
  }
  const venues = scenario.venues.map((v) => {
    if (v.kind !== "wholesaler" || (ids ? !ids.includes(v.id) : v.affiliated)) return v;
    const table = Object.fromEntries(
      Object.entries(v.paymentPerShare).map(([tier, byType]) => [
        tier,
        Object.fromEntries(Object.entries(byType).map(([type, x]) => [type, x * factor])),
      ]),
    ) as typeof v.paymentPerShare;
    return { ...v, paymentPerShare: table };
  });
  return parseScenario({ ...scenario, venues }, `payments x${factor}`);
}
