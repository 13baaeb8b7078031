/**
 * LOBSTER limit-order-book files (lobsterdata.com, the academic
 * reconstruction of Nasdaq's TotalView-ITCH feed): a message file (one book
 * event a line: time, type, order id, size, price, direction) and an
 * orderbook file (the book after each event: ask price, ask size, bid
 * price, bid size, level by level). Times are seconds after midnight;
 * prices are in units of $0.0001 (a price of $91.14 is 911400); an empty
 * level holds the dummy price ±9,999,999,999.
 *
 * The files are read in bulk with polars; when polars finds anything it
 * cannot read as numbers (or a row of the wrong width), csv-parse reads the
 * files record by record so that each problem is named by file, line and
 * field. Then every row is checked: a value that is not a finite number
 * (NaN, infinite), a row of the wrong width, a negative size, an unknown
 * event type, a crossed or locked book or an empty side rejects the row
 * (lenient) or throws (strict); so does a time out of order, judged against
 * the longest run of rows whose times never go back (one wrong time rejects
 * that row, not the rest of the day); `rows.read === rows.used +
 * rows.rejected`. The best bid and offer of the used rows are kept, as
 * columns.
 *
 * Note: LOBSTER's book is Nasdaq's own, not the consolidated NBBO.
 *
 * @module
 */
import pl from "nodejs-polars";
import { Buffer } from "node:buffer";
import {
  checkTextSize,
  DEFAULT_MAX_BYTES,
  DisclosureError,
  type Issue,
  readDisclosureText,
  type ReadOptions,
  type RowCounts,
} from "./errors.ts";
import { csvRecords } from "./_csv.ts";
import { DECIMAL, shown } from "./_text.ts";

/** LOBSTER's price unit, $: prices are integers in ten-thousandths of a dollar. */
export const LOBSTER_PRICE_UNIT = 0.0001;
/** LOBSTER's event types (type 7 marks a trading halt). */
export const LOBSTER_EVENTS: Record<number, string> = {
  1: "submission",
  2: "partial cancellation",
  3: "deletion",
  4: "execution (visible)",
  5: "execution (hidden)",
  6: "cross trade",
  7: "trading halt",
};
const MESSAGE_FIELDS = ["time", "type", "orderId", "size", "price", "direction"];
const BOOK_NAMES = ["askPrice", "askSize", "bidPrice", "bidSize"];
const DUMMY = 9_999_999_999;

/** The best bid and offer after every event of a LOBSTER day, as columns. */
export interface LobsterBook {
  /** The message file. */
  source: string;
  /** The orderbook file. */
  orderbookSource: string;
  /** Ticker, from the file name (LOBSTER's `TICKER_date_start_end_message_levels.csv`), or null. */
  symbol: string | null;
  /** Trading date `yyyy-mm-dd`, from the file name, or null. */
  date: string | null;
  /** Levels of the orderbook file. */
  levels: number;
  /** Start of the period the files cover, seconds after midnight (default 09:30). */
  sessionStart: number;
  /** End of the period, seconds after midnight (default 16:00). */
  sessionEnd: number;
  /** Rows used. */
  count: number;
  /** Line of each used row in both files. */
  line: Uint32Array;
  /** Event time, seconds after midnight. */
  time: Float64Array;
  /** Event type ({@linkcode LOBSTER_EVENTS}). */
  event: Uint8Array;
  /** Best ask after the event, $. */
  ask: Float64Array;
  /** Shares at the best ask. */
  askSize: Float64Array;
  /** Best bid after the event, $. */
  bid: Float64Array;
  /** Shares at the best bid. */
  bidSize: Float64Array;
  /** Rows read, used and rejected. */
  rows: RowCounts;
  /** Why rows were rejected. */
  rejected: Issue[];
  /** "polars" when the bulk read succeeded, "csv-parse" when records were read one by one. */
  reader: "polars" | "csv-parse";
}

/** Options of the LOBSTER readers. */
export interface LobsterReadOptions extends ReadOptions {
  /** Name of the orderbook file in messages. */
  orderbookSource?: string;
  /** Start of the period, seconds after midnight (default: from the file name, else 34,200). */
  sessionStart?: number;
  /** End of the period, seconds after midnight (default: from the file name, else 57,600). */
  sessionEnd?: number;
}

interface Columns {
  message: Float64Array[];
  book: Float64Array[];
  lines: Uint32Array;
}

