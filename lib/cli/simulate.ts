/**
 * `deno task cli simulate [options]` and `deno task cli compare [options]`:
 * the metrics of each policy on the same orders (Monte Carlo replications
 * add 95% intervals), as a table, CSV or JSON; `compare` adds each policy's
 * paired difference from the first (`compare.ts`).
 *
 * The command parses its options ({@linkcode parseSimulateOptions}), runs
 * the replications, and renders one of three formats
 * ({@linkcode renderSimulateJson}, {@linkcode renderSimulateText}).
 *
 * @module
 */
import { defaultScenario, loadScenarioFile, type Scenario } from "../sim/scenario.ts";
import { type Policy, policyLabel } from "../sim/policy.ts";
import { ORDER_TYPES } from "../sim/flow.ts";
import { withBroker } from "../sim/brokers.ts";
import { monteCarlo, type MonteCarloProgress, type MonteCarloResult } from "../runs/montecarlo.ts";
import { type Chunk, forEachChunk } from "../runs/chunks.ts";
import type { Dimension, Metrics } from "../analysis/metrics.ts";
import { OrderStatsAccumulator } from "../analysis/orderstats.ts";
import {
  boundedInteger,
  formatOption,
  list,
  MAX_ORDERS,
  MAX_REPLICATIONS,
  MAX_WORK,
  notionalRange,
  numberOption,
  parseOptions,
  policyFromSpec,
  seedOption,
  USAGE,
  UsageError,
} from "./options.ts";
import { stopIfOrphaned } from "./process.ts";
import { alignRows, csvText, jsonText, terminalNumber } from "./render.ts";
import {
  COMPARE_POLICIES,
  COMPARE_REPLICATIONS,
  type Comparison,
  differenceLines,
  pairedComparisons,
} from "./compare.ts";

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

/** The policies `simulate` runs when neither `--policy` nor `--broker` is given. */
export const SIMULATE_POLICIES = "scorecard,best-execution,max-payment";

/** What `simulate` or `compare` was asked for, parsed and checked. */
export interface SimulateOptions {
  /** The command. */
  command: "simulate" | "compare";
  /** The scenario file (`--scenario`), when given. */
  scenarioFile?: string;
  /** The scenario (in the broker's world with `--broker`). */
  scenario: Scenario;
  /** The policies, in the order given. */
  policies: Policy[];
  /** Orders per replication. */
  orders: number;
  /** Seed of every stream. */
  seed: number;
  /** Replications. */
  replications: number;
  /** Dimensions of the metric cells (empty with `--by venue-kind`). */
  by: Dimension[];
  /** Whether `--by venue-kind` asked for order-level statistics by kind of venue. */
  byVenueKind: boolean;
  /** `--notional LO-HI`, dollars. */
  notional?: [number, number];
  /** Order type codes. */
  types: number[];
  /** Output format. */
  format: "table" | "json" | "csv";
  /** Whether `--quiet` turned off the progress line of long runs. */
  quiet: boolean;
}

/**
 * Parses the options of `simulate` or `compare` (`args` after the command);
 * `"help"` for `--help`.
 *
 * @example
 * ```ts
 * import { parseSimulateOptions } from "./simulate.ts";
 * const o = await parseSimulateOptions("compare", ["--orders=500", "--by=venue"]);
 * if (o === "help" || o.replications !== 3 || o.policies.length !== 6) throw new Error();
 * if (o.by.join() !== "venue" || o.types.join() !== "0,1") throw new Error();
 * ```
 */
