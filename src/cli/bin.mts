#!/usr/bin/env node
/**
 * The `seekrflow` command: prints the version at once, or loads `main` (the commands, their table
 * and the client) and runs it with this process's arguments, streams and environment.
 * (ESM only: the CommonJS build has no command line.)
 */
import { VERSION } from "../core/version.js";
import { EXIT_CODES } from "./exit-codes.mjs";

const argv = process.argv.slice(2);
if (argv[0] === "--version" || argv[0] === "-v") {
  process.stdout.write(`${VERSION}\n`);
  process.exit(EXIT_CODES.ok);
}
const { main } = await import("./main.mjs");

// A closed stdout (`| head`) ends the command quietly.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? EXIT_CODES.ok);
  throw error;
});
const controller = new AbortController();
// The first Ctrl-C (or SIGTERM) stops politely: a wait ends (the job goes on), `stand-in` closes
// its server. A second one exits at once.
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () =>
    controller.signal.aborted ? process.exit(EXIT_CODES.interrupted) : controller.abort(),
  );
process.exitCode = await main(
  argv,
  { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin },
  controller.signal,
);
