/**
 * The model of a day (`pfof-lab/sim`): seeded random streams, the universe
 * of securities, quotes, retail order flow, venues and their models, routing
 * policies, routing, execution, the ledger, scenarios and broker profiles,
 * and a day end to end.
 *
 * ```ts
 * import { defaultScenario, MARKETABLE_TYPES, simulateDay } from "./mod.ts";
 * const day = simulateDay(defaultScenario(), { kind: "best-execution" }, { orders: 2000, seed: 1 });
 * const covered = day.metrics.summarize([], { types: MARKETABLE_TYPES })[0];
 * if (!(covered.orders > 0 && covered.orders < 2000)) throw new Error();
 * ```
 *
 * @module
 */
export * from "./random.ts";
export * from "./validate.ts";
export * from "./securities.ts";
export * from "./market.ts";
export * from "./flow.ts";
export * from "./layout.ts";
export * from "./venues.ts";
export * from "./models/mod.ts";
export * from "./policy.ts";
export * from "./dealer.ts";
export * from "./competition.ts";
export * from "./routing.ts";
export * from "./execution.ts";
export * from "./ledger.ts";
export * from "./scenario.ts";
export * from "./brokers.ts";
export * from "./pricing.ts";
export * from "./simulate.ts";
export * from "./journey.ts";
export * from "./seed.ts";
