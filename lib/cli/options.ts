/**
 * What every command of the command line shares on the way in: the usage
 * text, the usage error (exit code 2), strict option parsing, and the parsers
 * of integers, lists, numbers, dollar ranges and policy specifications.
 *
 * @module
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { parsePolicy, type Policy, POLICY_KINDS } from "../sim/policy.ts";
import { DISCLOSURE_COMMANDS } from "../disclosures/cli.ts";

/** The largest seed: seeds are 32-bit (a larger one would repeat a smaller one's streams). */
export const MAX_SEED = 2 ** 32 - 1;
/** The most orders a replication of `simulate` or `compare` may have (`year` runs more, by days). */
export const MAX_ORDERS = 1_000_000_000;
/** The most replications: every replication's rows are kept for the intervals. */
export const MAX_REPLICATIONS = 10_000;
/** The most orders x replications x policies one `simulate` or `compare` may run (hours at most). */
export const MAX_WORK = 1e10;

const thousands = (n: number) => n.toLocaleString("en-US");

/** The usage text, printed by `--help` and after every usage error. */
export const USAGE = `Usage:
  deno task cli simulate [options]   metrics of each policy, on the same orders
  deno task cli compare [options]    the same, plus each policy's difference from the first
${DISCLOSURE_COMMANDS}
  deno task cli brokers [--format table|json]   list the broker profiles (data/brokers.json)

  deno task cli validate [--orders N] [--seeds S,S,...] [--format table|json]
                                     the calibrated model beside every published finding
                                     (data/calibration/evidence.json): fit targets, then validation,
                                     each with the model's mean and 95% interval across the seeds,
                                     inside or not, and why (defaults: 12000 orders, seeds 1-8)

  deno task cli year [--policy P (default scorecard)] [--orders-per-day N] [--days D] [--workers W]
                     [--seed S] [--scenario FILE] [--format table|json] [--quiet] --out DIR
                                     a year of flow in daily Parquet shards (resumes a stopped run;
                                     each day file checked by its SHA-256); --workers defaults to
                                     the machine's cores (navigator.hardwareConcurrency)

Options:
  --policy P         one or more policies separated by commas, each KIND or KIND:key=value:...
                     kinds: ${POLICY_KINDS.join(", ")}
                     (simulate default: scorecard,best-execution,max-payment, or with --broker
                      the broker's own routing; compare default: scorecard,best-execution,auction,
                      cap,ban,hybrid)
                     e.g. --policy auction:bidders=8:exposureMs=50,cap:cap=0.001
  --weight W         payment weight of the balanced policy, 0..1 (default 0.3)
  --bidders N        bidders in each auction (auction, hybrid; default 5)
  --exposure-ms T    how long each order is exposed to the auction, ms (default 100)
  --cap C            the most a venue may pay per share, $ (cap, hybrid; default 0.001)
  --auction-share S  share of marketable orders sent to the auction (hybrid; default 0.5)
  --commission C     commission per order, $ (ban, commission; default 0 and 4.95)
  --monthly-fee F    subscription fee per month, $ (subscription; default 10)
  --venue ID         the venue of directed orders (directed)
  --orders N         retail orders per replication (default 100000, at most ${
  thousands(MAX_ORDERS)
};
                     run in chunks of a million, so memory stays bounded)
  --seed S           seed of every random stream, 0 to ${MAX_SEED} (default 1)
  --replications R   independent replications; R >= 2 adds 95% intervals (default 1, at most
                     ${thousands(MAX_REPLICATIONS)}; orders x replications x policies at most ${
  thousands(MAX_WORK)
})
  --quiet            no progress line on standard error (shown for long runs)
  --by DIMS          group by venue, type, sizeBucket and/or tier, comma separated; or venue-kind
                     (wholesaler, exchange, dark, auction, affiliated)
  --types T          order types to include: market, marketableLimit, nonMarketableLimit
                     (default: market,marketableLimit - the orders Rule 605 covers)
  --scenario FILE    a scenario JSON file (default: the calibrated US 2022 market, data/calibration/)
  --broker ID        one broker's world (deno task cli brokers lists them); the default policy is
                     the broker's own routing
  --notional LO-HI   only orders of LO to HI dollars at arrival (e.g. 100-5000)
  --format F         table | json | csv (default table)
  -h, --help         this help

Ctrl-C or a TERM signal stops a run at once (deno task passes them on; a year run resumes from
its last finished day); a command also stops within a second when the process that started it
(deno task) is killed outright.
`;

