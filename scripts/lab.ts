/**
 * `deno task lab`: opens the notebooks in Jupyter Notebook with the Deno
 * kernel, to change a parameter and rerun. Installs what it needs when
 * missing: Debian's `jupyter-notebook` (with apt-get) and the Deno kernel spec
 * (`scripts/setup.ts`, which the task runs first, registers it with `deno
 * jupyter --install`).
 *
 * Run: `deno task lab [--port 8888] [--no-browser] [--token TOKEN]`. Jupyter
 * opens `notebooks/` in the browser (or prints the address to open); stop it
 * with Ctrl-C. In a notebook, change the parameters cell near the top and
 * choose Cell → Run All.
 */
import { parseArgs } from "node:util";
import { installed, run } from "./_apt.ts";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const cli = parseArgs({
  args: Deno.args,
  options: {
    port: { type: "string", default: "8888" },
    "no-browser": { type: "boolean", default: false },
    token: { type: "string" },
  },
});

/** Installs Debian's Jupyter Notebook when it is missing. */
export async function ensureNotebook(): Promise<void> {
  if (await installed("jupyter-notebook")) return;
  console.error("lab: installing Jupyter Notebook (jupyter-notebook) with apt-get");
  const sudo = Deno.uid?.() === 0 ? [] : ["sudo"];
  const apt = (args: string[]) =>
    sudo.length ? run("sudo", ["apt-get", ...args]) : run("apt-get", args);
  if (
    !(await apt(["update", "-qq"])) || !(await apt(["install", "-y", "-qq", "jupyter-notebook"]))
  ) {
    console.error("lab: apt-get failed; install jupyter-notebook by hand");
    Deno.exit(1);
  }
}

/** The arguments that start Jupyter Notebook on the project, `notebooks/` open. */
export function notebookArgs(
  options: { port: string; browser: boolean; token?: string },
): string[] {
  return [
    "notebook",
    `--notebook-dir=${root}`,
    `--NotebookApp.default_url=/tree/notebooks`,
    `--port=${options.port}`,
    "--ip=127.0.0.1",
    ...(options.browser ? [] : ["--no-browser"]),
    ...(options.token !== undefined ? [`--NotebookApp.token=${options.token}`] : []),
    ...(Deno.uid?.() === 0 ? ["--allow-root"] : []),
  ];
}

if (import.meta.main) {
  await ensureNotebook();
  console.error(
    "lab: opening notebooks/ in Jupyter Notebook with the Deno kernel. In a notebook, change the " +
      "parameters cell near the top and choose Cell → Run All. Ctrl-C stops the server.",
  );
  const child = new Deno.Command("jupyter", {
    args: notebookArgs({
      port: cli.values.port!,
      browser: !cli.values["no-browser"],
      token: cli.values.token,
    }),
    cwd: root,
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  const stop = () => child.kill("SIGINT");
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", () => child.kill("SIGTERM"));
  const status = await child.status;
  Deno.exit(status.code);
}
