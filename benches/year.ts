/**
 * Bench: a year run's throughput with 1 and with 2 workers (default: 4 days
 * of 2 million orders each, status quo), its peak memory, and the time a full
 * default year (252 days x 10 million orders) would take at the measured rate.
 * Prints one JSON line.
 *
 * Run: `deno task bench:year` (or `--days D --orders-per-day N`).
 */
import { parseArgs } from "node:util";
import { runYear } from "../lib/runs/year.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";

const { values } = parseArgs({
  options: {
    days: { type: "string", default: "4" },
    "orders-per-day": { type: "string", default: "2000000" },
    policy: { type: "string", default: "scorecard" },
  },
});
const days = Number(values.days);
const ordersPerDay = Number(values["orders-per-day"]);
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, Deno.memoryUsage().rss)), 50);
const rates: Record<string, number> = {};
let totals: number[] = [];
for (const workers of [1, 2]) {
  const started = performance.now();
  const r = await runYear({
    scenario: defaultScenario(),
    policy: { kind: values.policy as "scorecard" },
    seed: 1,
    ordersPerDay,
    days,
    workers,
  });
  const seconds = (performance.now() - started) / 1000;
  rates[workers] = days * ordersPerDay / seconds;
  const t = r.total.summarize([])[0];
  const now = [t.payment, t.customerCost];
  if (totals.length && (totals[0] !== now[0] || totals[1] !== now[1])) {
    throw new Error("totals differ between worker counts");
  }
  totals = now;
}
clearInterval(sampler);
const fullYear = 252 * 10_000_000;
console.log(JSON.stringify({
  bench: "year",
  days,
  ordersPerDay,
  ordersPerSecond1Worker: Math.round(rates[1]),
  ordersPerSecond2Workers: Math.round(rates[2]),
  speedUp: +(rates[2] / rates[1]).toFixed(2),
  peakRssMiB: Math.round(peak / 2 ** 20),
  fullYearMinutesAt2Workers: +(fullYear / rates[2] / 60).toFixed(1),
  identicalTotals: true,
}));
