/**
 * The amended Rule 605 detailed report (Rule 605(a)(1) as amended in 2024,
 * in force from the August 2026 reports): one record per reporting entity,
 * month, symbol, lot-size flag, notional size category and order type, 55
 * fields separated by `|`, with a header row. See
 * `../shared/reference/disclosure-formats.md` §2.1 for the layout.
 *
 * Reading follows the other readers: every record is checked (the number of
 * fields, codes, numbers, numbers beyond a double's range, negative shares,
 * counts or times, a key repeated), a bad record is rejected with its
 * reasons (lenient) or makes strict mode throw; `counts.read ===
 * counts.used + counts.rejected`. Invariants of consistent records (shares
 * covered at least cancelled plus executed; the time buckets adding up to
 * the shares executed; price-improved, at-the-quote and outside-the-quote
 * shares adding up to them for market and marketable orders) are reported
 * in `invariantBreaks`, record kept.
 *
 * The published files' quirks are handled and said (`notes`), never silently:
 *
 * - percentages written in percent points instead of fractions (Cboe writes
 *   `AvgEFQPct` as 31.4 where the specification and IEX write 0.314): each
 *   percentage column is compared with the dollar figures it derives from
 *   (an effective spread % with the effective spread over the midpoint, E/Q
 *   with the effective over the quoted spread); a column written in percent
 *   points is divided by 100, with a note;
 * - placeholder values (some market-order rows carry a notional of about
 *   $0.0001 or $999,999.99 a share, or such a midpoint): read as "no data"
 *   (`null`), with a note naming the line;
 * - effective spreads above 100% of the midpoint: kept as published, with a
 *   note naming the line;
 * - a market center publishing the legacy 26-field layout after August 2026
 *   is detected by {@linkcode import("./detect.ts").detectLayout} and the
 *   legacy reader's `notes`.
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
import {
  amendedRecords,
  DIGITS,
  finiteOrReason,
  fixed,
  shown,
  splitLines,
  trimmedDecimals,
} from "./_text.ts";

/** The 55 fields, in file order (the header row reads exactly these names). */
export const DETAILED605_FIELDS = [
  "DsgntParticipant",
  "RprtEntityCd",
  "RptDate",
  "Symbol",
  "LotSizeFlag",
  "OrderSize",
  "OrderType",
  "CvrdOrderCnt",
  "CvrdOrderSize",
  "CvrdOrderQty",
  "CvrdOrderCnclQty",
  "CvrdOrderExctdQty",
  "CvrdOrderExctdAwayQty",
  "CvrdOrderQtyto100microsec",
  "CvrdOrderQtyto1millisec",
  "CvrdOrderQtyto10millisec",
  "CvrdOrderQtyto1sec",
  "CvrdOrderQtyto10sec",
  "CvrdOrderQtyto30sec",
  "CvrdOrderQtyto5min",
  "CvrdOrderQtyOthr",
  "AvgRealSprd50millisec",
  "AvgRealSprdPct50millisec",
  "AvgRealSprd1sec",
  "AvgRealSprdPct1sec",
  "AvgRealSprd15sec",
  "AvgRealSprdPct15sec",
  "AvgRealSprd1min",
  "AvgRealSprdPct1min",
  "AvgRealSprd5min",
  "AvgRealSprdPct5min",
  "ExctdOrderMidPtAvg",
  "ExctdOrderAvgQuotSprd",
  "AvgEffctvSprd",
  "AvgEffctvSprdPct",
  "AvgEFQPct",
  "ExctdPIOrdersQty",
  "ExctdPIOrdWghtdAvgAmtPerShare",
  "ExctdPIOrdWghtdAvgTime",
  "ExctdOrderAtQuotQty",
  "ExctdAtQuotOrdWghtdAvgTime",
  "ExctdOrderOutQuotQty",
  "ExctdOutQuotOrdWghtdAvgAmt",
  "ExctdOutQuotOrdWghtdAvgTime",
  "ExctdPIOrderRltvBestPrQty",
  "ExctdPIOrderRltvBestPrWghtdAvg",
  "ExctdOrderAtBestPrQty",
  "ExctdOrderOutBestPrQty",
  "ExctdOrderOutBestPrWghtdAvgAmt",
  "ExctdOrderSizeBnchmrkQty",
  "ExctdSIOutsizedQty",
  "FilledOrderCnt",
  "RegExctdOrderQty",
  "RegExctdOrderOnXchngQty",
  "FilledOrderWghtdAvgTime",
] as const;

