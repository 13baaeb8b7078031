// The fused pass (OrderPass: route, execute, book and measure each order in one step) against
// the columnar reference (route, execute, buildLedger, MetricsAccumulator.add over columns).
import fc from "fast-check";
import assert from "node:assert/strict";
import { brokerPolicy, buildWorld, OrderPass, processOrders } from "../lib/sim/simulate.ts";
import { MetricsAccumulator } from "../lib/analysis/metrics.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import { withBroker } from "../lib/sim/brokers.ts";
import { generateOrders } from "../lib/sim/flow.ts";

const POLICIES = [
  { kind: "scorecard" },
  { kind: "best-execution" },
  { kind: "max-payment" },
  { kind: "balanced", paymentWeight: 0.4 },
  { kind: "auction", bidders: 3 },
  { kind: "cap", cap: 0.0005 },
  { kind: "ban" },
  { kind: "hybrid", auctionShare: 0.3 },
  { kind: "directed", venue: "DARK-1" },
  { kind: "commission", commissionPerOrder: 1 },
] as const;
const BROKERS = ["us-retail", "robinhood", "schwab", "fidelity", "ibkr-pro"];

Deno.test("fused pass: the same sums, bit for bit, as the columnar path, on random scenarios, brokers and policies", () => {
  const base = defaultScenario();
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 31 }),
      fc.integer({ min: 1, max: 3000 }),
      fc.constantFrom(...POLICIES),
      fc.constantFrom(...BROKERS),
      fc.integer({ min: 0, max: 3 }),
      fc.record({
        informedShare: fc.double({ min: 0, max: 0.6, noNaN: true }),
        buyShare: fc.double({ min: 0.2, max: 0.8, noNaN: true }),
        median: fc.double({ min: 200, max: 50_000, noNaN: true }),
        mix: fc.tuple(
          fc.integer({ min: 1, max: 10 }),
          fc.integer({ min: 0, max: 10 }),
          fc.integer({ min: 0, max: 10 }),
        ),
      }),
      (seed, orders, policyInput, broker, replication, f) => {
        // A random scenario: the broker's world with its flow's information, side, size and
        // order-type mix drawn.
        const world = withBroker(base, broker);
        const total = f.mix[0] + f.mix[1] + f.mix[2];
        const scenario = {
          ...world,
          flow: {
            ...world.flow,
            informedShare: f.informedShare,
            buyShare: f.buyShare,
            notional: { ...world.flow.notional, median: f.median },
            typeMix: {
              market: f.mix[0] / total,
              marketableLimit: f.mix[1] / total,
              nonMarketableLimit: f.mix[2] / total,
            },
          },
        };
        const w = buildWorld(scenario, { orders, seed, replication });
        const policy = brokerPolicy(scenario, policyInput);
        let processed;
        try {
          processed = processOrders(w, w.orders, policy);
        } catch (e) {
          // A policy this broker cannot apply (a scorecard with no wholesaler): the fused pass
          // refuses it with the same error.
          assert.throws(() => new OrderPass(w, policy), { message: (e as Error).message });
          return true;
        }
        const { outcomes, ledger } = processed;
        const fused = new MetricsAccumulator(w.venues.ids);
        new OrderPass(w, policy).accumulate(w.orders, fused);
        const columns = new MetricsAccumulator(w.venues.ids)
          .add(w.orders, outcomes, ledger, w.universe.tier);
        for (let i = 0; i < fused.sums.length; i++) {
          if (!Object.is(fused.sums[i], columns.sums[i])) {
            throw new Error(`sum ${i}: fused ${fused.sums[i]}, columns ${columns.sums[i]}`);
          }
        }
        return true;
      },
    ),
    { numRuns: 40 },
  );
});

Deno.test("fused pass: chunks of any size add up to the whole day exactly", () => {
  const scenario = defaultScenario();
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 2500 }),
      fc.integer({ min: 0, max: 1000 }),
      (chunk, seed) => {
        const total = 2500;
        const w = buildWorld(scenario, { orders: total, seed });
        const policy = brokerPolicy(scenario, { kind: "scorecard" });
        const whole = new MetricsAccumulator(w.venues.ids);
        new OrderPass(w, policy).accumulate(w.orders, whole);
        const pass = new OrderPass(w, policy);
        const parts = new MetricsAccumulator(w.venues.ids);
        for (let first = 0; first < total; first += chunk) {
          const count = Math.min(chunk, total - first);
          const orders = generateOrders(scenario.flow, w.universe, w.random, total, 0, {
            first,
            count,
          });
          pass.accumulate(orders, parts);
        }
        // The same orders in the same sequence: counts equal exactly, sums to rounding.
        assert.equal(parts.sums[0], whole.sums[0]);
        for (let i = 0; i < whole.sums.length; i++) {
          assert.ok(
            Math.abs(parts.sums[i] - whole.sums[i]) <= 1e-9 * (1 + Math.abs(whole.sums[i])),
          );
        }
      },
    ),
    { numRuns: 15 },
  );
});
