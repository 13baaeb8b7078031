// Hand-computed execution cases on the tiny world of _tiny.ts: one security
// at mid $100.005, bid $100.00, ask $100.01, 1,000 shares at the touch and
// 1,000 per further level; venues whose probabilities are 0 or 1.
import assert from "node:assert/strict";
import { execute, type Outcomes } from "../lib/sim/execution.ts";
import { buildLedger, type Ledger } from "../lib/sim/ledger.ts";
import { type Market, MARKOUT_HORIZONS } from "../lib/sim/market.ts";
import { Random } from "../lib/sim/random.ts";
import { near } from "./_helpers.ts";
import {
  ASK,
  BID,
  MID,
  type OrderSpec,
  routesTo,
  setMid,
  tinyFlow,
  tinyMarket,
  tinyOrders,
  tinyVenues,
  V,
} from "./_tiny.ts";

const venues = tinyVenues();

/** Executes `specs` routed to `to` on `market` and books the ledger. */
function run(market: Market, specs: OrderSpec[], to: number[], seed = 1) {
  const orders = tinyOrders(specs);
  const o = execute(market, venues, tinyFlow(), orders, routesTo(to), new Random(seed));
  const l = buildLedger(orders, o, venues);
  return { orders, o, l };
}

/** Expected fields of order `i` (all money in $). */
interface Expected {
  execVenue: number;
  filled: number;
  price: number;
  priceImprovement: number;
  payment: number;
  brokerFee: number;
  contraFee: number;
  latencyMs: number;
  customer: number;
  broker: number;
  wholesaler: number;
  venue: number;
  otherSide: number;
}

function expectRow(o: Outcomes, l: Ledger, i: number, e: Expected): void {
  assert.equal(o.execVenue[i], e.execVenue, "execVenue");
  assert.equal(o.filled[i], e.filled, "filled");
  if (e.filled > 0) near(o.price[i], e.price, 1e-9, "price");
  else assert.ok(Number.isNaN(o.price[i]), "an unfilled order has no price");
  near(o.priceImprovement[i], e.priceImprovement, 1e-9, "priceImprovement");
  near(o.payment[i], e.payment, 1e-9, "payment");
  near(o.brokerFee[i], e.brokerFee, 1e-9, "brokerFee");
  near(o.contraFee[i], e.contraFee, 1e-9, "contraFee");
  near(o.latencyMs[i], e.latencyMs, 1e-6, "latencyMs");
  near(l.customerCost[i], e.customer, 1e-9, "ledger customer");
  near(l.broker[i], e.broker, 1e-9, "ledger broker");
  near(l.wholesaler[i], e.wholesaler, 1e-9, "ledger wholesaler");
  near(l.venue[i], e.venue, 1e-9, "ledger venue");
  near(l.otherSide[i], e.otherSide, 1e-9, "ledger otherSide");
}

// ---------------------------------------------------------------------------
// A 100-share market buy, routed to each kind of venue.

Deno.test("market buy of 100 on a lit venue: fills at the ask, pays the take fee", () => {
  const { o, l } = run(tinyMarket(), [{}], [V.LIT]);
  near(o.arrivalMid[0], MID);
  near(o.arrivalSpread[0], 0.01);
  assert.ok(Number.isNaN(o.limitPrice[0]), "a market order has no limit");
  // Customer pays 100 x (100.01 - 100.005) = $0.50 beyond the mid. The broker
  // pays the take fee 100 x 0.003 = $0.30; the maker earns the rebate
  // 100 x 0.002 = $0.20, so the venue nets $0.10 and the maker 0.50 + 0.20.
  expectRow(o, l, 0, {
    execVenue: V.LIT,
    filled: 100,
    price: ASK,
    priceImprovement: 0,
    payment: 0,
    brokerFee: 0.30,
    contraFee: -0.20,
    latencyMs: 2,
    customer: 0.50,
    broker: -0.30,
    wholesaler: 0,
    venue: 0.10,
    otherSide: 0.70,
  });
  // Flat path: every markout is the arrival mid.
  for (let h = 0; h < MARKOUT_HORIZONS.length; h++) near(o.markout[h][0], MID);
  assert.equal(o.tradedThrough[0], 0);
  assert.equal(o.opportunityCost[0], 0);
});

