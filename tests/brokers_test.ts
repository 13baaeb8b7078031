/**
 * Broker profiles and the scorecard competition: withBroker applies a
 * broker's clientele, payments and scorecard; scorecardEquilibrium has the
 * closed form of equal wholesalers and the first-order conditions otherwise.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  brokerProfile,
  brokerProfiles,
  referenceHalfSpread,
  withBroker,
} from "../lib/sim/brokers.ts";
import { scorecardEquilibrium } from "../lib/sim/competition.ts";
import { defaultScenario, type Scenario } from "../lib/sim/scenario.ts";
import { near } from "./_helpers.ts";

const base = defaultScenario();
const venue = (s: Scenario, id: string) => {
  const v = s.venues.find((x) => x.id === id)!;
  if (v.kind !== "wholesaler") throw new Error(`${id} is not a wholesaler`);
  return v;
};
const tierShare = (s: Scenario, sp500: boolean) =>
  s.universe.tiers.filter((t) => (t.tier === "sp500") === sp500).reduce(
    (a, t) => a + t.flowShare,
    0,
  );

// ---------------------------------------------------------------------------
// scorecardEquilibrium

Deno.test("scorecardEquilibrium: n equal wholesalers keep n / (beta (n - 1)) and split evenly", () => {
  // By hand: five wholesalers, beta 20: margin 5 / 80 = 0.0625, shares 0.2, HHI 5 x 20^2 = 2000.
  const eq = scorecardEquilibrium([0.03, 0.03, 0.03, 0.03, 0.03], 20);
  for (let w = 0; w < 5; w++) {
    near(eq.margin[w], 0.0625, 1e-9, `margin ${w}`);
    near(eq.share[w], 0.2, 1e-12, `share ${w}`);
  }
  near(eq.hhi, 2000, 1e-6, "HHI");
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 8 }),
      fc.double({ min: 2, max: 200, noNaN: true }),
      fc.double({ min: 0, max: 0.5, noNaN: true }),
      (n, beta, cost) => {
        const e = scorecardEquilibrium(new Array(n).fill(cost), beta);
        const closed = Math.min(1, n / (beta * (n - 1)));
        for (let w = 0; w < n; w++) {
          near(e.margin[w], closed, 1e-9, `n ${n}, beta ${beta}: margin`);
          near(e.share[w], 1 / n, 1e-9, `n ${n}: share`);
        }
        near(e.hhi, 10_000 / n, 1e-5, "HHI");
      },
    ),
    { numRuns: 60 },
  );
});

Deno.test("scorecardEquilibrium: a lone wholesaler keeps the whole surplus; bad inputs are refused", () => {
  const one = scorecardEquilibrium([0.02], 12);
  assert.deepEqual([one.margin[0], one.share[0], one.hhi], [1, 1, 10_000]);
  assert.throws(() => scorecardEquilibrium([], 12), /at least one/);
  assert.throws(() => scorecardEquilibrium([0.1, 0.2], 0), /scorecardSensitivity/);
  assert.throws(() => scorecardEquilibrium([0.1, 0.2], NaN), /scorecardSensitivity/);
});

Deno.test("property: cheaper wholesalers win larger shares, shares sum to one, margins solve the FOC", () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 7 }),
      fc.double({ min: 5, max: 80, noNaN: true }),
      (fractions, beta) => {
        // Cost gaps up to 6 / beta half-spreads (the calibrated worlds' gaps are below 1 / beta).
        const costs = fractions.map((f) => f * 6 / beta);
        const e = scorecardEquilibrium(costs, beta);
        const n = costs.length;
        let total = 0, hhi = 0;
        for (let w = 0; w < n; w++) {
          total += e.share[w];
          hhi += (100 * e.share[w]) ** 2;
          // First-order condition of max s_w m_w under the logit: m_w = 1 / (beta (1 - s_w)).
          near(e.margin[w], Math.min(1, 1 / (beta * (1 - e.share[w]))), 1e-7, `FOC ${w}`);
        }
        near(total, 1, 1e-12, "shares sum to one");
        near(e.hhi, hhi, 1e-6, "HHI of the shares");
        // Logit shares: s_w / s_v = exp(-beta ((c_w + m_w) - (c_v + m_v))).
        for (let w = 0; w < n; w++) {
          for (let v = 0; v < n; v++) {
            const ratio = Math.exp(-beta * (costs[w] + e.margin[w] - costs[v] - e.margin[v]));
            near(e.share[w] / e.share[v], ratio, 1e-6 * (1 + ratio), `logit ${w}/${v}`);
            if (costs[w] < costs[v] - 1e-9) {
              assert.ok(
                e.share[w] > e.share[v],
                `cost ${costs[w]} < ${costs[v]}, share not larger`,
              );
              assert.ok(e.margin[w] >= e.margin[v], "the cheaper keeps at least the margin");
            }
          }
        }
      },
    ),
    { numRuns: 80 },
  );
});

Deno.test("scorecardEquilibrium with a wide cost gap (beta x gap = 2, where the old fixed point failed)", () => {
  const e = scorecardEquilibrium([0, 0.05], 40);
  assert.ok(e.share[0] > e.share[1], `cheaper share ${e.share[0]} vs ${e.share[1]}`);
  for (let w = 0; w < 2; w++) {
    near(e.margin[w], Math.min(1, 1 / (40 * (1 - e.share[w]))), 1e-7, `FOC ${w}`);
  }
  // Duopoly by hand: s0 / s1 = exp(-40 (0 + m0 - 0.05 - m1)) with m = 1 / (40 (1 - s)).
  const ratio = Math.exp(-40 * (e.margin[0] - 0.05 - e.margin[1]));
  near(e.share[0] / e.share[1], ratio, 1e-6 * ratio, "logit ratio");
});

// ---------------------------------------------------------------------------
// Profiles and withBroker

Deno.test("every broker profile names its sources and its wholesalers are wholesalers", () => {
  const ids = base.venues.map((v) => v.id);
  for (const p of brokerProfiles()) {
    for (const key of ["paymentCentsPer100", "clientele.notionalMedian", "clientele.typeMix"]) {
      assert.ok((p.sources[key] ?? "").length > 10, `${p.id}: no source for ${key}`);
    }
    for (const id of [...p.wholesalers, ...p.otherVenues]) assert.ok(ids.includes(id), id);
    const mix = p.clientele.typeMix;
    near(mix.market + mix.marketableLimit + mix.nonMarketableLimit, 1, 1e-9, `${p.id} type mix`);
  }
});

Deno.test("withBroker applies the clientele: notional, type mix, S&P 500 share, informed share", () => {
  const rh = withBroker(base, "robinhood");
  assert.equal(rh.broker.id, "robinhood");
  assert.equal(rh.broker.name, "Robinhood");
  // data/brokers.json: median $600, log-sd 1.5; 30% of orders in the S&P 500.
  assert.deepEqual([rh.flow.notional.median, rh.flow.notional.logSd], [600, 1.5]);
  assert.equal(rh.flow.notional.max, base.flow.notional.max);
  assert.deepEqual(rh.flow.typeMix, {
    market: 0.534,
    marketableLimit: 0.313,
    nonMarketableLimit: 0.153,
  });
  near(tierShare(rh, true), 0.3, 1e-12, "S&P 500 share");
  near(tierShare(rh, false), 0.7, 1e-12, "other stocks' share");
  // The other tiers keep their proportions: 0.7 split as the market splits its 0.6.
  const rest = base.universe.tiers.filter((t) => t.tier !== "sp500");
  rest.forEach((t) => {
    const got = rh.universe.tiers.find((x) => x.tier === t.tier)!.flowShare;
    near(got, 0.7 * t.flowShare / 0.6, 1e-12, `${t.tier} flow share`);
  });
  // Informed share scales with the clientele: 0.2 (market) x 0.8 / 1 = 0.16.
  near(base.flow.informedShare, 0.2, 1e-12, "the market's informed share");
  near(rh.flow.informedShare, 0.16, 1e-12, "Robinhood's informed share");
  // The market's own values are kept, so re-basing on another broker does not compound.
  assert.deepEqual(rh.broker.market, {
    scorecardSensitivity: base.broker.scorecardSensitivity,
    informedShare: 0.2,
  });
  const schwabFromRh = withBroker(rh, "schwab");
  const schwab = withBroker(base, "schwab");
  near(schwabFromRh.flow.informedShare, schwab.flow.informedShare, 1e-15, "re-based informed");
  near(schwabFromRh.broker.scorecardSensitivity, schwab.broker.scorecardSensitivity, 1e-12);
  assert.deepEqual(schwabFromRh.broker.allocation, schwab.broker.allocation);
});

Deno.test("withBroker: payments per share are the profile's Cph / 10,000 at each of its wholesalers", () => {
  const schwab = withBroker(base, "schwab");
  for (const id of ["WH-A", "WH-B", "WH-C", "WH-D", "WH-E"]) {
    const v = venue(schwab, id);
    // data/brokers.json: S&P 500 9.99 / 9.65 / 32.41 Cph, other 9.99 / 9.87 / 28.93 Cph.
    near(v.paymentPerShare.sp500.market, 0.000999, 1e-15, `${id} S&P 500 market`);
    near(v.paymentPerShare.sp500.marketableLimit, 0.000965, 1e-15, `${id} S&P 500 marketable`);
    near(v.paymentPerShare.sp500.nonMarketableLimit, 0.003241, 1e-15, `${id} S&P 500 resting`);
    near(v.paymentPerShare.otherNms.market, 0.000999, 1e-15, `${id} other market`);
    near(v.paymentPerShare.otherNms.nonMarketableLimit, 0.002893, 1e-15, `${id} other resting`);
    // Low-priced stocks are in the 606 "other stocks" section; the calibration pays them a share
    // of their smaller dollar spread (us-2022.json: market 0.00049 against 0.0015 other stocks).
    near(v.paymentPerShare.lowPriced.market, 0.000999 * 0.00049 / 0.0015, 1e-15, `${id} low`);
    near(
      v.paymentPerShare.lowPriced.nonMarketableLimit,
      0.002893 * 0.00087 / 0.00267,
      1e-15,
      `${id} low resting`,
    );
    assert.equal(v.paymentShareOfSpread, 0);
  }
  // The default (us-retail): 16 Cph on marketable orders.
  near(venue(base, "WH-C").paymentPerShare.sp500.market, 0.0016, 1e-15, "us-retail");
  // Robinhood is paid 8% of the quoted spread instead of a fixed rate (its 606 Cph are the
  // result, not the terms): no fixed rate, so a 2-cent spread pays 0.16 cents a share.
  const rh = withBroker(base, "robinhood");
  for (const id of ["WH-A", "WH-E"]) {
    const v = venue(rh, id);
    assert.equal(v.paymentShareOfSpread, 0.08);
    for (const tier of ["sp500", "otherNms", "lowPriced"] as const) {
      assert.deepEqual(v.paymentPerShare[tier], {
        market: 0,
        marketableLimit: 0,
        nonMarketableLimit: 0,
      });
    }
  }
  // A wholesaler the broker does not use keeps the market's terms (TD Ameritrade: WH-A..D).
  const td = withBroker(base, "td-ameritrade");
  assert.deepEqual(venue(td, "WH-E"), venue(base, "WH-E"));
  near(venue(td, "WH-A").paymentPerShare.sp500.market, 0.0012, 1e-15, "TD 12 Cph");
  // Commissions and venues come from the profile.
  assert.deepEqual(td.broker.venues, ["LIT-A", "LIT-B", "WH-A", "WH-B", "WH-C", "WH-D"]);
});

Deno.test("withBroker: the scorecard covers the broker's wholesalers, shares summing to one", () => {
  for (const p of brokerProfiles()) {
    const s = withBroker(base, p.id);
    if (p.wholesalers.length === 0) {
      // Interactive Brokers Pro routes by best execution, with no wholesaler to score.
      assert.equal(s.broker.allocation, undefined, p.id);
      continue;
    }
    const allocation = s.broker.allocation!;
    assert.deepEqual(Object.keys(allocation).sort(), [...p.wholesalers].sort(), p.id);
    near(Object.values(allocation).reduce((a, b) => a + b, 0), 1, 1e-9, `${p.id}: shares`);
    // Sensitivity: the market's times the profile's multiplier (the market's is 1).
    near(
      s.broker.scorecardSensitivity,
      base.broker.scorecardSensitivity * p.scorecardSensitivityMultiplier,
      1e-9,
      `${p.id}: sensitivity`,
    );
    // Costs rise from WH-A to WH-E: shares fall.
    const shares = p.wholesalers.map((id) => allocation[id]);
    for (let w = 1; w < shares.length; w++) assert.ok(shares[w] < shares[w - 1], p.id);
  }
  assert.equal(withBroker(base, "ibkr-pro").broker.policy, "best-execution");
});

Deno.test("withBroker: an unknown broker or venue is a named error", () => {
  assert.throws(() => withBroker(base, "nope"), (e: Error) => {
    assert.equal(e.name, "ValidationError");
    assert.ok(e.message.includes('unknown broker "nope"'), e.message);
    assert.ok(e.message.includes("robinhood"), "the message lists the known ids");
    return true;
  });
  const p = brokerProfile("schwab");
  assert.throws(
    () => withBroker(base, { ...p, wholesalers: ["WH-A", "WH-Z"] }),
    /broker schwab: unknown venue "WH-Z"/,
  );
  assert.throws(
    () => withBroker(base, { ...p, wholesalers: ["WH-A", "LIT-A"] }),
    /broker schwab: wholesalers: LIT-A is a lit venue/,
  );
});

Deno.test("referenceHalfSpread: the tiers' half-spreads weighted by their flow shares", () => {
  const s = structuredClone(base);
  s.universe.tiers = s.universe.tiers.map((t, i) => ({
    ...t,
    flowShare: [0.5, 0.3, 0.2][i],
    spreadTicks: [2, 4, 10][i],
  }));
  // (0.5 x 2 + 0.3 x 4 + 0.2 x 10) ticks x $0.01 / 2 = 4.2 x 0.005 = $0.021.
  near(referenceHalfSpread(s), 0.021, 1e-15);
});
