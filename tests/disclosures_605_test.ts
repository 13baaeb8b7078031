// Rule 605: the genuine legacy Virtu file reads completely with hand-checked
// values and totals, the invariants are checked row by row, bad records are
// named by line and field, the SEC's summary samples read (valid) or are
// rejected row by row (invalid), and simulated reports round-trip.
import assert from "node:assert/strict";
import {
  DisclosureError,
  legacy605Totals,
  readLegacy605,
  readLegacy605File,
  readOes,
  readOesFile,
  writeLegacy605,
  writeOes,
} from "../lib/disclosures/mod.ts";
import { legacy605FromSimulation, oesFromSimulation } from "../lib/disclosures/simulated.ts";
import { NOTIONAL_BUCKETS } from "../lib/analysis/rule605.ts";
import { simulateDay } from "../lib/sim/simulate.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import { near } from "./_helpers.ts";

const root = new URL("..", import.meta.url).pathname;
const VIRTU = `${root}../shared/data/real/rule605/VIRTU0817.txt`;
const OES = `${root}../shared/data/specs/oes`;
const ROW2 =
  "T|TVIRT|201708|A|12|21|438|53033|50933|2100|0|2100|0|0|0|0|0.3653|0.0806|1166|0.0062|0.0|734|0.0|200|0.0440|0.0";

Deno.test("605 legacy: the genuine Virtu file reads completely", async () => {
  const t0 = performance.now();
  const r = await readLegacy605File(VIRTU);
  const ms = performance.now() - t0;
  console.log(`Virtu 605 (2.7 MB, ${r.counts.read} records): read in ${ms.toFixed(0)} ms`);
  assert.deepEqual(r.counts, { read: 31802, used: 31802, rejected: 0 });
  assert.equal(r.rejected.length, 0);
  assert.equal(r.invariantBreaks.length, 0, JSON.stringify(r.invariantBreaks.slice(0, 3)));
  // Line 2, as in disclosure-formats.md §1.2.
  const a = r.rows[1];
  assert.deepEqual(a, {
    line: 2,
    participant: "T",
    marketCenter: "TVIRT",
    month: "201708",
    symbol: "A",
    orderType: 12,
    sizeCode: 21,
    coveredOrders: 438,
    coveredShares: 53033,
    cancelledShares: 50933,
    executedHere: 2100,
    executedAway: 0,
    executed0to9s: 2100,
    executed10to29s: 0,
    executed30to59s: 0,
    executed60to299s: 0,
    executed5to30min: 0,
    realizedSpread: 0.3653,
    effectiveSpread: 0.0806,
    improvedShares: 1166,
    improvementPerShare: 0.0062,
    improvedSeconds: 0,
    atQuoteShares: 734,
    atQuoteSeconds: 0,
    outsideShares: 200,
    outsidePerShare: 0.044,
    outsideSeconds: 0,
  });
  // AAPL, marketable limit, 100-499 shares (line 98).
  const aapl = r.rows.find((x) => x.symbol === "AAPL" && x.orderType === 12 && x.sizeCode === 21)!;
  assert.equal(aapl.line, 98);
  assert.equal(aapl.coveredShares, 497729);
  assert.equal(aapl.cancelledShares, 470928);
  assert.equal(aapl.executedHere, 26801);
  // Types 13-15 leave fields 18-26 empty: null, not zero.
  const limit = r.rows.find((x) => x.symbol === "A" && x.orderType === 13 && x.sizeCode === 21)!;
  assert.equal(limit.realizedSpread, 0);
  assert.equal(limit.effectiveSpread, null);
  assert.equal(limit.outsideSeconds, null);
  // Counts by order type, counted with awk on the file.
  const byType = new Map<number, number>();
  for (const x of r.rows) byType.set(x.orderType, (byType.get(x.orderType) ?? 0) + 1);
  assert.deepEqual([...byType.entries()].sort(), [[11, 1865], [12, 13199], [13, 7651], [
    14,
    5851,
  ], [15, 3236]]);
});

