/**
 * Bench: one status-quo trading day of retail orders (default 10 million),
 * routed under the calibrated world's status quo ("scorecard": paid, split
 * across wholesalers by the broker's scorecard),
 * executed, marked out, booked in the ledger and measured. Prints one JSON
 * line: orders per second for routing, execution, markouts, ledger and
 * metrics together (the simulator's work per order), the same including the
 * generation of the orders, and the bytes of per-order columns.
 *
 * Run: `deno task bench` (or `deno run -A benches/day.ts --orders 10000000`).
 */
import { parseArgs } from "node:util";
import { Random } from "../lib/sim/random.ts";
import { buildUniverse } from "../lib/sim/securities.ts";
import { simulateMarket } from "../lib/sim/market.ts";
import { generateOrders } from "../lib/sim/flow.ts";
import { venueTable } from "../lib/sim/venues.ts";
import { parsePolicy, route } from "../lib/sim/routing.ts";
import { policyTerms } from "../lib/sim/policy.ts";
import { execute } from "../lib/sim/execution.ts";
import { buildLedger } from "../lib/sim/ledger.ts";
import { MetricsAccumulator } from "../lib/analysis/metrics.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import { brokerPolicy } from "../lib/sim/simulate.ts";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "10000000" },
    chunk: { type: "string", default: "65536" },
    seed: { type: "string", default: "1" },
    policy: { type: "string", default: "scorecard" },
  },
});
const total = Number(values.orders);
const chunkSize = Number(values.chunk);
const scenario = defaultScenario();
const random = new Random(Number(values.seed));
const t0 = performance.now();
const universe = buildUniverse(scenario.universe, random);
const market = simulateMarket(universe, random);
const venues = venueTable(scenario.venues);
const policy = brokerPolicy(scenario, parsePolicy({ kind: values.policy }));
const terms = policyTerms(policy);
const acc = new MetricsAccumulator(venues.ids);
const tMarket = performance.now() - t0;
let tFlow = 0, tRoute = 0, tExec = 0, tLedger = 0, tMetrics = 0;
let bytes = 0;
for (let first = 0; first < total; first += chunkSize) {
  const count = Math.min(chunkSize, total - first);
  let t = performance.now();
  const orders = generateOrders(scenario.flow, universe, random, total, 0, { first, count });
  tFlow += performance.now() - t;
  t = performance.now();
  const routes = route(market, venues, orders, policy, scenario.flow, random);
  tRoute += performance.now() - t;
  t = performance.now();
  const outcomes = execute(market, venues, scenario.flow, orders, routes, random, 0, terms);
  tExec += performance.now() - t;
  t = performance.now();
  const ledger = buildLedger(orders, outcomes, venues);
  tLedger += performance.now() - t;
  t = performance.now();
  acc.add(orders, outcomes, ledger, universe.tier);
  tMetrics += performance.now() - t;
  if (first === 0) {
    for (const cols of [orders, routes, outcomes, ledger]) {
      for (const c of Object.values(cols)) {
        if (ArrayBuffer.isView(c)) bytes += (c as Float64Array).byteLength;
        else if (Array.isArray(c)) {
          for (const x of c) if (ArrayBuffer.isView(x)) bytes += (x as Float64Array).byteLength;
        }
      }
    }
    bytes /= count;
  }
}
const core = (tRoute + tExec + tLedger + tMetrics) / 1000;
const all = (tFlow + tRoute + tExec + tLedger + tMetrics) / 1000;
const summary = acc.summarize([])[0];
console.log(JSON.stringify({
  bench: "status-quo-day",
  orders: total,
  policy: policy.kind,
  ordersPerSecond: Math.round(total / core),
  ordersPerSecondWithFlow: Math.round(total / all),
  bytesPerOrder: Math.round(bytes),
  seconds: {
    market: +(tMarket / 1000).toFixed(3),
    flow: +(tFlow / 1000).toFixed(3),
    routing: +(tRoute / 1000).toFixed(3),
    execution: +(tExec / 1000).toFixed(3),
    ledger: +(tLedger / 1000).toFixed(3),
    metrics: +(tMetrics / 1000).toFixed(3),
  },
  check: { filledShares: summary.filledShares, payment: Math.round(summary.payment) },
  deno: Deno.version.deno,
}));
