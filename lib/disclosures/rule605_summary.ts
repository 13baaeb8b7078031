/**
 * The amended Rule 605 summary report (Rule 605(a)(2), the SEC's "Order
 * Execution Summary" CSV, `../shared/data/specs/oes/`): one record per S&P 500
 * flag, order type (M market, ML marketable limit) and notional size
 * category, twelve statistics each, with a header row.
 *
 * Every rule of the SEC's CSVW metadata is checked record by record: the
 * codes' formats, the numbers' format (at most six decimals), their minimum
 * and maximum, required fields, and the primary key (participant, entity,
 * month, S&P 500 flag, size, type) being unique. An empty statistic is
 * "no data" (`null`): the specification allows the statistics of a record
 * with no executions to be left empty, and `AvgEFQPct` and
 * `AvgRealSprdPct15sec` may also read `nan` or `inf`. A record that breaks a
 * rule is rejected with every reason (lenient) or makes strict mode throw.
 * The specification asks for CRLF record ends; the SEC's own valid sample
 * uses LF, so both are read (the writer writes CRLF).
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
import { csvRecords } from "./_csv.ts";
import { amendedRecords, outOfRange, shown, trimmedDecimals } from "./_text.ts";

/** The columns, in file order (the header row reads exactly these names). */
export const OES_COLUMNS = [
  "DsgntParticipant",
  "RprtEntityCd",
  "RptDate",
  "Sp500",
  "OrderSize",
  "OrderType",
  "AvgOrderQty",
  "AvgOrderSize",
  "ExctdOrderMidPtAvg",
  "PctExctdAtQuotOrBetter",
  "PctExctdPI",
  "WghtdAvgPctPI",
  "AvgEffctvSprdPct",
  "AvgPctQuotSprd",
  "AvgEFQPct",
  "AvgRealSprdPct15sec",
  "AvgRealSprdPct1min",
  "WghtdAvgExctnTime",
] as const;

/** The twelve statistics (columns 7-18). */
export const OES_STATISTICS = OES_COLUMNS.slice(6) as unknown as readonly OesStatistic[];
/** A statistic's column name. */
export type OesStatistic =
  & typeof OES_COLUMNS[number]
  & (
    | "AvgOrderQty"
    | "AvgOrderSize"
    | "ExctdOrderMidPtAvg"
    | "PctExctdAtQuotOrBetter"
    | "PctExctdPI"
    | "WghtdAvgPctPI"
    | "AvgEffctvSprdPct"
    | "AvgPctQuotSprd"
    | "AvgEFQPct"
    | "AvgRealSprdPct15sec"
    | "AvgRealSprdPct1min"
    | "WghtdAvgExctnTime"
  );

/** `OrderSize` codes: the notional categories, and 199999 for all sizes below $200k. */
export const OES_ORDER_SIZES = [0, 250, 1000, 5000, 10000, 20000, 50000, 199999, 200000] as const;

/** One record of a summary report; a statistic is `null` where the field is empty. */
export type OesRow = {
  /** Line in the file (1-based; the header is line 1). */
  line: number;
  /** Designated participant code. */
  DsgntParticipant: string;
  /** Reporting market center, broker or dealer code. */
  RprtEntityCd: string;
  /** Month, `yyyymm`. */
  RptDate: number;
  /** "Y": S&P 500 stocks, "N": other NMS stocks. */
  Sp500: "Y" | "N";
  /** Notional size code ({@linkcode OES_ORDER_SIZES}). */
  OrderSize: number;
  /** "M" market, "ML" marketable limit. */
  OrderType: "M" | "ML";
} & Record<OesStatistic, number | null>;

/** A summary report as read. */
export interface OesReport {
  /** Where it was read from. */
  source: string;
  /** The records used. */
  rows: OesRow[];
  /** Records read, used and rejected. */
  counts: RowCounts;
  /** Why records were rejected (one issue or more per rejected record). */
  rejected: Issue[];
}

/**
 * The CSVW format of the statistics, `^[+-]?(\d+(\.\d{0,6})?([eE][+-]?\d+)?)?$`,
 * with its digits required: the format alone lets a bare sign through, but
 * the column's base type (float) does not.
 */
