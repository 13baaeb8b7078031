/** A year of flow: invariance to workers and chunks, resuming, and distrust of bad day files. */
import assert from "node:assert/strict";
import {
  dayPath,
  readDay,
  runFingerprint,
  runYear,
  simulateDaySums,
  writeDay,
  YearOutputError,
} from "../lib/runs/year.ts";
import { STATS } from "../lib/analysis/metrics.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import { parsePolicy } from "../lib/sim/policy.ts";
import { runCli } from "../lib/cli/main.ts";

const scenario = defaultScenario();
const base = { scenario, policy: { kind: "max-payment" as const }, seed: 11, ordersPerDay: 4000 };
const same = (a: Float64Array, b: Float64Array) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

Deno.test({
  name: "year: totals are identical whatever the number of workers",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const runs = [];
    for (const workers of [0, 1, 2, 3]) runs.push(await runYear({ ...base, days: 5, workers }));
    for (const r of runs.slice(1)) assert.ok(same(r.total.sums, runs[0].total.sums));
    // And the total is the day-ordered sum of the days.
    const sum = new Float64Array(runs[0].total.sums.length);
    for (const d of runs[0].daily) for (let i = 0; i < sum.length; i++) sum[i] += d.sums[i];
    assert.ok(same(sum, runs[0].total.sums));
    assert.equal(runs[0].total.summarize([])[0].orders, 5 * 4000);
  },
});

Deno.test("year: a day in chunks equals the same day in one piece", () => {
  const policy = parsePolicy({ kind: "best-execution", venues: scenario.broker.venues });
  const task = { scenario, policy, seed: 3, ordersPerDay: 3000, day: 7 };
  const whole = simulateDaySums({ ...task, chunkSize: 3000 });
  for (const chunkSize of [1, 257, 1024]) {
    const chunked = simulateDaySums({ ...task, chunkSize });
    for (let i = 0; i < whole.length; i++) {
      assert.ok(Math.abs(chunked[i] - whole[i]) <= 1e-9 * (1 + Math.abs(whole[i])), `stat ${i}`);
    }
  }
  // Different days are different days.
  assert.ok(!same(simulateDaySums({ ...task, day: 8, chunkSize: 3000 }), whole));
});

Deno.test({
  name: "year: resuming after a stop gives the same totals as an uninterrupted run",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "pfof-year-" });
    try {
      const uninterrupted = await runYear({ ...base, days: 4, workers: 1 });
      const first = await runYear({ ...base, days: 2, workers: 2, outDir: dir });
      assert.equal(first.resumedDays, 0);
      // A stop mid-write leaves only a temporary file, which is not a day.
      await Deno.writeTextFile(`${dayPath(dir, 2)}.tmp-999`, "half a file");
      const resumed = await runYear({ ...base, days: 4, workers: 2, outDir: dir });
      assert.equal(resumed.resumedDays, 2);
      assert.ok(same(resumed.total.sums, uninterrupted.total.sums));
      // A finished run rereads without simulating anything.
      const reread = await runYear({ ...base, days: 4, workers: 2, outDir: dir });
      assert.equal(reread.resumedDays, 4);
      assert.ok(same(reread.total.sums, uninterrupted.total.sums));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "year: a corrupt, partial or foreign day file is detected and recomputed, not trusted",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "pfof-year-" });
    const other = await Deno.makeTempDir({ prefix: "pfof-year-other-" });
    try {
      const clean = await runYear({ ...base, days: 3, workers: 0, outDir: dir });
      // Garbage in day 1, a truncated copy of day 2, and day 3 from a run with another seed.
      await Deno.writeTextFile(dayPath(dir, 0), "not parquet at all");
      const bytes = await Deno.readFile(dayPath(dir, 1));
      await Deno.writeFile(dayPath(dir, 1), bytes.subarray(0, Math.floor(bytes.length / 2)));
      await runYear({ ...base, seed: 12, days: 3, workers: 0, outDir: other });
      await Deno.copyFile(dayPath(other, 2), dayPath(dir, 2));
      const again = await runYear({ ...base, days: 3, workers: 0, outDir: dir });
      assert.deepEqual(again.recomputedDays, [0, 1, 2]);
      assert.equal(again.resumedDays, 0);
      assert.ok(same(again.total.sums, clean.total.sums));
    } finally {
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(other, { recursive: true });
    }
  },
});

Deno.test("year: bad options are rejected, on the command line with exit code 2", async () => {
  await assert.rejects(() => runYear({ ...base, days: 0 }), /days: expected an integer >= 1/);
  await assert.rejects(() => runYear({ ...base, workers: -1, days: 1 }), /workers: expected/);
  const r = await runCli(["year", "--days=2"]);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /--out: expected a folder/);
  const r2 = await runCli(["year", "--out=/tmp/x", "--orders-per-day=0"]);
  assert.equal(r2.code, 2);
  assert.match(r2.stdout, /--orders-per-day: expected an integer >= 1/);
});

