/**
 * Legacy Rule 605 reports (the "11Ac1-5" layout of the Rule 605 NMS plan,
 * used until the 2024 amendments take effect): one record per market center,
 * month, symbol, order type and size, 26 fields separated by `|`, no header.
 * See `../shared/reference/disclosure-formats.md` §1 for the layout.
 *
 * Records are split line by line at `|`: the format has no quoting, so a
 * stray double quote spoils its own field and nothing else. Values that some
 * venues wrap in quotes or pad with spaces (MIAX Pearl) are unwrapped field
 * by field. A record with the wrong number of fields, text where a number
 * belongs, a number beyond a double's range, a negative number of shares or
 * time, an unknown order type or size code, or the same key (market center,
 * month, symbol, order type, size) as an earlier record is rejected with its
 * reasons (lenient mode) or makes strict mode throw; nothing is dropped
 * silently: `counts.read === counts.used + counts.rejected`.
 *
 * The invariants that hold on every record of a genuine file (Virtu, August
 * 2017, 31,802 records) are checked record by record, and a record that
 * breaks one is reported in `invariantBreaks` with its line. They are
 * properties of genuine files rather than rules of the format (the rule has
 * no time bucket past 30 minutes, for instance, so a market center whose
 * resting orders fill later breaks the first one honestly): such a record is
 * kept, in strict mode too.
 *
 * @module
 */
import {
  beginReading,
  DisclosureError,
  type Issue,
  readFileWith,
  type ReadOptions,
  type RowCounts,
} from "./errors.ts";
import { DECIMAL, DIGITS, fixed, outOfRange, shown, splitLines } from "./_text.ts";

/** The 26 fields, in file order. */
export const LEGACY605_FIELDS = [
  "participant",
  "marketCenter",
  "month",
  "symbol",
  "orderType",
  "sizeCode",
  "coveredOrders",
  "coveredShares",
  "cancelledShares",
  "executedHere",
  "executedAway",
  "executed0to9s",
  "executed10to29s",
  "executed30to59s",
  "executed60to299s",
  "executed5to30min",
  "realizedSpread",
  "effectiveSpread",
  "improvedShares",
  "improvementPerShare",
  "improvedSeconds",
  "atQuoteShares",
  "atQuoteSeconds",
  "outsideShares",
  "outsidePerShare",
  "outsideSeconds",
] as const;

/** Order type codes and their meaning. */
export const LEGACY605_ORDER_TYPES: Record<number, string> = {
  11: "market",
  12: "marketable limit",
  13: "inside-the-quote limit",
  14: "at-the-quote limit",
  15: "near-the-quote limit",
};

/** Order size codes and their share ranges (orders of 10,000 shares or more are not covered). */
export const LEGACY605_SIZE_CODES: Record<number, string> = {
  21: "100-499",
  22: "500-1999",
  23: "2000-4999",
  24: "5000-9999",
};

/** One record. Empty fields are `null` (fields 18-26 are empty for order types 13-15). */
export interface Legacy605Row {
  /** Line in the file (1-based). */
  line: number;
  /** Designated participant code (T = FINRA, ...). */
  participant: string;
  /** Market center code. */
  marketCenter: string;
  /** Report month, `yyyymm`. */
  month: string;
  /** Symbol. */
  symbol: string;
  /** Order type code, 11-15 ({@linkcode LEGACY605_ORDER_TYPES}). */
  orderType: number;
  /** Order size code, 21-24 ({@linkcode LEGACY605_SIZE_CODES}). */
  sizeCode: number;
  /** Number of covered orders. */
  coveredOrders: number;
  /** Cumulative shares of covered orders. */
  coveredShares: number;
  /** Shares cancelled before execution. */
  cancelledShares: number;
  /** Shares executed at the market center. */
  executedHere: number;
  /** Shares executed at other venues. */
  executedAway: number;
  /** Shares executed 0-9 seconds after receipt. */
  executed0to9s: number;
  /** Shares executed 10-29 s after receipt. */
  executed10to29s: number;
  /** Shares executed 30-59 s after receipt. */
  executed30to59s: number;
  /** Shares executed 60-299 s after receipt. */
  executed60to299s: number;
  /** Shares executed 5-30 minutes after receipt. */
  executed5to30min: number;
  /** Average realized spread (5 minutes after execution), $ per share. */
  realizedSpread: number | null;
  /** Average effective spread, $ per share. */
  effectiveSpread: number | null;
  /** Shares executed with price improvement. */
  improvedShares: number | null;
  /** Average price improvement of those shares, $ per share. */
  improvementPerShare: number | null;
  /** Average time to execution of those shares, s. */
  improvedSeconds: number | null;
  /** Shares executed at the quote. */
  atQuoteShares: number | null;
  /** Average time to execution of those shares, s. */
  atQuoteSeconds: number | null;
  /** Shares executed outside the quote. */
  outsideShares: number | null;
  /** Average amount outside the quote, $ per share. */
  outsidePerShare: number | null;
  /** Average time to execution of those shares, s. */
  outsideSeconds: number | null;
}