Deno.test("market sell of 100 on a lit venue: fills at the bid", () => {
  const { o, l } = run(tinyMarket(), [{ side: -1 }], [V.LIT]);
  expectRow(o, l, 0, {
    execVenue: V.LIT,
    filled: 100,
    price: BID,
    priceImprovement: 0,
    payment: 0,
    brokerFee: 0.30,
    contraFee: -0.20,
    latencyMs: 2,
    customer: 0.50, // 100 x (100.005 - 100.00)
    broker: -0.30,
    wholesaler: 0,
    venue: 0.10,
    otherSide: 0.70,
  });
});

Deno.test("market buy of 100 at a wholesaler without improvement: at the ask, PFOF to the broker", () => {
  const { o, l } = run(tinyMarket(), [{}, { type: 1, offset: 2 }, { side: -1 }], [
    V.WH,
    V.WH,
    V.WH,
  ]);
  // Payment 100 x $0.0021 (S&P 500, market order) moves from the wholesaler to the broker.
  expectRow(o, l, 0, {
    execVenue: V.WH,
    filled: 100,
    price: ASK,
    priceImprovement: 0,
    payment: 0.21,
    brokerFee: 0,
    contraFee: 0,
    latencyMs: 4,
    customer: 0.50,
    broker: 0.21,
    wholesaler: 0.29, // 0.50 captured less 0.21 paid
    venue: 0,
    otherSide: 0,
  });
  // A marketable limit 2 ticks through the ask is paid the marketable-limit rate $0.0022.
  near(o.limitPrice[1], ASK + 0.02);
  expectRow(o, l, 1, {
    execVenue: V.WH,
    filled: 100,
    price: ASK,
    priceImprovement: 0,
    payment: 0.22,
    brokerFee: 0,
    contraFee: 0,
    latencyMs: 4,
    customer: 0.50,
    broker: 0.22,
    wholesaler: 0.28,
    venue: 0,
    otherSide: 0,
  });
  near(o.price[2], BID);
  near(l.wholesaler[2], 0.29);
});

Deno.test("market buy of 100 at an affiliated internalizer: no payment, capture is the broker's", () => {
  const { o, l } = run(tinyMarket(), [{}], [V.AFF]);
  // Its table lists $0.001/share, but an affiliate does not pay its own broker.
  expectRow(o, l, 0, {
    execVenue: V.AFF,
    filled: 100,
    price: ASK,
    priceImprovement: 0,
    payment: 0,
    brokerFee: 0,
    contraFee: 0,
    latencyMs: 4,
    customer: 0.50,
    broker: 0.50,
    wholesaler: 0,
    venue: 0,
    otherSide: 0,
  });
});

Deno.test("market buy of 100 in a dark pool that crosses: at the mid, access fee and ATS payment", () => {
  const { o, l } = run(tinyMarket(), [{}], [V.DARK]);
  // Mid fill: improvement 100.01 - 100.005 = $0.005/share, customer cost 0.
  // Broker pays access 100 x 0.001 = $0.10 and receives 100 x 0.0004 = $0.04 from the ATS.
  expectRow(o, l, 0, {
    execVenue: V.DARK,
    filled: 100,
    price: MID,
    priceImprovement: 0.005,
    payment: 0.04,
    brokerFee: 0.10,
    contraFee: 0,
    latencyMs: 3,
    customer: 0,
    broker: -0.06,
    wholesaler: 0,
    venue: 0.06, // 0.10 fee less 0.04 paid
    otherSide: 0,
  });
});

