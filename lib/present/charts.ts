/**
 * Charts: Vega-Lite specs with one readable, colour-blind-safe theme, fixed
 * colours for policies and venues across every notebook, and a display
 * helper that sends each chart to Jupyter as a bundle: the Vega-Lite JSON
 * (JupyterLab renders it interactively), a PNG (what the HTML export shows;
 * nbconvert 6.5 blanks inline SVG), and a text fallback.
 *
 * The PNG is rendered headless: vega draws the SVG, resvg rasterises it.
 *
 * @module
 */
import * as vega from "vega";
import * as vl from "vega-lite";
import { Resvg } from "@resvg/resvg-js";
import { displayAndSettle, jupyterKernel } from "./display.ts";

/** A Vega-Lite specification (top level). */
export type ChartSpec = vl.TopLevelSpec;

/** Okabe–Ito, the colour-blind-safe palette. */
export const PALETTE = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#E69F00",
  "#CC79A7",
  "#56B4E9",
  "#F0E442",
  "#000000",
] as const;

/** Fixed colour of each policy, the same in every notebook. */
export const POLICY_COLORS: Record<string, string> = {
  "scorecard": "#7F3C8D",
  "status quo": "#7F3C8D",
  "best-execution": "#009E73",
  "max-payment": "#D55E00",
  "balanced (w=0.3)": "#E69F00",
  "balanced": "#E69F00",
  "auction": "#0072B2",
  "cap": "#56B4E9",
  "ban": "#CC79A7",
  "commission": "#000000",
  "subscription": "#999999",
};

/** Fixed colour of each venue of the default scenario. */
export const VENUE_COLORS: Record<string, string> = {
  "LIT-A": "#0072B2",
  "LIT-B": "#56B4E9",
  "LIT-INV": "#8FB8DE",
  "WH-A": "#D55E00",
  "WH-B": "#E69F00",
  "WH-C": "#009E73",
  "WH-D": "#882255",
  "WH-E": "#8C564B",
  "DARK-1": "#555555",
  "AFF-1": "#CC79A7",
  "AUCTION": "#000000",
};

/** Font used in rendered charts (installed by scripts/setup.sh). */
export const CHART_FONT = "DejaVu Sans";

/** The theme, as a Vega-Lite config. */
export const THEME: vl.Config = {
  font: CHART_FONT,
  background: "white",
  padding: 12,
  view: { stroke: null },
  title: {
    fontSize: 15,
    fontWeight: "bold",
    anchor: "start",
    subtitleFontSize: 12,
    subtitleColor: "#444",
  },
  axis: {
    labelLimit: 400,
    labelFontSize: 12,
    titleFontSize: 12,
    titleFontWeight: "normal",
    gridColor: "#e6e6e6",
    domainColor: "#888",
    tickColor: "#888",
  },
  legend: {
    labelFontSize: 12,
    titleFontSize: 12,
    orient: "bottom",
    direction: "horizontal",
    labelLimit: 360,
    columns: 2,
  },
  axisX: { labelAngle: 0, labelLimit: 200 },
  range: { category: [...PALETTE] },
  // Every mark shows its data on hover in the interactive copy.
  mark: { color: PALETTE[0], tooltip: { content: "encoding" } },
  bar: { discreteBandSize: { band: 0.8 } },
};

/**
 * A colour scale fixed to the policy (or venue) colours for the given domain.
 *
 * @example
 * ```ts
 * import { colorScale } from "./charts.ts";
 * const s = colorScale(["best-execution", "max-payment"], "policy");
 * if (s.range[1] !== "#D55E00") throw new Error();
 * ```
 */
export function colorScale(
  domain: string[],
  kind: "policy" | "venue",
): { domain: string[]; range: string[] } {
  const fixed = kind === "policy" ? POLICY_COLORS : VENUE_COLORS;
  const used = new Set<string>();
  const range = domain.map((d) => fixed[d]);
  range.forEach((c) => c && used.add(c));
  // Variants ("balanced (w=0.5)") take their family's colour unless another entry has it.
  domain.forEach((d, i) => {
    if (range[i]) return;
    const family = fixed[d.replace(/ \(.*\)$/, "")];
    if (family && !used.has(family)) {
      range[i] = family;
      used.add(family);
    }
  });
  const spare = PALETTE.filter((c) => !used.has(c));
  let next = 0;
  return {
    domain,
    range: range.map((c) => c ?? spare[next++ % Math.max(1, spare.length)] ?? PALETTE[0]),
  };
}

