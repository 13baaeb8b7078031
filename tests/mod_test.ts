/**
 * The public API: every name a notebook imports from lib/mod.ts is exported
 * by it, and each entry point of deno.json's `exports` loads and carries its
 * folder's API.
 */
import assert from "node:assert/strict";
import denoJson from "../deno.json" with { type: "json" };

const root = new URL("../", import.meta.url);

/** The value names (not types) each notebook imports from ../lib/mod.ts. */
function notebookImports(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const entry of Deno.readDirSync(new URL("notebooks/", root))) {
    if (!entry.name.endsWith(".ipynb")) continue;
    const nb = JSON.parse(Deno.readTextFileSync(new URL(`notebooks/${entry.name}`, root)));
    const code: string = nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code")
      .map((c: { source: string[] | string }) => [c.source].flat().join("")).join("\n");
    for (
      const m of code.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s*from\s*"\.\.\/lib\/mod\.ts"/g)
    ) {
      if (m[1]) continue; // `import type { ... }`
      for (const part of m[2].split(",").map((s) => s.trim()).filter((s) => s.length > 0)) {
        if (part.startsWith("type ")) continue;
        const name = part.split(/\s+as\s+/)[0].trim();
        out.set(name, [...(out.get(name) ?? []), entry.name]);
      }
    }
  }
  return out;
}

Deno.test("lib/mod.ts exports every value a notebook imports, and not the whole library", async () => {
  const mod = await import("../lib/mod.ts");
  const names = notebookImports();
  assert.ok(names.size > 80, `only ${names.size} names found in the notebooks`);
  for (const [name, notebooks] of names) {
    assert.ok(name in mod, `${name} (imported by ${notebooks.join(", ")}) is not exported`);
  }
  // Curated: far fewer names than the 439 of the former `export *` of every file.
  assert.ok(Object.keys(mod).length < 160, `${Object.keys(mod).length} names`);
  assert.equal(typeof mod.simulateDay, "function");
  assert.deepEqual(mod.MARKETABLE_TYPES, [mod.MARKET, mod.MARKETABLE_LIMIT]);
});

Deno.test("deno.json exports: each entry point loads and carries its folder's API", async () => {
  const expected: Record<string, string[]> = {
    ".": ["comparePolicies", "monteCarlo", "marketHeadlines", "showTable"],
    "./sim": ["simulateDay", "Random", "paymentIndex", "metricCell", "venueTable", "traceOrder"],
    "./runs": ["monteCarlo", "replicationValues", "runExperiment", "WorldCache", "runYear"],
    "./analysis": ["MetricsAccumulator", "costSplit", "HEADLINES", "runValidation"],
    "./calibration": ["loadCalibration", "tornado", "fitUnobservables"],
    "./present": ["showTable", "displayChart", "showHeadlines"],
    "./disclosures": ["readRule606File", "readLegacy605File", "readLobster"],
  };
  assert.deepEqual(Object.keys(denoJson.exports).sort(), Object.keys(expected).sort());
  for (const [key, names] of Object.entries(expected)) {
    const path = (denoJson.exports as Record<string, string>)[key];
    const mod = await import(new URL(path, root).href);
    for (const name of names) assert.ok(name in mod, `${key} (${path}) lacks ${name}`);
  }
});
