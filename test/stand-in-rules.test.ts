/**
 * The stand-in's state rules that tests lean on, each a 409 that leaves the job as it was:
 * `start` only from `ready_to_start`, `cancel` only of a job that is still going.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ConflictError, SeekrFlow } from "../src/node/index.js";
import { useStandIn } from "./support/set-up.js";

const KEY = "sk-stand-in-rules";
const server = useStandIn({
  apiKey: KEY,
  clock: "manual",
  failGeneration: (name) =>
    name.startsWith("Doomed") ? "The generator ran out of memory." : undefined,
});
let flow: SeekrFlow;
beforeAll(() => {
  flow = new SeekrFlow({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
});

/** A job with one document, moved to `status` on the manual clock. */
async function jobAt(name: string, status: "ready_to_start" | "completed" | "failed") {
  const file = await flow.files.upload(new File(["# Doc\nLeave: 25 days.\n"], "doc.md"), {
    purpose: "alignment",
  });
  const job = await flow.dataJobs.create({ name, job_type: "principle_files" });
  await flow.dataJobs.addFiles(job.id, { file_ids: [file.id] });
  server.settle(job.id, "ready_to_start");
  if (status === "ready_to_start") return job.id;
  await flow.dataJobs.start(job.id);
  server.settle(job.id, status);
  return job.id;
}

describe("the stand-in's state rules", () => {
  it("refuses start from needs_review with a 409, leaving the status", async () => {
    const job = await flow.dataJobs.create({ name: "No files", job_type: "principle_files" });
    expect((await flow.dataJobs.get(job.id)).status).toBe("needs_review");
    const error = await flow.dataJobs.start(job.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toContain("not ready to start (status needs_review)");
    const after = await flow.dataJobs.get(job.id);
    expect([after.status, after.alignment_job_id]).toEqual(["needs_review", null]);
  });

  it.each(["completed", "failed"] as const)(
    "refuses cancel of a %s job with a 409, leaving the status",
    async (status) => {
      const id = await jobAt(status === "failed" ? "Doomed run" : "Good run", status);
      expect((await flow.dataJobs.get(id)).status).toBe(status);
      const error = await flow.dataJobs.cancel(id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).message).toContain(`is ${status}: nothing to cancel`);
      expect((await flow.dataJobs.get(id)).status).toBe(status);
    },
  );

  it("cancels a running job, and then refuses a second cancel", async () => {
    const id = await jobAt("Running run", "ready_to_start");
    await flow.dataJobs.start(id);
    server.settle(id, "running");
    expect((await flow.dataJobs.cancel(id)).status).toBe("cancelled");
    await expect(flow.dataJobs.cancel(id)).rejects.toBeInstanceOf(ConflictError);
    expect((await flow.dataJobs.get(id)).status).toBe("cancelled");
  });
});
