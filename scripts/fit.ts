/**
 * Fits the calibration's unobservable parameters and writes them back:
 * `deno task fit` (or `deno run --allow-read --allow-write scripts/fit.ts
 * [--orders N] [--seeds 101,102,...] [--check]`).
 *
 * 1. Each tier's information (`informedImpactHalfSpreads`), in closed form
 *    from the price impact over the quoted spread that `scripts/measure.ts`
 *    measures in Citadel Securities' December 2022 Rule 605 file
 *    (`data/calibration/cross-section.json`).
 * 2. The market's scorecard sensitivity, to the targets with role `fit` in
 *    `data/calibration/evidence.json` (Citadel's E/Q of 100-499-share market
 *    orders), on common random numbers (`lib/fit.ts`).
 *
 * The fitted values (with their delta-method ranges) are written into
 * `data/calibration/us-2022.json`, and the fit's report (targets, fitted
 * statistics, parameters, seeds, objective) into
 * `data/calibration/us-2022.fit.json`. Both outputs are deterministic: the
 * same inputs give byte-identical files (no timestamps). With `--check` the
 * script writes nothing and exits with code 1 if the files would change.
 */
import { parseArgs } from "node:util";
import { parseCalibration } from "../lib/calibration/calibration.ts";
import { defaultFitParameters, FIT_STATISTICS, fitUnobservables } from "../lib/calibration/fit.ts";
import { loadEvidence } from "../lib/analysis/validation.ts";

const root = new URL("..", import.meta.url).pathname;
const calibrationPath = `${root}data/calibration/us-2022.json`;
const crossSectionPath = `${root}data/calibration/cross-section.json`;
const reportPath = `${root}data/calibration/us-2022.fit.json`;

const cli = parseArgs({
  args: Deno.args,
  options: {
    orders: { type: "string", default: "5000" },
    seeds: {
      type: "string",
      default: "101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,116",
    },
    check: { type: "boolean", default: false },
  },
});
const orders = Number(cli.values.orders);
const seeds = cli.values.seeds!.split(",").map(Number);
if (!Number.isInteger(orders) || orders < 1000 || seeds.some((s) => !Number.isSafeInteger(s))) {
  console.error("fit: --orders must be an integer of at least 1000 and --seeds integers");
  Deno.exit(2);
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));
const raw = JSON.parse(await Deno.readTextFile(calibrationPath));
const cal = parseCalibration(raw, calibrationPath);
const evidence = loadEvidence().filter((f) => f.role === "fit" && f.statistic in FIT_STATISTICS);

// 1. Each tier's information from the price impact over the quoted spread in Citadel's 605
// (closed form): impact / quoted = informedShare x impact (half-spreads) x (1 - e^(-300 / tau)).
const cross = JSON.parse(await Deno.readTextFile(crossSectionPath));
const ratio = (group: string) => cross.spreads.groups[group].priceImpactOverQuoted as number;
const nonSp500 = (() => {
  // Symbols outside the S&P 500 pooled by their quoted-spread dollars.
  const g = cross.spreads.groups;
  const w = (k: string) => g[k].shareOfExecutedShares * g[k].quotedSpreadCents.mean;
  return (ratio("otherR1000") * w("otherR1000") + ratio("rest") * w("rest")) /
    (w("otherR1000") + w("rest"));
})();
const flow = raw.scenario.flow;
const reached = 1 - Math.exp(-300 / flow.informedHorizonSeconds.value);
const impact = { sp500: ratio("sp500"), otherNms: nonSp500, lowPriced: nonSp500 };
for (const tier of raw.scenario.universe.tiers) {
  const r = impact[tier.tier as keyof typeof impact];
  tier.informedImpactHalfSpreads.value = round(
    Math.max(0, r) / (flow.informedShare.value * reached),
    4,
  );
}
const targets = evidence.map((f) => ({
  id: f.id,
  statistic: f.statistic,
  value: f.value ?? (f.low + f.high) / 2,
  low: f.low,
  high: f.high,
}));
const sized = parseCalibration(raw, calibrationPath);
const parameters = defaultFitParameters(sized);
const result = fitUnobservables(sized, { orders, seeds, targets, parameters, maxEvaluations: 60 });
for (const p of parameters) {
  for (const path of p.paths) {
    let node = raw;
    for (const key of path.split(".")) node = node[key];
    node.value = round(result.values[p.name], 4);
    node.low = round(Math.min(result.low[p.name], node.value), 4);
    node.high = round(Math.max(result.high[p.name], node.value), 4);
  }
}
parseCalibration(raw, calibrationPath); // the written file must validate

const report = {
  $comment:
    "Written by `deno task fit` (scripts/fit.ts, lib/fit.ts); do not edit. The fitted values are also in us-2022.json. Deterministic: no timestamps.",
  calibration: cal.id,
  method:
    "Information per tier: closed form from the 605 price impact over the quoted spread (cross-section.json). Other parameters: Nelder-Mead on common random numbers (the same seeds and orders for every candidate) minimising the sum of squared standardised distances to the targets (sd = published interval / 3.92); ranges by the delta method (95%).",
  orders,
  seeds,
  informedImpactHalfSpreads: Object.fromEntries(
    raw.scenario.universe.tiers.map((
      t: { tier: string; informedImpactHalfSpreads: { value: number } },
    ) => [t.tier, t.informedImpactHalfSpreads.value]),
  ),
  targets: targets.map((t) => ({
    ...t,
    fitted: round(result.fitted[t.id], 6),
  })),
  parameters: parameters.map((p) => ({
    name: p.name,
    paths: p.paths,
    bounds: [p.min, p.max],
    value: round(result.values[p.name], 6),
    low: round(result.low[p.name], 6),
    high: round(result.high[p.name], 6),
  })),
  objective: round(result.objective, 6),
  evaluations: result.evaluations,
};

const calibrationText = JSON.stringify(raw, null, 2) + "\n";
const reportText = JSON.stringify(report, null, 2) + "\n";
if (cli.values.check) {
  const same = async (path: string, text: string) =>
    (await Deno.readTextFile(path).catch(() => "")) === text;
  const ok = await same(calibrationPath, calibrationText) && await same(reportPath, reportText);
  console.log(ok ? "fit: files are up to date" : "fit: the fitted values would change");
  Deno.exit(ok ? 0 : 1);
}
await Deno.writeTextFile(calibrationPath, calibrationText);
await Deno.writeTextFile(reportPath, reportText);
console.log(JSON.stringify({
  informedImpactHalfSpreads: report.informedImpactHalfSpreads,
  parameters: report.parameters.map((p) => [p.name, p.value, p.low, p.high]),
  targets: report.targets.map((t) => [t.id, t.value, t.fitted]),
  objective: report.objective,
  evaluations: report.evaluations,
}));