const NUMBER = /^[+-]?\d+(\.\d{0,6})?([eE][+-]?\d+)?$/;
const NULLS = new Set(["", "nan", "NaN", "inf", "+inf", "-inf"]);
/** CSVW bounds of each statistic: [minimum, maximum]. */
const BOUNDS: Record<OesStatistic, [number, number]> = {
  AvgOrderQty: [0, Infinity],
  AvgOrderSize: [0, Infinity],
  ExctdOrderMidPtAvg: [-Infinity, Infinity],
  PctExctdAtQuotOrBetter: [0, 1],
  PctExctdPI: [0, 1],
  WghtdAvgPctPI: [-Infinity, 2],
  AvgEffctvSprdPct: [-2, Infinity],
  AvgPctQuotSprd: [0, Infinity],
  AvgEFQPct: [-Infinity, Infinity],
  AvgRealSprdPct15sec: [-Infinity, Infinity],
  AvgRealSprdPct1min: [-Infinity, Infinity],
  WghtdAvgExctnTime: [0, Infinity],
};
/** Statistics whose CSVW "null" list admits nan and inf. */
const NULLABLE = new Set<OesStatistic>(["AvgEFQPct", "AvgRealSprdPct15sec"]);

function readRecord(
  fields: string[],
  line: number,
  source: string,
): { row?: OesRow; problems: Issue[] } {
  const problems: Issue[] = [];
  const issue = (field: string | null, message: string) =>
    problems.push({ source, line, field, message });
  if (fields.length !== OES_COLUMNS.length) {
    issue(null, `expected ${OES_COLUMNS.length} fields, found ${fields.length}`);
    return { problems };
  }
  const [dp, entity, date, sp500, size, type] = fields;
  if (!/^[A-Z]+$/.test(dp)) issue("DsgntParticipant", `expected capitals, got ${shown(dp)}`);
  if (!/^[A-Z]+$/.test(entity)) issue("RprtEntityCd", `expected capitals, got ${shown(entity)}`);
  if (!/^20[2-9]\d(0[1-9]|1[012])$/.test(date) || Number(date) < 202501) {
    issue("RptDate", `expected a month yyyymm from 202501, got ${shown(date)}`);
  }
  if (sp500 !== "Y" && sp500 !== "N") issue("Sp500", `expected Y or N, got ${shown(sp500)}`);
  if (
    !(OES_ORDER_SIZES as readonly number[]).includes(Number(size)) || String(Number(size)) !== size
  ) {
    issue("OrderSize", `expected one of ${OES_ORDER_SIZES.join(", ")}, got ${shown(size)}`);
  }
  if (type !== "M" && type !== "ML") issue("OrderType", `expected M or ML, got ${shown(type)}`);
  const stats = {} as Record<OesStatistic, number | null>;
  OES_STATISTICS.forEach((name, k) => {
    const s = fields[6 + k];
    if (NULLABLE.has(name) && NULLS.has(s)) {
      stats[name] = null;
      return;
    }
    if (s === "") {
      stats[name] = null;
      return;
    }
    if (!NUMBER.test(s)) {
      issue(name, `expected a number with at most six decimals, got ${shown(s)}`);
      return;
    }
    const x = Number(s);
    if (!Number.isFinite(x)) {
      issue(name, outOfRange("a number", s));
      return;
    }
    const [min, max] = BOUNDS[name];
    if (x < min) {
      issue(name, min === 0 ? `negative value ${s}` : `${s} is below the minimum ${min}`);
    } else if (x > max) issue(name, `${s} is above the maximum ${max}`);
    stats[name] = x;
  });
  // Required fields: the sizes always; the other statistics unless the record has no
  // executions at all (then the specification leaves them all empty).
  for (const name of ["AvgOrderQty", "AvgOrderSize"] as const) {
    if (fields[6 + OES_STATISTICS.indexOf(name)] === "") issue(name, "empty");
  }
  const rest = OES_STATISTICS.slice(2).filter((n) => !NULLABLE.has(n));
  const empty = rest.filter((n) => fields[6 + OES_STATISTICS.indexOf(n)] === "");
  if (empty.length > 0 && empty.length < rest.length) {
    for (const name of empty) issue(name, "empty, but the record has other statistics");
  }
  if (problems.length > 0) return { problems };
  return {
    problems,
    row: {
      line,
      DsgntParticipant: dp,
      RprtEntityCd: entity,
      RptDate: Number(date),
      Sp500: sp500 as "Y" | "N",
      OrderSize: Number(size),
      OrderType: type as "M" | "ML",
      ...stats,
    },
  };
}

