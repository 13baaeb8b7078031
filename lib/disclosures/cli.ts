/**
 * The disclosure commands of the command line:
 * `deno task cli 606 FILE [--strict] [--format table|json|csv]` prints a Rule
 * 606(a)(1) XML report (net payment by section, order type and venue, in
 * dollars and cents per hundred shares), and `deno task cli 605 FILE ...` a
 * Rule 605 report, legacy (26 `|`-separated fields) or amended summary (the
 * SEC's CSV, recognised by its header). `--format json` prints one JSON
 * document with the rows and the totals (compact for the legacy 605 layout,
 * whose files run to tens of thousands of records). A file that cannot be
 * read, of which no row is usable, or that in strict mode breaks a rule,
 * exits with code 2 and the message.
 *
 * This module reads files only (the `cli` task runs with `--allow-read`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { DisclosureError, formatIssue, type Issue, readDisclosureBytes } from "./errors.ts";
import { detectLayout } from "./detect.ts";
import { decodeXml } from "./_xml.ts";
import {
  compare605,
  type Compare605Row,
  type Compare606Row,
  compareFiles,
  type Comparison,
} from "./compare.ts";
import { DETAILED605_FIELDS, type Detailed605Report, readDetailed605 } from "./rule605_detailed.ts";
import {
  readRule606,
  RULE606_ORDER_TYPES,
  RULE606_SECTION_LABELS,
  type Rule606Report,
  rule606Venues,
} from "./rule606.ts";
import { rule606Totals } from "./rule606_summary.ts";
import {
  LEGACY605_FIELDS,
  LEGACY605_ORDER_TYPES,
  LEGACY605_SIZE_CODES,
  type Legacy605Report,
  readLegacy605,
} from "./rule605_legacy.ts";
import { legacy605Totals } from "./rule605_totals.ts";
import { OES_COLUMNS, type OesReport, readOes } from "./rule605_summary.ts";

/** The disclosure commands' lines of the usage text (the main usage shows them too). */
export const DISCLOSURE_COMMANDS =
  `  deno task cli 606 FILE [--strict] [--format table|json|csv]   a Rule 606(a)(1) XML report
  deno task cli 605 FILE [--strict] [--format table|json|csv]   a Rule 605 report (layout detected:
                                                                 legacy, amended detailed or summary)
  deno task cli 606 FILE... | DIR | ZIP [options]   compare brokers: payments per 100 shares by
                                                    section and order type, routing concentration
  deno task cli 605 FILE... | DIR | ZIP [options]   compare market centers: E/Q, price improvement
                                                    and speed by order type and size
`;

/** Usage of the disclosure commands. */
export const DISCLOSURE_USAGE = `Usage:
${DISCLOSURE_COMMANDS}
Options:
  --strict     any breach of the format's rules is an error (default: lenient; bad rows are
               rejected and reported, reading goes on)
  --format F   table | json | csv (default table)
`;

/** Output of a command: text and an exit code (0 success, 2 bad arguments or input). */
export interface DisclosureCliResult {
  /** Text for standard output (the message, on an error). */
  stdout: string;
  /** Exit code. */
  code: number;
}

class Usage extends Error {}

const num = (x: number | null | undefined, digits = 2) =>
  x === null || x === undefined || !Number.isFinite(x) ? "-" : x.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });

/**
 * Cents per hundred shares with four significant digits and at least two
 * decimals (71.07, 0.002100), so that small payments do not print as 0.00.
 */
const cph = (x: number | null | undefined) => {
  if (x === null || x === undefined || !Number.isFinite(x)) return "-";
  const magnitude = x === 0 ? 0 : Math.floor(Math.log10(Math.abs(x)));
  return num(x, Math.min(12, Math.max(2, 3 - magnitude)));
};

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const numeric = rows[0].map((_, c) => rows.slice(1).every((r) => /^[-−\d.,%$]+$|^-$/.test(r[c])));
  return rows.map((r) =>
    r.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join("  ").trimEnd()
  );
}

function csv(rows: unknown[][]): string {
  const esc = (v: unknown) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return rows.map((r) => r.map(esc).join(",")).join("\n") + "\n";
}

