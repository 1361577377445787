/**
 * The data jobs workflows of the command line in process, against the stand-in on a clock that
 * moves only when told: what each says as it goes, what it leaves behind when a step fails, and
 * what it says to do after Ctrl-C (the run's signal aborted at a chosen line).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SeekrFlow } from "../src/node/index.js";
import { runMain, useCliWorkspace } from "./support/cli-in-process.js";
import { startFaultServer } from "./support/fault-server.js";

const KEY = "sk-cli-workflows";
const { standIn, dir, cli } = useCliWorkspace(KEY, "seekrflow-cli-workflows-");
/** A line of progress (not on a terminal): the time, the job's id, where it is. */
const PROGRESS = /Z {2}dj-[\w-]+ {2}\w+/;
/** Runs `argv`, aborting its signal once stderr has a line matching `at`. */
function interruptedAt(argv: string[], at: RegExp) {
  const controller = new AbortController();
  let said = "";
  return cli(argv, {
    signal: controller.signal,
    onStderr: (text) => {
      said += text;
      if (at.test(said)) controller.abort();
    },
  });
}
const flow = () => new SeekrFlow({ apiKey: KEY, baseUrl: standIn.url });
const lines = (text: string) => text.trimEnd().split("\n");
/** `data-jobs create` of a job named W, and of that job with a.md. */
const JOB = ["data-jobs", "create", "--name", "W", "--type", "principle_files"];
const CREATE = [...JOB, "--file", "a.md"];
const jobIdIn = (text: string) => /created (dj-[\w-]+)/.exec(text)![1]!;

