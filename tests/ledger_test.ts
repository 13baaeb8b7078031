import assert from "node:assert/strict";
import fc from "fast-check";
import { buildLedger, type Commission, type Ledger, PARTIES } from "../lib/sim/ledger.ts";
import { buildWorld, runPolicy } from "../lib/sim/simulate.ts";
import { execute, type Outcomes } from "../lib/sim/execution.ts";
import { Random } from "../lib/sim/random.ts";
import { ORDER_TYPES } from "../lib/sim/flow.ts";
import { TIERS } from "../lib/sim/securities.ts";
import { DARK, LIT, WHOLESALER } from "../lib/sim/venues.ts";
import { parseScenario } from "../lib/sim/scenario.ts";
import { near, smallScenario, sum } from "./_helpers.ts";
import { routesTo, tinyFlow, tinyMarket, tinyOrders, tinyVenues, V } from "./_tiny.ts";

const tol = (x: number) => 1e-9 * (1 + Math.abs(x));
const base = smallScenario(1800);

const scenarioArb = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
  orders: fc.integer({ min: 50, max: 2000 }),
  policy: fc.oneof(
    fc.constant({ kind: "best-execution" as const }),
    fc.constant({ kind: "max-payment" as const }),
    fc.constant({ kind: "scorecard" as const }),
    fc.double({ min: 0, max: 1, noNaN: true }).map((w) => ({
      kind: "balanced" as const,
      paymentWeight: w,
    })),
  ),
  commissionPerOrder: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10, noNaN: true })),
  commissionPerShare: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.01, noNaN: true })),
  affiliate: fc.boolean(),
});

Deno.test("property: for every order the customer's cost is what the others gain", () => {
  fc.assert(
    fc.property(scenarioArb, (a) => {
      const scenario = parseScenario({
        ...base,
        broker: {
          ...base.broker,
          commissionPerOrder: a.commissionPerOrder,
          commissionPerShare: a.commissionPerShare,
          venues: a.affiliate ? [...base.broker.venues, "AFF-1"] : base.broker.venues,
        },
      }, "property");
      const day = runPolicy(buildWorld(scenario, a), a.policy);
      const { orders, outcomes: o, ledger: l, venues } = day;
      let wholesalerFills = 0;
      for (let i = 0; i < orders.count; i++) {
        const others = l.broker[i] + l.wholesaler[i] + l.venue[i] + l.otherSide[i];
        assert.ok(
          Math.abs(l.customerCost[i] - others) <= tol(l.customerCost[i]),
          `order ${i}: customer ${l.customerCost[i]} vs others ${others}`,
        );
        const q = o.filled[i];
        if (q === 0) {
          for (const p of PARTIES) {
            const col = p === "customer" ? l.customerCost : l[p];
            assert.equal(col[i], 0, `unfilled order ${i}: ${p} is ${col[i]}`);
          }
          continue;
        }
        // The customer pays the trade against the arrival mid plus the commission.
        const trade = orders.side[i] * (o.price[i] - o.arrivalMid[i]) * q;
        const commission = a.commissionPerOrder + a.commissionPerShare * q;
        near(l.customerCost[i], trade + commission, tol(trade), `order ${i}: customer`);
        const ev = o.execVenue[i];
        const v = venues.venues[ev];
        if (venues.kind[ev] === WHOLESALER) {
          assert.equal(v.kind, "wholesaler");
          assert.equal(o.brokerFee[i], 0);
          assert.equal(o.contraFee[i], 0);
          if (v.kind !== "wholesaler") continue;
          wholesalerFills++;
          if (v.affiliated) {
            // An affiliate pays nothing; its capture is the broker's.
            assert.equal(o.payment[i], 0);
            near(l.broker[i], trade + commission, tol(trade), `order ${i}: affiliate's broker`);
            assert.equal(l.wholesaler[i], 0);
          } else {
            // PFOF from the venue's own table (tier and order type of the order), plus its
            // share of the quoted spread at arrival, if any.
            const tier = TIERS[day.universe.tier[orders.security[i]]];
            const rate = v.paymentPerShare[tier][ORDER_TYPES[orders.type[i]]] +
              v.paymentShareOfSpread * o.arrivalSpread[i];
            near(o.payment[i], rate * q, 1e-12, `order ${i}: payment`);
            // The wholesaler keeps its capture less the payment; the broker gets the payment.
            near(l.wholesaler[i], trade - o.payment[i], tol(trade), `order ${i}: wholesaler`);
            near(l.broker[i], o.payment[i] + commission, tol(commission), `order ${i}: broker`);
          }
          assert.equal(l.otherSide[i], 0);
          assert.equal(l.venue[i], 0);
        } else {
          assert.ok(venues.kind[ev] === LIT || venues.kind[ev] === DARK);
          assert.equal(l.wholesaler[i], 0);
          near(l.otherSide[i], trade - o.contraFee[i], tol(trade), `order ${i}: other side`);
          near(
            l.venue[i],
            o.brokerFee[i] + o.contraFee[i] - o.payment[i],
            1e-12,
            `order ${i}: venue`,
          );
          near(
            l.broker[i],
            o.payment[i] - o.brokerFee[i] + commission,
            tol(commission),
            `order ${i}: broker`,
          );
        }
      }
      // Max payment routes marketable flow to wholesalers (paying or affiliated).
      if (a.policy.kind === "max-payment") assert.ok(wholesalerFills > 0);
    }),
    { numRuns: 30 },
  );
});

