/**
 * The source document's Python mini-project, reproduced in columns: four
 * venues with a fixed spread, a payment per share, a fill rate and a speed;
 * orders of 100, 500, 1,000 or 5,000 shares around $100; routing by best
 * execution, by maximum payment, or by the 70/30 balance.
 *
 * Two cost models: `"seed"` charges the customer the venue's full spread in
 * bps of the price, as the document does; `"half-spread"` charges what a
 * marketable order at the quote really pays against the midpoint, half the
 * spread. The comparison's "conflict ratio" (extra broker revenue per dollar
 * of extra customer cost) doubles under the correct model.
 *
 * @module
 */
import { Random, uniformAt } from "./random.ts";

/** The document's four venues, with its parameters. */
export const SEED_VENUES = [
  { name: "Lit", spreadBps: 0.5, pfofPerShare: 0, fillRate: 0.99, speedMs: 80 },
  { name: "Citadel", spreadBps: 1.0, pfofPerShare: 0.005, fillRate: 0.98, speedMs: 5 },
  { name: "Virtu", spreadBps: 1.2, pfofPerShare: 0.004, fillRate: 0.97, speedMs: 3 },
  { name: "Two Sigma", spreadBps: 0.8, pfofPerShare: 0.003, fillRate: 0.96, speedMs: 2 },
] as const;

/** The document's routing strategies. */
export type SeedStrategy = "best_execution" | "maximize_revenue" | "balanced";
/** How the customer's cost is charged. */
export type SeedCostModel = "seed" | "half-spread";

/** One strategy's simulated day, as columns and totals. */
export interface SeedRun {
  /** The strategy. */
  strategy: SeedStrategy;
  /** The cost model. */
  costModel: SeedCostModel;
  /** Order price, $. */
  price: Float64Array;
  /** Order size, shares. */
  size: Uint32Array;
  /** Venue index into {@linkcode SEED_VENUES}. */
  venue: Uint8Array;
  /** 1 if filled. */
  filled: Uint8Array;
  /** Customer's spread cost, $ (0 if unfilled). */
  spreadCost: Float64Array;
  /** Broker's payment, $ (0 if unfilled). */
  pfofRevenue: Float64Array;
  /** Sum of spread costs, $. */
  totalSpreadCost: number;
  /** Sum of payments, $. */
  totalPfof: number;
  /** Filled orders / orders. */
  fillRate: number;
}

/**
 * Spread cost of one order under a cost model, $.
 *
 * @example
 * ```ts
 * import { seedSpreadCost } from "./seed.ts";
 * // 100 shares at $100 on a 1 bp spread: the document charges $1.00, the right answer is $0.50.
 * if (Math.abs(seedSpreadCost(1, 100, 100, "seed") - 1) > 1e-12) throw new Error();
 * if (Math.abs(seedSpreadCost(1, 100, 100, "half-spread") - 0.5) > 1e-12) throw new Error();
 * ```
 */
export function seedSpreadCost(
  spreadBps: number,
  price: number,
  size: number,
  costModel: SeedCostModel,
): number {
  const share = costModel === "seed" ? 1 : 0.5;
  return share * spreadBps / 1e4 * price * size;
}

/**
 * Simulates the document's trading day for one strategy. The price path and
 * sizes depend only on the seed, so strategies compare on the same orders.
 *
 * @example
 * ```ts
 * import { runSeedMiniProject } from "./seed.ts";
 * const run = runSeedMiniProject("maximize_revenue", { orders: 1000, seed: 1 });
 * if (!run.venue.every((v) => v === 1)) throw new Error("max revenue routes to Citadel");
 * ```
 */
export function runSeedMiniProject(
  strategy: SeedStrategy,
  options: { orders: number; seed: number; costModel?: SeedCostModel },
): SeedRun {
  const n = options.orders;
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`orders: expected a positive integer, got ${n}`);
  }
  const costModel = options.costModel ?? "seed";
  const random = new Random(options.seed);
  const walk = random.stream("seed.price");
  const sizes = random.stream("seed.size");
  const fills = random.stream("seed.fill");
  const SIZES = [100, 500, 1000, 5000];
  const run: SeedRun = {
    strategy,
    costModel,
    price: new Float64Array(n),
    size: new Uint32Array(n),
    venue: new Uint8Array(n),
    filled: new Uint8Array(n),
    spreadCost: new Float64Array(n),
    pfofRevenue: new Float64Array(n),
    totalSpreadCost: 0,
    totalPfof: 0,
    fillRate: 0,
  };
  let base = 100;
  let filledCount = 0;
  for (let i = 0; i < n; i++) {
    const price = base + 0.1 * walk.normal(i);
    base = price;
    const size = SIZES[Math.floor(uniformAt(sizes.k0, sizes.k1, i) * 4)];
    let best = 0;
    let bestScore = Infinity;
    for (let v = 0; v < SEED_VENUES.length; v++) {
      const venue = SEED_VENUES[v];
      const cost = seedSpreadCost(venue.spreadBps, price, size, costModel);
      const pfof = venue.pfofPerShare * size;
      const score = strategy === "best_execution"
        ? cost
        : strategy === "maximize_revenue"
        ? -pfof
        : 0.7 * cost - 0.3 * pfof;
      if (score < bestScore) {
        bestScore = score;
        best = v;
      }
    }
    const venue = SEED_VENUES[best];
    run.price[i] = price;
    run.size[i] = size;
    run.venue[i] = best;
    if (uniformAt(fills.k0, fills.k1, i) < venue.fillRate) {
      run.filled[i] = 1;
      filledCount++;
      run.spreadCost[i] = seedSpreadCost(venue.spreadBps, price, size, costModel);
      run.pfofRevenue[i] = venue.pfofPerShare * size;
      run.totalSpreadCost += run.spreadCost[i];
      run.totalPfof += run.pfofRevenue[i];
    }
  }
  run.fillRate = filledCount / n;
  return run;
}

/** The document's comparison of best execution and revenue maximisation. */
export interface SeedComparison {
  /** Best-execution day. */
  best: SeedRun;
  /** Revenue-maximising day. */
  revenue: SeedRun;
  /** Extra customer cost of routing for revenue, $. */
  extraCost: number;
  /** Extra broker revenue, $. */
  extraRevenue: number;
  /** Extra revenue per dollar of extra customer cost. */
  conflictRatio: number;
}

/**
 * The document's "COMPARISON" section: both strategies on the same orders.
 *
 * @example
 * ```ts
 * import { compareSeedStrategies } from "./seed.ts";
 * const wrong = compareSeedStrategies({ orders: 5000, seed: 1, costModel: "seed" });
 * const right = compareSeedStrategies({ orders: 5000, seed: 1, costModel: "half-spread" });
 * if (!(right.conflictRatio > 1.9 * wrong.conflictRatio)) throw new Error();
 * ```
 */
export function compareSeedStrategies(
  options: { orders: number; seed: number; costModel?: SeedCostModel },
): SeedComparison {
  const best = runSeedMiniProject("best_execution", options);
  const revenue = runSeedMiniProject("maximize_revenue", options);
  const extraCost = revenue.totalSpreadCost - best.totalSpreadCost;
  const extraRevenue = revenue.totalPfof - best.totalPfof;
  return { best, revenue, extraCost, extraRevenue, conflictRatio: extraRevenue / extraCost };
}
