/**
 * The set-up test files share: a stand-in started before the file's tests and stopped after,
 * and a temporary folder removed after them.
 */
import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { type StandIn, type StandInOptions, startStandIn } from "../../src/testing/index.js";

/**
 * A stand-in for this file's tests, started in `beforeAll` and closed in `afterAll`; the object
 * returned is that stand-in once started (`server.url`, `server.requests`, …).
 */
export function useStandIn(options: StandInOptions = {}): StandIn {
  let started: StandIn | undefined;
  beforeAll(async () => {
    started = await startStandIn(options);
  });
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as StandIn, {
    get(_, key) {
      if (!started) throw new Error("the stand-in is used before beforeAll started it");
      const value = Reflect.get(started, key, started) as unknown;
      return typeof value === "function" ? value.bind(started) : value;
    },
  });
}

/** A new empty folder under the system's temporary one, removed after this file's tests. */
export function useTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
