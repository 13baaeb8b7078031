/**
 * pfof-lab: a columnar simulator of how a retail broker routes orders to
 * venues under payment for order flow, measured the way Rule 605 measures
 * execution quality, with a ledger of who gains what.
 *
 * ```ts
 * import { comparePolicies, defaultScenario } from "./mod.ts";
 *
 * const [best, paid] = comparePolicies(
 *   defaultScenario(),
 *   [{ kind: "best-execution" }, { kind: "max-payment" }],
 *   { orders: 20_000, seed: 1 },
 * );
 * const covered = { types: [0, 1] }; // market and marketable limit orders
 * const b = best.metrics.summarize([], covered)[0];
 * const p = paid.metrics.summarize([], covered)[0];
 * // Routing for payment earns the broker more and costs the customer more.
 * if (!(p.payment > b.payment && p.customerCost > b.customerCost)) throw new Error();
 * ```
 *
 * @module
 */
export * from "./random.ts";
export * from "./validate.ts";
export * from "./securities.ts";
export * from "./market.ts";
export * from "./flow.ts";
export * from "./venues.ts";
export * from "./policy.ts";
export * from "./dealer.ts";
export * from "./routing.ts";
export * from "./execution.ts";
export * from "./ledger.ts";
export * from "./metrics.ts";
export * from "./scenario.ts";
export * from "./brokers.ts";
export * from "./competition.ts";
export * from "./simulate.ts";
export * from "./montecarlo.ts";
export * from "./seed.ts";
export * from "./frames.ts";
export * from "./charts.ts";
export * from "./display.ts";
export * from "./journey.ts";
export * from "./pricing.ts";
export * from "./economics.ts";
export * from "./year.ts";
export * from "./experiment.ts";
export * from "./rule605.ts";
export * from "./orderstats.ts";
export * from "./disclosures/mod.ts";
export * from "./calibration.ts";
export * from "./measurements.ts";
export * from "./worlds.ts";
export * from "./fit.ts";
export * from "./validation.ts";
export * from "./headlines.ts";
export * from "./headline_display.ts";
export * from "./sensitivity.ts";