Deno.test("market buy of 100 in a dark pool that never crosses: reroutes to the lit fallback", () => {
  const { o, l } = run(tinyMarket(), [{}], [V.DARK0]);
  assert.equal(o.venue[0], V.DARK0, "the routed venue is kept");
  // Filled on LIT after the 500 ms timeout plus LIT's 2 ms, at the ask then;
  // LIT's take fee, no dark access fee or payment.
  expectRow(o, l, 0, {
    execVenue: V.LIT,
    filled: 100,
    price: ASK,
    priceImprovement: 0,
    payment: 0,
    brokerFee: 0.30,
    contraFee: -0.20,
    latencyMs: 502,
    customer: 0.50,
    broker: -0.30,
    wholesaler: 0,
    venue: 0.10,
    otherSide: 0.70,
  });
});

Deno.test("a rerouted order fills at the quote after the timeout, not at arrival", () => {
  // Arrival at 10.7 s (quote of second 10); the reroute reads second 11.2 -> 11.
  const up = tinyMarket((mid) => setMid(mid, 11, 601, 100.015)); // ask 100.02 from second 11
  const { o, l } = run(up, [{ time: 10.7 }, { time: 10.7, type: 1, offset: 0 }, {
    time: 10.7,
    type: 1,
    offset: 1,
  }], [V.DARK0, V.DARK0, V.DARK0]);
  expectRow(o, l, 0, {
    execVenue: V.LIT,
    filled: 100,
    price: 100.02,
    priceImprovement: -0.01, // a cent outside the arrival quote
    payment: 0,
    brokerFee: 0.30,
    contraFee: -0.20,
    latencyMs: 502,
    customer: 1.50, // 100 x (100.02 - 100.005)
    broker: -0.30,
    wholesaler: 0,
    venue: 0.10,
    otherSide: 1.70,
  });
  // A marketable limit at the arrival ask (100.01) cannot fill at 100.02: nothing happens.
  near(o.limitPrice[1], ASK);
  expectRow(o, l, 1, {
    execVenue: V.LIT,
    filled: 0,
    price: NaN,
    priceImprovement: 0,
    payment: 0,
    brokerFee: 0,
    contraFee: 0,
    latencyMs: 502,
    customer: 0,
    broker: 0,
    wholesaler: 0,
    venue: 0,
    otherSide: 0,
  });
  for (let h = 0; h < MARKOUT_HORIZONS.length; h++) assert.ok(Number.isNaN(o.markout[h][1]));
  // One tick of slack (limit 100.02) is enough.
  near(o.price[2], 100.02);
  assert.equal(o.filled[2], 100);

  // If the ask falls to 100.00 instead, the reroute improves on the arrival quote.
  const down = tinyMarket((mid) => setMid(mid, 11, 601, 99.995));
  const r = run(down, [{ time: 10.7 }], [V.DARK0]);
  near(r.o.price[0], 100.0);
  near(r.o.priceImprovement[0], 0.01);
  near(r.l.customerCost[0], -0.50);
});

Deno.test("an informed order's reroute pays the drift; its markouts include it", () => {
  // drift = 20 half-spreads x $0.005 = $0.10; after the 0.5 s timeout a share
  // 1 - exp(-0.5 / 60) of it has shown.
  const { o, l } = run(tinyMarket(), [{ informed: 20 }, { informed: 20 }], [V.DARK0, V.LIT]);
  const drift = 20 * 0.005;
  const reroutePrice = ASK + drift * (1 - Math.exp(-0.5 / 60));
  near(o.price[0], reroutePrice, 1e-9, "reroute price");
  near(l.customerCost[0], 100 * (reroutePrice - MID), 1e-9, "customer cost");
  MARKOUT_HORIZONS.forEach((h, k) => {
    // Executed 0.502 s after arrival; markout h seconds later.
    near(o.markout[k][0], MID + drift * (1 - Math.exp(-(0.502 + h) / 60)), 1e-9, `markout ${h}s`);
    // Straight to LIT: at the arrival ask, executed 2 ms after arrival.
    near(o.markout[k][1], MID + drift * (1 - Math.exp(-(0.002 + h) / 60)), 1e-9, `lit ${h}s`);
  });
  near(o.price[1], ASK, 1e-9, "the arrival quote does not move");
});

