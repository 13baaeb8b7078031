// The amended Rule 605 detailed report (written from a simulated month and
// read back to the same numbers; hand-made files with each published quirk),
// layout detection, and the comparison of many 605 and 606 files (a folder,
// a zip) through the library and the command.
import assert from "node:assert/strict";
import {
  compare605,
  compareFiles,
  DETAILED605_FIELDS,
  DETAILED605_NUMBERS,
  type Detailed605Row,
  detectLayout,
  readDetailed605,
  readLegacy605,
  readRule606File,
  routingConcentration,
  rule606Totals,
  writeDetailed605,
} from "../lib/disclosures/mod.ts";
import { detailed605FromSimulation } from "../lib/disclosures/simulated.ts";
import { runDisclosureCli } from "../lib/disclosures/cli.ts";
import { simulateDay } from "../lib/sim/simulate.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import { near } from "./_helpers.ts";

const root = new URL("..", import.meta.url).pathname;
const REAL = `${root}../shared/data/real`;
const R606 = `${REAL}/rule606`;
const VIRTU = `${REAL}/rule605/VIRTU0817.txt`;
const SAMPLE = `${root}../shared/data/specs/oes/sample.csv`;
const ROW2 =
  "T|TVIRT|201708|A|12|21|438|53033|50933|2100|0|2100|0|0|0|0|0.3653|0.0806|1166|0.0062|0.0|734|0.0|200|0.0440|0.0";

let cachedDay: ReturnType<typeof simulateDay> | undefined;
const day = () =>
  cachedDay ??= simulateDay(defaultScenario(), { kind: "max-payment" }, { orders: 6000, seed: 3 });

Deno.test("605 detailed: a simulated month written and read back gives the same numbers", () => {
  const rows = detailed605FromSimulation([day()], { month: 202608, entity: "SIMX" });
  const text = writeDetailed605(rows);
  assert.equal(text.split("\n")[0], DETAILED605_FIELDS.join("|"));
  const back = readDetailed605(text, { source: "sim.txt", strict: true });
  assert.deepEqual(back.counts, { read: rows.length, used: rows.length, rejected: 0 });
  assert.deepEqual(back.invariantBreaks, []);
  assert.deepEqual(back.notes, []);
  rows.forEach((row, i) => {
    const b = back.rows[i];
    for (const f of DETAILED605_FIELDS.slice(0, 7)) assert.equal(b[f], row[f], f);
    for (const f of DETAILED605_NUMBERS) {
      if (row[f] === null) assert.equal(b[f], null, `${f} line ${row.line}`);
      else near(b[f]!, row[f]!, 5e-9 * (1 + Math.abs(row[f]!)), `${f} line ${row.line}`);
    }
  });
  // The records add up to the simulated day, counted from the orders.
  const { orders: o, outcomes: r } = day();
  let filled = 0, notional = 0;
  for (let i = 0; i < o.count; i++) {
    filled += r.filled[i];
    notional += o.size[i] * r.arrivalMid[i];
  }
  const total = (f: keyof Detailed605Row) =>
    back.rows.reduce((s, x) => s + (x[f] as number | null ?? 0), 0);
  assert.equal(total("CvrdOrderCnt"), o.count);
  assert.equal(total("CvrdOrderExctdQty") + total("CvrdOrderExctdAwayQty"), filled);
  near(total("CvrdOrderSize"), notional, 1e-6 * notional, "notional");
  // E/Q of the market orders as the comparison computes it, against the orders directly.
  let eff = 0, quoted = 0;
  for (let i = 0; i < o.count; i++) {
    if (o.type[i] !== 0 || r.filled[i] === 0) continue;
    eff += r.filled[i] * 2 * o.side[i] * (r.price[i] - r.arrivalMid[i]);
    quoted += r.filled[i] * r.arrivalSpread[i];
  }
  // Over all sizes together, E/Q is the effective over the quoted spread of the orders.
  const all = compare605({
    layout: "detailed",
    report: { ...back, rows: back.rows.map((x) => ({ ...x, OrderSize: 0 })) },
  }).find((x) => x.orderType === "market")!;
  near(all.eq!, eff / quoted, 1e-6, "E/Q of market orders");
});

