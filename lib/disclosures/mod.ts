/**
 * Real disclosures: readers and writers of the regulator's file formats,
 * importable alone (nothing here loads the simulator).
 *
 * - Rule 606(a)(1) XML routing reports ({@linkcode readRule606File},
 *   {@linkcode writeRule606Xml}, {@linkcode rule606Totals},
 *   {@linkcode routingConcentration});
 * - Rule 605 execution-quality reports: legacy layout
 *   ({@linkcode readLegacy605File}, {@linkcode writeLegacy605},
 *   {@linkcode legacy605Totals}), amended detailed report
 *   ({@linkcode readDetailed605File}, {@linkcode writeDetailed605}) and
 *   amended summary CSV ({@linkcode readOesFile}, {@linkcode writeOes});
 * - which layout a file is ({@linkcode detectLayout}), and many files
 *   compared at once ({@linkcode compareFiles}, from a folder or a zip);
 * - LOBSTER order-book files ({@linkcode readLobster}).
 *
 * Elsewhere, because they need the simulator: the reports of a simulated
 * month (`./simulated.ts`), a simulation world on LOBSTER quotes
 * (`./lobster_market.ts`), intraday quote helpers (`./intraday.ts`) and the
 * `606` / `605` commands (`./cli.ts`).
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
export * from "./rule605_detailed.ts";
export * from "./detect.ts";
export * from "./compare.ts";
export * from "./zip.ts";
export * from "./lobster.ts";