function problems(title: string, issues: Issue[], shown = 20): string[] {
  if (issues.length === 0) return [];
  const lines = ["", `${title} (${issues.length}):`];
  for (const i of issues.slice(0, shown)) lines.push(`  ${formatIssue(i)}`);
  if (issues.length > shown) lines.push(`  ... and ${issues.length - shown} more`);
  return lines;
}

const TYPE_LABELS: Record<string, string> = {
  market: "market",
  marketableLimit: "marketable limit",
  nonMarketableLimit: "non-marketable limit",
  other: "other",
};

/** The 606 JSON document: the report, its venue rows and its totals. */
function json606(file: string, r: Rule606Report) {
  return {
    report: "606(a)(1)",
    file,
    bd: r.bd,
    year: r.year,
    quarter: r.quarter,
    version: r.version,
    timestamp: r.timestamp,
    counts: r.rows,
    rejected: r.rejected,
    breaches: r.breaches,
    sections: r.months.flatMap((m) =>
      m.sections.map((s) => ({
        month: `${m.year}-${String(m.month).padStart(2, "0")}`,
        section: s.section,
        ndoPct: s.ndoPct,
        ndoTypePct: s.ndoTypePct,
      }))
    ),
    rows: rule606Venues(r).map(({ line, ...v }) => ({ line, ...v })),
    totals: {
      bySection: rule606Totals(r, ["section"]),
      bySectionAndOrderType: rule606Totals(r, ["section", "orderType"]),
      bySectionOrderTypeAndVenue: rule606Totals(r, ["section", "orderType", "venue"]),
      byMonthSectionAndOrderType: rule606Totals(r, ["month", "section", "orderType"]),
    },
  };
}

function show606(file: string, r: Rule606Report, format: string): string {
  if (format === "json") return JSON.stringify(json606(file, r), null, 2) + "\n";
  const venues = rule606Venues(r);
  if (format === "csv") {
    const header = ["line", "month", "section", "venue", "name", "mic", "orderPct"];
    for (const t of RULE606_ORDER_TYPES) header.push(`${t}Pct`);
    for (const t of RULE606_ORDER_TYPES) header.push(`${t}NetUsd`, `${t}NetCph`);
    return csv([
      header,
      ...venues.map((v) => [
        v.line,
        `${v.year}-${String(v.month).padStart(2, "0")}`,
        v.section,
        v.venue,
        v.name,
        v.mic,
        v.orderPct,
        ...RULE606_ORDER_TYPES.map((t) => v.typePct[t]),
        ...RULE606_ORDER_TYPES.flatMap((t) => [v.netUsd[t], v.netCph[t]]),
      ]),
    ]);
  }
  const out = [
    `Rule 606(a)(1) report: ${r.bd}, ${r.year} Q${r.quarter} (schema ${r.version}` +
    (r.timestamp ? `, generated ${r.timestamp})` : ")"),
    `File: ${file}`,
    `Venue rows: ${r.rows.read} read, ${r.rows.used} used, ${r.rows.rejected} rejected; ` +
    `schema breaches tolerated: ${r.breaches.length}`,
    "",
    "Net payment received by the broker (negative: paid), whole quarter; Cph = cents per 100 shares",
  ];
  const rows = [["section", "order type", "net $", "Cph"]];
  for (const t of rule606Totals(r, ["section", "orderType"])) {
    if (t.usd === null) continue;
    rows.push([
      RULE606_SECTION_LABELS[t.section!],
      TYPE_LABELS[t.orderType!],
      num(t.usd),
      cph(t.cph),
    ]);
  }
  out.push(...table(rows), "", "By venue, whole quarter: net $ (Cph)");
  const byVenue = rule606Totals(r, ["section", "venue", "orderType"]);
  const vrows = [[
    "section",
    "venue",
    ...RULE606_ORDER_TYPES.map((t) => TYPE_LABELS[t]),
    "total $",
  ]];
  const seen = new Map<string, string[]>();
  for (const t of byVenue) {
    const key = `${t.section}|${t.venue}`;
    let row = seen.get(key);
    if (!row) {
      row = [
        RULE606_SECTION_LABELS[t.section!],
        t.venue!,
        ...RULE606_ORDER_TYPES.map(() => "-"),
        "0",
      ];
      seen.set(key, row);
      vrows.push(row);
    }
    const c = 2 + RULE606_ORDER_TYPES.indexOf(t.orderType!);
    if (t.usd !== null) {
      row[c] = `${num(t.usd)} (${cph(t.cph)})`;
      row[row.length - 1] = String(Number(row[row.length - 1]) + t.usd);
    }
  }
  for (const row of vrows.slice(1)) row[row.length - 1] = num(Number(row[row.length - 1]));
  out.push(...table(vrows));
  out.push(
    ...problems("Rejected venue rows", r.rejected),
    ...problems("Schema breaches", r.breaches),
  );
  return out.join("\n") + "\n";
}

