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
 * message names `source` (a file or argument) and every failing field path;
 * a key the schema does not know (a typo such as `afiliated`, in a strict
 * schema) is named as `path.key: unknown key "key"`, so it is never dropped
 * silently.
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
 * try {
 *   parseWith(schema.strict(), { spread: 1, sprad: 2 }, "venues.json");
 *   throw new Error("accepted");
 * } catch (e) {
 *   if ((e as Error).message !== 'venues.json: sprad: unknown key "sprad"') throw e;
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
    result.error.issues.flatMap((issue) => {
      if (issue.code === "unrecognized_keys") {
        return issue.keys.map((key) =>
          `${source}: ${[...issue.path, key].join(".")}: unknown key "${key}"`
        );
      }
      const path = issue.path.length > 0 ? issue.path.join(".") : "(root)";
      return `${source}: ${path}: ${issue.message}`;
    }),
  );
}