export async function parseSimulateOptions(
  command: "simulate" | "compare",
  args: string[],
): Promise<SimulateOptions | "help"> {
  const { values: v } = parseOptions(args, {
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
    replications: {
      type: "string",
      default: command === "compare" ? String(COMPARE_REPLICATIONS) : "1",
    },
    by: { type: "string", default: "" },
    types: { type: "string", default: "market,marketableLimit" },
    scenario: { type: "string" },
    broker: { type: "string" },
    notional: { type: "string" },
    format: { type: "string", default: "table" },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (v.help) return "help";
  const weight = numberOption("weight", v.weight)!;
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
      ? COMPARE_POLICIES
      : v.broker
      ? scenario.broker.policy
      : SIMULATE_POLICIES))
    .split(",").map((x) => x.trim()).filter((x) => x.length > 0);
  if (specs.length === 0) throw new UsageError("--policy: expected at least one policy");
  const policies = specs.map((spec) => policyFromSpec(spec, defaults));
  const orders = boundedInteger(
    "orders",
    v.orders!,
    1,
    MAX_ORDERS,
    "per replication; deno task cli year runs more, a day at a time",
  );
  const seed = seedOption("seed", v.seed!);
  const replications = boundedInteger(
    "replications",
    v.replications!,
    1,
    MAX_REPLICATIONS,
    "every replication's rows are kept for the intervals",
  );
  const work = orders * replications * policies.length;
  if (work > MAX_WORK) {
    throw new UsageError(
      `--orders ${orders} x --replications ${replications} x ${policies.length} ` +
        `polic${policies.length === 1 ? "y" : "ies"} is ${work.toExponential(2)} orders to ` +
        `simulate, more than the limit of ${MAX_WORK.toExponential(0)} (hours); ` +
        `lower --orders or --replications`,
    );
  }
  const byVenueKind = v.by === "venue-kind";
  const by = v.by && !byVenueKind
    ? list<Dimension>("by", v.by, ["venue", "type", "sizeBucket", "tier"])
    : [];
  const notional = v.notional === undefined ? undefined : notionalRange(v.notional);
  const types = list("types", v.types!, ORDER_TYPES).map((t) => ORDER_TYPES.indexOf(t));
  const format = formatOption(v.format!, ["table", "json", "csv"] as const);
  checkAuctionVenues(scenario, policies);
  return {
    command,
    scenarioFile: v.scenario,
    scenario,
    policies,
    orders,
    seed,
    replications,
    by,
    byVenueKind,
    notional,
    types,
    format,
    quiet: v.quiet!,
  };
}

/** An auction (or a hybrid's auction) needs its venue in the scenario. */
function checkAuctionVenues(scenario: Scenario, policies: Policy[]): void {
  const ids = scenario.venues.map((x) => x.id);
  for (const p of policies) {
    if ((p.kind === "auction" || p.kind === "hybrid") && !ids.includes(p.auctionVenue)) {
      throw new UsageError(
        `--policy ${p.kind}: the scenario has no auction venue "${p.auctionVenue}"`,
      );
    }
  }
}

/**
 * Runs `simulate` or `compare`: parses, runs the replications and renders
 * the asked format (the usage text for `--help`).
 *
 * @example
 * ```ts
 * import { simulateCommand } from "./simulate.ts";
 * const doc = JSON.parse(await simulateCommand("simulate",
 *   ["--policy=best-execution", "--orders=500", "--format=json"]));
 * if (doc.rows[0].policy !== "best-execution" || doc.rows[0].metrics.orders <= 0) throw new Error();
 * ```
 */
export async function simulateCommand(
  command: "simulate" | "compare",
  args: string[],
): Promise<string> {
  const o = await parseSimulateOptions(command, args);
  if (o === "help") return USAGE;
  const level = o.format === "json" ? orderLevelCollector(o) : undefined;
  const progress = o.quiet ? undefined : progressReporter(o);
  const mc = monteCarlo(o.scenario, o.policies, {
    orders: o.orders,
    seed: o.seed,
    replications: o.replications,
    by: o.by,
    types: o.types,
    onChunk: level?.add,
    onProgress: (p) => {
      stopIfOrphaned();
      progress?.update(p);
    },
  });
  progress?.done();
  const comparisons = o.command === "compare" ? pairedComparisons(mc) : [];
  return o.format === "json"
    ? renderSimulateJson(o, mc, comparisons, level!.result())
    : renderSimulateText(o, mc, comparisons);
}

/** Runs longer than this many orders x policies show a progress line on standard error. */
const PROGRESS_WORK = 5_000_000;

/**
 * A progress line on standard error for a long run (none for a short one),
 * rewritten at most twice a second.
 */
function progressReporter(
  o: SimulateOptions,
): { update: (p: MonteCarloProgress) => void; done: () => void } | undefined {
  if (o.orders * o.replications * o.policies.length < PROGRESS_WORK) return undefined;
  const encoder = new TextEncoder();
  const started = performance.now();
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = performance.now();
      if (now - last < 500 && p.ordersDone < p.orders) return;
      last = now;
      shown = true;
      const share = (p.replication + p.ordersDone / p.orders) / p.replications;
      const seconds = (now - started) / 1000;
      const left = share > 0 ? seconds * (1 - share) / share : NaN;
      Deno.stderr.writeSync(encoder.encode(
        `\rreplication ${p.replication + 1}/${p.replications}  ` +
          `${(p.ordersDone / 1e6).toFixed(1)}M/${(p.orders / 1e6).toFixed(1)}M orders  ` +
          `${(100 * share).toFixed(1)}%  ${
            Number.isFinite(left) ? `${Math.round(left)} s left` : ""
          }   `,
      ));
    },
    done() {
      if (shown) Deno.stderr.writeSync(encoder.encode("\n"));
    },
  };
}

