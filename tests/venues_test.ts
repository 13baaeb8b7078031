import assert from "node:assert/strict";
import fc from "fast-check";
import {
  DARK,
  fixedImprovement,
  improvementDraw,
  LATENCY_BINS,
  LIT,
  parseVenues,
  type Venue,
  venueCode,
  venueTable,
  WHOLESALER,
} from "../lib/sim/venues.ts";
import { ORDER_TYPES } from "../lib/sim/flow.ts";
import { TIERS } from "../lib/sim/securities.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import { near } from "./_helpers.ts";

const venues = defaultScenario().venues;
const fresh = (): Venue[] => structuredClone(venues);
const index = (id: string) => venues.findIndex((v) => v.id === id);

/** Asserts that `parseVenues` rejects `value` with a problem starting `source: path: ` and matching `detail`. */
function rejects(value: unknown, source: string, path: string, detail: RegExp): void {
  assert.throws(
    () => parseVenues(value, source),
    (e: Error) => {
      assert.equal(e.name, "ValidationError");
      const problems = (e as unknown as { problems: string[] }).problems;
      const hit = problems.find((p) => p.startsWith(`${source}: ${path}: `));
      assert.ok(hit, `no problem at ${source}: ${path} in ${JSON.stringify(problems)}`);
      assert.match(hit, detail);
      return true;
    },
  );
}

Deno.test("the default venues are valid and cover every kind", () => {
  assert.deepEqual(parseVenues(fresh(), "venues.json"), venues);
  const kinds = new Set(venues.map((v) => v.kind));
  assert.deepEqual([...kinds].sort(), ["auction", "dark", "lit", "wholesaler"]);
});

Deno.test("parseVenues rejects a fill probability above 1, naming file and field", () => {
  const v = fresh();
  const d = index("DARK-1");
  (v[d] as { fillProbability: number }).fillProbability = 1.5;
  rejects(v, "venues.json", `${d}.fillProbability`, /<=\s*1/);
  const w = fresh();
  w[0].touchFillProbability = 1.01;
  rejects(w, "my-venues.json", "0.touchFillProbability", /<=\s*1/);
  const x = fresh();
  const wh = index("WH-A");
  (x[wh] as { priceImprovement: { marginHalfSpreads: number } }).priceImprovement
    .marginHalfSpreads = 2;
  rejects(x, "venues.json", `${wh}.priceImprovement.marginHalfSpreads`, /<=\s*1/);
  // The retired pass-through share is refused by name.
  const z = fresh();
  Object.assign((z[wh] as { priceImprovement: object }).priceImprovement, { passThrough: 0.8 });
  rejects(z, "venues.json", `${wh}.priceImprovement.passThrough`, /unknown key "passThrough"/);
  // So is a misspelt key of a venue: "afiliated" no longer makes an affiliate unaffiliated.
  const typo = fresh();
  const a = typo.findIndex((x) => (x as { affiliated?: boolean }).affiliated === true);
  delete (typo[a] as { affiliated?: boolean }).affiliated;
  Object.assign(typo[a], { afiliated: true });
  rejects(typo, "venues.json", `${a}.afiliated`, /unknown key "afiliated"/);
  const y = fresh();
  const aff = index("AFF-1");
  (y[aff] as { priceImprovement: { probability: number } }).priceImprovement.probability = 2;
  rejects(y, "venues.json", `${aff}.priceImprovement.probability`, /<=\s*1/);
});

Deno.test("parseVenues rejects a NaN fee, naming file and field", () => {
  const v = fresh();
  (v[0] as { takeFee: number }).takeFee = NaN;
  rejects(v, "venues.json", "0.takeFee", /NaN/);
  const w = fresh();
  const d = index("DARK-1");
  (w[d] as { accessFee: number }).accessFee = NaN;
  rejects(w, "venues.json", `${d}.accessFee`, /NaN/);
});

Deno.test("parseVenues rejects a fee above the $0.05 per-share bound", () => {
  const v = fresh();
  (v[1] as { makeRebate: number }).makeRebate = 0.5;
  rejects(v, "venues.json", "1.makeRebate", /<=\s*0\.05/);
});

Deno.test("parseVenues rejects a duplicate id, naming the second occurrence", () => {
  const v = fresh();
  v[1].id = v[0].id;
  rejects(v, "venues.json", "1.id", new RegExp(`duplicate id ${v[0].id}`));
});

Deno.test("parseVenues rejects an unknown dark-pool fallback, and a fallback that is not lit", () => {
  const d = index("DARK-1");
  const v = fresh();
  (v[d] as { fallback: string }).fallback = "NOPE";
  rejects(v, "venues.json", `${d}.fallback`, /NOPE/);
  const w = fresh();
  (w[d] as { fallback: string }).fallback = "WH-A";
  rejects(w, "venues.json", `${d}.fallback`, /must be a lit venue/);
});

Deno.test("parseVenues rejects an unknown kind, a bad id and an empty list", () => {
  const v = fresh() as unknown as Record<string, unknown>[];
  v[0].kind = "casino";
  assert.throws(() => parseVenues(v, "venues.json"), /venues\.json: 0\.kind/);
  const w = fresh();
  w[0].id = "has space";
  rejects(w, "venues.json", "0.id", /letters, digits/);
  assert.throws(() => parseVenues([], "venues.json"), /venues\.json: \(root\)/);
});

