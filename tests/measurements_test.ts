/**
 * Measurements: the LOBSTER statistics on synthetic days whose answers are
 * known by hand, and the 606 rates on a genuine file's known values.
 */
import assert from "node:assert/strict";
import {
  lobsterStats,
  orderTypeMix,
  paymentRate,
  venuePaymentRates,
} from "../lib/calibration/measurements.ts";
import { readRule606File } from "../lib/disclosures/rule606.ts";
import { near } from "./_helpers.ts";

const REAL = new URL("../../shared/data/real/", import.meta.url).pathname;

/** A LOBSTER day from (time, bid, ask) rows ($). */
function day(rows: [number, number, number][]): [string, string] {
  const msg = rows.map(([t, bid]) => `${t},1,1,100,${Math.round(bid * 1e4)},1`).join("\n");
  const book = rows.map(([, bid, ask]) =>
    `${Math.round(ask * 1e4)},100,${Math.round(bid * 1e4)},100`
  ).join("\n");
  return [msg, book];
}

Deno.test("LOBSTER statistics on a day of alternating spreads and a steady drift", () => {
  // 1,000 seconds; the spread alternates 1 and 3 ticks every 10 s; the mid rises 1 cent a minute.
  const rows: [number, number, number][] = [];
  for (let t = 0; t < 1000; t++) {
    const mid = 100 + Math.floor(t / 60) * 0.01;
    const half = (Math.floor(t / 10) % 2 === 0 ? 0.01 : 0.03) / 2;
    rows.push([t, mid - half, mid + half]);
  }
  const [msg, book] = day(rows);
  const s = lobsterStats(msg, book, { start: 0, end: 1000, lagSeconds: 10, returnSeconds: 60 });
  near(s.spreadTicks, 2, 1e-9, "mean spread");
  near(s.logSpreadSd, Math.log(3) / 2, 1e-9, "sd of a two-point log spread");
  // The log spread flips sign every 10 s: autocorrelation -1 at a 10 s lag, so no memory.
  assert.ok(s.spreadAutocorrelation < -0.95, String(s.spreadAutocorrelation));
  assert.ok(Number.isNaN(s.spreadMemorySeconds));
  // Each minute's log return is ln((100 + 0.01 k) / (100 + 0.01 (k - 1))); 16 of them.
  let squares = 0;
  for (let k = 1; k <= 16; k++) squares += Math.log((100 + 0.01 * k) / (100 + 0.01 * (k - 1))) ** 2;
  near(s.annualVolatility, Math.sqrt(squares * (1000 / (16 * 60)) * 252), 1e-9, "volatility");
});

Deno.test("LOBSTER statistics skip one-sided books and refuse mismatched files", () => {
  const [msg, book] = day([[0, 99.99, 100.01], [5, 99.98, 100.02], [10, 99.99, 100.01]]);
  const oneSided = book.split("\n");
  oneSided[1] = "9999999999,0,9999999999,0";
  const s = lobsterStats(msg, oneSided.join("\n"), { start: 0, end: 20, returnSeconds: 5 });
  near(s.spreadTicks, 2, 1e-9, "the one-sided 5 s are left out");
  near(s.seconds, 15, 1e-9);
  assert.throws(() => lobsterStats(msg, "1,1,1,1", { start: 0, end: 20 }), /order-book rows/);
});

Deno.test("606 rates and mix of a genuine report: Schwab 2022 Q1", async () => {
  const r = await readRule606File(`${REAL}rule606/606-CHAS-2022Q1.xml`);
  // Every wholesaler paid Schwab 10.00 Cph for S&P 500 market orders (the file's own values).
  for (const v of venuePaymentRates(r, "sp500", "market")) {
    if (/citadel|virtu|g1|janest|two sigma/i.test(v.venue)) near(v.cph, 10, 0.02, v.venue);
  }
  // Nasdaq charged 30.00 Cph on marketable limit orders: the Rule 610(c) cap.
  const nasdaq = paymentRate(r, {
    section: "sp500",
    type: "marketableLimit",
    venues: (v) => v.venue === "The Nasdaq Stock Market",
  });
  near(nasdaq.cph, -30, 0.01);
  near(nasdaq.perShare, -0.003, 1e-6);
  // January 2022: 58.46 / 4.33 / 29.63 (+ 7.58 other); the quarter's mix is close to it.
  const mix = orderTypeMix(r, "sp500");
  near(mix.market + mix.marketableLimit + mix.nonMarketableLimit, 1, 1e-12);
  near(mix.market, 58.46 / (58.46 + 4.33 + 29.63), 0.02, "market share");
});
