// Hand-computed cases of the wholesaler model (lib/sim/models/wholesaler.ts).
import assert from "node:assert/strict";
import { near } from "../_helpers.ts";
import { buy, drawsOf, venues } from "./_venues.ts";
import { Random } from "../../lib/sim/random.ts";
import {
  emptyFill,
  meanImprovement,
  wholesalerExpected,
  wholesalerFill,
} from "../../lib/sim/models/mod.ts";

const WH = 1, FIX = 2;
const scratch = new Float64Array(1);
const draws = drawsOf(new Random(7));

Deno.test("wholesaler: surplus improvement is the half-spread less adverse selection, cost, payment and margin", () => {
  // 1¢ half-spread, 0.1¢ adverse, 0.05¢ cost, 0.1¢ payment, margin 0.2 half-spreads (0.2¢).
  const o = buy(100, { adverse: 0.001 });
  near(meanImprovement(o, venues, WH, 0.001), 0.01 - 0.001 - 0.0005 - 0.001 - 0.002, 1e-15, "PI");
  const out = new Float64Array(2);
  wholesalerExpected(o, venues, WH, 0.001, out, scratch);
  near(out[0], 0.0045, 1e-15, "cost per share");
  near(out[1], 0.001, 1e-15, "payment per share");
});

Deno.test("wholesaler: the fixed model improves by its share of the spread", () => {
  // A quarter of a 2¢ spread: 0.5¢.
  near(meanImprovement(buy(100), venues, FIX, 0.002), 0.005, 1e-15, "PI");
});

Deno.test("wholesaler: improvement covers the size guarantee only; the book beyond is walked", () => {
  // FIX guarantees 200 shares; depth 400 is larger, so 400 fill at the touch, 100 a tick worse.
  const o = buy(500);
  const out = new Float64Array(2);
  wholesalerExpected(o, venues, FIX, 0.002, out, scratch);
  near(out[0], (500 * 0.01 - 200 * 0.005 + 100 * 0.01) / 500, 1e-15, "cost per share");
  const f = emptyFill();
  wholesalerFill(o, venues, FIX, 0.002, draws, 10.01, f, scratch);
  assert.equal(f.filled, 500);
  near(f.payment, 1, 1e-12, "payment");
  // The drawn improvement on 200 shares lies in [0, half-spread].
  const pi = (10.01 + 100 * 0.01 / 500 - f.price) * 500 / 200;
  assert.ok(pi >= -1e-12 && pi <= 0.01 + 1e-12, `improvement ${pi}`);
});

Deno.test("wholesaler: executed improvement averages the router's expectation", () => {
  const o = buy(100, { adverse: 0.001 });
  const f = emptyFill();
  let total = 0;
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    o.i = i;
    wholesalerFill(o, venues, WH, 0.001, draws, 10.01, f, scratch);
    total += 10.01 - f.price;
  }
  near(total / n, meanImprovement(o, venues, WH, 0.001), 2e-5, "mean improvement");
});
