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
export * from "./sim/random.ts";
export * from "./sim/validate.ts";
export * from "./sim/securities.ts";
export * from "./sim/market.ts";
export * from "./sim/flow.ts";
export * from "./sim/venues.ts";
export * from "./sim/policy.ts";
export * from "./sim/dealer.ts";
export * from "./sim/routing.ts";
export * from "./sim/execution.ts";
export * from "./sim/ledger.ts";
export * from "./analysis/metrics.ts";
export * from "./sim/scenario.ts";
export * from "./sim/brokers.ts";
export * from "./sim/competition.ts";
export * from "./sim/simulate.ts";
export * from "./runs/montecarlo.ts";
export * from "./sim/seed.ts";
export * from "./present/frames.ts";
export * from "./present/charts.ts";
export * from "./present/display.ts";
export * from "./sim/journey.ts";
export * from "./sim/pricing.ts";
export * from "./analysis/economics.ts";
export * from "./runs/year.ts";
export * from "./runs/experiment.ts";
export * from "./analysis/rule605.ts";
export * from "./analysis/orderstats.ts";
export * from "./disclosures/mod.ts";
export * from "./calibration/calibration.ts";
export * from "./calibration/measurements.ts";
export * from "./runs/worlds.ts";
export * from "./calibration/fit.ts";
export * from "./analysis/validation.ts";
export * from "./analysis/headlines.ts";
export * from "./present/headline_display.ts";
export * from "./calibration/sensitivity.ts";
