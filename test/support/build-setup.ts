/**
 * Builds the package once per run (`npm run compile`: both builds, as published), so that the
 * CLI tests run the built `seekrflow` binary as a user would, never a stale one; then packs it
 * into a consumer project for the runtime tests (./consumer.ts), removed when the run ends.
 */
import { execFileSync } from "node:child_process";
import { rm } from "node:fs/promises";
import type { TestProject } from "vitest/node";
import { makeConsumer } from "./consumer.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  execFileSync("npm", ["run", "--silent", "compile"], { stdio: ["ignore", "ignore", "inherit"] });
  const consumer = await makeConsumer();
  project.provide("consumer", consumer);
  return () => rm(consumer, { recursive: true, force: true });
}
