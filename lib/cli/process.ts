/**
 * A command that stops with whoever started it. `deno task` passes SIGINT
 * (Ctrl-C) and SIGTERM on to the command, whose default handling ends it at
 * once, workers included (no listener is installed: one would hold the
 * signal until a long synchronous run yields). But a `deno task` killed with
 * SIGKILL cannot pass anything on, and its command would run on, re-parented;
 * {@linkcode watchParent} makes the command notice that its parent changed
 * and exit with code 129, from a timer while the command waits and from
 * {@linkcode stopIfOrphaned}, which long synchronous runs call after each
 * chunk of orders.
 *
 * @module
 */

/** The parent process id when {@linkcode watchParent} was called (undefined: not watching). */
let parent: number | undefined;

/** The exit code of a command whose parent went away (128 + SIGHUP, as a hang-up would give). */
export const ORPHANED_EXIT_CODE = 129;

/**
 * Starts watching the parent process: from now on the command exits with
 * {@linkcode ORPHANED_EXIT_CODE} within a second of its parent going away
 * (checked by an unreferenced timer, so it never keeps the process alive),
 * or at the next {@linkcode stopIfOrphaned} of a synchronous run.
 *
 * @example
 * ```ts ignore
 * import { watchParent } from "./process.ts";
 * watchParent(); // in the command line's entry point only
 * ```
 */
export function watchParent(): void {
  parent = Deno.ppid;
  Deno.unrefTimer(setInterval(stopIfOrphaned, 1000));
}

/**
 * Exits with {@linkcode ORPHANED_EXIT_CODE} when the parent process watched
 * by {@linkcode watchParent} has gone away; does nothing when nothing is
 * watched (in tests and library use).
 *
 * @example
 * ```ts
 * import { stopIfOrphaned } from "./process.ts";
 * stopIfOrphaned(); // not watching: returns
 * ```
 */
export function stopIfOrphaned(): void {
  if (parent !== undefined && Deno.ppid !== parent) Deno.exit(ORPHANED_EXIT_CODE);
}
