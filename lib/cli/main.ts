/**
 * The command line:
 * `deno task cli simulate --policy P[,P...] --orders N --seed S [--replications R]
 * [--format table|json|csv]` and `deno task cli compare ...` (the same, plus
 * each policy's difference from the first, paired on the same orders).
 *
 * @module
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { defaultScenario, loadScenarioFile, type Scenario } from "../sim/scenario.ts";
import { parsePolicy, type Policy, POLICY_KINDS, policyLabel } from "../sim/policy.ts";
import { monteCarlo, pairedDifference } from "../runs/montecarlo.ts";
import type { Dimension, Metrics } from "../analysis/metrics.ts";
import { MARKETABLE_TYPES } from "../sim/flow.ts";
import { ValidationError } from "../sim/validate.ts";
import { runDisclosureCli } from "../disclosures/cli.ts";
import { brokerProfiles, withBroker } from "../sim/brokers.ts";
import { buildWorld, runPolicy } from "../sim/simulate.ts";
import { orderStatistics } from "../analysis/orderstats.ts";
import { loadCalibration } from "../calibration/calibration.ts";
import {
  loadEvidence,
  runValidation,
  validationReport,
  type ValidationReportRow,
  validationTable,
} from "../analysis/validation.ts";

/** Metrics printed in the table and CSV formats, with their units. */
export const CLI_METRICS: [keyof Metrics, string][] = [
  ["orders", "orders"],
  ["fillRate", "share"],
  ["effectiveSpreadBps", "bps"],
  ["eq", "ratio"],
  ["priceImprovedShare", "share"],
  ["priceImprovementPerShare", "$/share"],
  ["executionSeconds", "s"],
  ["realizedSpread300s", "$/share"],
  ["customerCost", "$"],
  ["customerCostBps", "bps"],
  ["payment", "$"],
  ["pfofPerShare", "$/share"],
  ["brokerGain", "$"],
  ["wholesalerGain", "$"],
  ["venueGain", "$"],
  ["otherSideGain", "$"],
];

const USAGE = `Usage:
  deno task cli simulate [options]   metrics of each policy, on the same orders
  deno task cli compare [options]    the same, plus each policy's difference from the first
  deno task cli 606 FILE [--strict] [--format table|json|csv]   print a Rule 606(a)(1) XML report
  deno task cli 605 FILE [--strict] [--format table|json|csv]   print a Rule 605 report

  deno task cli brokers [--format table|json]   list the broker profiles (data/brokers.json)

  deno task cli validate [--orders N] [--seeds S,S,...] [--format table|json]
                                     the calibrated model beside every published finding
                                     (data/calibration/evidence.json): fit targets, then validation,
                                     each with the model's mean and 95% interval across the seeds,
                                     inside or not, and why (defaults: 12000 orders, seeds 1-8)

  deno task cli year [--policy P (default scorecard)] [--orders-per-day N] [--days D] [--workers W] --out DIR
                                     a year of flow in daily Parquet shards (resumes a stopped run)

Options:
  --policy P         one or more policies separated by commas, each KIND or KIND:key=value:...
                     kinds: ${POLICY_KINDS.join(", ")}
                     (simulate default: scorecard,best-execution,max-payment, or with --broker
                      the broker's own routing; compare default: scorecard,best-execution,auction,
                      cap,ban,hybrid)
                     e.g. --policy auction:bidders=8:exposureMs=50,cap:cap=0.001
  --weight W         payment weight of the balanced policy, 0..1 (default 0.3)
  --bidders N        bidders in each auction (auction, hybrid; default 5)
  --exposure-ms T    how long each order is exposed to the auction, ms (default 100)
  --cap C            the most a venue may pay per share, $ (cap, hybrid; default 0.001)
  --auction-share S  share of marketable orders sent to the auction (hybrid; default 0.5)
  --commission C     commission per order, $ (ban, commission; default 0 and 4.95)
  --monthly-fee F    subscription fee per month, $ (subscription; default 10)
  --venue ID         the venue of directed orders (directed)
  --orders N         retail orders per replication (default 100000)
  --seed S           seed of every random stream (default 1)
  --replications R   independent replications; R >= 2 adds 95% intervals (default 1)
  --by DIMS          group by venue, type, sizeBucket and/or tier, comma separated; or venue-kind
                     (wholesaler, exchange, dark, auction, affiliated)
  --types T          order types to include: market, marketableLimit, nonMarketableLimit
                     (default: market,marketableLimit - the orders Rule 605 covers)
  --scenario FILE    a scenario JSON file (default: the calibrated US 2022 market, data/calibration/)
  --broker ID        one broker's world (deno task cli brokers lists them); the default policy is
                     the broker's own routing
  --notional LO-HI   only orders of LO to HI dollars at arrival (e.g. 100-5000)
  --format F         table | json | csv (default table)
  -h, --help         this help
`;

