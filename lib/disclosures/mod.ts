/**
 * Real disclosures: readers and writers of the regulator's formats, and a
 * market driven by real quotes.
 *
 * - Rule 606(a)(1) XML routing reports ({@linkcode readRule606File},
 *   {@linkcode writeRule606Xml}, {@linkcode rule606Totals},
 *   {@linkcode routingConcentration});
 * - Rule 605 execution-quality reports, legacy layout
 *   ({@linkcode readLegacy605File}, {@linkcode writeLegacy605},
 *   {@linkcode legacy605Totals}) and amended summary CSV
 *   ({@linkcode readOesFile}, {@linkcode writeOes});
 * - the same reports of a simulated month ({@linkcode rule606FromSimulation},
 *   {@linkcode legacy605FromSimulation}, {@linkcode oesFromSimulation});
 * - LOBSTER order-book files ({@linkcode readLobster}) and a simulation world
 *   on their quotes ({@linkcode buildLobsterWorld});
 * - the `606` and `605` commands ({@linkcode runDisclosureCli}).
 *
 * ```ts
 * import { readLegacy605, legacy605Totals } from "./mod.ts";
 * const r = readLegacy605(
 *   "T|TVIRT|201708|A|12|21|438|53033|50933|2100|0|2100|0|0|0|0|0.3653|0.0806|1166|0.0062|0.0|734|0.0|200|0.0440|0.0\n",
 * );
 * if (legacy605Totals(r.rows, [])[0].executedShares !== 2100) throw new Error();
 * ```
 *
 * @module
 */
export * from "./errors.ts";
export * from "./rule606.ts";
export * from "./rule606_write.ts";
export * from "./rule606_summary.ts";
export * from "./rule605_legacy.ts";
export * from "./rule605_totals.ts";
export * from "./rule605_summary.ts";
export * from "./simulated.ts";
export * from "./lobster.ts";
export * from "./lobster_market.ts";
export * from "./intraday.ts";
export * from "./cli.ts";
