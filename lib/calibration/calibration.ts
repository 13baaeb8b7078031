/**
 * A sourced calibration: the default parameter set for the US equity market
 * of recent years (`data/calibration/us-2022.json`), in which every number
 * carries its value, unit, source and grade, and optionally the range its
 * sources support (`low`, `high`) and a sensitivity group.
 *
 * Grades: `V1` primary text or a genuine filing (regulation, a broker's Rule
 * 606 report, exchange data); `V2` a detailed secondary summary citing the
 * original table; `V3` industry, vendor or news figures (some conflicted);
 * `V4` unverified; `fitted` set by the documented fitting routine
 * (`lib/fit.ts`, `deno task fit`) against named published targets;
 * `assumption` a modelling choice, said to be one.
 *
 * The file mirrors a {@linkcode Scenario}: where the scenario has a number
 * (or a flag) the file has a parameter object `{ value, unit, source, grade }`;
 * identifiers (venue ids, names, kinds, tiers) stay plain strings. A bare
 * number anywhere is an error, so nothing enters the model unsourced. Besides
 * the scenario the file holds the policies the headline outputs compare (the
 * status quo and the auction's bidders and exposure), the scale that turns a
 * simulated day into a year of the US market, and the regulatory constants
 * the ranges refer to.
 *
 * @module
 */
import { z } from "zod";
import { MARKET_BROKER, withBroker } from "../sim/brokers.ts";
import { parseWith, ValidationError } from "../sim/validate.ts";
import { parseScenario, type Scenario } from "../sim/scenario.ts";
import type { PolicyInput } from "../sim/policy.ts";
import calibrationJson from "../../data/calibration/us-2022.json" with { type: "json" };

/** Verification grades of a parameter's source. */
export const GRADES = ["V1", "V2", "V3", "V4", "fitted", "assumption"] as const;
/** A grade. */
export type Grade = typeof GRADES[number];

/** What each grade means, for tables. */
export const GRADE_LABELS: Record<Grade, string> = {
  V1: "primary text or genuine filing",
  V2: "detailed secondary summary",
  V3: "industry, vendor or news figure",
  V4: "unverified",
  fitted: "fitted to published targets",
  assumption: "modelling assumption",
};

/** One sourced parameter. */
export const ParameterSchema = z.object({
  value: z.union([z.number(), z.boolean()]),
  unit: z.string().min(1),
  source: z.string().min(12, "name the source (at least a short citation)"),
  grade: z.enum(GRADES),
  low: z.number().optional(),
  high: z.number().optional(),
  group: z.string().min(1).optional(),
  note: z.string().optional(),
}).strict().superRefine((p, ctx) => {
  if (typeof p.value === "number" && !Number.isFinite(p.value)) {
    ctx.addIssue({ code: "custom", path: ["value"], message: "not a finite number" });
  }
  if ((p.low === undefined) !== (p.high === undefined)) {
    ctx.addIssue({ code: "custom", path: ["low"], message: "give both low and high, or neither" });
  }
  if (p.low !== undefined && p.high !== undefined) {
    if (typeof p.value !== "number") {
      ctx.addIssue({ code: "custom", path: ["low"], message: "a range needs a numeric value" });
    } else if (!(p.low <= p.value && p.value <= p.high)) {
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: `value ${p.value} is outside its range [${p.low}, ${p.high}]`,
      });
    }
  }
});
/** A sourced parameter. */
export type Parameter = z.infer<typeof ParameterSchema>;

const paramRecord = z.record(z.string(), z.unknown());

/** The calibration file (the scenario tree is checked parameter by parameter). */
export const CalibrationSchema = z.object({
  $comment: z.string().optional(),
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  period: z.string().min(1),
  references: z.record(z.string(), z.string()).default({}),
  scenario: z.object({
    universe: paramRecord,
    flow: paramRecord,
    venues: z.array(paramRecord),
    broker: paramRecord,
  }),
  policies: z.object({
    statusQuo: z.enum(["scorecard", "max-payment", "best-execution", "balanced"]),
    auctionBidders: z.unknown(),
    auctionExposureMs: z.unknown(),
  }),
  scale: z.object({
    consolidatedVolumeShares: z.unknown(),
    retailShareOfVolume: z.unknown(),
    wholesaleShareOfRetail: z.unknown(),
    tradingDays: z.unknown(),
  }),
  rules: paramRecord.default({}),
});

/** A validated calibration file. */
export type Calibration = z.infer<typeof CalibrationSchema>;

const isParameterLike = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && "value" in v;

