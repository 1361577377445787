import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("no timers or sockets left open", () => {
  it(
    "a process that used retries, timeouts and waits exits by itself",
    { timeout: 30_000 },
    async () => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", path.resolve("test/support/exit-check.ts")],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      let out = "";
      child.stdout.on("data", (chunk) => (out += chunk));
      child.stderr.on("data", (chunk) => (out += chunk));
      // If the process hangs, the kill below ends it with a signal and the test fails.
      const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
        child.once("exit", (c, s) => resolve([c, s])),
      );
      clearTimeout(killer);
      expect({ code, signal, out: out.trim() }).toEqual({
        code: 0,
        signal: null,
        out: JSON.stringify(["ok", "APITimeoutError", "ok", "APIAbortError"]),
      });
    },
  );
});
