// LOBSTER: the real AMZN day reads completely; the market built from it is
// never crossed, sits on the penny grid and starts and ends on the file's
// quotes; simulations run on it with markouts at the real later midpoints;
// bad input is named by file, line and field.
import assert from "node:assert/strict";
import {
  DisclosureError,
  type LobsterBook,
  readLobster,
  readLobsterText,
} from "../lib/disclosures/mod.ts";
import {
  buildLobsterWorld,
  calibrateQuotes,
  quotePath,
  quoteSeries,
} from "../lib/disclosures/lobster_market.ts";
import { buildWorld, runPolicy } from "../lib/sim/simulate.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";
import { MARKOUT_HORIZONS } from "../lib/sim/market.ts";
import { near } from "./_helpers.ts";

const root = new URL("..", import.meta.url).pathname;
const MESSAGE =
  `${root}../shared/data/real/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv`;
const ORDERBOOK = MESSAGE.replace("message", "orderbook");

let cached: LobsterBook | undefined;
const amzn = async () => (cached ??= await readLobster(MESSAGE));

Deno.test("lobster: the real AMZN day reads completely", async () => {
  const book = await amzn();
  assert.equal(book.reader, "polars");
  assert.equal(book.symbol, "AMZN");
  assert.equal(book.date, "2012-06-21");
  assert.equal(book.levels, 1);
  assert.equal(book.sessionStart, 34200);
  assert.equal(book.sessionEnd, 57600);
  assert.deepEqual(book.rows, { read: 57515, used: 57515, rejected: 0 });
  // First and last lines of the files (prices in units of $0.0001).
  assert.equal(book.time[0], 34200.017459617);
  assert.equal(book.event[0], 5);
  assert.equal(book.ask[0], 223.95);
  assert.equal(book.askSize[0], 100);
  assert.equal(book.bid[0], 223.18);
  assert.equal(book.bidSize[0], 100);
  const n = book.count - 1;
  assert.equal(book.time[n], 57599.95935965);
  assert.equal(book.ask[n], 220.64);
  assert.equal(book.bid[n], 220.51);
  assert.equal(book.bidSize[n], 249);
});

Deno.test("lobster market: never crossed, on the penny grid, first and last quotes the file's", async () => {
  const book = await amzn();
  const world = buildLobsterWorld(defaultScenario(), book, { orders: 1000, seed: 1 });
  const m = world.market;
  assert.equal(m.universe.count, 1);
  assert.equal(m.steps, 23401);
  for (let t = 0; t < m.steps; t++) {
    assert.ok(m.spreadTicks[t] >= 1, `second ${t}: crossed or locked`);
    const bidCents = (m.mid[t] - m.spreadTicks[t] * 0.005) * 100;
    assert.ok(Math.abs(bidCents - Math.round(bidCents)) < 1e-6, `second ${t}: bid off the grid`);
  }
  // 09:30:00 comes before the first event: the first quote, 223.18 x 223.95 (77 cents).
  near(m.mid[0], (223.18 + 223.95) / 2, 1e-9, "opening mid");
  assert.equal(m.spreadTicks[0], 77);
  // 16:00:00: the last quote, 220.51 x 220.64.
  near(m.mid[23400], (220.51 + 220.64) / 2, 1e-9, "closing mid");
  assert.equal(m.spreadTicks[23400], 13);
  // Any second: the quote after the last event at or before it, found by a plain scan.
  const lines = Deno.readTextFileSync(MESSAGE).trimEnd().split("\n").map((l) =>
    Number(l.split(",")[0])
  );
  const quotes = Deno.readTextFileSync(ORDERBOOK).trimEnd().split("\n").map((l) =>
    l.split(",").map(Number)
  );
  for (const t of [1, 59, 3600, 12345, 20000]) {
    let j = 0;
    while (j + 1 < lines.length && lines[j + 1] <= 34200 + t) j++;
    const [ask, , bid] = quotes[j];
    near(m.mid[t], (ask + bid) / 20000, 1e-9, `mid at second ${t}`);
    assert.equal(m.spreadTicks[t], (ask - bid) / 100, `spread at second ${t}`);
  }
  const series = quoteSeries(m, 0, 3600);
  assert.equal(series.length, 7);
  assert.equal(series[0].bid, 223.18);
  assert.equal(series[0].ask, 223.95);
  assert.equal(series[6].clock, "15:30:00");
});