/** A usage error: the command line was wrong (exit code 2). */
export class UsageError extends Error {
  /** Builds the error. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

function integer(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${name}: expected an integer >= ${min}, got "${text}"`);
  }
  return n;
}

function list<T extends string>(name: string, text: string, allowed: readonly T[]): T[] {
  const items = text.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  for (const item of items) {
    if (!allowed.includes(item as T)) {
      throw new UsageError(`--${name}: unknown value "${item}" (expected ${allowed.join(", ")})`);
    }
  }
  if (items.length === 0) throw new UsageError(`--${name}: expected at least one value`);
  return items as T[];
}

function format(x: number): string {
  if (!Number.isFinite(x)) return "-";
  const a = Math.abs(x);
  if (a !== 0 && a < 0.01) return x.toPrecision(3);
  if (a >= 1000) return x.toFixed(0);
  return x.toFixed(3).replace(/\.?0+$/, "") || "0";
}

/** Output of a command: text for stdout and an exit code. */
export interface CliResult {
  /** Text for standard output. */
  stdout: string;
  /** Exit code: 0 success, 2 bad arguments or input. */
  code: number;
}

/**
 * Runs the command line on `args`; never exits the process.
 *
 * @example
 * ```ts
 * import { runCli } from "./main.ts";
 * const r = await runCli(["simulate", "--orders", "-5"]);
 * if (r.code !== 2) throw new Error();
 * ```
 */
export async function runCli(args: string[]): Promise<CliResult> {
  if (args[0] === "606" || args[0] === "605") return await runDisclosureCli(args);
  try {
    if (args[0] === "year") return { stdout: await yearCommand(args.slice(1)), code: 0 };
    if (args[0] === "brokers") return { stdout: brokersCommand(args.slice(1)), code: 0 };
    if (args[0] === "validate") return { stdout: validateCommand(args.slice(1)), code: 0 };
    return { stdout: await simulateCommand(args), code: 0 };
  } catch (e) {
    if (e instanceof UsageError || e instanceof ValidationError || e instanceof RangeError) {
      return { stdout: `error: ${(e as Error).message}\n\n${USAGE}`, code: 2 };
    }
    throw e;
  }
}

/** Parses `LO-HI` dollars into a notional range. */
function notionalRange(text: string): [number, number] {
  const m = /^\s*([0-9.eE+]+)\s*-\s*([0-9.eE+]+)\s*$/.exec(text);
  const lo = m ? Number(m[1]) : NaN, hi = m ? Number(m[2]) : NaN;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo >= 0 && hi >= lo)) {
    throw new UsageError(`--notional: expected LO-HI in dollars with 0 <= LO <= HI, got "${text}"`);
  }
  return [lo, hi];
}

