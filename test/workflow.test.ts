/**
 * The README's workflow, end to end against the stand-in server. Its clock moves 10 ms per
 * request, so the statuses seen follow from the requests made, not from the machine's speed.
 */
import { describe, expect, it } from "vitest";
import { SeekrFlow } from "../src/node/index.js";
import { useStandIn } from "./support/set-up.js";

const server = useStandIn({
  clock: { mode: "manual", stepMs: 10 },
  ingestionMs: 30,
  queueMs: 20,
  runMs: 80,
});

describe("the data job workflow", () => {
  it("goes from a document to a downloadable dataset", async () => {
    const flow = new SeekrFlow({ apiKey: "sk-workflow", baseUrl: server.url });
    const file = await flow.files.upload("test/fixtures/handbook.md", { purpose: "alignment" });
    expect(file).toMatchObject({ filename: "handbook.md", purpose: "alignment", bytes: 44 });

    const job = await flow.dataJobs.create({
      name: "Handbook QA",
      job_type: "principle_files",
      instructions: "Ask about leave.",
    });
    expect(job).toMatchObject({
      name: "Handbook QA",
      status: "needs_review",
      status_message: "no files attached",
    });
    await flow.dataJobs.addFiles(job.id, { file_ids: [file.id] });

    const seen: string[] = [];
    const ready = await flow.dataJobs.waitFor(job.id, {
      until: "ready_to_start",
      intervalMs: 10,
      onProgress: (j) => seen.push(j.status),
    });
    expect(ready.status).toBe("ready_to_start");
    expect(seen).toEqual(["file_processing", "ready_to_start"]);

    await flow.dataJobs.start(job.id);
    const done = await flow.dataJobs.waitFor(job.id, { intervalMs: 10 });
    expect(done.status).toBe("completed");

    const outputs = await flow.dataJobs.outputs(job.id);
    const dataset = outputs.find((o) => o.purpose === "fine-tune");
    expect(dataset?.filename).toBe("handbook-qa.parquet");
    const chunks: Uint8Array[] = [];
    for await (const chunk of await flow.files.content(dataset!.id)) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toContain("handbook.md");

    const names: string[] = [];
    for await (const j of flow.dataJobs.list({ job_type: "principle_files" })) names.push(j.name);
    expect(names).toContain("Handbook QA");
  });
});