Deno.test("lobster world: policies run on the real day; markouts read the real later midpoints", async () => {
  const book = await amzn();
  const scenario = defaultScenario();
  const world = buildLobsterWorld(scenario, book, { orders: 3000, seed: 4 });
  assert.equal(world.orders.count, 3000);
  assert.ok(world.orders.security.every((k) => k === 0));
  const path = quotePath(book);
  for (const policy of [{ kind: "best-execution" as const }, { kind: "max-payment" as const }]) {
    const day = runPolicy(world, policy);
    assert.equal(day.outcomes.count, 3000);
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const r = day.outcomes;
      if (r.filled[i] === 0 || world.orders.informed[i]) continue;
      const exec = world.orders.time[i] + r.latencyMs[i] / 1000;
      MARKOUT_HORIZONS.forEach((h, k) => {
        const s = Math.min(23400, Math.floor(exec + h));
        assert.equal(r.markout[k][i], path.mid[s], `order ${i} markout ${h}s`);
      });
      // The arrival quote is the real one.
      const a = Math.floor(world.orders.time[i]);
      near(r.arrivalMid[i], path.mid[a], 1e-12, "arrival mid");
      near(r.arrivalSpread[i], path.spreadTicks[a] * 0.01, 1e-12, "arrival spread");
      checked++;
    }
    assert.ok(checked > 2000, `only ${checked} orders checked`);
  }
  // The synthetic twin: the same orders on a path calibrated to the day.
  const twin = buildWorld(world.scenario, { orders: 3000, seed: 4 });
  assert.deepEqual(twin.orders.time, world.orders.time);
  assert.deepEqual(twin.orders.size, world.orders.size);
  const c = calibrateQuotes(path);
  near(twin.universe.sigmaPerSecond[0], c.sigmaPerSecond, 1e-9 * c.sigmaPerSecond, "sigma");
  assert.equal(world.scenario.universe.tiers[0].label, "AMZN 2012-06-21");
});

Deno.test("lobster bad input: text, field count, negative shares, crossed book, mismatched files", () => {
  const message = Deno.readTextFileSync(MESSAGE).split("\n").slice(0, 20);
  const book = Deno.readTextFileSync(ORDERBOOK).split("\n").slice(0, 20);
  assert.equal(message[4], "34200.372779672,5,0,100,2238400,-1");
  assert.equal(book[9], "2239500,100,2237500,74");
  const m = [...message];
  const b = [...book];
  m[4] = "34200.372779672,5,0,one hundred,2238400,-1"; // text where a number belongs
  m[6] = m[6].split(",").slice(0, 5).join(","); // five fields
  m[8] = m[8].replace(/,(\d+),(\d+),(-?1)$/, ",-$1,$2,$3"); // negative shares
  b[9] = "2239500,100,2239600,74"; // bid above the ask
  const r = readLobsterText(m.join("\n"), b.join("\n"), {
    source: "m.csv",
    orderbookSource: "b.csv",
  });
  assert.equal(r.reader, "csv-parse");
  assert.deepEqual(r.rows, { read: 20, used: 16, rejected: 4 });
  assert.equal(r.rows.read, r.rows.used + r.rows.rejected);
  assert.deepEqual(r.rejected.map((i) => [i.source, i.line, i.field, i.message]), [
    ["m.csv", 5, "column 4 (size)", 'expected a number, got "one hundred"'],
    ["m.csv", 7, null, "expected 6 fields, found 5"],
    ["m.csv", 9, "column 4 (size)", `negative shares: -${message[8].split(",")[3]}`],
    ["b.csv", 10, null, "crossed or locked book: ask 2239500 <= bid 2239600"],
  ]);
  assert.throws(
    () =>
      readLobsterText(m.join("\n"), b.join("\n"), {
        source: "m.csv",
        orderbookSource: "b.csv",
        strict: true,
      }),
    (e: Error) =>
      e instanceof DisclosureError && e.issues.length === 4 &&
      e.message.startsWith('m.csv: line 5: column 4 (size): expected a number, got "one hundred"'),
  );
  // Negative shares alone: the bulk read succeeds and the row is still rejected.
  const neg = [...message];
  neg[2] = neg[2].replace(",21,", ",-21,");
  const r2 = readLobsterText(neg.join("\n"), book.join("\n"), { source: "n.csv" });
  assert.equal(r2.reader, "polars");
  assert.deepEqual(r2.rejected.map((i) => [i.line, i.field, i.message]), [
    [3, "column 4 (size)", "negative shares: -21"],
  ]);
  assert.throws(
    () =>
      readLobsterText(message.join("\n"), book.slice(0, 10).join("\n"), {
        source: "m.csv",
        orderbookSource: "b.csv",
      }),
    /m\.csv: 20 messages but 10 orderbook rows in b\.csv/,
  );
  assert.throws(
    () => readLobsterText("", book.join("\n"), { source: "m.csv" }),
    /m\.csv: line 1: the file is empty/,
  );
});

Deno.test("lobster: files are found by name; a missing one is named", async () => {
  await assert.rejects(
    () => readLobster("/nonexistent/X_2012-06-21_34200000_57600000_message_1.csv"),
    /X_2012-06-21_34200000_57600000_orderbook_1\.csv: cannot read|message_1\.csv: cannot read/,
  );
  await assert.rejects(
    () => readLobster("/tmp/whatever.csv"),
    /cannot tell the orderbook file from the name/,
  );
});
