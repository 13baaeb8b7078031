import assert from "node:assert/strict";
import {
  NOTIONAL_BUCKETS,
  notionalBucket,
  notionalCounts,
  notionalTable,
  summaryColumns,
} from "../lib/analysis/rule605.ts";
import { deriveMetrics, STATS } from "../lib/analysis/metrics.ts";
import type { DayResult } from "../lib/sim/simulate.ts";
import { simulateDay } from "../lib/sim/simulate.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import { near } from "./_helpers.ts";

Deno.test("notionalBucket: the OES size codes, edges included", () => {
  const code = (x: number) => NOTIONAL_BUCKETS[notionalBucket(x)].code;
  assert.deepEqual(
    [0, 249.99, 250, 999.99, 1000, 4999, 5000, 9999, 10000, 19999, 20000, 49999, 50000, 199999.99]
      .map(code),
    [0, 0, 250, 250, 1000, 1000, 5000, 5000, 10000, 10000, 20000, 20000, 50000, 50000],
  );
  assert.equal(code(200000), 200000);
  assert.equal(code(5e6), 200000);
  assert.throws(() => notionalBucket(-1), /notional: expected at least 0/);
  assert.throws(() => notionalBucket(NaN), /notional/);
});

Deno.test("notionalCounts: hand-built orders land in the right cells; types filter", () => {
  // 50 sh x $4 = $200; 100 sh x $100 = $10,000; 2,000 sh x $150 = $300,000; a resting limit.
  const day = {
    orders: {
      count: 4,
      size: Uint32Array.of(50, 100, 2000, 300),
      type: Uint8Array.of(0, 1, 0, 2),
    },
    outcomes: { arrivalMid: Float64Array.of(4, 100, 150, 20) },
  } as unknown as DayResult;
  const N = NOTIONAL_BUCKETS.length;
  const c = notionalCounts(day);
  assert.equal(c[0 * N + 0], 1); // 1-99 shares, < $250
  assert.equal(c[1 * N + 4], 1); // 100-499 shares, $10k to < $20k
  assert.equal(c[3 * N + 7], 1); // 2000-4999 shares, >= $200k
  assert.equal(c.reduce((s, x) => s + x, 0), 3);
  const all = notionalCounts(day, [0, 1, 2]);
  assert.equal(all[1 * N + 3], 1); // 300 sh x $20 = $6,000: $5k to < $10k
  const rows = notionalTable(c);
  assert.deepEqual(rows.map((r) => r.shares), ["1-99", "100-499", "2000-4999"]);
  near(rows[0]["< $250"] as number, 1 / 3, 1e-15);
  near(rows[2]["≥ $200k"] as number, 1 / 3, 1e-15);
  assert.throws(() => notionalTable(new Float64Array(3)), /counts: expected 48 entries/);
});

Deno.test("notionalCounts: every covered order of a simulated day is counted once", () => {
  const day = simulateDay(defaultScenario(), { kind: "best-execution" }, { orders: 2000, seed: 3 });
  let covered = 0;
  for (let i = 0; i < day.orders.count; i++) if (day.orders.type[i] !== 2) covered++;
  assert.equal(notionalCounts(day).reduce((s, x) => s + x, 0), covered);
});