/** Options of {@linkcode readLegacy605}. */
export type Legacy605ReadOptions = ReadOptions;

/** A legacy Rule 605 file as read. */
export interface Legacy605Report {
  /** Where it was read from. */
  source: string;
  /** The records used. */
  rows: Legacy605Row[];
  /** Records read, used and rejected. */
  counts: RowCounts;
  /** Why records were rejected (one issue or more per rejected record). */
  rejected: Issue[];
  /** Records that break an invariant of genuine files (kept). */
  invariantBreaks: Issue[];
  /**
   * What is worth saying about the file as a whole: the legacy layout used
   * for a month from August 2026, when the amended rule's detailed report
   * replaced it (MIAX published its August 2026 report this way).
   */
  notes: Issue[];
}

/** First month reported in the amended layout (compliance date 2026-08-01). */
export const AMENDED605_FIRST_MONTH = 202608;

type Field = typeof LEGACY605_FIELDS[number];
const label = (i: number) => `field ${i + 1} (${LEGACY605_FIELDS[i]})`;
/** A field without the spaces and the one pair of double quotes some venues wrap it in. */
function unwrap(field: string): string {
  const s = field.trim();
  return s.length >= 2 && s[0] === '"' && s[s.length - 1] === '"' ? s.slice(1, -1).trim() : s;
}