/** Parses a command's options strictly (no positionals); a bad flag is a usage error. */
function parseOptions<const O extends ParseArgsOptionsConfig>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The broker profiles: a table, or JSON `[{ id, name, paymentCentsPer100 }]`. */
function brokersCommand(args: string[]): string {
  const parsed = parseOptions(args, { format: { type: "string", default: "table" } });
  const fmt = list("format", parsed.values.format!, ["table", "json"] as const);
  const profiles = brokerProfiles();
  if (fmt[0] === "json") {
    return JSON.stringify(
      profiles.map((b) => ({
        id: b.id,
        name: b.name,
        paymentCentsPer100: b.paymentCentsPer100,
        paymentShareOfSpread: b.paymentShareOfSpread,
        policy: b.policy,
        wholesalers: b.wholesalers,
        commissionPerShare: b.commissionPerShare,
      })),
      null,
      2,
    ) + "\n";
  }
  const rows = [["id", "name", "Cph S&P 500 market", "Cph other market", "routing"]];
  for (const b of profiles) {
    rows.push([
      b.id,
      b.name,
      b.paymentCentsPer100.sp500.market.toFixed(2),
      b.paymentCentsPer100.other.market.toFixed(2),
      b.policy === "scorecard" ? `scorecard over ${b.wholesalers.length} wholesalers` : b.policy,
    ]);
  }
  const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((x, c) => x.padEnd(w[c])).join("  ").trimEnd()).join("\n") + "\n";
}

/** The defaults of `validate`: those of notebooks/16-validation.ipynb. */
export const VALIDATE_DEFAULTS = { orders: 12_000, seeds: [1, 2, 3, 4, 5, 6, 7, 8] };

/**
 * The model beside the published findings: JSON `{ command, orders, seeds, summary, rows }`
 * with one row per finding (fit targets first), or a readable table.
 */
function validateCommand(args: string[]): string {
  const parsed = parseOptions(args, {
    orders: { type: "string", default: String(VALIDATE_DEFAULTS.orders) },
    seeds: { type: "string", default: VALIDATE_DEFAULTS.seeds.join(",") },
    format: { type: "string", default: "table" },
    help: { type: "boolean", short: "h", default: false },
  });
  const v = parsed.values;
  if (v.help) return USAGE;
  const orders = integer("orders", v.orders!, 1000);
  const seedTexts = v.seeds!.split(",").map((x) => x.trim()).filter((x) => x.length > 0);
  const seeds = seedTexts.map((x) => integer("seeds", x, 0));
  if (seeds.length < 2 || new Set(seeds).size !== seeds.length) {
    throw new UsageError(
      `--seeds: expected at least two different integers separated by commas (one day each; ` +
        `two or more give a 95% interval), got "${v.seeds}"`,
    );
  }
  const fmt = list("format", v.format!, ["table", "json"] as const);
  if (fmt.length !== 1) throw new UsageError("--format: expected one value");
  const cal = loadCalibration();
  const run = runValidation(cal, { orders, seeds, paymentVariant: true });
  const rows = validationReport(validationTable(run, loadEvidence()));
  const validation = rows.filter((r) => r.role === "validation");
  const summary = {
    fitTargets: rows.length - validation.length,
    validationFindings: validation.length,
    inside: validation.filter((r) => r.inside).length,
  };
  if (fmt[0] === "json") {
    return JSON.stringify(
      {
        command: "validate",
        calibration: cal.id,
        orders,
        seeds,
        interval: "95% Student t across seeds (one simulated day each)",
        summary,
        rows,
      },
      null,
      2,
    ) + "\n";
  }
  const range = (lo: number | null, hi: number | null) =>
    lo === null || hi === null ? "" : `[${format(lo)}, ${format(hi)}]`;
  const line = (r: ValidationReportRow) => [
    r.id,
    r.broker,
    r.unit,
    `${r.published.value === null ? "" : format(r.published.value) + " "}` +
    `${range(r.published.low, r.published.high)}${r.band === "ours" ? " (band ours)" : ""}`,
    `${r.model.mean === null ? "-" : format(r.model.mean)} ${range(r.model.low, r.model.high)}`,
    r.inside ? "yes" : "no",
  ];
  const header = ["finding", "broker", "unit", "published", "model [95%]", "inside"];
  const render = (title: string, group: ValidationReportRow[]) => {
    const table = [header, ...group.map(line)];
    const w = header.map((_, c) => Math.max(...table.map((r) => r[c].length)));
    return [
      title,
      ...table.map((r) => r.map((x, c) => x.padEnd(w[c])).join("  ").trimEnd()),
    ];
  };
  const misses = validation.filter((r) => !r.inside);
  return [
    `pfof-lab validate: calibration ${cal.id}, ${orders} orders x ${seeds.length} seeds ` +
    `(${seeds.join(",")}); model: mean [95% interval across seeds]`,
    "",
    ...render("Fit targets and inputs (not validation):", rows.filter((r) => r.role === "fit")),
    "",
    ...render(
      `Validation: inside ${summary.inside} of ${summary.validationFindings} published findings`,
      validation,
    ),
    "",
    "Where the model misses, and why:",
    ...misses.map((r) => `- ${r.id}: ${r.why}`),
  ].join("\n") + "\n";
}

