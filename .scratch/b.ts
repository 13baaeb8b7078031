import { monteCarlo } from "../lib/montecarlo.ts";
import { pairedEstimate } from "../lib/economics.ts";
import { defaultScenario } from "../lib/scenario.ts";
for (const types of [undefined, [0,1]]) {
const mc = monteCarlo(defaultScenario(), [{ kind: "best-execution" }, { kind: "max-payment" }, {kind: "scorecard"}],
  { orders: 2000, seed: 1, replications: 3, types: types as any });
console.log(types, pairedEstimate(mc, "best-execution", "max-payment", (m) => m.customerCost / m.orders));
console.log(types, pairedEstimate(mc, "best-execution", "scorecard", (m) => m.customerCost / m.orders));
}