/** Fields 7-16, 19, 22, 24: whole numbers of orders or shares. */
const COUNTS = new Set([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 18, 21, 23]);
/** Fields 21, 23, 26: times, seconds. */
const TIMES = new Set([20, 22, 25]);
/** Fields that may be empty. */
const OPTIONAL = new Set([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);

function readRecord(
  fields: string[],
  line: number,
  source: string,
): { row?: Legacy605Row; problems: Issue[] } {
  const problems: Issue[] = [];
  const issue = (i: number | null, message: string) =>
    problems.push({ source, line, field: i === null ? null : label(i), message });
  if (fields.length !== 26) {
    issue(null, `expected 26 fields separated by "|", found ${fields.length}`);
    return { problems };
  }
  for (let i = 0; i < 4; i++) if (fields[i] === "") issue(i, "empty");
  if (!/^\d{4}(0[1-9]|1[0-2])$/.test(fields[2]) && fields[2] !== "") {
    issue(2, `expected a month yyyymm, got ${shown(fields[2])}`);
  }
  const x: (number | null)[] = new Array(26).fill(null);
  for (let i = 4; i < 26; i++) {
    const s = fields[i];
    if (s === "") {
      if (!OPTIONAL.has(i)) issue(i, "empty");
      continue;
    }
    if (!DECIMAL.test(s)) {
      issue(i, `expected a number, got ${shown(s)}`);
      continue;
    }
    const v = Number(s);
    if (!Number.isFinite(v)) {
      issue(i, outOfRange("a number", s));
      continue;
    }
    x[i] = v;
    if (i === 4 && !LEGACY605_ORDER_TYPES[v]) issue(i, `unknown order type ${shown(s)} (11-15)`);
    else if (i === 5 && !LEGACY605_SIZE_CODES[v]) issue(i, `unknown size code ${shown(s)} (21-24)`);
    else if (COUNTS.has(i) && v < 0) issue(i, `negative number of shares or orders: ${s}`);
    else if (COUNTS.has(i) && !DIGITS.test(s)) issue(i, `expected a whole number, got ${shown(s)}`);
    else if (TIMES.has(i) && v < 0) issue(i, `negative time: ${s}`);
  }
  if (problems.length > 0) return { problems };
  const n = (i: number) => x[i] as number;
  return {
    problems,
    row: {
      line,
      participant: fields[0],
      marketCenter: fields[1],
      month: fields[2],
      symbol: fields[3],
      orderType: n(4),
      sizeCode: n(5),
      coveredOrders: n(6),
      coveredShares: n(7),
      cancelledShares: n(8),
      executedHere: n(9),
      executedAway: n(10),
      executed0to9s: n(11),
      executed10to29s: n(12),
      executed30to59s: n(13),
      executed60to299s: n(14),
      executed5to30min: n(15),
      realizedSpread: x[16],
      effectiveSpread: x[17],
      improvedShares: x[18],
      improvementPerShare: x[19],
      improvedSeconds: x[20],
      atQuoteShares: x[21],
      atQuoteSeconds: x[22],
      outsideShares: x[23],
      outsidePerShare: x[24],
      outsideSeconds: x[25],
    },
  };
}

/**
 * The invariants every genuine record satisfies; returns the broken ones.
 *
 * @example
 * ```ts
 * import { legacy605Invariants, readLegacy605 } from "./rule605_legacy.ts";
 * const text = "T|TVIRT|201708|A|12|21|438|53033|50933|2100|0|2100|0|0|0|0|" +
 *   "0.3653|0.0806|1166|0.0062|0.0|734|0.0|200|0.0440|0.0\n";
 * const row = readLegacy605(text).rows[0];
 * if (legacy605Invariants(row).length !== 0) throw new Error();
 * if (legacy605Invariants({ ...row, executed0to9s: 2000 }).length !== 1) throw new Error();
 * ```
 */
export function legacy605Invariants(row: Legacy605Row): string[] {
  const broken: string[] = [];
  const executed = row.executedHere + row.executedAway;
  const buckets = row.executed0to9s + row.executed10to29s + row.executed30to59s +
    row.executed60to299s + row.executed5to30min;
  if (executed !== buckets) {
    broken.push(
      `shares executed here and away (${executed}) differ from the sum of the time buckets ` +
        `(${buckets})`,
    );
  }
  if (row.coveredShares < row.cancelledShares + executed) {
    broken.push(
      `covered shares (${row.coveredShares}) are fewer than cancelled plus executed shares ` +
        `(${row.cancelledShares + executed})`,
    );
  }
  if (row.orderType <= 12) {
    const classified = (row.improvedShares ?? 0) + (row.atQuoteShares ?? 0) +
      (row.outsideShares ?? 0);
    if (classified !== executed) {
      broken.push(
        `shares improved, at and outside the quote (${classified}) differ from shares executed ` +
          `(${executed})`,
      );
    }
  } else {
    const filled = LEGACY605_FIELDS.slice(17).filter((f) => row[f] !== null);
    if (filled.length > 0) {
      broken.push(`fields ${filled.join(", ")} should be empty for order type ${row.orderType}`);
    }
  }
  return broken;
}

/**
 * Reads a legacy Rule 605 file's text (26 `|`-separated fields, no header).
 *
 * @example
 * ```ts
 * import { readLegacy605 } from "./rule605_legacy.ts";
 * const text = "T|TVIRT|201708|A|12|21|438|53033|50933|2100|0|2100|0|0|0|0|" +
 *   "0.3653|0.0806|1166|0.0062|0.0|734|0.0|200|0.0440|0.0\n" +
 *   "T|TVIRT|201708|A|11|21|1|-300|300|0|0|0|0|0|0|0|0.0000|0.0000|0|0.0000|0.0|0|0.0|0|0.0000|0.0\n";
 * const r = readLegacy605(text, { source: "demo.txt" });
 * if (r.counts.read !== 2 || r.counts.used !== 1 || r.counts.rejected !== 1) throw new Error();
 * if (!r.rejected[0].message.includes("negative")) throw new Error();
 * if (r.rows[0].effectiveSpread !== 0.0806) throw new Error();
 * ```
 */
export function readLegacy605(text: string, options: ReadOptions = {}): Legacy605Report {
  const { source, counts, rejected } = beginReading(text, options);
  const rows: Legacy605Row[] = [];
  const invariantBreaks: Issue[] = [];
  const keys = new Map<string, number>();
  const use = (record: string[], line: number) => {
    counts.read++;
    const { row, problems } = readRecord(record, line, source);
    if (row) {
      const key = `${row.marketCenter}|${row.month}|${row.symbol}|${row.orderType}|${row.sizeCode}`;
      const first = keys.get(key);
      if (first !== undefined) {
        problems.push({
          source,
          line,
          field: null,
          message: `duplicate record: ${shown(key)} repeats line ${first}`,
        });
      } else keys.set(key, line);
    }
    if (!row || problems.length > 0) {
      counts.rejected++;
      rejected.push(...problems);
      return;
    }
    counts.used++;
    rows.push(row);
    for (const message of legacy605Invariants(row)) {
      invariantBreaks.push({ source, line: row.line, field: null, message });
    }
  };
  for (const [record, line] of splitLines(text)) {
    use(record.split("|").map(unwrap), line);
  }
  if (counts.read === 0) {
    throw new DisclosureError([{
      source,
      line: 1,
      field: null,
      message: "no records: the file is empty",
    }]);
  }
  if (options.strict && rejected.length > 0) throw new DisclosureError(rejected);
  const notes: Issue[] = [];
  const late = rows.find((r) => Number(r.month) >= AMENDED605_FIRST_MONTH);
  if (late) {
    notes.push({
      source,
      line: late.line,
      field: label(2),
      message: `legacy layout for month ${late.month}, on or after the amended Rule 605's ` +
        `first reporting month ${AMENDED605_FIRST_MONTH}: this market center still publishes ` +
        `the old 26-field report instead of the amended detailed report`,
    });
  }
  return { source, rows, counts, rejected, invariantBreaks, notes };
}

/**
 * Reads a legacy Rule 605 file (see {@linkcode readLegacy605}).
 *
 * @example
 * ```ts ignore
 * import { readLegacy605File } from "./rule605_legacy.ts";
 * const virtu = await readLegacy605File("../shared/data/real/rule605/VIRTU0817.txt");
 * console.log(virtu.counts); // { read: 31802, used: 31802, rejected: 0 }
 * ```
 */
export async function readLegacy605File(
  path: string,
  options: Omit<ReadOptions, "source"> = {},
): Promise<Legacy605Report> {
  return await readFileWith(path, options, readLegacy605);
}

/** Decimals written for each numeric field (whole numbers elsewhere). */
const DECIMALS: Partial<Record<Field, number>> = {
  realizedSpread: 4,
  effectiveSpread: 4,
  improvementPerShare: 4,
  outsidePerShare: 4,
  improvedSeconds: 1,
  atQuoteSeconds: 1,
  outsideSeconds: 1,
};

/**
 * Writes records in the legacy layout: 26 `|`-separated fields, no header,
 * LF line ends; dollar amounts with four decimals, times with one, empty
 * fields for `null`.
 *
 * @example
 * ```ts
 * import { readLegacy605, writeLegacy605 } from "./rule605_legacy.ts";
 * const line = "T|TVIRT|201708|A|13|21|49|7496|7496|0|0|0|0|0|0|0|0.0000|||||||||";
 * const rows = readLegacy605(line + "\n").rows;
 * if (writeLegacy605(rows) !== line + "\n") throw new Error(writeLegacy605(rows));
 * ```
 */
export function writeLegacy605(rows: Legacy605Row[]): string {
  const out: string[] = [];
  for (const row of rows) {
    out.push(
      LEGACY605_FIELDS.map((f) => {
        const v = row[f];
        if (v === null) return "";
        if (typeof v === "string") return v;
        if (!Number.isFinite(v)) {
          throw new RangeError(`line ${row.line}: ${f}: expected a finite number, got ${v}`);
        }
        const d = DECIMALS[f];
        if (d === undefined) return fixed(Math.round(v), 0);
        // Genuine files write "-0.0000" for small negative amounts: keep the sign.
        return Object.is(v, -0) ? `-${(0).toFixed(d)}` : v.toFixed(d);
      }).join("|"),
    );
  }
  return out.length > 0 ? out.join("\n") + "\n" : "";
}
