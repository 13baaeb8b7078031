import assert from "node:assert/strict";
import {
  METRIC_CELLS,
  metricCell,
  N_SIZE_BUCKETS,
  N_TIERS,
  N_TYPES,
  PAYMENT_CELLS,
  paymentIndex,
} from "../lib/sim/layout.ts";
import { MARKET, MARKETABLE_LIMIT, NON_MARKETABLE_LIMIT } from "../lib/sim/flow.ts";

Deno.test("paymentIndex: venue * 9 + tier * 3 + type, one index per cell", () => {
  assert.equal(PAYMENT_CELLS, 9);
  assert.equal(paymentIndex(1, 0, MARKET), 9);
  assert.equal(paymentIndex(1, 2, MARKETABLE_LIMIT), 16);
  assert.equal(paymentIndex(3, 2, NON_MARKETABLE_LIMIT), 35);
  const seen = new Set<number>();
  for (let v = 0; v < 4; v++) {
    for (let t = 0; t < N_TIERS; t++) {
      for (let ty = 0; ty < N_TYPES; ty++) seen.add(paymentIndex(v, t, ty));
    }
  }
  assert.deepEqual([...seen].sort((a, b) => a - b), [...Array(4 * PAYMENT_CELLS).keys()]);
});

Deno.test("metricCell: ((venue * 3 + type) * 6 + size bucket) * 3 + tier, one index per cell", () => {
  assert.equal(METRIC_CELLS, 54);
  assert.equal(metricCell(0, MARKET, 0, 2), 2);
  assert.equal(metricCell(0, MARKETABLE_LIMIT, 0, 0), 18);
  assert.equal(metricCell(2, NON_MARKETABLE_LIMIT, 5, 1), ((2 * 3 + 2) * 6 + 5) * 3 + 1);
  const seen = new Set<number>();
  for (let v = 0; v < 3; v++) {
    for (let ty = 0; ty < N_TYPES; ty++) {
      for (let b = 0; b < N_SIZE_BUCKETS; b++) {
        for (let t = 0; t < N_TIERS; t++) seen.add(metricCell(v, ty, b, t));
      }
    }
  }
  assert.deepEqual([...seen].sort((a, b) => a - b), [...Array(3 * METRIC_CELLS).keys()]);
});
