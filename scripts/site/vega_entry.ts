/**
 * Entry of the site's one chart asset (`out/assets/vega.js`): vega, vega-lite
 * and vega-embed from npm, bundled by `deno bundle` for the browser.
 *
 * @module
 */
import embed from "vega-embed";
import * as vega from "vega";
import * as vegaLite from "vega-lite";

const g = globalThis as unknown as Record<string, unknown>;
g.vegaEmbed = embed;
g.vega = vega;
g.vegaLite = vegaLite;
