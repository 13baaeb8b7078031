import assert from "node:assert/strict";
import { runCli } from "../lib/cli/main.ts";
import { comparePolicies } from "../lib/sim/simulate.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";

Deno.test("cli: --format json reports the same numbers as the library on the same seed", async () => {
  const r = await runCli([
    "simulate",
    "--policy",
    "best-execution,max-payment",
    "--orders",
    "3000",
    "--seed",
    "11",
    "--format",
    "json",
  ]);
  assert.equal(r.code, 0, r.stdout);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.orders, 3000);
  assert.deepEqual(doc.types, ["market", "marketableLimit"]);
  const days = comparePolicies(
    defaultScenario(),
    [{ kind: "best-execution" }, { kind: "max-payment" }],
    { orders: 3000, seed: 11 },
  );
  for (const day of days) {
    const expected = day.metrics.summarize([], { types: [0, 1] })[0];
    const row = doc.rows.find((x: { policy: string }) => x.policy === day.policy.kind);
    assert.ok(row, `no row for ${day.policy.kind}`);
    assert.equal(row.metrics.orders, expected.orders);
    assert.equal(row.metrics.payment, expected.payment);
    assert.equal(row.metrics.customerCost, expected.customerCost);
  }
});

Deno.test("cli: replications add 95% intervals that contain the mean", async () => {
  const r = await runCli([
    "simulate",
    "--policy=max-payment",
    "--orders=1500",
    "--replications=3",
    "--format=json",
    "--by=venue",
  ]);
  assert.equal(r.code, 0, r.stdout);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.interval, "95% Student t across replications");
  for (const row of doc.rows) {
    assert.ok(typeof row.venue === "string");
    const p = row.metrics.payment;
    assert.ok(p.low <= p.mean && p.mean <= p.high, JSON.stringify(p));
  }
});

Deno.test("cli: csv has a header and one line per policy", async () => {
  const r = await runCli(["simulate", "--orders=800", "--format=csv"]);
  assert.equal(r.code, 0, r.stdout);
  const lines = r.stdout.trim().split("\n");
  assert.equal(lines.length, 4);
  assert.match(lines[0], /^policy,orders \(orders\),fillRate/);
  // By default: today's scorecard routing against best execution and max payment.
  assert.deepEqual(lines.slice(1).map((l) => l.split(",")[0]), [
    "scorecard",
    "best-execution",
    "max-payment",
  ]);
});

