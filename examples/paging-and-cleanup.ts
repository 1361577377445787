/**
 * Paging and cleaning up: walk every data job page by page and delete the ones that failed or
 * were cancelled, and those older than a number of days. `--dry-run` only lists them.
 *
 *   SEEKR_API_KEY=… npx tsx examples/paging-and-cleanup.ts --older-than-days 30 --dry-run
 */
import { parseArgs } from "node:util";
import { SeekrFlow } from "seekrflow-client";

const { values } = parseArgs({
  options: { "older-than-days": { type: "string", default: "30" }, "dry-run": { type: "boolean" } },
});
const cutoff = Date.now() - Number(values["older-than-days"]) * 24 * 60 * 60 * 1000;

const flow = new SeekrFlow();
let seen = 0;
const doomed: { id: string; name: string; why: string }[] = [];
for await (const job of flow.dataJobs.list({
  limit: 100,
  sort_by: "created_at",
  sort_order: "asc",
})) {
  seen++;
  if (job.status === "failed" || job.status === "cancelled")
    doomed.push({ id: job.id, name: job.name, why: job.status });
  else if (Date.parse(job.created_at) < cutoff)
    doomed.push({ id: job.id, name: job.name, why: "old" });
}
for (const job of doomed) {
  if (!values["dry-run"]) await flow.dataJobs.delete(job.id);
  console.log(
    `${values["dry-run"] ? "would delete" : "deleted"} ${job.id} (${job.why}) ${job.name}`,
  );
}
console.log(`${seen} jobs seen, ${doomed.length} ${values["dry-run"] ? "to delete" : "deleted"}`);
