/**
 * The sandbox `execute` runs code in: QuickJS compiled to WebAssembly (quickjs-emscripten, its
 * asyncify build), inside this process: no subprocess, no socket, no Deno. A fresh context per
 * run sees what ./guest.ts defines (`flow`, `console`) and the language itself: no `process`,
 * `require`, modules, `fetch`, timers, file system or environment. The guest reaches the host
 * through one function whose answers are JSON, so that no host object, and never the key, is in
 * anything the guest can touch. Bounded: time spent running guest code, memory, the calls made
 * to the host and the size of what comes back.
 */
import asyncifyVariant from "@jitl/quickjs-wasmfile-release-asyncify";
import {
  newQuickJSAsyncWASMModuleFromVariant,
  type QuickJSAsyncVariant,
  type QuickJSAsyncWASMModule,
  type QuickJSContext,
  type QuickJSHandle,
} from "quickjs-emscripten-core";
import { GUEST_PRELUDE } from "./guest.js";

/** What one run may take. */
export interface SandboxLimits {
  /** The time guest code may run, summed over its slices (waiting on the host does not count), in ms. */
  cpuMs: number;
  /** The longest a whole run may take, waits on the API included, in ms. */
  wallMs: number;
  /** The guest's heap, in bytes. */
  memoryBytes: number;
  /** The calls to the host (API calls, pages) one run may make. */
  maxCalls: number;
  /** The characters of the result's JSON kept; the rest is cut with a notice. */
  maxChars: number;
  /** The characters of console output kept; the rest is dropped with a notice. */
  maxLogChars: number;
}

/** The host side of the guest's one function: a method name and JSON arguments in, JSON out. */
export type HostCall = (method: string, args: unknown[]) => Promise<unknown>;

/** A guest error, as the guest threw it. */
export interface GuestError {
  name: string;
  message: string;
  /** The line of the code given, counted from 1, where it was thrown. */
  line?: number;
  /** What the host attached (an API error's status and 422 items). */
  [field: string]: unknown;
}

/** How a run ended: with a result, or with an error; the console output either way. */
export type RunOutcome =
  | { ok: true; result: unknown; logs: string[]; notices: string[] }
  | { ok: false; error: GuestError; logs: string[]; notices: string[] };

// Its declarations are CommonJS-shaped: as an ES module the variant is the default export itself.
const variant = ((asyncifyVariant as { default?: unknown }).default ??
  asyncifyVariant) as QuickJSAsyncVariant;
let module: Promise<QuickJSAsyncWASMModule> | undefined;
const quickjs = () => (module ??= newQuickJSAsyncWASMModuleFromVariant(variant));

/** The code's first line in the script the guest runs (the prelude and the wrapper come first). */
const FIRST_LINE = GUEST_PRELUDE.split("\n").length + 2;