function json605Legacy(file: string, r: Legacy605Report) {
  return {
    report: "605",
    layout: "legacy",
    file,
    counts: r.counts,
    rejected: r.rejected,
    invariantBreaks: r.invariantBreaks,
    ...(r.notes.length > 0 ? { notes: r.notes } : {}),
    rows: r.rows,
    totals: {
      byOrderTypeAndSize: legacy605Totals(r.rows, ["orderType", "sizeCode"]),
      byOrderType: legacy605Totals(r.rows, ["orderType"]),
    },
  };
}

function show605Legacy(file: string, r: Legacy605Report, format: string): string {
  if (format === "json") return JSON.stringify(json605Legacy(file, r)) + "\n";
  if (format === "csv") {
    return csv([
      ["line", ...LEGACY605_FIELDS],
      ...r.rows.map((x) => [x.line, ...LEGACY605_FIELDS.map((f) => x[f])]),
    ]);
  }
  const centers = [...new Set(r.rows.map((x) => x.marketCenter))].join(", ");
  const months = [...new Set(r.rows.map((x) => x.month))].join(", ");
  const out = [
    `Rule 605 report, legacy layout: market center ${centers || "-"}, month ${months || "-"}`,
    `File: ${file}`,
    `Records: ${r.counts.read} read, ${r.counts.used} used, ${r.counts.rejected} rejected; ` +
    `invariant breaks: ${r.invariantBreaks.length}`,
    "",
    "By order type and size: share-weighted averages, $ per share",
  ];
  const rows = [[
    "order type",
    "size",
    "orders",
    "covered shares",
    "executed shares",
    "executed %",
    "effective spread",
    "realized spread",
    "improved %",
    "improvement",
  ]];
  const totals = legacy605Totals(r.rows, ["orderType", "sizeCode"])
    .sort((a, b) => a.orderType! - b.orderType! || a.sizeCode! - b.sizeCode!);
  for (const t of totals) {
    rows.push([
      `${t.orderType} ${LEGACY605_ORDER_TYPES[t.orderType!]}`,
      LEGACY605_SIZE_CODES[t.sizeCode!],
      num(t.coveredOrders, 0),
      num(t.coveredShares, 0),
      num(t.executedShares, 0),
      t.fillRate === null ? "-" : `${(100 * t.fillRate).toFixed(1)}%`,
      num(t.effectiveSpread, 4),
      num(t.realizedSpread, 4),
      t.improvedShare === null ? "-" : `${(100 * t.improvedShare).toFixed(1)}%`,
      num(t.improvementPerShare, 4),
    ]);
  }
  out.push(...table(rows));
  out.push(
    ...problems("Rejected records", r.rejected),
    ...problems("Records breaking an invariant of genuine files (kept)", r.invariantBreaks),
    ...problems("Notes", r.notes),
  );
  return out.join("\n") + "\n";
}

function json605Summary(file: string, r: OesReport) {
  return {
    report: "605",
    layout: "summary",
    file,
    counts: r.counts,
    rejected: r.rejected,
    rows: r.rows,
    totals: {
      byOrderTypeAndSize: r.rows.map((x) => ({
        sp500: x.Sp500,
        orderType: x.OrderType,
        orderSize: x.OrderSize,
        averageOrderShares: x.AvgOrderQty,
        averageOrderDollars: x.AvgOrderSize,
        effectiveSpreadPct: x.AvgEffctvSprdPct,
        effectiveOverQuoted: x.AvgEFQPct,
        priceImprovedShare: x.PctExctdPI,
        netPriceImprovementPct: x.WghtdAvgPctPI,
      })),
    },
  };
}

