/**
 * Notebook display helpers: compact HTML tables with number formats for
 * DataFrames, Markdown with computed numbers, and the headline finding of a
 * notebook (which the report's contents page collects).
 *
 * @module
 */
import pl from "nodejs-polars";
import type { DataFrame } from "nodejs-polars";

import type { IntervalRow } from "../runs/montecarlo.ts";

/** Number formats for table columns. */
export type Format =
  | "int"
  | "num"
  | "usd"
  | "usd2"
  | "usd4"
  | "cents"
  | "cents1"
  | "cents2"
  | "usdbn"
  | "bps"
  | "pct"
  | "ratio"
  | "ms"
  | "s"
  | "text";

/** MIME type that marks a notebook's headline finding for the report. */
export const FINDING_MIME = "application/vnd.pfof-lab.finding+json";

/**
 * MIME type that carries a table's data as CSV (written by polars), which the
 * report offers as a download beside the table.
 */
export const TABLE_MIME = "application/vnd.pfof-lab.table+json";

/**
 * A table's data as CSV text, written by polars.
 *
 * @example
 * ```ts
 * import pl from "nodejs-polars";
 * import { tableCsv } from "./display.ts";
 * if (tableCsv(pl.DataFrame({ venue: ["A"], n: [2] })) !== "venue,n\nA,2.0\n") throw new Error();
 * ```
 */
export function tableCsv(df: DataFrame): string {
  return String(df.writeCSV());
}

/**
 * A yearly total in billions of dollars as readers write it: whole millions
 * under $1bn (`$237 million`), billions to the cent of a billion above
 * (`$1.15 billion`). `millionsStep` rounds the millions coarser (10 gives
 * `$730 million` for 0.733) and `billionDigits` sets the decimals of the
 * billions (at most 2).
 *
 * @example
 * ```ts
 * import { formatBillions } from "./display.ts";
 * if (formatBillions(0.2374) !== "$237 million") throw new Error();
 * if (formatBillions(1.1512) !== "$1.15 billion") throw new Error();
 * if (formatBillions(0.733, { millionsStep: 10 }) !== "$730 million") throw new Error();
 * if (formatBillions(-0.09) !== "−$90 million") throw new Error();
 * ```
 */
export function formatBillions(
  bn: number,
  { millionsStep = 1, billionDigits = 2 }: { millionsStep?: number; billionDigits?: number } = {},
): string {
  if (!Number.isFinite(bn)) return "–";
  const sign = bn < 0 ? "−" : "";
  const a = Math.abs(bn);
  const digits = Math.min(Math.max(billionDigits, 0), 2);
  const millions = Math.round((a * 1000) / millionsStep) * millionsStep;
  if (millions < 1000) {
    return `${sign}$${millions.toLocaleString("en-US")} million`;
  }
  return `${sign}$${
    a.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
  } billion`;
}

/**
 * Formats a number for humans. Money: `usd` (whole dollars from $100, cents
 * below), `usd2` (always to the cent), `usd4` (four decimals of a dollar, for
 * quoted rates and sub-penny prices only), `cents` / `cents2` / `cents1`
 * (dollars shown in cents to three, two or one decimals: per-share and
 * per-order amounts under a dollar) and `usdbn` (a value in billions, as
 * {@linkcode formatBillions} writes it).
 *
 * @example
 * ```ts
 * import { formatNumber } from "./display.ts";
 * if (formatNumber(0.0123, "pct") !== "1.23%") throw new Error();
 * if (formatNumber(1234567.8, "usd") !== "$1,234,568") throw new Error();
 * if (formatNumber(0.0021, "cents") !== "0.210¢") throw new Error();
 * if (formatNumber(0.008, "cents2") !== "0.80¢") throw new Error();
 * if (formatNumber(0.397, "cents1") !== "39.7¢") throw new Error();
 * if (formatNumber(2.3694, "usd2") !== "$2.37") throw new Error();
 * if (formatNumber(0.237, "usdbn") !== "$237 million") throw new Error();
 * ```
 */