Deno.test("summaryColumns: hand-computed percentages of a small group", () => {
  const S = Object.fromEntries(STATS.map((s, i) => [s, i])) as Record<string, number>;
  const sums = new Float64Array(STATS.length);
  // Two buy orders, 100 shares in all, all filled, midpoint $20 each time, quoted spread 2¢:
  // 60 shares improved by 0.4¢, 30 at the quote, 10 outside by 0.2¢.
  sums[S.orders] = 2;
  sums[S.shares] = 100;
  sums[S.filledShares] = 100;
  sums[S.filledOrders] = 2;
  // Effective spread 2(P - M): improved 2(0.006) = 0.012, at quote 0.02, outside 2(0.012) = 0.024.
  sums[S.effectiveSpreadSum] = 60 * 0.012 + 30 * 0.02 + 10 * 0.024;
  sums[S.effectiveSpreadBpsSum] = (60 * 0.012 + 30 * 0.02 + 10 * 0.024) / 20 * 1e4;
  sums[S.quotedSpreadSum] = 100 * 0.02;
  sums[S.improvedShares] = 60;
  sums[S.improvementSum] = 60 * 0.004;
  sums[S.atQuoteShares] = 30;
  sums[S.outsideShares] = 10;
  sums[S.outsideSum] = 10 * 0.002;
  sums[S.executionMsSum] = 100 * 3.5;
  sums[S.realized15sSum] = 100 * 0.01;
  sums[S.realized60sSum] = 100 * -0.002;
  sums[S.notional] = 100 * 20;
  const c = summaryColumns(deriveMetrics(sums));
  near(c.AvgOrderQty, 50, 1e-12, "AvgOrderQty");
  near(c.AvgOrderSize, 1000, 1e-9, "AvgOrderSize");
  near(c.ExctdOrderMidPtAvg, 20, 1e-12, "midpoint");
  near(c.PctExctdAtQuotOrBetter, 0.9, 1e-12, "at quote or better");
  near(c.PctExctdPI, 0.6, 1e-12, "PI share");
  // (0.24 - 0.02) / 2000 = 0.00011
  near(c.WghtdAvgPctPI, 0.00011, 1e-15, "weighted PI");
  // Effective spread: (0.72 + 0.6 + 0.24) / 100 = 0.0156 $/sh; / $20 = 0.00078.
  near(c.AvgEffctvSprdPct, 0.00078, 1e-15, "effective %");
  near(c.AvgPctQuotSprd, 0.001, 1e-15, "quoted %");
  near(c.AvgEFQPct, 0.78, 1e-12, "E/Q");
  near(c.AvgEffctvSprdPct / c.AvgPctQuotSprd, c.AvgEFQPct, 1e-12, "E/Q is effective % / quoted %");
  near(c.AvgRealSprdPct15sec, 0.0005, 1e-15, "realized 15 s");
  near(c.AvgRealSprdPct1min, -0.0001, 1e-15, "realized 1 min");
  near(c.WghtdAvgExctnTime, 3.5, 1e-12, "time ms");
});

Deno.test("summaryColumns: percentages divide by the average midpoint, as the SEC sample does", () => {
  const S = Object.fromEntries(STATS.map((s, i) => [s, i])) as Record<string, number>;
  const sums = new Float64Array(STATS.length);
  // 100 shares at a $10 midpoint (effective 1¢, quoted 2¢) and 100 at $30 (effective 3¢, quoted 4¢).
  sums[S.orders] = 2;
  sums[S.shares] = 200;
  sums[S.filledShares] = 200;
  sums[S.effectiveSpreadSum] = 100 * 0.01 + 100 * 0.03;
  sums[S.quotedSpreadSum] = 100 * 0.02 + 100 * 0.04;
  sums[S.atQuoteShares] = 200;
  sums[S.notional] = 100 * 10 + 100 * 30;
  const c = summaryColumns(deriveMetrics(sums));
  // Average midpoint $20; average effective 2¢ -> 0.001; average quoted 3¢ -> 0.0015; E/Q 2/3.
  near(c.ExctdOrderMidPtAvg, 20, 1e-12, "midpoint");
  near(c.AvgEffctvSprdPct, 0.001, 1e-15, "effective %");
  near(c.AvgPctQuotSprd, 0.0015, 1e-15, "quoted %");
  near(c.AvgEFQPct, 2 / 3, 1e-12, "E/Q");
  near(c.PctExctdAtQuotOrBetter, 1, 1e-15, "at the quote");
  near(c.PctExctdPI, 0, 0, "no improvement");
});
