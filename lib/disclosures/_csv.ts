// Private helper of the CSV readers (Rule 605 summary, LOBSTER, the derived
// 605 table of the cross-section): one way to split CSV into records with
// their line numbers, and one named error when the text is not CSV.
import { parse } from "csv-parse/sync";
import { disclosureError } from "./errors.ts";

/** A CSV record and the line it ends on (1-based). */
export interface CsvRecord {
  /** The fields. */
  record: string[];
  /** Where the record ends. */
  info: { lines: number };
}

/**
 * The records of a CSV text (a leading byte-order mark dropped, empty lines
 * skipped, rows of any width kept for the reader to judge; fields trimmed
 * with `trim`); text that is not CSV is a `DisclosureError` naming `source`
 * and the line.
 */
export function csvRecords(text: string, source: string, trim = false): CsvRecord[] {
  try {
    return parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, {
      relax_column_count: true,
      skip_empty_lines: true,
      trim,
      info: true,
    }) as unknown as CsvRecord[];
  } catch (e) {
    const err = e as { message: string; lines?: number };
    throw disclosureError(source, `not a CSV file: ${err.message}`, err.lines ?? null);
  }
}