/** Order-level statistics of each policy (and kind of venue), averaged over the replications. */
export interface OrderLevel {
  /** By `JSON.stringify([policy label, venue kind or null])`. */
  extra: Map<string, Record<string, number>>;
  /** Each policy's routing concentration. */
  hhis: Map<string, number>;
}

/**
 * Collects the order-level statistics (price improvement over the spread,
 * impact, size, HHI) chunk by chunk as the run goes, on the same days as the
 * metric cells, and averages them over the replications.
 */
function orderLevelCollector(
  o: SimulateOptions,
): { add: (c: Chunk) => void; result: () => OrderLevel } {
  const selection = { types: o.types, notionalMin: o.notional?.[0], notionalMax: o.notional?.[1] };
  // One accumulator per replication and policy, in the order they run.
  const accs = new Map<string, { label: string; acc: OrderStatsAccumulator }>();
  return {
    add(c) {
      const key = `${c.replication}:${c.policyIndex}`;
      let entry = accs.get(key);
      if (!entry) {
        entry = {
          label: policyLabel(c.policy),
          acc: new OrderStatsAccumulator(selection, c.venues.count, o.byVenueKind),
        };
        accs.set(key, entry);
      }
      entry.acc.add(c);
    },
    result() {
      const extra = new Map<string, Record<string, number>>();
      const hhis = new Map<string, number>();
      for (const { label, acc } of accs.values()) {
        const { groups, hhi } = acc.result();
        hhis.set(label, (hhis.get(label) ?? 0) + hhi / o.replications);
        for (const [kind, st] of groups) {
          const key = JSON.stringify([label, o.byVenueKind ? kind : null]);
          const e = extra.get(key) ?? {};
          for (const [m, x] of Object.entries(st)) e[m] = (e[m] ?? 0) + x / o.replications;
          extra.set(key, e);
        }
      }
      return { extra, hhis };
    },
  };
}

/** The order-level statistics of a run, by a second pass over its chunks. */
function orderLevel(o: SimulateOptions): OrderLevel {
  const level = orderLevelCollector(o);
  for (let r = 0; r < o.replications; r++) {
    forEachChunk(
      o.scenario,
      o.policies,
      { orders: o.orders, seed: o.seed, replication: r },
      level.add,
    );
  }
  return level.result();
}

/**
 * The JSON document of `simulate` or `compare`: the command's parameters,
 * then one row per policy and group with its metrics (mean, or mean and 95%
 * interval), the order-level statistics (`level`, collected during the run;
 * without it, a second pass over the same orders, in chunks), and
 * `compare`'s differences (by group with `--by`).
 *
 * @example
 * ```ts
 * import { parseSimulateOptions, renderSimulateJson } from "./simulate.ts";
 * import { monteCarlo } from "../runs/montecarlo.ts";
 * const o = await parseSimulateOptions("simulate", ["--policy=max-payment", "--orders=400"]);
 * if (o === "help") throw new Error();
 * const mc = monteCarlo(o.scenario, o.policies, { orders: 400, seed: 1, replications: 1, types: o.types });
 * const doc = JSON.parse(renderSimulateJson(o, mc, []));
 * if (doc.command !== "simulate" || doc.interval !== null || doc.rows.length !== 1) throw new Error();
 * ```
 */
