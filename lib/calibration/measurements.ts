/**
 * Measurements behind the calibration: the few numbers the default parameters
 * take from genuine files, computed in code so that anyone can check them.
 *
 * - **Payment rates from Rule 606(a)(1) reports.** A report gives, for each
 *   venue, month, section (S&P 500 stocks, other stocks) and order type, the
 *   net payment in dollars (`netPmtPaidRecv…Usd`) and in cents per hundred
 *   shares (`netPmtPaidRecv…Cph`), but not the shares themselves. The shares
 *   are implied: `shares = usd / (cph / 100)`. A broker's rate for a section
 *   and order type is then total dollars over total implied shares: the
 *   share-weighted average Cph. Reports are read with the project's reader
 *   (`lib/disclosures/rule606.ts`).
 * - **Order-type mix from Rule 606(a)(1) reports**: the monthly shares of
 *   non-directed orders that were market, marketable limit and
 *   non-marketable limit (`ndoMarketPct`, …), averaged over the months and
 *   renormalised without "other" orders (the model has no "other" type).
 * - **Spread and volatility from a LOBSTER day** (message and order-book
 *   files at one level): the time-weighted quoted spread in ticks, dollars and
 *   basis points of the midpoint; the standard deviation of the log spread
 *   (time-weighted); the memory of the spread (the e-folding time implied by
 *   the autocorrelation of the log spread sampled each second, at a lag); and
 *   the realized volatility of the midpoint from returns over a horizon,
 *   annualised with 252 days. A LOBSTER book is one exchange's (Nasdaq's), not
 *   the consolidated NBBO.
 *
 * @module
 */
import type {
  Rule606OrderType,
  Rule606Report,
  Rule606Section,
  Rule606Venue,
} from "../disclosures/rule606.ts";

/** A net payment rate aggregated over months and venues. */
export interface PaymentRate {
  /** Net payment received by the broker (negative: paid), $. */
  usd: number;
  /** Shares implied by the dollars and the Cph (`usd / (cph / 100)`), summed. */
  shares: number;
  /** Share-weighted net payment, cents per hundred shares. */
  cph: number;
  /** The same in $ per share. */
  perShare: number;
  /** Venue-months that entered the average. */
  rows: number;
}

/** Options of {@linkcode paymentRate}. */
export interface PaymentRateOptions {
  /** Section of the report (S&P 500 or other stocks). */
  section: Rule606Section;
  /** Order type. */
  type: Rule606OrderType;
  /** Which venues count (default: every venue). */
  venues?: (venue: Rule606Venue) => boolean;
}

/**
 * A broker's net payment rate for one section and order type: the dollars
 * over the implied shares of every venue-month that reports both a dollar
 * amount and a non-zero Cph.
 *
 * @example
 * ```ts
 * import { paymentRate } from "./measurements.ts";
 * import type { Rule606Report, Rule606Venue } from "../disclosures/rule606.ts";
 * const venue = (name: string, usd: number, cph: number): Rule606Venue => ({
 *   line: 1, year: 2022, month: 1, section: "sp500", name, mic: null, mpid: null, venue: name,
 *   orderPct: 50, typePct: { market: 50, marketableLimit: 50, nonMarketableLimit: 50, other: 0 },
 *   netUsd: { market: usd, marketableLimit: null, nonMarketableLimit: null, other: null },
 *   netCph: { market: cph, marketableLimit: null, nonMarketableLimit: null, other: null },
 *   materialAspects: "" });
 * const report = { months: [{ line: 1, year: 2022, month: 1, sections: [{ line: 1, year: 2022,
 *   month: 1, section: "sp500", ndoPct: 100, ndoTypePct: { market: 100, marketableLimit: 0,
 *   nonMarketableLimit: 0, other: 0 }, venues: [venue("A", 100, 10), venue("B", 300, 20)] }] }] };
 * // A: $100 at 10 Cph is 1,000 shares; B: $300 at 20 Cph is 1,500 -> $400 / 2,500 shares = 16 Cph.
 * const r = paymentRate(report as unknown as Rule606Report, { section: "sp500", type: "market" });
 * if (Math.abs(r.cph - 16) > 1e-9 || Math.abs(r.shares - 2500) > 1e-9) throw new Error(JSON.stringify(r));
 * ```
 */
export function paymentRate(report: Rule606Report, options: PaymentRateOptions): PaymentRate {
  let usd = 0;
  let shares = 0;
  let rows = 0;
  for (const m of report.months) {
    for (const s of m.sections) {
      if (s.section !== options.section) continue;
      for (const v of s.venues) {
        if (options.venues && !options.venues(v)) continue;
        const dollars = v.netUsd[options.type];
        const cph = v.netCph[options.type];
        if (dollars === null || cph === null || cph === 0) continue;
        usd += dollars;
        shares += dollars / (cph / 100);
        rows++;
      }
    }
  }
  const cph = shares > 0 ? usd / shares * 100 : NaN;
  return { usd, shares, cph, perShare: cph / 100 / 100, rows };
}

