/**
 * A scenario: the universe of securities, the retail order flow, the venues
 * and the broker. The default scenario is read from the sourced parameter
 * files in `data/`; {@linkcode loadScenarioFile} reads a user's own file.
 *
 * @module
 */
import { z } from "zod";
import { parseWith, ValidationError } from "./validate.ts";
import { UniverseSchema } from "./securities.ts";
import { FlowSchema } from "./flow.ts";
import { VenuesSchema } from "./venues.ts";
import { calibratedScenario } from "../calibration/calibration.ts";
import { readBoundedBytes } from "../disclosures/errors.ts";

/** The broker's terms, the venues it may route to and its scorecard. */
export const BrokerSchema = z.object({
  /** Broker profile id (`data/brokers.json`). */
  id: z.string().min(1).default("us-retail"),
  /** Broker name. */
  name: z.string().min(1).default("US retail brokers (all)"),
  commissionPerOrder: z.number().min(0).max(1000),
  commissionPerShare: z.number().min(0).max(1),
  venues: z.array(z.string()).min(1),
  /**
   * How hard the broker's scorecard moves flow toward the wholesaler with the
   * better price improvement, per half-spread (see `lib/competition.ts`).
   */
  scorecardSensitivity: z.number().positive().max(1000),
  /** The scorecard's share of orders for each venue (set by `withBroker`). */
  allocation: z.record(z.string(), z.number().min(0).max(1)).optional(),
  /**
   * The market's values behind this broker's (set by `withBroker`, so that a
   * scenario can be re-based on another broker without compounding).
   */
  market: z.object({ scorecardSensitivity: z.number().positive(), informedShare: z.number() })
    .strict().optional(),
  /** How the broker routes when no other policy is named. */
  policy: z.enum(["scorecard", "best-execution"]).default("scorecard"),
}).strict();

/** A whole scenario. */
export const ScenarioSchema = z.object({
  universe: UniverseSchema,
  flow: FlowSchema,
  venues: VenuesSchema,
  broker: BrokerSchema,
}).strict().superRefine((s, ctx) => {
  const ids = new Set(s.venues.map((v) => v.id));
  s.broker.venues.forEach((id, i) => {
    if (!ids.has(id)) {
      ctx.addIssue({
        code: "custom",
        path: ["broker", "venues", i],
        message: `unknown venue "${id}" (known: ${[...ids].join(", ")})`,
      });
    }
  });
});

/** A validated scenario. */
export type Scenario = z.infer<typeof ScenarioSchema>;

/**
 * Validates a scenario object; errors name `source` and the field.
 *
 * @example
 * ```ts
 * import { defaultScenario, parseScenario } from "./scenario.ts";
 * const s = defaultScenario();
 * try {
 *   parseScenario({ ...s, broker: { ...s.broker, venues: ["NOPE"] } }, "my.json");
 *   throw new Error("accepted");
 * } catch (e) {
 *   if (!(e as Error).message.includes('my.json: broker.venues.0: unknown venue "NOPE"')) throw e;
 * }
 * ```
 */
export function parseScenario(value: unknown, source = "scenario"): Scenario {
  return parseWith(ScenarioSchema, value, source);
}

let market: Scenario | undefined;

/**
 * The default scenario: the calibrated US market of 2022
 * (`data/calibration/us-2022.json`) as the market's retail flow as a whole
 * sees it (the `us-retail` broker profile of `data/brokers.json`). Every
 * notebook and command starts from it; {@linkcode withBroker} gives one
 * broker's world. A fresh copy each call, safe to modify.
 *
 * @example
 * ```ts
 * import { defaultScenario } from "./scenario.ts";
 * const s = defaultScenario();
 * if (s.universe.tickSize !== 0.01 || s.broker.id !== "us-retail") throw new Error();
 * ```
 */
export function defaultScenario(): Scenario {
  market ??= calibratedScenario();
  return structuredClone(market);
}

/** The largest scenario file read, bytes (a scenario is a few kilobytes). */
export const SCENARIO_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Reads and validates a scenario JSON file (`universe`, `flow`, `venues`,
 * `broker`); missing sections fall back to the default scenario's. The file
 * is read through `readBoundedBytes` (at most {@linkcode SCENARIO_MAX_BYTES},
 * counted while reading; a directory or FIFO is refused); an unknown key
 * anywhere (a typo such as `afiliated`) is an error naming it.
 *
 * @example
 * ```ts ignore
 * import { loadScenarioFile } from "./scenario.ts";
 * const s = await loadScenarioFile("my-scenario.json");
 * ```
 */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  // Counted while reading: /dev/zero, a FIFO or a huge file cannot grow memory or hang.
  const bytes = await readBoundedBytes(path, SCENARIO_MAX_BYTES);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError([`${path}: not UTF-8 text`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ValidationError([`${path}: not valid JSON: ${(e as Error).message}`]);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ValidationError([`${path}: (root): expected a JSON object`]);
  }
  return parseScenario({ ...defaultScenario(), ...value }, path);
}
