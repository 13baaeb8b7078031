// Hand-computed cases of the lit exchange model (lib/sim/models/lit.ts).
import assert from "node:assert/strict";
import { near } from "../_helpers.ts";
import { buy, venues } from "./_venues.ts";
import { emptyFill, litExpected, litFill, litRestingFees } from "../../lib/sim/models/mod.ts";

const LIT = 0;
const scratch = new Float64Array(1);

Deno.test("lit: an order within the venue's share of the touch pays the half-spread and the take fee", () => {
  // The venue shows half of 400 shares: 200.
  const out = new Float64Array(2);
  litExpected(buy(200), venues, LIT, out, scratch);
  near(out[0], 0.01, 1e-15, "cost per share");
  near(out[1], -0.003, 1e-15, "revenue per share");
});

Deno.test("lit: a larger order walks the book, one tick a level", () => {
  // 200 at the touch, 100 one tick worse, 50 two ticks worse: 100·1 + 50·2 = 200 ticks·shares.
  const out = new Float64Array(2);
  litExpected(buy(350), venues, LIT, out, scratch);
  near(out[0], (350 * 0.01 + 200 * 0.01) / 350, 1e-15, "cost per share");
  const f = emptyFill();
  litFill(buy(350), venues, LIT, 10.01, 1e9, f, scratch);
  assert.equal(f.filled, 350);
  near(f.price, 10.01 + 200 * 0.01 / 350, 1e-12, "average price");
  near(f.brokerFee, 350 * 0.003, 1e-12, "take fee");
  near(f.contraFee, -350 * 0.002, 1e-12, "rebate to the maker");
});

Deno.test("lit: a marketable limit stops at its limit and the rest costs the non-fill half-spreads", () => {
  // One level allowed: 200 + 100 fill, 100 do not.
  const o = buy(400, { maxLevels: 1 });
  const out = new Float64Array(2);
  litExpected(o, venues, LIT, out, scratch);
  near(out[0], (300 * 0.01 + 100 * 0.01 + 100 * 1 * 0.01) / 400, 1e-15, "cost per share");
  near(out[1], -0.003 * 300 / 400, 1e-15, "take fee on the shares filled");
  const f = emptyFill();
  litFill(o, venues, LIT, 10.01, 1, f, scratch);
  assert.equal(f.filled, 300);
});

Deno.test("lit: a resting limit earns the broker the rebate; the taker pays the fee", () => {
  const f = emptyFill();
  litRestingFees(venues, LIT, 100, f);
  near(f.brokerFee, -0.2, 1e-12, "rebate");
  near(f.contraFee, 0.3, 1e-12, "take fee");
});
