/**
 * Validation of parameters with zod, with errors that name the source and field.
 *
 * @module
 */
import type { z } from "zod";

/** A parameter or input that failed validation; the message names where and what. */
export class ValidationError extends Error {
  /** Each problem as `source: field: message`. */
  readonly problems: string[];
  /** Builds the error from a list of problems. */
  constructor(problems: string[]) {
    super(problems.join("\n"));
    this.name = "ValidationError";
    this.problems = problems;
  }
}

/**
 * Parses `value` with `schema`, throwing a {@linkcode ValidationError} whose
 * message names `source` (a file or argument) and every failing field path.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { parseWith } from "./validate.ts";
 * const schema = z.object({ spread: z.number().positive() });
 * try {
 *   parseWith(schema, { spread: -1 }, "venues.json");
 * } catch (e) {
 *   if (!(e as Error).message.startsWith("venues.json: spread:")) throw e;
 * }
 * ```
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  source: string,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => {
      const path = issue.path.length > 0 ? issue.path.join(".") : "(root)";
      return `${source}: ${path}: ${issue.message}`;
    }),
  );
}
