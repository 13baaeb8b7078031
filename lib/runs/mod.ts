/**
 * Many days (`pfof-lab/runs`): Monte Carlo replications with 95% intervals,
 * experiments (arms on the same days), cached worlds, and a year of days on
 * workers with daily Parquet shards.
 *
 * ```ts
 * import { monteCarlo, pairedDifference } from "./mod.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const mc = monteCarlo(defaultScenario(), [{ kind: "best-execution" }, { kind: "max-payment" }],
 *   { orders: 2000, seed: 1, replications: 3 });
 * if (!(pairedDifference(mc, "payment", "best-execution", "max-payment").mean > 0)) throw new Error();
 * ```
 *
 * @module
 */
export * from "./montecarlo.ts";
export * from "./experiment.ts";
export * from "./worlds.ts";
export * from "./year.ts";
export * from "./chunks.ts";
