/**
 * A year of retail order flow on one machine: 252 trading days, each an
 * independent shard (its own quotes and orders, drawn from streams keyed by
 * the day), simulated in chunks so memory stays bounded, spread over Deno
 * workers, and written day by day to Parquet so a stopped run resumes from
 * its last finished day and a finished run can be reread without rerunning.
 *
 * Invariance: a day's random streams depend only on the seed and the day, and
 * the days' sums are merged in day order, so the totals are identical bit for
 * bit whatever the number of workers or the chunk size. Because each
 * day-by-scenario shard is independent and the sums merge exactly, runs too
 * large for one machine split across machines by any batch scheduler.
 *
 * @module
 */
import pl from "nodejs-polars";
import type { Policy, PolicyInput } from "../sim/policy.ts";
import { brokerPolicy, simulateChunked } from "../sim/simulate.ts";
import { MetricsAccumulator, STATS } from "../analysis/metrics.ts";
import type { Scenario } from "../sim/scenario.ts";
import { mix32 } from "../sim/random.ts";
import { YearOutputError } from "./year_errors.ts";
import { checkIntegers } from "./chunks.ts";

export { YearOutputError } from "./year_errors.ts";

/** One day to simulate (the message a worker receives). */
export interface DayTask {
  /** The scenario. */
  scenario: Scenario;
  /** The policy, validated. */
  policy: Policy;
  /** Seed of all streams. */
  seed: number;
  /** Retail orders in the day. */
  ordersPerDay: number;
  /** Day number (0-based); it keys the day's streams. */
  day: number;
  /** Orders per chunk. */
  chunkSize: number;
}

/**
 * Simulates one day and returns its metric sums (a fresh `Float64Array`).
 *
 * @example
 * ```ts
 * import { simulateDaySums } from "./year.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * import { parsePolicy } from "../sim/policy.ts";
 * const s = defaultScenario();
 * const policy = parsePolicy({ kind: "max-payment", venues: s.broker.venues });
 * const a = simulateDaySums({ scenario: s, policy, seed: 1, ordersPerDay: 500, day: 3, chunkSize: 128 });
 * const b = simulateDaySums({ scenario: s, policy, seed: 1, ordersPerDay: 500, day: 3, chunkSize: 500 });
 * if (a.some((x, i) => x !== b[i])) throw new Error("chunking changed the day");
 * ```
 */
export function simulateDaySums(task: DayTask): Float64Array {
  const { scenario, policy, seed, ordersPerDay, day, chunkSize } = task;
  // A day is a replication keyed by its number: its own quotes and its own orders.
  return simulateChunked(scenario, [policy], {
    orders: ordersPerDay,
    seed,
    replication: day,
    chunkSize,
  })[0].sums;
}

/** Options of a year run. */
export interface YearOptions {
  /** The scenario. */
  scenario: Scenario;
  /** The policy. */
  policy: PolicyInput | Policy;
  /** Seed of all streams. */
  seed: number;
  /** Retail orders per day (default 10 million). */
  ordersPerDay?: number;
  /** Trading days (default 252). */
  days?: number;
  /** Deno workers (default 1; 0 runs in this thread). */
  workers?: number;
  /** Orders per chunk (default 65,536). */
  chunkSize?: number;
  /** Folder for the daily Parquet files; without it nothing is written or resumed. */
  outDir?: string;
  /** Called after each day with progress. */
  onProgress?: (p: YearProgress) => void;
}

/** Progress of a year run. */
export interface YearProgress {
  /** Days finished (including resumed ones). */
  daysDone: number;
  /** Days in the run. */
  days: number;
  /** Orders simulated so far in this run (resumed days excluded). */
  ordersDone: number;
  /** Orders per second in this run. */
  ordersPerSecond: number;
  /** Estimated seconds left. */
  secondsLeft: number;
}

/** Result of a year run. */
export interface YearResult {
  /** Metric sums of the whole year. */
  total: MetricsAccumulator;
  /** Metric sums of each day. */
  daily: MetricsAccumulator[];
  /** Days read back from Parquet instead of simulated. */
  resumedDays: number;
  /** Days whose Parquet file was corrupt, partial or from another run, and were recomputed. */
  recomputedDays: number[];
  /** Seconds of simulation in this run. */
  seconds: number;
}