/** Bulk read with polars; undefined when anything in the files is not plain numbers. */
function bulk(message: string, book: string, levels: number): Columns | undefined {
  try {
    const read = (body: string, width: number) => {
      const dtypes: Record<string, unknown> = {};
      for (let c = 1; c <= width; c++) dtypes[`column_${c}`] = pl.Float64;
      // A Buffer, so that polars never takes the text for a file name.
      // deno-lint-ignore no-explicit-any
      const df = pl.readCSV(Buffer.from(body, "utf-8"), { hasHeader: false, dtypes } as any);
      if (df.width !== width) return undefined;
      const cols = df.getColumns();
      if (cols.some((c) => c.nullCount() > 0)) return undefined;
      return cols.map((c) => Float64Array.from(c.toTypedArray() as Float64Array));
    };
    const m = read(message, 6);
    const b = read(book, 4 * levels);
    if (!m || !b) return undefined;
    const lines = new Uint32Array(m[0].length);
    for (let i = 0; i < lines.length; i++) lines[i] = i + 1;
    return { message: m, book: b, lines };
  } catch {
    return undefined;
  }
}

/** Record-by-record read: fills columns, rejecting rows whose fields are not numbers. */
function byRecord(
  message: string,
  book: string,
  levels: number,
  sources: [string, string],
  rejectedRow: (index: number, problems: Issue[]) => void,
): Columns {
  const m = csvRecords(message, sources[0], true);
  const b = csvRecords(book, sources[1], true);
  if (m.length !== b.length) {
    throw new DisclosureError([{
      source: sources[0],
      line: null,
      field: null,
      message: `${m.length} messages but ${b.length} orderbook rows in ${sources[1]}`,
    }]);
  }
  const width = 4 * levels;
  const cols: Columns = {
    message: Array.from({ length: 6 }, () => new Float64Array(m.length)),
    book: Array.from({ length: width }, () => new Float64Array(m.length)),
    lines: new Uint32Array(m.length),
  };
  const bookFields = Array.from(
    { length: width },
    (_, c) => `${BOOK_NAMES[c % 4]}${Math.floor(c / 4) + 1}`,
  );
  for (let i = 0; i < m.length; i++) {
    const problems: Issue[] = [];
    const fill = (
      rec: { record: string[]; info: { lines: number } },
      target: Float64Array[],
      names: string[],
      source: string,
    ) => {
      if (rec.record.length !== names.length) {
        problems.push({
          source,
          line: rec.info.lines,
          field: null,
          message: `expected ${names.length} fields, found ${rec.record.length}`,
        });
        return;
      }
      rec.record.forEach((s, c) => {
        if (!DECIMAL.test(s) && !/^[+-]?\d+(\.\d*)?[eE][+-]?\d+$/.test(s)) {
          problems.push({
            source,
            line: rec.info.lines,
            field: `column ${c + 1} (${names[c]})`,
            message: `expected a number, got ${shown(s)}`,
          });
        } else target[c][i] = Number(s);
      });
    };
    fill(m[i], cols.message, MESSAGE_FIELDS, sources[0]);
    fill(b[i], cols.book, bookFields, sources[1]);
    cols.lines[i] = m[i].info.lines;
    if (problems.length > 0) rejectedRow(i, problems);
  }
  return cols;
}

/**
 * Marks the longest subsequence of the rows with `candidate[i]` set whose
 * `values` never decrease (earliest rows preferred on ties), in O(n log n).
 */
function longestNonDecreasing(values: Float64Array, candidate: Uint8Array): Uint8Array {
  const n = values.length;
  const tails: number[] = []; // tails[k]: row ending the best run of length k + 1
  const before = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (!candidate[i]) continue;
    const x = values[i];
    let lo = 0, hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]] <= x) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) before[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const out = new Uint8Array(n);
  for (let i = tails.length > 0 ? tails[tails.length - 1] : -1; i >= 0; i = before[i]) out[i] = 1;
  return out;
}

/** Session and levels from LOBSTER's file name `TICKER_yyyy-mm-dd_start_end_message_levels.csv`. */
function fromName(path: string) {
  const m = /([^/\\]+)_(\d{4}-\d\d-\d\d)_(\d+)_(\d+)_message_(\d+)\.csv$/.exec(path);
  return m
    ? {
      symbol: m[1],
      date: m[2],
      start: Number(m[3]) / 1000,
      end: Number(m[4]) / 1000,
      levels: Number(m[5]),
    }
    : undefined;
}

