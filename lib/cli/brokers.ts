/**
 * `deno task cli brokers [--format table|json]`: the broker profiles of
 * `data/brokers.json`.
 *
 * @module
 */
import { brokerProfiles } from "../sim/brokers.ts";
import { list, parseOptions } from "./options.ts";
import { alignRows, jsonText } from "./render.ts";

/**
 * The broker profiles: a table, or JSON `[{ id, name, paymentCentsPer100,
 * paymentShareOfSpread, policy, wholesalers, commissionPerShare }]`.
 *
 * @example
 * ```ts
 * import { brokersCommand } from "./brokers.ts";
 * const doc = JSON.parse(brokersCommand(["--format", "json"]));
 * if (!doc.some((b: { id: string }) => b.id === "us-retail")) throw new Error();
 * if (!brokersCommand([]).startsWith("id ")) throw new Error();
 * ```
 */
export function brokersCommand(args: string[]): string {
  const parsed = parseOptions(args, { format: { type: "string", default: "table" } });
  const fmt = list("format", parsed.values.format!, ["table", "json"] as const);
  const profiles = brokerProfiles();
  if (fmt[0] === "json") {
    return jsonText(profiles.map((b) => ({
      id: b.id,
      name: b.name,
      paymentCentsPer100: b.paymentCentsPer100,
      paymentShareOfSpread: b.paymentShareOfSpread,
      policy: b.policy,
      wholesalers: b.wholesalers,
      commissionPerShare: b.commissionPerShare,
    })));
  }
  const rows = [["id", "name", "Cph S&P 500 market", "Cph other market", "routing"]];
  for (const b of profiles) {
    rows.push([
      b.id,
      b.name,
      b.paymentCentsPer100.sp500.market.toFixed(2),
      b.paymentCentsPer100.other.market.toFixed(2),
      b.policy === "scorecard" ? `scorecard over ${b.wholesalers.length} wholesalers` : b.policy,
    ]);
  }
  return alignRows(rows).join("\n") + "\n";
}
