/**
 * `deno task cli validate [--orders N] [--seeds S,S,...] [--format table|json]`:
 * the calibrated model beside every published finding of
 * `data/calibration/evidence.json`.
 *
 * @module
 */
import { loadCalibration } from "../calibration/calibration.ts";
import {
  loadEvidence,
  runValidation,
  validationReport,
  type ValidationReportRow,
  validationTable,
} from "../analysis/validation.ts";
import { formatOption, integer, parseOptions, USAGE, UsageError } from "./options.ts";
import { alignRows, jsonText, terminalNumber } from "./render.ts";

/** The defaults of `validate`: those of notebooks/16-validation.ipynb. */
export const VALIDATE_DEFAULTS = { orders: 12_000, seeds: [1, 2, 3, 4, 5, 6, 7, 8] };

/** What `validate` was asked for. */
interface ValidateOptions {
  orders: number;
  seeds: number[];
  format: "table" | "json";
}

function parseValidateOptions(args: string[]): ValidateOptions | "help" {
  const { values: v } = parseOptions(args, {
    orders: { type: "string", default: String(VALIDATE_DEFAULTS.orders) },
    seeds: { type: "string", default: VALIDATE_DEFAULTS.seeds.join(",") },
    format: { type: "string", default: "table" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (v.help) return "help";
  const orders = integer("orders", v.orders!, 1000);
  const seedTexts = v.seeds!.split(",").map((x) => x.trim()).filter((x) => x.length > 0);
  const seeds = seedTexts.map((x) => integer("seeds", x, 0));
  if (seeds.length < 2 || new Set(seeds).size !== seeds.length) {
    throw new UsageError(
      `--seeds: expected at least two different integers separated by commas (one day each; ` +
        `two or more give a 95% interval), got "${v.seeds}"`,
    );
  }
  return { orders, seeds, format: formatOption(v.format!, ["table", "json"] as const) };
}

/**
 * The model beside the published findings: JSON `{ command, calibration,
 * orders, seeds, interval, summary, rows }` with one row per finding (fit
 * targets first), or a readable table.
 *
 * @example
 * ```ts
 * import { validateCommand } from "./validate.ts";
 * try { validateCommand(["--seeds", "1"]); throw new Error("accepted"); }
 * catch (e) { if (!(e as Error).message.startsWith("--seeds: expected at least two")) throw e; }
 * if (!validateCommand(["--help"]).startsWith("Usage:")) throw new Error();
 * ```
 */
export function validateCommand(args: string[]): string {
  const o = parseValidateOptions(args);
  if (o === "help") return USAGE;
  const cal = loadCalibration();
  const run = runValidation(cal, { orders: o.orders, seeds: o.seeds, paymentVariant: true });
  const rows = validationReport(validationTable(run, loadEvidence()));
  const validation = rows.filter((r) => r.role === "validation");
  const summary = {
    fitTargets: rows.length - validation.length,
    validationFindings: validation.length,
    inside: validation.filter((r) => r.inside).length,
  };
  if (o.format === "json") {
    return jsonText({
      command: "validate",
      calibration: cal.id,
      orders: o.orders,
      seeds: o.seeds,
      interval: "95% Student t across seeds (one simulated day each)",
      summary,
      rows,
    });
  }
  return [
    `pfof-lab validate: calibration ${cal.id}, ${o.orders} orders x ${o.seeds.length} seeds ` +
    `(${o.seeds.join(",")}); model: mean [95% interval across seeds]`,
    "",
    ...findingTable(
      "Fit targets and inputs (not validation):",
      rows.filter((r) => r.role === "fit"),
    ),
    "",
    ...findingTable(
      `Validation: inside ${summary.inside} of ${summary.validationFindings} published findings`,
      validation,
    ),
    "",
    "Where the model misses, and why:",
    ...validation.filter((r) => !r.inside).map((r) => `- ${r.id}: ${r.why}`),
  ].join("\n") + "\n";
}

/** A titled table of findings: published value and interval beside the model's. */
function findingTable(title: string, group: ValidationReportRow[]): string[] {
  const range = (lo: number | null, hi: number | null) =>
    lo === null || hi === null ? "" : `[${terminalNumber(lo)}, ${terminalNumber(hi)}]`;
  const line = (r: ValidationReportRow) => [
    r.id,
    r.broker,
    r.unit,
    `${r.published.value === null ? "" : terminalNumber(r.published.value) + " "}` +
    `${range(r.published.low, r.published.high)}${r.band === "ours" ? " (band ours)" : ""}`,
    `${r.model.mean === null ? "-" : terminalNumber(r.model.mean)} ${
      range(r.model.low, r.model.high)
    }`,
    r.inside ? "yes" : "no",
  ];
  const header = ["finding", "broker", "unit", "published", "model [95%]", "inside"];
  return [title, ...alignRows([header, ...group.map(line)])];
}
