/** Runs the built `seekrflow` binary (dist/esm/cli/bin.mjs) as a user would, and what it printed. */
import path from "node:path";
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