/** Runs `code` (plain JavaScript, the body of an async function) with `host` behind `flow`. */
export async function runInSandbox(
  code: string,
  host: HostCall,
  limits: SandboxLimits,
): Promise<RunOutcome> {
  const context = (await quickjs()).newContext();
  const runtime = context.runtime;
  runtime.setMemoryLimit(limits.memoryBytes);
  // Small enough that QuickJS stops deep recursion itself (the guest can catch its InternalError)
  // before the host's own stack, which the WebAssembly frames share, runs out.
  runtime.setMaxStackSize(256 * 1024);
  const logs: string[] = [];
  const notices: string[] = [];
  let logged = 0;
  let calls = 0;
  let alive = true;
  // Guest CPU time, summed over the slices the guest runs in (the process's CPU, not the clock:
  // a busy machine does not shorten it); the interrupt handler ends a run past it.
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  let spent = 0;
  let slice = 0;
  const inGuest = <T>(run: () => T): T => {
    slice = cpu();
    try {
      return run();
    } finally {
      spent += cpu() - slice;
      slice = 0;
    }
  };
  runtime.setInterruptHandler(() => slice !== 0 && spent + (cpu() - slice) > limits.cpuMs);
  // What the sandbox itself throws while guest code runs (the host's stack run out, in nesting
  // QuickJS does not count, such as JSON.stringify's) ends the run, as the guest's error.
  let broke: (thrown: unknown) => void = () => {};
  const broken = new Promise<{ broke: unknown }>((resolve) => {
    broke = (thrown) => resolve({ broke: thrown });
  });
  const pump = () => {
    if (!alive) return;
    try {
      inGuest(() => runtime.executePendingJobs());
    } catch (thrown) {
      broke(thrown);
    }
  };
  const hostFunction = context.newFunction("__host", (request) => {
    const deferred = context.newPromise();
    const settle = (answer: unknown) => {
      if (!alive) return;
      const text = context.newString(JSON.stringify(answer));
      deferred.resolve(text);
      text.dispose();
      pump();
    };
    let method = "";
    let args: unknown[] = [];
    try {
      ({ method, args } = JSON.parse(context.getString(request)) as {
        method: string;
        args: unknown[];
      });
    } catch {
      settle({ ok: false, error: { name: "TypeError", message: "a call the host cannot read" } });
      return deferred.handle;
    }
    if (++calls > limits.maxCalls)
      settle({
        ok: false,
        error: {
          name: "LimitError",
          message: `more than ${limits.maxCalls} calls in one execute: split the work, or page with limit`,
        },
      });
    else
      host(method, args).then(
        (value) => settle({ ok: true, value: value ?? null }),
        (error: unknown) => settle({ ok: false, error: toGuestError(error) }),
      );
    void deferred.settled.then(() => deferred.dispose());
    return deferred.handle;
  });
  const logFunction = context.newFunction("__log", (text) => {
    const line = context.getString(text);
    if (logged + line.length > limits.maxLogChars) {
      if (!notices.includes(LOGS_CUT)) notices.push(LOGS_CUT);
      return;
    }
    logged += line.length;
    logs.push(line);
  });
  context.setProp(context.global, "__host", hostFunction);
  context.setProp(context.global, "__log", logFunction);
  hostFunction.dispose();
  logFunction.dispose();
  let timer: NodeJS.Timeout | undefined;
  try {
    let started: ReturnType<QuickJSContext["evalCode"]>;
    try {
      started = inGuest(() =>
        context.evalCode(
          `${GUEST_PRELUDE}\n(async () => {\n${code}\n})().then((value) => __result(value, ${limits.maxChars}))`,
          "execute.js",
        ),
      );
    } catch (thrown) {
      return { ok: false, error: sandboxError(thrown), logs, notices };
    }
    if (started.error)
      return { ok: false, error: dumpError(context, started.error), logs, notices };
    const settled = context.resolvePromise(started.value);
    started.value.dispose();
    pump();
    const wall = new Promise<"wall">((resolve) => {
      timer = setTimeout(() => resolve("wall"), limits.wallMs);
    });
    const outcome = await Promise.race([settled, wall, broken]);
    if (outcome === "wall")
      return {
        ok: false,
        error: {
          name: "LimitError",
          message: `the code ran for more than ${limits.wallMs / 1000} s (waits on the API included): wait in shorter steps`,
        },
        logs,
        notices,
      };
    if ("broke" in outcome) return { ok: false, error: sandboxError(outcome.broke), logs, notices };
    if (outcome.error)
      return { ok: false, error: dumpError(context, outcome.error), logs, notices };
    const { json, cut } = context.dump(outcome.value) as { json: string; cut: boolean };
    outcome.value.dispose();
    if (cut)
      notices.push(
        `the result was cut at ${limits.maxChars} characters of JSON: return less, or a summary`,
      );
    return { ok: true, result: cut ? json : (JSON.parse(json) as unknown), logs, notices };
  } finally {
    clearTimeout(timer);
    alive = false;
    try {
      context.dispose();
    } catch {
      // A run stopped mid-way (out of memory, interrupted) can leave the heap unfreeable: it is dropped.
    }
  }
}

/**
 * What the sandbox threw, for the guest. The module it came from is dropped: a WebAssembly
 * instance stopped mid-call may not be sound, so the next run gets a new one.
 */
function sandboxError(thrown: unknown): GuestError {
  module = undefined;
  return { name: "InternalError", message: `the sandbox stopped: ${String(thrown)}` };
}

const LOGS_CUT = "the console output was cut: log less, or return the data";

/** What the host says of an error, for the guest: plain JSON, never the error object itself. */
function toGuestError(error: unknown): GuestError {
  const { name = "Error", message = String(error) } = (error ?? {}) as Partial<Error>;
  const extra = error as { status?: unknown; detailLines?: () => string[]; fields?: unknown };
  return {
    name,
    message,
    ...(typeof extra.status === "number" ? { status: extra.status } : {}),
    ...(typeof extra.detailLines === "function" &&
    Array.isArray((error as { detail?: unknown }).detail)
      ? { detail: extra.detailLines() }
      : {}),
    ...(Array.isArray(extra.fields) ? { fields: extra.fields } : {}),
  };
}

/** A guest error, dumped: its name, message, the host's fields, and the line in the code given. */
function dumpError(context: QuickJSContext, handle: QuickJSHandle): GuestError {
  const dumped = context.dump(handle) as Record<string, unknown> | string;
  handle.dispose();
  if (typeof dumped !== "object" || dumped === null)
    return { name: "Error", message: String(dumped) };
  const { name, message, stack, lineNumber, fileName: _file, ...fields } = dumped;
  const at = Number(/execute\.js:(\d+)/.exec(String(stack ?? ""))?.[1] ?? lineNumber);
  const line = Number.isFinite(at) && at >= FIRST_LINE ? at - FIRST_LINE + 1 : undefined;
  return {
    ...fields,
    name: String(name ?? "Error"),
    message: String(message ?? ""),
    ...(line ? { line } : {}),
  };
}