/** Parses `KIND[:key=value...]` into a policy, applying the command line's defaults. */
function policyFromSpec(spec: string, defaults: Record<string, unknown>): Policy {
  const [kind, ...pairs] = spec.split(":").map((x) => x.trim());
  if (!POLICY_KINDS.includes(kind as typeof POLICY_KINDS[number])) {
    throw new UsageError(
      `--policy: unknown policy "${kind}" (expected ${POLICY_KINDS.join(", ")})`,
    );
  }
  const value: Record<string, unknown> = { kind };
  const keys: Record<string, string[]> = {
    balanced: ["paymentWeight"],
    disclosure: ["paymentWeight"],
    auction: ["bidders", "exposureMs"],
    cap: ["cap"],
    ban: ["commissionPerOrder"],
    commission: ["commissionPerOrder", "commissionPerShare"],
    subscription: ["monthlyFee"],
    directed: ["venue"],
    hybrid: ["cap", "auctionShare", "bidders", "exposureMs"],
  };
  for (const key of keys[kind] ?? []) {
    if (defaults[key] !== undefined) value[key] = defaults[key];
  }
  for (const pair of pairs) {
    const [key, raw] = pair.split("=");
    if (!key || raw === undefined) {
      throw new UsageError(`--policy: expected key=value in "${spec}", got "${pair}"`);
    }
    const n = Number(raw);
    value[key] = raw.trim() !== "" && Number.isFinite(n) ? n : raw;
  }
  try {
    return parsePolicy(value, `--policy ${spec}`);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function numberOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n)) {
    throw new UsageError(`--${name}: expected a number, got "${text}"`);
  }
  return n;
}