/** Walks `node`, checking every parameter and rejecting bare numbers and flags. */
function checkTree(node: unknown, path: string[], problems: string[], source: string): void {
  const where = path.join(".");
  if (typeof node === "number" || typeof node === "boolean") {
    problems.push(
      `${source}: ${where}: a bare ${typeof node} (${node}); every number must be a parameter ` +
        `{ value, unit, source, grade }`,
    );
  } else if (Array.isArray(node)) {
    node.forEach((x, i) => checkTree(x, [...path, String(i)], problems, source));
  } else if (isParameterLike(node)) {
    try {
      parseWith(ParameterSchema, node, `${source}: ${where}`);
    } catch (e) {
      problems.push(...(e instanceof ValidationError ? e.problems : [(e as Error).message]));
    }
  } else if (typeof node === "object" && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      if (!k.startsWith("$")) checkTree(v, [...path, k], problems, source);
    }
  }
}

/** The plain values of a parameter tree (parameters replaced by their values, `$` keys dropped). */
function unwrap(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(unwrap);
  if (isParameterLike(node)) return node.value;
  if (typeof node === "object" && node !== null) {
    return Object.fromEntries(
      Object.entries(node).filter(([k]) => !k.startsWith("$")).map(([k, v]) => [k, unwrap(v)]),
    );
  }
  return node;
}

/**
 * Validates a calibration: the file's shape, every parameter (value, unit,
 * source of at least a short citation, grade, a range that holds the value),
 * no bare numbers, and the scenario the values make. Errors name `source`
 * and the field.
 *
 * @example
 * ```ts
 * import { loadCalibration, parseCalibration } from "./calibration.ts";
 * const bad = structuredClone(loadCalibration());
 * (bad.scenario.universe as Record<string, unknown>).tickSize = 0.01; // a bare number
 * try { parseCalibration(bad, "mine.json"); throw new Error("accepted"); }
 * catch (e) { if (!(e as Error).message.includes("mine.json: scenario.universe.tickSize: a bare number")) throw e; }
 * ```
 */
export function parseCalibration(value: unknown, source = "calibration"): Calibration {
  const cal = parseWith(CalibrationSchema, value, source);
  const problems: string[] = [];
  checkTree(cal.scenario, ["scenario"], problems, source);
  const { statusQuo: _statusQuo, ...policyParams } = cal.policies;
  checkTree(policyParams, ["policies"], problems, source);
  checkTree(cal.scale, ["scale"], problems, source);
  checkTree(cal.rules, ["rules"], problems, source);
  for (const [section, params] of Object.entries({ ...policyParams, ...cal.scale })) {
    if (!isParameterLike(params)) problems.push(`${source}: ${section}: expected a parameter`);
  }
  if (problems.length) throw new ValidationError(problems);
  parseScenario(unwrap(cal.scenario), `${source}: scenario`);
  return cal;
}

/**
 * The default calibration (`data/calibration/us-2022.json`), validated; a
 * fresh copy each call.
 *
 * @example
 * ```ts
 * import { loadCalibration } from "./calibration.ts";
 * const cal = loadCalibration();
 * if (cal.id !== "us-2022") throw new Error();
 * ```
 */
export function loadCalibration(): Calibration {
  return parseCalibration(structuredClone(calibrationJson), "data/calibration/us-2022.json");
}

/**
 * The scenario a calibration describes (parameter values only), validated,
 * as the market's retail flow as a whole sees it (the `us-retail` broker
 * profile: wholesalers' margins and shares from the scorecard competition).
 *
 * @example
 * ```ts
 * import { calibrationScenario, loadCalibration } from "./calibration.ts";
 * const s = calibrationScenario(loadCalibration());
 * if (s.universe.tickSize !== 0.01 || s.broker.commissionPerOrder !== 0) throw new Error();
 * ```
 */
export function calibrationScenario(cal: Calibration): Scenario {
  const market = parseScenario(unwrap(cal.scenario), `calibration ${cal.id}: scenario`);
  return withBroker(market, MARKET_BROKER);
}

/**
 * The default calibrated scenario: {@linkcode calibrationScenario} of
 * {@linkcode loadCalibration}.
 *
 * @example
 * ```ts
 * import { calibratedScenario } from "./calibration.ts";
 * if (calibratedScenario().venues.length < 4) throw new Error();
 * ```
 */
export function calibratedScenario(): Scenario {
  return calibrationScenario(loadCalibration());
}

/** The policies the headline outputs compare. */
export interface CalibrationPolicies {
  /** Today's routing (commission-free broker paid for order flow). */
  statusQuo: PolicyInput;
  /** Best execution among today's venues. */
  bestExecution: PolicyInput;
  /** An order-by-order auction (Rule 615-style). */
  auction: PolicyInput;
}

