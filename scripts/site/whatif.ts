/**
 * The what-if page: an explorer without code. The report computes a small
 * grid with the library (`whatif_grid.ts`, in a subprocess while the
 * notebooks run); the page draws it with Vega-Lite parameters bound to
 * dropdowns, radio buttons and a slider, so a reader picks a broker, an order
 * size, a payment cap and an auction's bidders and exposure time and sees the
 * customer's cost, the price improvement, the broker's revenue and the
 * auction's saving change, offline.
 *
 * @module
 */
import pl from "nodejs-polars";
import { themed } from "../../lib/present/charts.ts";
import { tableCsv } from "../../lib/present/display.ts";
import { chartFigure, pageShell } from "./page.ts";
import {
  type GridRow,
  WHATIF_BIDDERS,
  WHATIF_BROKERS,
  WHATIF_CAPS,
  WHATIF_EXPOSURES,
  WHATIF_SIZES,
} from "./whatif_grid.ts";
import { brokerProfile } from "../../lib/sim/brokers.ts";

/** Orders a simulated day and days per broker in the grid (small: the report must stay fast). */
export const GRID_ORDERS = 20_000;
export const GRID_DAYS = 2;

const root = new URL("../..", import.meta.url).pathname;

async function gridRows(): Promise<GridRow[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      `${root}scripts/site/whatif_grid.ts`,
      String(GRID_ORDERS),
      String(GRID_DAYS),
    ],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`report: the what-if grid failed:\n${new TextDecoder().decode(out.stderr)}`);
  }
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/** The grid with each auction row's saving over the status quo of the same broker and size. */
export function withSavings(rows: GridRow[]): (GridRow & { savingPer10k: number | null })[] {
  return rows.map((r) => {
    if (r.policy !== "auction") return { ...r, savingPer10k: null };
    const quo = rows.find((q) =>
      q.policy === "status quo" && q.broker === r.broker && q.size === r.size
    );
    return { ...r, savingPer10k: quo ? quo.costPer10k - r.costPer10k : null };
  });
}

// Money to the cent with a true minus sign before the dollar: "−$1.32", never "$-1.32".
const money = (x: number) =>
  `${x < 0 && x.toFixed(2) !== "-0.00" ? "−" : ""}$${Math.abs(x).toFixed(2)}`;

/** The explorer's Vega-Lite spec. */
export function whatIfSpec(rows: ReturnType<typeof withSavings>): Record<string, unknown> {
  const brokers = WHATIF_BROKERS.map((b) => brokerProfile(b).name);
  // A cap per share is under a cent: written in cents, as the notebooks write it ("0.10¢ a share").
  const label = "datum.policy == 'cap' ? 'cap at ' + format(datum.cap * 100, '.2f') + '¢ a share'" +
    " : datum.policy == 'auction' ? 'auction: ' + datum.bidders + ' bidders, ' + datum.exposureMs + ' ms'" +
    " : datum.policy == 'ban' ? 'ban (no payment)' : 'status quo (scorecard)'";
  const chosen =
    "datum.broker == broker && datum.size == size && (datum.policy == 'status quo' || " +
    "datum.policy == 'ban' || (datum.policy == 'cap' && datum.cap == cap) || " +
    "(datum.policy == 'auction' && datum.bidders == bidders && datum.exposureMs == exposure))";
  const order = ["status quo (scorecard)", "ban (no payment)"];
  const panel = (field: string, title: string, color: string) => ({
    width: 460,
    height: 110,
    transform: [{ filter: chosen }, { calculate: label, as: "regime" }],
    layer: [
      {
        mark: { type: "bar", color, tooltip: true },
        encoding: {
          y: { field: "regime", type: "nominal", title: null, sort: order },
          x: { field, type: "quantitative", title },
          tooltip: [
            { field: "regime", type: "nominal", title: "regime" },
            { field, type: "quantitative", title, format: "$.2f" },
            { field: "orders", type: "quantitative", title: "orders measured", format: "," },
          ],
        },
      },
      {
        mark: { type: "text", align: "left", dx: 4, tooltip: true },
        encoding: {
          y: { field: "regime", type: "nominal", sort: order },
          x: { field, type: "quantitative" },
          text: { field, type: "quantitative", format: "$.2f" },
        },
      },
    ],
  });
  return themed(
    {
      title: {
        text: "What if… the broker, the order, the cap, the auction",
        subtitle:
          "Per $10,000 of market and marketable limit orders filled; move the controls below",
      },
      description:
        "An explorer: for the chosen broker and order size, what customers pay beyond the midpoint, " +
        "the price improvement they get and what the broker earns, under the status quo, a ban, the " +
        "chosen payment cap and the chosen auction, and the auction's saving over the status quo.",
      data: { values: rows },
      params: [
        {
          name: "broker",
          value: brokers[0],
          bind: { input: "select", options: brokers, name: "Broker " },
        },
        {
          name: "size",
          value: WHATIF_SIZES[0][0],
          bind: { input: "select", options: WHATIF_SIZES.map((s) => s[0]), name: "Order size " },
        },
        {
          name: "cap",
          value: WHATIF_CAPS[1],
          bind: {
            input: "radio",
            options: WHATIF_CAPS,
            labels: WHATIF_CAPS.map((c) => `${(c * 100).toFixed(2)}¢`),
            name: "Payment cap (a share) ",
          },
        },
        {
          name: "bidders",
          value: 4,
          bind: {
            input: "range",
            min: Math.min(...WHATIF_BIDDERS),
            max: Math.max(...WHATIF_BIDDERS),
            step: WHATIF_BIDDERS[1] - WHATIF_BIDDERS[0],
            name: "Auction bidders ",
          },
        },
        {
          name: "exposure",
          value: 100,
          bind: {
            input: "radio",
            options: WHATIF_EXPOSURES,
            labels: WHATIF_EXPOSURES.map((e) => `${e} ms`),
            name: "Auction exposure ",
          },
        },
      ],
      vconcat: [
        {
          width: 460,
          height: 30,
          transform: [
            { filter: chosen },
            { filter: "datum.policy == 'auction'" },
            {
              calculate: "datum.savingPer10k >= 0 ? 'Auction saves ' + " +
                "format(datum.savingPer10k, '$.2f') + ' per $10,000 vs status quo' : " +
                "'Auction costs ' + format(-datum.savingPer10k, '$.2f') + " +
                "' more per $10,000 than status quo'",
              as: "headline",
            },
          ],
          mark: {
            type: "text",
            align: "left",
            x: 0,
            fontSize: 15,
            fontWeight: "bold",
            tooltip: true,
          },
          encoding: {
            text: { field: "headline", type: "nominal" },
            tooltip: [
              {
                field: "savingPer10k",
                type: "quantitative",
                title: "saving per $10,000",
                format: "$.2f",
              },
            ],
          },
        },
        panel("costPer10k", "customer's cost beyond the midpoint ($ per $10,000)", "#D55E00"),
        panel("improvementPer10k", "price improvement ($ per $10,000)", "#009E73"),
        panel("brokerPer10k", "broker's revenue ($ per $10,000)", "#7F3C8D"),
      ],
    } as unknown as Parameters<typeof themed>[0],
  ) as unknown as Record<string, unknown>;
}

