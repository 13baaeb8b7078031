/**
 * One simulated trading day, end to end: market, flow, routing, execution,
 * ledger and metrics. Several policies run on the same market and the same
 * orders (common random numbers), so their differences are not noise.
 *
 * @module
 */
import { Random } from "./random.ts";
import { buildUniverse, type Universe } from "./securities.ts";
import { type Market, simulateMarket } from "./market.ts";
import { generateOrders, type Orders } from "./flow.ts";
import { type VenueTable, venueTable } from "./venues.ts";
import {
  parsePolicy,
  type Policy,
  type PolicyInput,
  route,
  Router,
  type Routes,
} from "./routing.ts";
import { execute, Executor, type OrderOutcome, orderOutcome, type Outcomes } from "./execution.ts";
import {
  bookOrder,
  buildLedger,
  type Commission,
  type Ledger,
  type LedgerEntry,
  ledgerEntry,
} from "./ledger.ts";
import { policyTerms, type Terms } from "./policy.ts";
import { MetricsAccumulator } from "../analysis/metrics.ts";
import type { Scenario } from "./scenario.ts";

/** How much to simulate. */
export interface SimulationOptions {
  /** Retail orders in the day. */
  orders: number;
  /** Seed of all random streams. */
  seed: number;
  /** Replication number (independent market and flow for each). */
  replication?: number;
}

/** The shared world of one replication: securities, quotes and orders. */
export interface World {
  /** The scenario simulated. */
  scenario: Scenario;
  /** Random streams. */
  random: Random;
  /** Securities. */
  universe: Universe;
  /** NBBO paths. */
  market: Market;
  /** Retail orders. */
  orders: Orders;
  /** Venues as typed arrays. */
  venues: VenueTable;
  /** Replication number. */
  replication: number;
}

/** One policy's day. */
export interface DayResult extends World {
  /** The policy applied. */
  policy: Policy;
  /** Routing decisions. */
  routes: Routes;
  /** Execution outcomes. */
  outcomes: Outcomes;
  /** Cash flows. */
  ledger: Ledger;
  /** Metric sums by cell. */
  metrics: MetricsAccumulator;
}

/**
 * The commission a policy's broker charges: a commission or ban policy's own
 * (zero included), else the scenario broker's.
 */
function commissionOf(scenario: Scenario, terms: Terms): Commission {
  return terms.ownCommission
    ? { perOrder: terms.commissionPerOrder, perShare: terms.commissionPerShare }
    : {
      perOrder: scenario.broker.commissionPerOrder,
      perShare: scenario.broker.commissionPerShare,
    };
}

/** Routing, execution and the ledger of one batch of orders. */
export interface Processed {
  /** Routing decisions. */
  routes: Routes;
  /** Execution outcomes. */
  outcomes: Outcomes;
  /** Cash flows. */
  ledger: Ledger;
}

/**
 * Routes, executes and books a batch of orders under one policy (the step
 * every day, chunk and worker repeats).
 *
 * @example
 * ```ts
 * import { buildWorld, processOrders } from "./simulate.ts";
 * import { parsePolicy } from "./policy.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const w = buildWorld(defaultScenario(), { orders: 50, seed: 1 });
 * const policy = parsePolicy({ kind: "max-payment", venues: w.scenario.broker.venues });
 * const { outcomes } = processOrders(w, w.orders, policy);
 * if (outcomes.count !== 50) throw new Error();
 * ```
 */
export function processOrders(
  world: Pick<World, "scenario" | "market" | "venues" | "random" | "replication">,
  orders: Orders,
  policy: Policy,
): Processed {
  const { scenario, market, venues, random, replication } = world;
  const terms = policyTerms(policy);
  const routes = route(market, venues, orders, policy, scenario.flow, random, replication);
  const outcomes = execute(
    market,
    venues,
    scenario.flow,
    orders,
    routes,
    random,
    replication,
    terms,
  );
  const ledger = buildLedger(orders, outcomes, venues, commissionOf(scenario, terms));
  return { routes, outcomes, ledger };
}

/**
 * A policy as the scenario's broker applies it: validated, limited to the
 * broker's venues unless the policy names its own (`venues: undefined` counts
 * as not naming any), with the broker's scorecard allocation unless the
 * policy names its own.
 *
 * @example
 * ```ts
 * import { brokerPolicy } from "./simulate.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const s = defaultScenario();
 * const p = brokerPolicy(s, { kind: "max-payment", venues: undefined });
 * if (p.venues?.join() !== s.broker.venues.join()) throw new Error();
 * if (JSON.stringify(p.allocation) !== JSON.stringify(s.broker.allocation)) throw new Error();
 * ```
 */
export function brokerPolicy(scenario: Scenario, input: PolicyInput | Policy): Policy {
  return parsePolicy(
    {
      ...input,
      venues: input.venues ?? scenario.broker.venues,
      allocation: input.allocation ?? scenario.broker.allocation,
    },
    "policy",
  );
}

