/** Runs the built `seekrflow` binary (dist/esm/cli/bin.mjs) as a user would, and what it printed. */
import { execFile } from "node:child_process";
import path from "node:path";

/** The built CLI, compiled by the test run's global setup. */
export const MAIN = path.resolve("dist/esm/cli/bin.mjs");

/** How a run of the CLI ended. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `seekrflow args…` in `cwd` with `env` over a clean SEEKR_* environment. */
export function runCli(args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { cwd, env: { ...process.env, SEEKR_LOG: "", SEEKR_TIMEOUT_MS: "", ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