Deno.test("605 legacy: totals match sums done with awk on the file", async () => {
  const r = await readLegacy605File(VIRTU);
  // Market orders of 100-499 shares: 5,932 orders, 1,009,710 covered and 191,248 executed
  // shares; effective spread weighted by executed shares $0.0878692227.
  const t = legacy605Totals(r.rows, ["orderType", "sizeCode"]).find((x) =>
    x.orderType === 11 && x.sizeCode === 21
  )!;
  assert.equal(t.coveredOrders, 5932);
  assert.equal(t.coveredShares, 1009710);
  assert.equal(t.executedShares, 191248);
  near(t.effectiveSpread!, 0.0878692227, 1e-10, "effective spread");
  // Marketable limits: 84,138,139 executed; 12,768,925 improved, 65,826,343 at and 5,542,871
  // outside the quote; improvement $0.0018173150 per improved share.
  const ml = legacy605Totals(r.rows, ["orderType"]).find((x) => x.orderType === 12)!;
  assert.equal(ml.executedShares, 84138139);
  assert.equal(ml.improvedShares, 12768925);
  assert.equal(ml.atQuoteShares, 65826343);
  assert.equal(ml.outsideShares, 5542871);
  near(ml.improvementPerShare!, 0.001817315, 1e-9, "improvement");
  near(ml.improvedShare!, 12768925 / 84138139, 1e-12, "improved share");
});

Deno.test("605 legacy: round trip of the genuine file is byte-exact", async () => {
  const text = await Deno.readTextFile(VIRTU);
  const fast = readLegacy605(text);
  // Virtu writes "-0.0000" for small negative amounts; the writer keeps it.
  assert.equal(writeLegacy605(fast.rows), text.replace(/\n+$/, "\n"));
});

Deno.test("605 legacy: quoted, space-padded and CRLF records read like plain ones", () => {
  const padded = ROW2.split("|").map((f, i) => (i % 3 === 0 ? ` "${f}" ` : f)).join("|");
  const other = ROW2.replace("|A|", "|B|");
  const r = readLegacy605(`${padded}\r\n\r\n${other}\r\n`, { source: "p.txt" });
  assert.deepEqual(r.counts, { read: 2, used: 2, rejected: 0 });
  assert.deepEqual({ ...r.rows[0], line: 0 }, { ...r.rows[1], line: 0, symbol: "A" });
  assert.deepEqual(r.rows.map((x) => x.line), [1, 3]);
});

Deno.test("605 legacy bad input: field count, text, negative shares, codes; named by line and field", () => {
  const lines = [
    ROW2,
    ROW2.replace("|53033|", "|53,033|"), // text where a number belongs
    ROW2.split("|").slice(0, 25).join("|"), // 25 fields
    ROW2.replace("|2100|0|2100|", "|-2100|0|2100|"), // negative shares
    ROW2.replace("|12|21|", "|16|26|"), // unknown codes
    ROW2.replace("201708", "2017-8"), // bad month
    ROW2.replace("|0.0806|", "|0.08O6|"), // a letter O in a spread
  ];
  const text = lines.join("\n") + "\n";
  const r = readLegacy605(text, { source: "bad.txt" });
  assert.deepEqual(r.counts, { read: 7, used: 1, rejected: 6 });
  assert.equal(r.counts.read, r.counts.used + r.counts.rejected);
  assert.deepEqual(r.rejected.map((i) => [i.line, i.field, i.message]), [
    [2, "field 8 (coveredShares)", 'expected a number, got "53,033"'],
    [3, null, 'expected 26 fields separated by "|", found 25'],
    [4, "field 10 (executedHere)", "negative number of shares or orders: -2100"],
    [5, "field 5 (orderType)", 'unknown order type "16" (11-15)'],
    [5, "field 6 (sizeCode)", 'unknown size code "26" (21-24)'],
    [6, "field 3 (month)", 'expected a month yyyymm, got "2017-8"'],
    [7, "field 18 (effectiveSpread)", 'expected a number, got "0.08O6"'],
  ]);
  assert.throws(
    () => readLegacy605(text, { source: "bad.txt", strict: true }),
    (e: Error) =>
      e instanceof DisclosureError && e.issues.length === 7 &&
      e.message.split("\n")[0] ===
        'bad.txt: line 2: field 8 (coveredShares): expected a number, got "53,033"',
  );
  assert.throws(() => readLegacy605("\n\n", { source: "e.txt" }), /e\.txt: line 1: no records/);
});