/** A usage error: the command line was wrong (exit code 2). */
export class UsageError extends Error {
  /** Builds the error. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Parses a command's options strictly (no positionals); a bad flag is a
 * usage error.
 *
 * @example
 * ```ts
 * import { parseOptions, UsageError } from "./options.ts";
 * const { values } = parseOptions(["--orders=5"], { orders: { type: "string", default: "1" } });
 * if (values.orders !== "5") throw new Error();
 * try { parseOptions(["--nope"], {}); throw new Error("accepted"); }
 * catch (e) { if (!(e instanceof UsageError)) throw e; }
 * ```
 */
export function parseOptions<const O extends ParseArgsOptionsConfig>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/**
 * Parses option `--name`'s text as an integer of at least `min`.
 *
 * @example
 * ```ts
 * import { integer } from "./options.ts";
 * if (integer("orders", "1000", 1) !== 1000) throw new Error();
 * try { integer("orders", "0", 1); throw new Error("accepted"); }
 * catch (e) { if (!(e as Error).message.startsWith("--orders: expected an integer >= 1")) throw e; }
 * ```
 */
export function integer(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${name}: expected an integer >= ${min}, got "${text}"`);
  }
  return n;
}

/**
 * Parses option `--name`'s text as an integer between `min` and `max`; a
 * value above `max` is refused with `why` (what the limit protects).
 *
 * @example
 * ```ts
 * import { boundedInteger } from "./options.ts";
 * if (boundedInteger("replications", "20", 1, 100, "kept in memory") !== 20) throw new Error();
 * try { boundedInteger("replications", "101", 1, 100, "kept in memory"); throw new Error("accepted"); }
 * catch (e) {
 *   if ((e as Error).message !== '--replications: at most 100 (kept in memory), got "101"') throw e;
 * }
 * ```
 */
export function boundedInteger(
  name: string,
  text: string,
  min: number,
  max: number,
  why: string,
): number {
  const n = integer(name, text, min);
  if (n > max) {
    throw new UsageError(
      `--${name}: at most ${max.toLocaleString("en-US")} (${why}), got "${text}"`,
    );
  }
  return n;
}

/**
 * Parses a seed (option `--name`): an integer from 0 to {@linkcode MAX_SEED}.
 * The streams are keyed by 32 bits, so a larger seed is refused rather than
 * quietly repeating a smaller one's numbers.
 *
 * @example
 * ```ts
 * import { seedOption } from "./options.ts";
 * if (seedOption("seed", "4294967295") !== 4294967295) throw new Error();
 * try { seedOption("seed", "6556940916"); throw new Error("accepted"); }
 * catch (e) { if (!(e as Error).message.startsWith("--seed: at most 4,294,967,295")) throw e; }
 * ```
 */
export function seedOption(name: string, text: string): number {
  return boundedInteger(
    name,
    text,
    0,
    MAX_SEED,
    "seeds are 32-bit; a larger one would give a smaller one's numbers",
  );
}

/**
 * Parses option `--name`'s comma-separated text into values among `allowed`
 * (at least one).
 *
 * @example
 * ```ts
 * import { list } from "./options.ts";
 * const by = list("by", "venue, tier", ["venue", "type", "tier"] as const);
 * if (by.join() !== "venue,tier") throw new Error();
 * try { list("by", "colour", ["venue"] as const); throw new Error("accepted"); }
 * catch (e) { if (!(e as Error).message.includes('unknown value "colour"')) throw e; }
 * ```
 */
export function list<T extends string>(name: string, text: string, allowed: readonly T[]): T[] {
  const items = text.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  for (const item of items) {
    if (!allowed.includes(item as T)) {
      throw new UsageError(`--${name}: unknown value "${item}" (expected ${allowed.join(", ")})`);
    }
  }
  if (items.length === 0) throw new UsageError(`--${name}: expected at least one value`);
  return items as T[];
}

/**
 * The one value of option `--format` among `allowed`.
 *
 * @example
 * ```ts
 * import { formatOption } from "./options.ts";
 * if (formatOption("json", ["table", "json"] as const) !== "json") throw new Error();
 * try { formatOption("json,table", ["table", "json"] as const); throw new Error("accepted"); }
 * catch (e) { if (!(e as Error).message.includes("expected one value")) throw e; }
 * ```
 */
export function formatOption<T extends string>(text: string, allowed: readonly T[]): T {
  const fmt = list("format", text, allowed);
  if (fmt.length !== 1) throw new UsageError("--format: expected one value");
  return fmt[0];
}

/**
 * Parses option `--name`'s text as a finite number (undefined when absent).
 *
 * @example
 * ```ts
 * import { numberOption } from "./options.ts";
 * if (numberOption("cap", "0.002") !== 0.002 || numberOption("cap", undefined) !== undefined) {
 *   throw new Error();
 * }
 * ```
 */
export function numberOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n)) {
    throw new UsageError(`--${name}: expected a number, got "${text}"`);
  }
  return n;
}

/**
 * Parses `LO-HI` dollars (option `--notional`) into a notional range.
 *
 * @example
 * ```ts
 * import { notionalRange } from "./options.ts";
 * const [lo, hi] = notionalRange("100-5000");
 * if (lo !== 100 || hi !== 5000) throw new Error();
 * ```
 */
export function notionalRange(text: string): [number, number] {
  const m = /^\s*([0-9.eE+]+)\s*-\s*([0-9.eE+]+)\s*$/.exec(text);
  const lo = m ? Number(m[1]) : NaN, hi = m ? Number(m[2]) : NaN;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo >= 0 && hi >= lo)) {
    throw new UsageError(`--notional: expected LO-HI in dollars with 0 <= LO <= HI, got "${text}"`);
  }
  return [lo, hi];
}

/** The policy parameters each kind takes from the command line's own options. */
const POLICY_KEYS: Record<string, string[]> = {
  balanced: ["paymentWeight"],
  disclosure: ["paymentWeight"],
  auction: ["bidders", "exposureMs"],
  cap: ["cap"],
  ban: ["commissionPerOrder"],
  commission: ["commissionPerOrder", "commissionPerShare"],
  subscription: ["monthlyFee"],
  directed: ["venue"],
  hybrid: ["cap", "auctionShare", "bidders", "exposureMs"],
};

/**
 * Parses `KIND[:key=value...]` into a policy, applying the command line's
 * defaults (the values of `--weight`, `--bidders`, `--cap` and the like).
 *
 * @example
 * ```ts
 * import { policyFromSpec } from "./options.ts";
 * const p = policyFromSpec("auction:exposureMs=50", { bidders: 8 });
 * if (p.kind !== "auction" || p.bidders !== 8 || p.exposureMs !== 50) throw new Error();
 * ```
 */
export function policyFromSpec(spec: string, defaults: Record<string, unknown>): Policy {
  const [kind, ...pairs] = spec.split(":").map((x) => x.trim());
  if (!POLICY_KINDS.includes(kind as typeof POLICY_KINDS[number])) {
    throw new UsageError(
      `--policy: unknown policy "${kind}" (expected ${POLICY_KINDS.join(", ")})`,
    );
  }
  const value: Record<string, unknown> = { kind };
  for (const key of POLICY_KEYS[kind] ?? []) {
    if (defaults[key] !== undefined) value[key] = defaults[key];
  }
  for (const pair of pairs) {
    const [key, raw] = pair.split("=");
    if (!key || raw === undefined) {
      throw new UsageError(`--policy: expected key=value in "${spec}", got "${pair}"`);
    }
    const n = Number(raw);
    value[key] = raw.trim() !== "" && Number.isFinite(n) ? n : raw;
  }
  try {
    return parsePolicy(value, `--policy ${spec}`);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
