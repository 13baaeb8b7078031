/** Securities: prices, spreads from price, depth in dollars, information per tier. */
import assert from "node:assert/strict";
import { buildUniverse, TIERS, type UniverseParams } from "../lib/securities.ts";
import { Random } from "../lib/random.ts";
import { defaultScenario } from "../lib/scenario.ts";
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
  for (let k = 0; k < clamped.count; k++) {
    if (k > 0) assert.ok(clamped.price[k] >= clamped.price[k - 1], "stratified prices ascend");
    if (k > 0) assert.ok(clamped.spreadTicks[k] >= clamped.spreadTicks[k - 1], "spreads ascend");
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
