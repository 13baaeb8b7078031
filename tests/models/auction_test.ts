// Hand-computed cases of the order-by-order auction (lib/sim/models/auction.ts).
import assert from "node:assert/strict";
import { near } from "../_helpers.ts";
import { buy, venues, world } from "./_venues.ts";
import { auctionExpected, auctionFill, emptyFill, resetFill } from "../../lib/sim/models/mod.ts";

const AUC = 5;
const scratch = new Float64Array(1);

Deno.test("auction: with no valuation noise every bidder bids the half-spread less adverse selection and cost", () => {
  // 1¢ - 0.1¢ - 0.05¢ = 0.85¢ improvement whatever the number of bidders; no payment.
  const out = new Float64Array(2);
  auctionExpected(buy(100, { adverse: 0.001 }), venues, AUC, 5, out, scratch);
  near(out[0], 0.01 - 0.0085, 1e-12, "cost per share");
  assert.equal(out[1], 0);
});

Deno.test("auction: the fill with no exposure is the far quote less the second-best bid", () => {
  const { market, draws } = world(5);
  const j = 200;
  const half = market.spreadTicks[j] * 0.005;
  const o = buy(100, { security: 0, time: j, mid: market.mid[j], half, adverse: 0.1 * half });
  const f = emptyFill();
  resetFill(f, AUC, j);
  auctionFill(market, o, venues, AUC, 3, 0, draws, NaN, f, scratch);
  const pi = Math.round((half - 0.1 * half - 0.0005) * 1e4) / 1e4;
  assert.equal(f.filled, 100);
  near(f.price, o.mid + half - pi, 1e-12, "price");
});

Deno.test("auction: a marketable limit the quote passes during the exposure is cancelled at a cost", () => {
  const { market, draws } = world(5);
  const j = 200;
  const half = market.spreadTicks[j] * 0.005;
  // An informed buy whose drift of 10 half-spreads moves the quote past a zero-level limit.
  const o = buy(100, {
    type: 1,
    maxLevels: 0,
    security: 0,
    time: j,
    mid: market.mid[j],
    half,
    drift: 10 * half,
    tau: 0.01,
  });
  const f = emptyFill();
  resetFill(f, AUC, j);
  auctionFill(market, o, venues, AUC, 3, 1, draws, o.mid + half, f, scratch);
  assert.equal(f.filled, 0);
  assert.ok(f.opportunityCost > 0);
});
