/**
 * The Redocly CLI, run on Node 24 from npm (the `node24` dev dependency): on the machine's Node 20,
 * past its end of life, Redocly prints a warning box on every run. `tsx scripts/redocly.ts ARGS`
 * runs it as `redocly ARGS` would.
 */
import { type ExecFileSyncOptions, execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const NODE = path.join(root, "node_modules/node24/bin/node");
const CLI = path.join(root, "node_modules/@redocly/cli/bin/cli.js");

/** Runs `redocly …args` in the repository, without telemetry or update notices. */
export function redocly(args: string[], options: ExecFileSyncOptions = {}): string | Buffer {
  return execFileSync(NODE, [CLI, ...args], {
    cwd: root,
    ...options,
    env: {
      ...process.env,
      REDOCLY_TELEMETRY: "off",
      REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
      ...options.env,
    },
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    redocly(process.argv.slice(2), { stdio: "inherit" });
  } catch (error) {
    process.exitCode = (error as { status?: number }).status ?? 1;
  }
}
