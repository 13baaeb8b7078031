/**
 * The what-if page (placeholder until the grid is built).
 *
 * @module
 */
import { pageShell } from "./page.ts";

export async function buildWhatIf(outDir: string): Promise<void> {
  await Deno.writeTextFile(
    `${outDir}/whatif.html`,
    pageShell({ title: "What if… · pfof-lab", body: "<h1>What if…</h1><p>Coming.</p>" }),
  );
}
