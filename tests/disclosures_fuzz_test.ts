// Fuzzing the readers with mutated genuine files: whatever the bytes, every
// reader either throws a DisclosureError (named file, line or field) or
// returns a result whose rows read = used + rejected. Small slices of the
// genuine files keep it fast.
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  DisclosureError,
  readDetailed605,
  readLegacy605,
  readLobsterText,
  readOes,
  readRule606,
  type RowCounts,
  writeDetailed605,
} from "../lib/disclosures/mod.ts";
import { detailed605FromSimulation } from "../lib/disclosures/simulated.ts";
import { simulateDay } from "../lib/sim/simulate.ts";
import { defaultScenario } from "../lib/sim/scenario.ts";

const root = new URL("..", import.meta.url).pathname;
const REAL = `${root}../shared/data/real`;
const lines = (path: string, n: number) =>
  Deno.readTextFileSync(path).split("\n").slice(0, n).join("\n") + "\n";

/** Robinhood's report cut after its first two venues, then closed. */
function hoodSlice(): string {
  const text = Deno.readTextFileSync(`${REAL}/rule606/606-HOOD-2022Q1.xml`);
  const first = text.indexOf("</rVenue>");
  const second = text.indexOf("</rVenue>", first + 1) + "</rVenue>".length;
  return text.slice(0, second) +
    "</rVenues></rSP500></rMonthly></heldOrderRoutingPublicReport>\n";
}

const SEEDS = {
  legacy: lines(`${REAL}/rule605/VIRTU0817.txt`, 40),
  summary: Deno.readTextFileSync(`${root}../shared/data/specs/oes/sample.csv`),
  rule606: hoodSlice(),
  detailed: writeDetailed605(
    detailed605FromSimulation(
      [simulateDay(defaultScenario(), { kind: "max-payment" }, { orders: 300, seed: 4 })],
      { month: 202608 },
    ).slice(0, 30),
  ),
  message: lines(`${REAL}/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv`, 40),
  book: lines(`${REAL}/lobster/AMZN_2012-06-21_34200000_57600000_orderbook_1.csv`, 40),
};

/** Characters that matter to the formats, and some that do not belong. */
const NASTY = [
  "|",
  ",",
  '"',
  "<",
  ">",
  "&",
  "\n",
  "\r",
  " ",
  "-",
  "+",
  ".",
  "e",
  "0",
  "9",
  "nan",
  "inf",
  "1" + "0".repeat(320),
  "\ufffd",
  "\u0000",
  "</a>",
  "<x>",
];

/** A mutation: delete, insert or replace a span, duplicate or drop a line, truncate. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant("insert"), at: fc.nat(), text: fc.constantFrom(...NASTY) }),
  fc.record({ kind: fc.constant("delete"), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({
    kind: fc.constant("replace"),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 8 }),
    text: fc.string({ maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant("line"), at: fc.nat(), twice: fc.boolean() }),
  fc.record({ kind: fc.constant("truncate"), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, ms: Mutation[]): string {
  for (const m of ms) {
    const at = text.length === 0 ? 0 : m.at % (text.length + 1);
    if (m.kind === "insert") text = text.slice(0, at) + m.text + text.slice(at);
    else if (m.kind === "delete") text = text.slice(0, at) + text.slice(at + m.length);
    else if (m.kind === "replace") text = text.slice(0, at) + m.text + text.slice(at + m.length);
    else if (m.kind === "truncate") text = text.slice(0, at);
    else {
      const ls = text.split("\n");
      const k = m.at % ls.length;
      if (m.twice) ls.splice(k, 0, ls[k]);
      else ls.splice(k, 1);
      text = ls.join("\n");
    }
  }
  return text;
}

/** Runs a reader: a DisclosureError is fine, any other throw fails; a result must balance. */
function holds(read: () => { counts: RowCounts } | undefined): void {
  let counts: RowCounts | undefined;
  try {
    counts = read()?.counts;
  } catch (e) {
    if (e instanceof DisclosureError) {
      assert.ok(e.issues.length > 0 && e.issues.every((i) => typeof i.source === "string"));
      return;
    }
    throw e;
  }
  if (counts) {
    assert.equal(counts.read, counts.used + counts.rejected, JSON.stringify(counts));
  }
}

const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });
const RUNS = 400;

Deno.test("fuzz: mutated genuine files give a named error or balanced rows, never a crash", () => {
  for (const strict of [false, true]) {
    fc.assert(
      fc.property(mutations, (ms) => {
        holds(() => readLegacy605(mutate(SEEDS.legacy, ms), { source: "l.txt", strict }));
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(mutations, (ms) => {
        holds(() => readOes(mutate(SEEDS.summary, ms), { source: "s.csv", strict }));
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(mutations, (ms) => {
        holds(() => readDetailed605(mutate(SEEDS.detailed, ms), { source: "d.txt", strict }));
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(mutations, (ms) => {
        holds(() => {
          const r = readRule606(mutate(SEEDS.rule606, ms), { source: "h.xml", strict });
          return { counts: r.rows };
        });
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(mutations, fc.boolean(), (ms, inBook) => {
        holds(() => {
          const message = inBook ? SEEDS.message : mutate(SEEDS.message, ms);
          const book = inBook ? mutate(SEEDS.book, ms) : SEEDS.book;
          const r = readLobsterText(message, book, {
            source: "m.csv",
            orderbookSource: "b.csv",
            strict,
          });
          return { counts: r.rows };
        });
      }),
      { numRuns: 60 },
    );
  }
});

Deno.test("fuzz: the unmutated slices read cleanly (the fuzz starts from valid files)", () => {
  assert.equal(readLegacy605(SEEDS.legacy, { strict: true }).counts.rejected, 0);
  assert.equal(readOes(SEEDS.summary, { strict: true }).counts.rejected, 0);
  assert.equal(readDetailed605(SEEDS.detailed, { strict: true }).counts.rejected, 0);
  assert.deepEqual(readRule606(SEEDS.rule606, { strict: true }).rows, {
    read: 2,
    used: 2,
    rejected: 0,
  });
  assert.equal(
    readLobsterText(SEEDS.message, SEEDS.book, { strict: true }).rows.rejected,
    0,
  );
});
