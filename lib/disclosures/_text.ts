// Private helpers of the disclosure readers: line numbers from character
// offsets, and the lexical forms of numbers the formats allow.

/** Maps character offsets of a text to 1-based line numbers. */
export class LineIndex {
  private readonly starts: number[] = [0];
  /** Indexes the line starts of `text`. */
  constructor(text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) {
      this.starts.push(i + 1);
    }
  }
  /** Number of lines (a final newline does not start another line). */
  get lines(): number {
    return this.starts.length;
  }
  /** The 1-based line holding character `offset`. */
  lineOf(offset: number): number {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

/** xs:decimal's lexical form (no exponent, no thousands separators). */
export const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A whole number written with digits only. */
export const DIGITS = /^\d+$/;

/** Result of reading a number: the value, null for an empty field, or NaN for text. */
export function decimalOrNull(raw: string): number | null {
  const s = raw.trim();
  if (s === "") return null;
  return DECIMAL.test(s) ? Number(s) : NaN;
}

/** Quotes a value for a message, shortened to 40 characters. */
export function shown(raw: string): string {
  const s = raw.length > 40 ? `${raw.slice(0, 37)}...` : raw;
  return JSON.stringify(s);
}

/**
 * Rounds half away from zero to `digits` decimals and writes the result
 * without a negative zero (for the writers).
 */
export function fixed(x: number, digits: number): string {
  const text = x.toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return month === 2
    ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28)
    : [4, 6, 9, 11].includes(month)
    ? 30
    : 31;
}

/**
 * Whether `yyyy-mm-ddThh:mm:ss` (any suffix after the seconds) names a time
 * that exists: month 1-12, a day the month has, hours 0-23 (or 24:00:00),
 * minutes and seconds 0-59. `Date.parse` is not enough: it takes 2020-02-30
 * for 1 March.
 */
export function isRealDateTime(s: string): boolean {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)/.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return false;
  if (h === 24) return mi === 0 && se === 0;
  return h < 24 && mi < 60 && se < 60;
}

/**
 * Reads a decimal number: the value, null for an empty field, or a problem:
 * `expected WHAT, got "..."` for text, and `WHAT out of range: ...` for
 * digits beyond a double's range (such as 1e310 written out), which callers
 * report as an error, never as "not meaningful".
 */
export function finiteOrReason(
  raw: string,
  what = "a number",
): { value: number | null; problem?: string } {
  const s = raw.trim();
  if (s === "") return { value: null };
  if (!DECIMAL.test(s)) return { value: NaN, problem: `expected ${what}, got ${shown(s)}` };
  const x = Number(s);
  if (!Number.isFinite(x)) return { value: NaN, problem: outOfRange(what, s) };
  return { value: x };
}

/** The message for a number beyond a double's range. */
export function outOfRange(what: string, s: string): string {
  return `${what} out of range (beyond a double): ${shown(s)}`;
}

/**
 * The non-empty lines of a text with their 1-based numbers (LF or CRLF
 * ends; a leading byte-order mark dropped), without building an array of
 * every line.
 */
export function* splitLines(text: string): Generator<[string, number]> {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let line = 0;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    line++;
    const record = text.slice(start, text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
    if (record !== "") yield [record, line];
  }
}

/** `x` with at most `digits` decimals, trailing zeros (and a bare point) dropped. */
export function trimmedDecimals(x: number, digits: number): string {
  const text = fixed(x, digits);
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/**
 * The amended Rule 605 layouts (detailed and summary) as text: the header
 * row, then one record per row, `separator` between fields, each record
 * ending with `lineEnd`; text fields as they are, the month and the order
 * size as whole numbers, every other number through `number`.
 */
export function amendedRecords<F extends string>(
  fields: readonly F[],
  rows: readonly { [K in F]: string | number | null }[],
  separator: string,
  lineEnd: string,
  number: (x: number | null) => string,
): string {
  const lines = [fields.join(separator)];
  for (const row of rows) {
    lines.push(
      fields.map((f) => {
        const v = row[f];
        return typeof v === "string"
          ? v
          : f === "RptDate" || f === "OrderSize"
          ? String(v)
          : number(v);
      }).join(separator),
    );
  }
  return lines.join(lineEnd) + lineEnd;
}