/**
 * Applies the theme and default size to a spec.
 *
 * @example
 * ```ts
 * import { themed } from "./charts.ts";
 * const spec = themed({ mark: "bar", data: { values: [] } });
 * if (spec.config?.font !== "DejaVu Sans") throw new Error();
 * ```
 */
export function themed(spec: ChartSpec): ChartSpec {
  const s = spec as unknown as Record<string, unknown>;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    ...("width" in s || "hconcat" in s || "facet" in s ? {} : { width: 560 }),
    ...spec,
    config: { ...THEME, ...(spec.config ?? {}) },
  } as ChartSpec;
}

/**
 * Renders a spec to SVG, headless.
 *
 * @example
 * ```ts
 * import { renderSvg } from "./charts.ts";
 * const svg = await renderSvg({ mark: "point", data: { values: [{ x: 1 }] },
 *   encoding: { x: { field: "x", type: "quantitative" } } });
 * if (!svg.startsWith("<svg")) throw new Error();
 * ```
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  // Vega-Lite's warnings would print into the notebook's output; the spec is the notebook's to fix.
  const quiet = {
    level: () => quiet,
    error: (...args: unknown[]) => {
      throw new Error(args.map(String).join(" "));
    },
    warn: () => quiet,
    info: () => quiet,
    debug: () => quiet,
  };
  const compiled = vl.compile(themed(spec), { logger: quiet as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Renders a spec to PNG bytes (SVG by vega, rasterised by resvg at `scale`).
 *
 * @example
 * ```ts
 * import { renderPng } from "./charts.ts";
 * const png = await renderPng({ mark: "point", data: { values: [{ x: 1 }] },
 *   encoding: { x: { field: "x", type: "quantitative" } } });
 * if (png[1] !== 0x50) throw new Error("not a PNG"); // "\x89PNG"
 * ```
 */
export async function renderPng(spec: ChartSpec, scale = 2): Promise<Uint8Array> {
  const svg = await renderSvg(spec);
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: CHART_FONT },
    background: "white",
  });
  return resvg.render().asPng();
}

function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

type Datum = Record<string, unknown>;
type Channel = { field?: string; type?: string; title?: unknown };

function channels(spec: Record<string, unknown>): Record<string, Channel>[] {
  const found: Record<string, Channel>[] = [];
  const walk = (s: Record<string, unknown>) => {
    if (s.encoding) found.push(s.encoding as Record<string, Channel>);
    for (const key of ["layer", "hconcat", "vconcat", "concat"]) {
      for (const sub of (s[key] as Record<string, unknown>[] | undefined) ?? []) walk(sub);
    }
    if (s.spec) walk(s.spec as Record<string, unknown>);
  };
  walk(spec);
  return found;
}

function shortNumber(x: number): string {
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString("en-US");
  if (a >= 10) return x.toFixed(1);
  if (a >= 0.1) return x.toFixed(2);
  return Number(x.toPrecision(2)).toString();
}

/**
 * Alt text for a chart that states what it shows: its title and subtitle, and
 * where its measured value is highest and lowest (read from the spec's data).
 * A spec's own `description` wins over this.
 *
 * @example
 * ```ts
 * import { chartAlt } from "./charts.ts";
 * const alt = chartAlt({ title: "Cost", mark: "bar",
 *   data: { values: [{ p: "a", v: 2 }, { p: "b", v: 1 }] },
 *   encoding: { y: { field: "p", type: "nominal" }, x: { field: "v", type: "quantitative" } } });
 * if (!alt.includes("highest for a (2.00)") || !alt.includes("lowest for b (1.00)")) throw new Error(alt);
 * ```
 */
