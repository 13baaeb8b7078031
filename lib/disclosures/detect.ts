/**
 * Which disclosure a file is, from its first bytes: a Rule 606(a)(1) XML
 * report, a Rule 605 report in the legacy layout (26 `|`-separated fields,
 * no header), the amended detailed layout (55 `|`-separated fields after a
 * header row starting `DsgntParticipant|`), or the amended summary CSV (a
 * header row starting `DsgntParticipant,`); or a zip archive of such files.
 *
 * @module
 */
import { DETAILED605_FIELDS } from "./rule605_detailed.ts";
import { OES_COLUMNS } from "./rule605_summary.ts";
import { AMENDED605_FIRST_MONTH } from "./rule605_legacy.ts";

/** The layouts {@linkcode detectLayout} tells apart. */
export type DisclosureLayout =
  | "606"
  | "605-legacy"
  | "605-detailed"
  | "605-summary"
  | "zip"
  | "unknown";

/** What {@linkcode detectLayout} found. */
export interface DetectedLayout {
  /** The layout. */
  layout: DisclosureLayout;
  /** Why, in words (for messages). */
  reason: string;
  /** For the legacy layout: its first record's month `yyyymm`, when readable. */
  month?: number;
  /** A legacy report for a month from August 2026, when the amended layout replaced it. */
  lateLegacy?: boolean;
}

/** Bytes looked at: enough for an XML declaration and root, or a header and a record. */
const HEAD = 64 * 1024;

/**
 * Detects the layout of a disclosure from its bytes (or text).
 *
 * @example
 * ```ts
 * import { detectLayout } from "./detect.ts";
 * const legacy = "T|TVIRT|201708|A|12|21|438|53033|50933|2100|0|2100|0|0|0|0|0.3653|0.0806|" +
 *   "1166|0.0062|0.0|734|0.0|200|0.0440|0.0\n";
 * if (detectLayout(legacy).layout !== "605-legacy") throw new Error();
 * if (detectLayout("DsgntParticipant,RprtEntityCd,RptDate\n").layout !== "605-summary") throw new Error();
 * if (detectLayout('<?xml version="1.0"?>\n<heldOrderRoutingPublicReport>').layout !== "606") {
 *   throw new Error();
 * }
 * const late = detectLayout(legacy.replace("201708", "202608"));
 * if (!late.lateLegacy || !late.reason.includes("after")) throw new Error(late.reason);
 * ```
 */
export function detectLayout(input: Uint8Array | string): DetectedLayout {
  const head = typeof input === "string"
    ? input.slice(0, HEAD)
    : new TextDecoder("latin1").decode(input.subarray(0, HEAD));
  if (head.startsWith("PK\u0003\u0004")) {
    return { layout: "zip", reason: "a zip archive (starts with PK\\3\\4)" };
  }
  const text = head.replace(/^(\ufeff|\u00ef\u00bb\u00bf|\u00ff\u00fe|\u00fe\u00ff)/, "")
    .trimStart();
  if (text.startsWith("<")) {
    const root = /<([A-Za-z_][\w.-]*)[\s>/]/.exec(
      text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ""),
    );
    return {
      layout: "606",
      reason: root
        ? `XML with root element <${root[1]}> (a Rule 606 report)`
        : "XML (a Rule 606 report)",
    };
  }
  const first = text.split(/\r?\n/, 1)[0];
  if (first.startsWith("DsgntParticipant,")) {
    return { layout: "605-summary", reason: "a CSV header row starting DsgntParticipant," };
  }
  if (first.startsWith("DsgntParticipant|")) {
    return {
      layout: "605-detailed",
      reason: `a "|"-separated header row starting DsgntParticipant| ` +
        `(${first.split("|").length} of ${DETAILED605_FIELDS.length} fields)`,
    };
  }
  const fields = first.split("|");
  if (fields.length === 26) {
    const month = Number(fields[2].replace(/["\s]/g, ""));
    const late = Number.isInteger(month) && month >= AMENDED605_FIRST_MONTH;
    return {
      layout: "605-legacy",
      reason: `26 "|"-separated fields and no header (the legacy layout)` +
        (late
          ? `, for month ${month}: after the amended Rule 605 replaced it (first month ` +
            `${AMENDED605_FIRST_MONTH})`
          : ""),
      month: Number.isInteger(month) ? month : undefined,
      lateLegacy: late,
    };
  }
  if (fields.length === DETAILED605_FIELDS.length) {
    return {
      layout: "605-detailed",
      reason: `${fields.length} "|"-separated fields (the amended detailed layout) but no ` +
        "header row",
    };
  }
  if (first.split(",").length === OES_COLUMNS.length) {
    return {
      layout: "605-summary",
      reason: `${OES_COLUMNS.length} comma-separated fields (the summary layout) but no header row`,
    };
  }
  return {
    layout: "unknown",
    reason: `not a disclosure this reader knows: the first line has ${fields.length} ` +
      `"|"-separated fields (legacy 605: 26; amended detailed: ${DETAILED605_FIELDS.length} ` +
      "after a header), it is not XML (606) and not the summary CSV",
  };
}
