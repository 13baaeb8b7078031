// Hand-computed cases of the dark pool (lib/sim/models/dark.ts).
import assert from "node:assert/strict";
import { near, shareWithin } from "../_helpers.ts";
import { buy, venues, world } from "./_venues.ts";
import {
  darkExpected,
  darkFill,
  darkRestingRevenue,
  emptyFill,
  resetFill,
} from "../../lib/sim/models/mod.ts";

const DARK = 4, LIT = 0;
const scratch = new Float64Array(1);

Deno.test("dark: expectation is a midpoint cross with its probability, else the lit fallback", () => {
  const out = new Float64Array(2);
  darkExpected(buy(100), venues, DARK, 0, out, scratch);
  // 60% at the lit venue: 1¢ cost, 0.3¢ take fee; 40% at the midpoint, 0.1¢ access fee.
  near(out[0], 0.6 * 0.01, 1e-15, "cost per share");
  near(out[1], 0.4 * (0 - 0.001) + 0.6 * -0.003, 1e-15, "revenue per share");
  near(darkRestingRevenue(venues, DARK, 0.5, 0), -0.0005, 1e-15, "resting revenue");
});

Deno.test("dark: crosses at the midpoint with its fill probability, else reroutes to the lit venue", () => {
  const { market, draws } = world(3);
  const j = 100;
  const o = buy(100, {
    security: 0,
    time: j,
    mid: market.mid[j],
    half: market.spreadTicks[j] * 0.005,
  });
  const f = emptyFill();
  let crossed = 0;
  const n = 4000;
  for (let i = 0; i < n; i++) {
    o.i = i;
    resetFill(f, DARK, j);
    darkFill(market, o, venues, DARK, 0, draws, NaN, f, scratch);
    if (f.execVenue === DARK) {
      crossed++;
      assert.equal(f.price, o.mid);
      near(f.brokerFee, 0.1, 1e-12, "access fee");
    } else {
      assert.equal(f.execVenue, LIT);
      // No timeout and no drift: the lit quote at arrival, the take fee.
      near(f.price, o.mid + o.half, 1e-12, "rerouted price");
      near(f.brokerFee, 0.3, 1e-12, "take fee");
    }
  }
  shareWithin(crossed / n, 0.4, n, "dark fill rate");
});
