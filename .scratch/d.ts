import { scorecardEquilibrium } from "../lib/competition.ts";
import { referenceHalfSpread } from "../lib/brokers.ts";
import { defaultScenario } from "../lib/scenario.ts";
const h = referenceHalfSpread(defaultScenario());
const costs = [0.0002,0.0003,0.0004,0.0005,0.0006].map((c) => c / h);
console.log("h", h, costs);
for (const b of [16, 41.26, 53.6, 66, 86, 120, 200]) {
  const e = scorecardEquilibrium(costs, b);
  const foc = Math.max(...e.share.map((s, w) => Math.abs(Math.min(1, 1/(b*(1-s))) - e.margin[w])));
  console.log(b, [...e.share].map(x=>x.toFixed(4)).join(), "FOC err", foc.toExponential(2));
}
for (const [d,b] of [[0.02,40],[0.026,70],[0.05,40],[0.03,70], [0.1, 20], [0.1, 30]]) {
  const e = scorecardEquilibrium([0, d], b);
  const foc = Math.max(...e.share.map((s, w) => Math.abs(Math.min(1, 1/(b*(1-s))) - e.margin[w])));
  console.log(d, b, "beta*d", (b*d).toFixed(2), [...e.share].map(x=>x.toFixed(4)).join(), foc.toExponential(2));
}
