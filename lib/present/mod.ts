/**
 * Showing the results in notebooks (`pfof-lab/present`): data frames of the
 * venues and metrics, Vega-Lite charts, tables and findings, and the market's
 * headlines with their intervals.
 *
 * ```ts
 * import { formatNumber } from "./mod.ts";
 * if (formatNumber(0.0123, "pct") !== "1.23%") throw new Error();
 * ```
 *
 * @module
 */
export * from "./frames.ts";
export * from "./charts.ts";
export * from "./display.ts";
export * from "./headline_display.ts";