function show605Summary(file: string, r: OesReport, format: string): string {
  if (format === "json") return JSON.stringify(json605Summary(file, r), null, 2) + "\n";
  if (format === "csv") {
    return csv([
      ["line", ...OES_COLUMNS],
      ...r.rows.map((x) => [x.line, ...OES_COLUMNS.map((c) => x[c])]),
    ]);
  }
  const out = [
    `Rule 605(a)(2) summary report: ${
      [...new Set(r.rows.map((x) => x.RprtEntityCd))].join(", ") || "-"
    }`,
    `File: ${file}`,
    `Records: ${r.counts.read} read, ${r.counts.used} used, ${r.counts.rejected} rejected`,
    "",
  ];
  const rows = [[
    "S&P 500",
    "type",
    "size ($)",
    "avg shares",
    "avg $",
    "at quote or better",
    "improved",
    "net improvement",
    "effective spread",
    "E/Q",
    "exec ms",
  ]];
  for (const x of r.rows) {
    rows.push([
      x.Sp500,
      x.OrderType,
      x.OrderSize === 199999 ? "< 200000" : String(x.OrderSize),
      num(x.AvgOrderQty, 1),
      num(x.AvgOrderSize, 0),
      pct(x.PctExctdAtQuotOrBetter),
      pct(x.PctExctdPI),
      pct(x.WghtdAvgPctPI, 4),
      pct(x.AvgEffctvSprdPct, 4),
      num(x.AvgEFQPct, 3),
      num(x.WghtdAvgExctnTime, 1),
    ]);
  }
  out.push(...table(rows), ...problems("Rejected records", r.rejected));
  return out.join("\n") + "\n";
}

const pct = (x: number | null, d = 2) => (x === null ? "-" : `${(100 * x).toFixed(d)}%`);

/** The 605 comparison's columns: [header, value of a row]. */
const COMPARE605: [string, (r: Compare605Row) => string | number | null][] = [
  ["entity", (r) => r.entity],
  ["month", (r) => r.month],
  ["layout", (r) => r.layout],
  ["S&P 500", (r) => r.sp500],
  ["order type", (r) => r.orderType],
  ["size", (r) => r.size],
  ["orders", (r) => r.orders],
  ["executed shares", (r) => r.executedShares],
  ["E/Q", (r) => r.eq],
  ["improved", (r) => r.improvedShare],
  ["net improvement $/sh", (r) => r.netImprovementPerShare],
  ["net improvement % of mid", (r) => r.netImprovementPct],
  ["speed ms", (r) => r.speedMs],
];

function compare605Table(rows: Compare605Row[]): string[] {
  return table([
    COMPARE605.map(([h]) => h),
    ...rows.map((r) => [
      r.entity,
      r.month,
      r.layout,
      r.sp500,
      r.orderType,
      r.size,
      num(r.orders, 0),
      num(r.executedShares, 0),
      num(r.eq, 3),
      pct(r.improvedShare, 1),
      num(r.netImprovementPerShare, 4),
      pct(r.netImprovementPct, 4),
      num(r.speedMs, 1),
    ]),
  ]);
}

function json605Detailed(file: string, r: Detailed605Report) {
  return {
    report: "605",
    layout: "detailed",
    file,
    counts: r.counts,
    rejected: r.rejected,
    invariantBreaks: r.invariantBreaks,
    notes: r.notes,
    rows: r.rows,
    totals: { byOrderTypeAndSize: compare605({ layout: "detailed", report: r }) },
  };
}

function show605Detailed(file: string, r: Detailed605Report, format: string): string {
  if (format === "json") return JSON.stringify(json605Detailed(file, r)) + "\n";
  if (format === "csv") {
    return csv([
      ["line", ...DETAILED605_FIELDS],
      ...r.rows.map((x) => [x.line, ...DETAILED605_FIELDS.map((f) => x[f])]),
    ]);
  }
  const centers = [...new Set(r.rows.map((x) => x.RprtEntityCd))].join(", ");
  const months = [...new Set(r.rows.map((x) => x.RptDate))].join(", ");
  const out = [
    `Rule 605(a)(1) detailed report (amended layout): ${centers || "-"}, month ${months || "-"}`,
    `File: ${file}`,
    `Records: ${r.counts.read} read, ${r.counts.used} used, ${r.counts.rejected} rejected; ` +
    `invariant breaks: ${r.invariantBreaks.length}; notes: ${r.notes.length}`,
    "",
    "Market and marketable limit orders by notional size: share-weighted averages",
    ...compare605Table(compare605({ layout: "detailed", report: r })),
    ...problems("Rejected records", r.rejected),
    ...problems("Records breaking an invariant (kept)", r.invariantBreaks),
    ...problems("Notes: published quirks and how they were read", r.notes),
  ];
  return out.join("\n") + "\n";
}

