/**
 * The market's headlines on a notebook page: each value as text, a table for
 * readers, and each value marked under {@linkcode HEADLINE_MIME} so that a
 * test can read the executed notebooks and check that the pages agree. The
 * rules behind the values are in `headlines.ts`.
 *
 * @module
 */
import pl from "nodejs-polars";
import {
  HEADLINE_RUN,
  MARKET_HEADLINES,
  type MarketHeadlineId,
  type MarketHeadlines,
} from "../analysis/headlines.ts";
import {
  displayAndSettle,
  escapeDollars,
  formatBillions,
  TABLE_MIME,
  tableCsv,
  tableHtml,
} from "./display.ts";

/** The MIME type that marks a headline value in a notebook's output. */
export const HEADLINE_MIME = "application/vnd.pfof-lab.headline+json";

/**
 * A headline value as text: `$7,813`, `$2.52`, `28.7%`, and a yearly total as
 * readers write it, `$237 million` under $1bn and `$1.15 billion` above (see
 * {@linkcode formatBillions}). A headline's `digits` (in `headlines.ts`) are
 * its decimals of a billion: 2 rounds the millions to tens (`$880 million`),
 * 3 to whole millions; billions never show more than two decimals. Every page
 * and the findings page write a headline through this one function, so that
 * they show the same text for the same value.
 *
 * @example
 * ```ts
 * import { formatHeadline } from "./headline_display.ts";
 * if (formatHeadline("paymentsBn", 0.876) !== "$880 million") throw new Error();
 * if (formatHeadline("statusQuoExtraCostBn", 0.2374) !== "$237 million") throw new Error();
 * if (formatHeadline("auctionGainBn", 1.1512) !== "$1.15 billion") throw new Error();
 * if (formatHeadline("averageOrder", 7813.2) !== "$7,813") throw new Error();
 * if (formatHeadline("piPctOfSpread", 28.71) !== "28.7%") throw new Error();
 * ```
 */
export function formatHeadline(id: MarketHeadlineId, value: number): string {
  const h = MARKET_HEADLINES.find((x) => x.id === id);
  if (!h) throw new RangeError(`headline: unknown id "${id}"`);
  if (h.unit === "$bn") {
    return formatBillions(value, {
      millionsStep: 10 ** Math.max(0, 3 - h.digits),
      billionDigits: Math.min(h.digits, 2),
    });
  }
  const n = value.toLocaleString("en-US", {
    minimumFractionDigits: h.digits,
    maximumFractionDigits: h.digits,
  });
  if (h.unit === "%") return `${n}%`;
  return `$${n}`;
}

/**
 * The MIME bundle of a table of headlines: HTML and text for readers, and each
 * value marked under {@linkcode HEADLINE_MIME} for the consistency test.
 *
 * @example
 * ```ts
 * import { HEADLINE_MIME, headlinesBundle } from "./headline_display.ts";
 * import { marketHeadlines } from "../analysis/headlines.ts";
 * const h = marketHeadlines({ orders: 1000, seeds: [1, 2] });
 * const b = headlinesBundle(h, ["costPer10k"]);
 * const marked = b[HEADLINE_MIME] as { id: string; mean: number }[];
 * if (marked[0].id !== "costPer10k" || marked[0].mean !== h.costPer10k.mean) throw new Error();
 * ```
 */
export function headlinesBundle(
  h: MarketHeadlines,
  ids: readonly MarketHeadlineId[] = MARKET_HEADLINES.map((x) => x.id),
): Record<string, unknown> {
  const rows = ids.map((id) => {
    const meta = MARKET_HEADLINES.find((x) => x.id === id);
    if (!meta) throw new RangeError(`headline: unknown id "${id}"`);
    return {
      headline: meta.label,
      value: formatHeadline(id, h[id].mean),
      "95% interval": `${formatHeadline(id, h[id].low)} to ${formatHeadline(id, h[id].high)}`,
    };
  });
  const text = rows.map((r) => `${r.headline}: ${r.value} (${r["95% interval"]})`).join("\n");
  const caption =
    `The market's headlines (lib/headlines.ts): the calibrated world under its status ` +
    `quo, ${HEADLINE_RUN.seeds.length} days of ${HEADLINE_RUN.orders.toLocaleString("en-US")} ` +
    `orders; every page quoting them shows the same numbers.`;
  return {
    "text/html":
      `${
        tableHtml(pl.DataFrame(rows), { headline: "text", value: "text", "95% interval": "text" })
      }` +
      `<p><small>${escapeDollars(caption)}</small></p>`,
    "text/plain": text,
    [HEADLINE_MIME]: ids.map((id) => ({
      id,
      mean: h[id].mean,
      low: h[id].low,
      high: h[id].high,
      text: formatHeadline(id, h[id].mean),
    })),
    [TABLE_MIME]: {
      csv: tableCsv(pl.DataFrame({
        headline: ids.map((id) => MARKET_HEADLINES.find((x) => x.id === id)!.label),
        id: [...ids],
        mean: ids.map((id) => h[id].mean),
        low: ids.map((id) => h[id].low),
        high: ids.map((id) => h[id].high),
      })),
    },
  };
}

/**
 * Shows headlines in a notebook (see {@linkcode headlinesBundle}).
 *
 * @example
 * ```ts
 * import { showHeadlines } from "./headline_display.ts";
 * import { marketHeadlines } from "../analysis/headlines.ts";
 * await showHeadlines(marketHeadlines({ orders: 1000, seeds: [1, 2] }), ["paymentsBn"]);
 * ```
 */
export async function showHeadlines(
  h: MarketHeadlines,
  ids?: readonly MarketHeadlineId[],
): Promise<void> {
  await displayAndSettle(headlinesBundle(h, ids));
}