/**
 * Each venue's net payment rate for one section and order type (over the
 * report's months), sorted by venue name.
 *
 * @example
 * ```ts ignore
 * import { readRule606File } from "../disclosures/rule606.ts";
 * import { venuePaymentRates } from "./measurements.ts";
 * const hood = await readRule606File("../shared/data/real/rule606/606-HOOD-2022Q1.xml");
 * console.log(venuePaymentRates(hood, "otherStocks", "market"));
 * ```
 */
export function venuePaymentRates(
  report: Rule606Report,
  section: Rule606Section,
  type: Rule606OrderType,
): ({ venue: string } & PaymentRate)[] {
  const names = new Set<string>();
  for (const m of report.months) {
    for (const s of m.sections) {
      if (s.section === section) { for (const v of s.venues) names.add(v.venue); }
    }
  }
  return [...names].sort().map((venue) => ({
    venue,
    ...paymentRate(report, { section, type, venues: (v) => v.venue === venue }),
  })).filter((r) => r.rows > 0);
}

/** Shares of the three order types the model has. */
export interface TypeMix {
  /** Market orders. */
  market: number;
  /** Marketable limit orders. */
  marketableLimit: number;
  /** Non-marketable limit orders. */
  nonMarketableLimit: number;
}

/**
 * The order-type mix of a section's non-directed orders, averaged over the
 * report's months and renormalised without "other" orders.
 *
 * @example
 * ```ts
 * import { orderTypeMix } from "./measurements.ts";
 * import type { Rule606Report } from "../disclosures/rule606.ts";
 * const month = (market: number, ml: number, nml: number, other: number) => ({ line: 1, year: 2022,
 *   month: 1, sections: [{ line: 1, year: 2022, month: 1, section: "sp500", ndoPct: 100,
 *   ndoTypePct: { market, marketableLimit: ml, nonMarketableLimit: nml, other }, venues: [] }] });
 * const report = { months: [month(40, 20, 20, 20), month(60, 10, 10, 20)] };
 * const mix = orderTypeMix(report as unknown as Rule606Report, "sp500");
 * if (Math.abs(mix.market - 0.625) > 1e-12 || Math.abs(mix.marketableLimit - 0.1875) > 1e-12) {
 *   throw new Error(JSON.stringify(mix));
 * }
 * ```
 */
export function orderTypeMix(report: Rule606Report, section: Rule606Section): TypeMix {
  let market = 0, marketable = 0, resting = 0, months = 0;
  for (const m of report.months) {
    for (const s of m.sections) {
      if (s.section !== section) continue;
      const t = s.ndoTypePct;
      if (t.market === null || t.marketableLimit === null || t.nonMarketableLimit === null) {
        continue;
      }
      market += t.market;
      marketable += t.marketableLimit;
      resting += t.nonMarketableLimit;
      months++;
    }
  }
  const total = market + marketable + resting;
  if (months === 0 || total <= 0) {
    throw new RangeError(`orderTypeMix: no ${section} order-type percentages in ${report.source}`);
  }
  return {
    market: market / total,
    marketableLimit: marketable / total,
    nonMarketableLimit: resting / total,
  };
}

/** What {@linkcode lobsterStats} measures. */
export interface LobsterStats {
  /** Book events read. */
  events: number;
  /** Seconds of the window covered by valid quotes. */
  seconds: number;
  /** Time-weighted quoted spread, $. */
  spread: number;
  /** Time-weighted quoted spread, ticks. */
  spreadTicks: number;
  /** Time-weighted quoted spread, bps of the midpoint. */
  spreadBps: number;
  /** Time-weighted standard deviation of the log spread. */
  logSpreadSd: number;
  /** Autocorrelation of the log spread (sampled each second) at `lagSeconds`. */
  spreadAutocorrelation: number;
  /** E-folding time implied by that autocorrelation, `-lag / ln(acf)`, seconds. */
  spreadMemorySeconds: number;
  /** Annualised realized volatility of the midpoint (log returns over `returnSeconds`). */
  annualVolatility: number;
  /** Mean midpoint, $. */
  meanMid: number;
}

/** Options of {@linkcode lobsterStats}. */
export interface LobsterOptions {
  /** Tick size, $ (default 0.01). */
  tickSize?: number;
  /** Start of the window, seconds after midnight (default 34,200 = 09:30). */
  start?: number;
  /** End of the window, seconds after midnight (default 57,600 = 16:00). */
  end?: number;
  /** Lag of the spread autocorrelation, seconds (default 60). */
  lagSeconds?: number;
  /** Horizon of the returns for the volatility, seconds (default 60). */
  returnSeconds?: number;
}

