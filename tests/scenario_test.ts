/** Scenario parameters: the defaults validate and every bad value is named. */
import assert from "node:assert/strict";
import { defaultScenario, parseScenario } from "../lib/sim/scenario.ts";
import { parseUniverse } from "../lib/sim/securities.ts";
import { calibrationScenario, loadCalibration } from "../lib/calibration/calibration.ts";
import calibrationJson from "../data/calibration/us-2022.json" with { type: "json" };

function rejects(mutate: (s: ReturnType<typeof defaultScenario>) => void, field: string): void {
  const s = defaultScenario();
  mutate(s);
  assert.throws(() => parseScenario(s, "scenario.json"), (e: Error) => {
    assert.ok(e.message.includes(`scenario.json: ${field}:`), e.message);
    return true;
  });
}

Deno.test("the default scenario is the calibrated US 2022 market as the us-retail broker sees it", () => {
  const s = defaultScenario();
  const cal = calibrationJson.scenario;
  assert.equal(s.venues.length, cal.venues.length);
  assert.deepEqual(s.venues.map((v) => v.id), cal.venues.map((v) => v.id));
  for (const v of cal.venues) assert.ok(v.source.length > 20, `${v.id}: no source`);
  assert.equal(s.universe.tickSize, cal.universe.tickSize.value);
  assert.equal(s.broker.id, "us-retail");
  assert.deepEqual(s, calibrationScenario(loadCalibration()));
  // A fresh copy each call.
  s.universe.tickSize = 0.05;
  assert.equal(defaultScenario().universe.tickSize, 0.01);
  // The broker's scorecard covers its wholesalers, shares summing to one.
  const shares = Object.values(s.broker.allocation ?? {});
  assert.equal(shares.length, 5);
  assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-9);
});

Deno.test("bad parameters are rejected with the file and field named", () => {
  rejects((s) => (s.universe.tiers[0].spreadTicks = -1), "universe.tiers.0.spreadTicks");
  rejects((s) => (s.universe.tiers[1].annualVolatility = NaN), "universe.tiers.1.annualVolatility");
  rejects((s) => (s.universe.tiers[0].priceMax = 1), "universe.tiers.0.priceMax");
  rejects((s) => (s.universe.tiers[0].priceMedian = 5_000), "universe.tiers.0.priceMedian");
  rejects((s) => (s.universe.tiers[0].flowShare = 0.9), "universe.tiers");
  rejects((s) => (s.flow.typeMix.market = 0.9), "flow.typeMix");
  rejects((s) => (s.flow.buyShare = 1.2), "flow.buyShare");
  rejects((s) => (s.flow.notional.median = -100), "flow.notional.median");
  rejects((s) => {
    const dark = s.venues.find((v) => v.kind === "dark")!;
    if (dark.kind === "dark") dark.fillProbability = 1.5;
  }, `venues.${defaultScenario().venues.findIndex((v) => v.kind === "dark")}.fillProbability`);
  rejects((s) => (s.broker.venues = ["LIT-A", "NASDAQ-X"]), "broker.venues.1");
  rejects((s) => (s.broker.commissionPerOrder = -1), "broker.commissionPerOrder");
  rejects((s) => (s.broker.scorecardSensitivity = 0), "broker.scorecardSensitivity");
});

Deno.test("scenario, tier and flow schemas are strict: an unknown or retired key is refused", () => {
  // The retired keys of the teaching world are named, not silently dropped.
  const unknown = (mutate: (s: ReturnType<typeof defaultScenario>) => void, field: string) => {
    const s = defaultScenario();
    mutate(s);
    const key = field.split(".").at(-1);
    assert.throws(() => parseScenario(s, "scenario.json"), (e: Error) => {
      assert.equal(e.message, `scenario.json: ${field}: unknown key "${key}"`);
      return true;
    });
  };
  unknown((s) => Object.assign(s.flow, { sizeMix: [] }), "flow.sizeMix");
  unknown((s) => Object.assign(s.flow, { informedImpactBps: 4 }), "flow.informedImpactBps");
  unknown((s) => Object.assign(s.flow.notional, { mean: 1 }), "flow.notional.mean");
  unknown((s) => Object.assign(s.universe.tiers[0], { colour: "red" }), "universe.tiers.0.colour");
  unknown((s) => Object.assign(s.universe, { tick: 0.01 }), "universe.tick");
  unknown((s) => Object.assign(s.venues[0].latency, { mean: 1 }), "venues.0.latency.mean");
  unknown((s) => Object.assign(s.venues[0], { colour: "red" }), "venues.0.colour");
  unknown((s) => Object.assign(s.broker, { passThrough: 0.8 }), "broker.passThrough");
  unknown((s) => Object.assign(s, { extra: 1 }), "extra");
});

Deno.test("parseUniverse names the source it was given", () => {
  assert.throws(
    () => parseUniverse({ ...defaultScenario().universe, tickSize: 0 }, "my-universe.json"),
    /my-universe\.json: tickSize:/,
  );
});
