// Hand-computed cases of the affiliated internalizer (lib/sim/models/affiliated.ts).
import { near } from "../_helpers.ts";
import { buy, venues } from "./_venues.ts";
import { affiliatedExpected, affiliatedRestingRevenue } from "../../lib/sim/models/mod.ts";

const AFF = 3;
const scratch = new Float64Array(1);

Deno.test("affiliated: the group earns its capture, not a payment", () => {
  // Fixed improvement of a tenth of a 2¢ spread: 0.2¢; capture 1¢ - 0.2¢ a share.
  const out = new Float64Array(2);
  affiliatedExpected(buy(100), venues, AFF, out, scratch);
  near(out[0], 0.008, 1e-15, "cost per share");
  near(out[1], 0.008, 1e-15, "the group's revenue per share");
});

Deno.test("affiliated: unfilled shares cost the customer but earn the group nothing", () => {
  // maxLevels 0: the 1,000-share guarantee fills at the touch, 500 shares do not.
  const out = new Float64Array(2);
  affiliatedExpected(buy(1500, { maxLevels: 0 }), venues, AFF, out, scratch);
  near(out[0], (1000 * 0.01 - 1000 * 0.002 + 500 * 0.01) / 1500, 1e-15, "cost per share");
  near(out[1], (1000 * 0.01 - 1000 * 0.002) / 1500, 1e-15, "revenue per share");
  near(affiliatedRestingRevenue(0.5, 0.02), -0.01, 1e-15, "resting revenue");
});
