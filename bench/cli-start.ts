/**
 * How long `seekrflow --version` and `seekrflow --help` take to start and exit, against a bare
 * `node -e ""` measured in the same rounds: the command line loads only what the command uses.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fixed, root, table } from "./support.js";

const BIN = path.join(root, "dist/esm/cli/bin.mjs");

/** Runs the benchmark (on the built binary) and returns its Markdown section. */
export function benchCliStart({ rounds = 15 } = {}): {
  markdown: string;
  ratios: Record<string, number>;
} {
  const runs = {
    'node -e ""': ["-e", ""],
    "seekrflow --version": [BIN, "--version"],
    "seekrflow --help": [BIN, "--help"],
  } as const;
  const times: Record<string, number[]> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, args] of Object.entries(runs)) {
      const started = performance.now();
      execFileSync(process.execPath, args, { stdio: "ignore" });
      (times[name] ??= []).push(performance.now() - started);
    }
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const bare = median(times['node -e ""']!);
  const rows = Object.keys(runs).map((name) => {
    const ms = median(times[name]!);
    return [name, fixed(ms, 1), fixed(ms / bare)];
  });
  const version = median(times["seekrflow --version"]!) / bare;
  return {
    markdown: [
      "### Command line start",
      "",
      `Median of ${rounds} runs each, interleaved, wall time from spawn to exit.`,
      "",
      table(["what", "median ms", "÷ bare node"], rows),
    ].join("\n"),
    ratios: { 'seekrflow --version ÷ node -e ""': version },
  };
}
