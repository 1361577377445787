/**
 * Code mode's sandbox on its own (runInSandbox with a host made up by the test): what a guest's
 * errors say, its limits at their edges, a guest that overflows the host's stack, and a host
 * that answers after the run has ended.
 */
import { describe, expect, it } from "vitest";
import { type HostCall, runInSandbox, type SandboxLimits } from "../mcp/src/code/sandbox.js";
import { DEFAULT_LIMITS } from "../mcp/src/code/tools.js";

const LIMITS: SandboxLimits = { ...DEFAULT_LIMITS, wallMs: 60_000 };
const echo: HostCall = async (method, args) => ({ method, args });
const run = (code: string, host: HostCall = echo, limits: Partial<SandboxLimits> = {}) =>
  runInSandbox(code, host, { ...LIMITS, ...limits });
const errorOf = async (code: string, host?: HostCall) => {
  const outcome = await run(code, host);
  if (outcome.ok) throw new Error(`ran: ${JSON.stringify(outcome.result)}`);
  return outcome.error;
};

describe("the sandbox", { timeout: 60_000 }, () => {
  it("says a syntax error in the code as run, with its line", async () => {
    expect(await errorOf("const a = 1;\nconst b = ;")).toEqual({
      name: "SyntaxError",
      message: "unexpected token in expression: ';'",
      line: 2,
    });
  });

  it("counts lines from the code's first", async () => {
    expect(await errorOf('throw new Error("first");')).toEqual({
      name: "Error",
      message: "first",
      line: 1,
    });
  });

  it("keeps a thrown object's fields, with a name and message even when it has none", async () => {
    expect(await errorOf('throw { name: "Custom", message: "m", code: 7 };')).toEqual({
      name: "Custom",
      message: "m",
      code: 7,
    });
    expect(await errorOf('throw { message: "m" };')).toEqual({ name: "Error", message: "m" });
    expect(await errorOf('throw { name: "N" };')).toEqual({ name: "N", message: "" });
  });

  it("hands the guest what the host threw, as plain JSON: its name, message and status", async () => {
    const thrown = (value: unknown) =>
      errorOf("return await flow.files.list();", async () => {
        throw value;
      });
    expect(await thrown("text")).toMatchObject({ name: "Error", message: "text" });
    expect(await thrown(new TypeError("plain"))).toMatchObject({
      name: "TypeError",
      message: "plain",
    });
    const withStatus = Object.assign(new Error("gone"), { status: 404, fields: ["f"] });
    expect(await thrown(withStatus)).toMatchObject({ status: 404, fields: ["f"] });
    const withDetail = Object.assign(new Error("refused"), {
      detail: [{ msg: "x" }],
      detailLines: () => ["body.name: x"],
    });
    expect(await thrown(withDetail)).toMatchObject({ detail: ["body.name: x"] });
  });

  it("refuses a call it cannot read, which only a guest that replaced JSON can make", async () => {
    const error = await errorOf(
      "const real = JSON.stringify; JSON.stringify = (v) => (v && v.method ? '{' : real(v)); return await flow.files.list();",
      async () => {
        throw new Error("the host was called");
      },
    );
    expect(error).toMatchObject({ name: "TypeError", message: "a call the host cannot read" });
  });

  it("allows exactly maxCalls calls, and exactly maxLogChars characters of console", async () => {
    const calls = await run("await flow.a(); await flow.b(); return 2;", echo, { maxCalls: 2 });
    expect(calls).toMatchObject({ ok: true, result: 2 });
    const logs = await run('console.log("12345"); console.log("678"); return 1;', echo, {
      maxLogChars: 8,
    });
    expect(logs).toEqual({ ok: true, result: 1, logs: ["12345", "678"], notices: [] });
  });

  it("lets a guest catch its own deep recursion, and recurse a thousand deep", async () => {
    const caught = await run(
      "let depth = 0; function down() { depth++; down(); } try { down(); } catch (e) { return [depth > 1000, String(e)]; }",
    );
    expect(caught).toMatchObject({ ok: true, result: [true, "InternalError: stack overflow"] });
  });

  it("ends a run that overflows the host's stack, before or after a call, and runs the next", async () => {
    const nested =
      "const top = []; let at = top; for (let i = 0; i < 100000; i++) { const next = []; at.push(next); at = next; } return JSON.stringify(top).length;";
    // Which stack runs out first, QuickJS's count or the host's own, depends on the thread the
    // test runs in: either way the run ends as the guest's error.
    for (const code of [nested, `await flow.files.list(); ${nested}`]) {
      const error = await errorOf(code);
      expect(error.name).toBe("InternalError");
      expect(error.message).toMatch(
        /^(stack overflow|the sandbox stopped: RangeError: Maximum call stack size exceeded)$/,
      );
    }
    expect(await run("return 1;")).toMatchObject({ ok: true, result: 1 });
  });

  it("drops what the host answers after the run ended", async () => {
    let answer: (value: unknown) => void = () => {};
    const late: HostCall = () => new Promise((resolve) => (answer = resolve));
    const outcome = await run("return await flow.files.list();", late, { wallMs: 20 });
    expect(outcome).toMatchObject({ ok: false, error: { name: "LimitError" } });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      answer({ data: [] });
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
