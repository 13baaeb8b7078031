/**
 * The calibration: the file validates, every parameter names a source and a
 * grade, bad files are rejected with the field named, and the structural
 * inputs are the numbers the genuine files give (Rule 606 reports, the
 * LOBSTER day), recomputed here.
 */
import assert from "node:assert/strict";
import {
  atGroupEnd,
  calibratedScenario,
  calibrationParameters,
  calibrationPolicies,
  calibrationScale,
  calibrationScenario,
  expectedOrderNotional,
  GRADES,
  loadCalibration,
  parameterValue,
  parseCalibration,
  sensitivityGroups,
  withValues,
} from "../lib/calibration/calibration.ts";
import {
  lobsterStats,
  orderTypeMix,
  paymentRate,
  venuePaymentRates,
} from "../lib/calibration/measurements.ts";
import { readRule606File } from "../lib/disclosures/rule606.ts";
import { Random } from "../lib/sim/random.ts";
import { buildUniverse } from "../lib/sim/securities.ts";
import { generateOrders } from "../lib/sim/flow.ts";
import { near } from "./_helpers.ts";
import calibrationJson from "../data/calibration/us-2022.json" with { type: "json" };

const REAL = new URL("../../shared/data/real/", import.meta.url).pathname;
const venue = (id: string) => loadCalibration().scenario.venues.findIndex((v) => v.id === id);

Deno.test("the calibration validates and every parameter names its source, unit and grade", () => {
  const cal = loadCalibration();
  const params = calibrationParameters(cal);
  assert.ok(params.length > 150, `only ${params.length} parameters`);
  for (const { path, parameter: p } of params) {
    assert.ok(p.source.length >= 12, `${path}: no source`);
    assert.ok(p.unit.length > 0, `${path}: no unit`);
    assert.ok((GRADES as readonly string[]).includes(p.grade), `${path}: grade ${p.grade}`);
    if (p.low !== undefined) {
      assert.ok(p.low <= (p.value as number) && (p.value as number) <= p.high!);
    }
  }
  // Structural inputs are sourced, not assumed.
  const grade = (path: string) => params.find((p) => p.path === path)!.parameter.grade;
  for (const id of ["LIT-A", "LIT-B", "LIT-INV"]) {
    assert.equal(grade(`scenario.venues.${venue(id)}.takeFee`), "V1", `${id} take fee`);
  }
  assert.equal(grade(`scenario.venues.${venue("WH-B")}.paymentPerShare.sp500.market`), "V1");
  assert.equal(grade("scenario.flow.typeMix.market"), "V1");
  assert.equal(grade("scenario.universe.tiers.0.annualVolatility"), "V1");
  assert.equal(grade("scenario.broker.scorecardSensitivity"), "fitted");
  assert.equal(grade("scenario.universe.tiers.0.informedImpactHalfSpreads"), "fitted");
  assert.equal(grade("rules.accessFeeCap"), "V1");
  // The scenario is the parameters' values.
  const s = calibratedScenario();
  assert.equal(s.universe.tickSize, 0.01);
  assert.equal(s.flow.informedShare, calibrationJson.scenario.flow.informedShare.value);
  assert.equal(s.broker.commissionPerOrder, 0);
});

Deno.test("bare numbers, missing sources, bad grades and values outside their range are rejected", () => {
  const rejects = (mutate: (c: Record<string, unknown>) => void, message: string) => {
    const c = structuredClone(calibrationJson) as unknown as Record<string, unknown>;
    mutate(c);
    assert.throws(() => parseCalibration(c, "cal.json"), (e: Error) => {
      assert.ok(e.message.includes(message), e.message);
      return true;
    });
  };
  // deno-lint-ignore no-explicit-any
  const flow = (c: any) => c.scenario.flow;
  rejects((c) => (flow(c).buyShare = 0.5), "cal.json: scenario.flow.buyShare: a bare number");
  rejects((c) => (flow(c).buyShare.source = ""), "cal.json: scenario.flow.buyShare: source");
  rejects((c) => (flow(c).buyShare.grade = "V9"), "cal.json: scenario.flow.buyShare: grade");
  rejects(
    (c) => (flow(c).informedShare.value = 0.9),
    "cal.json: scenario.flow.informedShare: value: value 0.9 is outside its range",
  );
  rejects((c) => delete flow(c).informedShare.high, "give both low and high");
  // A value that breaks the scenario's own rules is named there.
  rejects((c) => (flow(c).typeMix.market.value = 0.9), "cal.json: scenario: flow.typeMix");
});