export function formatNumber(x: unknown, format: Format): string {
  if (typeof x === "bigint") x = Number(x);
  if (typeof x !== "number") return String(x ?? "");
  if (!Number.isFinite(x)) return "–";
  const group = (v: number, digits: number) =>
    v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  switch (format) {
    case "int":
      return group(x, 0);
    case "usd":
      return (x < 0 ? "−$" : "$") + group(Math.abs(x), Math.abs(x) >= 100 ? 0 : 2);
    case "usd2":
      return (x < 0 ? "−$" : "$") + group(Math.abs(x), 2);
    case "usd4":
      return (x < 0 ? "−$" : "$") + Math.abs(x).toFixed(4);
    case "cents":
      return `${x < 0 ? "−" : ""}${(Math.abs(x) * 100).toFixed(3)}¢`;
    case "cents2":
      return `${x < 0 ? "−" : ""}${(Math.abs(x) * 100).toFixed(2)}¢`;
    case "cents1":
      return `${x < 0 ? "−" : ""}${(Math.abs(x) * 100).toFixed(1)}¢`;
    case "usdbn":
      return formatBillions(x);
    case "bps":
      return `${x.toFixed(2)} bp`;
    case "pct":
      return `${(x * 100).toFixed(2)}%`;
    case "ratio":
      return x.toFixed(3);
    case "ms":
      return `${x.toFixed(1)} ms`;
    case "s":
      return `${x.toFixed(3)} s`;
    case "num":
      return Math.abs(x) >= 1000 ? group(x, 0) : Number(x.toPrecision(4)).toString();
    default:
      return String(x);
  }
}

function escapeHtml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * A compact HTML table of a DataFrame, numbers formatted per column.
 *
 * @example
 * ```ts
 * import pl from "nodejs-polars";
 * import { tableHtml } from "./display.ts";
 * const html = tableHtml(pl.DataFrame({ venue: ["A"], eq: [0.5] }), { eq: "pct" });
 * if (!html.includes("50.00%")) throw new Error(html);
 * ```
 */
export function tableHtml(
  df: DataFrame,
  formats: Record<string, Format> = {},
  labels: Record<string, string> = {},
): string {
  const cols = df.columns;
  const data = cols.map((c) => df.getColumn(c).toArray());
  const numeric = cols.map((c, i) => formats[c] !== "text" && typeof data[i][0] === "number");
  const head = cols.map((c, i) =>
    `<th style="text-align:${numeric[i] ? "right" : "left"}">${escapeHtml(labels[c] ?? c)}</th>`
  ).join("");
  const rows: string[] = [];
  for (let r = 0; r < df.height; r++) {
    rows.push(
      "<tr>" + cols.map((c, i) => {
        const v = data[i][r];
        const text = typeof v === "number" || typeof v === "bigint"
          ? formatNumber(v, formats[c] ?? "num")
          : String(v ?? "");
        const style = numeric[i] ? "text-align:right;white-space:nowrap" : "text-align:left";
        return `<td style="${style}">${escapeHtml(text)}</td>`;
      }).join("") + "</tr>",
    );
  }
  return `<table class="pfof-table"><thead><tr>${head}</tr></thead><tbody>${
    rows.join("")
  }</tbody></table>`;
}

/**
 * Writes dollar signs outside code spans as the HTML entity `&#36;`, so that
 * JupyterLab and nbconvert show money instead of starting LaTeX math (nbconvert
 * 6.5 does not honour the usual `\$` escape).
 *
 * @example
 * ```ts
 * import { escapeDollars } from "./display.ts";
 * if (escapeDollars("**$1** and `$x`") !== "**&#36;1** and `$x`") throw new Error();
 * ```
 */