/** A numeric field of the detailed report (fields 8-55). */
export type Detailed605Number = Exclude<
  typeof DETAILED605_FIELDS[number],
  | "DsgntParticipant"
  | "RprtEntityCd"
  | "RptDate"
  | "Symbol"
  | "LotSizeFlag"
  | "OrderSize"
  | "OrderType"
>;
/** The numeric fields, in file order. */
export const DETAILED605_NUMBERS = DETAILED605_FIELDS.slice(
  7,
) as unknown as readonly Detailed605Number[];

/** Notional order size codes of the detailed report (USD): `0` under $250 ... `200000` $200k or more. */
export const DETAILED605_ORDER_SIZES = [0, 250, 1000, 5000, 10000, 20000, 50000, 200000] as const;

/**
 * Order type codes (five characters: M/L, marketable Y/N/X, midpoint or
 * better Y/N/X, IOC, stop) and their meaning.
 */
export const DETAILED605_ORDER_TYPES: Record<string, string> = {
  MXXNN: "market",
  LYNNN: "marketable limit",
  LYNYN: "marketable limit IOC",
  LNYNN: "midpoint-or-better limit",
  LNYYN: "midpoint-or-better limit IOC",
  LNNNN: "executable non-marketable limit",
  LNNYN: "executable non-marketable limit IOC",
  MXXNY: "executable stop market",
  LYNNY: "executable stop marketable limit",
  LNNNY: "executable stop non-marketable limit",
};

/** Order types whose executions are classed against the quote (market and marketable). */
export const DETAILED605_MARKETABLE = new Set(["MXXNN", "LYNNN", "LYNYN", "MXXNY", "LYNNY"]);

/** One record; a number is `null` where the field is empty (no data) or a placeholder. */
export type Detailed605Row = {
  /** Line in the file (1-based; the header is line 1). */
  line: number;
  /** Designated participant code. */
  DsgntParticipant: string;
  /** Reporting market center, broker or dealer code. */
  RprtEntityCd: string;
  /** Month, `yyyymm`. */
  RptDate: number;
  /** Symbol. */
  Symbol: string;
  /** Lot-size flag (`ROUND` seen in genuine files; odd-lot and fractional tokens vary). */
  LotSizeFlag: string;
  /** Notional size code ({@linkcode DETAILED605_ORDER_SIZES}). */
  OrderSize: number;
  /** Order type code ({@linkcode DETAILED605_ORDER_TYPES}). */
  OrderType: string;
} & Record<Detailed605Number, number | null>;

/** A detailed report as read. */
export interface Detailed605Report {
  /** Where it was read from. */
  source: string;
  /** The records used. */
  rows: Detailed605Row[];
  /** Records read, used and rejected. */
  counts: RowCounts;
  /** Why records were rejected (one issue or more per rejected record). */
  rejected: Issue[];
  /** Records that break an invariant of consistent reports (kept). */
  invariantBreaks: Issue[];
  /** The published quirks found and how they were read (see the module doc). */
  notes: Issue[];
}

type N = Detailed605Number;
const WHOLE = new Set<N>(["CvrdOrderCnt", "FilledOrderCnt"]);
const REQUIRED = new Set<N>([
  "CvrdOrderCnt",
  "CvrdOrderSize",
  "CvrdOrderQty",
  "CvrdOrderCnclQty",
  "CvrdOrderExctdQty",
  "CvrdOrderExctdAwayQty",
]);
/** Fields that may be negative (spreads, and amounts relative to a price). */
const SIGNED = new Set<N>([
  ...DETAILED605_NUMBERS.filter((f) => f.startsWith("AvgRealSprd")),
  "AvgEffctvSprd",
  "AvgEffctvSprdPct",
  "AvgEFQPct",
  "ExctdPIOrderRltvBestPrWghtdAvg",
  "ExctdOrderOutBestPrWghtdAvgAmt",
]);
/** Time buckets of executed shares, in order. */
export const DETAILED605_TIME_BUCKETS: readonly N[] = [
  "CvrdOrderQtyto100microsec",
  "CvrdOrderQtyto1millisec",
  "CvrdOrderQtyto10millisec",
  "CvrdOrderQtyto1sec",
  "CvrdOrderQtyto10sec",
  "CvrdOrderQtyto30sec",
  "CvrdOrderQtyto5min",
  "CvrdOrderQtyOthr",
];
/** Realized-spread horizons: the $ field and its percentage. */
const REALIZED: [N, N][] = [
  ["AvgRealSprd50millisec", "AvgRealSprdPct50millisec"],
  ["AvgRealSprd1sec", "AvgRealSprdPct1sec"],
  ["AvgRealSprd15sec", "AvgRealSprdPct15sec"],
  ["AvgRealSprd1min", "AvgRealSprdPct1min"],
  ["AvgRealSprd5min", "AvgRealSprdPct5min"],
];
/** Notional a share below or above which a value is a placeholder, $. */
const PLACEHOLDER_LOW = 0.001;
const PLACEHOLDER_HIGH = 999_999;

