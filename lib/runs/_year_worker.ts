// A Deno worker that simulates whole days of a year run and posts back each day's metric sums.
import { simulateDaySums } from "./year.ts";
import type { DayTask } from "./year.ts";

// deno-lint-ignore no-explicit-any
const worker = self as any;
worker.onmessage = (event: MessageEvent<DayTask>) => {
  try {
    const sums = simulateDaySums(event.data);
    worker.postMessage({ day: event.data.day, sums }, [sums.buffer]);
  } catch (e) {
    worker.postMessage({ day: event.data.day, error: (e as Error).message });
  }
};
