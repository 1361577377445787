import { getEventListeners } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { MAX_TIMEOUT_MS } from "../src/config.js";
import { type Deadline, startDeadline, TIMEOUT } from "../src/deadlines.js";

function signalOf(deadline: Deadline): AbortSignal {
  expect(deadline.signal).toBeInstanceOf(AbortSignal);
  return deadline.signal!;
}

/** Resolves with the ms from now until `signal` aborts. */
function abortedAfter(signal: AbortSignal): Promise<number> {
  const started = performance.now();
  return new Promise((resolve) =>
    signal.addEventListener("abort", () => resolve(performance.now() - started), { once: true }),
  );
}

describe("shared deadlines", () => {
  it("attempts that start together share a signal, and it aborts with TIMEOUT once their time is up", async () => {
    const first = startDeadline(120);
    const second = startDeadline(120);
    expect(signalOf(second)).toBe(signalOf(first));
    const elapsed = await abortedAfter(signalOf(first));
    expect(signalOf(first).reason).toBe(TIMEOUT);
    // Never early: every attempt of the group has had its full time.
    expect(elapsed).toBeGreaterThanOrEqual(119);
    first.end();
    second.end();
  });

  it("a different timeout, or a full group, starts a group of its own", () => {
    const deadlines = Array.from({ length: 101 }, () => startDeadline(30_000));
    const other = startDeadline(31_000);
    expect(new Set(deadlines.map((d) => signalOf(d))).size).toBe(2);
    expect(signalOf(other)).not.toBe(signalOf(deadlines[0]!));
    for (const deadline of [...deadlines, other]) deadline.end();
  });

  it("a group whose attempts all ended after its window is cleared: its signal never aborts", async () => {
    const deadline = startDeadline(40);
    await delay(10); // past the window (2 ms), so the group takes no more attempts
    deadline.end();
    await delay(100);
    expect(signalOf(deadline).aborted).toBe(false);
  });
});

describe("deadlines with the caller's signal", () => {
  it("aborts with the caller's reason, and end() leaves no listener on the caller's signal", () => {
    const caller = new AbortController();
    const deadline = startDeadline(30_000, caller.signal);
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(1);
    caller.abort("stop");
    expect(signalOf(deadline).reason).toBe("stop");
    deadline.end();
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
  });

  it("an already aborted caller's signal aborts the attempt at once", () => {
    const deadline = startDeadline(30_000, AbortSignal.abort("gone"));
    expect(signalOf(deadline).reason).toBe("gone");
    deadline.end();
  });

  it("a streamed attempt outlives its group after endTimeout(), and the caller can still abort it", async () => {
    const caller = new AbortController();
    const plain = startDeadline(50); // same group, still in flight when it fires
    const streamed = startDeadline(50, caller.signal, true);
    expect(signalOf(streamed)).not.toBe(signalOf(plain));
    streamed.endTimeout();
    await abortedAfter(signalOf(plain));
    expect(signalOf(streamed).aborted).toBe(false);
    caller.abort("user");
    expect(signalOf(streamed).reason).toBe("user");
    plain.end();
  });

  it("a streamed attempt still times out while its headers have not come", async () => {
    const streamed = startDeadline(50, undefined, true);
    await abortedAfter(signalOf(streamed));
    expect(signalOf(streamed).reason).toBe(TIMEOUT);
    streamed.end();
  });
});

describe("timeouts at the edges", () => {
  it("the longest timeout a timer can take does not fire at once", async () => {
    // Its group's timer would overflow Node's timer limit and fire after 1 ms if not capped.
    const deadline = startDeadline(MAX_TIMEOUT_MS);
    await delay(30);
    expect(signalOf(deadline).aborted).toBe(false);
    deadline.end();
  });

  it("no timeout (Infinity) means no signal of the client's: only the caller's", () => {
    expect(startDeadline(Infinity).signal).toBeUndefined();
    const caller = new AbortController();
    const deadline = startDeadline(Infinity, caller.signal, true);
    expect(deadline.signal).toBe(caller.signal);
    deadline.end();
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
  });
});