/**
 * The status quo, best execution and the auction, labelled, with the
 * calibration's auction bidders and exposure.
 *
 * @example
 * ```ts
 * import { calibrationPolicies, loadCalibration } from "./calibration.ts";
 * const p = calibrationPolicies(loadCalibration());
 * if (p.auction.kind !== "auction" || p.statusQuo.label !== "status quo") throw new Error();
 * ```
 */
export function calibrationPolicies(cal: Calibration): CalibrationPolicies {
  const num = (x: unknown) => Number((x as Parameter).value);
  return {
    statusQuo: { kind: cal.policies.statusQuo, label: "status quo" },
    bestExecution: { kind: "best-execution", label: "best execution" },
    auction: {
      kind: "auction",
      bidders: Math.round(num(cal.policies.auctionBidders)),
      exposureMs: num(cal.policies.auctionExposureMs),
      label: "auction",
    },
  };
}

/** The scale of the US market a simulated day stands for. */
export interface MarketScale {
  /** Consolidated volume of NMS stocks, shares a day. */
  consolidatedVolumeShares: number;
  /** Retail share of that volume. */
  retailShareOfVolume: number;
  /** Share of retail volume executed by wholesalers. */
  wholesaleShareOfRetail: number;
  /** Trading days a year. */
  tradingDays: number;
  /** Retail shares executed by wholesalers a year: the product of the four. */
  wholesaleRetailSharesPerYear: number;
}

/**
 * The calibration's market scale.
 *
 * @example
 * ```ts
 * import { calibrationScale, loadCalibration } from "./calibration.ts";
 * const s = calibrationScale(loadCalibration());
 * const product = s.consolidatedVolumeShares * s.retailShareOfVolume * s.wholesaleShareOfRetail *
 *   s.tradingDays;
 * if (Math.abs(s.wholesaleRetailSharesPerYear - product) > 1) throw new Error();
 * ```
 */
export function calibrationScale(cal: Calibration): MarketScale {
  const v = (x: unknown) => Number((x as Parameter).value);
  const s = {
    consolidatedVolumeShares: v(cal.scale.consolidatedVolumeShares),
    retailShareOfVolume: v(cal.scale.retailShareOfVolume),
    wholesaleShareOfRetail: v(cal.scale.wholesaleShareOfRetail),
    tradingDays: v(cal.scale.tradingDays),
  };
  return {
    ...s,
    wholesaleRetailSharesPerYear: s.consolidatedVolumeShares * s.retailShareOfVolume *
      s.wholesaleShareOfRetail * s.tradingDays,
  };
}

/** A parameter and where it sits (a dot path such as `scenario.flow.informedShare`). */
export interface LocatedParameter {
  /** Dot path from the file's root. */
  path: string;
  /** A readable name (venue ids instead of indices). */
  label: string;
  /** The parameter. */
  parameter: Parameter;
}

/**
 * Every parameter of a calibration, in file order.
 *
 * @example
 * ```ts
 * import { calibrationParameters, loadCalibration } from "./calibration.ts";
 * const params = calibrationParameters(loadCalibration());
 * if (!params.every((p) => p.parameter.source.length >= 12)) throw new Error();
 * if (!params.some((p) => p.path === "scenario.flow.informedShare")) throw new Error();
 * ```
 */
export function calibrationParameters(cal: Calibration): LocatedParameter[] {
  const out: LocatedParameter[] = [];
  const walk = (node: unknown, path: string[], label: string[]) => {
    if (Array.isArray(node)) {
      node.forEach((x, i) => {
        const id = typeof x === "object" && x !== null
          ? ((x as Record<string, unknown>).id ?? (x as Record<string, unknown>).tier)
          : undefined;
        walk(x, [...path, String(i)], [...label, typeof id === "string" ? id : String(i)]);
      });
    } else if (isParameterLike(node)) {
      out.push({ path: path.join("."), label: label.join("."), parameter: node as Parameter });
    } else if (typeof node === "object" && node !== null) {
      for (const [k, v] of Object.entries(node)) {
        if (!k.startsWith("$")) walk(v, [...path, k], [...label, k]);
      }
    }
  };
  walk(cal.scenario, ["scenario"], []);
  walk(cal.policies, ["policies"], ["policies"]);
  walk(cal.scale, ["scale"], ["scale"]);
  walk(cal.rules, ["rules"], ["rules"]);
  return out;
}