Deno.test({
  name: "year: the command line writes daily Parquet and reports the totals as JSON",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "pfof-year-cli-" });
    try {
      const r = await runCli([
        "year",
        "--policy=cap:cap=0.001",
        "--orders-per-day=3000",
        "--days=2",
        "--workers=1",
        `--out=${dir}`,
        "--format=json",
        "--quiet",
      ]);
      assert.equal(r.code, 0, r.stdout);
      const doc = JSON.parse(r.stdout);
      assert.equal(doc.totals.orders, 6000);
      const direct = await runYear({
        scenario,
        policy: { kind: "cap", cap: 0.001 },
        seed: 1,
        ordersPerDay: 3000,
        days: 2,
        workers: 0,
      });
      assert.equal(doc.totals.payment, direct.total.summarize([])[0].payment);
      const files = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
      assert.deepEqual(files, ["day-001.parquet", "day-002.parquet"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "year (defect 2): --out naming an existing file or an uncreatable path is a named error",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const file = await Deno.makeTempFile({ prefix: "pfof-year-file-" });
    try {
      const cases: [string, RegExp][] = [
        [file, /^error: --out .*: is a file, not a folder for the daily Parquet files\n/],
        [`${file}/sub`, /cannot use the folder \(a part of the path is a file, not a folder\)/],
        [
          "/proc/no-such-folder/year",
          /cannot create the folder \(a folder on the way does not exist\)/,
        ],
      ];
      for (const [out, message] of cases) {
        const r = await runCli([
          "year",
          "--days=1",
          "--orders-per-day=50",
          "--workers=0",
          "--quiet",
          `--out=${out}`,
        ]);
        assert.equal(r.code, 2, r.stdout);
        assert.match(r.stdout, message);
        assert.doesNotMatch(r.stdout, /Uncaught|\n\s+at /);
      }
      // The file named by --out is left as it was.
      assert.equal((await Deno.stat(file)).isFile, true);
    } finally {
      await Deno.remove(file);
    }
  },
});

Deno.test({
  name:
    "year (defect 3): a directory where a day file should be is a named error and leaves no temporary file",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "pfof-year-isdir-" });
    try {
      await Deno.mkdir(dayPath(dir, 1));
      for (const workers of ["0", "1"]) {
        const r = await runCli([
          "year",
          "--days=2",
          "--orders-per-day=50",
          `--workers=${workers}`,
          "--quiet",
          `--out=${dir}`,
        ]);
        assert.equal(r.code, 2, r.stdout);
        assert.match(
          r.stdout,
          /day-002\.parquet is a directory where day 2's Parquet file should be/,
        );
        assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["day-002.parquet"]);
      }
      // writeDay itself: a rename onto a directory removes its temporary file and names the day.
      await assert.rejects(
        () => writeDay(dir, 1, new Float64Array(STATS.length), "f"),
        (e: Error) => e instanceof YearOutputError && /cannot write day 2/.test(e.message),
      );
      assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["day-002.parquet"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "year (defect 6): a day file altered in one bit or by $100,000 in one payment is recomputed",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "pfof-year-digest-" });
    try {
      const clean = await runYear({ ...base, days: 2, workers: 0, outDir: dir });
      const cells = clean.daily[0].sums.length / STATS.length;
      const policy = parsePolicy({
        ...base.policy,
        venues: scenario.broker.venues,
        allocation: scenario.broker.allocation,
      });
      const fingerprint = runFingerprint(scenario, policy, base.seed, base.ordersPerDay);
      const stored = await readDay(dir, 0, cells, fingerprint);
      assert.ok(stored instanceof Float64Array && same(stored, clean.daily[0].sums));
      // Rewrite day 1 with the stored digest kept but a value changed: +$100,000 on the largest
      // sum, then (separately) the lowest bit of another.
      const largest = stored.reduce((m, x, i) => (Math.abs(x) > Math.abs(stored[m]) ? i : m), 0);
      const tampered = [Float64Array.from(stored), Float64Array.from(stored)];
      tampered[0][largest] += 100_000;
      const bits = new BigUint64Array(tampered[1].buffer);
      const nonzero = stored.findIndex((x, i) => i !== largest && x !== 0);
      bits[nonzero] ^= 1n;
      assert.notEqual(tampered[1][nonzero], stored[nonzero]);
      for (const sums of tampered) {
        await writeDay(dir, 0, stored, fingerprint); // the genuine digest ...
        const pl = (await import("nodejs-polars")).default;
        const df = pl.readParquet(dayPath(dir, 0));
        const ns = STATS.length;
        const columns: Record<string, unknown> = Object.fromEntries(
          df.columns.map((c) => [c, df.getColumn(c).toArray()]),
        );
        STATS.forEach((name, s) => { // ... with altered values under it
          columns[name] = Float64Array.from({ length: cells }, (_, c) => sums[c * ns + s]);
        });
        pl.DataFrame(columns).writeParquet(dayPath(dir, 0));
        assert.equal(await readDay(dir, 0, cells, fingerprint), "corrupt");
        const again = await runYear({ ...base, days: 2, workers: 0, outDir: dir });
        assert.deepEqual(again.recomputedDays, [0]);
        assert.ok(same(again.total.sums, clean.total.sums));
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
