/** Securities: prices, spreads from price, depth in dollars, information per tier. */
import assert from "node:assert/strict";
import { buildUniverse, TIERS, type UniverseParams } from "../lib/sim/securities.ts";
import { Random } from "../lib/sim/random.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import { buildWorld, runPolicy } from "../lib/sim/simulate.ts";
import { near } from "./_helpers.ts";

const scenario = defaultScenario();

/** A universe of one tier of `n` securities with the given overrides. */
function oneTier(edit: Partial<UniverseParams["tiers"][number]>, n = 40) {
  const tier = { ...scenario.universe.tiers[0], securities: n, flowShare: 1, ...edit };
  return buildUniverse({ ...scenario.universe, tiers: [tier] }, new Random(3));
}

Deno.test("prices lie within each tier's bounds on the penny grid; information is the tier's", () => {
  const u = buildUniverse(scenario.universe, new Random(1));
  let k = 0;
  for (const t of scenario.universe.tiers) {
    for (let j = 0; j < t.securities; j++, k++) {
      assert.equal(TIERS[u.tier[k]], t.tier);
      const p = u.price[k];
      assert.ok(p >= t.priceMin - 0.005 && p <= t.priceMax + 0.005, `${t.tier} price ${p}`);
      near(p * 100, Math.round(p * 100), 1e-6, "penny grid");
      assert.equal(u.impactHalfSpreads[k], t.informedImpactHalfSpreads);
      assert.ok(u.spreadTicks[k] >= 1 && u.spreadTicks[k] <= 200, `spread ${u.spreadTicks[k]}`);
      assert.ok(Number.isInteger(u.depthShares[k]) && u.depthShares[k] >= 1);
      assert.ok(Number.isInteger(u.levelDepthShares[k]) && u.levelDepthShares[k] >= 1);
    }
  }
  assert.equal(k, u.count);
});

/**
 * A tier of median $100 between $10 and $400 with a log-sd of 5: the stratified
 * quantiles put about a third of its 200 stocks at exactly $10 and more than a
 * third at exactly $400 (the bounds), so the cases below are exact.
 */
const clamped = oneTier({
  priceMin: 10,
  priceMax: 400,
  priceMedian: 100,
  priceLogSd: 5,
  spreadTicks: 2,
  spreadPriceElasticity: 0.5,
  spreadDispersion: 0,
  depthShares: 1500,
  levelDepthShares: 2000,
}, 200);
const at = (price: number) => {
  const ks = [...clamped.price.keys()].filter((k) => clamped.price[k] === price);
  assert.ok(ks.length > 30, `only ${ks.length} stocks at $${price}`);
  return ks;
};

Deno.test("spreads rise with price by the elasticity, never below one tick", () => {
  // spread = spreadTicks x (price / median)^elasticity, no liquidity dispersion:
  // $400: 2 x (400 / 100)^0.5 = 4 ticks; $10: 2 x 0.1^0.5 = 0.63, floored at one tick.
  for (const k of at(400)) assert.equal(clamped.spreadTicks[k], 4);
  for (const k of at(10)) assert.equal(clamped.spreadTicks[k], 1);
  // Without dispersion, a dearer stock never quotes a narrower spread.
  const byPrice = [...clamped.price.keys()].sort((a, b) => clamped.price[a] - clamped.price[b]);
  for (let j = 1; j < byPrice.length; j++) {
    const [a, b] = [byPrice[j - 1], byPrice[j]];
    assert.ok(clamped.spreadTicks[b] >= clamped.spreadTicks[a], `spreads ascend at ${j}`);
  }
  // Elasticity 0: the same spread in cents at every price.
  const flat = oneTier({ spreadTicks: 3, spreadPriceElasticity: 0, spreadDispersion: 0 });
  for (let k = 0; k < flat.count; k++) near(flat.spreadTicks[k], 3, 1e-12, `flat ${k}`);
});

Deno.test("displayed depth is the same in dollars across a tier's prices (whole shares)", () => {
  // 1,500 shares at the touch and 2,000 a level at the $100 median ($150,000 and $200,000):
  // a $400 stock shows 375 and 500 shares, a $10 one 15,000 and 20,000.
  for (const k of at(400)) {
    assert.deepEqual([clamped.depthShares[k], clamped.levelDepthShares[k]], [375, 500]);
  }
  for (const k of at(10)) {
    assert.deepEqual([clamped.depthShares[k], clamped.levelDepthShares[k]], [15_000, 20_000]);
  }
  // In between, within half a share's price of the median's dollars.
  for (let k = 0; k < clamped.count; k++) {
    const off = Math.abs(clamped.depthShares[k] * clamped.price[k] - 150_000);
    assert.ok(off <= clamped.price[k] / 2 + 1e-6, `stock ${k}: $${off} off`);
  }
});

Deno.test("a name's flow says nothing about its price; sub-$5 stocks carry a fifth to a third of shares", () => {
  // Across many universes, the most-traded name of a tier is as often above the tier's median
  // price as below it (the stratified quantiles are dealt in a random order).
  const first = scenario.universe.tiers[0];
  let above = 0;
  const draws = 400;
  for (let seed = 0; seed < draws; seed++) {
    const u = buildUniverse(scenario.universe, new Random(seed));
    if (u.price[0] > first.priceMedian) above++;
  }
  assert.ok(Math.abs(above / draws - 0.5) < 0.08, `most-traded above the median ${above}/${draws}`);
  // The tier weights of the calibration: low-priced stocks' share of simulated retail shares
  // (the source note of flowShare in us-2022.json states about a quarter).
  const shares = [0, 0, 0];
  let dollars = 0;
  for (const seed of [1, 2, 3]) {
    const day = runPolicy(buildWorld(scenario, { orders: 20_000, seed }), { kind: "scorecard" });
    for (let i = 0; i < day.orders.count; i++) {
      const q = day.outcomes.filled[i];
      shares[day.universe.tier[day.orders.security[i]]] += q;
      if (q > 0) dollars += q * day.outcomes.arrivalMid[i];
    }
  }
  const total = shares[0] + shares[1] + shares[2];
  const low = shares[TIERS.indexOf("lowPriced")] / total;
  assert.ok(low > 0.2 && low < 0.34, `low-priced share of shares ${low}`);
  const price = dollars / total;
  assert.ok(price > 15 && price < 35, `share-weighted price ${price}`);
});
