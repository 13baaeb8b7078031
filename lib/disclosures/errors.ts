/**
 * Problems found while reading a disclosure file, and how reading reports
 * them: every problem names the file, the line and the field; rows are
 * counted (rows read = rows used + rows rejected), so nothing is dropped
 * silently.
 *
 * @module
 */
import { ValidationError } from "../sim/validate.ts";

/** One problem in a disclosure file. */
export interface Issue {
  /** The file (or the name the text was given). */
  source: string;
  /** 1-based line number, or null when the problem concerns the whole file. */
  line: number | null;
  /** The field or element, or null when the problem concerns a whole row or file. */
  field: string | null;
  /** What is wrong, in words. */
  message: string;
}

/** How many rows a reader saw: `read === used + rejected` always holds. */
export interface RowCounts {
  /** Rows (records, venues) found in the file. */
  read: number;
  /** Rows kept in the result. */
  used: number;
  /** Rows left out, each with its reasons in the result's `rejected` issues. */
  rejected: number;
}

/** Options common to the readers. */
export interface ReadOptions {
  /** Name of the file in messages (default "input"; the file readers use the path). */
  source?: string;
  /**
   * Strict mode: any problem (a rejected row, a breach of the format's rules)
   * throws a {@linkcode DisclosureError} listing every problem. Default false
   * (lenient: bad rows are rejected and reported, reading goes on).
   */
  strict?: boolean;
  /** Largest input accepted, bytes (default 64 MiB). */
  maxBytes?: number;
}

/** Default size limit of a disclosure file, bytes. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Issues shown in an error's message before "... and N more". */
const SHOWN = 25;

/**
 * Formats an issue as `source: line N: field: message`.
 *
 * @example
 * ```ts
 * import { formatIssue } from "./errors.ts";
 * const text = formatIssue({ source: "a.txt", line: 3, field: "size", message: "negative" });
 * if (text !== "a.txt: line 3: size: negative") throw new Error(text);
 * ```
 */
export function formatIssue(issue: Issue): string {
  const parts = [issue.source];
  if (issue.line !== null) parts.push(`line ${issue.line}`);
  if (issue.field !== null) parts.push(issue.field);
  parts.push(issue.message);
  return parts.join(": ");
}

/**
 * A disclosure file that cannot be read (or, in strict mode, that breaks a
 * rule). Its message lists the problems (the first 25, then a count);
 * `issues` holds every one.
 */
export class DisclosureError extends ValidationError {
  /** Every problem found. */
  readonly issues: Issue[];
  /**
   * Builds the error from its problems.
   *
   * @example
   * ```ts
   * import { DisclosureError } from "./errors.ts";
   * const e = new DisclosureError([{ source: "f.xml", line: 1, field: null, message: "not XML" }]);
   * if (e.message !== "f.xml: line 1: not XML") throw new Error(e.message);
   * ```
   */
  constructor(issues: Issue[]) {
    const shown = issues.slice(0, SHOWN).map(formatIssue);
    if (issues.length > SHOWN) shown.push(`... and ${issues.length - SHOWN} more problems`);
    super(shown);
    this.name = "DisclosureError";
    this.issues = issues;
  }
}

/**
 * A {@linkcode DisclosureError} of one problem: `source`, then the line and
 * the field when known, then `message`.
 *
 * @example
 * ```ts
 * import { disclosureError } from "./errors.ts";
 * const e = disclosureError("dir/", "no XML files");
 * if (e.message !== "dir/: no XML files" || e.issues[0].line !== null) throw new Error(e.message);
 * if (disclosureError("a.csv", "bad", 3, "size").message !== "a.csv: line 3: size: bad") throw new Error();
 * ```
 */
export function disclosureError(
  source: string,
  message: string,
  line: number | null = null,
  field: string | null = null,
): DisclosureError {
  return new DisclosureError([{ source, line, field, message }]);
}

/**
 * What every reader does first: names its input (`options.source`, else
 * `defaultSource`), refuses a text over the size limit, and starts its row
 * accounting (`counts`, and the `rejected` rows' issues); `fatal` throws a
 * {@linkcode DisclosureError} naming the input, line and field.
 *
 * @example
 * ```ts
 * import { beginReading } from "./errors.ts";
 * const { source, fatal, counts } = beginReading("a|b\n", { source: "f.txt" });
 * if (source !== "f.txt" || counts.read !== 0) throw new Error();
 * try { fatal(2, "size", "negative"); throw new Error("accepted"); }
 * catch (e) { if ((e as Error).message !== "f.txt: line 2: size: negative") throw e; }
 * ```
 */
export function beginReading(
  text: string,
  options: ReadOptions,
  defaultSource = "input",
): {
  source: string;
  fatal: (line: number | null, field: string | null, message: string) => never;
  counts: RowCounts;
  rejected: Issue[];
} {
  const source = options.source ?? defaultSource;
  checkTextSize(text, source, options.maxBytes ?? DEFAULT_MAX_BYTES);
  return {
    source,
    counts: { read: 0, used: 0, rejected: 0 },
    rejected: [],
    fatal: (line, field, message) => {
      throw disclosureError(source, message, line, field);
    },
  };
}

/**
 * Reads the file at `path` (within `options.maxBytes`, counted while
 * reading) and gives its text to the text reader `read`, naming the file in
 * every message: the `read...File` function of every format.
 *
 * @example
 * ```ts
 * import { readFileWith } from "./errors.ts";
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "x");
 * const got = await readFileWith(path, {}, (text, o) => `${o.source}:${text}`);
 * if (got !== `${path}:x`) throw new Error(got);
 * await Deno.remove(path);
 * ```
 */