/**
 * A fingerprint of everything that determines a day's numbers, so a day file
 * from another run (another seed, policy, scenario or size) is never trusted.
 *
 * @example
 * ```ts
 * import { runFingerprint } from "./year.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * import { parsePolicy } from "../sim/policy.ts";
 * const s = defaultScenario();
 * const a = runFingerprint(s, parsePolicy({ kind: "max-payment" }), 1, 1000);
 * if (a === runFingerprint(s, parsePolicy({ kind: "max-payment" }), 2, 1000)) throw new Error();
 * ```
 */
export function runFingerprint(
  scenario: Scenario,
  policy: Policy,
  seed: number,
  ordersPerDay: number,
): string {
  const text = JSON.stringify({ scenario, policy, seed, ordersPerDay, stats: STATS });
  let h1 = 0x811c9dc5, h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    h1 = mix32((h1 ^ text.charCodeAt(i)) >>> 0);
    h2 = mix32((h2 + text.charCodeAt(i) * 31) >>> 0);
  }
  return h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0");
}

/**
 * The path of a day's Parquet file (days numbered from 1 in file names).
 *
 * @example
 * ```ts
 * import { dayPath } from "./year.ts";
 * if (dayPath("out/year", 0) !== "out/year/day-001.parquet") throw new Error();
 * ```
 */
export function dayPath(outDir: string, day: number): string {
  return `${outDir}/day-${String(day + 1).padStart(3, "0")}.parquet`;
}

/**
 * The SHA-256 of a day's sums as stored (their IEEE-754 bytes), in hex: any
 * changed bit of any value changes it, unlike a weighted sum compared with a
 * tolerance.
 *
 * @example
 * ```ts
 * import { sumsDigest } from "./year.ts";
 * const a = new Float64Array([7e13, 1, 2]);
 * const b = Float64Array.from(a);
 * b[0] += 100_000; // a $100,000 change in a total of $7e13
 * if ((await sumsDigest(a)) === (await sumsDigest(b))) throw new Error("not detected");
 * if ((await sumsDigest(a)).length !== 64) throw new Error();
 * ```
 */
export async function sumsDigest(sums: Float64Array): Promise<string> {
  const bytes = new Uint8Array(sums.buffer, sums.byteOffset, sums.byteLength).slice();
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...hash].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The message of a file system error, with the path and what it means. */
function fsProblem(path: string, e: unknown, doing: string): YearOutputError {
  const why = e instanceof Deno.errors.AlreadyExists
    ? "a file of that name exists"
    : e instanceof Deno.errors.NotFound
    ? "a folder on the way does not exist"
    : e instanceof Deno.errors.NotADirectory
    ? "a part of the path is a file, not a folder"
    : e instanceof Deno.errors.PermissionDenied
    ? "permission denied"
    : e instanceof Deno.errors.IsADirectory
    ? "it is a directory"
    : (e as Error).message;
  return new YearOutputError(`--out ${path}: cannot ${doing} (${why})`);
}

/**
 * Makes the run's folder (and its parents), or throws a
 * {@linkcode YearOutputError} naming it when it is a file or cannot be
 * created.
 *
 * @example
 * ```ts
 * import { prepareOutDir, YearOutputError } from "./year.ts";
 * const file = await Deno.makeTempFile();
 * try { await prepareOutDir(file); throw new Error("accepted"); }
 * catch (e) { if (!(e instanceof YearOutputError) || !e.message.includes("is a file")) throw e; }
 * finally { await Deno.remove(file); }
 * ```
 */
export async function prepareOutDir(outDir: string): Promise<void> {
  let info: Deno.FileInfo | undefined;
  try {
    info = await Deno.stat(outDir);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw fsProblem(outDir, e, "use the folder");
  }
  if (info && !info.isDirectory) {
    throw new YearOutputError(
      `--out ${outDir}: is a file, not a folder for the daily Parquet files`,
    );
  }
  if (info) return;
  try {
    await Deno.mkdir(outDir, { recursive: true });
  } catch (e) {
    throw fsProblem(outDir, e, "create the folder");
  }
}

