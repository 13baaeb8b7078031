/**
 * Worlds shared across scenario variants. Fitting and sensitivity analysis
 * run many variants of one scenario on the same seeds (common random
 * numbers); most variants change only venues or flow, not the securities, so
 * the day's quotes (most of the work of a small day) can be built once and
 * reused. A {@linkcode WorldCache} keys the quotes on the universe parameters,
 * seed and replication, and the orders on the flow parameters as well; every
 * draw is a pure function of (seed, stream, counter), so a cached world is
 * exactly the world {@linkcode buildWorld} would build.
 *
 * @module
 */
import { Random } from "../sim/random.ts";
import { buildUniverse, type Universe } from "../sim/securities.ts";
import { type Market, simulateMarket } from "../sim/market.ts";
import { generateOrders, type Orders } from "../sim/flow.ts";
import { venueTable } from "../sim/venues.ts";
import type { SimulationOptions, World } from "../sim/simulate.ts";
import type { Scenario } from "../sim/scenario.ts";

/** Quotes and orders of scenario variants, built once per distinct input. */
export class WorldCache {
  #quotes = new Map<string, { random: Random; universe: Universe; market: Market }>();
  #orders = new Map<string, Orders>();
  /** Quote paths built so far (a measure of the work saved). */
  quoteBuilds = 0;

  /**
   * The world of `scenario` for `options`, sharing quotes and orders with
   * earlier variants where the universe (and the flow) are the same.
   *
   * @example
   * ```ts
   * import { WorldCache } from "./worlds.ts";
   * import { buildWorld } from "../sim/simulate.ts";
   * import { defaultScenario } from "../sim/scenario.ts";
   * const cache = new WorldCache();
   * const s = defaultScenario();
   * const a = cache.world(s, { orders: 500, seed: 3 });
   * const other = { ...s, flow: { ...s.flow, informedShare: 0.2 } };
   * const b = cache.world(other, { orders: 500, seed: 3 });
   * if (cache.quoteBuilds !== 1 || a.market !== b.market) throw new Error("quotes not shared");
   * const fresh = buildWorld(other, { orders: 500, seed: 3 });
   * if (fresh.orders.informed.some((x, i) => x !== b.orders.informed[i])) throw new Error();
   * ```
   */
  world(scenario: Scenario, options: SimulationOptions): World {
    const replication = options.replication ?? 0;
    const quoteKey = JSON.stringify([scenario.universe, options.seed, replication]);
    let q = this.#quotes.get(quoteKey);
    if (!q) {
      const random = new Random(options.seed);
      const universe = buildUniverse(scenario.universe, random);
      const market = simulateMarket(universe, random, replication);
      q = { random, universe, market };
      this.#quotes.set(quoteKey, q);
      this.quoteBuilds++;
    }
    const orderKey = JSON.stringify([quoteKey, scenario.flow, options.orders]);
    let orders = this.#orders.get(orderKey);
    if (!orders) {
      orders = generateOrders(scenario.flow, q.universe, q.random, options.orders, replication);
      this.#orders.set(orderKey, orders);
    }
    return {
      scenario,
      random: q.random,
      universe: q.universe,
      market: q.market,
      orders,
      venues: venueTable(scenario.venues),
      replication,
    };
  }
}
