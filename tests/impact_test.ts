// Price impact by quoted spread (lib/analysis/impact.ts): the information part of the five-minute
// impact against its definition in the order model, order by order.
import fc from "fast-check";
import assert from "node:assert/strict";
import { impactBySpread, SPREAD_BAND_EDGES_BPS } from "../lib/analysis/impact.ts";
import { simulateDay } from "../lib/sim/simulate.ts";
import { defaultScenario, type Scenario } from "../lib/sim/scenario.ts";
import { MARKET, MARKETABLE_LIMIT } from "../lib/sim/flow.ts";
import { close } from "./_helpers.ts";

function scenarioWith(informedShare: number): Scenario {
  const s = defaultScenario();
  return { ...s, flow: { ...s.flow, informedShare } };
}

Deno.test("impactBySpread: uninformed flow has no information impact, while the market still moves", () => {
  const day = simulateDay(scenarioWith(0), { kind: "scorecard" }, { orders: 4000, seed: 7 });
  const bands = impactBySpread(day);
  const filled = bands.filter((b) => b.orders > 0);
  assert.ok(filled.length >= 4, `${filled.length} bands with orders`);
  for (const b of filled) assert.equal(b.informationImpact5mBps, 0);
  assert.ok(filled.some((b) => b.priceImpact5mBps !== 0));
});

Deno.test("impactBySpread: bands partition the filled marketable orders, and the information impact is the order model's drift", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 31 }),
      fc.double({ min: 0.05, max: 0.8, noNaN: true }),
      (seed, informedShare) => {
        const scenario = scenarioWith(informedShare);
        const day = simulateDay(scenario, { kind: "scorecard" }, { orders: 1500, seed });
        const { orders: o, outcomes: r } = day;
        const tau = scenario.flow.informedHorizonSeconds;
        // Independently of the markouts: an informed order's midpoint drifts by `informed`
        // half-spreads, reached exponentially with time constant tau; five minutes after its
        // execution the doubled move is 2 × informed × half-spread × (1 − e^(−elapsed / tau)).
        let filled = 0, shares = 0, drift = 0;
        for (let i = 0; i < o.count; i++) {
          if (r.filled[i] === 0 || (o.type[i] !== MARKET && o.type[i] !== MARKETABLE_LIMIT)) {
            continue;
          }
          filled++;
          const elapsed = r.latencyMs[i] / 1000 + 300;
          const move = o.informed[i] * r.arrivalSpread[i] / 2 * (1 - Math.exp(-elapsed / tau));
          shares += r.filled[i];
          drift += r.filled[i] * 2 * move / r.arrivalMid[i] * 1e4;
        }
        const bands = impactBySpread(day);
        assert.equal(bands.length, SPREAD_BAND_EDGES_BPS.length - 1);
        assert.equal(bands.reduce((s, b) => s + b.orders, 0), filled);
        // One band over every spread gives the whole day's share-weighted drift.
        const [all] = impactBySpread(day, [0, Infinity]);
        close(all.informationImpact5mBps, drift / shares, 1e-9, "information impact");
        for (const b of bands) if (b.orders > 0) assert.ok(b.informationImpact5mBps >= 0);
      },
    ),
    { numRuns: 12 },
  );
});

Deno.test("impactBySpread: edges must increase", () => {
  const day = simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 100, seed: 1 });
  assert.throws(() => impactBySpread(day, [0, 10, 10]), RangeError);
  assert.throws(() => impactBySpread(day, [5]), RangeError);
});

Deno.test("impactBySpread: in every band of spreads with at least 1% of orders, the calibrated world's orders carry information, and its impact over the spread is no larger than Citadel's largest spread bucket's", async () => {
  // Citadel Securities' December 2022 Rule 605 file, measured into cross-section.json.
  const cs = JSON.parse(
    await Deno.readTextFile(new URL("../data/calibration/cross-section.json", import.meta.url)),
  );
  const high = Math.max(
    ...cs.spreads.buckets.map((b: { priceImpactOverQuoted: number }) => b.priceImpactOverQuoted),
  );
  const days = [1, 2, 3].map((seed) =>
    impactBySpread(simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 20_000, seed }))
  );
  const bands = days[0].map((_, j) => ({
    share: days.reduce((s, d) => s + d[j].share, 0) / days.length,
    ratio: days.reduce((s, d) => s + d[j].informationImpactOverQuoted, 0) / days.length,
  }));
  const checked = bands.filter((b) => b.share >= 0.01);
  assert.ok(checked.length >= 5, `${checked.length} bands with 1% of orders`);
  for (const b of checked) {
    assert.ok(b.ratio > 0 && b.ratio <= high, `ratio ${b.ratio} outside (0, ${high}]`);
  }
});
