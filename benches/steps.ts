/**
 * Bench: what each step of the fused pass costs per order, on one chunk of
 * the status-quo day (default 1,048,576 orders), in nanoseconds: drawing or
 * choosing the venue (`Router.pick`), executing a marketable order and a
 * resting limit (`Executor.run`), booking and measuring (`bookOrder`,
 * `MetricsAccumulator.addOrder`), and generating the orders. The best of
 * three passes each. Prints one JSON line; the README's performance section
 * explains the 20-million-orders-a-second goal with it.
 *
 * Run: `deno run -A benches/steps.ts [--orders N] [--policy P]`.
 */
import { parseArgs } from "node:util";
import { Random } from "../lib/sim/random.ts";
import { buildUniverse } from "../lib/sim/securities.ts";
import { simulateMarket } from "../lib/sim/market.ts";
import { generateOrders, NON_MARKETABLE_LIMIT } from "../lib/sim/flow.ts";
import { venueTable } from "../lib/sim/venues.ts";
import { parsePolicy, Router } from "../lib/sim/routing.ts";
import { policyTerms } from "../lib/sim/policy.ts";
import { Executor, orderOutcome } from "../lib/sim/execution.ts";
import { bookOrder, ledgerEntry } from "../lib/sim/ledger.ts";
import { MetricsAccumulator } from "../lib/analysis/metrics.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import { brokerPolicy } from "../lib/sim/simulate.ts";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: String(1 << 20) },
    policy: { type: "string", default: "scorecard" },
  },
});
const n = Number(values.orders);
const scenario = defaultScenario();
const random = new Random(1);
const universe = buildUniverse(scenario.universe, random);
const market = simulateMarket(universe, random);
const venues = venueTable(scenario.venues);
const policy = brokerPolicy(scenario, parsePolicy({ kind: values.policy }));
const orders = generateOrders(scenario.flow, universe, random, n);
const router = new Router(market, venues, policy, scenario.flow, random);
const executor = new Executor(market, venues, scenario.flow, random, 0, policyTerms(policy));
const acc = new MetricsAccumulator(venues.ids);
const venue = new Uint8Array(n);
const r = orderOutcome();
const e = ledgerEntry();
const none = { perOrder: 0, perShare: 0 };
const marketable: number[] = [];
const resting: number[] = [];
for (let i = 0; i < n; i++) {
  (orders.type[i] === NON_MARKETABLE_LIMIT ? resting : marketable).push(i);
}

/** Best of three timings of `f` over `count` orders, ns per order. */
function nsPerOrder(count: number, f: () => void): number {
  let best = Infinity;
  for (let rep = 0; rep < 3; rep++) {
    const t = performance.now();
    f();
    best = Math.min(best, performance.now() - t);
  }
  return Math.round(best * 1e6 / count);
}

const route = nsPerOrder(n, () => {
  for (let i = 0; i < n; i++) venue[i] = router.pick(orders, i);
});
const executeMarketable = nsPerOrder(marketable.length, () => {
  for (const i of marketable) executor.run(orders, i, venue[i], r);
});
const executeResting = nsPerOrder(resting.length, () => {
  for (const i of resting) executor.run(orders, i, venue[i], r);
});
const bookAndMeasure = nsPerOrder(n, () => {
  for (let i = 0; i < n; i++) {
    bookOrder(venues, orders.side[i], r, none, e);
    acc.addOrder(orders.type[i], orders.size[i], orders.side[i], venue[i], 0, r, e);
  }
});
const generate = nsPerOrder(n, () => void generateOrders(scenario.flow, universe, random, n));
console.log(JSON.stringify({
  bench: "fused-pass-steps",
  orders: n,
  policy: policy.kind,
  nsPerOrder: { route, executeMarketable, executeResting, bookAndMeasure, generate },
  restingShare: +(resting.length / n).toFixed(3),
  deno: Deno.version.deno,
}));
