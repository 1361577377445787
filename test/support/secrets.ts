import { inspect } from "node:util";
import { expect } from "vitest";

/** The key the leak tests use: it must never show up in anything a person or a log could see. */
export const KEY = "sk-live-SECRET-4242";

/** Asserts `KEY` is in none of an error's message, stack, JSON, inspection or string form. */
export function expectNoKey(error: unknown): void {
  const e = error as Error;
  for (const text of [
    e.message,
    e.stack ?? "",
    JSON.stringify(e),
    inspect(e, { depth: 10, showHidden: true }),
    String(e),
  ]) {
    expect(text).not.toContain(KEY);
    expect(text).not.toContain("SECRET");
  }
}
