/**
 * Builds the package once per run (`npm run compile`: both builds, as published), so that the
 * CLI tests run the built `seekrflow` binary as a user would, never a stale one; then packs it
 * into a consumer project for the runtime tests (./consumer.ts), removed when the run ends.
 * Projects that both need it (e2e, runtimes) share the one build: it is kept on `globalThis`,
 * which every global setup of a run shares.
 */
import { execFileSync } from "node:child_process";
import { rm } from "node:fs/promises";
import type { TestProject } from "vitest/node";
import { makeConsumer } from "./consumer.js";

const shared = globalThis as { seekrflowBuild?: Promise<string> };

async function build(): Promise<string> {
  execFileSync("npm", ["run", "--silent", "compile"], { stdio: ["ignore", "ignore", "inherit"] });
  return makeConsumer();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mine = shared.seekrflowBuild === undefined;
  const consumer = await (shared.seekrflowBuild ??= build());
  project.provide("consumer", consumer);
  return async () => {
    if (mine) await rm(consumer, { recursive: true, force: true });
  };
}
