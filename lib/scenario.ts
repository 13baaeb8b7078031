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
import universeJson from "../data/universe.json" with { type: "json" };
import flowJson from "../data/flow.json" with { type: "json" };
import venuesJson from "../data/venues.json" with { type: "json" };
import brokerJson from "../data/broker.json" with { type: "json" };

/** The broker's terms and the venues it may route to. */
export const BrokerSchema = z.object({
  commissionPerOrder: z.number().min(0).max(1000),
  commissionPerShare: z.number().min(0).max(1),
  venues: z.array(z.string()).min(1),
});

/** A whole scenario. */
export const ScenarioSchema = z.object({
  universe: UniverseSchema,
  flow: FlowSchema,
  venues: VenuesSchema,
  broker: BrokerSchema,
}).superRefine((s, ctx) => {
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

/**
 * The default scenario (a fresh copy each call, safe to modify).
 *
 * @example
 * ```ts
 * import { defaultScenario } from "./scenario.ts";
 * const s = defaultScenario();
 * if (s.universe.tickSize !== 0.01) throw new Error();
 * ```
 */
export function defaultScenario(): Scenario {
  return parseScenario(
    structuredClone({
      universe: universeJson,
      flow: flowJson,
      venues: venuesJson.venues,
      broker: brokerJson,
    }),
    "data/",
  );
}

/**
 * Reads and validates a scenario JSON file (`universe`, `flow`, `venues`,
 * `broker`); missing sections fall back to the default scenario's.
 *
 * @example
 * ```ts ignore
 * import { loadScenarioFile } from "./scenario.ts";
 * const s = await loadScenarioFile("my-scenario.json");
 * ```
 */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new ValidationError([`${path}: cannot read: ${(e as Error).message}`]);
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
