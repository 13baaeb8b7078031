/**
 * The command line's defences against input that crashed, hung or quietly
 * lied (issue 14, defects 5, 10 and the command-line parts of 11): runs in
 * bounded memory with caps named by flag, unknown keys refused, seeds and
 * weights checked, `compare --by` with its differences, special files as
 * scenarios, and commands that stop with their parent.
 */
import assert from "node:assert/strict";
import { runCli } from "../lib/cli/main.ts";
import { defaultScenario, loadScenarioFile } from "../lib/sim/scenario.ts";
import { brokerProfiles, withBroker } from "../lib/sim/brokers.ts";
import { loadCalibration } from "../lib/calibration/calibration.ts";
import { monteCarlo } from "../lib/runs/montecarlo.ts";
import { forEachChunk } from "../lib/runs/chunks.ts";
import { simulateDay } from "../lib/sim/simulate.ts";
import { orderStatistics, OrderStatsAccumulator } from "../lib/analysis/orderstats.ts";
import { MARKET, MARKETABLE_LIMIT } from "../lib/sim/flow.ts";

const main = new URL("../lib/cli/main.ts", import.meta.url).pathname;
const noStack = (text: string) => assert.doesNotMatch(text, /Uncaught|\n\s+at /);

Deno.test("defect 5: orders, replications and the whole run are capped with the flag named", async () => {
  const cases: [string[], RegExp][] = [
    [["--orders=1000000000000"], /^error: --orders: at most 1,000,000,000 \(per replication;/],
    [["--orders=1e12"], /^error: --orders: expected an integer >= 1, got "1e12"/],
    [["--replications=1000000"], /^error: --replications: at most 10,000 /],
    [
      ["--orders=10000000", "--replications=10000"],
      /^error: --orders 10000000 x --replications 10000 x 3 policies is 3\.00e\+11 orders .* lower --orders or --replications/,
    ],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(["simulate", ...args]);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stdout, message);
    noStack(r.stdout);
  }
});

Deno.test("defect 5: every run is chunked, and chunks give the day's numbers", () => {
  const s = defaultScenario();
  const policies = [{ kind: "scorecard" as const }, { kind: "max-payment" as const }];
  let largest = 0;
  const chunked = monteCarlo(s, policies, {
    orders: 3000,
    seed: 5,
    replications: 2,
    chunkSize: 700,
    onChunk: (c) => largest = Math.max(largest, c.orders.count),
  });
  assert.equal(largest, 700);
  const whole = monteCarlo(s, policies, { orders: 3000, seed: 5, replications: 2 });
  assert.equal(chunked.intervals.length, whole.intervals.length);
  chunked.intervals.forEach((row, i) => {
    const w = whole.intervals[i];
    assert.equal(row.metric, w.metric);
    if (Number.isFinite(w.mean)) {
      assert.ok(Math.abs(row.mean - w.mean) <= 1e-9 * (1 + Math.abs(w.mean)), row.metric);
    }
  });
  // The order-level statistics of the JSON output, chunk by chunk, equal the whole day's.
  const day = simulateDay(s, { kind: "scorecard" }, { orders: 3000, seed: 5 });
  const selection = { types: [MARKET, MARKETABLE_LIMIT] };
  const acc = new OrderStatsAccumulator(selection, day.venues.count, true);
  forEachChunk(s, [{ kind: "scorecard" }], { orders: 3000, seed: 5, chunkSize: 700 }, (c) => {
    acc.add(c);
  });
  const a = acc.result(), b = orderStatistics(day, selection, true);
  assert.ok(Math.abs(a.hhi - b.hhi) < 1e-9);
  assert.deepEqual([...a.groups.keys()].sort(), [...b.groups.keys()].sort());
  for (const [kind, st] of b.groups) {
    const c = a.groups.get(kind)!;
    assert.equal(c.orders, st.orders);
    assert.ok(Math.abs(c.priceImprovementCentsPerShare - st.priceImprovementCentsPerShare) < 1e-9);
    assert.ok(Math.abs(c.notionalPerOrder - st.notionalPerOrder) < 1e-6);
  }
});

