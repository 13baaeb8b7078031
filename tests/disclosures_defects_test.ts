// Issue 14's defects of the disclosure readers and writers, each reproduced
// on its own input: every test is named after what it guards.
import assert from "node:assert/strict";
import { DisclosureError, readBoundedBytes } from "../lib/disclosures/errors.ts";
import { readRule606, readRule606File, rule606Venues } from "../lib/disclosures/rule606.ts";
import { schemaTimestamp, writeRule606Xml } from "../lib/disclosures/rule606_write.ts";
import { readLegacy605 } from "../lib/disclosures/rule605_legacy.ts";
import { OES_COLUMNS, readOes, writeOes } from "../lib/disclosures/rule605_summary.ts";
import { readLobsterText } from "../lib/disclosures/lobster.ts";
import { runDisclosureCli } from "../lib/disclosures/cli.ts";
import { oesFromSimulation } from "../lib/disclosures/simulated.ts";
import { NOTIONAL_BUCKETS, notionalBucket } from "../lib/analysis/rule605.ts";
import { simulateDay } from "../lib/sim/simulate.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import { near } from "./_helpers.ts";

const root = new URL("..", import.meta.url).pathname;
const REAL = `${root}../shared/data/real`;
const HOOD = `${REAL}/rule606/606-HOOD-2022Q1.xml`;
const VIRTU = `${REAL}/rule605/VIRTU0817.txt`;
const XSD = `${root}../shared/data/specs/oh/oh-20191231.xsd`;
const SAMPLE = `${root}../shared/data/specs/oes/sample.csv`;
const MESSAGE = `${REAL}/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv`;
const ORDERBOOK = MESSAGE.replace("message", "orderbook");
const ROW2 =
  "T|TVIRT|201708|A|12|21|438|53033|50933|2100|0|2100|0|0|0|0|0.3653|0.0806|1166|0.0062|0.0|734|0.0|200|0.0440|0.0";
/** A number written out with 311 digits: beyond a double's range (1e310). */
const HUGE = "1" + "0".repeat(310);

const hood = () => Deno.readTextFileSync(HOOD);