export function escapeDollars(markdown: string): string {
  return markdown.split(/(`[^`]*`)/).map((part, i) =>
    i % 2 === 1 ? part : part.replace(/\\?\$/g, "&#36;")
  ).join("");
}

/** The display function of the Deno Jupyter kernel. */
export type Jupyter = { display: (b: unknown, o: { raw: boolean }) => Promise<void> };

/**
 * `Deno.jupyter` inside the Jupyter kernel, undefined elsewhere (where it throws).
 *
 * @example
 * ```ts
 * import { jupyterKernel } from "./display.ts";
 * // Outside a notebook there is no kernel to display to.
 * if (jupyterKernel() !== undefined) throw new Error();
 * ```
 */
export function jupyterKernel(): Jupyter | undefined {
  try {
    return (Deno as unknown as { jupyter?: Jupyter }).jupyter;
  } catch {
    return undefined;
  }
}
const jupyter = jupyterKernel;

/**
 * Shows a bundle in the notebook and waits a moment: under nbconvert the Deno
 * kernel can report a cell finished before its last display message is
 * flushed, and that output is then lost (seen as missing charts and
 * findings). A short pause after each display closes the gap.
 *
 * @example
 * ```ts
 * import { displayAndSettle } from "./display.ts";
 * await displayAndSettle({ "text/plain": "shown only inside a notebook" });
 * ```
 */
export async function displayAndSettle(bundle: Record<string, unknown>): Promise<void> {
  const kernel = jupyter();
  if (!kernel) return;
  await kernel.display(bundle, { raw: true });
  await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * Shows a DataFrame in a notebook as a compact formatted table (see
 * {@linkcode tableHtml}); does nothing outside Jupyter.
 *
 * @example
 * ```ts
 * import pl from "nodejs-polars";
 * import { showTable } from "./display.ts";
 * await showTable(pl.DataFrame({ policy: ["x"], cost: [12.5] }), { cost: "usd" });
 * ```
 */
export async function showTable(
  df: DataFrame,
  formats: Record<string, Format> = {},
  labels: Record<string, string> = {},
): Promise<void> {
  const html = tableHtml(df, formats, labels);
  const named = Object.keys(labels).length > 0
    ? df.rename(Object.fromEntries(df.columns.map((c) => [c, labels[c] ?? c])))
    : df;
  await displayAndSettle({
    "text/html": html,
    "text/plain": df.toString(),
    [TABLE_MIME]: { csv: tableCsv(named) },
  });
}

/**
 * Shows Markdown in a notebook (numbers interpolated from the computation).
 *
 * @example
 * ```ts
 * import { say } from "./display.ts";
 * await say(`Cost: ${(1.5).toFixed(2)}`);
 * ```
 */
export async function say(markdown: string): Promise<void> {
  await displayAndSettle({ "text/markdown": escapeDollars(markdown), "text/plain": markdown });
}

/**
 * The MIME bundle of a headline finding: Markdown for readers, and a marked
 * copy the report's contents page quotes.
 *
 * @example
 * ```ts
 * import { FINDING_MIME, findingBundle } from "./display.ts";
 * const b = findingBundle("Routing for payment costs customers more.");
 * if ((b[FINDING_MIME] as { text: string }).text !== "Routing for payment costs customers more.") {
 *   throw new Error();
 * }
 * ```
 */
export function findingBundle(markdown: string): Record<string, unknown> {
  return {
    "text/markdown": `> **Finding.** ${escapeDollars(markdown)}`,
    "text/plain": markdown,
    [FINDING_MIME]: { text: markdown },
  };
}

/**
 * Shows the notebook's headline finding (see {@linkcode findingBundle}).
 *
 * @example
 * ```ts
 * import { finding } from "./display.ts";
 * await finding("Routing for payment costs customers more.");
 * ```
 */
export async function finding(markdown: string): Promise<void> {
  await displayAndSettle(findingBundle(markdown));
}

/**
 * A table of Monte Carlo results: one row per metric, one column per policy,
 * each cell "mean [low, high]" in the metric's format, for one group of a
 * grouped run (`{ venue: "WH-A" }`, say) or, by default, the ungrouped rows.
 *
 * @example
 * ```ts
 * import { intervalTableHtml } from "./display.ts";
 * const html = intervalTableHtml(
 *   [{ policy: "p", group: {}, metric: "eq", mean: 0.5, low: 0.4, high: 0.6, sd: 0.1, replications: 5 }],
 *   [["eq", "E/Q", "pct"]],
 * );
 * if (!html.includes("50.00% [40.00%, 60.00%]")) throw new Error(html);
 * ```
 */
export function intervalTableHtml(
  rows: IntervalRow[],
  metrics: [metric: string, label: string, format: Format][],
  group: Record<string, string> = {},
): string {
  const wanted = Object.entries(group);
  rows = rows.filter((r) =>
    Object.keys(r.group).length === wanted.length &&
    wanted.every(([k, v]) => (r.group as Record<string, string>)[k] === v)
  );
  const policies = [...new Set(rows.map((r) => r.policy))];
  const head = ["metric", ...policies].map((h, i) =>
    `<th style="text-align:${i ? "right" : "left"}">${escapeHtml(h)}</th>`
  ).join("");
  const body = metrics.map(([metric, label, format]) => {
    const cells = policies.map((p) => {
      const r = rows.find((x) => x.policy === p && x.metric === metric);
      const text = !r
        ? ""
        : Number.isFinite(r.low)
        ? `${formatNumber(r.mean, format)} [${formatNumber(r.low, format)}, ${
          formatNumber(r.high, format)
        }]`
        : formatNumber(r.mean, format);
      return `<td style="text-align:right;white-space:nowrap">${escapeHtml(text)}</td>`;
    }).join("");
    return `<tr><td style="text-align:left">${escapeHtml(label)}</td>${cells}</tr>`;
  }).join("");
  return `<table class="pfof-table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/**
 * The rows of {@linkcode intervalTableHtml} as CSV (written by polars): one
 * line per metric and policy, with the mean and the 95% interval unformatted.
 *
 * @example
 * ```ts
 * import { intervalCsv } from "./display.ts";
 * const csv = intervalCsv(
 *   [{ policy: "p", group: {}, metric: "eq", mean: 0.5, low: 0.4, high: 0.6, sd: 0.1, replications: 5 }],
 *   [["eq", "E/Q", "pct"]],
 * );
 * if (!csv.startsWith("metric,policy,mean,low,high")) throw new Error(csv);
 * ```
 */
export function intervalCsv(
  rows: IntervalRow[],
  metrics: [metric: string, label: string, format: Format][],
  group: Record<string, string> = {},
): string {
  const wanted = Object.entries(group);
  const chosen = rows.filter((r) =>
    Object.keys(r.group).length === wanted.length &&
    wanted.every(([k, v]) => (r.group as Record<string, string>)[k] === v)
  );
  const out = { metric: [] as string[], policy: [] as string[], mean: [] as number[] };
  const low: number[] = [], high: number[] = [];
  for (const [metric, label] of metrics) {
    for (const r of chosen.filter((x) => x.metric === metric)) {
      out.metric.push(label);
      out.policy.push(r.policy);
      out.mean.push(r.mean);
      low.push(r.low);
      high.push(r.high);
    }
  }
  return tableCsv(pl.DataFrame({ ...out, low, high }));
}

/**
 * Shows {@linkcode intervalTableHtml} in a notebook.
 *
 * @example
 * ```ts
 * import { showIntervals } from "./display.ts";
 * await showIntervals([], [["eq", "E/Q", "pct"]]);
 * ```
 */
export async function showIntervals(
  rows: IntervalRow[],
  metrics: [metric: string, label: string, format: Format][],
  group: Record<string, string> = {},
): Promise<void> {
  const html = intervalTableHtml(rows, metrics, group);
  await displayAndSettle({
    "text/html": html,
    "text/plain": "interval table",
    [TABLE_MIME]: { csv: intervalCsv(rows, metrics, group) },
  });
}