export function chartAlt(spec: ChartSpec): string {
  const s = spec as unknown as Record<string, unknown>;
  if (typeof s.description === "string" && s.description) return s.description;
  const t = s.title as string | string[] | {
    text?: string | string[];
    subtitle?: string | string[];
  };
  const flat = (x: unknown) => (Array.isArray(x) ? x.join(" ") : typeof x === "string" ? x : "");
  const title = typeof t === "object" && !Array.isArray(t) ? flat(t?.text) : flat(t);
  const subtitle = typeof t === "object" && !Array.isArray(t) ? flat(t?.subtitle) : "";
  const parts = [`Chart: ${title || "untitled"}.`];
  if (subtitle) parts.push(`${subtitle}.`);
  const values = (s.data as { values?: Datum[] } | undefined)?.values;
  if (Array.isArray(values) && values.length > 1) {
    for (const enc of channels(s)) {
      const measure = ["x", "y"].map((k) => enc[k]).find((c) => c?.type === "quantitative");
      const label = [enc.color, enc.y, enc.x].find((c) =>
        c?.field && (c.type === "nominal" || c.type === "ordinal")
      ) ?? [enc.x, enc.y].find((c) =>
        c?.field && c !== measure
      );
      if (!measure?.field) continue;
      const rows = values.filter((v) => typeof v[measure.field!] === "number");
      if (rows.length < 2) continue;
      const by = (a: Datum, b: Datum) =>
        (b[measure.field!] as number) - (a[measure.field!] as number);
      const sorted = [...rows].sort(by);
      const name = (d: Datum) => (label?.field ? ` for ${String(d[label.field])}` : "");
      const what = typeof measure.title === "string" ? measure.title : measure.field;
      parts.push(
        `${what}: highest${name(sorted[0])} (${
          shortNumber(sorted[0][measure.field] as number)
        }), ` +
          `lowest${name(sorted[sorted.length - 1])} (${
            shortNumber(sorted[sorted.length - 1][measure.field] as number)
          }).`,
      );
      break;
    }
  }
  return parts.join(" ");
}

/** What a chart says, for readers who cannot see it. */
export interface ChartOptions {
  /**
   * The chart's finding in words, computed from the numbers it draws (for
   * example "Routing for payment costs customers $0.09 more per $10,000 than
   * best execution"). It leads the chart's alt text, followed by the title; a
   * chart without one falls back to {@linkcode chartAlt}.
   */
  alt?: string;
}

function titleText(spec: ChartSpec): string {
  const t = (spec as { title?: unknown }).title;
  const flat = (x: unknown) => (Array.isArray(x) ? x.join(" ") : typeof x === "string" ? x : "");
  return typeof t === "object" && t !== null && !Array.isArray(t)
    ? flat((t as { text?: unknown }).text)
    : flat(t);
}

/**
 * A spec with its alt text (`description`) set: the explicit finding, if
 * given, then the chart's title; otherwise the spec's own description or
 * {@linkcode chartAlt}.
 *
 * @example
 * ```ts
 * import { withAlt } from "./charts.ts";
 * const s = withAlt({ title: "Cost", mark: "bar", data: { values: [] } }, {
 *   alt: "The auction costs least.",
 * });
 * if (s.description !== "The auction costs least. (Chart: Cost.)") throw new Error(s.description);
 * ```
 */
export function withAlt(spec: ChartSpec, options: ChartOptions = {}): ChartSpec {
  // A sentence: the finding may start with a computed name ("ban costs …").
  const finding = options.alt?.trim().replace(/^./, (c) => c.toUpperCase());
  if (finding) {
    const title = titleText(spec);
    const sentence = /[.!?]$/.test(finding) ? finding : `${finding}.`;
    return {
      ...spec,
      description: title ? `${sentence} (Chart: ${title}.)` : sentence,
    } as ChartSpec;
  }
  return (spec.description ? spec : { ...spec, description: chartAlt(spec) }) as ChartSpec;
}

