// Private helpers of the set-up scripts: running a command and asking Debian's package database.

/** Runs `cmd` with `args` (non-interactive for apt), its output shown unless `quiet`; true on success. */
export async function run(cmd: string, args: string[], quiet = false): Promise<boolean> {
  const out = await new Deno.Command(cmd, {
    args,
    stdout: quiet ? "null" : "inherit",
    stderr: quiet ? "null" : "inherit",
    env: { DEBIAN_FRONTEND: "noninteractive" },
  }).output().catch(() => ({ success: false }));
  return out.success;
}

/** Whether Debian package `pkg` is installed. */
export async function installed(pkg: string): Promise<boolean> {
  const out = await new Deno.Command("dpkg-query", {
    args: ["-W", "-f=${Status}", pkg],
    stdout: "piped",
    stderr: "null",
  }).output().catch(() => null);
  return out !== null && new TextDecoder().decode(out.stdout).includes("install ok installed");
}
