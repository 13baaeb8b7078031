// The cross-section measurement: real values recomputed here from the raw
// lines of the genuine files (not through the module), rows in = used +
// rejected, malformed input named by file, line and field, and the committed
// JSON equal to a fresh measurement.
import assert from "node:assert/strict";
import {
  crossSectionJson,
  measureCrossSection,
  readDerived605,
  readDerived605File,
  routingProfile,
  sizeGradient,
  spreadCrossSection,
  spreadStats,
  weightedQuantile,
} from "../lib/calibration/crosssection.ts";
import { DisclosureError } from "../lib/disclosures/errors.ts";
import { readLegacy605File } from "../lib/disclosures/rule605_legacy.ts";
import { readRule606File } from "../lib/disclosures/rule606.ts";

/** |actual - expected| <= tol (tests/_helpers.ts has the same, but loads the whole library). */
function near(actual: number, expected: number, tol = 1e-9, what = "value"): void {
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${what}: expected ${expected} within ${tol}, got ${actual}`,
  );
}

const root = new URL("..", import.meta.url).pathname;
const SHARED = `${root}../shared`;
const CSV = `${SHARED}/data/real/rule605/derived/TCDRG202212.txt.f605_mktble_df.csv`;
const VIRTU = `${SHARED}/data/real/rule605/VIRTU0817.txt`;
const RULE606 = `${SHARED}/data/real/rule606`;
const JSON_PATH = `${root}data/calibration/cross-section.json`;

const HEADER = "ticker,total_orders,total_shrs,mc_exec_shrs,away_exec_shrs,avg_realzd_spread," +
  "avg_effec_spread,px_improved_shrs,px_improved_avg_amt,at_quote_shrs,outside_quote_shrs," +
  "outside_quote_avg_amt,in_sp500,in_r1000,avg_quoted_spread_mcaway,effective_over_quoted_mcaway";

/** The raw file as records of strings keyed by column (no value holds a comma). */
async function rawCsv(): Promise<Record<string, string>[]> {
  const lines = (await Deno.readTextFile(CSV)).trim().split("\n");
  const header = lines[0].split(",").map((h) => h.replaceAll('"', ""));
  return lines.slice(1).map((line) => {
    const fields = line.split(",").map((f) => f.replaceAll('"', ""));
    assert.equal(fields.length, header.length, line);
    return Object.fromEntries(header.map((h, i) => [h, fields[i]]));
  });
}

Deno.test("spreads: A and AA recomputed from their raw CSV lines", async () => {
  const raw = (await Deno.readTextFile(CSV)).split("\n");
  const line = (symbol: string) => {
    const i = raw.findIndex((l) => l.includes(`"T","TCDRG","202212","${symbol}","mkt_ordr"`));
    assert.ok(i > 0, symbol);
    return { number: i + 1, fields: raw[i].split(",") };
  };
  // Fields (0-based): 7 total_orders, 10-11 executed here and away, 17 realized, 18 effective,
  // 19-20 improved shares and amount, 35 quoted spread (cents), 36 E/Q.
  const a = line("A"), aa = line("AA");
  assert.equal(a.fields[17], "-0.0308"); // avg_realzd_spread
  assert.equal(a.fields[18], "0.0237"); // avg_effec_spread
  assert.equal(aa.fields[17], "0.0044");
  assert.equal(aa.fields[18], "0.0043");
  const value = (l: { fields: string[] }, i: number) => Number(l.fields[i]);
  const stats = (l: { fields: string[] }) => {
    const executed = value(l, 10) + value(l, 11);
    const e = value(l, 18), r = value(l, 17), q = value(l, 35);
    return {
      executed,
      e,
      r,
      q,
      impact: e - r,
      improvement: value(l, 19) * value(l, 20),
      orders: value(l, 7),
    };
  };
  const sa = stats(a), saa = stats(aa);
  near(sa.impact, 0.0545, 1e-12, "A: price impact 0.0237 - (-0.0308) $/share");
  near(saa.impact, -0.0001, 1e-12, "AA: price impact 0.0043 - 0.0044 $/share");
  near(100 * sa.e / sa.q, Number(a.fields[36]), 1e-12, "A: E/Q column = 100 E / Q (Q in cents)");

  const table = await readDerived605File(CSV);
  const rows = table.rows.filter((r) => r.symbol === "A" || r.symbol === "AA");
  assert.deepEqual(rows.map((r) => [r.symbol, r.line]), [["A", a.number], ["AA", aa.number]]);
  const s = spreadStats(rows);
  const x = sa.executed + saa.executed;
  near(s.executedShares, x, 0);
  near(s.priceImpact, (sa.impact * sa.executed + saa.impact * saa.executed) / x, 1e-12);
  const qx = sa.q * sa.executed + saa.q * saa.executed;
  near(s.effectiveOverQuoted, 100 * (sa.e * sa.executed + saa.e * saa.executed) / qx, 1e-12);
  near(
    s.priceImpactOverQuoted,
    100 * (sa.impact * sa.executed + saa.impact * saa.executed) / qx,
    1e-12,
  );
  near(s.improvementOverQuoted, 100 * (sa.improvement + saa.improvement) / qx, 1e-12);
  near(
    s.quotedSpreadCents.mean,
    (sa.q * sa.orders + saa.q * saa.orders) / (sa.orders + saa.orders),
  );
  // AA has 2,682 orders to A's 347: AA's spread is every quantile up to 88%.
  assert.equal(s.quotedSpreadCents.quantiles.p50, saa.q);
  assert.equal(s.quotedSpreadCents.quantiles.p95, sa.q);
});

Deno.test("spreads: groups and the S&P 500 median recomputed from the raw file", async () => {
  const raw = await rawCsv();
  const measured = spreadCrossSection(await readDerived605File(CSV));
  assert.deepEqual(measured.counts, { read: raw.length, used: raw.length, rejected: 0 });
  const orders = (rs: Record<string, string>[]) =>
    rs.reduce((a, r) => a + Number(r.total_orders), 0);
  const sp = raw.filter((r) => r.in_sp500 === "TRUE");
  const other = raw.filter((r) => r.in_sp500 === "FALSE" && r.in_r1000 === "TRUE");
  assert.equal(measured.groups.sp500.symbols, sp.length);
  assert.equal(measured.groups.otherR1000.symbols, other.length);
  assert.equal(measured.groups.rest.symbols, raw.length - sp.length - other.length);
  near(measured.groups.sp500.shareOfOrders, orders(sp) / orders(raw), 1e-12);
  // Order-weighted median by hand: sort, walk to half of the orders.
  const sorted = sp.map((r) => [Number(r.avg_quoted_spread_mcaway), Number(r.total_orders)])
    .sort((a, b) => a[0] - b[0]);
  let cumulative = 0, median = NaN;
  for (const [q, n] of sorted) {
    cumulative += n;
    if (cumulative >= orders(sp) / 2) {
      median = q;
      break;
    }
  }
  assert.equal(measured.groups.sp500.quotedSpreadCents.quantiles.p50, median);
  // The quoted spread is implied: E/Q + 2 net PI/Q = 1 in every group.
  for (const g of Object.values(measured.groups)) {
    near(g.effectiveOverQuoted + 2 * g.netImprovementOverQuoted, 1, 1e-9);
  }
  assert.ok(measured.checks.effectiveOverQuotedColumn < 1e-9);
  assert.ok(measured.checks.quotedSpreadIdentityCents < 1e-9);
  const bucketSymbols = measured.buckets.reduce((a, b) => a + b.symbols, 0);
  assert.equal(bucketSymbols, raw.length, "the buckets cover every symbol");
});

Deno.test("spreads: rejected rows are counted with their line and field", () => {
  const row = (symbol: string, q: string, executed = "100") =>
    `${symbol},1,100,${executed},0,0.01,0.01,${executed},0.005,0,0,0,FALSE,FALSE,${q},0.5`;
  const csv = [
    HEADER,
    row("A", "2"),
    row("B", "0"), // no quoted spread
    row("C", "NA"), // missing
    row("D", "2", "0"), // no executed shares
    row("A", "2"), // repeated symbol
    row("E", "3"),
  ].join("\n");
  const t = readDerived605(csv, { source: "r.csv" });
  assert.deepEqual(t.counts, { read: 6, used: 2, rejected: 4 });
  assert.equal(t.counts.read, t.counts.used + t.counts.rejected);
  assert.deepEqual(t.rejected.map((i) => [i.line, i.field]), [
    [3, "avg_quoted_spread_mcaway"],
    [4, "avg_quoted_spread_mcaway"],
    [5, "mc_exec_shrs + away_exec_shrs"],
    [6, "ticker"],
  ]);
  assert.match(t.rejected[3].message, /repeats line 2/);
});

Deno.test("spreads: malformed CSV is an error naming file, line and field", async () => {
  const good = "A,1,100,100,0,0.01,0.01,100,0.005,0,0,0,FALSE,FALSE,2,0.5";
  const throwsWith = (csv: string, pattern: RegExp) =>
    assert.throws(() => readDerived605(csv, { source: "bad.csv" }), (e: unknown) => {
      assert.ok(e instanceof DisclosureError, String(e));
      assert.match(e.message, pattern);
      assert.doesNotMatch(e.message, /\n\s+at /, "no stack trace in the message");
      return true;
    });
  throwsWith(
    `${HEADER}\n${good}\n${good.replace("A,", "B,").replace("0.01,0.01", "0.01,x")}\n`,
    /^bad\.csv: line 3: avg_effec_spread: expected a number, got "x"$/,
  );
  throwsWith(
    `${HEADER.replace(",avg_quoted_spread_mcaway", "")}\n${good.replace(",2,0.5", ",0.5")}\n`,
    /^bad\.csv: line 1: avg_quoted_spread_mcaway: missing column$/,
  );
  throwsWith(`${HEADER}\n${good},extra\n`, /^bad\.csv: line 2: expected 16 fields, found 17$/);
  throwsWith(`${HEADER}\n${good.replace("FALSE", "yes")}\n`, /line 2: in_sp500: expected TRUE/);
  throwsWith(`${HEADER}\n${good.replace("A,1,", "A,-1,")}\n`, /line 2: total_orders: expected a/);
  // The genuine file with one value spoiled: the real line and column are named.
  const text = await Deno.readTextFile(CSV);
  const spoiled = text.replace('"AA","mkt_ordr","100-499",2682', '"AA","mkt_ordr","100-499",many');
  assert.throws(
    () => readDerived605(spoiled, { source: "TCDRG.csv" }),
    (e: unknown) =>
      e instanceof DisclosureError &&
      e.message === 'TCDRG.csv: line 3: total_orders: expected a number, got "many"',
  );
  await assert.rejects(() => readDerived605File("/nonexistent/x.csv"), /\/nonexistent\/x\.csv/);
});

Deno.test("size gradient: Virtu marketable limits recomputed from the raw lines", async () => {
  const lines = (await Deno.readTextFile(VIRTU)).split("\n").filter((l) => l !== "");
  const records = lines.map((l) => l.split("|")).filter((f) => f[4] === "12");
  const executed = (f: string[]) => Number(f[9]) + Number(f[10]);
  const buckets = new Map<string, Set<string>>();
  for (const f of records) {
    if (!buckets.has(f[3])) buckets.set(f[3], new Set());
    if (executed(f) > 0) buckets.get(f[3])!.add(f[5]);
  }
  const complete = new Set([...buckets].filter(([, s]) => s.size === 4).map(([k]) => k));
  const virtu = await readLegacy605File(VIRTU);
  const g = sizeGradient(virtu.rows, 12);
  assert.equal(g.symbols, complete.size);
  assert.equal(g.counts.read, records.length);
  assert.equal(g.counts.read, g.counts.used + g.counts.rejected);
  const impact: number[] = [];
  for (const [k, code] of ["21", "22", "23", "24"].entries()) {
    let x = 0, e = 0, r = 0;
    for (const f of records) {
      if (f[5] !== code || !complete.has(f[3])) continue;
      x += executed(f);
      e += executed(f) * Number(f[17]);
      r += executed(f) * Number(f[16]);
    }
    near(g.buckets[k].effectiveSpread, e / x, 1e-12, `E ${code}`);
    near(g.buckets[k].priceImpact, (e - r) / x, 1e-12, `E - R ${code}`);
    impact.push((e - r) / x);
  }
  near(g.buckets[3].priceImpactRelative, impact[3] / impact[0], 1e-9);
  // Market orders: no symbol executed in all four buckets; every record still counts.
  const m = sizeGradient(virtu.rows, 11);
  assert.equal(m.counts.read, m.counts.used + m.counts.rejected);
  near(m.allRecords.reduce((a, b) => a + b.orderShare, 0), 1, 1e-12);
});

Deno.test("routing: HHI and payment of genuine 606 reports", async () => {
  const hood = await readRule606File(`${RULE606}/606-HOOD-2022Q1.xml`);
  const p = routingProfile(hood);
  // HHI by hand from each month's venue shares of S&P 500 market orders.
  const monthly = hood.months.map((m) =>
    m.sections.find((s) => s.section === "sp500")!.venues.reduce(
      (a, v) => a + (v.typePct.market ?? 0) ** 2,
      0,
    )
  );
  near(p.sections.sp500.hhi.market!, monthly.reduce((a, b) => a + b, 0) / 3, 1e-9);
  assert.equal(p.broker, "Robinhood Securities LLC");
  assert.equal(p.rows.read, p.rows.used + p.rows.rejected);
  // Schwab: every wholesaler paid 10.00 Cph for S&P 500 market orders.
  const schwab = routingProfile(await readRule606File(`${RULE606}/606-CHAS-2022Q1.xml`));
  near(schwab.sections.sp500.payment.market.cph!, 10, 0.02);
  // Firstrade sends nearly everything to Citadel: an HHI near 10,000.
  const firstrade = routingProfile(await readRule606File(`${RULE606}/routing_report_2022q1.xml`));
  assert.ok(firstrade.sections.sp500.hhi.market! > 9900);
  assert.match(firstrade.sections.sp500.venues[0].venue, /^citadel securities/i);
});

Deno.test("the committed JSON equals a fresh measurement", async () => {
  const cs = await measureCrossSection(SHARED);
  assert.equal(cs.routing.length, 12);
  assert.equal(cs.spreads.sha256, "178ae9cae28fffb7");
  assert.equal(cs.sizeGradient.sha256, "5dd58cae8acafadf");
  const text = crossSectionJson(cs);
  assert.equal(await Deno.readTextFile(JSON_PATH), text, "run scripts/measure.ts to refresh");
  assert.equal(crossSectionJson(await measureCrossSection(`${SHARED}/`)), text, "deterministic");
});

Deno.test("scripts/measure.ts: --check passes; a bad --shared is a message, not a trace", async () => {
  const run = (...args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", "--allow-write", `${root}scripts/measure.ts`, ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
  const ok = await run("--check");
  assert.equal(ok.code, 0, new TextDecoder().decode(ok.stderr));
  const bad = await run("--check", "--shared", "/nonexistent-shared");
  const err = new TextDecoder().decode(bad.stderr);
  assert.equal(bad.code, 2, err);
  assert.match(err, /\/nonexistent-shared\/data\/real\/rule605\/derived\/TCDRG.*cannot read/);
  assert.doesNotMatch(err, /\n\s+at /);
});

Deno.test("weightedQuantile: equal weights give the type-1 quantile; bad input is refused", () => {
  const xs = [5, 1, 4, 2, 3];
  const ones = [1, 1, 1, 1, 1];
  assert.equal(weightedQuantile(xs, ones, 0.5), 3);
  assert.equal(weightedQuantile(xs, ones, 0.2), 1);
  assert.equal(weightedQuantile(xs, ones, 0.21), 2);
  assert.equal(weightedQuantile(xs, ones, 1), 5);
  assert.equal(weightedQuantile(xs, [0, 0, 0, 0, 1], 0), 3);
  assert.ok(Number.isNaN(weightedQuantile([1], [0], 0.5)));
  assert.throws(() => weightedQuantile(xs, ones, 1.5), RangeError);
  assert.throws(() => weightedQuantile(xs, [1, 1], 0.5), RangeError);
});
