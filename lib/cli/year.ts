/**
 * `deno task cli year [--policy P] [--orders-per-day N] [--days D]
 * [--workers W] [--seed S] [--scenario FILE] [--format table|json] [--quiet]
 * --out DIR`: a year of flow in daily Parquet shards (a stopped run resumes).
 *
 * @module
 */
import { defaultScenario, loadScenarioFile, type Scenario } from "../sim/scenario.ts";
import { type Policy, policyLabel } from "../sim/policy.ts";
import { MARKETABLE_TYPES } from "../sim/flow.ts";
import type { YearProgress, YearResult } from "../runs/year.ts";
import {
  formatOption,
  integer,
  parseOptions,
  policyFromSpec,
  seedOption,
  UsageError,
} from "./options.ts";
import { jsonText } from "./render.ts";

/** What `year` was asked for. */
interface YearOptions {
  policy: Policy;
  ordersPerDay: number;
  days: number;
  workers: number;
  seed: number;
  out: string;
  scenarioFile?: string;
  format: "table" | "json";
  quiet: boolean;
}

function parseYearOptions(args: string[]): YearOptions {
  const { values: v } = parseOptions(args, {
    policy: { type: "string", default: "scorecard" },
    "orders-per-day": { type: "string", default: "10000000" },
    days: { type: "string", default: "252" },
    workers: { type: "string", default: String(navigator.hardwareConcurrency || 1) },
    seed: { type: "string", default: "1" },
    out: { type: "string" },
    scenario: { type: "string" },
    format: { type: "string", default: "table" },
    quiet: { type: "boolean", default: false },
  });
  if (!v.out) throw new UsageError("--out: expected a folder for the daily Parquet files");
  return {
    policy: policyFromSpec(v.policy!, { cap: 0.001 }),
    ordersPerDay: integer("orders-per-day", v["orders-per-day"]!, 1),
    days: integer("days", v.days!, 1),
    workers: integer("workers", v.workers!, 0),
    seed: seedOption("seed", v.seed!),
    format: formatOption(v.format!, ["table", "json"] as const),
    out: v.out,
    scenarioFile: v.scenario,
    quiet: v.quiet!,
  };
}

/** One line of progress on standard error, rewritten in place. */
function progressLine(p: YearProgress): string {
  const eta = Number.isFinite(p.secondsLeft) ? `${Math.round(p.secondsLeft)} s left` : "";
  return `\rday ${p.daysDone}/${p.days}  ${(p.ordersDone / 1e6).toFixed(1)}M orders  ` +
    `${(p.ordersPerSecond / 1e6).toFixed(2)}M orders/s  ${eta}     `;
}

/**
 * Runs a year of flow into daily Parquet files and reports its totals as a
 * table or JSON `{ command, policy, days, ordersPerDay, workers, seed, out,
 * resumedDays, recomputedDays, seconds, totals }`.
 *
 * @example
 * ```ts
 * import { yearCommand } from "./year.ts";
 * try { await yearCommand(["--days", "1"]); throw new Error("accepted"); }
 * catch (e) { if (!(e as Error).message.startsWith("--out: expected a folder")) throw e; }
 * ```
 */
export async function yearCommand(args: string[]): Promise<string> {
  const o = parseYearOptions(args);
  const scenario: Scenario = o.scenarioFile
    ? await loadScenarioFile(o.scenarioFile)
    : defaultScenario();
  const encoder = new TextEncoder();
  // Loaded here: the year run brings polars (a native addon) that the other commands do not need.
  const { runYear } = await import("../runs/year.ts");
  const result = await runYear({
    scenario,
    policy: o.policy,
    seed: o.seed,
    ordersPerDay: o.ordersPerDay,
    days: o.days,
    workers: o.workers,
    outDir: o.out,
    onProgress: o.quiet ? undefined : (p) => Deno.stderr.writeSync(encoder.encode(progressLine(p))),
  });
  if (!o.quiet) Deno.stderr.writeSync(encoder.encode("\n"));
  return renderYear(o, result);
}

function renderYear(o: YearOptions, result: YearResult): string {
  const m = result.total.summarize([], { types: MARKETABLE_TYPES })[0];
  const all = result.total.summarize([])[0];
  const summary = {
    command: "year",
    policy: policyLabel(o.policy),
    days: o.days,
    ordersPerDay: o.ordersPerDay,
    workers: o.workers,
    seed: o.seed,
    out: o.out,
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
  if (o.format === "json") return jsonText(summary);
  const usd = (x: number) => `$${Math.round(x).toLocaleString("en-US")}`;
  return [
    `pfof-lab year: ${o.days} days x ${
      o.ordersPerDay.toLocaleString("en-US")
    } orders, ${summary.policy}, ` +
    `seed ${o.seed}, ${o.workers} worker(s); ${result.resumedDays} day(s) resumed from ${o.out}`,
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
