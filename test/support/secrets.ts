import { inspect } from "node:util";
import { expect } from "vitest";

/** The key the leak tests use: it must never show up in anything a person or a log could see. */
export const KEY = "sk-live-SECRET-4242";

/** Every way a value can be shown: string, stack, JSON, inspection (own and hidden properties). */
export function shown(value: unknown): string {
  return [
    String(value),
    (value as Error | undefined)?.stack ?? "",
    JSON.stringify(value) ?? "",
    inspect(value, { depth: 10, showHidden: true }),
  ].join("\n");
}

/** Asserts that `text` has neither `KEY` nor its first 8 characters; `where` names it on failure. */
export function expectKeyless(text: string, where: string): void {
  expect(text.includes(KEY), `${where} contains the key`).toBe(false);
  expect(text.includes(KEY.slice(0, 8)), `${where} contains the key's first 8 characters`).toBe(
    false,
  );
}

/** Asserts `KEY` is in none of an error's message, stack, JSON, inspection or string form. */
export function expectNoKey(error: unknown): void {
  expectKeyless(shown(error), `${(error as Error).name}: ${(error as Error).message}`);
  expect(shown(error)).not.toContain("SECRET");
}
