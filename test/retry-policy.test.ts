/**
 * The retry policy's rules, one by one: which mode a request has, how long the server asked to
 * wait, which answers are retried and after how long, and what a caller is told to check.
 */
import { describe, expect, it } from "vitest";
import {
  backoffMs,
  delayAfterFailure,
  delayAfterStatus,
  MAX_RETRY_AFTER_MS,
  retryAfterMs,
  retryModeOf,
  takenEffectHint,
} from "../src/core/retry-policy.js";
import { operationTable } from "../src/generated/operations.js";

const headers = (init: Record<string, string> = {}) => new Headers(init);
const NOW = Date.parse("2026-11-30T12:00:00Z");

describe("retryModeOf", () => {
  it("takes an operation's mode from the document, whatever the method", () => {
    expect(retryModeOf("createDataJob", "POST")).toBe("unsent");
    expect(retryModeOf("generateSystemPrompt", "POST")).toBe("safe");
    expect(retryModeOf("uploadFile", "PUT")).toBe("unsent");
    expect(retryModeOf("getDataJob", "GET")).toBe("safe");
  });

  // Pinned: a change to the document that makes one of these repeatable (a clone marked `safe`
  // would make a second clone on a retry) must fail here, not go unnoticed.
  it.each([
    ["createDataJob", "unsent"],
    ["cloneDataJob", "unsent"],
    ["addDataJobFiles", "unsent"],
    ["removeDataJobFiles", "unsent"],
    ["startDataJob", "unsent"],
    ["cancelDataJob", "unsent"],
    ["uploadFile", "unsent"],
    ["uploadFiles", "unsent"],
    ["updateDataJob", "safe"],
    ["deleteDataJob", "safe"],
    ["deleteFile", "safe"],
    ["generateSystemPrompt", "safe"],
  ] as const)(
    "pins %s, which creates or changes state (or looks as if it does), as %s",
    (operation, mode) => {
      expect(retryModeOf(operation, operationTable[operation].method)).toBe(mode);
      expect(operationTable[operation].retry).toBe(mode);
    },
  );

  it("pins every operation that is not a read", () => {
    const reads = Object.entries(operationTable)
      .filter(([, row]) => row.method === "GET")
      .map(([id]) => id);
    expect(reads.sort()).toEqual([
      "getDataJob",
      "getFile",
      "getFileContent",
      "listAlignmentOutputs",
      "listDataJobs",
      "listFiles",
    ]);
  });

  it.each(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"])(
    "a request the document does not describe: %s is safe",
    (method) => expect(retryModeOf(undefined, method)).toBe("safe"),
  );

  it.each(["POST", "PATCH"])("a request the document does not describe: %s is unsent", (method) =>
    expect(retryModeOf(undefined, method)).toBe("unsent"),
  );
});

describe("delayAfterFailure", () => {
  it("retries a safe call whatever happened, an unsent one only when nothing left", () => {
    const within = (delay: number | undefined) =>
      delay !== undefined && delay >= 375 && delay <= 500;
    expect(within(delayAfterFailure("safe", true, 0))).toBe(true);
    expect(within(delayAfterFailure("safe", false, 0))).toBe(true);
    expect(within(delayAfterFailure("unsent", false, 0))).toBe(true);
    expect(delayAfterFailure("unsent", true, 0)).toBeUndefined();
    const later = delayAfterFailure("safe", true, 3)!;
    expect(later).toBeGreaterThanOrEqual(3000);
  });
});

describe("backoffMs", () => {
  it("doubles from 500 ms, capped at 8 s, with up to a quarter of jitter off", () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((retry) => backoffMs(retry, () => 0))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect(backoffMs(0, () => 1)).toBe(375);
    expect(backoffMs(5, () => 0.5)).toBe(7000);
  });
});

