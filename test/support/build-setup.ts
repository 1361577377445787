/**
 * Builds the package once per run (`npm run compile`: both builds, as published), so that the
 * CLI tests run the built `seekrflow` binary as a user would, never a stale one; then packs it
 * into a consumer project for the runtime tests (./consumer.ts).
 */
import { execFileSync } from "node:child_process";
import { makeConsumer } from "./consumer.js";

export default async function setup(): Promise<void> {
  execFileSync("npm", ["run", "--silent", "compile"], { stdio: ["ignore", "ignore", "inherit"] });
  await makeConsumer();
}
