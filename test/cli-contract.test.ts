/**
 * What scripts rely on from `seekrflow`, each checked on the built binary: one test per line of
 * the exit-code table, flags checked before anything is sent, local files before remote calls,
 * output that cannot be forged, honest messages.
 */
import { execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { VERSION } from "../src/core/version.js";
import { EXIT_CODE_HELP } from "../src/cli/exit-codes.mjs";
import { SeekrFlow } from "../src/node/index.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import {
  type FaultServer,
  respond,
  stallHeaders,
  startFaultServer,
} from "./support/fault-server.js";
import { MAIN, runCli, runCliOn } from "./support/cli.js";
import type { Ran } from "./support/run-program.js";
import { NODE_LINES } from "./support/node-lines.js";
import { freePort } from "./support/ports.js";

const KEY = "sk-cli-contract";
describe.each(NODE_LINES)("seekrflow on Node $line", ({ node }) => {
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
      failIngestion: (name) => (name.startsWith("scan") ? "Export the scan as text." : undefined),
      failGeneration: (name) =>
        name.includes("doomed") ? "Ran out of source material." : undefined,
    });
    dir = await mkdtemp(path.join(tmpdir(), "seekrflow-cli-contract-"));
    await writeFile(path.join(dir, "ok.md"), "# OK\n");
    await writeFile(path.join(dir, "also.md"), "# Also\n");
    await writeFile(path.join(dir, "scan.pdf"), "%PDF scanned");
    await mkdir(path.join(dir, "folder"));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(faults.map((f) => f.close()));
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const cli = (args: string[], env: Record<string, string> = {}): Promise<Ran> =>
    runCliOn(node, args, dir, { SEEKR_API_KEY: KEY, SEEKR_BASE_URL: server.url, ...env });

  const requestsNow = () => server.requests.length;
  const flow = () => new SeekrFlow({ apiKey: KEY, baseUrl: server.url });

  /** A job created, with ok.md attached, left in ready_to_start. */
  async function readyJob(name: string): Promise<string> {
    const file = await flow().files.upload(path.join(dir, "ok.md"), { purpose: "alignment" });
    const job = await flow().dataJobs.create({ name, job_type: "principle_files" });
    await flow().dataJobs.addFiles(job.id, { file_ids: [file.id] });
    server.settle(job.id, "ready_to_start");
    return job.id;
  }

  describe("the exit-code table", () => {
    it("is the same in --help as in the code", async () => {
      const run = await cli(["data-jobs", "watch", "--help"]);
      expect(run.stdout).toContain(EXIT_CODE_HELP);
      for (const code of ["0 ", "2 ", "3 ", "4 ", "5 ", "6 ", "130 "])
        expect(EXIT_CODE_HELP).toContain(`  ${code}`);
    });

    it("0: done", async () => {
      expect((await cli(["data-jobs", "list"])).code).toBe(0);
    });

    it("2: usage or invalid input, nothing sent", async () => {
      const before = requestsNow();
      const run = await cli(["data-jobs", "create", "--name", "", "--type", "principle_files"]);
      expect(run.code).toBe(2);
      expect(requestsNow()).toBe(before);
    });

    it("3: the API answered an error", async () => {
      const run = await cli(["data-jobs", "get", "dj-does-not-exist"]);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain("failed with 404");
    });

    it("4: network failure or timeout", async () => {
      const run = await cli(["data-jobs", "list"], {
        SEEKR_BASE_URL: `http://127.0.0.1:${await freePort()}`,
      });
      expect(run.code).toBe(4);
    });

    it("5: create --start --wait on a job that fails, with --json too", async () => {
      for (const json of [[], ["--json"]]) {
        const run = await cli([
          "data-jobs",
          "create",
          "--name",
          "doomed job",
          "--type",
          "principle_files",
          "--file",
          "ok.md",
          "--start",
          "--wait",
          "--interval",
          "5",
          ...json,
        ]);
        expect(run.code).toBe(5);
        expect(run.stderr).toContain("Ran out of source material.");
        // A job that ended is not one that "goes on", and there is nothing to resume.
        expect(run.stderr).not.toMatch(/goes on|Resume|Continue with/);
        if (json.length) expect(JSON.parse(run.stdout).status).toBe("failed");
      }
    });

    it("5: watch on a job that failed, cancelled, or needs review", async () => {
      const failed = await readyJob("doomed watch");
      await flow().dataJobs.start(failed);
      server.settle(failed, "failed");
      const cancelled = await readyJob("cancel watch");
      await flow().dataJobs.start(cancelled);
      await flow().dataJobs.cancel(cancelled);
      const review = (
        await flow().dataJobs.create({ name: "no files", job_type: "principle_files" })
      ).id;
      for (const [id, until] of [
        [failed, []],
        [cancelled, []],
        [review, ["--until", "ready_to_start"]],
        [review, []],
      ] as const) {
        const run = await cli(["data-jobs", "watch", id, "--interval", "5", ...until]);
        expect([id, run.code]).toEqual([id, 5]);
        // Only what can work: a job in needs_review is fixed first, never just started.
        expect(run.stderr).not.toMatch(/goes on|Resume|--until ready_to_start, then/);
        if (id === review) expect(run.stderr).toContain(`next: seekrflow data-jobs get ${review}`);
      }
      // Asked for by name, the status is what the caller wanted.
      expect((await cli(["data-jobs", "watch", cancelled, "--until", "cancelled"])).code).toBe(0);
    });

    it("6: the API answered what the document does not allow", async () => {
      const broken = await startFaultServer([
        respond(200, "<html>maintenance</html>", { "content-type": "text/html" }),
      ]);
      faults.push(broken);
      const run = await cli(["data-jobs", "get", "dj-1"], { SEEKR_BASE_URL: broken.url });
      expect(run.code).toBe(6);
      expect(run.stderr).toContain("not valid JSON");
    });

    it("130: Ctrl-C during create --start before the job started says it was not started", async () => {
      const slow = await startStandIn({ apiKey: KEY, clock: "manual" });
      try {
        const child = spawn(
          node,
          [MAIN, "data-jobs", "create", "--name", "Slow", "--type", "principle_files"].concat([
            "--file",
            "ok.md",
            "--start",
            "--interval",
            "20",
          ]),
          { cwd: dir, env: { ...process.env, SEEKR_API_KEY: KEY, SEEKR_BASE_URL: slow.url } },
        );
        let stderr = "";
        let interrupted = false;
        child.stderr.on("data", (chunk) => {
          stderr += chunk;
          if (!interrupted && stderr.includes("file_processing"))
            interrupted = child.kill("SIGINT");
        });
        const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
        expect(code).toBe(130);
        const id = /created (dj-\S+)/.exec(stderr)![1]!;
        expect(stderr).toContain(`Data job ${id} was created with its files and was not started`);
        expect(stderr).toContain(`seekrflow data-jobs start ${id}`);
        expect(slow.requests.some((r) => r.operation === "startDataJob")).toBe(false);
      } finally {
        await slow.close();
      }
    });
  });

  describe("Ctrl-C during an upload", () => {
    it("says what was uploaded and how to upload the rest, and nothing about watching a job", async () => {
      const stalled = await startFaultServer([stallHeaders]);
      faults.push(stalled);
      const child = spawn(node, [MAIN, "files", "upload", "ok.md"], {
        cwd: dir,
        env: { ...process.env, SEEKR_API_KEY: KEY, SEEKR_BASE_URL: stalled.url },
      });
      let stderr = "";
      child.stderr.on("data", (chunk) => (stderr += chunk));
      // Interrupt once the upload reached the server (which never answers).
      await vi.waitFor(() => expect(stalled.seen.length).toBe(1), { timeout: 20_000 });
      child.kill("SIGINT");
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      expect(code).toBe(130);
      expect(stderr).toContain("Upload the rest with: seekrflow files upload ok.md");
      expect(stderr).not.toContain("data-jobs watch");
    });
  });

  describe("every flag is checked before anything is sent", () => {
    it.each([
      [
        ["data-jobs", "watch", "dj-1", "--interval", "abc"],
        /--interval must be a duration such as 30s, 5m or 250ms \(a bare number is milliseconds\), from 1ms to 2147483647ms, not "abc"/,
      ],
      [["data-jobs", "watch", "dj-1", "--interval", "0"], /--interval must be a duration/],
      [
        ["data-jobs", "watch", "dj-1", "--until", "bogus"],
        /--until must be one of file_processing, .*stopped, not "bogus"/,
      ],
      [["data-jobs", "list", "--limit", "0"], /--limit must be at least 1/],
      [["data-jobs", "list", "--limit", "500"], /--limit must be at most 100/],
      [["files", "list", "--limit", "1001"], /--limit must be at most 1000/],
      [["data-jobs", "list", "--limit", "ten"], /--limit must be a whole number, not "ten"/],
      [["data-jobs", "update", "dj-1"], /nothing to change: give at least one of --name/],
      [
        ["data-jobs", "update", "dj-1", "--instructions", "x", "--clear-instructions"],
        /--instructions and --clear-instructions say different things/,
      ],
      [["data-jobs", "create", "--job-type", "principle_files"], /--name is required/],
      [["data-jobs", "list", "--timeout", "soon"], /--timeout must be a duration/],
      [
        ["files", "upload", "ok.md", "--purpose", "training"],
        /--purpose must be one of .*"alignment"/,
      ],
      [
        ["data-jobs", "create", "--name", "a", "--name", "b", "--type", "principle_files"],
        /--name was given more than once/,
      ],
    ])("%j", async (args, message) => {
      const before = requestsNow();
      const run = await cli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(requestsNow()).toBe(before);
    });

    it("a bad SEEKR_TIMEOUT_MS is refused too", async () => {
      const run = await cli(["data-jobs", "list"], { SEEKR_TIMEOUT_MS: "0" });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/SEEKR_TIMEOUT_MS/);
    });

    it("help lists units and the document's values", async () => {
      const create = await cli(["data-jobs", "create", "--help"]);
      expect(create.stdout).toMatch(/--interval TIME .*5s/);
      expect(create.stdout).toMatch(/--timeout TIME .*30s, 5m, 250ms/);
      expect((await cli(["data-jobs", "list", "--help"])).stdout).toMatch(
        /--limit N .*\(1 to 100; default 25\)/,
      );
      expect(create.stdout).toContain(
        "principle_files, context_grounded_files, context_grounded_vector_db",
      );
      expect((await cli(["data-jobs", "watch", "--help"])).stdout).toMatch(
        /--until STATUS.*needs_review/,
      );
      expect((await cli(["files", "upload", "--help"])).stdout).toMatch(
        /--purpose PURPOSE.*one of .*fine-tune/,
      );
    });
  });

  describe("local files first, then remote calls", () => {
    it.each([
      ["a missing file", "nope.md", /"nope.md" does not exist/],
      ["an empty folder", "folder", /folder is a folder with no files to upload/],
    ])(
      "files upload of %s: exit 2, the path named, nothing sent",
      async (_label, file, message) => {
        const before = requestsNow();
        const run = await cli(["files", "upload", "ok.md", file]);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(message);
        expect(requestsNow()).toBe(before);
      },
    );

    it("create --file with a typo creates no job", async () => {
      const before = requestsNow();
      const run = await cli([
        "data-jobs",
        "create",
        "--name",
        "x",
        "--type",
        "principle_files",
        "--file",
        "typo.md",
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/"typo.md" does not exist/);
      expect(requestsNow()).toBe(before);
    });

    it("a partial upload prints the ids that did upload and exits with the failure's code", async () => {
      // Uploads run four at a time: the server fails the one named ok.md, whichever comes first.
      const picky = await startFaultServer(() => (_req, res, body) => {
        const failed = body.includes('filename="ok.md"');
        res.writeHead(failed ? 500 : 200, { "content-type": "application/json" });
        res.end(
          JSON.stringify(
            failed
              ? { detail: "disk full" }
              : { id: "file-also", object: "file", filename: "also.md", purpose: "alignment" },
          ),
        );
      });
      faults.push(picky);
      const run = await cli(["files", "upload", "ok.md", "also.md", "--json"], {
        SEEKR_BASE_URL: picky.url,
      });
      expect(run.code).toBe(3);
      const uploaded = JSON.parse(run.stdout) as { filename: string; id: string }[];
      expect(uploaded.map((f) => f.filename)).toEqual(["also.md"]);
      expect(run.stderr).toContain("not uploaded: ok.md");
      expect(run.stderr).toContain(`uploaded also.md as ${uploaded[0]!.id}`);
    });
  });

  describe("a folder", () => {
    it("uploads the files in it, and reports each", async () => {
      await mkdir(path.join(dir, "docs"));
      await writeFile(path.join(dir, "docs", "b.md"), "# B");
      await writeFile(path.join(dir, "docs", "a.md"), "# A");
      await writeFile(path.join(dir, "docs", ".hidden"), "x");
      const run = await cli(["files", "upload", "docs", "--json"]);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).map((f: { filename: string }) => f.filename)).toEqual([
        "a.md",
        "b.md",
      ]);
    });
  });

  describe("uploads on a terminal", () => {
    it("show a live byte-level bar, and a line per file", async () => {
      await writeFile(path.join(dir, "big.md"), Buffer.alloc(3 * 1024 * 1024, 65));
      const command = [node, MAIN, "files", "upload", "big.md", "ok.md"]
        .map((a) => `'${a}'`)
        .join(" ");
      const tty = await new Promise<Ran>((resolve) =>
        execFile(
          "script",
          ["-qec", command, "/dev/null"],
          { cwd: dir, env: { ...process.env, SEEKR_API_KEY: KEY, SEEKR_BASE_URL: server.url } },
          (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
        ),
      );
      expect(tty.code).toBe(0);
      expect(tty.stdout).toMatch(/\ruploading [█░]+ +\d+%/);
      expect(tty.stdout).toContain("100%  3.0/3.0 MB");
      expect(tty.stdout).toMatch(/\[2\/2\] uploaded/);
    });
  });

  describe("downloads", () => {
    it("refuse to replace a file without --force (exit 2), and replace it with", async () => {
      const file = await flow().files.upload(path.join(dir, "ok.md"), { purpose: "alignment" });
      await writeFile(path.join(dir, "there.md"), "mine");
      const refused = await cli(["files", "download", file.id, "--output", "there.md"]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("there.md exists: pass --force to replace it");
      expect(await readFile(path.join(dir, "there.md"), "utf8")).toBe("mine");
      const forced = await cli(["files", "download", file.id, "--output", "there.md", "--force"]);
      expect(forced.code).toBe(0);
      expect(await readFile(path.join(dir, "there.md"), "utf8")).toBe("# OK\n");
    });
  });

  describe("safe output", () => {
    it("escapes control characters from the server in human output; --json stays exact", async () => {
      const name = "evil\u001b]0;pwned\u0007\nfake-row  completed";
      const job = await flow().dataJobs.create({ name, job_type: "principle_files" });
      const human = await cli(["data-jobs", "get", job.id]);
      expect(human.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(human.stdout).toContain("evil\\x1b]0;pwned\\x07\\nfake-row");
      expect(human.stdout.trim().split("\n")).toHaveLength(1);
      expect(JSON.parse((await cli(["data-jobs", "get", job.id, "--json"])).stdout).name).toBe(
        name,
      );
    });

    it("a closed stdout ends the command quietly", async () => {
      await Promise.all(
        Array.from({ length: 150 }, (_, i) =>
          flow().dataJobs.create({
            name: `pipe ${i} ${"x".repeat(200)}`,
            job_type: "principle_files",
          }),
        ),
      );
      const run = await new Promise<Ran>((resolve) =>
        execFile(
          "sh",
          ["-c", `"${node}" "${MAIN}" data-jobs list --all --json | head -c 10 > /dev/null`],
          { env: { ...process.env, SEEKR_API_KEY: KEY, SEEKR_BASE_URL: server.url } },
          (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
        ),
      );
      expect(run.stderr).toBe("");
    });

    it.each([
      ["credentials", "http://user:hunter2@127.0.0.1:9", /user name or password/],
      ["a query", "http://127.0.0.1:9/?x=1", /query or fragment/],
    ])(
      "a base URL with %s is a configuration error that prints no secret",
      async (_l, url, message) => {
        const run = await cli(["data-jobs", "list"], { SEEKR_BASE_URL: url });
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(message);
        expect(run.stderr).not.toContain("hunter2");
      },
    );

    it("a key that cannot go in a header is refused before any request", async () => {
      const before = requestsNow();
      const run = await cli(["data-jobs", "list"], { SEEKR_API_KEY: "sk-ключ" });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/cannot go in an HTTP header/);
      expect(requestsNow()).toBe(before);
    });
  });

  describe("honest messages and the missing flags", () => {
    it("a refused connection says the create was not sent", async () => {
      const run = await cli(["data-jobs", "create", "--name", "x", "--type", "principle_files"], {
        SEEKR_BASE_URL: `http://127.0.0.1:${await freePort()}`,
      });
      expect(run.code).toBe(4);
      expect(run.stderr).toContain("The request was not sent.");
      expect(run.stderr).not.toContain("may have taken effect");
    });

    it("watch on a job in ready_to_start ends at the first poll, exit 5, saying to start it", async () => {
      const id = await readyJob("Watch ready");
      const before = requestsNow();
      const run = await cli(["data-jobs", "watch", id, "--interval", "5"]);
      expect(run.code).toBe(5);
      expect(run.stderr).toMatch(
        /is ready_to_start, so it will not end until its owner acts: start it/,
      );
      expect(
        server.requests.slice(before).filter((r) => r.operation === "getDataJob"),
      ).toHaveLength(1);
    });

    it("-h after any command prints its usage, exit 0", async () => {
      const run = await cli(["data-jobs", "list", "-h"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("Usage: seekrflow data-jobs list");
    });

    it("--version prints the version (the binary, before it loads the rest)", async () => {
      const run = await runCli(["--version"], dir, {}, node);
      expect([run.code, run.stdout.trim()]).toEqual([0, VERSION]);
    });

    it("--timeout ends a call to a server that never answers", async () => {
      const stalled = await startFaultServer([stallHeaders]);
      faults.push(stalled);
      const run = await cli(["data-jobs", "get", "dj-1", "--timeout", "200"], {
        SEEKR_BASE_URL: stalled.url,
      });
      expect(run.code).toBe(4);
      expect(run.stderr).toContain("no complete answer within 200 ms");
      expect(
        (
          await cli(["data-jobs", "get", "dj-1"], {
            SEEKR_BASE_URL: stalled.url,
            SEEKR_TIMEOUT_MS: "150",
          })
        ).stderr,
      ).toContain("within 150 ms");
    });

    it("--allow-insecure-http lets plain http go to a host that is not this one", async () => {
      const url = `http://127.0.0.2:${await freePort()}`;
      const refused = await cli(["data-jobs", "list"], { SEEKR_BASE_URL: url });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("--allow-insecure-http");
      const allowed = await cli(["data-jobs", "list", "--allow-insecure-http"], {
        SEEKR_BASE_URL: url,
      });
      expect(allowed.code).toBe(4);
    });

    it.each([
      [[], 2, "data-jobs create"],
      [["--help"], 0, "data-jobs create"],
      [["data-jobs"], 2, "data-jobs watch"],
      [["data-jobs", "--help"], 0, "data-jobs watch"],
      [["files"], 2, "files upload"],
      [["files", "--help"], 0, "files download"],
    ])("seekrflow %j prints its help on stdout, exit %i", async (args, code, listed) => {
      const run = await cli(args);
      expect(run.code).toBe(code);
      expect(run.stdout).toContain(listed);
    });
  });
});