/**
 * Spread and volatility statistics of one LOBSTER day. `messageCsv` rows are
 * `time, type, order id, size, price × 10,000, direction`; `orderbookCsv`
 * rows are `ask, ask size, bid, bid size` (level 1; prices × 10,000), one
 * row per message. Rows with a one-sided or crossed book (dummy prices of
 * ±9,999,999,999) are skipped.
 *
 * @example
 * ```ts
 * import { lobsterStats } from "./measurements.ts";
 * // Ten seconds at a 2-cent spread, then ten at 4 cents, around $100.
 * const msg = "0,1,1,100,1000100,1\n10,1,2,100,999900,1\n";
 * const book = "1000100,100,999900,100\n1000200,100,999800,100\n";
 * const s = lobsterStats(msg, book, { start: 0, end: 20, lagSeconds: 1, returnSeconds: 1 });
 * if (Math.abs(s.spreadTicks - 3) > 1e-9 || Math.abs(s.spread - 0.03) > 1e-12) {
 *   throw new Error(JSON.stringify(s));
 * }
 * ```
 */
export function lobsterStats(
  messageCsv: string,
  orderbookCsv: string,
  options: LobsterOptions = {},
): LobsterStats {
  const tick = options.tickSize ?? 0.01;
  const start = options.start ?? 34_200;
  const end = options.end ?? 57_600;
  const lag = options.lagSeconds ?? 60;
  const horizon = options.returnSeconds ?? 60;
  const messages = messageCsv.trim().split("\n");
  const books = orderbookCsv.trim().split("\n");
  if (messages.length !== books.length) {
    throw new RangeError(
      `lobsterStats: ${messages.length} messages but ${books.length} order-book rows`,
    );
  }
  const n = messages.length;
  const time = new Float64Array(n);
  const ask = new Float64Array(n);
  const bid = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = Number(messages[i].slice(0, messages[i].indexOf(",")));
    const b = books[i].split(",");
    ask[i] = Number(b[0]) / 1e4;
    bid[i] = Number(b[2]) / 1e4;
  }
  const valid = (i: number) => ask[i] > bid[i] && bid[i] > 0 && ask[i] < 1e5;

  // Time-weighted spread moments over the window.
  let seconds = 0, sumSpread = 0, sumBps = 0, sumLog = 0, sumLog2 = 0, sumMid = 0;
  for (let i = 0; i < n; i++) {
    const from = Math.max(time[i], start);
    const to = Math.min(i + 1 < n ? time[i + 1] : end, end);
    const dt = to - from;
    if (dt <= 0 || !valid(i)) continue;
    const s = ask[i] - bid[i];
    const mid = (ask[i] + bid[i]) / 2;
    const ls = Math.log(s / tick);
    seconds += dt;
    sumSpread += s * dt;
    sumBps += s / mid * 1e4 * dt;
    sumLog += ls * dt;
    sumLog2 += ls * ls * dt;
    sumMid += mid * dt;
  }
  const meanLog = sumLog / seconds;

  // The book at each whole second (the last event at or before it).
  const steps = Math.floor(end - start) + 1;
  const mid = new Float64Array(steps);
  const logSpread = new Float64Array(steps);
  let j = -1;
  for (let k = 0; k < steps; k++) {
    const at = start + k;
    while (j + 1 < n && time[j + 1] <= at) j++;
    let i = j;
    while (i > 0 && !valid(i)) i--;
    if (i < 0 || !valid(i)) i = firstValid(n, valid);
    mid[k] = (ask[i] + bid[i]) / 2;
    logSpread[k] = Math.log((ask[i] - bid[i]) / tick);
  }
  let mean = 0;
  for (let k = 0; k < steps; k++) mean += logSpread[k];
  mean /= steps;
  let variance = 0, cov = 0;
  for (let k = 0; k < steps; k++) variance += (logSpread[k] - mean) ** 2;
  for (let k = lag; k < steps; k++) cov += (logSpread[k] - mean) * (logSpread[k - lag] - mean);
  const acf = variance > 0 ? (cov / (steps - lag)) / (variance / steps) : NaN;

  let squares = 0, returns = 0;
  for (let k = horizon; k < steps; k += horizon) {
    const r = Math.log(mid[k] / mid[k - horizon]);
    squares += r * r;
    returns++;
  }
  const dailyVariance = squares * ((end - start) / (returns * horizon));

  return {
    events: n,
    seconds,
    spread: sumSpread / seconds,
    spreadTicks: sumSpread / seconds / tick,
    spreadBps: sumBps / seconds,
    logSpreadSd: Math.sqrt(Math.max(0, sumLog2 / seconds - meanLog * meanLog)),
    spreadAutocorrelation: acf,
    spreadMemorySeconds: acf > 0 && acf < 1 ? -lag / Math.log(acf) : NaN,
    annualVolatility: Math.sqrt(dailyVariance * 252),
    meanMid: sumMid / seconds,
  };
}

function firstValid(n: number, valid: (i: number) => boolean): number {
  for (let i = 0; i < n; i++) if (valid(i)) return i;
  throw new RangeError("lobsterStats: no two-sided quote in the file");
}
