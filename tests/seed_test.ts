/**
 * The source document's mini-project: its comparison reproduces, and its
 * arithmetic errors are shown against the simulator's own execution.
 */
import assert from "node:assert/strict";
import {
  compareSeedStrategies,
  runSeedMiniProject,
  SEED_VENUES,
  seedSpreadCost,
} from "../lib/sim/seed.ts";
import { withBlockExtremes } from "../lib/sim/market.ts";
import { buildUniverse } from "../lib/sim/securities.ts";
import { Random } from "../lib/sim/random.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import { venueTable } from "../lib/sim/venues.ts";
import { execute } from "../lib/sim/execution.ts";
import { buildLedger } from "../lib/sim/ledger.ts";
import type { Orders } from "../lib/sim/flow.ts";

Deno.test("seed: its strategies route where its code says", () => {
  const opts = { orders: 2000, seed: 3 };
  // Best execution: lowest spread_bps (Lit, 0.5 bp). Max revenue: highest PFOF (Citadel, $0.005).
  assert.ok(runSeedMiniProject("best_execution", opts).venue.every((v) => v === 0));
  assert.ok(runSeedMiniProject("maximize_revenue", opts).venue.every((v) => v === 1));
  // 70/30: score = 0.7 * cost - 0.3 * pfof; at $100 the lit market wins
  // (0.7 * 0.5e-4 * 100 = 0.0035 per share vs Citadel 0.7 * 1e-4 * 100 - 0.3 * 0.005 = 0.0055).
  assert.ok(runSeedMiniProject("balanced", opts).venue.every((v) => v === 0));
});

Deno.test("seed: totals are the sums of the per-order columns, fill rates near the venue's", () => {
  const run = runSeedMiniProject("maximize_revenue", { orders: 20000, seed: 5 });
  let cost = 0, pfof = 0, filled = 0;
  for (let i = 0; i < run.size.length; i++) {
    if (!run.filled[i]) continue;
    filled++;
    cost += SEED_VENUES[1].spreadBps / 1e4 * run.price[i] * run.size[i];
    pfof += SEED_VENUES[1].pfofPerShare * run.size[i];
  }
  assert.ok(Math.abs(run.totalSpreadCost - cost) < 1e-6 * cost);
  assert.ok(Math.abs(run.totalPfof - pfof) < 1e-9 * pfof);
  assert.equal(run.fillRate, filled / 20000);
  const se = Math.sqrt(0.98 * 0.02 / 20000);
  assert.ok(Math.abs(run.fillRate - 0.98) < 4 * se, `fill rate ${run.fillRate}`);
});

Deno.test("seed: charging the full spread halves the conflict ratio", () => {
  const wrong = compareSeedStrategies({ orders: 5000, seed: 9, costModel: "seed" });
  const right = compareSeedStrategies({ orders: 5000, seed: 9, costModel: "half-spread" });
  // Same orders and fills, so revenue is identical and cost exactly halves.
  assert.equal(wrong.extraRevenue, right.extraRevenue);
  assert.ok(Math.abs(wrong.extraCost - 2 * right.extraCost) < 1e-6 * Math.abs(wrong.extraCost));
  assert.ok(Math.abs(right.conflictRatio - 2 * wrong.conflictRatio) < 1e-9 * right.conflictRatio);
  assert.equal(seedSpreadCost(1, 100, 100, "seed"), 2 * seedSpreadCost(1, 100, 100, "half-spread"));
});

Deno.test("seed: one 100-share order shows the document's arithmetic errors", () => {
  // A wholesaler paying $0.004 a share, fixed at the NBBO (no improvement), one security at
  // $100.00 / $100.02 (mid $100.01, a 2-cent, ~2 bp spread).
  const s = defaultScenario();
  const wh = s.venues.find((v) => v.id === "WH-A")!;
  if (wh.kind !== "wholesaler") throw new Error("WH-A is not a wholesaler");
  const tiers = { sp500: { market: 0.004, marketableLimit: 0.004, nonMarketableLimit: 0.004 } };
  const venue = {
    ...wh,
    paymentPerShare: { ...wh.paymentPerShare, ...tiers },
    priceImprovement: { model: "fixed" as const, probability: 0, shareOfSpread: 0 },
  };
  const universe = buildUniverse(
    { ...s.universe, tiers: [{ ...s.universe.tiers[0], securities: 1, flowShare: 1 }] },
    new Random(1),
  );
  const steps = universe.sessionSeconds + 1;
  const market = withBlockExtremes({
    universe,
    steps,
    mid: new Float64Array(steps).fill(100.01),
    spreadTicks: new Uint8Array(steps).fill(2),
  });
  const orders: Orders = {
    count: 1,
    first: 0,
    time: Float64Array.of(100),
    security: Uint16Array.of(0),
    side: Int8Array.of(1),
    size: Uint32Array.of(100),
    type: Uint8Array.of(0),
    limitOffsetTicks: Uint8Array.of(0),
    life: Float32Array.of(0),
    informed: Float32Array.of(0),
  };
  const venues = venueTable([venue]);
  const routes = {
    venue: Uint8Array.of(0),
    expectedCost: new Float64Array(1),
    expectedRevenue: new Float64Array(1),
  };
  const out = execute(market, venues, s.flow, orders, routes, new Random(1));
  const ledger = buildLedger(orders, out, venues);
  // "100 shares x $100 price x $0.004 PFOF = $40": the payment is 100 x $0.004 = $0.40.
  assert.ok(Math.abs(out.payment[0] - 0.40) < 1e-12, `payment ${out.payment[0]}`);
  assert.notEqual(out.payment[0], 100 * 100 * 0.004);
  // The customer pays the half-spread ($0.01 a share) against the midpoint, not the full spread.
  assert.ok(Math.abs(out.price[0] - 100.02) < 1e-9);
  const fullSpreadCost = 100 * (100.02 - 100.00);
  assert.ok(Math.abs(ledger.customerCost[0] - fullSpreadCost / 2) < 1e-9);
  // "1 bp = $0.01" on this order: 1 bp of its $10,001 notional is about $1.00.
  assert.ok(Math.abs(1e-4 * 100 * out.arrivalMid[0] - 1.0001) < 1e-9);
});
