/**
 * pfof-lab: a columnar simulator of how a retail broker routes orders to
 * venues under payment for order flow, measured the way Rule 605 measures
 * execution quality, with a ledger of who gains what.
 *
 * This is the public API the notebooks use, by theme. Each folder has its
 * own entry point with everything in it: `pfof-lab/sim` (the model of a
 * day), `pfof-lab/runs` (many days), `pfof-lab/analysis`,
 * `pfof-lab/calibration`, `pfof-lab/present` and `pfof-lab/disclosures`
 * (the file formats, importable alone).
 *
 * ```ts
 * import { comparePolicies, defaultScenario, MARKETABLE_TYPES } from "./mod.ts";
 *
 * const [banned, paid] = comparePolicies(
 *   defaultScenario(),
 *   [{ kind: "ban" }, { kind: "scorecard" }],
 *   { orders: 20_000, seed: 1 },
 * );
 * const covered = { types: MARKETABLE_TYPES }; // market and marketable limit orders
 * const b = banned.metrics.summarize([], covered)[0];
 * const p = paid.metrics.summarize([], covered)[0];
 * // Being paid for order flow earns the broker more and costs the customer more: the payment
 * // comes out of the wholesalers' price improvement.
 * if (!(p.payment > b.payment && p.customerCost > b.customerCost)) throw new Error();
 * ```
 *
 * @module
 */

// Scenarios and broker profiles: the world to simulate.
export { defaultScenario, loadScenarioFile, parseScenario, type Scenario } from "./sim/scenario.ts";
export {
  type BrokerProfile,
  brokerProfile,
  brokerProfiles,
  MARKET_BROKER,
  withBroker,
} from "./sim/brokers.ts";

// The model's parts: random streams, securities, quotes, orders, venues, policies, pricing.
export { Random } from "./sim/random.ts";
export { TIERS, type Universe } from "./sim/securities.ts";
export { type Market, withBlockExtremes } from "./sim/market.ts";
export {
  ALL_TYPES,
  type FlowParams,
  MARKET,
  MARKETABLE_LIMIT,
  MARKETABLE_TYPES,
  NON_MARKETABLE_LIMIT,
  ORDER_TYPES,
  type Orders,
  parseFlow,
  SIZE_BUCKETS,
  sizeBucket,
} from "./sim/flow.ts";
export { parseVenues, type VenueTable, venueTable } from "./sim/venues.ts";
export type { Routes } from "./sim/routing.ts";
export {
  parsePolicy,
  type Policy,
  POLICY_KINDS,
  type PolicyInput,
  policyLabel,
} from "./sim/policy.ts";
export { annualCost, commissionPerTrade, parsePricing, type Pricing } from "./sim/pricing.ts";
export { compareSeedStrategies } from "./sim/seed.ts";
export { type Journey, traceOrder } from "./sim/journey.ts";

// A day end to end.
export {
  buildWorld,
  comparePolicies,
  type DayResult,
  runPolicy,
  simulateDay,
  type World,
} from "./sim/simulate.ts";

// Many days: replications with 95% intervals, experiments, a year on workers.
export {
  conflictRatio,
  type Estimate,
  estimate,
  type IntervalRow,
  meanInterval,
  monteCarlo,
  type MonteCarloResult,
  pairedDifference,
} from "./runs/montecarlo.ts";
export {
  differenceRatio,
  experimentIntervals,
  mergeDays,
  ratioEstimate,
  runExperiment,
  scalePayments,
} from "./runs/experiment.ts";
export { WorldCache } from "./runs/worlds.ts";
export { dayPath, runYear } from "./runs/year.ts";

// Measuring a day: Rule 605 metrics, order-level statistics, each party's economics.
export {
  type Dimension,
  type Metrics,
  MetricsAccumulator,
  type MetricsRow,
} from "./analysis/metrics.ts";
export {
  NOTIONAL_BUCKETS,
  notionalCounts,
  notionalTable,
  summaryColumns,
} from "./analysis/rule605.ts";
export { orderStatistics } from "./analysis/orderstats.ts";
export {
  type ImpactBand,
  impactBySpread,
  informationImpactBps,
  SPREAD_BAND_EDGES_BPS,
} from "./analysis/impact.ts";
export {
  annualize,
  COST_SPLIT_FORMATS,
  COST_SPLIT_LABELS,
  costSplit,
  costSplitFrame,
  ledgerResidual,
  pairedEstimate,
  PARTY_COLORS,
  PARTY_LABELS,
  partyColorScale,
  per10k,
  perOrder,
  replicationEstimate,
  ROUTING_FORMATS,
  ROUTING_LABELS,
  routingFrame,
  SPREAD_HORIZONS,
  spreadBps,
} from "./analysis/economics.ts";

// The market's headline numbers, one rule each.
export {
  HEADLINE_RUN,
  type HeadlineId,
  HEADLINES,
  MARKET_HEADLINES,
  type MarketHeadlineId,
  type MarketHeadlines,
  marketHeadlines,
} from "./analysis/headlines.ts";

// Calibration, validation against published findings, sensitivity.
export {
  calibrationParameters,
  calibrationPolicies,
  calibrationScale,
  GRADE_LABELS,
  GRADES,
  loadCalibration,
  sensitivityGroups,
} from "./calibration/calibration.ts";
export {
  guardedValue,
  guardRanges,
  loadEvidence,
  runValidation,
  SCHWARZ_ACCOUNTS,
  SMALL_ORDER_MAX_NOTIONAL,
  statisticEstimate,
  validationTable,
} from "./analysis/validation.ts";
export { tornado, tornadoBars } from "./calibration/sensitivity.ts";

// Real disclosures: Rule 606 and 605 files, LOBSTER days and a world on their quotes.
export {
  canonicalVenue,
  type Compare605Row,
  type Compare606Row,
  compareFiles,
  legacy605Totals,
  readLegacy605File,
  readLobster,
  readRule606File,
  routingConcentration,
  type Rule606OrderType,
  type Rule606Report,
  rule606Totals,
} from "./disclosures/mod.ts";
export {
  buildLobsterWorld,
  calibrateQuotes,
  lobsterMonteCarlo,
  quotePath,
  quoteSeries,
} from "./disclosures/lobster_market.ts";
export { intradayProfile } from "./disclosures/intraday.ts";

// Presentation in notebooks: tables, findings, charts, frames, headlines.
export {
  finding,
  type Format,
  formatNumber,
  say,
  showIntervals,
  showTable,
} from "./present/display.ts";
export { colorScale, displayChart, intervalBarChart } from "./present/charts.ts";
export { SIZE_BUCKET_LABELS, venuesFrame } from "./present/frames.ts";
export { formatHeadline, showHeadlines } from "./present/headline_display.ts";