Deno.test("cli: bad arguments exit with code 2 and a message naming the option", async () => {
  const cases: [string[], RegExp][] = [
    [["simulate", "--orders=-5"], /--orders: expected an integer >= 1, got "-5"/],
    [["simulate", "--orders=abc"], /--orders: expected an integer/],
    [["simulate", "--policy=cheapest"], /--policy: unknown policy "cheapest"/],
    [["simulate", "--weight=1.5"], /--weight: expected a number in \[0, 1\]/],
    [["simulate", "--weight=NaN"], /--weight/],
    [["simulate", "--format=xml"], /--format: unknown value "xml"/],
    [["simulate", "--by=colour"], /--by: unknown value "colour"/],
    [["simulate", "--nonsense"], /Unknown option '--nonsense'/],
    [["simulate", "--scenario=/no/such/file.json"], /\/no\/such\/file.json: cannot read/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [[], /missing command/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(" ")} exited ${r.code}`);
    assert.match(r.stdout, message);
  }
});

Deno.test("cli: a scenario file with a bad field is rejected naming the file and field", async () => {
  const path = await Deno.makeTempFile({ suffix: ".json" });
  try {
    const bad = { flow: { ...defaultScenario().flow, informedShare: -0.1 } };
    await Deno.writeTextFile(path, JSON.stringify(bad));
    const r = await runCli(["simulate", `--scenario=${path}`, "--orders=100"]);
    assert.equal(r.code, 2);
    assert.ok(r.stdout.includes(`${path}: flow.informedShare:`), r.stdout);
    await Deno.writeTextFile(path, "{ not json");
    const r2 = await runCli(["simulate", `--scenario=${path}`, "--orders=100"]);
    assert.equal(r2.code, 2);
    assert.ok(r2.stdout.includes(`${path}: not valid JSON`), r2.stdout);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("cli: the task entry point exits 2 on a bad argument", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      new URL("../lib/cli/main.ts", import.meta.url).pathname,
      "simulate",
      "--orders=0",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 2);
  assert.match(new TextDecoder().decode(out.stderr), /--orders: expected an integer >= 1/);
});

Deno.test("cli validate: one JSON row per finding, the library's numbers, fit targets first", async () => {
  const { loadEvidence, runValidation, validationReport, validationTable } = await import(
    "../lib/analysis/validation.ts"
  );
  const { loadCalibration } = await import("../lib/calibration/calibration.ts");
  const r = await runCli(["validate", "--orders", "2000", "--seeds", "1,2", "--format", "json"]);
  assert.equal(r.code, 0, r.stdout);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.command, "validate");
  assert.equal(doc.orders, 2000);
  assert.deepEqual(doc.seeds, [1, 2]);
  const evidence = loadEvidence();
  assert.equal(doc.rows.length, evidence.length);
  assert.deepEqual(
    [...doc.rows.map((x: { id: string }) => x.id)].sort(),
    evidence.map((f) => f.id).sort(),
  );
  const firstValidation = doc.rows.findIndex((x: { role: string }) => x.role === "validation");
  assert.ok(firstValidation > 0 && doc.rows[0].role === "fit");
  for (const row of doc.rows) {
    for (
      const k of ["id", "finding", "source", "role", "unit", "published", "model", "inside", "why"]
    ) {
      assert.ok(k in row, `${row.id}: no ${k}`);
    }
    assert.ok(["fit", "validation"].includes(row.role));
    assert.equal(typeof row.inside, "boolean");
    assert.equal(row.inside, row.why === "", row.id);
    assert.ok(row.published.low <= row.published.high);
    assert.equal(
      row.inside,
      row.model.mean >= row.published.low && row.model.mean <= row.published.high,
    );
  }
  assert.equal(
    doc.summary.inside,
    doc.rows.filter((x: { role: string; inside: boolean }) => x.role === "validation" && x.inside)
      .length,
  );
  // The same numbers as the library on the same seeds and orders.
  const run = runValidation(loadCalibration(), {
    orders: 2000,
    seeds: [1, 2],
    paymentVariant: true,
  });
  const lib = validationReport(validationTable(run, evidence));
  for (const row of lib) {
    const cli = doc.rows.find((x: { id: string }) => x.id === row.id);
    assert.deepEqual(cli.model, JSON.parse(JSON.stringify(row.model)), row.id);
  }
});

Deno.test("cli validate: a readable table with fit targets apart and the reasons for misses", async () => {
  const r = await runCli(["validate", "--orders=2000", "--seeds=3,4"]);
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /^pfof-lab validate: calibration us-2022, 2000 orders x 2 seeds/);
  assert.match(r.stdout, /Fit targets and inputs \(not validation\):\nfinding/);
  assert.match(r.stdout, /Validation: inside \d+ of \d+ published findings/);
  assert.match(r.stdout, /Where the model misses, and why:\n- /);
  assert.match(r.stdout, /citadel-605-eq/);
});

Deno.test("cli validate: bad flags exit with code 2 and a message naming the option", async () => {
  const cases: [string[], RegExp][] = [
    [["validate", "--seeds=1"], /--seeds: expected at least two different integers/],
    [["validate", "--seeds=1,1"], /--seeds: expected at least two different integers/],
    [["validate", "--seeds=1,x"], /--seeds: expected an integer >= 0, got "x"/],
    [["validate", "--orders=50"], /--orders: expected an integer >= 1000, got "50"/],
    [["validate", "--format=csv"], /--format: unknown value "csv"/],
    [["validate", "--policy=ban"], /Unknown option '--policy'/],
    [["validate", "extra"], /Unexpected argument 'extra'/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(" ")} exited ${r.code}`);
    assert.match(r.stdout, message);
    assert.doesNotMatch(r.stdout, /\n\s+at /, "no stack trace");
  }
});
