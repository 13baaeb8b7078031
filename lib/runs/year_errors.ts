/**
 * The error of a year run's files, apart from the run itself so that the
 * command line can recognise it without loading polars.
 *
 * @module
 */

/**
 * A problem with the run's folder or a day file that the run cannot repair
 * by itself (the folder is a file or cannot be created, a directory sits
 * where a day file should be, a day file cannot be written): the command
 * line reports it with exit code 2, naming the path.
 *
 * @example
 * ```ts
 * import { YearOutputError } from "./year_errors.ts";
 * const e = new YearOutputError("--out x: is a file, not a folder for the daily Parquet files");
 * if (e.name !== "YearOutputError" || !(e instanceof Error)) throw new Error();
 * ```
 */
export class YearOutputError extends Error {
  /** Builds the error. */
  constructor(message: string) {
    super(message);
    this.name = "YearOutputError";
  }
}