function locate(cal: Calibration, path: string): Parameter {
  let node: unknown = cal;
  for (const key of path.split(".")) {
    if (typeof node !== "object" || node === null || !(key in node)) {
      throw new RangeError(`parameter: no parameter at ${path}`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  if (!isParameterLike(node)) throw new RangeError(`parameter: ${path} is not a parameter`);
  return node as Parameter;
}

/**
 * A copy of the calibration with parameters set to new values (by path);
 * the copy is validated again (a value outside the parameter's own range is
 * allowed only if `widen` is true, which widens the range to hold it).
 *
 * @example
 * ```ts
 * import { calibrationScenario, loadCalibration, withValues } from "./calibration.ts";
 * const cal = withValues(loadCalibration(), { "scenario.flow.informedShare": 0.07 }, true);
 * if (calibrationScenario(cal).flow.informedShare !== 0.07) throw new Error();
 * ```
 */
export function withValues(
  cal: Calibration,
  values: Record<string, number>,
  widen = false,
): Calibration {
  const copy = structuredClone(cal);
  for (const [path, value] of Object.entries(values)) {
    const p = locate(copy, path);
    p.value = value;
    if (widen && p.low !== undefined && p.high !== undefined) {
      p.low = Math.min(p.low, value);
      p.high = Math.max(p.high, value);
    }
  }
  return parseCalibration(copy, `calibration ${cal.id} (modified)`);
}

/**
 * The numeric value of the parameter at `path` (dot-separated, from the
 * calibration file's root).
 *
 * @example
 * ```ts
 * import { loadCalibration, parameterValue } from "./calibration.ts";
 * const share = parameterValue(loadCalibration(), "scenario.flow.informedShare");
 * if (!(share >= 0 && share <= 1)) throw new Error(String(share));
 * ```
 */
export function parameterValue(cal: Calibration, path: string): number {
  const v = locate(cal, path).value;
  if (typeof v !== "number") throw new RangeError(`parameter: ${path} is not numeric`);
  return v;
}

/** A sensitivity group: parameters with sourced ranges that move together. */
export interface SensitivityGroup {
  /** The group's name (a parameter's `group`, or its label when it has none). */
  name: string;
  /** The parameters, each with its low and high. */
  members: LocatedParameter[];
}

/**
 * The calibration's sensitivity groups: every parameter with a sourced range,
 * grouped by its `group` field (parameters without one form a group alone).
 *
 * @example
 * ```ts
 * import { loadCalibration, sensitivityGroups } from "./calibration.ts";
 * const groups = sensitivityGroups(loadCalibration());
 * if (!groups.every((g) => g.members.every((m) => m.parameter.low! <= m.parameter.high!))) {
 *   throw new Error();
 * }
 * ```
 */
export function sensitivityGroups(cal: Calibration): SensitivityGroup[] {
  const groups = new Map<string, LocatedParameter[]>();
  for (const p of calibrationParameters(cal)) {
    if (p.parameter.low === undefined) continue;
    const name = p.parameter.group ?? p.label;
    const list = groups.get(name);
    if (list) list.push(p);
    else groups.set(name, [p]);
  }
  return [...groups].map(([name, members]) => ({ name, members }));
}

/**
 * The calibration with every member of a sensitivity group at the low or the
 * high end of its range.
 *
 * @example
 * ```ts
 * import { atGroupEnd, calibrationScenario, loadCalibration, sensitivityGroups } from "./calibration.ts";
 * const cal = loadCalibration();
 * const g = sensitivityGroups(cal).find((g) => g.members.some((m) => m.path.endsWith("informedShare")))!;
 * const low = calibrationScenario(atGroupEnd(cal, g, "low")).flow.informedShare;
 * if (low > calibrationScenario(cal).flow.informedShare) throw new Error();
 * ```
 */
export function atGroupEnd(
  cal: Calibration,
  group: SensitivityGroup,
  end: "low" | "high",
): Calibration {
  return withValues(
    cal,
    Object.fromEntries(group.members.map((m) => [m.path, m.parameter[end]!])),
  );
}

/**
 * The expected notional value of an order, $: the mean of the log-normal
 * notional (`median x exp(logSd^2 / 2)`), before rounding to whole shares.
 *
 * @example
 * ```ts
 * import { expectedOrderNotional } from "./calibration.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const s = defaultScenario();
 * s.flow.notional = { median: 1000, logSd: 0, max: 1e6 };
 * if (expectedOrderNotional(s) !== 1000) throw new Error();
 * ```
 */
export function expectedOrderNotional(scenario: Scenario): number {
  const { median, logSd } = scenario.flow.notional;
  return median * Math.exp(logSd * logSd / 2);
}
