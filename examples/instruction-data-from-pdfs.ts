/**
 * Instruction fine-tuning data from documents: upload them, create a `principle_files` job,
 * attach the files, wait until it is ready, start it, wait for the dataset and download it.
 *
 *   SEEKR_API_KEY=… npx tsx examples/instruction-data-from-pdfs.ts handbook.pdf policies.pdf
 */
import { DataJobStateError, SeekrFlow } from "seekrflow-client/node";

const paths = process.argv.slice(2);
if (paths.length === 0) throw new Error("Pass the documents to learn from, e.g. handbook.pdf");

const flow = new SeekrFlow();
const files = await flow.files.uploadTogether(paths, { purpose: "alignment" });
const job = await flow.dataJobs.create({
  name: `Instruction data from ${files.length} documents`,
  job_type: "principle_files",
  instructions: "Write the questions a new employee would ask, with answers from the documents.",
});
await flow.dataJobs.addFiles(job.id, { file_ids: files.map((f) => f.id) });

try {
  await flow.dataJobs.waitFor(job.id, {
    until: "ready_to_start",
    intervalMs: Number(process.env.POLL_MS ?? 5000),
  });
} catch (error) {
  if (error instanceof DataJobStateError) {
    console.error(`The documents need attention:\n  ${error.reasons.join("\n  ")}`);
    process.exit(1);
  }
  throw error;
}

await flow.dataJobs.start(job.id);
const done = await flow.dataJobs.waitFor(job.id, {
  until: "completed",
  intervalMs: Number(process.env.POLL_MS ?? 5000),
  onProgress: (j) => console.error(`${j.status} ${j.alignment_job?.progress ?? 0}%`),
});
const dataset = (await flow.dataJobs.outputs(done.id)).find((o) => o.purpose === "fine-tune");
if (!dataset) throw new Error("The job completed without a fine-tune dataset");
const bytes = await flow.files.download(dataset.id, dataset.filename);
console.log(`dataset ${dataset.filename} (${bytes} bytes)`);
