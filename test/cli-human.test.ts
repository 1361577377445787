/**
 * What a person sees from the command line without --json (in process, against the stand-in):
 * one object as its row, lists as tables, a deletion; the byte bars on a terminal; what a
 * partial upload leaves behind; and that a command whose signal is already aborted sends nothing.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SeekrFlow } from "../src/node/index.js";
import { runMain, useCliWorkspace } from "./support/cli-in-process.js";
import { respond, stallHeaders, startFaultServer } from "./support/fault-server.js";

const KEY = "sk-cli-human";
const { standIn, dir, cli } = useCliWorkspace(KEY, "seekrflow-cli-human-");
const flow = () => new SeekrFlow({ apiKey: KEY, baseUrl: standIn.url });

describe("the command line for people", { timeout: 60_000 }, () => {
  it("prints a job, a file and a deletion as one line each, a job's files under it", async () => {
    const file = await flow().files.upload(path.join(dir, "a.md"), { purpose: "alignment" });
    const job = await flow().dataJobs.create({ name: "Human", job_type: "principle_files" });
    expect((await cli(["data-jobs", "get", job.id])).stdout).toBe(
      `${job.id}  needs_review  principle_files  Human\n`,
    );
    expect((await cli(["data-jobs", "add-files", job.id, "--file-ids", file.id])).stdout).toBe(
      `${job.id}  file_processing  principle_files  Human\n  file ${file.id}  running  a.md\n`,
    );
    expect((await cli(["data-jobs", "remove-files", job.id, file.id])).stdout).toBe(
      `${job.id}  file_processing  principle_files  Human\n`,
    );
    expect((await cli(["files", "get", file.id])).stdout).toBe(`${file.id}  alignment  4  a.md\n`);
    expect((await cli(["data-jobs", "delete", job.id])).stdout).toBe(`deleted ${job.id}\n`);
  });

  it("prints lists as tables, every page with --all, and says how to see more", async () => {
    await flow().dataJobs.create({ name: "Listed", job_type: "principle_files" });
    const page = await cli(["data-jobs", "list", "--limit", "1"]);
    expect(page.stdout).toMatch(
      /^ID +STATUS +TYPE +NAME\ndj-[\w-]+ +\w+ +principle_files +Listed\n$/,
    );
    expect(page.stderr).toBe("more: seekrflow data-jobs list --all, or --offset 1\n");
    const all = await cli(["data-jobs", "list", "--all", "--limit", "1"]);
    expect(all.stdout.split("\n")[0]).toMatch(/^ID +STATUS +TYPE +NAME$/);
    expect(all.stdout.trimEnd().split("\n").length).toBeGreaterThan(1);
    expect(all.stderr).toBe("");
    const uploaded = await cli(["files", "upload", "a.md", "--vector-database-id", "vdb-1"]);
    expect(uploaded.stdout).toMatch(
      /^ID +PURPOSE +BYTES +FILENAME\nfile-[\w-]+ +alignment +4 +a\.md\n$/,
    );
  });

  it("draws byte bars on a terminal, and clears them before the line per file", async () => {
    const up = await cli(["files", "upload", "a.md"], { stderrTty: true });
    expect(up.stderr).toContain("\ruploading ████████████████████ 100%  0.0/0.0 MB");
    expect(up.stderr).toMatch(/\r\x1b\[K\[1\/1\] uploaded a\.md as file-[\w-]+\n$/);
    const id = /as (file-[\w-]+)/.exec(up.stderr)![1]!;
    const down = await cli(["files", "download", id, "--output", "copy.md"], { stderrTty: true });
    expect(down.stderr).toBe("\rdownloading ████████████████████ 100%  0.0/0.0 MB\r\x1b[K");
    expect(down.stdout).toBe("saved copy.md (4 bytes)\n");
    const bulk = await cli(["files", "upload-bulk", "a.md", "b.md", "--purpose", "alignment"], {
      stderrTty: true,
    });
    expect(bulk.stderr).toMatch(/^(\ruploading [█░]{20} +\d+%  0\.0\/0\.0 MB)+\r\x1b\[K$/);
  });

  it("says which files did upload when another fails, and nothing about the rest", async () => {
    standIn.failNext(
      422,
      1,
      {},
      { detail: [{ loc: ["body", "file"], msg: "bad file", type: "value_error" }] },
    );
    const ran = await cli(["files", "upload", "a.md", "b.md"]);
    expect(ran.code).toBe(3);
    const uploaded = /uploaded (\w\.md) as (file-[\w-]+)/.exec(ran.stderr)!;
    expect(ran.stderr).toMatch(/\[\d\/2\] not uploaded: \w\.md: /);
    expect(ran.stderr).toContain(`\n1 of 2 files uploaded (${uploaded[2]}).\n`);
    expect(ran.stderr).not.toContain("Upload the rest");
  });

  it("says, after Ctrl-C mid-upload, what did upload and how to upload the rest", async () => {
    const file = await flow().files.upload(path.join(dir, "a.md"), { purpose: "alignment" });
    // The first upload to arrive is answered, the second never is.
    const server = await startFaultServer((n) =>
      n === 0 ? respond(200, JSON.stringify(file)) : stallHeaders,
    );
    const controller = new AbortController();
    try {
      const ran = await runMain(["files", "upload", "a.md", "b.md"], {
        env: { SEEKR_API_KEY: KEY, SEEKR_BASE_URL: server.url },
        cwd: dir,
        signal: controller.signal,
        onStderr: (text) => {
          if (text.includes("uploaded")) controller.abort();
        },
      });
      expect(ran.code).toBe(130);
      const done = /\[1\/2\] uploaded (\w\.md) as /.exec(ran.stderr)![1]!;
      const rest = done === "a.md" ? "b.md" : "a.md";
      expect(ran.stderr).toContain(`\nUpload the rest with: seekrflow files upload ${rest}\n`);
      expect(ran.stderr).toContain(`\n1 of 2 files uploaded (${file.id}).\n`);
    } finally {
      await server.close();
    }
  });

  it("says, after Ctrl-C mid-download, that the file was not written and how to get it", async () => {
    const controller = new AbortController();
    const server = await startFaultServer([() => controller.abort()]);
    try {
      const ran = await runMain(["files", "download", "file-1", "--output", "later.md"], {
        env: { SEEKR_API_KEY: KEY, SEEKR_BASE_URL: server.url },
        cwd: dir,
        signal: controller.signal,
      });
      expect(ran.code).toBe(130);
      expect(ran.stderr.trimEnd().split("\n").at(-1)).toBe(
        "later.md was not written. Download it again with: seekrflow files download file-1 --output later.md",
      );
    } finally {
      await server.close();
    }
  });

  it("uploads standard input under --name, and refuses when there is none", async () => {
    const ran = await cli(["files", "upload", "-", "--name", "notes.md"], { stdin: ["# Notes\n"] });
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toMatch(/^uploaded standard input as file-[\w-]+ \(notes\.md\)\n$/);
    expect(ran.stdout).toMatch(
      /^ID +PURPOSE +BYTES +FILENAME\nfile-[\w-]+ +alignment +8 +notes\.md\n$/,
    );
    const none = await cli(["files", "upload", "-", "--name", "notes.md"]);
    expect([none.code, none.stderr.split("\n")[0]]).toEqual([
      2,
      "error: there is no standard input to upload",
    ]);
  });

  it("uploads one at a time into a vector database, with no line per file", async () => {
    const ran = await cli(["files", "upload", "a.md", "b.md", "--vector-database-id", "vdb-1"]);
    expect([ran.code, ran.stderr]).toEqual([0, ""]);
    expect(ran.stdout.trimEnd().split("\n")).toHaveLength(3);
  });

  it("walks a folder in name order, and says what it skipped in that order too", async () => {
    await mkdir(path.join(dir, "walk"));
    for (const name of ["c.md", "a.md", "b.md", "z.exe", "y.bin", ".hidden"])
      await writeFile(path.join(dir, "walk", name), "x");
    const ran = await cli(["files", "upload", "walk", "--json"]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout).map((f: { filename: string }) => f.filename)).toEqual([
      "a.md",
      "b.md",
      "c.md",
    ]);
    expect(ran.stderr.split("\n").filter((line) => line.startsWith("skipped"))).toEqual([
      "skipped walk/.hidden: hidden",
      expect.stringMatching(/^skipped walk\/y\.bin: \.bin is not a type alignment takes/),
      expect.stringMatching(/^skipped walk\/z\.exe: \.exe is not a type alignment takes/),
    ]);
  });

  it("refuses to download onto a folder", async () => {
    await mkdir(path.join(dir, "folder"), { recursive: true });
    const ran = await cli(["files", "download", "file-1", "--output", "folder"]);
    expect([ran.code, ran.stderr.split("\n")[0]]).toEqual([
      2,
      "error: folder is a folder: give the file's path in it",
    ]);
  });

  it("sends nothing once its signal is aborted: exit 130, whichever call comes first", async () => {
    const file = await flow().files.upload(path.join(dir, "a.md"), { purpose: "alignment" });
    const job = await flow().dataJobs.create({ name: "Stopped", job_type: "principle_files" });
    const commands = [
      ["data-jobs", "get", job.id],
      ["data-jobs", "list", "--all"],
      ["data-jobs", "create", "--name", "x", "--type", "principle_files"],
      ["data-jobs", "create", "--name", "x", "--type", "principle_files", "--file", file.id],
      ["data-jobs", "add-files", job.id, "--file-ids", file.id],
      ["data-jobs", "remove-files", job.id, file.id],
      ["data-jobs", "start", job.id],
      ["data-jobs", "outputs", job.id],
      ["data-jobs", "delete", job.id],
      ["files", "upload", "a.md"],
      ["files", "upload", "a.md", "--vector-database-id", "vdb-1"],
      ["files", "upload-bulk", "a.md", "--purpose", "alignment"],
      ["files", "download", file.id],
      ["files", "download", file.id, "--output", "-"],
      ["datasets", "preview", file.id],
    ];
    const before = standIn.requests.length;
    for (const argv of commands) {
      const ran = await cli(argv, { signal: AbortSignal.abort() });
      expect([ran.code, ran.stderr.split("\n")[0]], argv.join(" ")).toEqual([
        130,
        expect.stringMatching(/ was aborted\.$/),
      ]);
    }
    expect(standIn.requests.length).toBe(before);
  });
});