async function simulateCommand(args: string[]): Promise<string> {
  const [command, ...rest] = args;
  if (command === "-h" || command === "--help" || command === "help") return USAGE;
  if (command !== "simulate" && command !== "compare") {
    throw new UsageError(command ? `unknown command "${command}"` : "missing command");
  }
  const parsed = parseOptions(rest, {
    policy: { type: "string" },
    weight: { type: "string", default: "0.3" },
    bidders: { type: "string" },
    "exposure-ms": { type: "string" },
    cap: { type: "string" },
    "auction-share": { type: "string" },
    commission: { type: "string" },
    "monthly-fee": { type: "string" },
    venue: { type: "string" },
    orders: { type: "string", default: "100000" },
    seed: { type: "string", default: "1" },
    replications: { type: "string", default: command === "compare" ? "3" : "1" },
    by: { type: "string", default: "" },
    types: { type: "string", default: "market,marketableLimit" },
    scenario: { type: "string" },
    broker: { type: "string" },
    notional: { type: "string" },
    format: { type: "string", default: "table" },
    help: { type: "boolean", short: "h", default: false },
  });
  const v = parsed.values;
  if (v.help) return USAGE;
  const weight = Number(v.weight);
  if (!(weight >= 0 && weight <= 1)) {
    throw new UsageError(`--weight: expected a number in [0, 1], got "${v.weight}"`);
  }
  const defaults: Record<string, unknown> = {
    paymentWeight: weight,
    bidders: numberOption("bidders", v.bidders),
    exposureMs: numberOption("exposure-ms", v["exposure-ms"]),
    cap: numberOption("cap", v.cap) ?? 0.001,
    auctionShare: numberOption("auction-share", v["auction-share"]),
    commissionPerOrder: numberOption("commission", v.commission),
    monthlyFee: numberOption("monthly-fee", v["monthly-fee"]),
    venue: v.venue,
  };
  const base: Scenario = v.scenario ? await loadScenarioFile(v.scenario) : defaultScenario();
  const scenario: Scenario = v.broker ? withBroker(base, v.broker) : base;
  const specs = (v.policy ??
    (command === "compare"
      ? "scorecard,best-execution,auction,cap,ban,hybrid"
      : v.broker
      ? scenario.broker.policy
      : "scorecard,best-execution,max-payment"))
    .split(",").map((x) => x.trim()).filter((x) => x.length > 0);
  if (specs.length === 0) throw new UsageError("--policy: expected at least one policy");
  const policies = specs.map((spec) => policyFromSpec(spec, defaults));
  const orders = integer("orders", v.orders!, 1);
  const seed = integer("seed", v.seed!, 0);
  const replications = integer("replications", v.replications!, 1);
  const byVenueKind = v.by === "venue-kind";
  const by = v.by && !byVenueKind
    ? list<Dimension>("by", v.by, ["venue", "type", "sizeBucket", "tier"])
    : [];
  const notional = v.notional === undefined ? undefined : notionalRange(v.notional);
  const typeNames = ["market", "marketableLimit", "nonMarketableLimit"] as const;
  const types = list("types", v.types!, typeNames).map((t) => typeNames.indexOf(t));
  const fmt = list("format", v.format!, ["table", "json", "csv"] as const);
  if (fmt.length !== 1) throw new UsageError("--format: expected one value");
  if (policies.some((p) => p.kind === "auction" || p.kind === "hybrid")) {
    const ids = scenario.venues.map((x) => x.id);
    for (const p of policies) {
      if ((p.kind === "auction" || p.kind === "hybrid") && !ids.includes(p.auctionVenue)) {
        throw new UsageError(
          `--policy ${p.kind}: the scenario has no auction venue "${p.auctionVenue}"`,
        );
      }
    }
  }
  const mc = monteCarlo(scenario, policies, { orders, seed, replications, by, types });
  const labels = [...new Set(mc.intervals.map((r) => r.policy))];
  const comparisons = command === "compare" && by.length === 0
    ? labels.slice(1).map((label) => ({
      policy: label,
      baseline: labels[0],
      customerCost: pairedDifference(mc, "customerCost", labels[0], label),
      customerCostBps: pairedDifference(mc, "customerCostBps", labels[0], label),
      payment: pairedDifference(mc, "payment", labels[0], label),
      priceImprovementAll: pairedDifference(mc, "priceImprovementAll", labels[0], label),
    }))
    : [];

  if (fmt[0] === "json") {
    // Order-level statistics (price improvement over the spread, impact, size, HHI), averaged
    // over the replications, on the same days as the metric cells.
    const selection = { types, notionalMin: notional?.[0], notionalMax: notional?.[1] };
    const extra = new Map<string, Record<string, number>>();
    const hhis = new Map<string, number>();
    for (let r = 0; r < replications; r++) {
      const world = buildWorld(scenario, { orders, seed, replication: r });
      for (const p of policies) {
        const day = runPolicy(world, p);
        const label = policyLabel(p);
        const { groups, hhi } = orderStatistics(day, selection, byVenueKind);
        hhis.set(label, (hhis.get(label) ?? 0) + hhi / replications);
        for (const [kind, st] of groups) {
          const key = JSON.stringify([label, byVenueKind ? kind : null]);
          const e = extra.get(key) ?? {};
          for (const [m, x] of Object.entries(st)) e[m] = (e[m] ?? 0) + x / replications;
          extra.set(key, e);
        }
      }
    }
    // What every JSON document of the command starts with.
    const header = {
      command,
      scenario: v.scenario ?? "default",
      broker: scenario.broker.id,
      policies,
      orders,
      seed,
      replications,
      types: types.map((t) => typeNames[t]),
    };
    if (byVenueKind || notional) {
      return JSON.stringify(
        {
          ...header,
          notional: notional ?? null,
          by: byVenueKind ? ["venue-kind"] : [],
          hhi: Object.fromEntries(hhis),
          rows: [...extra].map(([key, metrics]) => {
            const [policy, venueKind] = JSON.parse(key);
            return {
              policy,
              broker: scenario.broker.id,
              ...(venueKind ? { venueKind } : {}),
              metrics,
            };
          }),
        },
        null,
        2,
      ) + "\n";
    }
    const groups = new Map<string, Record<string, unknown>>();
    for (const row of mc.intervals) {
      const key = JSON.stringify([row.policy, row.group]);
      let g = groups.get(key);
      if (!g) {
        const more = by.length === 0 ? extra.get(JSON.stringify([row.policy, null])) : undefined;
        groups.set(
          key,
          g = {
            policy: row.policy,
            broker: scenario.broker.id,
            ...row.group,
            metrics: { ...more },
          },
        );
      }
      (g.metrics as Record<string, unknown>)[row.metric] = replications > 1
        ? { mean: row.mean, low: row.low, high: row.high }
        : row.mean;
    }
    return JSON.stringify(
      {
        ...header,
        by,
        hhi: Object.fromEntries(hhis),
        interval: replications > 1 ? "95% Student t across replications" : null,
        rows: [...groups.values()],
        ...(command === "compare" ? { differences: comparisons } : {}),
      },
      null,
      2,
    ) + "\n";
  }
  // Table and CSV: one line per policy and group.
  const header = [
    "policy",
    ...by,
    ...CLI_METRICS.map(([m, unit]) => `${m} (${unit})`),
  ];
  const lines: string[][] = [];
  const seen = new Map<string, string[]>();
  for (const row of mc.intervals) {
    const key = JSON.stringify([row.policy, row.group]);
    let line = seen.get(key);
    if (!line) {
      line = [row.policy, ...by.map((d) => row.group[d] ?? ""), ...CLI_METRICS.map(() => "")];
      seen.set(key, line);
      lines.push(line);
    }
    const col = CLI_METRICS.findIndex(([m]) => m === row.metric);
    if (col < 0) continue;
    line[1 + by.length + col] = fmt[0] === "csv"
      ? String(row.mean)
      : replications > 1
      ? `${format(row.mean)} [${format(row.low)}, ${format(row.high)}]`
      : format(row.mean);
  }
  if (fmt[0] === "csv") {
    const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
    return [header, ...lines].map((l) => l.map(esc).join(",")).join("\n") + "\n";
  }
  // Table: transposed (metrics as rows) reads better in a terminal.
  const cols = lines.map((l) => l.slice(0, 1 + by.length).join(" / "));
  const rows = CLI_METRICS.map(([m, unit], c) => [
    `${m} (${unit})`,
    ...lines.map((l) => l[1 + by.length + c]),
  ]);
  const table = [["metric", ...cols], ...rows];
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  const render = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd();
  const title =
    `pfof-lab simulate: ${orders} orders x ${replications} replication(s), seed ${seed}, ` +
    `order types ${types.map((t) => typeNames[t]).join("+")}` +
    (replications > 1 ? "; mean [95% interval]" : "");
  const lines2 = [title, "", render(table[0]), ...table.slice(1).map(render)];
  if (comparisons.length > 0) {
    const f = (e: { mean: number; low: number; high: number }, digits: number) =>
      Number.isFinite(e.low)
        ? `${e.mean.toFixed(digits)} [${e.low.toFixed(digits)}, ${e.high.toFixed(digits)}]`
        : e.mean.toFixed(digits);
    lines2.push("", `Differences from ${comparisons[0].baseline}, paired on the same orders:`);
    const rows2 = [["policy", "customer cost ($)", "cost ($ per $10,000)", "payment ($)"]];
    for (const c of comparisons) {
      rows2.push([c.policy, f(c.customerCost, 0), f(c.customerCostBps, 4), f(c.payment, 0)]);
    }
    const w2 = rows2[0].map((_, k) => Math.max(...rows2.map((r) => r[k].length)));
    for (const r of rows2) lines2.push(r.map((cell, k) => cell.padEnd(w2[k])).join("  ").trimEnd());
  }
  return lines2.join("\n") + "\n";
}

