/** Runs the built `seekrflow` binary (dist/esm/cli/bin.mjs) as a user would, and what it printed. */
import path from "node:path";
import { runMain } from "./cli-in-process.js";
import { type Ran, runProgram } from "./run-program.js";

/** The built CLI, compiled by the test run's global setup. */
export const MAIN = path.resolve("dist/esm/cli/bin.mjs");

/** Runs `seekrflow args…` with `node` in `cwd`, with `env` over a clean SEEKR_* environment. */
export function runCli(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  node: string = process.execPath,
): Promise<Ran> {
  return runProgram(node, [MAIN, ...args], cwd, {
    SEEKR_LOG: "",
    SEEKR_TIMEOUT_MS: "",
    ...env,
  });
}

/**
 * `seekrflow args…` in `cwd` on `node`, as `runCli`; on the Node running the tests, its `main()`
 * runs in this process instead (so that mutation testing sees what it runs), given `env` and
 * the same clean SEEKR_* settings as its whole environment.
 */
export async function runCliOn(
  node: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<Ran> {
  if (node !== process.execPath) return runCli(args, cwd, env, node);
  const { code, stdout, stderr } = await runMain(args, {
    env: { SEEKR_LOG: "", SEEKR_TIMEOUT_MS: "", ...env },
    cwd,
  });
  return { code, stdout, stderr };
}