Deno.test({
  name: "defect 5: a long run shows its progress on standard error, not on standard output",
  async fn() {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        main,
        "simulate",
        "--orders=2500000",
        "--policy=best-execution,max-payment",
        "--format=csv",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0);
    const err = new TextDecoder().decode(out.stderr);
    assert.match(err, /replication 1\/1 {2}2\.5M\/2\.5M orders {2}100\.0%/);
    const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
    assert.equal(lines.length, 3);
    assert.match(lines[1], /^best-execution,/);
  },
});

Deno.test("defect 10: a scenario file's misspelt key is refused with the key named", async () => {
  const path = await Deno.makeTempFile({ suffix: ".json" });
  try {
    const doc = structuredClone(defaultScenario()) as unknown as {
      venues: Record<string, unknown>[];
      flow: Record<string, unknown>;
    };
    const i = doc.venues.findIndex((v) => v.affiliated === true);
    assert.ok(i >= 0, "the default scenario has an affiliated venue");
    delete doc.venues[i].affiliated;
    doc.venues[i].afiliated = true;
    await Deno.writeTextFile(path, JSON.stringify(doc));
    await assert.rejects(() => loadScenarioFile(path), (e: Error) => {
      assert.equal(e.message, `${path}: venues.${i}.afiliated: unknown key "afiliated"`);
      return true;
    });
    const r = await runCli(["simulate", `--scenario=${path}`, "--orders=100"]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /venues\.\d+\.afiliated: unknown key "afiliated"/);
    // A key unknown to the flow, a venue's latency and the universe too.
    const flow = structuredClone(defaultScenario());
    (flow.flow as Record<string, unknown>).informedShar = 0.1;
    (flow.venues[0].latency as Record<string, unknown>).mean = 3;
    (flow.universe as Record<string, unknown>).tick = 0.01;
    await Deno.writeTextFile(path, JSON.stringify(flow));
    const r2 = await runCli(["simulate", `--scenario=${path}`, "--orders=100"]);
    assert.equal(r2.code, 2);
    for (const key of ["flow.informedShar", "venues.0.latency.mean", "universe.tick"]) {
      assert.ok(r2.stdout.includes(`${key}: unknown key`), `${key} in ${r2.stdout}`);
    }
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("defect 10: a policy's misspelt key is refused, not run with the default", async () => {
  const r = await runCli(["simulate", "--policy", "auction:Bidders=50", "--orders=100"]);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /^error: --policy auction:Bidders=50: Bidders: unknown key "Bidders"/);
  const ok = await runCli([
    "simulate",
    "--policy",
    "auction:bidders=50",
    "--orders=100",
    "--format=json",
  ]);
  assert.equal(ok.code, 0, ok.stdout);
  assert.equal(JSON.parse(ok.stdout).policies[0].bidders, 50);
});

Deno.test("defect 10: the shipped scenario, calibration and broker profiles still parse strictly", () => {
  const s = defaultScenario();
  assert.equal(s.broker.id, "us-retail");
  assert.ok(loadCalibration().scenario);
  const ids = brokerProfiles().map((b) => b.id);
  assert.ok(ids.includes("robinhood") && ids.length >= 8);
  for (const id of ids) assert.equal(withBroker(s, id).broker.id, id);
});

Deno.test("defect 11: an empty --weight and seeds beyond 32 bits are usage errors", async () => {
  const cases: [string[], RegExp][] = [
    [["simulate", "--weight="], /^error: --weight: expected a number, got ""/],
    [["simulate", "--weight", " "], /^error: --weight: expected a number, got " "/],
    [["simulate", "--seed=6556940916"], /^error: --seed: at most 4,294,967,295 \(seeds are 32-bit/],
    [["compare", "--seed=4294967296"], /^error: --seed: at most 4,294,967,295/],
    [["year", "--seed=4294967296", "--out=/tmp/x"], /^error: --seed: at most 4,294,967,295/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stdout, message);
  }
  const top = await runCli([
    "simulate",
    "--seed=4294967295",
    "--orders=200",
    "--policy=best-execution",
    "--format=json",
  ]);
  assert.equal(top.code, 0, top.stdout);
  assert.equal(JSON.parse(top.stdout).seed, 4294967295);
});

Deno.test("defect 11: compare --by venue reports each venue's paired differences", async () => {
  const args = ["compare", "--by=venue", "--orders=2000", "--policy=scorecard,cap"];
  const r = await runCli([...args, "--format=json"]);
  assert.equal(r.code, 0, r.stdout);
  const doc = JSON.parse(r.stdout);
  const venues = doc.differences.map((d: { group: { venue: string } }) => d.group.venue);
  assert.ok(venues.length >= 3, JSON.stringify(venues));
  assert.ok(venues.includes("WH-A"));
  // The same difference as the library's, venue by venue.
  const mc = monteCarlo(defaultScenario(), [{ kind: "scorecard" }, { kind: "cap", cap: 0.001 }], {
    orders: 2000,
    seed: 1,
    replications: 3,
    by: ["venue"],
    types: [MARKET, MARKETABLE_LIMIT],
  });
  const { pairedDifference } = await import("../lib/runs/montecarlo.ts");
  const wa = doc.differences.find((d: { group: { venue: string } }) => d.group.venue === "WH-A");
  const expected = pairedDifference(mc, "payment", "scorecard", "cap ($0.0010)", { venue: "WH-A" });
  assert.ok(Math.abs(wa.payment.mean - expected.mean) < 1e-9);
  assert.ok(wa.payment.mean < 0, "a cap lowers the payment at WH-A");
  const table = await runCli(args);
  assert.match(table.stdout, /Differences from scorecard, paired on the same orders \(by venue\):/);
  assert.match(table.stdout, /\ncap \(\$0\.0010\) +WH-A +-\d/);
});

Deno.test("simulate --scenario reads through the byte limit: /dev/zero and a FIFO are named errors", async () => {
  const r = await runCli(["simulate", "--scenario=/dev/zero"]);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /^error: \/dev\/zero: file has more bytes than the limit of 4194304/);
  const dir = await Deno.makeTempDir();
  try {
    const fifo = `${dir}/pipe`;
    const mk = await new Deno.Command("mkfifo", { args: [fifo] }).output();
    assert.equal(mk.code, 0);
    const r2 = await runCli(["simulate", `--scenario=${fifo}`]);
    assert.equal(r2.code, 2);
    assert.match(r2.stdout, /pipe: cannot read: not a regular file/);
    const r3 = await runCli(["simulate", `--scenario=${dir}`]);
    assert.match(r3.stdout, /cannot read: is a directory/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the usage text shows the multi-file 605 and 606 commands", async () => {
  const r = await runCli(["--help"]);
  assert.match(
    r.stdout,
    /deno task cli 606 FILE\.\.\. \| DIR \| ZIP \[options\] {3}compare brokers/,
  );
  assert.match(
    r.stdout,
    /deno task cli 605 FILE\.\.\. \| DIR \| ZIP \[options\] {3}compare market/,
  );
});

/** Whether process `pid` is still running. */
function alive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pid: number, seconds: number): Promise<boolean> {
  for (let t = 0; t < seconds * 10; t++) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

Deno.test({
  name: "defect 11: a long command stops when its parent is killed, and on SIGTERM",
  ignore: Deno.build.os === "windows",
  async fn() {
    const long = ["simulate", "--orders=500000000", "--replications=2", "--quiet"];
    // A parent shell that starts the command and is then killed with SIGKILL (as a killed
    // `deno task` is): the command is re-parented and must notice.
    const shell = new Deno.Command("sh", {
      args: ["-c", `"${Deno.execPath()}" run -A "${main}" ${long.join(" ")} & echo $!; wait`],
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const reader = shell.stdout.getReader();
    const { value } = await reader.read();
    const child = Number(new TextDecoder().decode(value).trim());
    assert.ok(child > 0);
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(alive(child), "the command runs");
    shell.kill("SIGKILL");
    await shell.status;
    reader.releaseLock();
    await shell.stdout.cancel();
    const gone = await waitGone(child, 10);
    if (!gone) Deno.kill(child, "SIGKILL");
    assert.ok(gone, "the command outlived its killed parent");
    // SIGTERM to the command itself (what `deno task` passes on): it ends at once.
    const direct = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", main, ...long],
      stdout: "null",
      stderr: "null",
    }).spawn();
    await new Promise((r) => setTimeout(r, 1500));
    direct.kill("SIGTERM");
    const status = await direct.status;
    assert.equal(status.signal, "SIGTERM");
  },
});