function comparisonFiles(c: Comparison<unknown>): string[] {
  const out = ["", `Files (${c.files.length}):`];
  for (const f of c.files) {
    out.push(
      `  ${f.file}: ${f.layout}, ${f.counts.read} rows read, ${f.counts.used} used, ` +
        `${f.counts.rejected} rejected`,
    );
  }
  for (const f of c.files) out.push(...problems(`Notes on ${f.file}`, f.notes, 5));
  out.push(...problems("Files skipped", c.skipped));
  return out;
}

function showCompare606(c: Comparison<Compare606Row>, format: string): string {
  if (format === "json") {
    return JSON.stringify(
      { comparison: "606", files: c.files, skipped: c.skipped, rows: c.rows },
      null,
      2,
    ) + "\n";
  }
  if (format === "csv") {
    return csv([
      [
        "file",
        "broker",
        "quarter",
        "section",
        ...RULE606_ORDER_TYPES.map((t) => `${t}Cph`),
        "netUsd",
        "hhi",
        "topVenue",
        "topPct",
      ],
      ...c.rows.map((
        r,
      ) => [
        r.file,
        r.broker,
        r.period,
        r.section,
        ...RULE606_ORDER_TYPES.map((t) => r.cph[t]),
        r.usd,
        r.hhi,
        r.topVenue,
        r.topPct,
      ]),
    ]);
  }
  const rows = [[
    "broker",
    "quarter",
    "section",
    ...RULE606_ORDER_TYPES.map((t) => `${TYPE_LABELS[t]} Cph`),
    "net $",
    "HHI",
    "top venue",
  ]];
  for (const r of c.rows) {
    rows.push([
      r.broker,
      r.period,
      RULE606_SECTION_LABELS[r.section],
      ...RULE606_ORDER_TYPES.map((t) => cph(r.cph[t])),
      num(r.usd, 0),
      num(r.hhi, 0),
      r.topVenue === null ? "-" : `${r.topVenue} (${num(r.topPct, 1)}%)`,
    ]);
  }
  return [
    `Rule 606 comparison: ${c.files.length} reports; net payment received by the broker in cents ` +
    "per 100 shares (Cph; negative: paid); HHI of the venues' shares of orders, mean of the months",
    "",
    ...table(rows),
    ...comparisonFiles(c),
  ].join("\n") + "\n";
}

function showCompare605(c: Comparison<Compare605Row>, format: string): string {
  if (format === "json") {
    return JSON.stringify(
      { comparison: "605", files: c.files, skipped: c.skipped, rows: c.rows },
      null,
      2,
    ) + "\n";
  }
  if (format === "csv") {
    const keys = Object.keys(c.rows[0] ?? { file: "" }) as (keyof Compare605Row)[];
    return csv([keys, ...c.rows.map((r) => keys.map((k) => r[k]))]);
  }
  return [
    `Rule 605 comparison: ${c.files.length} reports; market and marketable limit orders. E/Q: ` +
    "effective over quoted spread (none in the legacy layout); improved: share of executed shares " +
    "price-improved; speed: share-weighted time to execution",
    "",
    ...compare605Table(c.rows),
    ...comparisonFiles(c),
  ].join("\n") + "\n";
}

/**
 * Runs `606 FILE ...` or `605 FILE ...` (the command first); never exits the
 * process. One file prints that report (the 605 layout is detected: legacy,
 * amended detailed or summary); several files, a folder or a zip archive
 * print one comparison of them.
 *
 * @example
 * ```ts
 * import { runDisclosureCli } from "./cli.ts";
 * const r = await runDisclosureCli(["606", "no-such-file.xml"]);
 * if (r.code !== 2 || !r.stdout.includes("no-such-file.xml: cannot read")) throw new Error(r.stdout);
 * ```
 */