if (import.meta.main) {
  const result = await runCli(Deno.args);
  if (result.code === 0) await Deno.stdout.write(new TextEncoder().encode(result.stdout));
  else await Deno.stderr.write(new TextEncoder().encode(result.stdout));
  Deno.exit(result.code);
}

async function yearCommand(args: string[]): Promise<string> {
  const parsed = parseOptions(args, {
    policy: { type: "string", default: "scorecard" },
    "orders-per-day": { type: "string", default: "10000000" },
    days: { type: "string", default: "252" },
    workers: { type: "string", default: "2" },
    seed: { type: "string", default: "1" },
    out: { type: "string" },
    scenario: { type: "string" },
    format: { type: "string", default: "table" },
    quiet: { type: "boolean", default: false },
  });
  const v = parsed.values;
  if (!v.out) throw new UsageError("--out: expected a folder for the daily Parquet files");
  const policy = policyFromSpec(v.policy!, { cap: 0.001 });
  const ordersPerDay = integer("orders-per-day", v["orders-per-day"]!, 1);
  const days = integer("days", v.days!, 1);
  const workers = integer("workers", v.workers!, 0);
  const seed = integer("seed", v.seed!, 0);
  const fmt = list("format", v.format!, ["table", "json"] as const)[0];
  const scenario: Scenario = v.scenario ? await loadScenarioFile(v.scenario) : defaultScenario();
  const encoder = new TextEncoder();
  // Loaded here: the year run brings polars (a native addon) that the other commands do not need.
  const { runYear } = await import("../runs/year.ts");
  const result = await runYear({
    scenario,
    policy,
    seed,
    ordersPerDay,
    days,
    workers,
    outDir: v.out,
    onProgress: v.quiet ? undefined : (p) => {
      const eta = Number.isFinite(p.secondsLeft) ? `${Math.round(p.secondsLeft)} s left` : "";
      Deno.stderr.writeSync(encoder.encode(
        `\rday ${p.daysDone}/${p.days}  ${(p.ordersDone / 1e6).toFixed(1)}M orders  ` +
          `${(p.ordersPerSecond / 1e6).toFixed(2)}M orders/s  ${eta}     `,
      ));
    },
  });
  if (!v.quiet) Deno.stderr.writeSync(encoder.encode("\n"));
  const m = result.total.summarize([], { types: MARKETABLE_TYPES })[0];
  const all = result.total.summarize([])[0];
  const summary = {
    command: "year",
    policy: policyLabel(policy),
    days,
    ordersPerDay,
    workers,
    seed,
    out: v.out,
    resumedDays: result.resumedDays,
    recomputedDays: result.recomputedDays.map((d) => d + 1),
    seconds: result.seconds,
    totals: {
      orders: all.orders,
      payment: all.payment,
      customerCost: all.customerCost,
      customerCostMarketable: m.customerCost,
      priceImprovement: m.priceImprovementAll * m.filledShares,
      brokerGain: all.brokerGain,
      wholesalerGain: all.wholesalerGain,
      customerCostBpsMarketable: m.customerCostBps,
    },
  };
  if (fmt === "json") return JSON.stringify(summary, null, 2) + "\n";
  const usd = (x: number) => `$${Math.round(x).toLocaleString("en-US")}`;
  return [
    `pfof-lab year: ${days} days x ${
      ordersPerDay.toLocaleString("en-US")
    } orders, ${summary.policy}, ` +
    `seed ${seed}, ${workers} worker(s); ${result.resumedDays} day(s) resumed from ${v.out}`,
    `orders                          ${all.orders.toLocaleString("en-US")}`,
    `payment for order flow          ${usd(all.payment)}`,
    `customer cost beyond midpoint   ${usd(all.customerCost)} (marketable: ${
      usd(m.customerCost)
    }, ` +
    `${m.customerCostBps.toFixed(3)} per $10,000)`,
    `price improvement (marketable)  ${usd(summary.totals.priceImprovement)}`,
    `broker's gain                   ${usd(all.brokerGain)}`,
    `wholesalers' gain               ${usd(all.wholesalerGain)}`,
    `simulated in ${result.seconds.toFixed(1)} s`,
  ].join("\n") + "\n";
}
