// The `606` and `605` commands: JSON totals equal the library's, tables and
// CSV carry the report, bad input exits 2 with the message, and the commands
// work through `runCli` and with read permission only.
import assert from "node:assert/strict";
import {
  legacy605Totals,
  readLegacy605File,
  readRule606File,
  rule606Totals,
} from "../lib/disclosures/mod.ts";
import { runDisclosureCli } from "../lib/disclosures/cli.ts";
import { runCli } from "../lib/cli/main.ts";

const root = new URL("..", import.meta.url).pathname;
const REAL = `${root}../shared/data/real`;
const HOOD = `${REAL}/rule606/606-HOOD-2022Q1.xml`;
const GSCO = `${REAL}/rule606/GSCO_606_Q1_2020_20200619113325.xml`;
const VIRTU = `${REAL}/rule605/VIRTU0817.txt`;
const SAMPLE = `${root}../shared/data/specs/oes/sample.csv`;
const NG = `${root}../shared/data/specs/oes/ng.csv`;

Deno.test("cli 606 --format json: rows and totals equal the library's", async () => {
  const r = await runDisclosureCli(["606", HOOD, "--format", "json"]);
  assert.equal(r.code, 0, r.stdout);
  const doc = JSON.parse(r.stdout);
  const report = await readRule606File(HOOD);
  assert.equal(doc.report, "606(a)(1)");
  assert.equal(doc.bd, "Robinhood Securities LLC");
  assert.deepEqual(doc.counts, { read: 48, used: 48, rejected: 0 });
  assert.equal(doc.rows.length, 48);
  assert.equal(doc.rows[0].netUsd.market, 352769.36);
  assert.deepEqual(doc.totals.bySection, rule606Totals(report, ["section"]));
  assert.deepEqual(
    doc.totals.bySectionOrderTypeAndVenue,
    rule606Totals(report, ["section", "orderType", "venue"]),
  );
  // Summed by hand from the file: S&P 500 market orders over the quarter, $2,574,554.13.
  const sp = doc.totals.bySectionAndOrderType.find((t: { section: string; orderType: string }) =>
    t.section === "sp500" && t.orderType === "market"
  );
  assert.ok(Math.abs(sp.usd - 2574554.13) < 1e-6, String(sp.usd));
});

Deno.test("cli 606 table and csv", async () => {
  const table = await runDisclosureCli(["606", HOOD]);
  assert.equal(table.code, 0);
  assert.match(table.stdout, /^Rule 606\(a\)\(1\) report: Robinhood Securities LLC, 2022 Q1/);
  assert.match(table.stdout, /Venue rows: 48 read, 48 used, 0 rejected/);
  // Citadel, S&P 500 market orders, the quarter: $882,199.27 (three months added by hand).
  assert.match(table.stdout, /S&P 500 stocks\s+CITADEL SECURITIES LLC\s+882,199\.27/);
  const csv = await runDisclosureCli(["606", HOOD, "--format=csv"]);
  const lines = csv.stdout.trim().split("\n");
  assert.equal(lines.length, 49);
  assert.match(lines[0], /^line,month,section,venue,name,mic,orderPct,marketPct/);
  assert.match(
    lines[1],
    /^18,2022-01,sp500,CITADEL SECURITIES LLC,CITADEL SECURITIES LLC,,37\.51,/,
  );
});

Deno.test("cli 605: legacy json totals equal the library's; summary files are recognised", async () => {
  const r = await runDisclosureCli(["605", VIRTU, "--format", "json"]);
  assert.equal(r.code, 0);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.layout, "legacy");
  assert.equal(doc.rows.length, 31802);
  const rows = (await readLegacy605File(VIRTU)).rows;
  assert.deepEqual(doc.totals.byOrderTypeAndSize, legacy605Totals(rows, ["orderType", "sizeCode"]));
  const t = doc.totals.byOrderTypeAndSize.find((x: { orderType: number; sizeCode: number }) =>
    x.orderType === 11 && x.sizeCode === 21
  );
  assert.equal(t.executedShares, 191248); // summed with awk on the file
  const table = await runDisclosureCli(["605", VIRTU]);
  assert.match(table.stdout, /Records: 31802 read, 31802 used, 0 rejected; invariant breaks: 0/);
  assert.match(table.stdout, /11 market\s+100-499\s+5,932\s+1,009,710\s+191,248/);

  const s = await runDisclosureCli(["605", SAMPLE, "--format", "json", "--strict"]);
  assert.equal(s.code, 0, s.stdout);
  const sd = JSON.parse(s.stdout);
  assert.equal(sd.layout, "summary");
  assert.equal(sd.rows.length, 35);
  assert.equal(sd.totals.byOrderTypeAndSize[0].effectiveOverQuoted, 0.935065);
  const csv = await runDisclosureCli(["605", SAMPLE, "--format", "csv"]);
  assert.equal(csv.stdout.trim().split("\n").length, 36);
  const ng = await runDisclosureCli(["605", NG]);
  assert.equal(ng.code, 0);
  assert.match(ng.stdout, /Records: 55 read, 49 used, 6 rejected/);
  assert.match(ng.stdout, /ng\.csv: line 6: AvgPctQuotSprd: negative value -0\.002293/);
});

