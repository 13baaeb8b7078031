/** Frames, charts and notebook display helpers. */
import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { intervalsFrame, metricsFrame, ordersFrame, venuesFrame } from "../lib/present/frames.ts";
import {
  chartBundle,
  colorScale,
  intervalBarChart,
  POLICY_COLORS,
  renderPng,
  renderSvg,
} from "../lib/present/charts.ts";
import {
  escapeDollars,
  formatBillions,
  formatNumber,
  intervalTableHtml,
  tableHtml,
} from "../lib/present/display.ts";
import { formatHeadline } from "../lib/present/headline_display.ts";
import { MARKET_HEADLINES } from "../lib/analysis/headlines.ts";
import { simulateDay } from "../lib/sim/simulate.ts";
import { monteCarlo } from "../lib/runs/montecarlo.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";

Deno.test("ordersFrame carries every order's columns and decoded names", () => {
  const day = simulateDay(defaultScenario(), { kind: "max-payment" }, { orders: 400, seed: 2 });
  const df = ordersFrame(day);
  assert.equal(df.height, 400);
  const sizes = df.getColumn("size").toArray();
  for (let i = 0; i < 400; i++) assert.equal(Number(sizes[i]), day.orders.size[i]);
  const venues = df.getColumn("venue").toArray();
  for (let i = 0; i < 400; i++) assert.equal(venues[i], day.venues.ids[day.outcomes.venue[i]]);
  const total = df.getColumn("customerCost").sum();
  const expected = day.ledger.customerCost.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total - expected) < 1e-6);
  assert.deepEqual([...new Set(df.getColumn("policy").toArray())], ["max-payment"]);
});

Deno.test("metricsFrame and intervalsFrame keep groups, metrics and intervals", () => {
  const day = simulateDay(defaultScenario(), { kind: "best-execution" }, { orders: 600, seed: 3 });
  const rows = day.metrics.summarize(["venue", "type"]);
  const df = metricsFrame(rows, { policy: "best-execution" });
  assert.equal(df.height, rows.length);
  assert.equal(df.getColumn("orders").sum(), 600);
  assert.ok(df.columns.includes("venue") && df.columns.includes("type"));
  const mc = monteCarlo(defaultScenario(), [{ kind: "best-execution" }], {
    orders: 300,
    seed: 1,
    replications: 2,
    by: ["tier"],
  });
  const idf = intervalsFrame(mc.intervals);
  assert.equal(idf.height, mc.intervals.length);
  assert.deepEqual(idf.columns, [
    "policy",
    "tier",
    "metric",
    "mean",
    "low",
    "high",
    "sd",
    "replications",
  ]);
  assert.equal(venuesFrame(defaultScenario()).height, defaultScenario().venues.length);
});

Deno.test("charts: fixed policy colours, and a rendered PNG with the chart's content", async () => {
  const scale = colorScale(["max-payment", "best-execution", "something-new"], "policy");
  assert.deepEqual(scale.range.slice(0, 2), [
    POLICY_COLORS["max-payment"],
    POLICY_COLORS["best-execution"],
  ]);
  const spec = intervalBarChart(
    [{ label: "best-execution", mean: 1, low: 0.9, high: 1.1 }, {
      label: "max-payment",
      mean: 2,
      low: 1.8,
      high: 2.2,
    }],
    { title: "Cost by policy", xTitle: "$ per $10,000", colorKind: "policy" },
  );
  const svg = await renderSvg(spec);
  assert.match(svg, /Cost by policy/);
  assert.match(svg, /\$ per \$10,000/);
  assert.ok(
    svg.includes(POLICY_COLORS["max-payment"].toLowerCase()) ||
      svg.includes(POLICY_COLORS["max-payment"]),
  );
  const png = await renderPng(spec);
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  // Width and height from the IHDR chunk: at zoom 2 the chart is wider than its 520 px plot.
  const view = new DataView(png.buffer, png.byteOffset);
  assert.ok(view.getUint32(16) > 1040 && view.getUint32(20) > 100);
  const bundle = await chartBundle(spec);
  assert.equal(bundle["text/plain"], "Chart: Cost by policy");
  assert.ok("application/vnd.vegalite.v5+json" in bundle);
  assert.ok(!("image/svg+xml" in bundle), "SVG outranks PNG in nbconvert and exports blank");
  // A chart's alt text states its finding when the notebook gives one, then the title.
  const told = await chartBundle(spec, { alt: "Max-payment costs customers the most" });
  const described = (told["application/vnd.vegalite.v5+json"] as { description: string })
    .description;
  assert.ok(described.startsWith("Max-payment costs customers the most."), described);
  assert.ok(described.includes("Cost by policy"), described);
});