/** The ledger of `o` with every payment set to zero. */
function withoutPayments(o: Outcomes): Outcomes {
  return { ...o, payment: new Float64Array(o.count) };
}

Deno.test("property: PFOF moves money from the payer to the broker, not from the customer", () => {
  fc.assert(
    fc.property(scenarioArb, (a) => {
      const day = runPolicy(buildWorld(base, a), a.policy);
      const { orders, outcomes: o, venues } = day;
      const paid = buildLedger(orders, o, venues);
      const unpaid = buildLedger(orders, withoutPayments(o), venues);
      for (let i = 0; i < orders.count; i++) {
        const p = o.payment[i];
        assert.equal(paid.customerCost[i], unpaid.customerCost[i], `order ${i}: customer`);
        near(paid.broker[i] - unpaid.broker[i], p, 1e-12, `order ${i}: broker +payment`);
        const payer = venues.kind[o.execVenue[i]] === WHOLESALER ? "wholesaler" : "venue";
        near(paid[payer][i] - unpaid[payer][i], -p, 1e-12, `order ${i}: ${payer} -payment`);
      }
      // In total, the broker's PFOF is the sum of the payments.
      near(sum(paid.broker) - sum(unpaid.broker), sum(o.payment), 1e-9 * (1 + sum(o.payment)));
    }),
    { numRuns: 20 },
  );
});

// ---------------------------------------------------------------------------
// By hand on the tiny world (bid 100.00, ask 100.01, mid 100.005).

function tinyLedger(to: number[], commission?: Commission): Ledger {
  const orders = tinyOrders(to.map(() => ({})));
  const venues = tinyVenues();
  const o = execute(tinyMarket(), venues, tinyFlow(), orders, routesTo(to), new Random(1));
  return buildLedger(orders, o, venues, commission);
}

Deno.test("commission: the customer pays it and the broker keeps it", () => {
  // 100 shares bought at the ask on LIT, $1 per order + $0.005 per share.
  const l = tinyLedger([V.LIT, V.WH], { perOrder: 1, perShare: 0.005 });
  near(l.customerCost[0], 0.50 + 1 + 0.50);
  near(l.broker[0], -0.30 + 1.50); // take fee paid, commission kept
  near(l.venue[0], 0.10);
  near(l.otherSide[0], 0.70);
  near(l.customerCost[1], 2.0);
  near(l.broker[1], 0.21 + 1.50); // PFOF plus commission
  near(l.wholesaler[1], 0.29);
});

Deno.test("without commission the default broker's rows are the trade's split", () => {
  const l = tinyLedger([V.DARK, V.AFF]);
  // Midpoint cross: nothing to split but fees and the ATS's payment.
  assert.deepEqual(
    [l.customerCost[0], l.wholesaler[0], l.otherSide[0]].map((x) => Math.abs(x) < 1e-12),
    [true, true, true],
  );
  near(l.broker[0], 0.04 - 0.10);
  near(l.venue[0], 0.10 - 0.04);
  // Affiliate: the whole $0.50 capture is the broker's.
  near(l.broker[1], 0.50);
  near(l.wholesaler[1], 0);
});
