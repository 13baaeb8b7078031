/**
 * What every command of the command line shares on the way out: numbers as
 * the tables print them, aligned text tables, CSV lines and JSON documents.
 *
 * @module
 */

/**
 * A number as the tables print it: `-` when not finite, three significant
 * digits below 0.01, whole above 1,000, else up to three decimals.
 *
 * @example
 * ```ts
 * import { terminalNumber } from "./render.ts";
 * const shown = [0.00123, 1.5, 12345.6, NaN].map(terminalNumber);
 * if (shown.join(" ") !== "0.00123 1.5 12346 -") throw new Error(shown.join(" "));
 * ```
 */
export function terminalNumber(x: number): string {
  if (!Number.isFinite(x)) return "-";
  const a = Math.abs(x);
  if (a !== 0 && a < 0.01) return x.toPrecision(3);
  if (a >= 1000) return x.toFixed(0);
  return x.toFixed(3).replace(/\.?0+$/, "") || "0";
}

/**
 * Rows of cells as lines of text, each column padded to its widest cell
 * (two spaces between columns, no trailing space).
 *
 * @example
 * ```ts
 * import { alignRows } from "./render.ts";
 * const lines = alignRows([["id", "name"], ["a", "Alpha"], ["bbb", "B"]]);
 * if (lines.join("|") !== "id   name|a    Alpha|bbb  B") throw new Error(lines.join("|"));
 * ```
 */
export function alignRows(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd());
}

/**
 * Rows of cells as CSV text (quoted where a cell holds a comma, a quote or a
 * newline), one line each, ending with a newline.
 *
 * @example
 * ```ts
 * import { csvText } from "./render.ts";
 * if (csvText([["policy", "x"], ['cap ("1¢")', "1,5"]]) !== 'policy,x\n"cap (""1¢"")","1,5"\n') {
 *   throw new Error();
 * }
 * ```
 */
export function csvText(rows: string[][]): string {
  const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return rows.map((l) => l.map(esc).join(",")).join("\n") + "\n";
}

/**
 * A value as the commands print JSON: indented by two spaces, ending with a
 * newline.
 *
 * @example
 * ```ts
 * import { jsonText } from "./render.ts";
 * if (jsonText({ a: 1 }) !== '{\n  "a": 1\n}\n') throw new Error();
 * ```
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}
