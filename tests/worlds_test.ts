/** The world cache builds exactly the worlds buildWorld builds, and shares quotes. */
import assert from "node:assert/strict";
import { WorldCache } from "../lib/runs/worlds.ts";
import { buildWorld, runPolicy } from "../lib/sim/simulate.ts";
import { calibratedScenario } from "../lib/calibration/calibration.ts";

Deno.test("cached worlds equal fresh ones and share quotes across flow and venue variants", () => {
  const s = calibratedScenario();
  const cache = new WorldCache();
  const a = cache.world(s, { orders: 3000, seed: 9, replication: 1 });
  const fresh = buildWorld(s, { orders: 3000, seed: 9, replication: 1 });
  assert.deepEqual(a.market.mid, fresh.market.mid);
  assert.deepEqual(a.orders.size, fresh.orders.size);
  assert.deepEqual(
    runPolicy(a, { kind: "max-payment" }).metrics.sums,
    runPolicy(fresh, { kind: "max-payment" }).metrics.sums,
  );
  // A venue variant shares the orders too; a flow variant gets its own orders; a universe
  // variant its own quotes.
  const venues = structuredClone(s);
  venues.venues[0].latency.medianMs = 9;
  assert.equal(cache.world(venues, { orders: 3000, seed: 9, replication: 1 }).orders, a.orders);
  const flow = { ...s, flow: { ...s.flow, buyShare: 0.3 } };
  const b = cache.world(flow, { orders: 3000, seed: 9, replication: 1 });
  assert.equal(b.market, a.market);
  assert.notEqual(b.orders, a.orders);
  assert.equal(cache.quoteBuilds, 1);
  const wider = structuredClone(s);
  wider.universe.tiers[0].spreadTicks = 2.5;
  assert.notEqual(cache.world(wider, { orders: 3000, seed: 9, replication: 1 }).market, a.market);
  assert.equal(cache.quoteBuilds, 2);
});