// ---------------------------------------------------------------------------
// Size beyond the touch.

Deno.test("a 2,500-share market buy walks the lit book: 1,000 @ .01, 1,000 @ .02, 500 @ .03", () => {
  const { o, l } = run(tinyMarket(), [{ size: 2500 }], [V.LIT]);
  // Average = 100.01 + (1000 x 0.01 + 500 x 0.02) / 2500 = 100.018.
  expectRow(o, l, 0, {
    execVenue: V.LIT,
    filled: 2500,
    price: 100.018,
    priceImprovement: -0.008,
    payment: 0,
    brokerFee: 7.5, // 2500 x 0.003
    contraFee: -5.0, // 2500 x 0.002
    latencyMs: 2,
    customer: 32.5, // 2500 x 0.013
    broker: -7.5,
    wholesaler: 0,
    venue: 2.5,
    otherSide: 37.5,
  });
});

Deno.test("a 2,500-share marketable limit one tick through the ask stops at its limit", () => {
  const { o, l } = run(tinyMarket(), [{ size: 2500, type: 1, offset: 1 }], [V.LIT]);
  near(o.limitPrice[0], 100.02);
  // 1,000 @ 100.01 + 1,000 @ 100.02 = 2,000 at 100.015 on average; 500 cancelled.
  expectRow(o, l, 0, {
    execVenue: V.LIT,
    filled: 2000,
    price: 100.015,
    priceImprovement: -0.005,
    payment: 0,
    brokerFee: 6.0,
    contraFee: -4.0,
    latencyMs: 2,
    customer: 20.0, // 2000 x 0.01
    broker: -6.0,
    wholesaler: 0,
    venue: 2.0,
    otherSide: 24.0,
  });
});

Deno.test("a wholesaler fills 2,500 shares: its 1,000 guarantee, then the book beyond", () => {
  const { o, l } = run(tinyMarket(), [{ size: 2500 }], [V.WH]);
  // Same walk as the lit book; payment 2500 x 0.0021 = $5.25.
  expectRow(o, l, 0, {
    execVenue: V.WH,
    filled: 2500,
    price: 100.018,
    priceImprovement: -0.008,
    payment: 5.25,
    brokerFee: 0,
    contraFee: 0,
    latencyMs: 4,
    customer: 32.5,
    broker: 5.25,
    wholesaler: 27.25,
    venue: 0,
    otherSide: 0,
  });
});

Deno.test("wholesaler price improvement: sub-penny, at most half the spread, mean by hand", () => {
  // shareOfSpread 0.25 of a $0.01 spread, drawn as 0.25 x 0.01 x 2U = 0.005 U
  // and rounded to the nearest $0.0001: improvement = k / 10,000 with k = round(50 U),
  // so k is 1..49 with probability 1/50 each and 0 or 50 with 1/100 each.
  const n = 4000;
  const { o, l } = run(
    tinyMarket(),
    Array.from({ length: n }, () => ({})),
    new Array(n).fill(V.WHPI),
  );
  let total = 0;
  for (let i = 0; i < n; i++) {
    const pi = o.priceImprovement[i];
    const k = Math.round(pi * 1e4);
    assert.ok(Math.abs(pi - k / 1e4) < 1e-12 && k >= 0 && k <= 50, `improvement ${pi}`);
    near(o.price[i], ASK - pi, 1e-9, "price = ask - improvement");
    near(o.payment[i], 0.21, 1e-12, "payment does not depend on improvement");
    near(l.wholesaler[i], 100 * (0.005 - pi) - 0.21, 1e-9, "wholesaler capture");
    total += pi;
  }
  // Mean 25e-4 (the law is symmetric about 25); variance of k:
  // E[k^2] - 25^2 = (sum of k^2 for k = 1..49) / 50 + 2500 / 100 - 625 = 808.5 + 25 - 625 = 208.5.
  near(total / n, 25e-4, 5 * Math.sqrt(208.5) * 1e-4 / Math.sqrt(n), "mean");
});

