/**
 * Fitting the few parameters that cannot be observed directly to a small,
 * named set of published targets.
 *
 * The routine, in words:
 *
 * 1. **Structural inputs (closed form, `scripts/fit.ts`).** Each tier's
 *    information (`informedImpactHalfSpreads`) is its price impact over the
 *    quoted spread in Citadel Securities' December 2022 Rule 605 file
 *    (`data/calibration/cross-section.json`), divided by the informed share
 *    and the share of the move reached in five minutes.
 * 2. **Unobservables (simulated method of moments).** A few parameters (by
 *    default the market's scorecard sensitivity, which sets the wholesalers'
 *    competitive margins) are chosen to minimise
 *    `sum(((statistic - target) / sd)^2)` over the targets, where each
 *    statistic is measured on the simulated status quo and `sd` comes from the
 *    target's published interval (read as a 95% interval). Every candidate is
 *    simulated on the same seeds and orders (common random numbers): the
 *    objective is a deterministic function of the parameters, and differences
 *    between candidates are not noise. The minimiser is Nelder-Mead on the
 *    parameters rescaled to [0, 1] within their bounds.
 * 3. **Uncertainty.** The statistics' derivatives at the optimum (central
 *    differences, on the same seeds) map the targets' standard deviations into
 *    the parameters' (the delta method); `low` and `high` are the estimate
 *    plus or minus 1.96 of those, within the bounds.
 *
 * The statistics are computed from the day's per-order columns, the way Rule
 * 605 computes them (share weighted); see {@linkcode FIT_STATISTICS}.
 *
 * @module
 */
import {
  type Calibration,
  calibrationPolicies,
  calibrationScenario,
  withValues,
} from "./calibration.ts";
import { runPolicy } from "../sim/simulate.ts";
import type { DayResult } from "../sim/simulate.ts";
import { WHOLESALER } from "../sim/venues.ts";
import { WorldCache } from "../runs/worlds.ts";
import { MARKET } from "../sim/flow.ts";

/** A statistic of a simulated day. */
export type DayStatistic = (day: DayResult) => number;

/**
 * Effective over quoted spread (share weighted) of market orders of 100 to
 * 499 shares executed by wholesalers: the statistic of Citadel Securities'
 * December 2022 Rule 605 file in `../shared` (and of the E/Q wholesalers and
 * brokers publish from their legacy Rule 605 reports).
 *
 * @example
 * ```ts
 * import { wholesaleMarketEq } from "./fit.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "max-payment" }, { orders: 3000, seed: 1 });
 * const eq = wholesaleMarketEq(day);
 * if (!(eq > 0 && eq < 1)) throw new Error(String(eq));
 * ```
 */
export function wholesaleMarketEq(day: DayResult): number {
  const { orders: o, outcomes: r, venues } = day;
  let effective = 0, quoted = 0;
  for (let i = 0; i < o.count; i++) {
    const f = r.filled[i];
    if (o.type[i] !== MARKET || f === 0 || o.size[i] < 100 || o.size[i] > 499) continue;
    if (venues.kind[r.execVenue[i]] !== WHOLESALER) continue;
    effective += f * 2 * o.side[i] * (r.price[i] - r.arrivalMid[i]);
    quoted += f * r.arrivalSpread[i];
  }
  return quoted > 0 ? effective / quoted : NaN;
}

/**
 * Half the effective spread, bps of the midpoint (share weighted), of S&P 500
 * market orders of 100 to 499 shares executed by wholesalers in stocks priced
 * at `minPrice` or more: the statistic of the megacap rows of wholesalers'
 * Rule 605 reports.
 *
 * @example
 * ```ts
 * import { largeCapHalfEffectiveBps } from "./fit.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "max-payment" }, { orders: 5000, seed: 1 });
 * const bps = largeCapHalfEffectiveBps(day);
 * if (!(bps > 0 && bps < 5)) throw new Error(String(bps));
 * ```
 */
