import assert from "node:assert/strict";
import {
  marketOrderHhi,
  paymentCentsPerShare,
  rankCorrelation,
  SMALL_ORDER_MAX_NOTIONAL,
  smallOrderPiShare,
} from "../lib/analysis/brokerstudy.ts";
import { simulateDay } from "../lib/sim/simulate.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import { withBroker } from "../lib/sim/brokers.ts";
import { near } from "./_helpers.ts";

Deno.test("rank correlation: ties at their average rank, constant input, bad lengths", () => {
  near(rankCorrelation([1, 2, 2, 3], [1, 2, 3, 4]), 0.9486832980505138, 1e-12);
  assert.ok(Number.isNaN(rankCorrelation([1, 1, 1], [1, 2, 3])));
  assert.ok(Number.isNaN(rankCorrelation([1, NaN, 1], [1, 2, 3])));
  assert.throws(() => rankCorrelation([1, 2], [1]), /differ in length/);
  // Invariant under monotone transforms of either variable.
  const x = [0.3, 0.1, 0.7, 0.2, 0.9], y = [5, 1, 4, 2, 3];
  near(rankCorrelation(x, y), rankCorrelation(x.map(Math.exp), y.map((v) => v ** 3)), 1e-12);
});

Deno.test("broker study statistics agree with a direct computation over the orders", () => {
  const s = withBroker(defaultScenario(), "robinhood");
  const day = simulateDay(s, { kind: "scorecard" }, { orders: 6000, seed: 5 });
  const { orders: o, outcomes: r } = day;
  let sum = 0, n = 0, pay = 0, shares = 0;
  const routed = new Map<number, number>();
  let market = 0;
  for (let i = 0; i < o.count; i++) {
    if (o.type[i] === 0) {
      market++;
      routed.set(r.venue[i], (routed.get(r.venue[i]) ?? 0) + 1);
    }
    if (o.type[i] <= 1 && r.filled[i] > 0) {
      pay += r.payment[i];
      shares += r.filled[i];
    }
    if (o.type[i] !== 0 || r.filled[i] === 0) continue;
    if (o.size[i] * r.arrivalMid[i] > SMALL_ORDER_MAX_NOTIONAL) continue;
    sum += r.priceImprovement[i] / r.arrivalSpread[i];
    n++;
  }
  near(smallOrderPiShare(day), sum / n, 1e-9);
  near(paymentCentsPerShare(day), 100 * pay / shares, 1e-9);
  const hhi = [...routed.values()].reduce((h, c) => h + (100 * c / market) ** 2, 0);
  near(marketOrderHhi(day), hhi, 1e-6);
  // Robinhood is paid a share of the spread: about 0.2 cents a share (its 606 blended rate).
  assert.ok(paymentCentsPerShare(day) > 0.1 && paymentCentsPerShare(day) < 0.4);
});