Deno.test("605 legacy: a record breaking an invariant is reported with its line and kept", () => {
  const broken = [
    ROW2,
    ROW2.replace("|2100|0|2100|0|0|0|0|", "|2100|0|2000|0|0|0|0|"), // buckets short by 100
    ROW2.replace("|1166|0.0062|", "|1266|0.0062|"), // improved + at + outside too many
    "T|TVIRT|201708|A|13|21|49|7496|7496|0|0|0|0|0|0|0|0.0000|0.0100||||||||", // type 13 with a spread
    ROW2.replace("|53033|50933|", "|52033|50933|"), // covered < cancelled + executed
  ].map((line, k) => line.replace("|A|", `|S${k}|`)).join("\n"); // one key per record
  const r = readLegacy605(broken, { source: "inv.txt", strict: true });
  assert.deepEqual(r.counts, { read: 5, used: 5, rejected: 0 });
  assert.deepEqual(r.invariantBreaks.map((i) => [i.line, i.message]), [
    [2, "shares executed here and away (2100) differ from the sum of the time buckets (2000)"],
    [3, "shares improved, at and outside the quote (2200) differ from shares executed (2100)"],
    [4, "fields effectiveSpread should be empty for order type 13"],
    [5, "covered shares (52033) are fewer than cancelled plus executed shares (53033)"],
  ]);
});

Deno.test("605 summary: the SEC's valid sample reads strictly, with hand-checked values", async () => {
  const r = await readOesFile(`${OES}/sample.csv`, { strict: true });
  assert.deepEqual(r.counts, { read: 35, used: 35, rejected: 0 });
  const first = r.rows[0];
  assert.equal(first.line, 2);
  assert.equal(first.RprtEntityCd, "SAMPLE");
  assert.equal(first.RptDate, 202501);
  assert.equal(first.AvgOrderSize, 139);
  assert.equal(first.AvgEFQPct, 0.935065);
  assert.equal(first.WghtdAvgExctnTime, 10360.60052);
  // Line 5: AvgEFQPct empty (no quoted spread to divide by).
  assert.equal(r.rows[3].OrderSize, 5000);
  assert.equal(r.rows[3].AvgPctQuotSprd, 0);
  assert.equal(r.rows[3].AvgEFQPct, null);
  const all = r.rows.find((x) =>
    x.Sp500 === "N" && x.OrderType === "ML" && x.OrderSize === 199999
  )!;
  assert.equal(all.AvgOrderQty, 167.826626);
});

Deno.test("605 summary: the SEC's invalid sample is rejected row by row, each reason named", async () => {
  const path = `${OES}/ng.csv`;
  const r = await readOesFile(path);
  assert.deepEqual(r.counts, { read: 55, used: 49, rejected: 6 });
  assert.deepEqual([...new Set(r.rejected.map((i) => i.line))], [2, 3, 6, 32, 33, 40]);
  const at = (line: number) => r.rejected.filter((i) => i.line === line).map((i) => i.field);
  assert.deepEqual(at(2), [
    "RptDate",
    "Sp500",
    "OrderSize",
    "OrderType",
    "AvgOrderQty",
    "AvgOrderSize",
    "ExctdOrderMidPtAvg",
    "PctExctdAtQuotOrBetter",
    "PctExctdPI",
    "WghtdAvgPctPI",
    "AvgEffctvSprdPct",
    "AvgEFQPct",
    "WghtdAvgExctnTime",
  ]);
  assert.deepEqual(at(3), ["OrderType", "AvgOrderQty", "AvgOrderSize"]);
  assert.deepEqual(at(6), ["AvgPctQuotSprd"]);
  assert.deepEqual(at(33), ["WghtdAvgExctnTime"]);
  assert.match(r.rejected.find((i) => i.line === 32)!.message, /repeats the key .* of line 31/);
  await assert.rejects(
    () => readOesFile(path, { strict: true }),
    (e: Error) =>
      e instanceof DisclosureError &&
      e.message.includes(`ng.csv: line 6: AvgPctQuotSprd: negative value -0.002293`),
  );
  assert.throws(
    () => readOes("a,b\n1,2\n", { source: "h.csv" }),
    /h\.csv: line 1: column 1: header: expected "DsgntParticipant", got "a"/,
  );
});

