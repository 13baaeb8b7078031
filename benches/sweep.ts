/**
 * Bench: a sweep of 20 policies x 5 replications x 1 million orders (the
 * policy-futures scale), every policy on the same orders within a
 * replication. Prints one JSON line with the wall time and the order-policy
 * evaluations per second.
 *
 * Run: `deno task bench:sweep` (or with `--orders N --replications R`).
 */
import { parseArgs } from "node:util";
import { Random } from "../lib/sim/random.ts";
import { buildUniverse } from "../lib/sim/securities.ts";
import { simulateMarket } from "../lib/sim/market.ts";
import { generateOrders } from "../lib/sim/flow.ts";
import { venueTable } from "../lib/sim/venues.ts";
import { route } from "../lib/sim/routing.ts";
import { type PolicyInput, policyTerms } from "../lib/sim/policy.ts";
import { execute } from "../lib/sim/execution.ts";
import { buildLedger } from "../lib/sim/ledger.ts";
import { MetricsAccumulator } from "../lib/analysis/metrics.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import { brokerPolicy } from "../lib/sim/simulate.ts";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "1000000" },
    replications: { type: "string", default: "5" },
    chunk: { type: "string", default: "65536" },
  },
});
const orders = Number(values.orders);
const replications = Number(values.replications);
const chunk = Number(values.chunk);
const scenario = defaultScenario();
const inputs: PolicyInput[] = [
  { kind: "scorecard" },
  { kind: "max-payment" },
  { kind: "best-execution" },
  { kind: "balanced", paymentWeight: 0.3 },
  { kind: "balanced", paymentWeight: 0.6 },
  { kind: "disclosure" },
  ...[0, 0.0005, 0.001, 0.002, 0.003, 0.005].map((cap) => ({ kind: "cap" as const, cap })),
  ...[2, 3, 5, 8, 12].map((bidders) => ({ kind: "auction" as const, bidders })),
  { kind: "ban" },
  { kind: "commission" },
  { kind: "hybrid" },
];
const policies = inputs.map((p) => brokerPolicy(scenario, p));
const venues = venueTable(scenario.venues);
const started = performance.now();
const random = new Random(1);
const universe = buildUniverse(scenario.universe, random);
let checksum = 0;
for (let r = 0; r < replications; r++) {
  const market = simulateMarket(universe, random, r);
  const accs = policies.map(() => new MetricsAccumulator(venues.ids));
  for (let first = 0; first < orders; first += chunk) {
    const count = Math.min(chunk, orders - first);
    const o = generateOrders(scenario.flow, universe, random, orders, r, { first, count });
    policies.forEach((policy, p) => {
      const terms = policyTerms(policy);
      const routes = route(market, venues, o, policy, scenario.flow, random, r);
      const outcomes = execute(market, venues, scenario.flow, o, routes, random, r, terms);
      accs[p].add(o, outcomes, buildLedger(o, outcomes, venues), universe.tier);
    });
  }
  checksum += accs.reduce((s, a) => s + a.summarize([])[0].customerCost, 0);
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({
  bench: "policy-sweep",
  policies: policies.length,
  replications,
  orders,
  seconds: +seconds.toFixed(2),
  orderPolicyPerSecond: Math.round(policies.length * replications * orders / seconds),
  checksum: Math.round(checksum),
}));