export function largeCapHalfEffectiveBps(day: DayResult, minPrice = 100): number {
  const { orders: o, outcomes: r, venues, universe } = day;
  let sum = 0, shares = 0;
  for (let i = 0; i < o.count; i++) {
    const f = r.filled[i];
    if (o.type[i] !== MARKET || f === 0 || o.size[i] < 100 || o.size[i] > 499) continue;
    if (universe.tier[o.security[i]] !== 0 || r.arrivalMid[i] < minPrice) continue;
    if (venues.kind[r.execVenue[i]] !== WHOLESALER) continue;
    sum += f * o.side[i] * (r.price[i] - r.arrivalMid[i]) / r.arrivalMid[i] * 1e4;
    shares += f;
  }
  return shares > 0 ? sum / shares : NaN;
}

/** The statistics fit targets may name, by id. */
export const FIT_STATISTICS: Record<string, DayStatistic> = {
  wholesaleMarketEq,
  largeCapHalfEffectiveBps,
};

/** A published target: a statistic of the simulated status quo and its value. */
export interface FitTarget {
  /** Identifier. */
  id: string;
  /** Name of the statistic in {@linkcode FIT_STATISTICS}. */
  statistic: string;
  /** Published value. */
  value: number;
  /** Lower end of the published interval. */
  low: number;
  /** Upper end of the published interval. */
  high: number;
}

/** A parameter to fit: one value written to one or more paths of the calibration. */
export interface FitParameter {
  /** Name. */
  name: string;
  /** Dot paths in the calibration (all set to the same value). */
  paths: string[];
  /** Smallest value searched. */
  min: number;
  /** Largest value searched. */
  max: number;
  /** Where the search starts (fixed, so that a re-run reproduces the fit exactly). */
  start: number;
}

/**
 * The unobservable fitted by default: the market's scorecard sensitivity,
 * which sets the wholesalers' competitive margins (`lib/competition.ts`).
 *
 * @example
 * ```ts
 * import { defaultFitParameters } from "./fit.ts";
 * import { loadCalibration } from "./calibration.ts";
 * const [beta] = defaultFitParameters(loadCalibration());
 * if (beta.paths[0] !== "scenario.broker.scorecardSensitivity") throw new Error();
 * ```
 */
export function defaultFitParameters(_cal: Calibration): FitParameter[] {
  return [{
    name: "scorecardSensitivity",
    paths: ["scenario.broker.scorecardSensitivity"],
    min: 2,
    max: 80,
    start: 13,
  }];
}

/** Options of a fit. */
export interface FitOptions {
  /** Orders per simulated day. */
  orders: number;
  /** Seeds of the days every candidate is simulated on. */
  seeds: number[];
  /** Targets. */
  targets: FitTarget[];
  /** Parameters (default {@linkcode defaultFitParameters}). */
  parameters?: FitParameter[];
  /** Largest number of objective evaluations of the minimiser (default 60). */
  maxEvaluations?: number;
  /** Shared quotes and orders (one is made when absent). */
  cache?: WorldCache;
}

/** The result of a fit. */
export interface FitResult {
  /** Fitted values, by parameter name. */
  values: Record<string, number>;
  /** Lower ends (delta method, 95%), by parameter name. */
  low: Record<string, number>;
  /** Upper ends, by parameter name. */
  high: Record<string, number>;
  /** Each target's statistic at the fitted values. */
  fitted: Record<string, number>;
  /** The objective at the fitted values. */
  objective: number;
  /** Objective evaluations used. */
  evaluations: number;
}

const sdOf = (t: FitTarget) => (t.high - t.low) / (2 * 1.96);

/**
 * The targets' statistics for the calibration with `values` (by parameter
 * name), averaged over the seeds' days of the status quo.
 *
 * @example
 * ```ts
 * import { defaultFitParameters, fitStatistics } from "./fit.ts";
 * import { loadCalibration } from "./calibration.ts";
 * const cal = loadCalibration();
 * const targets = [{ id: "eq", statistic: "wholesaleMarketEq", value: 0.43, low: 0.41, high: 0.45 }];
 * const s = fitStatistics(cal, defaultFitParameters(cal), { scorecardSensitivity: 20 },
 *   targets, { orders: 2000, seeds: [1] });
 * if (!(s.eq > 0 && s.eq < 1)) throw new Error();
 * ```
 */