Deno.test("payment rates are the genuine 2022 Q1 Rule 606 reports' wholesaler rates", async () => {
  const schwab = await readRule606File(`${REAL}rule606/606-CHAS-2022Q1.xml`);
  const apex = await readRule606File(`${REAL}rule606/606-APEX-2022Q1.xml`);
  const hood = await readRule606File(`${REAL}rule606/606-HOOD-2022Q1.xml`);
  const wholesaler = (v: { venue: string }) =>
    /citadel|virtu|g1|jane|janest|two sigma|ubs securities/i.test(v.venue);
  const rate = (r: typeof schwab, type: "market" | "nonMarketableLimit", section = "sp500") =>
    paymentRate(r, { section: section as "sp500", type, venues: wholesaler }).cph;
  // Schwab's text: "the payment rate is $0.001 per share or less ... all market makers pay the
  // same rate"; its file shows 10.00 Cph at every wholesaler. Apex shows 15.00 at every one.
  near(rate(schwab, "market"), 10, 0.01, "Schwab S&P 500 market Cph");
  near(rate(apex, "market"), 15, 0.01, "Apex S&P 500 market Cph");
  const cal = loadCalibration();
  const at = (id: string, tier: string, type: string) =>
    parameterValue(cal, `scenario.venues.${venue(id)}.paymentPerShare.${tier}.${type}`);
  // A broker is paid the same at each of its wholesalers: the five pay one rate.
  for (const id of ["WH-A", "WH-C", "WH-D", "WH-E"]) {
    for (const tier of ["sp500", "otherNms", "lowPriced"]) {
      for (const type of ["market", "marketableLimit", "nonMarketableLimit"]) {
        assert.equal(at(id, tier, type), at("WH-B", tier, type), `${id} ${tier} ${type}`);
      }
    }
  }
  // The rate is the mean of the brokers' rates times the spread of rates across
  // wholesalers at one broker (the highest over the mean at Robinhood, other
  // stocks, as the parameters' sources say); $ per share = Cph / 10,000.
  const byVenue = venuePaymentRates(hood, "otherStocks", "market").map((v) => v.cph);
  const spread = Math.max(...byVenue) / rate(hood, "market", "otherStocks");
  near(spread, 1.129, 0.002, "Robinhood's highest wholesaler rate over its mean");
  near(at("WH-B", "sp500", "market"), (10 + 15) / 2 * spread / 1e4, 1e-5, "S&P 500 market");
  const nml = (rate(schwab, "nonMarketableLimit") + rate(apex, "nonMarketableLimit")) / 2;
  near(at("WH-B", "sp500", "nonMarketableLimit"), nml * spread / 1e4, 1e-5, "S&P 500 resting");
  const other = (rate(schwab, "market", "otherStocks") + rate(apex, "market", "otherStocks") +
    rate(hood, "market", "otherStocks")) / 3;
  near(at("WH-B", "otherNms", "market"), other * spread / 1e4, 1e-5, "other NMS market");
});

Deno.test("exchange fees and the order-type mix are those of the genuine 606 reports", async () => {
  const ibkr = await readRule606File(`${REAL}rule606/IBKR_606a_2022_Q1.xml`);
  const cal = loadCalibration();
  const fee = (id: string, key: string) =>
    parameterValue(cal, `scenario.venues.${venue(id)}.${key}`);
  const cph = (type: "marketableLimit" | "nonMarketableLimit", name: string) =>
    venuePaymentRates(ibkr, "sp500", type).find((v) => v.venue === name)!.cph;
  // A broker pays the take fee (negative net payment) and receives the make rebate.
  near(fee("LIT-B", "takeFee"), -cph("marketableLimit", "NYSE Arca") / 1e4, 1e-5, "Arca take");
  near(fee("LIT-B", "makeRebate"), cph("nonMarketableLimit", "NYSE Arca") / 1e4, 1e-5, "Arca make");
  near(fee("LIT-A", "makeRebate"), cph("nonMarketableLimit", "Nasdaq Stock Market") / 1e4, 1e-5);
  near(fee("LIT-INV", "makeRebate"), cph("nonMarketableLimit", "CBOE BYX Exchange") / 1e4, 1e-5);
  // No take fee above the Rule 610(c) cap.
  const cap = parameterValue(cal, "rules.accessFeeCap");
  for (const id of ["LIT-A", "LIT-B", "LIT-INV"]) assert.ok(fee(id, "takeFee") <= cap);

  const files = ["606-CHAS-2022Q1.xml", "606-APEX-2022Q1.xml", "606-HOOD-2022Q1.xml"];
  const mixes = await Promise.all(
    files.map(async (f) => orderTypeMix(await readRule606File(`${REAL}rule606/${f}`), "sp500")),
  );
  for (const type of ["market", "marketableLimit", "nonMarketableLimit"] as const) {
    const mean = mixes.reduce((s, m) => s + m[type], 0) / 3;
    near(parameterValue(cal, `scenario.flow.typeMix.${type}`), mean, 1e-4, `typeMix.${type}`);
  }
});

