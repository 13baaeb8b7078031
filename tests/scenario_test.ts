/** Scenario parameters: the defaults validate and every bad value is named. */
import assert from "node:assert/strict";
import { defaultScenario, parseScenario } from "../lib/scenario.ts";
import { parseUniverse } from "../lib/securities.ts";
import universeJson from "../data/universe.json" with { type: "json" };
import flowJson from "../data/flow.json" with { type: "json" };
import venuesJson from "../data/venues.json" with { type: "json" };

function rejects(mutate: (s: ReturnType<typeof defaultScenario>) => void, field: string): void {
  const s = defaultScenario();
  mutate(s);
  assert.throws(() => parseScenario(s, "scenario.json"), (e: Error) => {
    assert.ok(e.message.includes(`scenario.json: ${field}:`), e.message);
    return true;
  });
}

Deno.test("the default scenario validates, and every venue and data file names its sources", () => {
  const s = defaultScenario();
  assert.equal(s.venues.length, venuesJson.venues.length);
  for (const v of venuesJson.venues) assert.ok(v.source.length > 20, `${v.id}: no source`);
  for (const key of ["tickSize", "sessionSeconds", "spreadTicks", "annualVolatility"]) {
    assert.ok(key in universeJson.sources, `universe: no source for ${key}`);
  }
  for (const key of ["typeMix", "sizeMix", "informedShare"]) {
    assert.ok(key in flowJson.sources, `flow: no source for ${key}`);
  }
});

Deno.test("bad parameters are rejected with the file and field named", () => {
  rejects((s) => (s.universe.tiers[0].spreadTicks = -1), "universe.tiers.0.spreadTicks");
  rejects((s) => (s.universe.tiers[1].annualVolatility = NaN), "universe.tiers.1.annualVolatility");
  rejects((s) => (s.universe.tiers[0].priceMax = 1), "universe.tiers.0.priceMax");
  rejects((s) => (s.universe.tiers[0].flowShare = 0.9), "universe.tiers");
  rejects((s) => (s.flow.typeMix.market = 0.9), "flow.typeMix");
  rejects((s) => (s.flow.buyShare = 1.2), "flow.buyShare");
  rejects((s) => (s.flow.sizeMix[4].max = 20_000), "flow.sizeMix.4.max");
  rejects((s) => {
    const dark = s.venues.find((v) => v.kind === "dark")!;
    if (dark.kind === "dark") dark.fillProbability = 1.5;
  }, `venues.${defaultScenario().venues.findIndex((v) => v.kind === "dark")}.fillProbability`);
  rejects((s) => (s.broker.venues = ["LIT-A", "NASDAQ-X"]), "broker.venues.1");
  rejects((s) => (s.broker.commissionPerOrder = -1), "broker.commissionPerOrder");
});

Deno.test("parseUniverse names the source it was given", () => {
  assert.throws(
    () => parseUniverse({ ...universeJson, tickSize: 0 }, "my-universe.json"),
    /my-universe\.json: tickSize:/,
  );
});