function checkOptions(options: SimulationOptions): void {
  const { orders, seed, replication = 0 } = options;
  if (!Number.isInteger(orders) || orders < 1) {
    throw new RangeError(`orders: expected a positive integer, got ${orders}`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed: expected an integer, got ${seed}`);
  if (!Number.isInteger(replication) || replication < 0) {
    throw new RangeError(`replication: expected a non-negative integer, got ${replication}`);
  }
}

/**
 * Builds the world of one replication: securities, quotes and orders.
 *
 * @example
 * ```ts
 * import { buildWorld } from "./simulate.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const w = buildWorld(defaultScenario(), { orders: 100, seed: 1 });
 * if (w.orders.count !== 100) throw new Error();
 * ```
 */
export function buildWorld(scenario: Scenario, options: SimulationOptions): World {
  checkOptions(options);
  const replication = options.replication ?? 0;
  const random = new Random(options.seed);
  const universe = buildUniverse(scenario.universe, random);
  const market = simulateMarket(universe, random, replication);
  const orders = generateOrders(scenario.flow, universe, random, options.orders, replication);
  return {
    scenario,
    random,
    universe,
    market,
    orders,
    venues: venueTable(scenario.venues),
    replication,
  };
}

/**
 * Runs one policy over a world.
 *
 * @example
 * ```ts
 * import { buildWorld, runPolicy } from "./simulate.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const w = buildWorld(defaultScenario(), { orders: 100, seed: 1 });
 * const day = runPolicy(w, { kind: "max-payment" });
 * if (day.outcomes.count !== 100) throw new Error();
 * ```
 */
export function runPolicy(world: World, policyInput: PolicyInput | Policy): DayResult {
  const policy = brokerPolicy(world.scenario, policyInput);
  const { venues, orders } = world;
  const { routes, outcomes, ledger } = processOrders(world, orders, policy);
  const metrics = new MetricsAccumulator(venues.ids).add(
    orders,
    outcomes,
    ledger,
    world.universe.tier,
  );
  return { ...world, policy, routes, outcomes, ledger, metrics };
}

/**
 * Simulates one day under one policy.
 *
 * @example
 * ```ts
 * import { simulateDay } from "./simulate.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const a = simulateDay(defaultScenario(), { kind: "best-execution" }, { orders: 1000, seed: 7 });
 * const b = simulateDay(defaultScenario(), { kind: "best-execution" }, { orders: 1000, seed: 7 });
 * if (a.metrics.sums.some((x, i) => x !== b.metrics.sums[i])) throw new Error("not deterministic");
 * ```
 */
export function simulateDay(
  scenario: Scenario,
  policy: PolicyInput | Policy,
  options: SimulationOptions,
): DayResult {
  return runPolicy(buildWorld(scenario, options), policy);
}

/**
 * Simulates one day under several policies on the same market and orders.
 *
 * @example
 * ```ts
 * import { comparePolicies } from "./simulate.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const [best, paid] = comparePolicies(defaultScenario(),
 *   [{ kind: "best-execution" }, { kind: "max-payment" }], { orders: 2000, seed: 1 });
 * if (best.orders !== paid.orders) throw new Error("not the same flow");
 * ```
 */
export function comparePolicies(
  scenario: Scenario,
  policies: (PolicyInput | Policy)[],
  options: SimulationOptions,
): DayResult[] {
  const world = buildWorld(scenario, options);
  return policies.map((p) => runPolicy(world, p));
}

/** Options of a chunked run. */
export interface ChunkedOptions extends SimulationOptions {
  /** Orders per chunk (bounds memory; the totals do not depend on it). */
  chunkSize?: number;
  /** Called after each chunk with the orders done so far. */
  onProgress?: (done: number, total: number) => void;
}

/** One replication's world without its orders: what each chunk of orders runs in. */
export type ChunkWorld = Omit<World, "orders">;

/**
 * Generates one replication's orders a chunk at a time: builds the world
 * (securities, quotes, venues) once, calls `setup` with it, and hands each
 * chunk of orders to the function `setup` returned. The one chunk loop of
 * the library: {@linkcode simulateChunked} (fused sums), the year run and the
 * command line's chunked runs go through it. Memory is bounded by the chunk
 * size (default 1,000,000 orders); the chunks share one buffer of columns, so
 * a visitor must not keep a chunk's orders.
 *
 * @example
 * ```ts
 * import { forEachOrderChunk } from "./simulate.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const sizes: number[] = [];
 * forEachOrderChunk(defaultScenario(), { orders: 2500, seed: 1, chunkSize: 1000 },
 *   () => (orders) => sizes.push(orders.count));
 * if (sizes.join() !== "1000,1000,500") throw new Error(sizes.join());
 * ```
 */
export function forEachOrderChunk(
  scenario: Scenario,
  options: ChunkedOptions,
  setup: (world: ChunkWorld) => (orders: Orders) => void,
): void {
  checkOptions(options);
  const chunkSize = options.chunkSize ?? 1_000_000;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new RangeError(`chunkSize: expected a positive integer, got ${chunkSize}`);
  }
  const replication = options.replication ?? 0;
  const random = new Random(options.seed);
  const universe = buildUniverse(scenario.universe, random);
  const market = simulateMarket(universe, random, replication);
  const venues = venueTable(scenario.venues);
  const visit = setup({ scenario, random, universe, market, venues, replication });
  // One buffer of columns for every chunk: no allocation after the first.
  let buffer: Orders | undefined;
  for (let first = 0; first < options.orders; first += chunkSize) {
    const count = Math.min(chunkSize, options.orders - first);
    const orders = generateOrders(
      scenario.flow,
      universe,
      random,
      options.orders,
      replication,
      { first, count },
      buffer,
    );
    buffer ??= orders;
    visit(orders);
    options.onProgress?.(first + count, options.orders);
  }
}

/**
 * Simulates a large day in chunks under several policies (common random
 * numbers), keeping only the metric sums: memory stays bounded by the chunk
 * size, and the totals equal those of one unchunked run exactly.
 *
 * @example
 * ```ts
 * import { simulateChunked, simulateDay } from "./simulate.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const s = defaultScenario();
 * const [chunked] = simulateChunked(s, [{ kind: "max-payment" }], { orders: 3000, seed: 5, chunkSize: 700 });
 * const whole = simulateDay(s, { kind: "max-payment" }, { orders: 3000, seed: 5 }).metrics;
 * if (chunked.sums.some((x, i) => Math.abs(x - whole.sums[i]) > 1e-9 * (1 + Math.abs(x)))) throw new Error();
 * ```
 */
export function simulateChunked(
  scenario: Scenario,
  policyInputs: (PolicyInput | Policy)[],
  options: ChunkedOptions,
): MetricsAccumulator[] {
  const policies = policyInputs.map((p) => brokerPolicy(scenario, p));
  let accs: MetricsAccumulator[] = [];
  forEachOrderChunk(scenario, options, (world) => {
    accs = policies.map(() => new MetricsAccumulator(world.venues.ids));
    const passes = policies.map((policy) => new OrderPass(world, policy));
    return (orders) => passes.forEach((pass, p) => pass.accumulate(orders, accs[p]));
  });
  return accs;
}

/**
 * The fused pass of a policy over orders: each order routed, executed, booked
 * and added to the metric sums in one step, with no per-order columns. It
 * calls the same per-order rules as the columnar path (`Router.pick`,
 * `Executor.run`, `bookOrder`, `MetricsAccumulator.addOrder`), so the sums
 * are identical to {@linkcode processOrders} followed by
 * `MetricsAccumulator.add`.
 *
 * @example
 * ```ts
 * import { buildWorld, OrderPass, processOrders, brokerPolicy } from "./simulate.ts";
 * import { MetricsAccumulator } from "../analysis/metrics.ts";
 * import { defaultScenario } from "./scenario.ts";
 * const w = buildWorld(defaultScenario(), { orders: 2000, seed: 3 });
 * const policy = brokerPolicy(w.scenario, { kind: "scorecard" });
 * const fused = new MetricsAccumulator(w.venues.ids);
 * new OrderPass(w, policy).accumulate(w.orders, fused);
 * const { outcomes, ledger } = processOrders(w, w.orders, policy);
 * const columns = new MetricsAccumulator(w.venues.ids).add(w.orders, outcomes, ledger, w.universe.tier);
 * if (fused.sums.some((x, i) => x !== columns.sums[i])) throw new Error();
 * ```
 */
export class OrderPass {
  readonly #router: Router;
  readonly #executor: Executor;
  readonly #venues: VenueTable;
  readonly #tier: Uint8Array;
  readonly #commission: Commission;
  readonly #outcome: OrderOutcome = orderOutcome();
  readonly #entry: LedgerEntry = ledgerEntry();

  /** Sets up `policy`'s router and venue models in `world`. */
  constructor(
    world: Pick<World, "scenario" | "market" | "venues" | "random" | "replication">,
    policy: Policy,
  ) {
    const { scenario, market, venues, random, replication } = world;
    const terms = policyTerms(policy);
    this.#router = new Router(market, venues, policy, scenario.flow, random, replication);
    this.#executor = new Executor(market, venues, scenario.flow, random, replication, terms);
    this.#venues = venues;
    this.#tier = market.universe.tier;
    this.#commission = commissionOf(scenario, terms);
  }

  /** Routes, executes and books every order of `orders`, adding them to `acc`. */
  accumulate(orders: Orders, acc: MetricsAccumulator): void {
    const r = this.#outcome;
    const e = this.#entry;
    const tier = this.#tier;
    for (let i = 0; i < orders.count; i++) {
      const v = this.#router.pick(orders, i);
      this.#executor.run(orders, i, v, r);
      bookOrder(this.#venues, orders.side[i], r, this.#commission, e);
      acc.addOrder(
        orders.type[i],
        orders.size[i],
        orders.side[i],
        v,
        tier[orders.security[i]],
        r,
        e,
      );
    }
  }
}