export async function runDisclosureCli(args: string[]): Promise<DisclosureCliResult> {
  const [command, ...rest] = args;
  try {
    if (command !== "606" && command !== "605") throw new Usage(`unknown command "${command}"`);
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        strict: true,
        allowPositionals: true,
        options: {
          strict: { type: "boolean", default: false },
          format: { type: "string", default: "table" },
          help: { type: "boolean", short: "h", default: false },
        },
      });
    } catch (e) {
      throw new Usage((e as Error).message);
    }
    if (parsed.values.help) return { stdout: DISCLOSURE_USAGE, code: 0 };
    const format = parsed.values.format!;
    if (!["table", "json", "csv"].includes(format)) {
      throw new Usage(`--format: unknown value "${format}" (expected table, json, csv)`);
    }
    const files = parsed.positionals;
    if (files.length === 0) throw new Usage("expected a FILE (or several, a folder or a zip)");
    const strict = parsed.values.strict!;
    const single = files.length === 1 && !/\.zip$/i.test(files[0]) &&
      !(await Deno.stat(files[0]).then((i) => i.isDirectory, () => false));
    if (!single) return await compareCommand(command, files, strict, format);
    const file = files[0];
    const bytes = await readDisclosureBytes(file);
    // Nothing usable read is bad input, even leniently.
    const usable = (counts: { read: number; used: number }, rejected: Issue[]) => {
      if (counts.used > 0 || counts.read === 0) return;
      throw new DisclosureError([{
        source: file,
        line: null,
        field: null,
        message: `no usable rows: all ${counts.read} were rejected`,
      }, ...rejected]);
    };
    const detected = detectLayout(bytes);
    if (detected.layout === "zip") return await compareCommand(command, files, strict, format);
    if (command === "606") {
      const report = readRule606(decodeXml(bytes, file), { source: file, strict });
      usable(report.rows, report.rejected);
      return { stdout: show606(file, report, format), code: 0 };
    }
    if (detected.layout === "606" || detected.layout === "unknown") {
      throw new DisclosureError([{
        source: file,
        line: 1,
        field: null,
        message: `not a Rule 605 report: ${detected.reason}` +
          (detected.layout === "606" ? " (use the 606 command)" : ""),
      }]);
    }
    const text = new TextDecoder().decode(bytes);
    if (detected.layout === "605-summary") {
      const report = readOes(text, { source: file, strict });
      usable(report.counts, report.rejected);
      return { stdout: show605Summary(file, report, format), code: 0 };
    }
    if (detected.layout === "605-detailed") {
      const report = readDetailed605(text, { source: file, strict });
      usable(report.counts, report.rejected);
      return { stdout: show605Detailed(file, report, format), code: 0 };
    }
    const report = readLegacy605(text, { source: file, strict });
    usable(report.counts, report.rejected);
    return { stdout: show605Legacy(file, report, format), code: 0 };
  } catch (e) {
    if (e instanceof Usage) {
      return { stdout: `error: ${e.message}\n\n${DISCLOSURE_USAGE}`, code: 2 };
    }
    if (e instanceof DisclosureError || e instanceof RangeError) {
      return { stdout: `error: ${(e as Error).message}\n`, code: 2 };
    }
    throw e;
  }
}

/** The comparison of several files; exit 2 when none is usable (or, strict, when any is skipped). */
async function compareCommand(
  command: "605" | "606",
  files: string[],
  strict: boolean,
  format: string,
): Promise<DisclosureCliResult> {
  const c = command === "606"
    ? await compareFiles("606", files, { strict })
    : await compareFiles("605", files, { strict });
  if (c.files.length === 0 || (strict && c.skipped.length > 0)) {
    throw new DisclosureError(
      c.skipped.length > 0 ? c.skipped : [{
        source: files.join(", "),
        line: null,
        field: null,
        message: `no ${command} report found`,
      }],
    );
  }
  return {
    stdout: command === "606"
      ? showCompare606(c as Comparison<Compare606Row>, format)
      : showCompare605(c as Comparison<Compare605Row>, format),
    code: 0,
  };
}