Deno.test("venueCode finds known ids and names an unknown one", () => {
  const t = venueTable(venues);
  venues.forEach((v, i) => assert.equal(venueCode(t, v.id), i));
  assert.throws(
    () => venueCode(t, "NOPE"),
    (e: Error) => {
      assert.equal(e.name, "ValidationError");
      assert.ok(e.message.includes('unknown venue "NOPE"'), e.message);
      assert.ok(e.message.includes("LIT-A"), "the message lists the known ids");
      return true;
    },
  );
});

Deno.test("venueTable flattens the parameters by venue code", () => {
  const t = venueTable(venues);
  assert.equal(t.count, venues.length);
  venues.forEach((v, i) => {
    assert.equal(t.ids[i], v.id);
    assert.equal(t.touchFill[i], v.touchFillProbability);
    assert.equal(t.throughFill[i], v.throughFillProbability);
    if (v.kind === "lit") {
      assert.equal(t.kind[i], LIT);
      assert.equal(t.takeFee[i], v.takeFee);
      assert.equal(t.makeRebate[i], v.makeRebate);
      assert.equal(t.depthShare[i], v.depthShare);
      assert.equal(t.fallback[i], -1);
      for (let c = 0; c < 9; c++) assert.equal(t.payment[i * 9 + c], 0);
    } else if (v.kind === "wholesaler") {
      assert.equal(t.kind[i], WHOLESALER);
      assert.equal(t.affiliated[i], v.affiliated ? 1 : 0);
      const pi = v.priceImprovement;
      assert.equal(t.paymentSpreadShare[i], v.paymentShareOfSpread);
      if (pi.model === "surplus") {
        assert.equal(t.piSurplus[i], 1);
        assert.equal(t.margin[i], pi.marginHalfSpreads);
        assert.equal(t.costPerShare[i], pi.costPerShare);
      } else {
        assert.equal(t.piSurplus[i], 0);
        assert.equal(t.piProbability[i], pi.probability);
        assert.equal(t.piShareOfSpread[i], pi.shareOfSpread);
      }
      assert.equal(t.sizeGuarantee[i], v.sizeGuaranteeShares);
      // payment[venue * 9 + tier * 3 + type]
      TIERS.forEach((tier, ti) =>
        ORDER_TYPES.forEach((type, oi) =>
          assert.equal(t.payment[i * 9 + ti * 3 + oi], v.paymentPerShare[tier][type])
        )
      );
    } else if (v.kind === "dark") {
      assert.equal(t.kind[i], DARK);
      assert.equal(t.darkFill[i], v.fillProbability);
      assert.equal(t.accessFee[i], v.accessFee);
      assert.equal(t.timeoutMs[i], v.timeoutMs);
      assert.equal(t.fallback[i], index(v.fallback));
      for (let c = 0; c < 9; c++) assert.equal(t.payment[i * 9 + c], v.paymentPerShare);
    }
  });
  // The affiliated internalizer of the default scenario is marked as such.
  assert.equal(t.affiliated[index("AFF-1")], 1);
  assert.equal(t.affiliated[index("WH-A")], 0);
});

Deno.test("latency tables: constant at the median when sigma = 0, log-symmetric otherwise", () => {
  const v = fresh();
  v[0].latency = { medianMs: 7, sigma: 0 };
  const t = venueTable(v);
  for (let b = 0; b < LATENCY_BINS; b++) assert.equal(t.latencyTable[b], 7);
  // Bins sit at quantiles (b + 1/2) / B; z(1 - p) = -z(p), so the b-th and the
  // (B - 1 - b)-th latencies multiply to the median squared, and they increase.
  for (let i = 1; i < v.length; i++) {
    const { medianMs } = v[i].latency;
    const row = t.latencyTable.subarray(i * LATENCY_BINS, (i + 1) * LATENCY_BINS);
    for (let b = 0; b < LATENCY_BINS; b++) {
      near(row[b] * row[LATENCY_BINS - 1 - b], medianMs ** 2, 1e-6 * medianMs ** 2, `bin ${b}`);
      if (b > 0) assert.ok(row[b] > row[b - 1]);
    }
  }
});

Deno.test("property: improvement draws stay in [0, half] and average to their clamped mean", () => {
  fc.assert(
    fc.property(
      fc.double({ min: -0.01, max: 0.06, noNaN: true }),
      fc.double({ min: 0.005, max: 0.05, noNaN: true }),
      (mean, half) => {
        const m = Math.min(half, Math.max(0, mean));
        // Midpoint rule over u: the uniform law's mean, up to the $0.0001 rounding.
        const n = 2000;
        let total = 0;
        for (let j = 0; j < n; j++) {
          const x = improvementDraw(mean, half, (j + 0.5) / n);
          assert.ok(x >= 0 && x <= Math.round(half * 1e4) / 1e4 + 1e-12, `draw ${x}`);
          total += x;
        }
        near(total / n, m, 0.00005 + 1e-12, `mean of draws for mean ${mean}, half ${half}`);
      },
    ),
    { numRuns: 60 },
  );
  // By hand: improving with probability 0.5 by 0.3 of a 1-cent spread: 0.5 x 0.3¢ = 0.15¢;
  // 0.4 of it is 0.4¢, still within the 0.5¢ half-spread: 0.5 x 0.4¢ = 0.2¢; 0.6 of it (0.6¢)
  // is beyond the half-spread: capped at 0.5¢, times 0.5.
  near(fixedImprovement(0.5, 0.3, 0.005), 0.0015, 1e-15);
  near(fixedImprovement(0.5, 0.4, 0.005), 0.002, 1e-15);
  near(fixedImprovement(0.5, 0.6, 0.005), 0.0025, 1e-15);
});