/** xmllint's verdict on a text against the 606 schema, or undefined without xmllint. */
async function xmllintAccepts(xml: string): Promise<boolean | undefined> {
  const path = await Deno.makeTempFile({ suffix: ".xml" });
  try {
    await Deno.writeTextFile(path, xml);
    const out = await new Deno.Command("xmllint", {
      args: ["--noout", "--schema", XSD, path],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return undefined;
  } finally {
    await Deno.remove(path);
  }
}

/** The issues of a strict read that throws (fails the test if it does not). */
function strictIssues(read: () => unknown) {
  try {
    read();
  } catch (e) {
    assert.ok(e instanceof DisclosureError, `not a DisclosureError: ${e}`);
    return e.issues;
  }
  assert.fail("strict reading accepted the input");
}

// 1 -----------------------------------------------------------------------------------------

Deno.test("606: elements nested 100 deep are a named error (no uncaught 'Maximum nested tags')", async () => {
  const deep = hood().replace(
    "<materialAspects>",
    "<x>".repeat(100) + "</x>".repeat(100) + "<materialAspects>",
  );
  const line = deep.slice(0, deep.indexOf("<x>")).split("\n").length;
  assert.throws(
    () => readRule606(deep, { source: "deep.xml" }),
    (e: Error) =>
      e instanceof DisclosureError && e.issues[0].line === line &&
      e.message === `deep.xml: line ${line}: elements nested 105 deep, more than the limit of 64`,
  );
  const path = await Deno.makeTempFile({ suffix: ".xml" });
  try {
    await Deno.writeTextFile(path, deep);
    const r = await runDisclosureCli(["606", path]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^error: .*: line \d+: elements nested 105 deep/);
  } finally {
    await Deno.remove(path);
  }
});

// 4 -----------------------------------------------------------------------------------------

Deno.test("special files: /dev/zero and /dev/urandom stop at the byte limit; a FIFO is refused at once", async () => {
  for (const dev of ["/dev/zero", "/dev/urandom"]) {
    // The file system says 0 bytes; the bytes are counted while reading.
    assert.equal((await Deno.stat(dev)).size, 0);
    await assert.rejects(
      () => readBoundedBytes(dev, 1 << 16),
      (e: Error) =>
        e instanceof DisclosureError &&
        e.message === `${dev}: file has more bytes than the limit of 65536 (counted while reading)`,
    );
  }
  const zero = await runDisclosureCli(["606", "/dev/zero"]);
  assert.equal(zero.code, 2);
  assert.match(zero.stdout, /\/dev\/zero: file has more bytes than the limit of 67108864/);
  const random = await runDisclosureCli(["605", "/dev/urandom"]);
  assert.equal(random.code, 2);
  assert.match(random.stdout, /\/dev\/urandom: file has more bytes than the limit/);
  const dir = await Deno.makeTempDir();
  const fifo = `${dir}/pipe`;
  try {
    const made = await new Deno.Command("mkfifo", { args: [fifo] }).output().catch(() => null);
    if (!made?.success) {
      console.warn("SKIPPED the FIFO case: mkfifo is not available");
      return;
    }
    const started = performance.now();
    const r = await runDisclosureCli(["605", fifo]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /pipe: cannot read: not a regular file/);
    assert.ok(performance.now() - started < 5000, "waited on the FIFO");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// 7 -----------------------------------------------------------------------------------------

Deno.test("605 legacy: a stray double quote spoils its own record only", async () => {
  const lines = (await Deno.readTextFile(VIRTU)).split("\n");
  const fields = lines[9].split("|");
  const orders = fields[6];
  fields[6] = `"${orders}`; // one stray quote before the covered orders
  lines[9] = fields.join("|");
  const r = readLegacy605(lines.join("\n"), { source: "q.txt" });
  assert.deepEqual(r.counts, { read: 31802, used: 31801, rejected: 1 });
  assert.deepEqual(
    r.rejected.map((i) => [i.line, i.field, i.message]),
    [[10, "field 7 (coveredOrders)", `expected a number, got ${JSON.stringify(`"${orders}`)}`]],
  );
});

// 8 -----------------------------------------------------------------------------------------

Deno.test("numbers beyond a double's range are errors in the 606 and both 605 readers", () => {
  const legacy = ROW2.replace("|53033|", `|${HUGE}|`);
  const l = readLegacy605(legacy + "\n", { source: "l.txt" });
  assert.deepEqual(l.counts, { read: 1, used: 0, rejected: 1 });
  assert.equal(l.rejected[0].field, "field 8 (coveredShares)");
  assert.match(l.rejected[0].message, /^a number out of range \(beyond a double\)/);
  assert.throws(() => readLegacy605(legacy + "\n", { strict: true }), DisclosureError);

  const sample = Deno.readTextFileSync(SAMPLE).split(/\r?\n/);
  const fields = sample[1].split(",");
  fields[OES_COLUMNS.indexOf("WghtdAvgExctnTime")] = "1e310";
  const oes = readOes([sample[0], fields.join(",")].join("\r\n"), { source: "s.csv" });
  assert.deepEqual(oes.counts, { read: 1, used: 0, rejected: 1 });
  assert.equal(oes.rejected[0].field, "WghtdAvgExctnTime");
  assert.match(oes.rejected[0].message, /out of range/);

  const xml = hood().replace("352769.36", HUGE);
  const r = readRule606(xml, { source: "h.xml" });
  assert.deepEqual(r.rows, { read: 48, used: 47, rejected: 1 });
  assert.deepEqual([r.rejected[0].line, r.rejected[0].field], [
    25,
    "netPmtPaidRecvMarketOrdersUsd",
  ]);
  assert.match(r.rejected[0].message, /^an amount out of range/);
  assert.throws(() => readRule606(xml, { strict: true }), DisclosureError);
});

// 9 -----------------------------------------------------------------------------------------

function lobsterSlice(n: number) {
  return {
    m: Deno.readTextFileSync(MESSAGE).split("\n").slice(0, n),
    b: Deno.readTextFileSync(ORDERBOOK).split("\n").slice(0, n),
  };
}

Deno.test("lobster: NaN and infinite values reject their rows (the bulk reader too)", () => {
  const { m, b } = lobsterSlice(30);
  const size = (line: string, s: string) => line.replace(/^([^,]*,[^,]*,[^,]*,)[^,]*/, `$1${s}`);
  m[3] = size(m[3], "nan");
  m[5] = size(m[5], "inf");
  m[7] = size(m[7], `${HUGE}`);
  const r = readLobsterText(m.join("\n"), b.join("\n"), {
    source: "m.csv",
    orderbookSource: "b.csv",
  });
  assert.deepEqual(r.rows, { read: 30, used: 27, rejected: 3 });
  assert.deepEqual(r.rejected.map((i) => [i.line, i.field]), [
    [4, "column 4 (size)"],
    [6, "column 4 (size)"],
    [8, "column 4 (size)"],
  ]);
  assert.ok(r.askSize.every(Number.isFinite) && r.time.every(Number.isFinite));
});

Deno.test("lobster: a row with extra columns is rejected, not read from its first columns", () => {
  const { m, b } = lobsterSlice(30);
  m[2] += ",17";
  b[4] += ",2239600,50";
  const r = readLobsterText(m.join("\n"), b.join("\n"), {
    source: "m.csv",
    orderbookSource: "b.csv",
  });
  assert.deepEqual(r.rows, { read: 30, used: 28, rejected: 2 });
  assert.deepEqual(r.rejected.map((i) => [i.source, i.line, i.message]), [
    ["m.csv", 3, "expected 6 fields, found 7"],
    ["b.csv", 5, "expected 4 fields, found 6"],
  ]);
});

Deno.test("lobster: one out-of-order time rejects that row only, not the rest of the day", () => {
  const { m, b } = lobsterSlice(2000);
  const setTime = (k: number, t: string) => (m[k] = m[k].replace(/^[^,]*/, t));
  setTime(100, "57000"); // far too late: the rows after it are genuine
  setTime(1500, "34200"); // too early
  const r = readLobsterText(m.join("\n"), b.join("\n"), {
    source: "m.csv",
    orderbookSource: "b.csv",
  });
  assert.deepEqual(r.rows, { read: 2000, used: 1998, rejected: 2 });
  assert.deepEqual(r.rejected.map((i) => [i.line, i.field]), [[101, "column 1 (time)"], [
    1501,
    "column 1 (time)",
  ]]);
  assert.match(r.rejected[0].message, /^time 57000 is out of order: the rows around it run from/);
  for (let j = 1; j < r.count; j++) assert.ok(r.time[j] >= r.time[j - 1]);
});

// 11 ----------------------------------------------------------------------------------------

Deno.test("606 strict: months outside the quarter or year, and a venue named twice without a MIC, are breaches", () => {
  // HOOD 2022Q1: the first month is January 2022.
  const april = hood().replace(/(<rMonthly>\s*<year>2022<\/year>\s*<mon>)0?1</, "$14<");
  assert.notEqual(april, hood());
  const a = strictIssues(() => readRule606(april, { source: "a.xml", strict: true }));
  assert.deepEqual(a.map((i) => [i.field, i.message]), [[
    "mon",
    "month 2022-04 is not in the report's quarter 2022 Q1",
  ]]);
  const lastYear = hood().replace(/(<rMonthly>\s*<year>)2022</, "$12021<");
  const y = strictIssues(() => readRule606(lastYear, { source: "y.xml", strict: true }));
  assert.deepEqual(y.map((i) => [i.field, i.message]), [[
    "year",
    "month 2021-01 is not in the report's quarter 2022 Q1",
  ]]);
  // The first venue of the first section listed twice (names only, as Robinhood writes).
  const text = hood();
  const start = text.indexOf("<rVenue>");
  const end = text.indexOf("</rVenue>", start) + "</rVenue>".length;
  const twice = text.slice(0, end) + text.slice(start, end) + text.slice(end);
  const d = strictIssues(() => readRule606(twice, { source: "d.xml", strict: true }));
  assert.equal(d.length, 1);
  assert.equal(d[0].field, "name");
  assert.match(d[0].message, /^venue "CITADEL SECURITIES LLC" repeats line \d+$/);
});

Deno.test("606: an ISO-8859-1 declaration is decoded as ISO-8859-1, and text mis-decoded as UTF-8 is a breach", async () => {
  const xml = hood()
    .replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="ISO-8859-1"?>')
    .replace("<bd>Robinhood Securities LLC</bd>", "<bd>Société Générale</bd>");
  assert.match(xml, /Société/);
  const bytes = Uint8Array.from(xml, (c) => c.charCodeAt(0)); // Latin-1: one byte a character
  const path = await Deno.makeTempFile({ suffix: ".xml" });
  try {
    await Deno.writeFile(path, bytes);
    const r = await readRule606File(path, { strict: true });
    assert.equal(r.bd, "Société Générale");
  } finally {
    await Deno.remove(path);
  }
  const asUtf8 = new TextDecoder().decode(bytes);
  const issues = strictIssues(() => readRule606(asUtf8, { source: "l1.xml", strict: true }));
  assert.deepEqual(issues.map((i) => i.field), ["encoding"]);
  assert.match(issues[0].message, /U\+FFFD: the bytes were not valid ISO-8859-1/);
  assert.equal(readRule606(asUtf8).breaches.length, 1);
});

Deno.test("605 legacy: a duplicate record (same center, month, symbol, type, size) is rejected", () => {
  const text = [ROW2, ROW2.replace("|438|", "|439|"), ROW2.replace("|A|", "|AA|")].join("\n");
  const r = readLegacy605(text, { source: "dup.txt" });
  assert.deepEqual(r.counts, { read: 3, used: 2, rejected: 1 });
  assert.deepEqual(r.rejected.map((i) => [i.line, i.message]), [[
    2,
    'duplicate record: "TVIRT|201708|A|12|21" repeats line 1',
  ]]);
  assert.throws(() => readLegacy605(text, { strict: true }), /dup|duplicate/);
});

// 12 ----------------------------------------------------------------------------------------

Deno.test("606 writer: milliseconds rounded to the second; broker names over 80 characters or empty refused", async () => {
  const report = readRule606(hood());
  const ms = { ...report, timestamp: "2022-04-29T16:03:07.512Z" };
  const xml = writeRule606Xml(ms);
  assert.match(xml, /<timestamp>2022-04-29T16:03:08Z<\/timestamp>/);
  assert.equal(readRule606(xml, { strict: true }).timestamp, "2022-04-29T16:03:08Z");
  assert.equal(schemaTimestamp("2022-12-31T23:59:59.500Z"), "2023-01-01T00:00:00Z");
  const lint = await xmllintAccepts(xml);
  if (lint === undefined) console.warn("SKIPPED xmllint: not installed");
  else assert.equal(lint, true, "xmllint rejects the written report");
  for (
    const [bd, message] of [
      ["B".repeat(81), "bd: expected a broker-dealer name of 1-80 characters, got 81"],
      ["  ", "bd: expected a broker-dealer name of 1-80 characters, got 0"],
    ]
  ) {
    assert.throws(
      () => writeRule606Xml({ ...report, bd }),
      (e: Error) => e instanceof RangeError && e.message.includes(message),
    );
  }
  assert.throws(
    () => writeRule606Xml({ ...report, timestamp: "2020-02-30T10:00:00Z" }),
    /timestamp: expected yyyy-mm-ddThh:mm:ssZ \(UTC, a real date\), got "2020-02-30T10:00:00Z"/,
  );
  const venue = rule606Venues(report)[0];
  const long = "V".repeat(81);
  report.months[0].sections[0].venues[0] = { ...venue, name: long, venue: long };
  assert.throws(() => writeRule606Xml(report), /name: expected 1-80 characters, got 81/);
});

// 13 ----------------------------------------------------------------------------------------

Deno.test("606 strict: attributes, a default namespace, text between elements and impossible dates are breaches (as xmllint says)", async () => {
  const cases: [string, string, string | RegExp][] = [
    ["attribute", hood().replace("<bd>", '<bd lang="en">'), 'unexpected attribute "lang" on <bd>'],
    [
      "default namespace",
      hood().replace(
        "<heldOrderRoutingPublicReport ",
        '<heldOrderRoutingPublicReport xmlns="urn:x" ',
      ),
      /^default namespace "urn:x"/,
    ],
    [
      "text between elements",
      hood().replace("</bd>", "</bd>stray text"),
      'text "stray text" between the elements of <heldOrderRoutingPublicReport>',
    ],
    [
      "impossible date",
      hood().replace(/<timestamp>[^<]*</, "<timestamp>2020-02-30T10:00:00Z<"),
      'expected yyyy-mm-ddThh:mm:ssZ, got "2020-02-30T10:00:00Z"',
    ],
  ];
  assert.equal(await xmllintAccepts(hood()) ?? true, true);
  for (const [what, xml, message] of cases) {
    assert.notEqual(xml, hood(), what);
    const issues = strictIssues(() => readRule606(xml, { source: "x.xml", strict: true }));
    assert.equal(issues.length, 1, `${what}: ${issues.map((i) => i.message)}`);
    if (typeof message === "string") assert.equal(issues[0].message, message, what);
    else assert.match(issues[0].message, message, what);
    // Lenient reading keeps every row and lists the breach.
    const lenient = readRule606(xml);
    assert.deepEqual(lenient.rows, { read: 48, used: 48, rejected: 0 });
    assert.equal(lenient.breaches.length, 1);
    const lint = await xmllintAccepts(xml);
    if (lint !== undefined) assert.equal(lint, false, `${what}: xmllint accepts it`);
  }
});

// 14 ----------------------------------------------------------------------------------------

Deno.test("605 summary: a bare sign as a statistic and an order size with leading zeros are rejected", () => {
  const sample = Deno.readTextFileSync(SAMPLE).split(/\r?\n/).filter((l) => l !== "");
  const row = sample.find((l) => l.split(",")[4] === "250")!;
  const edit = (k: number, v: string) => {
    const f = row.split(",");
    f[k] = v;
    return f.join(",");
  };
  const text = [
    sample[0],
    edit(OES_COLUMNS.indexOf("PctExctdPI"), "-"),
    edit(OES_COLUMNS.indexOf("AvgEffctvSprdPct"), "+"),
    edit(OES_COLUMNS.indexOf("OrderSize"), "0250"),
  ].join("\r\n");
  const r = readOes(text, { source: "s.csv" });
  assert.deepEqual(r.counts, { read: 3, used: 0, rejected: 3 });
  assert.deepEqual(r.rejected.map((i) => [i.line, i.field]), [
    [2, "PctExctdPI"],
    [3, "AvgEffctvSprdPct"],
    [4, "OrderSize"],
  ]);
  assert.ok(r.rows.every((x) => OES_COLUMNS.slice(6).every((c) => !Number.isNaN(x[c]))));
});

Deno.test("605 summary writer: AvgOrderSize is the ordered notional per order; unexecuted records give the sizes only", () => {
  const day = simulateDay(defaultScenario(), { kind: "max-payment" }, { orders: 4000, seed: 5 });
  const rows = oesFromSimulation([day], { month: 202608 });
  const back = readOes(writeOes(rows), { strict: true });
  assert.equal(back.counts.used, rows.length);
  const { orders: o, outcomes: r, universe } = day;
  let checked = 0;
  for (const row of rows) {
    if (row.OrderSize === 199999) continue;
    const b = NOTIONAL_BUCKETS.findIndex((x) => x.code === row.OrderSize);
    let notional = 0, count = 0, executed = 0;
    for (let i = 0; i < o.count; i++) {
      if (o.type[i] !== (row.OrderType === "M" ? 0 : 1)) continue;
      if ((universe.tier[o.security[i]] === 0) !== (row.Sp500 === "Y")) continue;
      const n = o.size[i] * r.arrivalMid[i];
      if (notionalBucket(n) !== b) continue;
      notional += n;
      count++;
      executed += r.filled[i];
    }
    near(
      row.AvgOrderSize!,
      notional / count,
      1e-9 * notional,
      `AvgOrderSize ${JSON.stringify(row)}`,
    );
    if (executed === 0) {
      assert.ok(OES_COLUMNS.slice(8).every((c) => row[c as "AvgEFQPct"] === null));
    } else assert.notEqual(row.ExctdOrderMidPtAvg, null);
    checked++;
  }
  assert.ok(checked >= 8, `only ${checked} records checked`);
});

// 15 ----------------------------------------------------------------------------------------

Deno.test("cli 606 table: small cents per hundred shares keep their significant digits", async () => {
  // Every venue's market orders at 0.0021 Cph in every month: the quarter's too.
  const xml = hood().replace(
    /<netPmtPaidRecvMarketOrdersCph>[^<]+</g,
    "<netPmtPaidRecvMarketOrdersCph>0.0021<",
  );
  assert.notEqual(xml, hood());
  const path = await Deno.makeTempFile({ suffix: ".xml" });
  try {
    await Deno.writeTextFile(path, xml);
    const r = await runDisclosureCli(["606", path]);
    assert.equal(r.code, 0);
    const line = r.stdout.split("\n").find((l) => l.startsWith("S&P 500 stocks  CITADEL"))!;
    assert.match(line, / \(0\.002100\) /);
    assert.doesNotMatch(r.stdout, /\(0\.00\)/);
  } finally {
    await Deno.remove(path);
  }
});
