/** The examples run against the stand-in server, so that they never rot. */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SeekrFlow } from "../src/index.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";

let server: StandIn;
let dir: string;
beforeAll(async () => {
  // The lifecycle moves 20 ms per request, so a start and a cancel always meet a queued job.
  server = await startStandIn({
    clock: { mode: "manual", stepMs: 20 },
    ingestionMs: 20,
    queueMs: 40,
    runMs: 60,
  });
  dir = await mkdtemp(path.join(tmpdir(), "seekrflow-examples-"));
  await writeFile(path.join(dir, "handbook.pdf"), "%PDF-1.4 handbook");
  await writeFile(path.join(dir, "policies.pdf"), "%PDF-1.4 policies");
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs an example with tsx from the repository (tsconfig maps `seekrflow-client` to src/). */
function example(
  name: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.resolve("node_modules/.bin/tsx"),
      ["--tsconfig", path.resolve("tsconfig.json"), path.resolve("examples", name), ...args],
      {
        cwd: dir,
        env: {
          ...process.env,
          SEEKR_API_KEY: "sk-example",
          SEEKR_BASE_URL: server.url,
          POLL_MS: "10",
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
    );
  });
}

describe("examples", () => {
  it(
    "instruction-data-from-pdfs uploads, waits, starts and downloads the dataset",
    { timeout: 60_000 },
    async () => {
      const run = await example("instruction-data-from-pdfs.ts", ["handbook.pdf", "policies.pdf"]);
      expect(run.stderr).toContain("completed 100%");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /^dataset instruction-data-from-2-documents\.parquet \(\d+ bytes\)$/m,
      );
      expect(await readdir(dir)).toContain("instruction-data-from-2-documents.parquet");
    },
  );

  it("context-grounded-vector-db runs a job with no files", { timeout: 60_000 }, async () => {
    const run = await example("context-grounded-vector-db.ts", ["vdb-42"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^dj-\S+ completed$/m);
    expect(run.stdout).toContain("output grounded-on-vdb-42.parquet (fine-tune");
  });

  it(
    "paging-and-cleanup walks every page and deletes failed and cancelled jobs",
    { timeout: 60_000 },
    async () => {
      const flow = new SeekrFlow({ apiKey: "k", baseUrl: server.url });
      const keep = await flow.dataJobs.create({ name: "keep me", job_type: "principle_files" });
      const file = await flow.files.upload(
        { data: new TextEncoder().encode("# x"), filename: "x.md" },
        { purpose: "alignment" },
      );
      const victims = [];
      for (let i = 0; i < 3; i++) {
        const job = await flow.dataJobs.create({
          name: `cancel me ${i}`,
          job_type: "principle_files",
        });
        await flow.dataJobs.addFiles(job.id, { file_ids: [file.id] });
        await flow.dataJobs.waitFor(job.id, { until: "ready_to_start", intervalMs: 5 });
        await flow.dataJobs.start(job.id);
        await flow.dataJobs.cancel(job.id);
        victims.push(job.id);
      }
      const dry = await example("paging-and-cleanup.ts", ["--dry-run"]);
      expect(dry.code).toBe(0);
      for (const id of victims) expect(dry.stdout).toContain(`would delete ${id} (cancelled)`);
      const wet = await example("paging-and-cleanup.ts", []);
      expect(wet.stdout).toContain("3 deleted");
      for (const id of victims)
        await expect(flow.dataJobs.get(id)).rejects.toMatchObject({ status: 404 });
      expect((await flow.dataJobs.get(keep.id)).name).toBe("keep me");
    },
  );
});