const col = (f: string) => `field ${DETAILED605_FIELDS.indexOf(f as N) + 1} (${f})`;

function readRecord(
  fields: string[],
  line: number,
  source: string,
): { row?: Detailed605Row; problems: Issue[] } {
  const problems: Issue[] = [];
  const issue = (field: string | null, message: string) =>
    problems.push({ source, line, field: field === null ? null : col(field), message });
  if (fields.length !== DETAILED605_FIELDS.length) {
    issue(
      null,
      `expected ${DETAILED605_FIELDS.length} fields separated by "|", found ${fields.length}`,
    );
    return { problems };
  }
  const [dp, entity, date, symbol, lot, size, type] = fields;
  if (!/^[A-Z0-9]+$/.test(dp)) issue("DsgntParticipant", `expected capitals, got ${shown(dp)}`);
  if (!/^[A-Z0-9]+$/.test(entity)) issue("RprtEntityCd", `expected capitals, got ${shown(entity)}`);
  if (!/^\d{4}(0[1-9]|1[0-2])$/.test(date)) {
    issue("RptDate", `expected a month yyyymm, got ${shown(date)}`);
  }
  if (symbol === "") issue("Symbol", "empty");
  if (!/^[A-Z]+$/.test(lot)) issue("LotSizeFlag", `expected a flag in capitals, got ${shown(lot)}`);
  if (
    !(DETAILED605_ORDER_SIZES as readonly number[]).includes(Number(size)) ||
    String(Number(size)) !== size
  ) {
    issue("OrderSize", `expected one of ${DETAILED605_ORDER_SIZES.join(", ")}, got ${shown(size)}`);
  }
  if (!DETAILED605_ORDER_TYPES[type]) {
    issue("OrderType", `unknown order type ${shown(type)} (MXXNN, LYNNN, ...)`);
  }
  const values = {} as Record<N, number | null>;
  DETAILED605_NUMBERS.forEach((name, k) => {
    const s = fields[7 + k];
    const { value, problem } = finiteOrReason(s);
    values[name] = null;
    if (problem) return issue(name, problem);
    if (value === null) {
      if (REQUIRED.has(name)) issue(name, "empty");
      return;
    }
    if (value < 0 && !SIGNED.has(name)) return issue(name, `negative value ${s}`);
    if (WHOLE.has(name) && !DIGITS.test(s)) {
      return issue(name, `expected a whole number, got ${shown(s)}`);
    }
    values[name] = value;
  });
  if (problems.length > 0) return { problems };
  return {
    problems,
    row: {
      line,
      DsgntParticipant: dp,
      RprtEntityCd: entity,
      RptDate: Number(date),
      Symbol: symbol,
      LotSizeFlag: lot,
      OrderSize: Number(size),
      OrderType: type,
      ...values,
    },
  };
}

/**
 * The invariants of a consistent record; returns the broken ones.
 *
 * @example
 * ```ts
 * import { detailed605Invariants, type Detailed605Row } from "./rule605_detailed.ts";
 * const row = { CvrdOrderQty: 100, CvrdOrderCnclQty: 0, CvrdOrderExctdQty: 100,
 *   CvrdOrderExctdAwayQty: 0, CvrdOrderQtyto1millisec: 100, OrderType: "MXXNN",
 *   ExctdPIOrdersQty: 60, ExctdOrderAtQuotQty: 40, ExctdOrderOutQuotQty: 0 } as Detailed605Row;
 * if (detailed605Invariants(row).length !== 0) throw new Error();
 * if (detailed605Invariants({ ...row, ExctdPIOrdersQty: 50 }).length !== 1) throw new Error();
 * ```
 */
