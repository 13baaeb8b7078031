/**
 * Sensitivity: the tornado's rows on common random numbers, checked against
 * what must hold exactly (a group that only touches the auction leaves the
 * status quo unchanged; the market scale multiplies the amounts a year by the
 * product of its factors) and the bars' arithmetic.
 */
import assert from "node:assert/strict";
import { tornado, tornadoBars } from "../lib/calibration/sensitivity.ts";
import { loadCalibration, parameterValue } from "../lib/calibration/calibration.ts";
import { near } from "./_helpers.ts";

Deno.test("tornado rows: exact effects of the auction and market-scale groups", () => {
  const cal = loadCalibration();
  const t = tornado(cal, {
    orders: 4000,
    seeds: [1, 2],
    groups: ["auction competition", "market scale"],
  });
  const [auction, scale] = t.rows;
  assert.equal(auction.group, "auction competition");
  // The auction's bidders do not touch the status quo: identical outputs (same orders).
  for (const end of [auction.low, auction.high]) {
    assert.equal(end.costPer10k, t.base.costPer10k);
    assert.equal(end.piPctOfSpread, t.base.piPctOfSpread);
    assert.equal(end.paymentsBn, t.base.paymentsBn);
  }
  assert.ok(auction.high.auctionGainBn > t.base.auctionGainBn);
  assert.ok(auction.low.auctionGainBn < t.base.auctionGainBn);
  // The market scale multiplies the amounts a year by the ratio of the three factors' products.
  const v = (path: string) => parameterValue(cal, path);
  const product = (end: "low" | "high") =>
    ["consolidatedVolumeShares", "retailShareOfVolume", "wholesaleShareOfRetail"]
      .map((k) => cal.scale[k as keyof typeof cal.scale] as { low: number; high: number })
      .reduce((p, x) => p * x[end], 1);
  const base = v("scale.consolidatedVolumeShares") * v("scale.retailShareOfVolume") *
    v("scale.wholesaleShareOfRetail");
  for (const end of ["low", "high"] as const) {
    near(scale[end].paymentsBn / t.base.paymentsBn, product(end) / base, 1e-9);
    near(scale[end].auctionGainBn / t.base.auctionGainBn, product(end) / base, 1e-9);
    assert.equal(scale[end].costPer10k, t.base.costPer10k);
  }
  assert.throws(
    () => tornado(cal, { orders: 1000, seeds: [1], groups: ["no such group"] }),
    /unknown sensitivity group/,
  );
});

Deno.test("tornado bars: swings, order and the groups that do not move an output", () => {
  const h = { costPer10k: 0.5, piPctOfSpread: 30, paymentsBn: 1, auctionGainBn: 1.5 };
  const t = {
    base: h,
    rows: [
      {
        group: "small",
        parameters: [],
        low: { ...h, costPer10k: 0.45 },
        high: { ...h, costPer10k: 0.52 },
      },
      {
        group: "big",
        parameters: [],
        low: { ...h, costPer10k: 0.7 },
        high: { ...h, costPer10k: 0.3 },
      },
      { group: "none", parameters: [], low: h, high: h },
    ],
  };
  const bars = tornadoBars(t, "costPer10k");
  assert.deepEqual(bars.map((b) => b.group), ["big", "small"]);
  near(bars[0].swing, 0.4, 1e-12);
  near(bars[1].swing, 0.07, 1e-12);
  assert.equal(bars[0].atLow, 0.7);
  assert.equal(tornadoBars(t, "auctionGainBn").length, 0);
});