export async function readFileWith<R>(
  path: string,
  options: Omit<ReadOptions, "source">,
  read: (text: string, options: ReadOptions) => R,
): Promise<R> {
  const text = await readDisclosureText(path, options.maxBytes);
  return read(text, { ...options, source: path });
}

/**
 * Chunks of bytes joined into one array of `total` bytes (the first chunk
 * itself when it is the only one).
 *
 * @example
 * ```ts
 * import { joinChunks } from "./errors.ts";
 * const all = joinChunks([new Uint8Array([1, 2]), new Uint8Array([3])], 3);
 * if (all.join() !== "1,2,3") throw new Error();
 * ```
 */
export function joinChunks(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0].length === total) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Refuses a text longer than `maxBytes` characters with a
 * {@linkcode DisclosureError} naming `source` (memory stays bounded whatever
 * the input).
 *
 * @example
 * ```ts
 * import { checkTextSize, DisclosureError } from "./errors.ts";
 * checkTextSize("abc", "ok.csv", 3);
 * try {
 *   checkTextSize("abcd", "big.csv", 3);
 *   throw new Error("accepted");
 * } catch (e) {
 *   if (!(e instanceof DisclosureError)) throw e;
 *   if (!e.message.includes("big.csv: text is 4 characters, more than the limit of 3")) throw e;
 * }
 * ```
 */
export function checkTextSize(text: string, source: string, maxBytes = DEFAULT_MAX_BYTES): void {
  if (text.length > maxBytes) {
    throw disclosureError(
      source,
      `text is ${text.length} characters, more than the limit of ${maxBytes}`,
    );
  }
}

/**
 * Reads at most `maxBytes` bytes of a file, counting the bytes as they
 * arrive rather than trusting the size the file system reports: special
 * files (`/dev/zero`, `/dev/urandom`, `/proc` files) report a size of 0 and
 * would otherwise be read without end. A file with more bytes than the limit
 * is refused as soon as the limit is passed, so memory stays bounded; a
 * directory, a FIFO or other non-regular file, or a missing or unreadable
 * file is a {@linkcode DisclosureError} naming the path (a FIFO is refused
 * before it is opened, so reading never waits for a writer).
 *
 * General enough for any input file of the project (the CLI's
 * `simulate --scenario FILE` can call it too).
 *
 * @example
 * ```ts
 * import { DisclosureError, readBoundedBytes } from "./errors.ts";
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "12345");
 * if ((await readBoundedBytes(path, 5)).length !== 5) throw new Error();
 * try {
 *   await readBoundedBytes(path, 4);
 *   throw new Error("accepted");
 * } catch (e) {
 *   if (!(e instanceof DisclosureError) || !e.message.includes("more than the limit of 4")) throw e;
 * }
 * await Deno.remove(path);
 * ```
 */
export async function readBoundedBytes(
  path: string,
  maxBytes = DEFAULT_MAX_BYTES,
): Promise<Uint8Array> {
  const refuse = (message: string): never => {
    throw disclosureError(path, message);
  };
  let file: Deno.FsFile | undefined;
  try {
    const info = await Deno.stat(path);
    if (info.isDirectory) refuse("cannot read: is a directory");
    if (info.isFifo || info.isSocket) refuse("cannot read: not a regular file (a pipe or socket)");
    if (info.size > maxBytes) {
      refuse(`file is ${info.size} bytes, more than the limit of ${maxBytes}`);
    }
    file = await Deno.open(path, { read: true });
    // Read into growing chunks; never hold more than maxBytes + one read.
    const chunks: Uint8Array[] = [];
    let total = 0;
    const buffer = new Uint8Array(Math.min(1 << 20, maxBytes + 1));
    while (true) {
      const n = await file.read(buffer);
      if (n === null) break;
      total += n;
      if (total > maxBytes) {
        refuse(`file has more bytes than the limit of ${maxBytes} (counted while reading)`);
      }
      chunks.push(buffer.slice(0, n));
    }
    return joinChunks(chunks, total);
  } catch (e) {
    if (e instanceof DisclosureError) throw e;
    return refuse(`cannot read: ${(e as Error).message}`);
  } finally {
    file?.close();
  }
}

/**
 * Reads a file's bytes, refusing files larger than `maxBytes` (counted while
 * reading: see {@linkcode readBoundedBytes}); a missing or unreadable file is
 * a {@linkcode DisclosureError} naming the path.
 *
 * @example
 * ```ts ignore
 * import { readDisclosureBytes } from "./errors.ts";
 * const bytes = await readDisclosureBytes("../shared/data/real/rule605/VIRTU0817.txt");
 * ```
 */
export function readDisclosureBytes(
  path: string,
  maxBytes = DEFAULT_MAX_BYTES,
): Promise<Uint8Array> {
  return readBoundedBytes(path, maxBytes);
}

/**
 * Reads a file as text, refusing files larger than `maxBytes`; a missing or
 * unreadable file is a {@linkcode DisclosureError} naming the path.
 *
 * @example
 * ```ts ignore
 * import { readDisclosureText } from "./errors.ts";
 * const text = await readDisclosureText("../shared/data/real/rule605/VIRTU0817.txt");
 * ```
 */
export async function readDisclosureText(
  path: string,
  maxBytes = DEFAULT_MAX_BYTES,
): Promise<string> {
  return new TextDecoder().decode(await readDisclosureBytes(path, maxBytes));
}