Deno.test("605 writers: simulated legacy and summary reports round-trip", () => {
  const scenario = defaultScenario();
  const days = [1, 2].map((seed) =>
    simulateDay(scenario, { kind: "max-payment" }, { orders: 6000, seed })
  );
  // Legacy.
  const rows = legacy605FromSimulation(days, { month: 202607, entity: "SIMX" });
  const back = readLegacy605(writeLegacy605(rows), { source: "sim605.txt", strict: true });
  assert.deepEqual(back.counts, { read: rows.length, used: rows.length, rejected: 0 });
  rows.forEach((x, i) => {
    const y = back.rows[i];
    assert.equal(y.symbol, x.symbol);
    assert.equal(y.coveredShares, x.coveredShares);
    assert.equal(y.executedHere, x.executedHere);
    near(y.effectiveSpread ?? 0, x.effectiveSpread ?? 0, 0.00005 + 1e-12, "effective spread");
    near(y.realizedSpread!, x.realizedSpread!, 0.00005 + 1e-12, "realized spread");
    near(y.improvedSeconds ?? 0, x.improvedSeconds ?? 0, 0.05 + 1e-12, "seconds");
  });
  // Only resting limits fill after 30 minutes, the only way a simulated record breaks an invariant.
  for (const b of back.invariantBreaks) {
    const row = back.rows.find((x) => x.line === b.line)!;
    assert.ok(row.orderType >= 14, `line ${b.line}: ${b.message}`);
    assert.match(b.message, /differ from the sum of the time buckets/);
  }
  // Every covered market order of 100-499 shares counted once.
  let covered = 0;
  for (const d of days) {
    for (let i = 0; i < d.orders.count; i++) {
      if (d.orders.type[i] === 0 && d.orders.size[i] >= 100 && d.orders.size[i] <= 499) covered++;
    }
  }
  const counted = rows.filter((x) => x.orderType === 11 && x.sizeCode === 21)
    .reduce((s, x) => s + x.coveredOrders, 0);
  assert.equal(counted, covered);

  // Amended summary.
  const oes = oesFromSimulation(days, { month: 202608 });
  const text = writeOes(oes);
  assert.ok(text.includes("\r\n"));
  const read = readOes(text, { source: "SIMX202608.csv", strict: true });
  assert.equal(read.rows.length, oes.length);
  read.rows.forEach((y, i) => {
    for (const c of ["AvgOrderQty", "AvgOrderSize", "PctExctdPI", "AvgEffctvSprdPct"] as const) {
      near(y[c]!, oes[i][c]!, 5e-7 * (1 + Math.abs(oes[i][c]!)), c);
    }
  });
  // The S&P 500 market orders under $200k, counted by hand from the orders.
  let n = 0, shares = 0;
  for (const d of days) {
    for (let i = 0; i < d.orders.count; i++) {
      const o = d.orders;
      if (o.type[i] !== 0 || d.universe.tier[o.security[i]] !== 0) continue;
      if (o.size[i] * d.outcomes.arrivalMid[i] >= NOTIONAL_BUCKETS[7].min) continue;
      n++;
      shares += o.size[i];
    }
  }
  const under = oes.find((x) => x.Sp500 === "Y" && x.OrderType === "M" && x.OrderSize === 199999)!;
  near(under.AvgOrderQty!, shares / n, 1e-9, "average order size");
});
