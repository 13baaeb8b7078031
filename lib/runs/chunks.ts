/**
 * Days too large to hold at once, run in chunks: the market of a replication
 * is built once, its orders are generated a chunk at a time, and every
 * policy routes, executes and books each chunk on the same orders (common
 * random numbers). Memory stays bounded by the chunk size whatever the
 * number of orders; what is kept of a chunk is up to the caller (metric sums,
 * order statistics), through a visitor.
 *
 * @module
 */
import type { Universe } from "../sim/securities.ts";
import type { Orders } from "../sim/flow.ts";
import type { VenueTable } from "../sim/venues.ts";
import type { Policy } from "../sim/policy.ts";
import { brokerPolicy, forEachOrderChunk, type Processed, processOrders } from "../sim/simulate.ts";
import { MetricsAccumulator } from "../analysis/metrics.ts";
import type { PolicyInput } from "../sim/routing.ts";
import type { Scenario } from "../sim/scenario.ts";

/**
 * Checks that each named value is a safe integer of at least its minimum,
 * throwing a `RangeError` naming the first that is not.
 *
 * @example
 * ```ts
 * import { checkIntegers } from "./chunks.ts";
 * checkIntegers([["days", 3, 1]]);
 * try { checkIntegers([["days", 0, 1]]); throw new Error("accepted"); }
 * catch (e) { if ((e as Error).message !== "days: expected an integer >= 1, got 0") throw e; }
 * ```
 */
export function checkIntegers(checks: readonly (readonly [string, number, number])[]): void {
  for (const [name, value, min] of checks) {
    if (!Number.isSafeInteger(value) || value < min) {
      throw new RangeError(`${name}: expected an integer >= ${min}, got ${value}`);
    }
  }
}

/** Default orders per chunk: about 100 MB of columns a policy. */
export const DEFAULT_CHUNK_SIZE = 1_000_000;

/** One policy's pass over one chunk of a replication's orders. */
export interface Chunk extends Processed {
  /** The policy's index in the list given. */
  policyIndex: number;
  /** The policy, as the scenario's broker applies it. */
  policy: Policy;
  /** The chunk's orders. */
  orders: Orders;
  /** The venues as typed arrays. */
  venues: VenueTable;
  /** The securities. */
  universe: Universe;
  /** The replication. */
  replication: number;
}

/** Options of {@linkcode forEachChunk}. */
export interface ChunkRunOptions {
  /** Orders in the replication. */
  orders: number;
  /** Seed of every stream. */
  seed: number;
  /** Replication number (its own market and orders). */
  replication?: number;
  /** Orders per chunk (default {@linkcode DEFAULT_CHUNK_SIZE}); the sums do not depend on it. */
  chunkSize?: number;
  /** Called after each chunk (all policies) with the orders done so far. */
  onProgress?: (ordersDone: number, orders: number) => void;
}

/**
 * Runs every policy over one replication's orders a chunk at a time, calling
 * `visit` with each policy's chunk (the chunk's columns are dropped after
 * the visit, so the visitor keeps sums, never the chunk).
 *
 * @example
 * ```ts
 * import { forEachChunk } from "./chunks.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * let seen = 0;
 * forEachChunk(defaultScenario(), [{ kind: "max-payment" }], { orders: 2500, seed: 1, chunkSize: 1000 },
 *   (c) => { seen += c.orders.count; });
 * if (seen !== 2500) throw new Error(String(seen));
 * ```
 */
export function forEachChunk(
  scenario: Scenario,
  policyInputs: (PolicyInput | Policy)[],
  options: ChunkRunOptions,
  visit: (chunk: Chunk) => void,
): void {
  const { orders: total, replication = 0 } = options;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  checkIntegers([["orders", total, 1], ["replication", replication, 0], [
    "chunkSize",
    chunkSize,
    1,
  ]]);
  const policies = policyInputs.map((p) => brokerPolicy(scenario, p));
  forEachOrderChunk(scenario, { ...options, chunkSize }, (world) => (orders) => {
    policies.forEach((policy, policyIndex) => {
      const processed = processOrders(world, orders, policy);
      visit({
        ...processed,
        policyIndex,
        policy,
        orders,
        venues: world.venues,
        universe: world.universe,
        replication,
      });
    });
  });
}

/**
 * Each policy's metric sums over one replication, run in chunks (the same
 * sums as one unchunked day, to rounding).
 *
 * @example
 * ```ts
 * import { chunkedMetrics } from "./chunks.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const s = defaultScenario();
 * const [m] = chunkedMetrics(s, [{ kind: "scorecard" }], { orders: 3000, seed: 4, chunkSize: 800 });
 * const whole = simulateDay(s, { kind: "scorecard" }, { orders: 3000, seed: 4 }).metrics;
 * if (m.sums.some((x, i) => Math.abs(x - whole.sums[i]) > 1e-9 * (1 + Math.abs(x)))) throw new Error();
 * ```
 */
export function chunkedMetrics(
  scenario: Scenario,
  policyInputs: (PolicyInput | Policy)[],
  options: ChunkRunOptions,
  visit?: (chunk: Chunk) => void,
): MetricsAccumulator[] {
  const ids = scenario.venues.map((v) => v.id);
  const accs = policyInputs.map(() => new MetricsAccumulator(ids));
  forEachChunk(scenario, policyInputs, options, (c) => {
    accs[c.policyIndex].add(c.orders, c.outcomes, c.ledger, c.universe.tier);
    visit?.(c);
  });
  return accs;
}
