/**
 * Timeouts for many attempts at the price of few. Attempts with the same timeout that start within
 * a short window (a twentieth of the timeout, at most 1 s) share one AbortController, aborted when
 * the last of them has had its full time: an attempt is aborted after at least `timeoutMs` and at
 * most `timeoutMs` plus the window. On Node 20 an AbortController and a timer per request cost
 * about a tenth of the whole request; shared, they cost next to nothing, and what is left is
 * fetch's own cost of being given a signal (bench/RESULTS.md). An attempt without a timeout
 * (`Infinity`) gets no signal but the caller's.
 */
import { MAX_TIMEOUT_MS } from "./config.js";

/** The reason a deadline's signal is aborted with. */
export const TIMEOUT = Symbol("timeout");

/**
 * Attempts per group at most. undici puts a listener per request on the signal it is given, and
 * adding one walks the list: past about a hundred, the walk costs more than a group of its own.
 */
const MAX_ATTEMPTS = 100;
const MAX_WINDOW_MS = 1000;

/** Attempts that started in one window and are timed out together. */
class DeadlineGroup {
  readonly controller = new AbortController();
  readonly closesAt: number;
  readonly timer: ReturnType<typeof setTimeout>;
  started = 0;
  inFlight = 0;

  constructor(
    readonly timeoutMs: number,
    now: number,
  ) {
    const window = Math.min(Math.max(timeoutMs / 20, 1), MAX_WINDOW_MS);
    this.closesAt = now + window;
    this.timer = setTimeout(
      () => {
        this.controller.abort(TIMEOUT);
        if (open.get(timeoutMs) === this) open.delete(timeoutMs);
      },
      Math.min(timeoutMs + window, MAX_TIMEOUT_MS),
    );
  }

  accepts(now: number): boolean {
    return now < this.closesAt && this.started < MAX_ATTEMPTS;
  }
}

/** The group each timeout is currently filling. */
const open = new Map<number, DeadlineGroup>();

/** One attempt's deadline: its `signal` aborts with `TIMEOUT` when time is up. Call one method, once. */
export interface Deadline {
  /** What aborts the attempt; none when nothing can. */
  readonly signal: AbortSignal | undefined;
  /** The attempt is over: nothing needs to abort it any more. */
  end(): void;
  /** The answer's headers are in and its body streams to the caller: only the caller's signal still aborts it. */
  endTimeout(): void;
}

/**
 * Starts the deadline of an attempt that may take `timeoutMs`; its signal aborts with the
 * `caller`'s reason too. An attempt whose body may stream on after the timeout stops counting
 * (`streams`) gets a signal of its own, so that its group firing later cannot cut the stream.
 */
export function startDeadline(timeoutMs: number, caller?: AbortSignal, streams = false): Deadline {
  if (timeoutMs === Infinity) return { signal: caller, end: nothing, endTimeout: nothing };
  const group = joinGroup(timeoutMs);
  if (!caller && !streams) {
    const leave = (): void => leaveGroup(group);
    return { signal: group.controller.signal, end: leave, endTimeout: leave };
  }
  const controller = new AbortController();
  const timeout = group.controller.signal;
  const onTimeout = (): void => controller.abort(TIMEOUT);
  const onAbort = (): void => controller.abort(caller?.reason);
  if (caller?.aborted) onAbort();
  else caller?.addEventListener("abort", onAbort, { once: true });
  timeout.addEventListener("abort", onTimeout, { once: true });
  const endTimeout = (): void => {
    timeout.removeEventListener("abort", onTimeout);
    leaveGroup(group);
  };
  return {
    signal: controller.signal,
    endTimeout,
    end() {
      endTimeout();
      caller?.removeEventListener("abort", onAbort);
    },
  };
}

function nothing(): void {}

function joinGroup(timeoutMs: number): DeadlineGroup {
  const now = performance.now();
  let group = open.get(timeoutMs);
  if (!group?.accepts(now)) {
    group = new DeadlineGroup(timeoutMs, now);
    open.set(timeoutMs, group);
  }
  group.started++;
  // While attempts are in flight the timer keeps the process alive, as a timer per request would.
  if (group.inFlight++ === 0) group.timer.ref?.();
  return group;
}

function leaveGroup(group: DeadlineGroup): void {
  if (--group.inFlight > 0) return;
  if (group.accepts(performance.now())) {
    // Still open to attempts: keep its timer, but let the process exit without waiting for it.
    group.timer.unref?.();
  } else {
    clearTimeout(group.timer);
    if (open.get(group.timeoutMs) === group) open.delete(group.timeoutMs);
  }
}