export function detailed605Invariants(row: Detailed605Row): string[] {
  const broken: string[] = [];
  const executed = (row.CvrdOrderExctdQty ?? 0) + (row.CvrdOrderExctdAwayQty ?? 0);
  const tol = 1e-6 * (1 + executed);
  if ((row.CvrdOrderQty ?? 0) + tol < (row.CvrdOrderCnclQty ?? 0) + executed) {
    broken.push(
      `covered shares (${row.CvrdOrderQty}) are fewer than cancelled plus executed shares ` +
        `(${(row.CvrdOrderCnclQty ?? 0) + executed})`,
    );
  }
  const bucketed = DETAILED605_TIME_BUCKETS.map((b) => row[b]);
  if (bucketed.some((x) => x !== null && x !== undefined)) {
    const sum = bucketed.reduce((s: number, x) => s + (x ?? 0), 0);
    if (Math.abs(sum - executed) > tol) {
      broken.push(
        `shares executed here and away (${executed}) differ from the sum of the time buckets (${sum})`,
      );
    }
  }
  if (DETAILED605_MARKETABLE.has(row.OrderType)) {
    const parts = [row.ExctdPIOrdersQty, row.ExctdOrderAtQuotQty, row.ExctdOrderOutQuotQty];
    if (parts.some((x) => x !== null && x !== undefined)) {
      const classified = parts.reduce((s: number, x) => s + (x ?? 0), 0);
      if (Math.abs(classified - executed) > tol) {
        broken.push(
          `shares improved, at and outside the quote (${classified}) differ from shares ` +
            `executed (${executed})`,
        );
      }
    }
  }
  return broken;
}

/** Median of the finite ratios, or NaN when there is none. */
function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/**
 * Finds the percentage columns written in percent points and divides them by
 * 100 (each column judged against the dollar figures it derives from, on
 * the records with both); returns the notes.
 */
function fractions(rows: Detailed605Row[], source: string): Issue[] {
  const notes: Issue[] = [];
  const checks: [N, (r: Detailed605Row) => number | null][] = [
    ["AvgEffctvSprdPct", (r) => ratio(r.AvgEffctvSprd, r.ExctdOrderMidPtAvg)],
    ["AvgEFQPct", (r) => ratio(r.AvgEffctvSprd, r.ExctdOrderAvgQuotSprd)],
    ...REALIZED.map(([usd, pct]) =>
      [pct, (r: Detailed605Row) => ratio(r[usd], r.ExctdOrderMidPtAvg)] as [
        N,
        (r: Detailed605Row) => number | null,
      ]
    ),
  ];
  for (const [pct, expected] of checks) {
    const ratios: number[] = [];
    for (const r of rows) {
      const e = expected(r), p = r[pct];
      if (e !== null && p !== null && e !== 0 && p !== 0) ratios.push(p / e);
    }
    const m = median(ratios);
    if (ratios.length > 0 && m > 10 && m < 1000) {
      for (const r of rows) if (r[pct] !== null) r[pct] = r[pct]! / 100;
      notes.push({
        source,
        line: null,
        field: pct,
        message: `written in percent points (median ${fixed(m, 1)} times the fraction its ` +
          `dollar figures give, on ${ratios.length} records): divided by 100`,
      });
    }
  }
  return notes;
}

function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

/** Placeholder values of one record become null; returns the notes. */
function placeholders(row: Detailed605Row, source: string): Issue[] {
  const notes: Issue[] = [];
  const note = (field: N, message: string) =>
    notes.push({ source, line: row.line, field: col(field), message });
  const perShare = ratio(row.CvrdOrderSize, row.CvrdOrderQty);
  if (perShare !== null && row.CvrdOrderSize! > 0) {
    if (perShare < PLACEHOLDER_LOW || perShare >= PLACEHOLDER_HIGH) {
      note(
        "CvrdOrderSize",
        `placeholder notional ($${perShare.toPrecision(6)} a share): read as no data`,
      );
      row.CvrdOrderSize = null;
    }
  }
  const mid = row.ExctdOrderMidPtAvg;
  if (mid !== null && mid > 0 && (mid < PLACEHOLDER_LOW || mid >= PLACEHOLDER_HIGH)) {
    note("ExctdOrderMidPtAvg", `placeholder midpoint $${mid}: read as no data`);
    row.ExctdOrderMidPtAvg = null;
  }
  return notes;
}

/**
 * Reads a detailed report's text (header row, then records).
 *
 * @example
 * ```ts
 * import { DETAILED605_FIELDS, readDetailed605 } from "./rule605_detailed.ts";
 * const values = ["Z", "BZX", "202608", "AAPL", "ROUND", "1000", "MXXNN", "10", "2000", "10",
 *   "0", "10", "0", "0", "10", "0", "0", "0", "0", "0", "0", ...Array(10).fill(""), "200",
 *   "0.02", "0.01", "0.00005", "0.5", "4", "0.005", "0.2", "6", "0.3", "0", "", "", "", "", "",
 *   "", "", "", "", "10", "", "", "0.3"];
 * const text = DETAILED605_FIELDS.join("|") + "\n" + values.join("|") + "\n";
 * const r = readDetailed605(text, { source: "d.txt", strict: true });
 * if (r.counts.used !== 1 || r.rows[0].AvgEFQPct !== 0.5) throw new Error();
 * ```
 */