/**
 * Writes a day's sums as Parquet (one row per metric cell, one column per
 * statistic, plus the day, the run's fingerprint and the SHA-256 of the sums,
 * {@linkcode sumsDigest}), atomically: to a temporary file first, then
 * renamed, so a stop mid-write leaves no partial day file behind; a failed
 * write removes its temporary file and throws a {@linkcode YearOutputError}.
 *
 * @example
 * ```ts ignore
 * import { writeDay } from "./year.ts";
 * await writeDay("out/year", 0, sums, "0123abcd0123abcd");
 * ```
 */
export async function writeDay(
  outDir: string,
  day: number,
  sums: Float64Array,
  fingerprint: string,
): Promise<void> {
  const ns = STATS.length;
  const cells = sums.length / ns;
  const columns: Record<string, unknown> = {
    cell: Int32Array.from({ length: cells }, (_, c) => c),
  };
  STATS.forEach((name, s) => {
    columns[name] = Float64Array.from({ length: cells }, (_, c) => sums[c * ns + s]);
  });
  columns.day = new Int32Array(cells).fill(day);
  columns.fingerprint = new Array(cells).fill(fingerprint);
  columns.sha256 = new Array(cells).fill(await sumsDigest(sums));
  const path = dayPath(outDir, day);
  const tmp = `${path}.tmp-${Deno.pid}`;
  try {
    pl.DataFrame(columns).writeParquet(tmp);
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw fsProblem(path, e, `write day ${day + 1}`);
  }
}

/**
 * Reads a day's sums back, or null when the file is missing, "corrupt" when
 * it is unreadable, partial, from another run (fingerprint), or altered in
 * any bit (its SHA-256); a directory where the file should be is a
 * {@linkcode YearOutputError} (it is not the run's to remove).
 *
 * @example
 * ```ts ignore
 * import { readDay } from "./year.ts";
 * const sums = await readDay("out/year", 0, 486, "0123abcd0123abcd");
 * ```
 */
export async function readDay(
  outDir: string,
  day: number,
  cells: number,
  fingerprint: string,
): Promise<Float64Array | null | "corrupt"> {
  const path = dayPath(outDir, day);
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch {
    return null;
  }
  if (!info.isFile) {
    throw new YearOutputError(
      `--out ${outDir}: ${path} is a ${info.isDirectory ? "directory" : "special file"} where day ${
        day + 1
      }'s Parquet file should be; move it away and run again`,
    );
  }
  try {
    const df = pl.readParquet(path);
    if (df.height !== cells) return "corrupt";
    const ns = STATS.length;
    const sums = new Float64Array(cells * ns);
    STATS.forEach((name, s) => {
      const col = df.getColumn(name).toArray() as number[];
      for (let c = 0; c < cells; c++) sums[c * ns + s] = col[c];
    });
    const fp = df.getColumn("fingerprint").toArray();
    const days = df.getColumn("day").toArray();
    const digest = df.getColumn("sha256").toArray();
    if (fp[0] !== fingerprint || Number(days[0]) !== day) return "corrupt";
    if (digest[0] !== await sumsDigest(sums)) return "corrupt";
    return sums;
  } catch {
    return "corrupt";
  }
}

/**
 * Runs a year (or any number of days) under one policy.
 *
 * @example
 * ```ts
 * import { runYear } from "./year.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const r = await runYear({ scenario: defaultScenario(), policy: { kind: "max-payment" }, seed: 1,
 *   ordersPerDay: 300, days: 3, workers: 0 });
 * if (r.total.summarize([])[0].orders !== 900) throw new Error();
 * ```
 */
