/**
 * Bench: one status-quo trading day of retail orders (default 10 million),
 * routed under the calibrated world's status quo ("scorecard": paid, split
 * across wholesalers by the broker's scorecard), executed, marked out, booked
 * in the ledger and measured.
 *
 * Prints JSON lines:
 * - `status-quo-day`: the fused pass (`OrderPass`: each order routed,
 *   executed, booked and added to the sums in one step, no per-order
 *   columns). `ordersPerSecond` counts routing, execution, ledger and metrics;
 *   `ordersPerSecondWithFlow` adds the generation of the orders.
 * - `status-quo-day-columnar` (with `--columnar`, instead): the same day
 *   through the per-order columns (route, execute, buildLedger,
 *   MetricsAccumulator.add), stage by stage, and the bytes of columns per
 *   order. Its check must equal the fused pass's. (Run apart: in one process
 *   the two paths share per-order functions and V8 re-optimises them for
 *   each caller, which slows whichever runs second.)
 *
 * With `--python`, the fused line also gives the source document's Python
 * mini-project measured in the same run (`benches/seed_python.py`, which
 * needs Debian's python3-pandas and python3-matplotlib; `$PYTHON` or
 * /usr/bin/python3) and the ratio.
 *
 * Run: `deno task bench` (or `deno run -A benches/day.ts --orders 10000000 --columnar`).
 */
import { parseArgs } from "node:util";
import { Random } from "../lib/sim/random.ts";
import { buildUniverse } from "../lib/sim/securities.ts";
import { simulateMarket } from "../lib/sim/market.ts";
import { generateOrders, type Orders } from "../lib/sim/flow.ts";
import { venueTable } from "../lib/sim/venues.ts";
import { parsePolicy, route } from "../lib/sim/routing.ts";
import { policyTerms } from "../lib/sim/policy.ts";
import { execute } from "../lib/sim/execution.ts";
import { buildLedger } from "../lib/sim/ledger.ts";
import { MetricsAccumulator } from "../lib/analysis/metrics.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import { brokerPolicy, OrderPass } from "../lib/sim/simulate.ts";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "10000000" },
    chunk: { type: "string", default: "65536" },
    seed: { type: "string", default: "1" },
    policy: { type: "string", default: "scorecard" },
    columnar: { type: "boolean", default: false },
    python: { type: "boolean", default: false },
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
const tMarket = performance.now() - t0;
const check = (acc: MetricsAccumulator) => {
  const s = acc.summarize([])[0];
  return { filledShares: s.filledShares, payment: Math.round(s.payment) };
};

// The fused pass (the default).
if (!values.columnar) {
  const acc = new MetricsAccumulator(venues.ids);
  const pass = new OrderPass({ scenario, market, venues, random, replication: 0 }, policy);
  let tFlow = 0, tPass = 0;
  let buffer: Orders | undefined;
  for (let first = 0; first < total; first += chunkSize) {
    const count = Math.min(chunkSize, total - first);
    let t = performance.now();
    const orders = generateOrders(
      scenario.flow,
      universe,
      random,
      total,
      0,
      { first, count },
      buffer,
    );
    buffer ??= orders;
    tFlow += performance.now() - t;
    t = performance.now();
    pass.accumulate(orders, acc);
    tPass += performance.now() - t;
  }
  console.log(JSON.stringify({
    bench: "status-quo-day",
    orders: total,
    policy: policy.kind,
    ordersPerSecond: Math.round(total / (tPass / 1000)),
    ordersPerSecondWithFlow: Math.round(total / ((tFlow + tPass) / 1000)),
    seconds: {
      market: +(tMarket / 1000).toFixed(3),
      flow: +(tFlow / 1000).toFixed(3),
      pass: +(tPass / 1000).toFixed(3),
    },
    check: check(acc),
    ...(values.python ? seedPython(total / (tPass / 1000)) : {}),
    deno: Deno.version.deno,
  }));
} else {
  // The same day through per-order columns, stage by stage.
  const acc = new MetricsAccumulator(venues.ids);
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
  console.log(JSON.stringify({
    bench: "status-quo-day-columnar",
    orders: total,
    policy: policy.kind,
    ordersPerSecond: Math.round(total / core),
    ordersPerSecondWithFlow: Math.round(total / (core + tFlow / 1000)),
    bytesPerOrder: Math.round(bytes),
    seconds: {
      flow: +(tFlow / 1000).toFixed(3),
      routing: +(tRoute / 1000).toFixed(3),
      execution: +(tExec / 1000).toFixed(3),
      ledger: +(tLedger / 1000).toFixed(3),
      metrics: +(tMetrics / 1000).toFixed(3),
    },
    check: check(acc),
    deno: Deno.version.deno,
  }));
}

/** The seed's Python mini-project, run now, and how many times faster the fused pass is. */
function seedPython(ordersPerSecond: number): Record<string, number> {
  const script = new URL("./seed_python.py", import.meta.url).pathname;
  // Debian's python3, where python3-pandas installs (a pyenv python3 may shadow it on PATH).
  const python = Deno.env.get("PYTHON") ?? "/usr/bin/python3";
  const out = new Deno.Command(python, { args: [script], stdout: "piped" }).outputSync();
  if (!out.success) throw new Error("benches/seed_python.py failed (python3-pandas installed?)");
  const py = JSON.parse(new TextDecoder().decode(out.stdout)) as { ordersPerSecond: number };
  return {
    seedPythonOrdersPerSecond: Math.round(py.ordersPerSecond),
    timesSeedPython: Math.round(ordersPerSecond / py.ordersPerSecond),
  };
}