export function fitStatistics(
  cal: Calibration,
  parameters: FitParameter[],
  values: Record<string, number>,
  targets: FitTarget[],
  options: { orders: number; seeds: number[]; cache?: WorldCache },
): Record<string, number> {
  const assignment: Record<string, number> = {};
  for (const p of parameters) for (const path of p.paths) assignment[path] = values[p.name];
  const scenario = calibrationScenario(withValues(cal, assignment, true));
  const cache = options.cache ?? new WorldCache();
  const policy = calibrationPolicies(cal).statusQuo;
  const sums: Record<string, number> = Object.fromEntries(targets.map((t) => [t.id, 0]));
  for (const seed of options.seeds) {
    const day = runPolicy(cache.world(scenario, { orders: options.orders, seed }), policy);
    for (const t of targets) {
      const f = FIT_STATISTICS[t.statistic];
      if (!f) throw new RangeError(`target ${t.id}: unknown statistic "${t.statistic}"`);
      sums[t.id] += f(day) / options.seeds.length;
    }
  }
  return sums;
}

/**
 * Nelder-Mead minimisation of `f` over the unit cube (points are clamped to
 * [0, 1] in every coordinate), from `start`, for at most `maxEvaluations`.
 *
 * @example
 * ```ts
 * import { nelderMead } from "./fit.ts";
 * const r = nelderMead((x) => (x[0] - 0.3) ** 2 + (x[1] - 0.7) ** 2, [0.5, 0.5], 200);
 * if (Math.abs(r.x[0] - 0.3) > 1e-3 || Math.abs(r.x[1] - 0.7) > 1e-3) throw new Error(String(r.x));
 * ```
 */