export function readDetailed605(text: string, options: ReadOptions = {}): Detailed605Report {
  const { source, counts, rejected } = beginReading(text, options);
  const rows: Detailed605Row[] = [];
  const keys = new Map<string, number>();
  let header = true;
  for (const [record, line] of splitLines(text)) {
    const fields = record.split("|").map((f) => f.trim());
    if (header) {
      header = false;
      const wrong = DETAILED605_FIELDS.findIndex((c, i) => fields[i] !== c);
      if (wrong >= 0 || fields.length !== DETAILED605_FIELDS.length) {
        const at = wrong >= 0 ? wrong : DETAILED605_FIELDS.length;
        throw new DisclosureError([{
          source,
          line,
          field: `column ${at + 1}`,
          message: `header: expected ${shown(DETAILED605_FIELDS[at] ?? "(end of header)")}, got ${
            shown(fields[at] ?? "(end of header)")
          } (the detailed report starts with its header row)`,
        }]);
      }
      continue;
    }
    counts.read++;
    const { row, problems } = readRecord(fields, line, source);
    if (row) {
      const key = [
        row.RprtEntityCd,
        row.RptDate,
        row.Symbol,
        row.LotSizeFlag,
        row.OrderSize,
        row.OrderType,
      ]
        .join("|");
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
      continue;
    }
    counts.used++;
    rows.push(row);
  }
  if (header) {
    throw new DisclosureError([{
      source,
      line: 1,
      field: null,
      message: "empty: expected a header row",
    }]);
  }
  const notes: Issue[] = [];
  for (const row of rows) notes.push(...placeholders(row, source));
  notes.push(...fractions(rows, source));
  const invariantBreaks: Issue[] = [];
  for (const row of rows) {
    const e = row.AvgEffctvSprdPct;
    if (e !== null && Math.abs(e) > 1) {
      notes.push({
        source,
        line: row.line,
        field: col("AvgEffctvSprdPct"),
        message: `effective spread ${
          fixed(100 * e, 1)
        }% of the midpoint, above 100%: kept as published`,
      });
    }
    for (const message of detailed605Invariants(row)) {
      invariantBreaks.push({ source, line: row.line, field: null, message });
    }
  }
  notes.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (options.strict && rejected.length > 0) throw new DisclosureError(rejected);
  return { source, rows, counts, rejected, invariantBreaks, notes };
}

/**
 * Reads a detailed report file (see {@linkcode readDetailed605}).
 *
 * @example
 * ```ts ignore
 * import { readDetailed605File } from "./rule605_detailed.ts";
 * const iex = await readDetailed605File("V202608.txt");
 * console.log(iex.counts, iex.notes.length);
 * ```
 */
export async function readDetailed605File(
  path: string,
  options: Omit<ReadOptions, "source"> = {},
): Promise<Detailed605Report> {
  return await readFileWith(path, options, readDetailed605);
}

/** Writes a number with at most eight decimals, no trailing zeros; empty for null. */
function number8(x: number | null): string {
  if (x === null) return "";
  if (!Number.isFinite(x)) throw new RangeError(`expected a finite number, got ${x}`);
  return trimmedDecimals(x, 8);
}

/**
 * Writes a detailed report: the header row, then one record per row, `|`
 * between fields, LF line ends, numbers with at most eight decimals
 * (trailing zeros dropped), empty fields for `null`.
 *
 * @example
 * ```ts
 * import {
 *   DETAILED605_NUMBERS, type Detailed605Number, type Detailed605Row, readDetailed605, writeDetailed605,
 * } from "./rule605_detailed.ts";
 * const numbers = Object.fromEntries(DETAILED605_NUMBERS.map((f) => [f, null])) as
 *   Record<Detailed605Number, number | null>;
 * const row: Detailed605Row = { ...numbers, line: 2, DsgntParticipant: "T", RprtEntityCd: "SIMX", RptDate: 202608,
 *   Symbol: "S001", LotSizeFlag: "ROUND", OrderSize: 250, OrderType: "MXXNN", CvrdOrderCnt: 1,
 *   CvrdOrderSize: 512.5, CvrdOrderQty: 5, CvrdOrderCnclQty: 0, CvrdOrderExctdQty: 5,
 *   CvrdOrderExctdAwayQty: 0 };
 * const back = readDetailed605(writeDetailed605([row]), { strict: true }).rows[0];
 * if (back.CvrdOrderSize !== 512.5 || back.AvgEFQPct !== null) throw new Error();
 * ```
 */
export function writeDetailed605(rows: Detailed605Row[]): string {
  return amendedRecords(DETAILED605_FIELDS, rows, "|", "\n", number8);
}