Deno.test("cli: bad input exits 2 with the message naming file, line and field", async () => {
  const missing = await runDisclosureCli(["606", "/nonexistent/x.xml"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stdout, /^error: \/nonexistent\/x\.xml: cannot read/);
  const notXml = await runDisclosureCli(["606", VIRTU]);
  assert.equal(notXml.code, 2);
  assert.match(notXml.stdout, /VIRTU0817\.txt: line 1: not an XML document/);
  const strict = await runDisclosureCli(["606", GSCO, "--strict", "--format", "json"]);
  assert.equal(strict.code, 2);
  assert.match(
    strict.stdout,
    /line 515: netPmtPaidRecvOtherOrdersCph: expected at least four decimals/,
  );
  const ng = await runDisclosureCli(["605", NG, "--strict"]);
  assert.equal(ng.code, 2);
  assert.match(
    ng.stdout,
    /ng\.csv: line 2: RptDate: expected a month yyyymm from 202501, got "220509"/,
  );
  // A 606 XML given to the 605 command: the layout is detected and named.
  const wrong = await runDisclosureCli(["605", HOOD]);
  assert.equal(wrong.code, 2);
  assert.match(
    wrong.stdout,
    /606-HOOD-2022Q1\.xml: line 1: not a Rule 605 report: XML with root element <heldOrderRoutingPublicReport> \(a Rule 606 report\) \(use the 606 command\)/,
  );
  const usage = await runDisclosureCli(["606", HOOD, "--format", "xml"]);
  assert.equal(usage.code, 2);
  assert.match(usage.stdout, /--format: unknown value "xml"/);
  const noFile = await runDisclosureCli(["605"]);
  assert.equal(noFile.code, 2);
  assert.match(noFile.stdout, /expected a FILE \(or several, a folder or a zip\)/);
});

Deno.test("cli: runCli dispatches 606 and 605; usage lists them", async () => {
  const r = await runCli(["606", HOOD, "--format", "json"]);
  assert.equal(r.code, 0);
  assert.equal(JSON.parse(r.stdout).bd, "Robinhood Securities LLC");
  const bad = await runCli(["605", "/nonexistent/y.txt"]);
  assert.equal(bad.code, 2);
  const help = await runCli(["--help"]);
  assert.match(help.stdout, /deno task cli 606 FILE \[--strict\] \[--format table\|json\|csv\]/);
  assert.match(help.stdout, /deno task cli 605 FILE/);
});

Deno.test("cli: the commands need read permission only (as the cli task grants)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pfof-cli-" });
  const main = `${dir}/main.ts`;
  await Deno.writeTextFile(
    main,
    `import { runDisclosureCli } from "${root}lib/disclosures/cli.ts";
const r = await runDisclosureCli(Deno.args);
console.log(r.stdout);
Deno.exit(r.code);
`,
  );
  const exec = (args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", "--no-prompt", "--config", `${root}deno.json`, main, ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
  try {
    const ok = await exec(["606", HOOD, "--format", "json"]);
    assert.equal(ok.code, 0, new TextDecoder().decode(ok.stderr));
    assert.equal(JSON.parse(new TextDecoder().decode(ok.stdout)).counts.read, 48);
    const virtu = await exec(["605", VIRTU]);
    assert.equal(virtu.code, 0, new TextDecoder().decode(virtu.stderr));
    const bad = await exec(["605", `${root}deno.json`]);
    assert.equal(bad.code, 2);
    assert.match(
      new TextDecoder().decode(bad.stdout),
      /deno\.json: line 1: not a Rule 605 report: not a disclosure this reader knows/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
