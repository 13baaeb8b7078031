import assert from "node:assert/strict";
import {
  annualize,
  costSplit,
  costSplitFrame,
  ledgerResidual,
  pairedEstimate,
  PARTY_LABELS,
  partyColorScale,
  per10k,
  perOrder,
  replicationEstimate,
  routingFrame,
  spreadBps,
} from "../lib/analysis/economics.ts";
import { deriveMetrics, type Metrics, STATS } from "../lib/analysis/metrics.ts";
import {
  monteCarlo,
  type MonteCarloResult,
  pairedDifference,
  studentTQuantile,
} from "../lib/runs/montecarlo.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import { simulateDay } from "../lib/sim/simulate.ts";
import { traceOrder } from "../lib/sim/journey.ts";
import { near } from "./_helpers.ts";

/** Metrics from named sums (everything else zero). */
function metrics(values: Partial<Record<typeof STATS[number], number>>): Metrics {
  const s = new Float64Array(STATS.length);
  for (const [k, v] of Object.entries(values)) s[STATS.indexOf(k as typeof STATS[number])] = v!;
  return deriveMetrics(s);
}

Deno.test("costSplit: the source document's wholesaler order, split by hand", () => {
  // 100 shares bought at the ask of a 2¢ market around $100: the customer pays 1¢ a share
  // beyond the midpoint ($1.00); the wholesaler pays the broker $0.003 a share ($0.30).
  const m = metrics({
    orders: 1,
    shares: 100,
    filledShares: 100,
    customerCost: 1,
    brokerGain: 0.3,
    wholesalerGain: 0.7,
    notional: 10_000,
  });
  const split = costSplit(m);
  assert.deepEqual(split.map((s) => s.party), ["broker", "wholesaler", "venue", "otherSide"]);
  near(split[0].perDollar, 0.3);
  near(split[1].perDollar, 0.7);
  near(split[0].per10k, 0.3);
  near(split[1].perOrder, 0.7);
  assert.equal(split[2].amount, 0);
  near(ledgerResidual(m), 0);
  assert.ok(Number.isNaN(costSplit(metrics({ orders: 1 }))[0].perDollar));
});

Deno.test("costSplit and ledgerResidual agree with traceOrder on a lit exchange", () => {
  const lit = {
    id: "L",
    name: "Lit",
    kind: "lit",
    takeFee: 0.003,
    makeRebate: 0.002,
    depthShare: 1,
    touchFillProbability: 1,
    throughFillProbability: 1,
    latency: { medianMs: 1, sigma: 0 },
    source: "-",
  };
  const j = traceOrder(lit, { bid: 99.99, ask: 100.01, shares: 100, side: "buy" });
  // Customer pays 100 × 1¢ = $1.00; broker pays the $0.30 take fee; the exchange keeps
  // $0.30 − $0.20 rebate = $0.10; the resting seller earns $1.00 + $0.20 rebate = $1.20.
  const m = metrics({
    orders: 1,
    customerCost: j.customerCost,
    brokerGain: j.brokerGain,
    wholesalerGain: j.wholesalerGain,
    venueGain: j.venueGain,
    otherSideGain: j.otherSideGain,
    notional: 100 * j.mid,
  });
  near(m.customerCost, 1);
  const [broker, , venue, other] = costSplit(m);
  near(broker.amount, -0.3);
  near(venue.amount, 0.1);
  near(other.amount, 1.2);
  near(ledgerResidual(m), 0, 1e-12);
});

Deno.test("perOrder and per10k divide by orders and by notional; NaN when empty", () => {
  const m = metrics({ orders: 8, notional: 40_000, payment: 2, customerCost: 6 });
  near(perOrder(m, "payment"), 0.25);
  near(per10k(m, "customerCost"), 1.5);
  assert.ok(Number.isNaN(perOrder(metrics({}), "payment")));
  assert.ok(Number.isNaN(per10k(metrics({ orders: 1 }), "payment")));
});