/** A detailed file of hand-made records: fields given by name, the rest empty. */
function handMade(records: Partial<Record<typeof DETAILED605_FIELDS[number], string>>[]): string {
  return [
    DETAILED605_FIELDS.join("|"),
    ...records.map((r) => DETAILED605_FIELDS.map((f) => r[f] ?? "").join("|")),
  ].join("\n") + "\n";
}
const base = (symbol: string, extra: Record<string, string> = {}) => ({
  DsgntParticipant: "Z",
  RprtEntityCd: "BZX",
  RptDate: "202608",
  Symbol: symbol,
  LotSizeFlag: "ROUND",
  OrderSize: "1000",
  OrderType: "MXXNN",
  CvrdOrderCnt: "10",
  CvrdOrderSize: "2000",
  CvrdOrderQty: "100",
  CvrdOrderCnclQty: "0",
  CvrdOrderExctdQty: "100",
  CvrdOrderExctdAwayQty: "0",
  ExctdOrderMidPtAvg: "20",
  ExctdOrderAvgQuotSprd: "0.02",
  AvgEffctvSprd: "0.01",
  AvgEffctvSprdPct: "0.0005",
  AvgEFQPct: "0.5",
  ...extra,
});

Deno.test("605 detailed quirk: E/Q written in percent points is found and divided by 100", () => {
  // Cboe writes 31.4 where the specification wants 0.314.
  const text = handMade([
    base("A", { AvgEFQPct: "50" }),
    base("B", { AvgEffctvSprd: "0.0157", AvgEFQPct: "78.5" }),
  ]);
  const r = readDetailed605(text, { source: "cboe.txt", strict: true });
  assert.deepEqual(r.rows.map((x) => x.AvgEFQPct), [0.5, 0.785]);
  assert.equal(r.notes.length, 1);
  assert.equal(r.notes[0].field, "AvgEFQPct");
  assert.match(r.notes[0].message, /^written in percent points \(median 100\.0 times/);
  // Fractions as the specification writes them are left alone.
  const iex = readDetailed605(handMade([base("A"), base("B")]), { strict: true });
  assert.deepEqual(iex.rows.map((x) => x.AvgEFQPct), [0.5, 0.5]);
  assert.deepEqual(iex.notes, []);
});

Deno.test("605 detailed quirk: placeholder notionals and midpoints are read as no data, with the line", () => {
  const text = handMade([
    base("A"),
    base("B", { CvrdOrderSize: "0.01" }), // $0.0001 a share
    base("C", { CvrdOrderSize: "99999999", ExctdOrderMidPtAvg: "999999.99" }),
  ]);
  const r = readDetailed605(text, { source: "p.txt", strict: true });
  assert.deepEqual(r.counts, { read: 3, used: 3, rejected: 0 });
  assert.deepEqual(r.rows.map((x) => x.CvrdOrderSize), [2000, null, null]);
  assert.deepEqual(r.rows.map((x) => x.ExctdOrderMidPtAvg), [20, 20, null]);
  assert.deepEqual(r.notes.map((n) => [n.line, n.field]), [
    [3, "field 9 (CvrdOrderSize)"],
    [4, "field 9 (CvrdOrderSize)"],
    [4, "field 32 (ExctdOrderMidPtAvg)"],
  ]);
  assert.match(r.notes[0].message, /placeholder notional \(\$0\.000100000 a share\)/);
});

Deno.test("605 detailed quirk: effective spreads above 100% of the midpoint are kept and noted", () => {
  const text = handMade([
    base("A"),
    base("B", { AvgEffctvSprd: "30", AvgEffctvSprdPct: "1.5", AvgEFQPct: "1500" }),
  ]);
  const r = readDetailed605(text, { source: "e.txt" });
  assert.equal(r.rows[1].AvgEffctvSprdPct, 1.5);
  const note = r.notes.find((n) => n.field === "field 35 (AvgEffctvSprdPct)")!;
  assert.equal(note.line, 3);
  assert.equal(
    note.message,
    "effective spread 150.0% of the midpoint, above 100%: kept as published",
  );
});

Deno.test("605 quirk: a legacy file for August 2026 or later is detected and said", async () => {
  const late = ROW2.replace("201708", "202608");
  const d = detectLayout(late + "\n");
  assert.equal(d.layout, "605-legacy");
  assert.equal(d.lateLegacy, true);
  assert.equal(detectLayout(ROW2 + "\n").lateLegacy, false);
  const r = readLegacy605(late + "\n", { source: "miax.txt" });
  assert.equal(r.notes.length, 1);
  assert.match(r.notes[0].message, /^legacy layout for month 202608, on or after/);
  assert.deepEqual(readLegacy605(ROW2 + "\n").notes, []);
  const path = await Deno.makeTempFile({ suffix: ".txt" });
  try {
    await Deno.writeTextFile(path, late + "\n");
    const out = await runDisclosureCli(["605", path]);
    assert.equal(out.code, 0);
    assert.match(out.stdout, /Notes \(1\):\n.*legacy layout for month 202608/);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("605 detailed bad input: header, field count, text, negative shares, duplicates named", () => {
  assert.throws(
    () => readDetailed605(ROW2 + "\n", { source: "h.txt" }),
    /h\.txt: line 1: column 1: header: expected "DsgntParticipant"/,
  );
  const text = handMade([
    base("A"),
    base("B", { CvrdOrderQty: "1,000" }),
    base("C", { CvrdOrderCnclQty: "-5" }),
    base("D", { OrderType: "MXXXX", OrderSize: "0250" }),
    base("A"),
    base("E", { CvrdOrderCnt: "2.5" }),
  ]) + "Z|BZX|202608|F\n";
  const r = readDetailed605(text, { source: "bad.txt" });
  assert.deepEqual(r.counts, { read: 7, used: 1, rejected: 6 });
  assert.equal(r.counts.read, r.counts.used + r.counts.rejected);
  assert.deepEqual(r.rejected.map((i) => [i.line, i.field]), [
    [3, "field 10 (CvrdOrderQty)"],
    [4, "field 11 (CvrdOrderCnclQty)"],
    [5, "field 6 (OrderSize)"],
    [5, "field 7 (OrderType)"],
    [6, null],
    [7, "field 8 (CvrdOrderCnt)"],
    [8, null],
  ]);
  assert.match(
    r.rejected[4].message,
    /duplicate record: "BZX\|202608\|A\|ROUND\|1000\|MXXNN" repeats line 2/,
  );
  assert.match(r.rejected[6].message, /expected 55 fields separated by "\|", found 4/);
  assert.throws(
    () => readDetailed605(text, { source: "bad.txt", strict: true }),
    /bad\.txt: line 3/,
  );
});

Deno.test("layout detection on the genuine files and a written detailed report", async () => {
  const bytes = (p: string) => Deno.readFile(p);
  assert.equal(detectLayout(await bytes(VIRTU)).layout, "605-legacy");
  assert.equal(detectLayout(await bytes(SAMPLE)).layout, "605-summary");
  for (const f of Deno.readDirSync(R606)) {
    assert.equal(detectLayout(await bytes(`${R606}/${f.name}`)).layout, "606", f.name);
  }
  const text = writeDetailed605(detailed605FromSimulation([day()], { month: 202608 }));
  assert.equal(detectLayout(new TextEncoder().encode(text)).layout, "605-detailed");
  assert.equal(detectLayout(text.slice(text.indexOf("\n") + 1)).reason.includes("no header"), true);
  assert.equal(detectLayout(new Uint8Array([0x50, 0x4b, 3, 4, 0])).layout, "zip");
  assert.equal(detectLayout("hello\n").layout, "unknown");
});

// A minimal zip writer for the tests (deflated members, CRC-32 computed).
const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
async function zip(files: { name: string; data: Uint8Array }[]): Promise<Uint8Array> {
  const u16 = (n: number) => [n & 255, (n >> 8) & 255];
  const u32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];
  const local: Uint8Array[] = [], central: Uint8Array[] = [];
  let offset = 0;
  for (const f of files) {
    const packed = new Uint8Array(
      await new Response(
        new Blob([f.data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
          new CompressionStream("deflate-raw"),
        ),
      ).arrayBuffer(),
    );
    const name = new TextEncoder().encode(f.name);
    const common = [
      ...u16(20),
      ...u16(0),
      ...u16(8),
      ...u32(0),
      ...u32(crc32(f.data)),
      ...u32(packed.length),
      ...u32(f.data.length),
      ...u16(name.length),
      ...u16(0),
    ];
    central.push(
      new Uint8Array([
        ...u32(0x02014b50),
        ...u16(20),
        ...common,
        ...u16(0),
        ...u16(0),
        ...u16(0),
        ...u32(0),
        ...u32(offset),
      ]),
      name,
    );
    const header = new Uint8Array([...u32(0x04034b50), ...common]);
    local.push(header, name, packed);
    offset += header.length + name.length + packed.length;
  }
  const dirSize = central.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array([
    ...u32(0x06054b50),
    ...u16(0),
    ...u16(0),
    ...u16(files.length),
    ...u16(files.length),
    ...u32(dirSize),
    ...u32(offset),
    ...u16(0),
  ]);
  return new Uint8Array(await new Blob([...local, ...central, end] as BlobPart[]).arrayBuffer());
}

Deno.test("606 comparison: the genuine folder and the same files zipped give the brokers' own totals", async () => {
  const dir = await compareFiles("606", [R606]);
  const names = [...Deno.readDirSync(R606)].map((f) => f.name).sort();
  assert.equal(dir.files.length, names.length);
  assert.deepEqual(dir.skipped, []);
  const hood = await readRule606File(`${R606}/606-HOOD-2022Q1.xml`);
  const row = dir.rows.find((r) => r.broker === hood.bd && r.section === "sp500")!;
  const total = rule606Totals(hood, ["section", "orderType"])
    .find((t) => t.section === "sp500" && t.orderType === "market")!;
  assert.equal(row.cph.market, total.cph);
  const months = routingConcentration(hood).filter((c) => c.section === "sp500");
  near(row.hhi!, months.reduce((s, m) => s + m.hhi, 0) / months.length, 1e-9, "HHI");
  assert.equal(row.period, "2022Q1");
  // Two of the files in a zip, with a stale FINRA version and a 605 file that is skipped.
  const pick = ["606-HOOD-2022Q1.xml", "IBKR_606a_2022_Q1.xml"];
  const data = pick.map((n) => Deno.readFileSync(`${R606}/${n}`));
  const archive = await zip([
    { name: "165998_606_NMS_2022_Q1_V1.xml", data: data[1] },
    { name: "165998_606_NMS_2022_Q1_V2.xml", data: data[0] },
    { name: "36418_606_NMS_2022_Q1_V1.xml", data: data[1] },
    { name: "virtu.txt", data: Deno.readFileSync(VIRTU) },
  ]);
  const path = await Deno.makeTempFile({ suffix: ".zip" });
  try {
    await Deno.writeFile(path, archive);
    const z = await compareFiles("606", [path]);
    assert.deepEqual(z.files.map((f) => f.file.split("!")[1]), [
      "165998_606_NMS_2022_Q1_V2.xml",
      "36418_606_NMS_2022_Q1_V1.xml",
    ]);
    assert.equal(z.skipped.length, 1);
    assert.match(z.skipped[0].message, /^not a 606 report: 26 "\|"-separated fields/);
    const strip = (rows: typeof z.rows) => rows.map(({ file: _, ...r }) => r);
    assert.deepEqual(
      strip(z.rows),
      strip(dir.rows.filter((r) => pick.some((p) => r.file.endsWith(p)))),
    );
    const cli = await runDisclosureCli(["606", path, "--format", "json"]);
    assert.equal(cli.code, 0);
    assert.equal(JSON.parse(cli.stdout).rows.length, z.rows.length);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("605 comparison: legacy, detailed and summary files in one table, json and csv", async () => {
  const path = await Deno.makeTempFile({ suffix: ".txt" });
  try {
    await Deno.writeTextFile(
      path,
      writeDetailed605(detailed605FromSimulation([day()], { month: 202608, entity: "SIMX" })),
    );
    const c = await compareFiles("605", [VIRTU, SAMPLE, path]);
    assert.deepEqual(c.files.map((f) => f.layout), ["605-legacy", "605-summary", "605-detailed"]);
    const virtu = readLegacy605(Deno.readTextFileSync(VIRTU));
    const legacy = c.rows.filter((r) => r.layout === "legacy");
    // Every market and marketable record is in one of the rows, and E/Q is not invented.
    const executed = virtu.rows.filter((r) => r.orderType <= 12)
      .reduce((s, r) => s + r.executedHere + r.executedAway, 0);
    assert.equal(legacy.reduce((s, r) => s + r.executedShares!, 0), executed);
    assert.ok(legacy.every((r) => r.eq === null));
    assert.ok(c.rows.some((r) => r.layout === "summary" && r.eq !== null));
    assert.ok(c.rows.some((r) => r.layout === "detailed" && r.entity === "SIMX" && r.eq !== null));
    const table = await runDisclosureCli(["605", VIRTU, SAMPLE, path]);
    assert.equal(table.code, 0);
    assert.match(table.stdout, /^Rule 605 comparison: 3 reports/);
    const json = JSON.parse(
      (await runDisclosureCli(["605", VIRTU, path, "--format", "json"])).stdout,
    );
    assert.equal(json.rows.length, c.rows.filter((r) => r.layout !== "summary").length);
    const csvText = (await runDisclosureCli(["605", VIRTU, path, "--format", "csv"])).stdout;
    assert.equal(csvText.trim().split("\n").length, json.rows.length + 1);
    // Nothing usable: exit 2 naming each file.
    const none = await runDisclosureCli(["605", `${R606}/606-HOOD-2022Q1.xml`, SAMPLE + ".none"]);
    assert.equal(none.code, 2);
  } finally {
    await Deno.remove(path);
  }
});
