/** Policy futures: auctions, caps, bans and the rest, as economic properties. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { parsePolicy, type PolicyInput, policyLabel } from "../lib/sim/policy.ts";
import { buildWorld, runPolicy } from "../lib/sim/simulate.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import {
  expectedAuctionImprovement,
  expectedSecondHighest,
  surplusImprovement,
} from "../lib/sim/dealer.ts";
import { runCli } from "../lib/cli/main.ts";
import { monteCarlo } from "../lib/runs/montecarlo.ts";

const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0);

Deno.test("expectedSecondHighest matches known order statistics and grows with n", () => {
  // E[2nd highest of n normals]: n=2 -> -1/sqrt(pi); n=3 -> 0; n=4 -> 1.0294/... (tabulated 0.2970).
  assert.ok(Math.abs(expectedSecondHighest(2) + 1 / Math.sqrt(Math.PI)) < 1e-6);
  assert.ok(Math.abs(expectedSecondHighest(3)) < 1e-6);
  assert.ok(Math.abs(expectedSecondHighest(4) - 0.29701) < 1e-4);
  assert.ok(Math.abs(expectedSecondHighest(5) - 0.49502) < 1e-4);
  for (let n = 2; n < 40; n++) assert.ok(expectedSecondHighest(n + 1) > expectedSecondHighest(n));
});

Deno.test("property: more bidders never lower the expected price improvement", () => {
  fc.assert(fc.property(
    fc.double({ min: 0.0005, max: 0.05, noNaN: true }),
    fc.double({ min: 0, max: 0.01, noNaN: true }),
    fc.double({ min: 0, max: 0.005, noNaN: true }),
    fc.double({ min: 0, max: 0.02, noNaN: true }),
    fc.integer({ min: 1, max: 30 }),
    (half, adverse, cost, noise, n) =>
      expectedAuctionImprovement(half, adverse, cost, noise, n + 1) + 1e-15 >=
        expectedAuctionImprovement(half, adverse, cost, noise, n),
  ));
});

Deno.test("property: on the same orders, each order's auction improvement grows with bidders", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 12 }), (seed, n) => {
      const world = buildWorld(defaultScenario(), { orders: 600, seed });
      const fewer = runPolicy(world, { kind: "auction", bidders: n, exposureMs: 50 }).outcomes;
      const more = runPolicy(world, { kind: "auction", bidders: n + 1, exposureMs: 50 }).outcomes;
      for (let i = 0; i < world.orders.count; i++) {
        if (world.orders.type[i] === 2 || fewer.filled[i] === 0 || more.filled[i] === 0) continue;
        // Bidder b's draw is the same in both auctions: the second-best of n + 1 >= of n.
        if (more.priceImprovement[i] + 1e-12 < fewer.priceImprovement[i]) return false;
      }
      return true;
    }),
    { numRuns: 15 },
  );
});

Deno.test("property: a lower cap never raises the broker's payment revenue", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1e6 }),
      fc.double({ min: 0, max: 0.004, noNaN: true }),
      fc.double({ min: 0, max: 0.004, noNaN: true }),
      (seed, a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const world = buildWorld(defaultScenario(), { orders: 500, seed });
        const low = runPolicy(world, { kind: "cap", cap: lo });
        const high = runPolicy(world, { kind: "cap", cap: hi });
        const expected = (d: typeof low) =>
          sum(Float64Array.from(d.routes.expectedRevenue, (r, i) => r * d.orders.size[i]));
        // A cap routes by the broker's scorecard: each order goes to the same venue whatever
        // the cap, and min(payment, cap) there is monotone in the cap.
        return expected(low) <= expected(high) + 1e-9 &&
          low.metrics.summarize([])[0].payment <= high.metrics.summarize([])[0].payment + 1e-9 &&
          Array.from(low.outcomes.payment).every((p, i) =>
            p <= lo * low.outcomes.filled[i] + 1e-12
          );
      },
    ),
    { numRuns: 15 },
  );
});

Deno.test("property: under a ban, an auction or a commission broker the broker receives no payment", () => {
  for (
    const policy of [
      { kind: "ban", commissionPerOrder: 1 },
      { kind: "auction", bidders: 4 },
      { kind: "commission" },
      { kind: "subscription" },
    ] as PolicyInput[]
  ) {
    const day = runPolicy(buildWorld(defaultScenario(), { orders: 2000, seed: 3 }), policy);
    assert.equal(sum(day.outcomes.payment), 0, policyLabel(parsePolicy(policy)));
  }
});

Deno.test("property: the ledger identity holds for every policy", () => {
  const policies: PolicyInput[] = [
    { kind: "auction", bidders: 3, exposureMs: 250 },
    { kind: "cap", cap: 0.0005 },
    { kind: "ban", commissionPerOrder: 2.5 },
    { kind: "commission", commissionPerOrder: 1, commissionPerShare: 0.002 },
    { kind: "subscription" },
    { kind: "disclosure" },
    { kind: "directed", venue: "LIT-B" },
    { kind: "hybrid", auctionShare: 0.4, cap: 0.001 },
  ];
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.constantFrom(...policies), (seed, policy) => {
      const day = runPolicy(buildWorld(defaultScenario(), { orders: 400, seed }), policy);
      const l = day.ledger;
      for (let i = 0; i < day.orders.count; i++) {
        const others = l.broker[i] + l.wholesaler[i] + l.venue[i] + l.otherSide[i];
        if (Math.abs(l.customerCost[i] - others) > 1e-9 * (1 + Math.abs(others))) return false;
      }
      return true;
    }),
    { numRuns: 16 },
  );
});

Deno.test("economics: a cap raises price improvement, and payment moves surplus from customer to broker", () => {
  // By hand: half 0.8¢, a margin of 0.1 half-spreads (0.08¢), adverse 0.1¢, cost 0.04¢:
  // paying 0.24¢ leaves 0.8 - 0.08 - 0.1 - 0.04 - 0.24 = 0.34¢ of improvement, paying 0.1¢
  // leaves 0.48¢: the cap's 0.14¢ goes to the customer one for one.
  const paid = surplusImprovement(0.008, 0.001, 0.0004, 0.0024, 0.1);
  const capped = surplusImprovement(0.008, 0.001, 0.0004, 0.001, 0.1);
  assert.ok(Math.abs(paid - 0.0034) < 1e-15 && Math.abs(capped - 0.0048) < 1e-15);
  // Nothing is left when the payment eats the surplus: never below zero.
  assert.equal(surplusImprovement(0.008, 0.001, 0.0004, 0.008, 0.1), 0);
  const world = buildWorld(defaultScenario(), { orders: 20_000, seed: 2 });
  const covered = { types: [0, 1] };
  // Today's scorecard routing, uncapped (a cap routes by the same scorecard draws).
  const status = runPolicy(world, { kind: "scorecard" }).metrics.summarize([], covered)[0];
  const cap = runPolicy(world, { kind: "cap", cap: 0.001 }).metrics.summarize([], covered)[0];
  assert.ok(cap.priceImprovementAll > status.priceImprovementAll);
  assert.ok(cap.payment < status.payment);
  assert.ok(cap.customerCost < status.customerCost);
});

Deno.test("directed orders all go to the chosen venue; hybrids split by the auction share", () => {
  const world = buildWorld(defaultScenario(), { orders: 4000, seed: 5 });
  const directed = runPolicy(world, { kind: "directed", venue: "LIT-A" });
  const lit = world.venues.ids.indexOf("LIT-A");
  assert.ok(directed.routes.venue.every((v) => v === lit));
  const hybrid = runPolicy(world, { kind: "hybrid", auctionShare: 0.3 });
  const auction = world.venues.ids.indexOf("AUCTION");
  let marketable = 0, auctioned = 0;
  for (let i = 0; i < world.orders.count; i++) {
    if (world.orders.type[i] === 2) continue;
    marketable++;
    if (hybrid.routes.venue[i] === auction) auctioned++;
  }
  const se = Math.sqrt(0.3 * 0.7 / marketable);
  assert.ok(Math.abs(auctioned / marketable - 0.3) < 5 * se, `${auctioned}/${marketable}`);
});

Deno.test("invalid policies are rejected with a message naming the field", () => {
  const cases: [unknown, RegExp][] = [
    [{ kind: "cap", cap: -0.001 }, /cap: a payment cap cannot be negative/],
    [{ kind: "auction", bidders: 0 }, /bidders: an auction needs at least one bidder/],
    [{ kind: "auction", exposureMs: -5 }, /exposureMs: exposure time cannot be negative/],
    [{ kind: "hybrid", auctionShare: 1.5 }, /auctionShare/],
    [{ kind: "ban", commissionPerOrder: NaN }, /commissionPerOrder/],
  ];
  for (const [value, message] of cases) {
    assert.throws(() => parsePolicy(value, "policy.json"), (e: Error) => {
      assert.match(e.message, /^policy\.json: /);
      assert.match(e.message, message);
      return true;
    });
  }
  assert.throws(
    () =>
      runPolicy(buildWorld(defaultScenario(), { orders: 10, seed: 1 }), {
        kind: "directed",
        venue: "NYSE",
      }),
    /unknown venue "NYSE"/,
  );
});

Deno.test("cli: the new policies and compare run, and bad combinations exit 2", async () => {
  const sim = await runCli([
    "simulate",
    "--policy",
    "auction",
    "--bidders",
    "5",
    "--exposure-ms",
    "100",
    "--orders=2000",
    "--format=json",
  ]);
  assert.equal(sim.code, 0, sim.stdout);
  const doc = JSON.parse(sim.stdout);
  assert.equal(doc.rows[0].policy, "auction (5 bidders, 100 ms)");
  assert.equal(doc.rows[0].metrics.payment, 0);
  const cmp = await runCli([
    "compare",
    "--policy",
    "max-payment,cap:cap=0.001,ban:commissionPerOrder=2",
    "--orders=2000",
    "--replications=2",
    "--format=json",
  ]);
  assert.equal(cmp.code, 0, cmp.stdout);
  const c = JSON.parse(cmp.stdout);
  assert.deepEqual(c.differences.map((d: { policy: string }) => d.policy), [
    "cap ($0.0010)",
    "ban ($2 commission)",
  ]);
  for (const d of c.differences) assert.ok(d.payment.mean < 0, `${d.policy} should lower payment`);
  for (
    const [args, message] of [
      [["simulate", "--policy", "cap", "--cap=-0.001"], /a payment cap cannot be negative/],
      [["simulate", "--policy", "auction", "--bidders", "0"], /at least one bidder/],
      [
        ["simulate", "--policy", "auction", "--exposure-ms=-1"],
        /exposure time cannot be negative/,
      ],
      [["simulate", "--policy", "auction:bidders"], /expected key=value/],
      [["compare", "--policy", "cap", "--cap", "abc"], /--cap: expected a number/],
    ] as [string[], RegExp][]
  ) {
    const r = await runCli(args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stdout, message);
  }
});

Deno.test("review fixes: hybrid auction draws differ by replication; duplicate labels and empty venue lists are refused", () => {
  const s = defaultScenario();
  const hybrid = { kind: "hybrid" as const, auctionShare: 0.5 };
  const a = runPolicy(buildWorld(s, { orders: 2000, seed: 1, replication: 0 }), hybrid);
  const b = runPolicy(buildWorld(s, { orders: 2000, seed: 1, replication: 1 }), hybrid);
  const auction = a.venues.ids.indexOf("AUCTION");
  let agree = 0, marketable = 0;
  for (let i = 0; i < a.orders.count; i++) {
    if (a.orders.type[i] === 2 || b.orders.type[i] === 2) continue;
    marketable++;
    if ((a.routes.venue[i] === auction) === (b.routes.venue[i] === auction)) agree++;
  }
  // Independent halves agree about half the time, not always.
  assert.ok(agree < 0.6 * marketable && agree > 0.4 * marketable, `${agree} of ${marketable}`);
  assert.throws(
    () =>
      runPolicy(buildWorld(s, { orders: 100, seed: 1 }), { kind: "auction", venues: ["AUCTION"] }),
    /venues: the policy leaves no venue other than an auction/,
  );
  assert.throws(
    () =>
      monteCarlo(s, [{ kind: "commission" }, { kind: "commission" }], {
        orders: 100,
        seed: 1,
        replications: 1,
      }),
    /two policies share the label "commission \(\$4\.95\)"/,
  );
});

Deno.test("review fixes: an explicit zero commission is charged as zero, whatever the broker's default", () => {
  const s = defaultScenario();
  s.broker.commissionPerOrder = 4.95;
  const world = buildWorld(s, { orders: 500, seed: 2 });
  const free = runPolicy(world, { kind: "commission", commissionPerOrder: 0 });
  const quo = runPolicy(world, { kind: "max-payment" });
  const filled = (d: typeof free) => Array.from(d.outcomes.filled).filter((f) => f > 0).length;
  const commissionPaid = (d: typeof free) =>
    d.metrics.summarize([])[0].brokerGain - d.metrics.summarize([])[0].payment +
    d.metrics.summarize([])[0].brokerFees;
  assert.ok(Math.abs(commissionPaid(free)) < 1e-6, `commission ${commissionPaid(free)}`);
  assert.ok(Math.abs(commissionPaid(quo) - 4.95 * filled(quo)) < 1e-6);
});