describe("retryAfterMs", () => {
  it.each([
    ["retry-after-ms", { "retry-after-ms": "250" }, 250],
    ["retry-after-ms of 0", { "retry-after-ms": "0" }, 0],
    ["retry-after-ms with a fraction", { "retry-after-ms": "12.5" }, 12.5],
    ["retry-after in seconds", { "retry-after": "3" }, 3000],
    ["retry-after of 0 seconds", { "retry-after": "0" }, 0],
    ["retry-after-ms over retry-after", { "retry-after-ms": "40", "retry-after": "9" }, 40],
    [
      "a negative retry-after-ms falls back to retry-after",
      { "retry-after-ms": "-5", "retry-after": "2" },
      2000,
    ],
    ["an HTTP date, from now", { "retry-after": new Date(NOW + 7_000).toUTCString() }, 7000],
    ["an HTTP date in the past is now", { "retry-after": new Date(NOW - 60_000).toUTCString() }, 0],
  ])("%s", (_label, init, expected) => {
    expect(retryAfterMs(headers(init), NOW)).toBe(expected);
  });

  it.each([
    ["no header", {}],
    ["retry-after-ms that is not a number, and no retry-after", { "retry-after-ms": "soon" }],
    ["retry-after that is neither seconds nor a date", { "retry-after": "later" }],
    ["negative seconds", { "retry-after": "-3" }],
    ["blank retry-after", { "retry-after": "   " }],
  ])("%s: nothing asked", (_label, init) => {
    expect(retryAfterMs(headers(init), NOW)).toBeUndefined();
  });
});

describe("delayAfterStatus", () => {
  it.each([408, 429, 500, 502, 503, 504])("safe: %i is retried after backoff", (status) => {
    const delay = delayAfterStatus("safe", "getDataJob", status, headers(), 1);
    expect(delay).toBeGreaterThanOrEqual(750);
    expect(delay).toBeLessThanOrEqual(1000);
  });

  it.each([400, 401, 403, 404, 409, 422, 501, 505, 302])("safe: %i is final", (status) => {
    expect(delayAfterStatus("safe", "getDataJob", status, headers(), 0)).toBeUndefined();
  });

  it("unsent: 429 is retried, after Retry-After or backoff", () => {
    expect(delayAfterStatus("unsent", "createDataJob", 429, headers(), 0)).toBeGreaterThan(0);
    expect(
      delayAfterStatus("unsent", "createDataJob", 429, headers({ "retry-after-ms": "7" }), 0),
    ).toBe(7);
  });

  it("unsent: 503 only with Retry-After, as the document declares for the operation", () => {
    expect(delayAfterStatus("unsent", "createDataJob", 503, headers(), 0)).toBeUndefined();
    expect(
      delayAfterStatus("unsent", "createDataJob", 503, headers({ "retry-after": "1" }), 0),
    ).toBe(1000);
  });

  it("unsent: a 500 with Retry-After is still final (the document does not declare one)", () => {
    expect(
      delayAfterStatus("unsent", "createDataJob", 500, headers({ "retry-after": "1" }), 0),
    ).toBeUndefined();
  });

  it("unsent, a request the document does not describe: 503 with Retry-After is retried", () => {
    expect(delayAfterStatus("unsent", undefined, 503, headers({ "retry-after": "2" }), 0)).toBe(
      2000,
    );
    expect(delayAfterStatus("unsent", undefined, 502, headers({ "retry-after": "2" }), 0)).toBe(
      undefined,
    );
  });

  it("a Retry-After up to the maximum is honoured; beyond it, the answer is final", () => {
    const at = (ms: number) => headers({ "retry-after-ms": String(ms) });
    expect(delayAfterStatus("safe", "getDataJob", 503, at(MAX_RETRY_AFTER_MS), 0)).toBe(
      MAX_RETRY_AFTER_MS,
    );
    expect(
      delayAfterStatus("safe", "getDataJob", 503, at(MAX_RETRY_AFTER_MS + 1), 0),
    ).toBeUndefined();
  });
});

describe("takenEffectHint", () => {
  it("says how to check an unsent operation that may have taken effect", () => {
    expect(takenEffectHint("cancelDataJob", "unsent")).toBe(
      " It was not retried because it may have taken effect: get the data job and look at its status: cancelled means it took effect.",
    );
  });

  it("says nothing for a safe call, an operation without a check, or no operation", () => {
    expect(takenEffectHint("cancelDataJob", "safe")).toBe("");
    expect(takenEffectHint("getDataJob", "unsent")).toBe("");
    expect(takenEffectHint(undefined, "unsent")).toBe("");
  });
});