describe("the data jobs workflows, in process", { timeout: 60_000 }, () => {
  it("create --file uploads by the path given, attaches, and prints the job", async () => {
    const ran = await cli([...CREATE, "--json"]);
    expect(ran.code, ran.stderr).toBe(0);
    const id = jobIdIn(ran.stderr);
    expect(lines(ran.stderr)).toEqual([
      `created ${id}`,
      expect.stringMatching(/^\[1\/1\] uploaded a\.md as file-[\w-]+$/),
    ]);
    const job = JSON.parse(ran.stdout);
    expect([job.id, job.status]).toEqual([id, "file_processing"]);
  });

  it("uploads a path given twice twice, each named as given", async () => {
    const ran = await cli(["files", "upload", "a.md", "./a.md", "a.md"]);
    expect(ran.code, ran.stderr).toBe(0);
    // Four upload at a time: the lines come in the order they finish.
    const said = lines(ran.stderr).map((line) =>
      line.replace(/^\[\d\/3\] uploaded (.*) as file-[\w-]+$/, "$1"),
    );
    expect(said.sort()).toEqual(["./a.md", "a.md", "a.md"]);
    expect(
      JSON.parse((await cli(["files", "upload", "a.md", "a.md", "--json"])).stdout),
    ).toHaveLength(2);
  });

  it("creates no job when a file is missing or an id unknown, and says so", async () => {
    const before = standIn.requests.filter((r) => r.operation === "createDataJob").length;
    const missing = await cli([...JOB, "--file", "nope.md"]);
    expect([missing.code, lines(missing.stderr)[0]]).toEqual([
      2,
      'error: uploadFile: invalid request, nothing was sent: source "nope.md" does not exist',
    ]);
    const unknown = await cli([...JOB, "--file", "file-unknown"]);
    expect(unknown.code).toBe(3);
    expect(lines(unknown.stderr)).toContain("No data job was created.");
    expect(standIn.requests.filter((r) => r.operation === "createDataJob").length).toBe(before);
  });

  it("says how to attach the files when an upload fails after the job was made", async () => {
    // The failure lands on the first request after create: the upload.
    const ran = await cli(CREATE, {
      onStderr: (text) => {
        if (text.startsWith("created"))
          standIn.failNext(
            422,
            1,
            {},
            {
              detail: [{ loc: ["body", "file"], msg: "bad file", type: "value_error" }],
            },
          );
      },
    });
    expect(ran.code).toBe(3);
    const id = jobIdIn(ran.stderr);
    expect(ran.stderr).toContain(
      `Data job ${id} was created with no files attached. Attach them with: seekrflow data-jobs add-files ${id} a.md`,
    );
  });

  it("says how to go on after Ctrl-C while create --start waits for the files", async () => {
    const ran = await interruptedAt([...CREATE, "--start"], PROGRESS);
    expect(ran.code).toBe(130);
    const id = jobIdIn(ran.stderr);
    expect(lines(ran.stderr).slice(-2)).toEqual([
      `Continue with: seekrflow data-jobs watch ${id} --until ready_to_start, then seekrflow data-jobs start ${id}`,
      `Data job ${id} was created with its files and was not started.`,
    ]);
  });

  it("starts a job once ready with --start --wait, and follows it to the end", async () => {
    const ran = await cli([...CREATE, "--start", "--wait", "--interval", "1ms", "--json"]);
    expect(ran.code, ran.stderr).toBe(0);
    const id = jobIdIn(ran.stderr);
    expect(ran.stderr).toContain(`started ${id}`);
    expect(JSON.parse(ran.stdout)).toMatchObject({ id, status: "completed" });
  });

  it("says, after Ctrl-C once create --start started the job, that it goes on", async () => {
    const ran = await interruptedAt(
      [...CREATE, "--start", "--wait", "--interval", "1ms"],
      /started dj-/,
    );
    const id = jobIdIn(ran.stderr);
    expect(ran.code).toBe(130);
    expect(lines(ran.stderr).slice(-2)).toEqual([
      `Data job ${id} goes on. Follow it with: seekrflow data-jobs watch ${id}`,
      `Data job ${id} was started.`,
    ]);
  });

  it("prints a created or started job as its line for people", async () => {
    const created = await cli([
      "data-jobs",
      "create",
      "--name",
      "Seen",
      "--type",
      "principle_files",
    ]);
    expect(created.stdout).toMatch(/^dj-[\w-]+ {2}needs_review {2}principle_files {2}Seen\n$/);
    const job = await readyJob("Started");
    expect((await cli(["data-jobs", "start", job])).stdout).toMatch(
      new RegExp(`^${job} {2}(pending|queued|running) {2}principle_files {2}Started\n`),
    );
    expect((await cli(["data-jobs", "outputs", job])).stdout).toBe("no outputs yet\n");
  });

  it("attaches a path and an id given together, to create and to add-files", async () => {
    const file = await flow().files.upload(path.join(dir, "b.md"), { purpose: "alignment" });
    const attached = (job: { ingestion_jobs?: { file_ids: string[] }[] }) =>
      (job.ingestion_jobs ?? []).flatMap((j) => j.file_ids).length;
    const created = await cli([...CREATE, "--file", file.id, "--json"]);
    expect(created.code, created.stderr).toBe(0);
    expect(attached(JSON.parse(created.stdout))).toBe(2);
    const job = await flow().dataJobs.create({ name: "Both", job_type: "principle_files" });
    const added = await cli([
      "data-jobs",
      "add-files",
      job.id,
      "a.md",
      "--file-ids",
      file.id,
      "--json",
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(attached(JSON.parse(added.stdout))).toBe(2);
  });

  it("add-files attaches nothing when an upload fails", async () => {
    const job = await flow().dataJobs.create({
      name: "Failed upload",
      job_type: "principle_files",
    });
    standIn.failNext(
      422,
      1,
      {},
      {
        detail: [{ loc: ["body", "file"], msg: "bad file", type: "value_error" }],
      },
    );
    const ran = await cli(["data-jobs", "add-files", job.id, "a.md"]);
    expect(ran.code).toBe(3);
    expect((await flow().dataJobs.get(job.id)).ingestion_jobs ?? []).toEqual([]);
  });

  it("says the dataset was not written, and how to get it, after Ctrl-C mid-download", async () => {
    const job = await readyJob("Downloaded");
    await flow().dataJobs.start(job);
    standIn.settle(job, "completed");
    const controller = new AbortController();
    // The job and its outputs come from the stand-in; the download never answers.
    const server = await startFaultServer((n) =>
      n < 2
        ? async (req, res) => {
            const answer = await fetch(`${standIn.url}${req.url}`, {
              headers: { authorization: KEY },
            });
            res.writeHead(answer.status, { "content-type": "application/json" });
            res.end(await answer.text());
          }
        : () => controller.abort(),
    );
    try {
      const ran = await runMain(["data-jobs", "outputs", job, "--download", "later"], {
        env: { SEEKR_API_KEY: KEY, SEEKR_BASE_URL: server.url },
        cwd: dir,
        signal: controller.signal,
      });
      expect(ran.code).toBe(130);
      expect(lines(ran.stderr).at(-1)).toMatch(
        new RegExp(
          `^later/\\w+\\.parquet was not written\\. Download the outputs again with: seekrflow data-jobs outputs ${job} --download later --force$`,
        ),
      );
    } finally {
      await server.close();
    }
  });

  it("says the job goes on after Ctrl-C while start --wait or watch follows it", async () => {
    const job = await readyJob("Followed");
    const started = await interruptedAt(["data-jobs", "start", job, "--wait"], PROGRESS);
    expect(started.code).toBe(130);
    expect(started.stderr).toContain(
      `Data job ${job} goes on. Follow it with: seekrflow data-jobs watch ${job}`,
    );
    const watched = await interruptedAt(["data-jobs", "watch", job], PROGRESS);
    expect(watched.code).toBe(130);
    expect(watched.stderr).toContain(
      `Stopped watching; data job ${job} goes on. Resume with: seekrflow data-jobs watch ${job}`,
    );
  });

  it("add-files needs files, takes paths and ids, and remove-files takes ids after the job's", async () => {
    const job = await flow().dataJobs.create({ name: "Files", job_type: "principle_files" });
    const none = await cli(["data-jobs", "add-files", job.id]);
    expect([none.code, lines(none.stderr)[0]]).toEqual([
      2,
      "error: give the files to attach: paths, or file ids (--file-ids)",
    ]);
    const uploaded = await flow().files.upload(path.join(dir, "b.md"), { purpose: "alignment" });
    const added = await cli(["data-jobs", "add-files", job.id, "a.md", uploaded.id, "--json"]);
    expect(added.code, added.stderr).toBe(0);
    const attached = (JSON.parse(added.stdout).ingestion_jobs ?? []).flatMap(
      (j: { file_ids: string[] }) => j.file_ids,
    );
    expect(attached).toContain(uploaded.id);
    expect(attached).toHaveLength(2);
    const removed = await cli(["data-jobs", "remove-files", job.id, uploaded.id, "--json"]);
    expect(removed.code, removed.stderr).toBe(0);
  });

  it("outputs --download saves each output in the folder, made if missing, never over a file", async () => {
    const job = await readyJob("Outputs");
    await flow().dataJobs.start(job);
    standIn.settle(job, "completed");
    await writeFile(path.join(dir, "taken"), "x");
    const onFile = await cli(["data-jobs", "outputs", job, "--download", "taken"]);
    expect([onFile.code, lines(onFile.stderr)[0]]).toEqual([
      2,
      "error: --download taken is a file: give a folder",
    ]);
    const saved = await cli(["data-jobs", "outputs", job, "--download", "out/sets"]);
    expect(saved.code, saved.stderr).toBe(0);
    expect(lines(saved.stderr)).toEqual([
      expect.stringMatching(/^saved out\/sets\/outputs\.parquet \(\d+ bytes\)$/),
    ]);
    const content = await readFile(path.join(dir, "out/sets/outputs.parquet"));
    expect(content.subarray(0, 4).toString()).toBe("PAR1");
    const again = await cli(["data-jobs", "outputs", job, "--download", "out/sets"]);
    expect([again.code, lines(again.stderr)[0]]).toEqual([
      2,
      "error: out/sets/outputs.parquet exists: pass --force to replace it",
    ]);
    await mkdir(path.join(dir, "out/sets"), { recursive: true });
    expect(
      (await cli(["data-jobs", "outputs", job, "--download", "out/sets", "--force"])).code,
    ).toBe(0);
  });
});

/** A job with a.md attached, in ready_to_start. */
async function readyJob(name: string): Promise<string> {
  const file = await flow().files.upload(path.join(dir, "a.md"), { purpose: "alignment" });
  const job = await flow().dataJobs.create({ name, job_type: "principle_files" });
  await flow().dataJobs.addFiles(job.id, { file_ids: [file.id] });
  standIn.settle(job.id, "ready_to_start");
  return job.id;
}
