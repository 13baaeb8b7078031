/**
 * Reading the results (`pfof-lab/analysis`): Rule 605 metrics in mergeable
 * cells, order-level statistics, each party's economics, the market's
 * headline numbers, the broker study and the validation against published
 * findings.
 *
 * ```ts
 * import { costSplit, MARKET_HEADLINES } from "./mod.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "max-payment" }, { orders: 2000, seed: 1 });
 * const broker = costSplit(day.metrics.summarize([])[0]).find((s) => s.party === "broker")!;
 * if (!(broker.amount > 0) || MARKET_HEADLINES.length !== 6) throw new Error();
 * ```
 *
 * @module
 */
export * from "./metrics.ts";
export * from "./rule605.ts";
export * from "./orderstats.ts";
export * from "./impact.ts";
export * from "./economics.ts";
export * from "./headlines.ts";
export * from "./brokerstudy.ts";
export * from "./validation.ts";