/**
 * The MIME bundle of a chart: Vega-Lite JSON, PNG and a text fallback. The
 * alt text (the spec's `description`) states `options.alt`, the chart's
 * finding, when given.
 *
 * @example
 * ```ts
 * import { chartBundle } from "./charts.ts";
 * const b = await chartBundle({ title: "T", mark: "point", data: { values: [{ x: 1 }] },
 *   encoding: { x: { field: "x", type: "quantitative" } } });
 * if (!("image/png" in b) || b["text/plain"] !== "Chart: T") throw new Error();
 * ```
 */
export async function chartBundle(
  spec: ChartSpec,
  options: ChartOptions = {},
): Promise<Record<string, unknown>> {
  const full = withAlt(themed(spec), options);
  const title = titleText(full) || "chart";
  return {
    "application/vnd.vegalite.v5+json": full,
    "image/png": base64(await renderPng(full)),
    "text/plain": options.alt ? `Chart: ${title}. ${options.alt}` : `Chart: ${title}`,
  };
}

/**
 * Shows a chart in a Jupyter notebook (Deno kernel) as a
 * {@linkcode chartBundle}; does nothing else outside Jupyter. Pass the
 * chart's finding, computed from its numbers, as `alt`.
 *
 * @example
 * ```ts ignore
 * import { displayChart } from "./charts.ts";
 * await displayChart({ mark: "bar", data: { values: [{ a: "x", b: 1 }] },
 *   encoding: { x: { field: "a" }, y: { field: "b", type: "quantitative" } } },
 *   { alt: "x is 1" });
 * ```
 */
export async function displayChart(spec: ChartSpec, options: ChartOptions = {}): Promise<void> {
  if (jupyterKernel()) await displayAndSettle(await chartBundle(spec, options));
}

/** One bar of an interval chart. */
export interface IntervalDatum {
  /** Category (policy, venue, ...), on the vertical axis. */
  label: string;
  /** Mean. */
  mean: number;
  /** Lower end of the interval. */
  low: number;
  /** Upper end of the interval. */
  high: number;
}

/**
 * Horizontal bars of means with 95% interval whiskers, coloured by policy or
 * venue with the fixed colours.
 *
 * @example
 * ```ts
 * import { intervalBarChart } from "./charts.ts";
 * const spec = intervalBarChart([{ label: "max-payment", mean: 2, low: 1.8, high: 2.2 }],
 *   { title: "Cost", xTitle: "$ per $10,000", colorKind: "policy" });
 * if (!("layer" in spec)) throw new Error();
 * ```
 */
export function intervalBarChart(
  data: IntervalDatum[],
  options: {
    title: string;
    subtitle?: string;
    xTitle: string;
    yTitle?: string;
    colorKind?: "policy" | "venue";
    format?: string;
    /** The chart's finding in words (see {@linkcode ChartOptions}). */
    alt?: string;
  },
): ChartSpec {
  const domain = data.map((d) => d.label);
  const color = options.colorKind
    ? {
      field: "label",
      type: "nominal" as const,
      scale: colorScale(domain, options.colorKind),
      legend: null,
    }
    : { value: PALETTE[0] };
  const y = {
    field: "label",
    type: "nominal" as const,
    sort: domain,
    title: options.yTitle ?? null,
  };
  return withAlt(
    themed({
      title: options.subtitle ? { text: options.title, subtitle: options.subtitle } : options.title,
      width: 520,
      height: { step: 34 },
      data: { values: data as unknown as Record<string, unknown>[] },
      layer: [
        {
          mark: { type: "bar", height: { band: 0.6 } },
          encoding: {
            y,
            x: { field: "mean", type: "quantitative", title: options.xTitle },
            color,
          },
        },
        {
          mark: { type: "rule", strokeWidth: 1.5, color: "#222" },
          encoding: { y, x: { field: "low", type: "quantitative" }, x2: { field: "high" } },
        },
        {
          mark: { type: "text", align: "left", dx: 6, fontSize: 12 },
          encoding: {
            y,
            x: { field: "high", type: "quantitative" },
            text: { field: "mean", type: "quantitative", format: options.format ?? ".2f" },
          },
        },
      ],
    } as ChartSpec),
    { alt: options.alt },
  );
}
