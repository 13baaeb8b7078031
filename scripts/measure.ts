/**
 * Measures the structural cross-section of retail execution from the genuine
 * disclosure files in the shared directory (`lib/crosssection.ts`) and writes
 * `data/calibration/cross-section.json`:
 *
 * ```
 * deno run --allow-read --allow-write scripts/measure.ts [--shared ../shared] [--check]
 * ```
 *
 * `--shared DIR` is the directory holding `data/real/` (default `../shared`
 * beside the project). With `--check` the script writes nothing and exits
 * with code 1 if the file would change. A file that cannot be read or is
 * malformed exits with code 2 and a message naming the file, line and field.
 * The output is deterministic (no timestamps; sources relative to DIR).
 */
import { parseArgs } from "node:util";
import { crossSectionJson, measureCrossSection } from "../lib/calibration/crosssection.ts";
import { ValidationError } from "../lib/sim/validate.ts";

const root = new URL("..", import.meta.url).pathname;
const outPath = `${root}data/calibration/cross-section.json`;

let cli;
try {
  cli = parseArgs({
    args: Deno.args,
    options: {
      shared: { type: "string", default: `${root}../shared` },
      check: { type: "boolean", default: false },
    },
  });
} catch (e) {
  console.error(`measure: ${(e as Error).message}`);
  console.error("usage: scripts/measure.ts [--shared DIR] [--check]");
  Deno.exit(2);
}

let text: string;
try {
  const cs = await measureCrossSection(cli.values.shared!);
  text = crossSectionJson(cs);
  const g = cs.spreads.groups;
  console.log(
    `measure: ${cs.spreads.counts.read} symbols (${cs.spreads.counts.rejected} rejected); ` +
      `E/Q S&P 500 ${g.sp500.effectiveOverQuoted.toFixed(3)}, other R1000 ` +
      `${g.otherR1000.effectiveOverQuoted.toFixed(3)}, rest ${
        g.rest.effectiveOverQuoted.toFixed(3)
      }; ` +
      `${cs.routing.length} Rule 606 reports`,
  );
} catch (e) {
  if (e instanceof ValidationError) {
    console.error(`measure: ${e.message}`);
    Deno.exit(2);
  }
  throw e;
}

if (cli.values.check) {
  const old = await Deno.readTextFile(outPath).catch(() => null);
  if (old === text) {
    console.log(`measure: ${outPath} is up to date`);
    Deno.exit(0);
  }
  if (old === null) console.error(`measure: ${outPath} is missing`);
  else {
    const a = old.split("\n"), b = text.split("\n");
    const i = a.findIndex((line, k) => line !== b[k]);
    const at = i < 0 ? b.length : i;
    console.error(
      `measure: ${outPath} differs from a fresh measurement at line ${at + 1}:\n` +
        `  file:  ${a[at] ?? "(end)"}\n  fresh: ${b[at] ?? "(end)"}`,
    );
  }
  Deno.exit(1);
}
await Deno.writeTextFile(outPath, text);
console.log(`measure: wrote ${outPath}`);