/**
 * Reads LOBSTER message and orderbook text (level 1 or more).
 *
 * @example
 * ```ts
 * import { readLobsterText } from "./lobster.ts";
 * const message = "34200.01,1,1,100,2238100,1\n34200.50,1,2,-5,2239500,-1\n34201.00,1,3,200,2239400,-1\n";
 * const book = "2239500,100,2238100,100\n2239500,100,2238100,100\n2239400,200,2238100,100\n";
 * const r = readLobsterText(message, book, { source: "m.csv", orderbookSource: "b.csv" });
 * if (r.rows.read !== 3 || r.rows.used !== 2 || r.rows.rejected !== 1) throw new Error();
 * if (r.rejected[0].line !== 2 || r.rejected[0].field !== "column 4 (size)") throw new Error();
 * if (Math.abs(r.ask[1] - 223.94) > 1e-9 || r.bid[0] !== 223.81) throw new Error();
 * ```
 */
export function readLobsterText(
  message: string,
  orderbook: string,
  options: LobsterReadOptions & { levels?: number } = {},
): LobsterBook {
  const source = options.source ?? "message";
  const orderbookSource = options.orderbookSource ?? "orderbook";
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  for (const [text, name] of [[message, source], [orderbook, orderbookSource]]) {
    checkTextSize(text, name, maxBytes);
    if (text.trim() === "") {
      throw new DisclosureError([{
        source: name,
        line: 1,
        field: null,
        message: "the file is empty",
      }]);
    }
  }
  const named = fromName(source);
  const firstLine = orderbook.slice(0, orderbook.indexOf("\n") >>> 0);
  const levels = options.levels ?? named?.levels ??
    Math.max(1, Math.round(firstLine.split(",").length / 4));
  const sessionStart = options.sessionStart ?? named?.start ?? 34_200;
  const sessionEnd = options.sessionEnd ?? named?.end ?? 57_600;
  if (!(sessionEnd > sessionStart)) {
    throw new RangeError(`session: end ${sessionEnd} is not after start ${sessionStart}`);
  }

  const bad = new Map<number, Issue[]>();
  let reader: LobsterBook["reader"] = "polars";
  let cols = bulk(message, orderbook, levels);
  if (!cols) {
    reader = "csv-parse";
    cols = byRecord(message, orderbook, levels, [source, orderbookSource], (i, p) => bad.set(i, p));
  }
  const n = cols.lines.length;
  if (cols.book[0].length !== n) {
    throw new DisclosureError([{
      source,
      line: null,
      field: null,
      message: `${n} messages but ${cols.book[0].length} orderbook rows in ${orderbookSource}`,
    }]);
  }
  const [time, type, , size, , direction] = cols.message;
  const [askP, askS, bidP, bidS] = cols.book;
  const keep = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (bad.has(i)) continue;
    const line = cols.lines[i];
    const problems: Issue[] = [];
    const m = (field: string, message: string) => problems.push({ source, line, field, message });
    const b = (field: string | null, message: string) =>
      problems.push({ source: orderbookSource, line, field, message });
    // NaN or infinite values (polars reads "nan", "inf" and 1e400 as numbers).
    cols.message.forEach((c, k) => {
      if (!Number.isFinite(c[i])) {
        m(`column ${k + 1} (${MESSAGE_FIELDS[k]})`, `expected a finite number, got ${c[i]}`);
      }
    });
    cols.book.forEach((c, k) => {
      if (!Number.isFinite(c[i])) {
        b(
          `column ${k + 1} (${BOOK_NAMES[k % 4]}${Math.floor(k / 4) + 1})`,
          `expected a finite number, got ${c[i]}`,
        );
      }
    });
    if (problems.length > 0) {
      bad.set(i, problems);
      continue;
    }
    if (!(time[i] >= 0)) m("column 1 (time)", `expected seconds after midnight, got ${time[i]}`);
    if (!LOBSTER_EVENTS[type[i]]) m("column 2 (type)", `unknown event type ${type[i]}`);
    if (size[i] < 0) m("column 4 (size)", `negative shares: ${size[i]}`);
    if (direction[i] !== 1 && direction[i] !== -1) {
      m("column 6 (direction)", `expected 1 or -1, got ${direction[i]}`);
    }
    if (askS[i] < 0) b("column 2 (askSize1)", `negative shares: ${askS[i]}`);
    if (bidS[i] < 0) b("column 4 (bidSize1)", `negative shares: ${bidS[i]}`);
    if (!Number.isInteger(askP[i])) {
      b("column 1 (askPrice1)", `expected whole units of $0.0001, got ${askP[i]}`);
    }
    if (!Number.isInteger(bidP[i])) {
      b("column 3 (bidPrice1)", `expected whole units of $0.0001, got ${bidP[i]}`);
    }
    if (problems.length === 0) {
      if (askP[i] >= DUMMY) b("column 1 (askPrice1)", "no ask: that side of the book is empty");
      else if (bidP[i] <= -DUMMY) {
        b("column 3 (bidPrice1)", "no bid: that side of the book is empty");
      } else if (askP[i] <= bidP[i]) {
        b(null, `crossed or locked book: ask ${askP[i]} <= bid ${bidP[i]}`);
      }
    }
    if (problems.length > 0) bad.set(i, problems);
    else keep[i] = 1;
  }
  // Time must not go back. The rows kept are the longest run of rows in
  // file order whose times never decrease, so one row with a wrong time
  // (too late or too early) is the one rejected, not the rest of the day.
  const inOrder = longestNonDecreasing(time, keep);
  let previous = -1;
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    if (inOrder[i]) {
      previous = i;
      continue;
    }
    let next = i + 1;
    while (next < n && !inOrder[next]) next++;
    keep[i] = 0;
    bad.set(i, [{
      source,
      line: cols.lines[i],
      field: "column 1 (time)",
      message: `time ${time[i]} is out of order: the rows around it run from ` +
        `${previous >= 0 ? time[previous] : "the start"} to ${next < n ? time[next] : "the end"}`,
    }]);
  }
  const used = keep.reduce((s, x) => s + x, 0);
  const out: LobsterBook = {
    source,
    orderbookSource,
    symbol: named?.symbol ?? null,
    date: named?.date ?? null,
    levels,
    sessionStart,
    sessionEnd,
    count: used,
    line: new Uint32Array(used),
    time: new Float64Array(used),
    event: new Uint8Array(used),
    ask: new Float64Array(used),
    askSize: new Float64Array(used),
    bid: new Float64Array(used),
    bidSize: new Float64Array(used),
    rows: { read: n, used, rejected: n - used },
    rejected: [...bad.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, p]) => p),
    reader,
  };
  for (let i = 0, j = 0; i < n; i++) {
    if (!keep[i]) continue;
    out.line[j] = cols.lines[i];
    out.time[j] = time[i];
    out.event[j] = type[i];
    // Round to the unit so that $ prices are the nearest doubles to the true cents.
    out.ask[j] = Math.round(askP[i]) / 10_000;
    out.askSize[j] = askS[i];
    out.bid[j] = Math.round(bidP[i]) / 10_000;
    out.bidSize[j] = bidS[i];
    j++;
  }
  if (options.strict && out.rejected.length > 0) throw new DisclosureError(out.rejected);
  return out;
}

/**
 * Reads a LOBSTER message file and its orderbook file (by default the same
 * name with `orderbook` for `message`).
 *
 * @example
 * ```ts ignore
 * import { readLobster } from "./lobster.ts";
 * const amzn = await readLobster(
 *   "../shared/data/real/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv",
 * );
 * console.log(amzn.symbol, amzn.date, amzn.count); // AMZN 2012-06-21 57515
 * ```
 */
export async function readLobster(
  messagePath: string,
  options: Omit<LobsterReadOptions, "source" | "orderbookSource"> & { orderbook?: string } = {},
): Promise<LobsterBook> {
  const orderbookPath = options.orderbook ??
    messagePath.replace(/_message_(\d+)\.csv$/, "_orderbook_$1.csv");
  if (orderbookPath === messagePath) {
    throw new DisclosureError([{
      source: messagePath,
      line: null,
      field: null,
      message: "cannot tell the orderbook file from the name: pass options.orderbook",
    }]);
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const [message, orderbook] = await Promise.all([
    readDisclosureText(messagePath, maxBytes),
    readDisclosureText(orderbookPath, maxBytes),
  ]);
  return readLobsterText(message, orderbook, {
    ...options,
    source: messagePath,
    orderbookSource: orderbookPath,
  });
}