Deno.test("spread dynamics and volatility are the LOBSTER AMZN day's", async () => {
  const dir = `${REAL}lobster/AMZN_2012-06-21_34200000_57600000_`;
  const stats = lobsterStats(
    await Deno.readTextFile(`${dir}message_1.csv`),
    await Deno.readTextFile(`${dir}orderbook_1.csv`),
  );
  const cal = loadCalibration();
  near(
    parameterValue(cal, "scenario.universe.tiers.0.annualVolatility"),
    stats.annualVolatility,
    0.005,
  );
  near(
    parameterValue(cal, "scenario.universe.tiers.0.spreadVariability"),
    stats.logSpreadSd,
    0.005,
  );
  near(
    parameterValue(cal, "scenario.universe.tiers.0.spreadMemorySeconds"),
    stats.spreadMemorySeconds,
    0.5,
  );
  // The day itself: AMZN around $223, a spread of about 13 cents on Nasdaq's book.
  assert.ok(stats.meanMid > 220 && stats.meanMid < 226, String(stats.meanMid));
  assert.ok(stats.spreadTicks > 12 && stats.spreadTicks < 14, String(stats.spreadTicks));
});

Deno.test("expected order notional agrees with simulated orders and the $8,000 typical trade", () => {
  const s = calibratedScenario();
  // Hand check: a log-normal's mean is median x exp(logSd^2 / 2) = 2400 x exp(1.55^2 / 2).
  assert.equal(s.flow.notional.median, 2400);
  assert.equal(s.flow.notional.logSd, 1.55);
  near(expectedOrderNotional(s), 2400 * Math.exp(1.20125), 1e-6, "expected order notional");
  // About the $8,000 typical retail trade of Schwarz et al.
  near(expectedOrderNotional(s), 8000, 100, "expected order notional");
  // Simulated orders, shares x price: the mean of notional cut at the $250,000 maximum and
  // rounded to whole shares (at least one), so a little under the uncut mean. The mean of
  // min(X, c) for log-normal X is m e^(s^2/2) Phi((ln(c/m) - s^2) / s) + c (1 - Phi(ln(c/m) / s)).
  const random = new Random(5);
  const universe = buildUniverse(s.universe, random);
  const orders = generateOrders(s.flow, universe, random, 400_000);
  let notional = 0;
  for (let i = 0; i < orders.count; i++) {
    notional += orders.size[i] * universe.price[orders.security[i]];
  }
  const simulated = notional / orders.count;
  const { median: m, logSd: sd, max: c } = s.flow.notional;
  const phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
  const cut = m * Math.exp(sd * sd / 2) * phi((Math.log(c / m) - sd * sd) / sd) +
    c * (1 - phi(Math.log(c / m) / sd));
  assert.ok(cut < expectedOrderNotional(s));
  assert.ok(Math.abs(simulated / cut - 1) < 0.03, `simulated ${simulated}, expected ${cut}`);
});

/** The error function (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 +
                t * (-1.453152027 + t * 1.061405429)))) *
      Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

Deno.test("sensitivity groups, group ends, values by path, policies and scale", () => {
  const cal = loadCalibration();
  const groups = sensitivityGroups(cal);
  const pay = groups.find((g) => g.name === "wholesaler payment rates")!;
  // Five wholesalers x three tiers x three order types.
  assert.equal(pay.members.length, 45);
  const low = atGroupEnd(cal, pay, "low");
  for (const m of pay.members) assert.equal(parameterValue(low, m.path), m.parameter.low);
  // Nothing outside the group moves.
  assert.equal(
    parameterValue(low, "scenario.flow.informedShare"),
    parameterValue(cal, "scenario.flow.informedShare"),
  );
  assert.throws(() => withValues(cal, { "scenario.flow.nothing": 1 }), /no parameter at/);
  assert.throws(
    () => withValues(cal, { "scenario.flow.informedShare": 0.5 }),
    /outside its range/,
  );
  const widened = withValues(cal, { "scenario.flow.informedShare": 0.5 }, true);
  assert.equal(calibrationScenario(widened).flow.informedShare, 0.5);

  const p = calibrationPolicies(cal);
  assert.equal(p.statusQuo.kind, "scorecard");
  assert.equal(p.auction.kind === "auction" && p.auction.exposureMs, 100);
  const scale = calibrationScale(cal);
  near(scale.wholesaleRetailSharesPerYear, 11.8e9 * 0.18 * 0.9 * 252, 1);
});