export async function runYear(options: YearOptions): Promise<YearResult> {
  const scenario = options.scenario;
  const ordersPerDay = options.ordersPerDay ?? 10_000_000;
  const days = options.days ?? 252;
  const workers = options.workers ?? 1;
  const chunkSize = options.chunkSize ?? 65_536;
  checkIntegers([
    ["ordersPerDay", ordersPerDay, 1],
    ["days", days, 1],
    ["workers", workers, 0],
    ["chunkSize", chunkSize, 1],
  ]);
  const policy = brokerPolicy(scenario, options.policy);
  const ids = scenario.venues.map((v) => v.id);
  const cells = new MetricsAccumulator(ids).sums.length / STATS.length;
  const fingerprint = runFingerprint(scenario, policy, options.seed, ordersPerDay);
  const daily: (Float64Array | null)[] = new Array(days).fill(null);
  const recomputedDays: number[] = [];
  let resumedDays = 0;
  if (options.outDir) {
    await prepareOutDir(options.outDir);
    for (let d = 0; d < days; d++) {
      const read = await readDay(options.outDir, d, cells, fingerprint);
      if (read === "corrupt") recomputedDays.push(d);
      else if (read) {
        daily[d] = read;
        resumedDays++;
      }
    }
  }
  const todo = daily.map((x, d) => (x ? -1 : d)).filter((d) => d >= 0);
  const started = performance.now();
  let ordersDone = 0;
  let daysDone = resumedDays;
  const finish = async (day: number, sums: Float64Array) => {
    daily[day] = sums;
    if (options.outDir) await writeDay(options.outDir, day, sums, fingerprint);
    ordersDone += ordersPerDay;
    daysDone++;
    const seconds = (performance.now() - started) / 1000;
    const rate = ordersDone / Math.max(seconds, 1e-9);
    options.onProgress?.({
      daysDone,
      days,
      ordersDone,
      ordersPerSecond: rate,
      secondsLeft: (days - daysDone) * ordersPerDay / rate,
    });
  };
  const task = (day: number): DayTask => ({
    scenario,
    policy,
    seed: options.seed,
    ordersPerDay,
    day,
    chunkSize,
  });
  if (workers === 0) {
    for (const d of todo) await finish(d, simulateDaySums(task(d)));
  } else {
    let next = 0;
    // A day's file is written while its worker already runs the next day: writing is off the
    // critical path. The first failure of a write is kept and thrown once the workers are done.
    const writes: Promise<void>[] = [];
    let writeFailure: unknown = null;
    const pool = Array.from(
      { length: Math.min(workers, todo.length) },
      () => new Worker(new URL("./_year_worker.ts", import.meta.url), { type: "module" }),
    );
    try {
      await Promise.all(pool.map((worker) =>
        new Promise<void>((resolve, reject) => {
          const send = () => {
            if (next >= todo.length) return resolve();
            worker.postMessage(task(todo[next++]));
          };
          worker.onmessage = (
            event: MessageEvent<{ day: number; sums?: Float64Array; error?: string }>,
          ) => {
            const { day, sums, error } = event.data;
            if (error || !sums) return reject(new Error(`day ${day + 1}: ${error}`));
            send();
            writes.push(finish(day, sums).catch((e) => void (writeFailure ??= e)));
          };
          worker.onerror = (e) => {
            e.preventDefault();
            reject(new Error(`worker failed: ${e.message}`));
          };
          send();
        })
      ));
    } finally {
      for (const w of pool) w.terminate();
      await Promise.all(writes);
    }
    if (writeFailure !== null) throw writeFailure;
  }
  // Merge in day order: the totals do not depend on which worker ran which day.
  const total = new MetricsAccumulator(ids);
  const perDay = daily.map((sums) => new MetricsAccumulator(ids, sums!));
  for (const acc of perDay) total.merge(acc);
  return {
    total,
    daily: perDay,
    resumedDays,
    recomputedDays,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Reads a finished (or partial) run back from its folder: the days found and
 * their merged totals, for reading without rerunning.
 *
 * @example
 * ```ts ignore
 * import { readYear } from "./year.ts";
 * const { days, total } = await readYear("out/year", venueIds, fingerprint);
 * ```
 */
export async function readYear(
  outDir: string,
  venueIds: string[],
  fingerprint: string,
  days = 252,
): Promise<{ days: number[]; total: MetricsAccumulator; daily: MetricsAccumulator[] }> {
  const cells = new MetricsAccumulator(venueIds).sums.length / STATS.length;
  const found: number[] = [];
  const daily: MetricsAccumulator[] = [];
  const total = new MetricsAccumulator(venueIds);
  for (let d = 0; d < days; d++) {
    const sums = await readDay(outDir, d, cells, fingerprint);
    if (sums && sums !== "corrupt") {
      found.push(d);
      const acc = new MetricsAccumulator(venueIds, sums);
      daily.push(acc);
      total.merge(acc);
    }
  }
  return { days: found, total, daily };
}