/**
 * Reads a summary report's text (header row, then records).
 *
 * @example
 * ```ts
 * import { OES_COLUMNS, readOes } from "./rule605_summary.ts";
 * const text = OES_COLUMNS.join(",") + "\r\n" +
 *   "S,SAMPLE,202501,Y,0,M,5,139,27.8,1,0,0,0.00036,0.000385,0.935065,0.0001,0.0001,10360.60052\r\n" +
 *   "S,SAMPLE,202501,Y,250,M,-10,859.5,85.95,1,0,0,0,0,,0,0,2019.47\r\n";
 * const r = readOes(text, { source: "demo.csv" });
 * if (r.rows[0].AvgEFQPct !== 0.935065 || r.counts.rejected !== 1) throw new Error();
 * if (r.rejected[0].line !== 3 || r.rejected[0].field !== "AvgOrderQty") throw new Error();
 * ```
 */
export function readOes(text: string, options: ReadOptions = {}): OesReport {
  const { source, fatal, counts, rejected } = beginReading(text, options);
  const records = csvRecords(text, source);
  if (records.length === 0) fatal(1, null, "empty: expected a header row");
  const header = records[0].record;
  const wrong = OES_COLUMNS.findIndex((c, i) => header[i] !== c);
  if (wrong >= 0 || header.length !== OES_COLUMNS.length) {
    const at = wrong >= 0 ? wrong : OES_COLUMNS.length;
    fatal(
      records[0].info.lines,
      `column ${at + 1}`,
      `header: expected ${shown(OES_COLUMNS[at] ?? "(end of header)")}, got ${
        shown(header[at] ?? "(end of header)")
      }`,
    );
  }
  const rows: OesRow[] = [];
  const keys = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    counts.read++;
    const { row, problems } = readRecord(record, info.lines, source);
    if (row) {
      const key = OES_COLUMNS.slice(0, 6).map((c) => row[c]).join(",");
      const first = keys.get(key);
      if (first !== undefined) {
        problems.push({
          source,
          line: info.lines,
          field: null,
          message: `repeats the key ${key} of line ${first}`,
        });
      } else keys.set(key, info.lines);
    }
    if (!row || problems.length > 0) {
      counts.rejected++;
      rejected.push(...problems);
      continue;
    }
    counts.used++;
    rows.push(row);
  }
  if (options.strict && rejected.length > 0) throw new DisclosureError(rejected);
  return { source, rows, counts, rejected };
}

/**
 * Reads a summary report file (see {@linkcode readOes}).
 *
 * @example
 * ```ts ignore
 * import { readOesFile } from "./rule605_summary.ts";
 * const sample = await readOesFile("../shared/data/specs/oes/sample.csv");
 * console.log(sample.counts); // { read: 34, used: 34, rejected: 0 }
 * ```
 */
export async function readOesFile(
  path: string,
  options: Omit<ReadOptions, "source"> = {},
): Promise<OesReport> {
  return await readFileWith(path, options, readOes);
}

/** Writes a number with at most six decimals, no trailing zeros; empty for null or NaN. */
function number6(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return "";
  return trimmedDecimals(x, 6);
}

/**
 * Writes a summary report: the header row, then one record per row, CRLF
 * record ends, statistics rounded to six decimals (trailing zeros dropped),
 * empty fields for `null` or NaN.
 *
 * @example
 * ```ts
 * import { readOes, writeOes } from "./rule605_summary.ts";
 * const row = { line: 2, DsgntParticipant: "T", RprtEntityCd: "SIM", RptDate: 202608,
 *   Sp500: "Y" as const, OrderSize: 1000, OrderType: "M" as const, AvgOrderQty: 20,
 *   AvgOrderSize: 2000.1234567, ExctdOrderMidPtAvg: 100, PctExctdAtQuotOrBetter: 1,
 *   PctExctdPI: 0.5, WghtdAvgPctPI: 0.0001, AvgEffctvSprdPct: 0.0002, AvgPctQuotSprd: 0.0004,
 *   AvgEFQPct: 0.5, AvgRealSprdPct15sec: 0.0001, AvgRealSprdPct1min: null, WghtdAvgExctnTime: 12.5 };
 * const back = readOes(writeOes([{ ...row, AvgRealSprdPct1min: 0.0001 }])).rows[0];
 * if (back.AvgOrderSize !== 2000.123457) throw new Error(String(back.AvgOrderSize));
 * ```
 */
export function writeOes(rows: OesRow[]): string {
  return amendedRecords(OES_COLUMNS, rows, ",", "\r\n", number6);
}
