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
