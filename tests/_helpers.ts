// Shared helpers of the test suite (not a test file: no `_test` suffix).
import assert from "node:assert/strict";
import { defaultScenario, parseScenario, type Scenario } from "../lib/mod.ts";

/** Asserts `|actual - expected| <= tol` with a message naming both. */
export function near(actual: number, expected: number, tol = 1e-9, what = "value"): void {
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${what}: expected ${expected} within ${tol}, got ${actual} (off by ${actual - expected})`,
  );
}

/** Asserts `|a - b| <= rel * (1 + |a|)` (relative with an absolute floor). */
export function close(a: number, b: number, rel = 1e-9, what = "value"): void {
  assert.ok(
    Math.abs(a - b) <= rel * (1 + Math.abs(a)),
    `${what}: ${a} and ${b} differ by ${a - b} (tolerance ${rel} relative)`,
  );
}

/** Sum of a numeric array. */
export function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}

/** Mean and (population) variance of a numeric array. */
export function moments(xs: ArrayLike<number>): { mean: number; variance: number } {
  const n = xs.length;
  const mean = sum(xs) / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (xs[i] - mean) ** 2;
  return { mean, variance: v / n };
}

/**
 * Asserts an observed share of `n` Bernoulli trials is within `z` standard
 * errors of `p` (binomial standard error `sqrt(p (1 - p) / n)`).
 */
export function shareWithin(observed: number, p: number, n: number, what: string, z = 5): void {
  const se = Math.sqrt(p * (1 - p) / n);
  assert.ok(
    Math.abs(observed - p) <= z * se,
    `${what}: share ${observed} is more than ${z} standard errors (${se}) from ${p}`,
  );
}

/**
 * The default scenario with a shorter session (one hour) so that worlds are
 * quick to build in property tests. Everything else is the default.
 */
export function smallScenario(sessionSeconds = 3600): Scenario {
  const s = defaultScenario();
  return parseScenario({ ...s, universe: { ...s.universe, sessionSeconds } }, "small");
}
