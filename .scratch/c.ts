import { buildWorld, runPolicy } from "../lib/simulate.ts";
import { smallScenario } from "../tests/_helpers.ts";
const w = buildWorld(smallScenario(1800), { seed: 1132065150, orders: 715 });
const d = runPolicy(w, { kind: "max-payment" });
const i = 505;
const o = d.outcomes;
console.log({ type: w.orders.type[i], size: w.orders.size[i], filled: o.filled[i], pay: o.payment[i], venue: w.venues.ids[o.execVenue[i]], routed: w.venues.ids[d.routes.venue[i]], tier: w.universe.tier[w.orders.security[i]], price: o.price[i], spread: o.arrivalSpread[i] });
