// Venues with round numbers for the hand-computed cases of the venue models.
import { parseVenues, venueTable } from "../../lib/sim/venues.ts";
import { type Draws, type OrderView, orderView } from "../../lib/sim/models/mod.ts";
import { Random } from "../../lib/sim/random.ts";
import { buildUniverse } from "../../lib/sim/securities.ts";
import { type Market, simulateMarket } from "../../lib/sim/market.ts";
import { defaultScenario } from "../../lib/sim/scenario.ts";

const common = { latency: { medianMs: 1, sigma: 0 }, source: "test" };
const pay = (p: number) => ({
  sp500: { market: p, marketableLimit: p, nonMarketableLimit: 2 * p },
  otherNms: { market: p, marketableLimit: p, nonMarketableLimit: 2 * p },
  lowPriced: { market: p, marketableLimit: p, nonMarketableLimit: 2 * p },
});

/** LIT 0, WH 1 (surplus), FIX 2 (fixed), AFF 3, DARK 4, AUC 5. */
export const venues = venueTable(parseVenues([
  {
    ...common,
    id: "LIT",
    name: "lit",
    kind: "lit",
    takeFee: 0.003,
    makeRebate: 0.002,
    depthShare: 0.5,
    touchFillProbability: 0.6,
    throughFillProbability: 1,
  },
  {
    ...common,
    id: "WH",
    name: "wholesaler",
    kind: "wholesaler",
    paymentPerShare: pay(0.001),
    priceImprovement: { model: "surplus", costPerShare: 0.0005, marginHalfSpreads: 0.2 },
    sizeGuaranteeShares: 1000,
    touchFillProbability: 0.5,
    throughFillProbability: 1,
  },
  {
    ...common,
    id: "FIX",
    name: "fixed",
    kind: "wholesaler",
    paymentPerShare: pay(0.002),
    priceImprovement: { model: "fixed", probability: 1, shareOfSpread: 0.25 },
    sizeGuaranteeShares: 200,
    touchFillProbability: 0.5,
    throughFillProbability: 1,
  },
  {
    ...common,
    id: "AFF",
    name: "affiliate",
    kind: "wholesaler",
    affiliated: true,
    paymentPerShare: pay(0),
    priceImprovement: { model: "fixed", probability: 1, shareOfSpread: 0.1 },
    sizeGuaranteeShares: 1000,
    touchFillProbability: 0.5,
    throughFillProbability: 1,
  },
  {
    ...common,
    id: "DARK",
    name: "dark",
    kind: "dark",
    fillProbability: 0.4,
    accessFee: 0.001,
    paymentPerShare: 0,
    timeoutMs: 0,
    fallback: "LIT",
    touchFillProbability: 0.1,
    throughFillProbability: 0.3,
  },
  {
    ...common,
    id: "AUC",
    name: "auction",
    kind: "auction",
    costPerShare: 0.0005,
    valuationNoiseShareOfSpread: 0,
    sizeGuaranteeShares: 1000,
    touchFillProbability: 0,
    throughFillProbability: 0,
  },
], "test venues"));

/** A buy of `q` shares at a 2¢ spread around $10, 400 shares at the NBBO, 100 a level. */
export function buy(q: number, more: Partial<OrderView> = {}): OrderView {
  return {
    ...orderView(),
    q,
    side: 1,
    mid: 10,
    half: 0.01,
    tick: 0.01,
    depth: 400,
    level: 100,
    nonFill: 1,
    ...more,
  };
}

/** A market of the default scenario and the venue models' random streams, from one seed. */
export function world(seed: number): { market: Market; draws: Draws } {
  const r = new Random(seed);
  const market = simulateMarket(buildUniverse(defaultScenario().universe, r), r);
  return { market, draws: drawsOf(r) };
}

/** The venue models' random streams of `r`. */
export function drawsOf(r: Random): Draws {
  return {
    pi: r.stream("pi"),
    piAmount: r.stream("amount"),
    dark: r.stream("dark"),
    reroute: r.stream("reroute"),
    bids: r.stream("bids"),
  };
}
