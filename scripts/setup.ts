/**
 * Installs what the report and the tests need on a fresh Debian machine,
 * when missing: Jupyter's nbconvert and nbclient, fonts for the charts,
 * Chromium for the browser test, xmllint, and the Deno Jupyter kernel spec
 * (pointing at the Deno running this script). Idempotent; prints what it does.
 *
 * Run: `deno run -A scripts/setup.ts` (the report and test tasks run it first).
 */
import { installed, run } from "./_apt.ts";

const APT_PACKAGES = [
  "jupyter-nbconvert",
  "python3-nbclient",
  "fonts-dejavu-core",
  "chromium",
  "libxml2-utils",
];

const missing: string[] = [];
for (const pkg of APT_PACKAGES) if (!(await installed(pkg))) missing.push(pkg);
if (missing.length > 0) {
  console.error(`setup: installing ${missing.join(" ")} with apt-get`);
  const sudo = Deno.uid?.() === 0 ? [] : ["sudo"];
  const apt = (args: string[]) =>
    sudo.length ? run("sudo", ["apt-get", ...args]) : run("apt-get", args);
  if (!(await apt(["update", "-qq"])) || !(await apt(["install", "-y", "-qq", ...missing]))) {
    console.error(`setup: apt-get failed; install these packages by hand: ${missing.join(" ")}`);
    Deno.exit(1);
  }
}

// The Deno kernel spec must point at this Deno.
const home = Deno.env.get("HOME") ?? "/root";
const specPath = `${home}/.local/share/jupyter/kernels/deno/kernel.json`;
let current: string | undefined;
try {
  current = JSON.parse(await Deno.readTextFile(specPath)).argv?.[0];
} catch {
  current = undefined;
}
const real = (p: string | undefined) => {
  try {
    return p ? Deno.realPathSync(p) : undefined;
  } catch {
    return undefined;
  }
};
if (real(current) === undefined || real(current) !== real(Deno.execPath())) {
  console.error(`setup: registering the Deno Jupyter kernel (${Deno.execPath()})`);
  if (!(await run(Deno.execPath(), ["jupyter", "--install", "--force"], true))) {
    console.error("setup: `deno jupyter --install` failed");
    Deno.exit(1);
  }
}
