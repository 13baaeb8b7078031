/**
 * The what-if explorer's grid, computed with the library: for each broker
 * profile, simulated days of its clientele's orders run under the status quo
 * (its scorecard), payment caps, a ban, and order-by-order auctions with
 * several bidder counts and exposure times, all on the same orders (common
 * random numbers). For each order-size band it measures, per $10,000 of
 * marketable orders filled, what customers pay beyond the midpoint at
 * arrival, the price improvement they get, and what the broker earns; and
 * the auction's saving against the status quo.
 *
 * Prints the grid as JSON on stdout: `deno run --allow-read --allow-env
 * scripts/site/whatif_grid.ts [orders] [days]`.
 *
 * @module
 */
import { buildWorld, type DayResult, runPolicy } from "../../lib/sim/simulate.ts";
import { defaultScenario } from "../../lib/sim/scenario.ts";
import { brokerProfile, withBroker } from "../../lib/sim/brokers.ts";
import type { PolicyInput } from "../../lib/sim/policy.ts";

/** The brokers of the explorer (profiles of data/brokers.json). */
export const WHATIF_BROKERS = ["us-retail", "robinhood", "schwab", "fidelity"];
/** Payment caps, $ per share. */
export const WHATIF_CAPS = [0.0005, 0.001, 0.002];
export const WHATIF_BIDDERS = [2, 4, 6, 8];
export const WHATIF_EXPOSURES = [50, 100, 200];
/** Order-size bands in dollars at arrival. */
export const WHATIF_SIZES: [label: string, low: number, high: number][] = [
  ["all sizes", 0, Infinity],
  ["under $1,000", 0, 1_000],
  ["$1,000 to $10,000", 1_000, 10_000],
  ["$10,000 and over", 10_000, Infinity],
];

export interface GridRow {
  broker: string;
  size: string;
  policy: "status quo" | "cap" | "ban" | "auction";
  cap: number | null;
  bidders: number | null;
  exposureMs: number | null;
  costPer10k: number;
  improvementPer10k: number;
  brokerPer10k: number;
  paymentPer10k: number;
  orders: number;
}

type Sums = {
  notional: number;
  cost: number;
  pi: number;
  broker: number;
  payment: number;
  n: number;
};

function sums(day: DayResult, low: number, high: number, into: Sums): void {
  const { orders: o, outcomes: r, ledger: l } = day;
  for (let i = 0; i < o.count; i++) {
    if (o.type[i] > 1) continue; // market and marketable limit orders (Rule 605's covered)
    const filled = r.filled[i];
    if (!filled) continue;
    const arrival = o.size[i] * r.arrivalMid[i];
    if (arrival < low || arrival >= high) continue;
    into.notional += filled * r.arrivalMid[i];
    into.cost += l.customerCost[i];
    into.pi += r.priceImprovement[i] * filled;
    into.broker += l.broker[i];
    into.payment += r.payment[i];
    into.n++;
  }
}

export function computeGrid(orders = 10_000, days = 2): GridRow[] {
  const policies: {
    input: PolicyInput;
    row: Pick<GridRow, "policy" | "cap" | "bidders" | "exposureMs">;
  }[] = [
    {
      input: { kind: "scorecard" },
      row: { policy: "status quo", cap: null, bidders: null, exposureMs: null },
    },
    { input: { kind: "ban" }, row: { policy: "ban", cap: null, bidders: null, exposureMs: null } },
    ...WHATIF_CAPS.map((cap) => ({
      input: { kind: "cap", cap } as PolicyInput,
      row: { policy: "cap" as const, cap, bidders: null, exposureMs: null },
    })),
    ...WHATIF_BIDDERS.flatMap((bidders) =>
      WHATIF_EXPOSURES.map((exposureMs) => ({
        input: { kind: "auction", bidders, exposureMs } as PolicyInput,
        row: { policy: "auction" as const, cap: null, bidders, exposureMs },
      }))
    ),
  ];
  const rows: GridRow[] = [];
  for (const broker of WHATIF_BROKERS) {
    const scenario = withBroker(defaultScenario(), broker);
    const totals = policies.map(() =>
      WHATIF_SIZES.map(() => ({ notional: 0, cost: 0, pi: 0, broker: 0, payment: 0, n: 0 }))
    );
    for (let d = 0; d < days; d++) {
      const world = buildWorld(scenario, { orders, seed: 1, replication: d });
      policies.forEach((p, k) => {
        const day = runPolicy(world, p.input);
        WHATIF_SIZES.forEach(([, low, high], s) => sums(day, low, high, totals[k][s]));
      });
    }
    policies.forEach((p, k) => {
      WHATIF_SIZES.forEach(([size], s) => {
        const t = totals[k][s];
        const per = (x: number) => (t.notional > 0 ? (x / t.notional) * 10_000 : 0);
        rows.push({
          broker: brokerProfile(broker).name,
          size,
          ...p.row,
          costPer10k: per(t.cost),
          improvementPer10k: per(t.pi),
          brokerPer10k: per(t.broker),
          paymentPer10k: per(t.payment),
          orders: t.n,
        });
      });
    });
  }
  return rows;
}

if (import.meta.main) {
  const orders = Number(Deno.args[0] ?? 10_000);
  const days = Number(Deno.args[1] ?? 2);
  console.log(JSON.stringify(computeGrid(orders, days)));
}