Deno.test("spreadBps: dollar-weighted effective and realized spreads, by hand", () => {
  // Two fills: 100 shares of a $100 stock with a 2¢ effective spread, and 300 shares of a
  // $10 stock with a 1¢ effective spread. Share-weighted $: (100×0.02 + 300×0.01)/400 =
  // 1.25¢; notional 100×100 + 300×10 = $13,000; in bps: 400 × 0.0125 / 13,000 × 1e4 = 3.846.
  const m = metrics({
    filledShares: 400,
    notional: 13_000,
    effectiveSpreadSum: 100 * 0.02 + 300 * 0.01,
    realized1sSum: 100 * 0.02 + 300 * 0.01,
    realized15sSum: 100 * 0.015 + 300 * 0.01,
    realized60sSum: 100 * 0.01,
    realized300sSum: -(100 * 0.01),
  });
  near(spreadBps(m, 0), 5 / 13_000 * 1e4, 1e-12);
  near(spreadBps(m, 1), spreadBps(m, 0), 1e-12);
  near(spreadBps(m, 15), 4.5 / 13_000 * 1e4, 1e-12);
  near(spreadBps(m, 60), 1 / 13_000 * 1e4, 1e-12);
  near(spreadBps(m, 300), -1 / 13_000 * 1e4, 1e-12);
  assert.throws(() => spreadBps(m, 30 as 0), /horizon: expected one of 0, 1, 15, 60, 300/);
});

const fake = (values: [policy: string, replication: number, payment: number][]) =>
  ({
    intervals: [],
    replications: values.map(([policy, replication, payment]) => ({
      policy,
      replication,
      group: {},
      metrics: metrics({ orders: 10, payment }),
    })),
  }) as MonteCarloResult;

Deno.test("replicationEstimate: mean and t interval of a derived statistic, by hand", () => {
  // Payment per order 1, 2 and 3 across three replications (listed out of order).
  const mc = fake([["p", 2, 30], ["p", 0, 10], ["p", 1, 20], ["q", 0, 99]]);
  const e = replicationEstimate(mc, "p", (m) => m.payment / m.orders);
  assert.deepEqual(e.values, [1, 2, 3]);
  near(e.mean, 2);
  const half = studentTQuantile(0.975, 2) * 1 / Math.sqrt(3); // sd = 1
  near(e.high, 2 + half, 1e-12);
  near(e.low, 2 - half, 1e-12);
  assert.throws(() => replicationEstimate(mc, "zzz", (m) => m.orders), /no results for "zzz"/);
});

Deno.test("replicationEstimate: a group selects grouped rows only", () => {
  const mc = fake([["p", 0, 10]]);
  mc.replications.push({
    policy: "p",
    replication: 0,
    group: { venue: "WH-A" },
    metrics: metrics({ orders: 5, payment: 50 }),
  });
  near(replicationEstimate(mc, "p", (m) => m.payment).mean, 10);
  near(replicationEstimate(mc, "p", (m) => m.payment, { venue: "WH-A" }).mean, 50);
  assert.throws(() => replicationEstimate(mc, "p", (m) => m.payment, { venue: "X" }));
});

Deno.test("pairedEstimate: differences replication by replication, by hand", () => {
  // Baseline payments per order 1, 2, 4; alternative 2, 4, 6: differences 1, 2, 2.
  const mc = fake([["a", 0, 10], ["a", 1, 20], ["a", 2, 40], ["b", 0, 20], ["b", 1, 40], [
    "b",
    2,
    60,
  ]]);
  const d = pairedEstimate(mc, "a", "b", (m) => m.payment / m.orders);
  assert.deepEqual(d.values, [1, 2, 2]);
  near(d.mean, 5 / 3, 1e-12);
  const sd = Math.sqrt(((1 - 5 / 3) ** 2 + 2 * (2 - 5 / 3) ** 2) / 2);
  near(d.high - d.mean, studentTQuantile(0.975, 2) * sd / Math.sqrt(3), 1e-12);
});