export async function buildWhatIf(outDir: string): Promise<void> {
  const rows = withSavings(await gridRows());
  await Deno.mkdir(`${outDir}/data`, { recursive: true });
  const frame = pl.DataFrame(rows.map((r) => ({
    ...r,
    cap: r.cap ?? NaN,
    bidders: r.bidders ?? NaN,
    exposureMs: r.exposureMs ?? NaN,
    savingPer10k: r.savingPer10k ?? NaN,
  })));
  await Deno.writeTextFile(`${outDir}/data/whatif-grid.csv`, tableCsv(frame));
  const market = rows.filter((r) => r.broker === brokerProfile(WHATIF_BROKERS[0]).name);
  const quo = market.find((r) => r.policy === "status quo" && r.size === WHATIF_SIZES[0][0])!;
  const best = market.filter((r) => r.policy === "auction" && r.size === WHATIF_SIZES[0][0])
    .sort((a, b) => b.savingPer10k! - a.savingPer10k!)[0];
  const alt =
    `An explorer of the simulated grid. For all US retail brokers together and orders of ` +
    `all sizes, the status quo costs customers ${money(quo.costPer10k)} per $10,000 beyond the ` +
    `midpoint with ${money(quo.improvementPer10k)} of price improvement and ${
      money(quo.brokerPer10k)
    } to the broker; the best auction of the grid (${best.bidders} bidders, ${best.exposureMs} ms) ` +
    `changes the customer's cost by ${money(-best.savingPer10k!)}.`;
  const body = `<h1>What if…</h1>
<p>Move the controls under the chart to change the broker (its clientele's order sizes and mix and
what it is paid), the size of the order, the cap on payment for order flow, and the number of
wholesalers bidding in an order-by-order auction and how long each order is exposed to them. The
bars show, per &#36;10,000 of market and marketable limit orders filled, what customers pay beyond
the midpoint at arrival, the price improvement they receive and what the broker earns, under the
status quo (the broker's scorecard routing with payment), a ban on payment, the chosen cap and the
chosen auction.</p>
${chartFigure("chart-1", whatIfSpec(rows), undefined, alt)}
<h2 id="how">How the grid was computed</h2>
<p>The report ran the calibrated US 2022 world with the pfof-lab library for ${WHATIF_BROKERS.length}
broker profiles, ${GRID_DAYS} simulated days of ${GRID_ORDERS.toLocaleString("en-US")} orders each,
under ${
    2 + WHATIF_CAPS.length + WHATIF_BIDDERS.length * WHATIF_EXPOSURES.length
  } policies on the same
orders and quotes (common random numbers), and measured each order-size band. It is a small grid, to
keep the build fast: differences of a few cents per &#36;10,000 are within the noise of two days
(the notebooks give intervals; see <a href="12-policy-futures.html">the policy futures</a> and
<a href="13-who-pays-what.html">who pays what</a>).</p>
<p><a href="data/whatif-grid.csv" download>Download the grid (CSV)</a>.</p>`;
  await Deno.writeTextFile(
    `${outDir}/whatif.html`,
    pageShell({
      title: "What if… · pfof-lab",
      body: `<article>${body}</article>`,
      scripts: true,
      description: "Move payment caps, auction bidders and order sizes and see the cost change.",
    }),
  );
}
