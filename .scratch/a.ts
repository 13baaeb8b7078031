import { monteCarlo } from "../lib/montecarlo.ts";
import { pairedEstimate } from "../lib/economics.ts";
import { defaultScenario } from "../lib/scenario.ts";
import { buildWorld, runPolicy } from "../lib/simulate.ts";
const s = defaultScenario();
console.log(s.broker, s.venues.filter(v=>v.kind==="wholesaler").map(v=>[v.id, JSON.stringify(v.priceImprovement), v.paymentPerShare.sp500.market]));
const mc = monteCarlo(s, [{ kind: "best-execution" }, { kind: "max-payment" }],
  { orders: 2000, seed: 1, replications: 3, types: [0, 1] });
const extra = pairedEstimate(mc, "best-execution", "max-payment", (m) => m.customerCost / m.orders);
console.log(extra);
const w = buildWorld(s, {orders: 5000, seed: 1});
for (const k of ["best-execution","max-payment","scorecard"] as const) {
  const r = runPolicy(w, {kind:k});
  const cnt: Record<string, number> = {};
  for (let i=0;i<r.routes.venue.length;i++){ const id=w.venues.ids[r.routes.venue[i]]; cnt[id]=(cnt[id]??0)+1;}
  let c=0, rev=0; for (let i=0;i<r.routes.venue.length;i++){c+=r.routes.expectedCost[i]*w.orders.size[i]; rev+=r.routes.expectedRevenue[i]*w.orders.size[i];}
  console.log(k, cnt, c, rev);
}
