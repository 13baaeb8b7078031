/**
 * The calibrated world (`pfof-lab/calibration`): the calibration file and
 * its sourced parameters, the measurements behind them (Rule 606 rates,
 * LOBSTER statistics), the cross-section of real disclosures, the fit of the
 * wholesalers' margin, and the sensitivity of the headlines (a tornado).
 *
 * ```ts
 * import { calibrationScale, loadCalibration, sensitivityGroups } from "./mod.ts";
 * const cal = loadCalibration();
 * if (!(calibrationScale(cal).wholesaleRetailSharesPerYear > 0)) throw new Error();
 * if (sensitivityGroups(cal).length === 0) throw new Error();
 * ```
 *
 * @module
 */
export * from "./calibration.ts";
export * from "./measurements.ts";
export * from "./crosssection.ts";
export * from "./fit.ts";
export * from "./sensitivity.ts";
