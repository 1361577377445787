#!/usr/bin/env node
/**
 * The `seekrflow` command: runs `main` with this process's arguments, streams and environment.
 * (ESM only: the CommonJS build has no command line.)
 */
import { EXIT_CODES } from "./exit-codes.mjs";
import { main } from "./main.mjs";

// A closed stdout (`| head`) ends the command quietly.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? EXIT_CODES.ok);
  throw error;
});
const controller = new AbortController();
// The first Ctrl-C stops waiting politely (the job goes on); a second one exits at once.
process.on("SIGINT", () =>
  controller.signal.aborted ? process.exit(EXIT_CODES.interrupted) : controller.abort(),
);
process.exitCode = await main(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin },
  controller.signal,
);