// ---------------------------------------------------------------------------
// Resting (non-marketable) limit orders.

// Seconds 100..119 the mid dips to 99.985: bid 99.98, a tick through a buy limit at 99.99.
const dip = () => tinyMarket((mid) => setMid(mid, 100, 120, 99.985));
// A buy one tick behind the bid: limit 100.00 - 0.01 = 99.99, arriving at 10.5 s for 300 s.
const restingBuy: OrderSpec = { type: 2, offset: 1, life: 300 };

Deno.test("a resting buy limit on a lit venue fills when the market trades through it", () => {
  const { o, l } = run(dip(), [restingBuy], [V.LIT]);
  near(o.limitPrice[0], 99.99);
  // Touched and traded through at second 100; lit through-fill probability 1.
  // Price 99.99: the customer gains 100 x 0.015 = $1.50 against the arrival mid.
  // On a lit book the customer is the maker: the broker keeps the $0.20 rebate
  // and the contra side pays the $0.30 take fee.
  expectRow(o, l, 0, {
    execVenue: V.LIT,
    filled: 100,
    price: 99.99,
    priceImprovement: 0,
    payment: 0,
    brokerFee: -0.20,
    contraFee: 0.30,
    latencyMs: (100 + 0.002 - 10.5) * 1000, // 89,502 ms
    customer: -1.50,
    broker: 0.20,
    wholesaler: 0,
    venue: 0.10,
    otherSide: -1.80,
  });
  // Executed at 100.002 s: markouts at 101 and 115 s are in the dip, at 160 and 400 s after it.
  const want = [99.985, 99.985, MID, MID];
  MARKOUT_HORIZONS.forEach((h, k) => near(o.markout[k][0], want[k], 1e-9, `markout ${h}s`));
  assert.equal(o.tradedThrough[0], 0);
  assert.equal(o.opportunityCost[0], 0);
});

Deno.test("the same limit in a dark pool with touch/through probability 0 does not fill", () => {
  const { o, l } = run(dip(), [restingBuy], [V.DARK]);
  // Unfilled; the lit market traded through 99.99; at the end of its life
  // (310.5 s) the mid is 100.005, so the missed gain is 100 x (100.005 - 99.99).
  assert.equal(o.tradedThrough[0], 1);
  near(o.opportunityCost[0], 1.50, 1e-9, "opportunity cost");
  expectRow(o, l, 0, {
    execVenue: V.DARK,
    filled: 0,
    price: NaN,
    priceImprovement: 0,
    payment: 0,
    brokerFee: 0,
    contraFee: 0,
    latencyMs: 300_000, // expires after its life
    customer: 0,
    broker: 0,
    wholesaler: 0,
    venue: 0,
    otherSide: 0,
  });
  for (let h = 0; h < MARKOUT_HORIZONS.length; h++) assert.ok(Number.isNaN(o.markout[h][0]));
});

Deno.test("a resting buy limit at a wholesaler fills through, with the limit-order payment", () => {
  const { o, l } = run(dip(), [restingBuy], [V.WH]);
  expectRow(o, l, 0, {
    execVenue: V.WH,
    filled: 100,
    price: 99.99,
    priceImprovement: 0,
    payment: 0.13, // 100 x 0.0013, the non-marketable-limit rate
    brokerFee: 0,
    contraFee: 0,
    latencyMs: (100 + 0.004 - 10.5) * 1000,
    customer: -1.50,
    broker: 0.13,
    wholesaler: -1.63,
    venue: 0,
    otherSide: 0,
  });
});