Deno.test("display: number formats, dollar escaping and tables", () => {
  assert.equal(formatNumber(0.1234, "pct"), "12.34%");
  assert.equal(formatNumber(-12.5, "usd"), "−$12.50");
  assert.equal(formatNumber(0.00215, "cents"), "0.215¢");
  assert.equal(formatNumber(3.456, "bps"), "3.46 bp");
  assert.equal(formatNumber(NaN, "usd"), "–");
  // Money as readers write it: to the cent, in cents, and yearly totals in millions or billions.
  assert.equal(formatNumber(2.3694, "usd2"), "$2.37");
  assert.equal(formatNumber(-0.0901, "usd2"), "−$0.09");
  assert.equal(formatNumber(1234.5, "usd2"), "$1,234.50");
  assert.equal(formatNumber(0.008, "cents2"), "0.80¢");
  assert.equal(formatNumber(0.3973, "cents1"), "39.7¢");
  assert.equal(formatNumber(-0.0007, "cents"), "−0.070¢");
  assert.equal(formatNumber(0.2374, "usdbn"), "$237 million");
  assert.equal(formatNumber(1.1512, "usdbn"), "$1.15 billion");
  assert.equal(formatNumber(0.9996, "usdbn"), "$1.00 billion");
  assert.equal(formatNumber(-0.09, "usdbn"), "−$90 million");
  assert.equal(formatBillions(0.733, { millionsStep: 10 }), "$730 million");
  assert.equal(formatBillions(12.345, { billionDigits: 1 }), "$12.3 billion");
  // The market's headlines: the same rule, at the precision headlines.ts gives each.
  assert.equal(formatHeadline("statusQuoExtraCostBn", 0.2374), "$237 million");
  assert.equal(formatHeadline("paymentsBn", 0.7331), "$730 million");
  assert.equal(formatHeadline("auctionGainBn", 1.1512), "$1.15 billion");
  assert.equal(formatHeadline("auctionGainBn", 0.93), "$930 million");
  assert.equal(formatHeadline("costPer10k", 2.5159), "$2.52");
  for (const h of MARKET_HEADLINES.filter((x) => x.unit === "$bn")) {
    for (const v of [0.0123, 0.2374, 0.7331, 0.9996, 1.1512, 12.3456]) {
      const text = formatHeadline(h.id, v);
      assert.match(
        text,
        /^\$(\d{1,3} million|[\d,]+(\.\d{1,2})? billion)$/,
        `${h.id} ${v}: ${text}`,
      );
    }
  }
  assert.equal(escapeDollars("pays **$0.40** (`$x`)"), "pays **&#36;0.40** (`$x`)");
  const html = tableHtml(pl.DataFrame({ venue: ["A<B"], eq: [0.5] }), { eq: "pct" }, { eq: "E/Q" });
  assert.ok(html.includes("A&lt;B") && html.includes("50.00%") && html.includes(">E/Q<"));
  const it = intervalTableHtml(
    [{
      policy: "p",
      group: {},
      metric: "payment",
      mean: 1234,
      low: 1000,
      high: 1500,
      sd: 1,
      replications: 3,
    }],
    [["payment", "payment", "usd"]],
  );
  assert.ok(it.includes("$1,234 [$1,000, $1,500]"), it);
});