export function renderSimulateJson(
  o: SimulateOptions,
  mc: MonteCarloResult,
  comparisons: Comparison[],
  level: OrderLevel = orderLevel(o),
): string {
  const { extra, hhis } = level;
  // What every JSON document of the command starts with.
  const header = {
    command: o.command,
    scenario: o.scenarioFile ?? "default",
    broker: o.scenario.broker.id,
    policies: o.policies,
    orders: o.orders,
    seed: o.seed,
    replications: o.replications,
    types: o.types.map((t) => ORDER_TYPES[t]),
  };
  if (o.byVenueKind || o.notional) {
    return jsonText({
      ...header,
      notional: o.notional ?? null,
      by: o.byVenueKind ? ["venue-kind"] : [],
      hhi: Object.fromEntries(hhis),
      rows: [...extra].map(([key, metrics]) => {
        const [policy, venueKind] = JSON.parse(key);
        return {
          policy,
          broker: o.scenario.broker.id,
          ...(venueKind ? { venueKind } : {}),
          metrics,
        };
      }),
    });
  }
  const groups = new Map<string, Record<string, unknown>>();
  for (const row of mc.intervals) {
    const key = JSON.stringify([row.policy, row.group]);
    let g = groups.get(key);
    if (!g) {
      const more = o.by.length === 0 ? extra.get(JSON.stringify([row.policy, null])) : undefined;
      g = { policy: row.policy, broker: o.scenario.broker.id, ...row.group, metrics: { ...more } };
      groups.set(key, g);
    }
    (g.metrics as Record<string, unknown>)[row.metric] = o.replications > 1
      ? { mean: row.mean, low: row.low, high: row.high }
      : row.mean;
  }
  return jsonText({
    ...header,
    by: o.by,
    hhi: Object.fromEntries(hhis),
    interval: o.replications > 1 ? "95% Student t across replications" : null,
    rows: [...groups.values()],
    ...(o.command === "compare" ? { differences: comparisons } : {}),
  });
}

/** One line of cells per policy and group: its keys, then each of {@linkcode CLI_METRICS}. */
function metricLines(o: SimulateOptions, mc: MonteCarloResult): string[][] {
  const lines: string[][] = [];
  const seen = new Map<string, string[]>();
  for (const row of mc.intervals) {
    const key = JSON.stringify([row.policy, row.group]);
    let line = seen.get(key);
    if (!line) {
      line = [row.policy, ...o.by.map((d) => row.group[d] ?? ""), ...CLI_METRICS.map(() => "")];
      seen.set(key, line);
      lines.push(line);
    }
    const col = CLI_METRICS.findIndex(([m]) => m === row.metric);
    if (col < 0) continue;
    line[1 + o.by.length + col] = o.format === "csv"
      ? String(row.mean)
      : o.replications > 1
      ? `${terminalNumber(row.mean)} [${terminalNumber(row.low)}, ${terminalNumber(row.high)}]`
      : terminalNumber(row.mean);
  }
  return lines;
}

/**
 * The CSV (one line per policy and group) or the table (metrics as rows, a
 * column per policy and group, then `compare`'s differences) of `simulate`
 * or `compare`.
 *
 * @example
 * ```ts
 * import { parseSimulateOptions, renderSimulateText } from "./simulate.ts";
 * import { monteCarlo } from "../runs/montecarlo.ts";
 * const o = await parseSimulateOptions("simulate",
 *   ["--policy=best-execution", "--orders=400", "--format=csv"]);
 * if (o === "help") throw new Error();
 * const mc = monteCarlo(o.scenario, o.policies, { orders: 400, seed: 1, replications: 1, types: o.types });
 * const [header, line] = renderSimulateText(o, mc, []).trim().split("\n");
 * if (!header.startsWith("policy,orders (orders),") || !line.startsWith("best-execution,")) {
 *   throw new Error();
 * }
 * ```
 */
export function renderSimulateText(
  o: SimulateOptions,
  mc: MonteCarloResult,
  comparisons: Comparison[],
): string {
  const lines = metricLines(o, mc);
  if (o.format === "csv") {
    const header = ["policy", ...o.by, ...CLI_METRICS.map(([m, unit]) => `${m} (${unit})`)];
    return csvText([header, ...lines]);
  }
  // Table: transposed (metrics as rows) reads better in a terminal.
  const cols = lines.map((l) => l.slice(0, 1 + o.by.length).join(" / "));
  const rows = CLI_METRICS.map(([m, unit], c) => [
    `${m} (${unit})`,
    ...lines.map((l) => l[1 + o.by.length + c]),
  ]);
  const title =
    `pfof-lab simulate: ${o.orders} orders x ${o.replications} replication(s), seed ${o.seed}, ` +
    `order types ${o.types.map((t) => ORDER_TYPES[t]).join("+")}` +
    (o.replications > 1 ? "; mean [95% interval]" : "");
  return [
    title,
    "",
    ...alignRows([["metric", ...cols], ...rows]),
    ...differenceLines(comparisons),
  ].join("\n") + "\n";
}