Deno.test("pairedEstimate equals montecarlo's pairedDifference for a plain metric", () => {
  const mc = monteCarlo(defaultScenario(), [{ kind: "best-execution" }, { kind: "max-payment" }], {
    orders: 1500,
    seed: 9,
    replications: 3,
    types: [0, 1],
  });
  const d = pairedEstimate(mc, "best-execution", "max-payment", (m) => m.customerCost);
  const per = mc.replications.filter((r) => r.policy === "max-payment").map((r, i) =>
    r.metrics.customerCost -
    mc.replications.filter((x) => x.policy === "best-execution")[i].metrics.customerCost
  );
  assert.deepEqual(d.values, per);
  const lib = pairedDifference(mc, "customerCost", "best-execution", "max-payment");
  near(d.mean, lib.mean, 1e-9);
  near(d.low, lib.low, 1e-9);
  near(d.high, lib.high, 1e-9);
});

Deno.test("ledgerResidual is zero on a simulated day, whole and by venue", () => {
  const day = simulateDay(defaultScenario(), { kind: "max-payment" }, { orders: 3000, seed: 5 });
  for (const row of [...day.metrics.summarize([]), ...day.metrics.summarize(["venue"])]) {
    near(ledgerResidual(row), 0, 1e-6 * (1 + Math.abs(row.customerCost)), `${row.venue}`);
  }
});

Deno.test("annualize: the document's $1.20 × 10M orders × 252 days, and bad inputs", () => {
  const y = annualize({ mean: 1.2, low: 1, high: 1.5 }, 10_000_000);
  near(y.mean, 3_024_000_000, 1e-3);
  near(y.low, 2_520_000_000, 1e-3);
  near(y.high, 3_780_000_000, 1e-3);
  near(annualize({ mean: 2, low: 1, high: 3 }, 100, 250).mean, 50_000);
  assert.throws(() => annualize({ mean: 1, low: 1, high: 1 }, -1), /ordersPerDay/);
  assert.throws(() => annualize({ mean: 1, low: 1, high: 1 }, 1, NaN), /tradingDays/);
});

Deno.test("routingFrame counts each venue's orders, shares, types and payment directly", () => {
  const day = simulateDay(defaultScenario(), { kind: "max-payment" }, { orders: 4000, seed: 3 });
  const df = routingFrame(day);
  const o = day.outcomes;
  const ids = df.getColumn("venue").toArray() as string[];
  assert.deepEqual(ids, defaultScenario().broker.venues);
  let allShares = 0;
  for (let i = 0; i < o.count; i++) allShares += day.orders.size[i];
  ids.forEach((id, row) => {
    const v = day.venues.ids.indexOf(id);
    let orders = 0, shares = 0, market = 0, payment = 0;
    for (let i = 0; i < o.count; i++) {
      if (o.venue[i] !== v) continue;
      orders++;
      shares += day.orders.size[i];
      if (day.orders.type[i] === 0) market++;
      payment += o.payment[i];
    }
    const at = (c: string) => df.getColumn(c).toArray()[row] as number;
    assert.equal(at("orders"), orders, id);
    assert.equal(at("market"), market, id);
    near(at("orderShare"), orders / o.count, 1e-12, id);
    near(at("shareShare"), shares / allShares, 1e-12, id);
    near(at("payment"), payment, 1e-6, id);
  });
  near(df.getColumn("orderShare").sum() as number, 1, 1e-12);
});

Deno.test("costSplitFrame: customer row, four recipients and a zero ledger check per policy", () => {
  const m = metrics({
    orders: 2,
    customerCost: 1,
    brokerGain: 0.3,
    wholesalerGain: 0.7,
    notional: 20_000,
  });
  const df = costSplitFrame([["a", m], ["b", m]]);
  assert.equal(df.height, 12);
  const party = df.getColumn("party").toArray();
  const dollars = df.getColumn("dollars").toArray() as number[];
  assert.equal(party[0], PARTY_LABELS.customer);
  assert.equal(party[1], PARTY_LABELS.broker);
  near(dollars[1], 0.3);
  near(df.getColumn("per10k").toArray()[0] as number, 0.5);
  near(df.getColumn("perOrder").toArray()[2] as number, 0.35);
  assert.ok(Object.is(dollars[5], 0), "the ledger check is +0 when the books balance");
});

Deno.test("partyColorScale: fixed colours by key or label, grey for unknown parties", () => {
  const s = partyColorScale(["wholesaler", PARTY_LABELS.otherSide, "someone"]);
  assert.deepEqual(s.range, ["#E69F00", "#999999", "#555555"]);
});
