/**
 * The command line made from the document, on the built binary: a command for every operation
 * (each run against the stand-in), help after every command, exit 6 for a broken answer on every
 * command, `doctor`, and each defect a newcomer found in the hand-written CLI.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { COMMANDS } from "../src/cli/commands.mjs";
import { main } from "../src/cli/main.mjs";
import { commandTable } from "../src/generated/commands.js";
import { type OperationId, operationTable } from "../src/generated/operations.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { MAIN, runCliOn } from "./support/cli.js";
import {
  type FaultServer,
  respond,
  stallHeaders,
  startFaultServer,
} from "./support/fault-server.js";
import { freePort } from "./support/ports.js";
import type { Ran } from "./support/run-program.js";

const KEY = "sk-cli-commands";
let server: StandIn;
let dir: string;
const faults: FaultServer[] = [];

beforeAll(async () => {
  server = await startStandIn({
    apiKey: KEY,
    clock: { mode: "manual", stepMs: 10 },
    ingestionMs: 20,
    queueMs: 20,
    runMs: 40,
  });
  dir = await mkdtemp(path.join(tmpdir(), "seekrflow-cli-commands-"));
  await writeFile(path.join(dir, "handbook.md"), "# Handbook\nLeave: 25 days.\n");
  await writeFile(path.join(dir, "handbook.pdf"), "%PDF-1.4 handbook");
  await writeFile(path.join(dir, "benefits.md"), "# Benefits\n");
}, 60_000);
afterAll(async () => {
  await Promise.all(faults.map((f) => f.close()));
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string> = {}): Promise<Ran> =>
  runCliOn(process.execPath, args, dir, { SEEKR_API_KEY: KEY, SEEKR_BASE_URL: server.url, ...env });
const ok = async (args: string[]): Promise<any> => {
  const run = await cli([...args, "--json"]);
  expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(0);
  return JSON.parse(run.stdout);
};
const operationsSince = (n: number) => server.requests.slice(n).map((r) => r.operation);
async function fault(...answers: Parameters<typeof startFaultServer>[0][]): Promise<string> {
  const started = await startFaultServer(answers[0]!);
  faults.push(started);
  return started.url;
}

describe("seekrflow, made from the document", { timeout: 180_000 }, () => {
  it("has a command for every operation of the document, and each one runs against the stand-in", async () => {
    const documented = Object.keys(operationTable) as OperationId[];
    const commanded = Object.values(COMMANDS).map((command) => command.operation);
    for (const operation of documented) expect(commanded, operation).toContain(operation);

    const before = server.requests.length;
    const file = await ok(["files", "upload", "handbook.md"]);
    const [bulk] = await ok([
      "files",
      "upload-bulk",
      "handbook.md",
      "benefits.md",
      "--purpose",
      "alignment",
    ]);
    await ok([
      "data-jobs",
      "generate-system-prompt",
      "--instructions",
      "Answer about leave",
      "--document-summary",
      "A handbook",
    ]);
    const job = await ok([
      "data-jobs",
      "create",
      "--name",
      "Every command",
      "--job-type",
      "principle_files",
    ]);
    await ok([
      "data-jobs",
      "list",
      "--sort-by",
      "name",
      "--sort-order",
      "asc",
      "--offset",
      "0",
      "--limit",
      "5",
    ]);
    await ok(["data-jobs", "get", job.id]);
    await ok(["data-jobs", "update", job.id, "--instructions", "Leave and benefits"]);
    await ok([
      "data-jobs",
      "add-files",
      job.id,
      "--file-ids",
      file[0].id,
      "--file-ids",
      bulk.id,
      "--method",
      "best",
    ]);
    await ok(["data-jobs", "remove-files", job.id, bulk.id]);
    await ok(["data-jobs", "watch", job.id, "--until", "ready_to_start", "--interval", "10ms"]);
    const clone = await ok(["data-jobs", "clone", job.id, "--name", "Every command, again"]);
    await ok(["data-jobs", "start", job.id]);
    await ok(["data-jobs", "cancel", job.id]);
    await ok(["data-jobs", "watch", clone.id, "--until", "ready_to_start", "--interval", "10ms"]);
    const done = await ok(["data-jobs", "start", clone.id, "--wait", "--interval", "10ms"]);
    expect(done.status).toBe("completed");
    const outputs = await ok(["alignment", "outputs", done.alignment_job_id]);
    expect(await ok(["data-jobs", "outputs", clone.id])).toEqual(outputs);
    await ok(["files", "list", "--purpose", "alignment", "--all"]);
    await ok(["files", "get", file[0].id]);
    await ok(["files", "download", file[0].id, "--output", "copy.md"]);
    await ok(["files", "delete", bulk.id]);
    await ok(["data-jobs", "delete", clone.id]);
    expect(new Set(operationsSince(before))).toEqual(new Set(documented));
  });

  it("prints a command's usage after -h, --help or help, for every command", async () => {
    for (const words of Object.keys(COMMANDS)) {
      for (const args of [
        [...words.split(" "), "-h"],
        ["help", ...words.split(" ")],
      ]) {
        const run = await cli(args);
        expect(run.code, args.join(" ")).toBe(0);
        expect(run.stdout).toContain(`Usage: seekrflow ${words}`);
      }
    }
  });

  it("exits 6, not 1, when an answer breaks the document, on every command that reads one", async () => {
    // An object with the wrong fields for every schema; a string where any object would do.
    const url = await fault(
      () => (req, res) =>
        respond(
          // The status each operation documents for success: 201 for create and clone.
          req.method === "POST" && /\/data-jobs(\/[^/]+\/clone)?$/.test(req.url!) ? 201 : 200,
          req.url!.includes("gen_system_prompt") ? '"text"' : '{"id": 5, "data": 7}',
        )(req, res, Buffer.alloc(0)),
    );
    const runs = Object.values(COMMANDS)
      .filter((command) => command.callsApi && command.operation !== "deleteDataJob")
      .map((command) =>
        command.words in commandTable
          ? commandTable[command.words as keyof typeof commandTable].example
          : [
              ...command.words.split(" "),
              // A dataset is named by a file id; everything else here takes a data job's.
              ...command.arguments.map((a) => (a.name === "source" ? "file-1" : "dj-1")),
            ],
      );
    for (const args of runs) {
      const run = await cli([...args], { SEEKR_BASE_URL: url });
      expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(6);
      expect(run.stderr).not.toMatch(/bug in seekrflow/);
    }
  });

  it("doctor: exit 0 when the answers are as documented, 6 naming each field that is not", async () => {
    expect((await cli(["doctor"])).code).toBe(0);
    const lacking = JSON.stringify({ object: "list", data: [{ id: "dj-1", name: "No type" }] });
    const url = await fault((n) =>
      respond(200, n === 0 ? lacking : JSON.stringify({ object: "list", data: [] })),
    );
    const run = await cli(["doctor"], { SEEKR_BASE_URL: url });
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(
      /listDataJobs answered 200 .*body\.data\.0\.job_type required: must have required property 'job_type'/,
    );
  });

  it("watch on a job in ready_to_start names the command that starts it", async () => {
    const job = await ok([
      "data-jobs",
      "create",
      "--name",
      "Ready",
      "--job-type",
      "principle_files",
      "--file",
      "handbook.md",
    ]);
    server.settle(job.id, "ready_to_start");
    const run = await cli(["data-jobs", "watch", job.id]);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(`next: seekrflow data-jobs start ${job.id}`);
    expect(run.stderr).not.toMatch(/Resume|goes on/);
  });

  it("create --file with an unknown file id leaves no job", async () => {
    const before = server.requests.length;
    const run = await cli([
      "data-jobs",
      "create",
      "--name",
      "x",
      "--job-type",
      "principle_files",
      "--file",
      "file-typo123",
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("No data job was created.");
    expect(operationsSince(before)).not.toContain("createDataJob");
  });

  it("downloads: --output - to stdout; a folder refused before anything is sent; a missing folder made", async () => {
    const [file] = await ok(["files", "upload", "handbook.md"]);
    const piped = await cli(["files", "download", file.id, "--output", "-"]);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe("# Handbook\nLeave: 25 days.\n");
    expect(existsSync(path.join(dir, "-"))).toBe(false);

    const before = server.requests.length;
    const folder = await cli(["files", "download", file.id, "--output", ".", "--force"]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/is a folder.*\n[\s\S]*Nothing was sent\./);
    expect(server.requests.length).toBe(before);

    await ok(["files", "download", file.id, "--output", "new/folder/copy.md"]);
    expect(await readFile(path.join(dir, "new/folder/copy.md"), "utf8")).toContain("Leave");
  });

  it("shows a byte bar while downloading on a terminal, as while uploading", async () => {
    await writeFile(path.join(dir, "big.bin"), Buffer.alloc(3 * 1024 * 1024, 66));
    const [file] = await ok(["files", "upload", "big.bin"]);
    const command = [
      process.execPath,
      MAIN,
      "files",
      "download",
      file.id,
      "--output",
      "big-copy.bin",
    ]
      .map((a) => `'${a}'`)
      .join(" ");
    const tty = await new Promise<string>((resolve) =>
      execFile(
        "script",
        ["-qec", command, "/dev/null"],
        { cwd: dir, env: { ...process.env, SEEKR_API_KEY: KEY, SEEKR_BASE_URL: server.url } },
        (_error, stdout) => resolve(stdout),
      ),
    );
    expect(tty).toMatch(/\rdownloading [█░]+ +\d+%/);
    expect(tty).toContain("100%  3.0/3.0 MB");
  });

  it("exit 2 after a request says so, not that nothing was sent", async () => {
    const [file] = await ok(["files", "upload", "handbook.md"]);
    const run = await cli(["files", "download", file.id]); // handbook.md is there already
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("1 request(s) were sent before this was found.");
    expect(run.stderr).not.toContain("Nothing was sent");
  });

  it("clears a nullable field with --clear-…, and takes a whole body with --body", async () => {
    const job = await ok([
      "data-jobs",
      "create",
      "--body",
      JSON.stringify({ name: "Body", job_type: "principle_files", instructions: "x" }),
    ]);
    expect(job.instructions).toBe("x");
    expect(
      (await ok(["data-jobs", "update", job.id, "--clear-instructions"])).instructions,
    ).toBeNull();
    await writeFile(
      path.join(dir, "job.json"),
      JSON.stringify({ name: "From a file", job_type: "principle_files" }),
    );
    expect(
      (await ok(["data-jobs", "create", "--body", "@job.json", "--name", "Overridden"])).name,
    ).toBe("Overridden");
    const child = spawn(process.execPath, [MAIN, "data-jobs", "create", "--body", "-", "--json"], {
      cwd: dir,
      env: { ...process.env, SEEKR_API_KEY: KEY, SEEKR_BASE_URL: server.url },
    });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stdin.end(JSON.stringify({ name: "From stdin", job_type: "principle_files" }));
    expect(await new Promise((resolve) => child.once("exit", resolve))).toBe(0);
    expect(JSON.parse(stdout).name).toBe("From stdin");
  });

  it("takes global flags before the command, durations with units, and suggests what a typo meant", async () => {
    expect((await cli(["--json", "--timeout", "30s", "data-jobs", "list"])).code).toBe(0);
    const typo = await cli(["data-jobs", "lst"]);
    expect([typo.code, typo.stderr]).toEqual([
      2,
      expect.stringContaining('did you mean "data-jobs list"?'),
    ]);
    const flag = await cli(["data-jobs", "list", "--limt", "3"]);
    expect([flag.code, flag.stderr]).toEqual([2, expect.stringContaining("did you mean --limit?")]);
    const log = await cli(["data-jobs", "list"], { SEEKR_LOG: "info" });
    expect([log.code, log.stderr]).toEqual([2, expect.stringContaining("SEEKR_LOG must be debug")]);
  });

  it("prints errors as JSON on stderr with --json, and says how to see more when a page is full", async () => {
    const run = await cli(["--json", "data-jobs", "get", "dj-nope"]);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stderr).error).toMatchObject({
      type: "NotFoundError",
      exitCode: 3,
      status: 404,
    });
    const page = await cli(["data-jobs", "list", "--limit", "1"]);
    expect(page.stdout.split("\n")[0]).toMatch(/^ID +STATUS +TYPE +NAME$/);
    expect(page.stderr).toContain("more: seekrflow data-jobs list --all, or --offset 1");
  });

  it("gives resume advice only after Ctrl-C: not after a 404 or an unreachable server", async () => {
    const missing = await cli(["data-jobs", "watch", "dj-does-not-exist"]);
    expect(missing.code).toBe(3);
    const refused = await cli(["data-jobs", "watch", "dj-1"], {
      SEEKR_BASE_URL: `http://127.0.0.1:${await freePort()}`,
    });
    expect(refused.code).toBe(4);
    for (const run of [missing, refused]) expect(run.stderr).not.toMatch(/Resume|goes on/);
  });

  it("quotes every printed command for the shell: pasting it runs seekrflow with the same names, and nothing else", async () => {
    const names = ["r$(touch PWNED).bin", "it's here.md", "two\nlines.md"];
    for (const name of names) await writeFile(path.join(dir, name), "x");
    const stalled = await startFaultServer([stallHeaders]);
    faults.push(stalled);
    const child = spawn(process.execPath, [MAIN, "files", "upload", ...names], {
      cwd: dir,
      env: { ...process.env, SEEKR_API_KEY: KEY, SEEKR_BASE_URL: stalled.url },
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    await vi.waitFor(() => expect(stalled.seen.length).toBeGreaterThan(0), { timeout: 20_000 });
    child.kill("SIGINT");
    expect(await new Promise((resolve) => child.once("exit", resolve))).toBe(130);
    const printed = /Upload the rest with: (.*)$/m.exec(stderr)![1]!;
    const pasted = await new Promise<string>((resolve, reject) =>
      execFile(
        "bash",
        ["-c", `seekrflow() { printf '<%s>' "$@"; }; ${printed}`],
        { cwd: dir },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    expect(pasted).toBe(["files", "upload", ...names].map((a) => `<${a}>`).join(""));
    expect(existsSync(path.join(dir, "PWNED"))).toBe(false);
  });

  it("reads only the environment it is given", async () => {
    const saved = { key: process.env.SEEKR_API_KEY, url: process.env.SEEKR_BASE_URL };
    process.env.SEEKR_API_KEY = KEY;
    process.env.SEEKR_BASE_URL = server.url;
    try {
      let stderr = "";
      const io = {
        stdout: { write: () => true },
        stderr: { write: (t: string) => (stderr += t) },
        env: {},
      };
      expect(await main(["data-jobs", "list"], io, new AbortController().signal)).toBe(2);
      expect(stderr).toContain("No API key");
    } finally {
      if (saved.key === undefined) delete process.env.SEEKR_API_KEY;
      else process.env.SEEKR_API_KEY = saved.key;
      if (saved.url === undefined) delete process.env.SEEKR_BASE_URL;
      else process.env.SEEKR_BASE_URL = saved.url;
    }
  });
});

describe("seekrflow stand-in, the built binary", { timeout: 60_000 }, () => {
  it.each(["SIGTERM", "SIGINT"] as const)(
    "serves on --port, its URL first on stdout, and stops cleanly on %s (exit 0)",
    async (signal) => {
      const port = await freePort();
      const child = spawn(process.execPath, [MAIN, "stand-in", "--port", String(port)], {
        env: { PATH: process.env.PATH ?? "" },
      });
      let stdout = "";
      let stderr = "";
      child.stderr.on("data", (chunk) => (stderr += chunk));
      const url = await new Promise<string>((resolve) =>
        child.stdout.on("data", (chunk) => {
          stdout += chunk;
          if (stdout.includes("\n")) resolve(stdout.split("\n")[0]!);
        }),
      );
      expect(url).toBe(`http://127.0.0.1:${port}`);
      const listed = await fetch(`${url}/v1/flow/data-jobs`, { headers: { authorization: "k" } });
      expect(listed.status).toBe(200);
      const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(stderr).toContain("stopped; it served 1 request(s)");
      await expect(fetch(`${url}/v1/flow/data-jobs`)).rejects.toThrow();
    },
  );
});