export function nelderMead(
  f: (x: number[]) => number,
  start: number[],
  maxEvaluations: number,
  step = 0.1,
): { x: number[]; value: number; evaluations: number } {
  const n = start.length;
  const clamp = (x: number[]) => x.map((v) => (v < 0 ? 0 : v > 1 ? 1 : v));
  let evaluations = 0;
  const evaluate = (x: number[]) => {
    evaluations++;
    return f(x);
  };
  let simplex = [clamp(start)];
  for (let i = 0; i < n; i++) {
    const x = [...start];
    x[i] = x[i] + step <= 1 ? x[i] + step : x[i] - step;
    simplex.push(clamp(x));
  }
  let values = simplex.map(evaluate);
  while (evaluations < maxEvaluations) {
    const order = values.map((v, i) => [v, i]).sort((a, b) => a[0] - b[0]).map((p) => p[1]);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    const spread = Math.max(
      ...simplex.slice(1).map((x) => Math.max(...x.map((v, j) => Math.abs(v - simplex[0][j])))),
    );
    if (spread < 1e-4 || values[n] - values[0] < 1e-10) break;
    const centroid = Array.from(
      { length: n },
      (_, j) => simplex.slice(0, n).reduce((s, x) => s + x[j], 0) / n,
    );
    const along = (t: number) => clamp(centroid.map((c, j) => c + t * (simplex[n][j] - c)));
    const reflected = along(-1);
    const fr = evaluate(reflected);
    if (fr < values[0]) {
      const expanded = along(-2);
      const fe = evaluate(expanded);
      if (fe < fr) [simplex[n], values[n]] = [expanded, fe];
      else [simplex[n], values[n]] = [reflected, fr];
    } else if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < values[n] ? along(-0.5) : along(0.5);
      const fc = evaluate(contracted);
      if (fc < Math.min(fr, values[n])) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = clamp(simplex[i].map((v, j) => simplex[0][j] + 0.5 * (v - simplex[0][j])));
          values[i] = evaluate(simplex[i]);
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return { x: simplex[best], value: values[best], evaluations };
}

/**
 * Fits the parameters to the targets on common random numbers (see the
 * module doc), starting from each parameter's fixed `start`.
 *
 * @example
 * ```ts
 * import { defaultFitParameters, fitStatistics, fitUnobservables } from "./fit.ts";
 * import { loadCalibration } from "./calibration.ts";
 * const cal = loadCalibration();
 * const [beta] = defaultFitParameters(cal);
 * const opts = { orders: 2000, seeds: [1] };
 * // Data from the model itself with a known scorecard sensitivity of 20, then recover it.
 * const t0 = { id: "eq", statistic: "wholesaleMarketEq", value: 0, low: 0, high: 0.04 };
 * t0.value = fitStatistics(cal, [beta], { scorecardSensitivity: 20 }, [t0], opts).eq;
 * const r = fitUnobservables(cal, { ...opts, targets: [t0], parameters: [beta], maxEvaluations: 30 });
 * if (Math.abs(r.values.scorecardSensitivity - 20) > 2) throw new Error(JSON.stringify(r.values));
 * ```
 */
export function fitUnobservables(cal: Calibration, options: FitOptions): FitResult {
  const parameters = options.parameters ?? defaultFitParameters(cal);
  const cache = options.cache ?? new WorldCache();
  const { targets } = options;
  const toValues = (u: number[]) =>
    Object.fromEntries(parameters.map((p, i) => [p.name, p.min + u[i] * (p.max - p.min)]));
  const stats = (values: Record<string, number>) =>
    fitStatistics(cal, parameters, values, targets, { ...options, cache });
  const objective = (s: Record<string, number>) =>
    targets.reduce((sum, t) => sum + ((s[t.id] - t.value) / sdOf(t)) ** 2, 0);
  const start = parameters.map((p) =>
    Math.min(1, Math.max(0, (p.start - p.min) / (p.max - p.min)))
  );
  const nm = nelderMead(
    (u) => {
      const v = objective(stats(toValues(u)));
      return Number.isFinite(v) ? v : 1e12;
    },
    start,
    options.maxEvaluations ?? 60,
  );
  const values = toValues(nm.x);
  const fitted = stats(values);

  // Delta method: derivatives of the statistics by central differences.
  const k = parameters.length;
  const jac: number[][] = targets.map(() => new Array(k).fill(0));
  parameters.forEach((p, j) => {
    const h = 0.02 * (p.max - p.min);
    const up = stats({ ...values, [p.name]: Math.min(p.max, values[p.name] + h) });
    const down = stats({ ...values, [p.name]: Math.max(p.min, values[p.name] - h) });
    const width = Math.min(p.max, values[p.name] + h) - Math.max(p.min, values[p.name] - h);
    targets.forEach((t, i) => (jac[i][j] = (up[t.id] - down[t.id]) / width));
  });
  const info = Array.from({ length: k }, (_, a) =>
    Array.from(
      { length: k },
      (_, b) => targets.reduce((s, t, i) => s + jac[i][a] * jac[i][b] / sdOf(t) ** 2, 0),
    ));
  const cov = invert(info);
  const low: Record<string, number> = {};
  const high: Record<string, number> = {};
  parameters.forEach((p, j) => {
    const sd = cov ? Math.sqrt(Math.max(0, cov[j][j])) : NaN;
    const half = Number.isFinite(sd) ? 1.96 * sd : (p.max - p.min) / 2;
    low[p.name] = Math.max(p.min, values[p.name] - half);
    high[p.name] = Math.min(p.max, values[p.name] + half);
  });
  return {
    values,
    low,
    high,
    fitted,
    objective: objective(fitted),
    evaluations: nm.evaluations + 2 * k + 1,
  };
}

/** The inverse of a small square matrix (Gauss-Jordan), or null if singular. */
function invert(m: number[][]): number[][] | null {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    if (Math.abs(a[p][c]) < 1e-300) return null;
    [a[c], a[p]] = [a[p], a[c]];
    const d = a[c][c];
    for (let j = 0; j < 2 * n; j++) a[c][j] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r][c];
      for (let j = 0; j < 2 * n; j++) a[r][j] -= f * a[c][j];
    }
  }
  return a.map((row) => row.slice(n));
}
