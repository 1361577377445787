/**
 * Context-grounded fine-tuning data from an existing vector database: no files to attach, only
 * the database's id. Start as soon as the job is ready, then list what it produced.
 *
 *   SEEKR_API_KEY=… npx tsx examples/context-grounded-vector-db.ts vdb-123
 */
import { SeekrFlow } from "seekrflow-client";

const vectorDatabaseId = process.argv[2];
if (!vectorDatabaseId) throw new Error("Pass the vector database id, e.g. vdb-123");
const intervalMs = Number(process.env.POLL_MS ?? 5000);

const flow = new SeekrFlow();
const job = await flow.dataJobs.create({
  name: `Grounded on ${vectorDatabaseId}`,
  job_type: "context_grounded_vector_db",
  vector_database_id: vectorDatabaseId,
  instructions: "Questions a support agent gets, answered only from the knowledge base.",
});
await flow.dataJobs.waitFor(job.id, { until: "ready_to_start", intervalMs });
await flow.dataJobs.start(job.id);
const done = await flow.dataJobs.waitFor(job.id, { intervalMs });
console.log(`${done.id} ${done.status}`);
for (const output of await flow.dataJobs.outputs(done.id)) {
  console.log(`output ${output.filename} (${output.purpose}, ${output.bytes} bytes)`);
}
