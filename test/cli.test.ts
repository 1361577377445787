/**
 * The `seekrflow` command line as a user runs it: the built binary (dist/esm/cli/bin.mjs, compiled
 * by the test run's global setup), spawned against the stand-in server.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { MAIN, runCli } from "./support/cli.js";
import type { Ran } from "./support/run-program.js";
import { freePort } from "./support/ports.js";

let server: StandIn;
let dir: string;

beforeAll(async () => {
  // The lifecycle moves 10 ms per request: the CLI's polls drive it, not the machine's speed.
  server = await startStandIn({
    clock: { mode: "manual", stepMs: 10 },
    ingestionMs: 40,
    queueMs: 30,
    runMs: 150,
    failIngestion: (name) =>
      name.startsWith("scan") ? "Export the scan as a searchable PDF." : undefined,
  });
  dir = await mkdtemp(path.join(tmpdir(), "seekrflow-cli-"));
  await writeFile(path.join(dir, "handbook.md"), "# Handbook\nLeave: 25 days.\n");
  await writeFile(path.join(dir, "scan.pdf"), "%PDF-1.4 scanned");
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string> = {}): Promise<Ran> =>
  runCli(args, dir, { SEEKR_API_KEY: "sk-cli-test", SEEKR_BASE_URL: server.url, ...env });

const json = <T = any>(run: Ran): T => JSON.parse(run.stdout) as T;

// Each test spawns the CLI several times; on a busy machine a spawn alone can take seconds.
describe("seekrflow", { timeout: 120_000 }, () => {
  it("lists its commands with --help, and each command has usage and examples", async () => {
    const top = await cli(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stderr).toBe("");
    for (const command of [
      "data-jobs create",
      "data-jobs watch",
      "data-jobs outputs",
      "files upload",
      "files download",
      "demo",
    ])
      expect(top.stdout).toContain(command);
    const create = await cli(["data-jobs", "create", "--help"]);
    expect(create.code).toBe(0);
    expect(create.stdout).toContain(
      "Usage: seekrflow data-jobs create --name NAME --job-type JOB_TYPE [options]",
    );
    expect(create.stdout).toContain("Examples:");
  });

  it.each([
    ["a missing id", ["data-jobs", "get"], /expects DATA_JOB_ID: The data job's id/],
    ["an unknown option", ["data-jobs", "list", "--colour"], /Unknown option '--colour'/],
    ["an unknown command", ["jobs", "list"], /unknown command "jobs list"/],
    [
      "a job type the document does not know",
      ["data-jobs", "create", "--name", "x", "--type", "principles"],
      /--job-type must be one of "principle_files", "context_grounded_files", "context_grounded_vector_db", not "principles"/,
    ],
    ["a missing key", ["data-jobs", "list"], /SEEKR_API_KEY/],
  ])("exits 2 on a usage error: %s", async (label, args, message) => {
    const run = await cli(args, label === "a missing key" ? { SEEKR_API_KEY: "" } : {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
  });

  it("runs the workflow: create with files, start, wait, with --json on stdout and messages on stderr", async () => {
    const run = await cli([
      "data-jobs",
      "create",
      "--name",
      "CLI QA",
      "--type",
      "principle_files",
      "--instructions",
      "Ask about leave.",
      "--file",
      "handbook.md",
      "--start",
      "--wait",
      "--interval",
      "20",
      "--json",
    ]);
    expect(run.code).toBe(0);
    const job = json(run);
    expect(job).toMatchObject({
      name: "CLI QA",
      status: "completed",
      alignment_job: { progress: 100 },
    });
    expect(run.stderr).toMatch(/uploaded handbook.md as file-/);
    expect(run.stderr).toMatch(/started dj-/);

    const list = await cli(["data-jobs", "list", "--all", "--json"]);
    expect(json<{ data: { id: string }[] }>(list).data.map((j) => j.id)).toContain(job.id);
    const human = await cli(["data-jobs", "list"]);
    expect(human.stdout).toContain(`${job.id}  completed`);

    const outputs = await cli(["data-jobs", "outputs", job.id, "--download", "out", "--json"]);
    expect(outputs.code).toBe(0);
    expect(json<{ filename: string }[]>(outputs)[0]!.filename).toBe("cli-qa.parquet");
    expect(await readdir(path.join(dir, "out"))).toEqual(["cli-qa.parquet"]);
    expect(await readFile(path.join(dir, "out/cli-qa.parquet"), "utf8")).toContain("handbook.md");
  });

  it("get, update, add-files, remove-files, clone, cancel and delete a job", async () => {
    const created = json(
      await cli([
        "data-jobs",
        "create",
        "--name",
        "Edit me",
        "--type",
        "principle_files",
        "--json",
      ]),
    );
    const upload = json<{ id: string }[]>(await cli(["files", "upload", "handbook.md", "--json"]));
    const fileId = upload[0]!.id;
    expect(
      json(await cli(["data-jobs", "add-files", created.id, fileId, "--json"])).files,
    ).toHaveLength(1);
    expect(
      json(await cli(["data-jobs", "update", created.id, "--name", "Edited", "--json"])).name,
    ).toBe("Edited");
    expect((await cli(["data-jobs", "get", created.id])).stdout).toContain(`file ${fileId}`);
    expect(
      json(await cli(["data-jobs", "remove-files", created.id, fileId, "--json"])).files,
    ).toHaveLength(0);
    const copy = json(await cli(["data-jobs", "clone", created.id, "--name", "Copy", "--json"]));
    expect(copy).toMatchObject({ name: "Copy", origin_data_job_id: created.id });
    await cli(["data-jobs", "add-files", copy.id, fileId]);
    await cli(["data-jobs", "watch", copy.id, "--until", "ready_to_start", "--interval", "20"]);
    expect(json(await cli(["data-jobs", "start", copy.id, "--json"])).status).toBe("queued");
    expect((await cli(["data-jobs", "delete", created.id])).stdout).toContain(
      `deleted ${created.id}`,
    );
    expect((await cli(["data-jobs", "get", created.id])).code).toBe(3);
  });

  it("files upload, list, get, download and delete", async () => {
    const [file] = json<{ id: string; filename: string }[]>(
      await cli(["files", "upload", "handbook.md", "--json"]),
    );
    expect(file!.filename).toBe("handbook.md");
    expect(
      json<{ data: { id: string }[] }>(await cli(["files", "list", "--all", "--json"])).data.map(
        (f) => f.id,
      ),
    ).toContain(file!.id);
    expect(json(await cli(["files", "get", file!.id, "--json"])).filename).toBe("handbook.md");
    const saved = await cli(["files", "download", file!.id, "--output", "copy.md"]);
    expect(saved.stdout).toContain("saved copy.md");
    expect(await readFile(path.join(dir, "copy.md"), "utf8")).toBe("# Handbook\nLeave: 25 days.\n");
    expect(json(await cli(["files", "delete", file!.id, "--json"]))).toEqual({
      id: file!.id,
      object: "file",
      deleted: true,
    });
  });

  it("exits 3 on an API error and prints the server's 422 detail", async () => {
    server.failNext(
      422,
      1,
      {},
      { detail: [{ loc: ["body", "name"], msg: "Name already taken", type: "value_error" }] },
    );
    const run = await cli(["data-jobs", "create", "--name", "Dup", "--type", "principle_files"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("createDataJob (POST /v1/flow/data-jobs) failed with 422");
    expect(run.stderr).toContain("  body.name: Name already taken");
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const debug = await cli(["data-jobs", "get", "dj-missing", "--debug"]);
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it("exits 5 when the job needs review, printing the suggested fix", async () => {
    const run = await cli([
      "data-jobs",
      "create",
      "--name",
      "Scanned",
      "--type",
      "principle_files",
      "--file",
      "scan.pdf",
      "--start",
      "--interval",
      "20",
    ]);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain("fix: Export the scan as a searchable PDF.");
  });

  it("exits 4 on a network error", async () => {
    const run = await cli(["data-jobs", "list"], {
      SEEKR_BASE_URL: `http://127.0.0.1:${await freePort()}`,
    });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/connection failed \(ECONNREFUSED\)/);
  });

  it("shows a live bar on a terminal and plain lines in a pipe", async () => {
    const created = json(
      await cli([
        "data-jobs",
        "create",
        "--name",
        "Progress",
        "--type",
        "principle_files",
        "--file",
        "handbook.md",
        "--start",
        "--interval",
        "20",
        "--json",
      ]),
    );
    const piped = await cli(["data-jobs", "watch", created.id, "--interval", "20"]);
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toContain("\r");
    expect(piped.stderr).toMatch(/^\d{4}-\d\d-\d\dT.*completed\s+100%$/m);

    const again = json(await cli(["data-jobs", "clone", created.id, "--json"]));
    await cli(["data-jobs", "watch", again.id, "--until", "ready_to_start", "--interval", "20"]);
    await cli(["data-jobs", "start", again.id]);
    const command = [process.execPath, MAIN, "data-jobs", "watch", again.id, "--interval", "20"]
      .map((a) => `'${a}'`)
      .join(" ");
    const tty = await new Promise<Ran>((resolve) => {
      execFile(
        "script",
        ["-qec", command, "/dev/null"],
        {
          cwd: dir,
          env: { ...process.env, SEEKR_API_KEY: "k", SEEKR_BASE_URL: server.url, COLUMNS: "100" },
        },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
      );
    });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toContain("\r");
    expect(tty.stdout).toMatch(/█+ 100%/);
  });

  it("Ctrl-C stops watching without cancelling the job, and says how to resume", async () => {
    const slow = await startStandIn({
      clock: { mode: "manual", stepMs: 10 },
      ingestionMs: 1,
      queueMs: 1,
      runMs: 60_000,
    });
    try {
      const env = { ...process.env, SEEKR_API_KEY: "k", SEEKR_BASE_URL: slow.url };
      const created = JSON.parse(
        (
          await cli(
            [
              "data-jobs",
              "create",
              "--name",
              "Long",
              "--type",
              "principle_files",
              "--file",
              "handbook.md",
              "--start",
              "--interval",
              "20",
              "--json",
            ],
            { SEEKR_BASE_URL: slow.url },
          )
        ).stdout,
      );
      const child = spawn(
        process.execPath,
        [MAIN, "data-jobs", "watch", created.id, "--interval", "50"],
        { cwd: dir, env },
      );
      let stderr = "";
      let interrupted = false;
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
        if (!interrupted && stderr.includes("running")) interrupted = child.kill("SIGINT");
      });
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      expect(code).toBe(130);
      expect(stderr).toContain(`Resume with: seekrflow data-jobs watch ${created.id}`);
      expect(slow.requests.some((r) => r.operation === "cancelDataJob")).toBe(false);
      // The job went on: it can still be cancelled, explicitly.
      const cancelled = await cli(["data-jobs", "cancel", created.id, "--json"], {
        SEEKR_BASE_URL: slow.url,
      });
      expect(JSON.parse(cancelled.stdout).status).toBe("cancelled");
    } finally {
      await slow.close();
    }
  });

  it("demo runs the whole workflow with no key and saves the dataset in the working directory", async () => {
    const run = await cli(["demo", "--speed", "20"], { SEEKR_API_KEY: "", SEEKR_BASE_URL: "" });
    expect(run.code).toBe(0);
    const saved = path.join(dir, "acme-handbook-qa.parquet");
    expect(run.stdout).toContain(`dataset: ${saved}; its first 3 rows:`);
    expect((await readFile(saved)).subarray(0, 4).toString()).toBe("PAR1");
    await rm(saved);
    expect(run.stderr).toContain("uploaded handbook.md");
    expect(run.stderr).toContain("uploaded benefits.md");
  });
});