Deno.test("a resting sell limit mirrors the buy", () => {
  // The mid spikes to 100.025 (ask 100.03) at 100..119; a sell one tick above the ask is 100.02.
  const spike = tinyMarket((mid) => setMid(mid, 100, 120, 100.025));
  const { o, l } = run(spike, [{ ...restingBuy, side: -1 }, { ...restingBuy, side: -1 }], [
    V.LIT,
    V.DARK,
  ]);
  near(o.limitPrice[0], 100.02);
  assert.equal(o.filled[0], 100);
  near(o.price[0], 100.02);
  near(l.customerCost[0], -1.50); // 100 x (100.005 - 100.02)
  assert.equal(o.filled[1], 0);
  assert.equal(o.tradedThrough[1], 1);
  near(o.opportunityCost[1], 1.50); // 100 x (100.02 - 100.005)
});

Deno.test("a limit that is touched but not traded through fills only with the touch probability", () => {
  // Mid 99.995 at 100..119: the bid is 99.99, exactly the limit, never below.
  const touch = tinyMarket((mid) => setMid(mid, 100, 120, 99.995));
  const { o } = run(touch, [restingBuy, restingBuy], [V.LIT, V.LITT]);
  // LIT: touch probability 0 and no trade-through: unfilled, not traded through.
  assert.equal(o.filled[0], 0);
  assert.equal(o.tradedThrough[0], 0);
  near(o.opportunityCost[0], 1.50);
  // LITT: touch probability 1: fills at the first touch (second 100).
  assert.equal(o.filled[1], 100);
  near(o.price[1], 99.99);
  near(o.latencyMs[1], (100 + 0.002 - 10.5) * 1000, 1e-6);
});

Deno.test("unfilled limits: life cut at the close, no opportunity cost when the mid ends below", () => {
  const { o } = run(dip(), [
    // Arrives at 500 s with 1,000 s to live: expires at the close (600 s).
    { type: 2, offset: 1, life: 1000, time: 500 },
    // Expires at 110.5 s, inside the dip: mid 99.985 is below its 99.99 limit.
    { type: 2, offset: 1, life: 100 },
    // Expires at 60.5 s, before the dip: never reached.
    { type: 2, offset: 1, life: 50 },
  ], [V.DARK, V.DARK, V.DARK]);
  assert.equal(o.filled[0], 0);
  near(o.latencyMs[0], 100_000, 1e-6);
  assert.equal(o.tradedThrough[0], 0);
  near(o.opportunityCost[0], 1.50);
  assert.equal(o.tradedThrough[1], 1);
  assert.equal(o.opportunityCost[1], 0);
  assert.equal(o.tradedThrough[2], 0);
  near(o.opportunityCost[2], 1.50);
});

Deno.test("execution is deterministic and depends on each order's global index only", () => {
  const specs = Array.from({ length: 50 }, (_, i): OrderSpec => ({ time: 5 + i, size: 100 + i }));
  const a = run(tinyMarket(), specs, new Array(50).fill(V.WHPI), 7);
  const b = run(tinyMarket(), specs, new Array(50).fill(V.WHPI), 7);
  assert.deepEqual([...a.o.price], [...b.o.price]);
  // The last 20 orders executed alone (first = 30) draw the same improvements.
  const tail = tinyOrders(specs.slice(30), 30);
  const t = execute(
    tinyMarket(),
    venues,
    tinyFlow(),
    tail,
    routesTo(new Array(20).fill(V.WHPI)),
    new Random(7),
  );
  assert.deepEqual([...t.price], [...a.o.price.subarray(30)]);
  // Another seed draws other improvements.
  const c = run(tinyMarket(), specs, new Array(50).fill(V.WHPI), 8);
  assert.notDeepEqual([...c.o.price], [...a.o.price]);
});
