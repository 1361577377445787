// What a consumer writes against the portable entry, type-checked by test/consumer-types.test.ts
// with skipLibCheck off, with TypeScript 5.0 and the project's, with and without @types/node.
import {
  type ClientOptions,
  type DataJob,
  NotFoundError,
  SeekrFlow,
  type UploadSource,
} from "seekrflow-client";
import { SeekrFlow as NodeSeekrFlow } from "seekrflow-client/node";

declare const env: { SEEKR_API_KEY?: string; SEEKR_TEAM_ID?: string };

// Optional options take undefined (exactOptionalPropertyTypes), as `process.env.X` gives.
const options: ClientOptions = {
  apiKey: env.SEEKR_API_KEY,
  teamId: env.SEEKR_TEAM_ID,
  baseUrl: undefined,
};
const flow = new SeekrFlow(options);

export async function workflow(): Promise<string> {
  const job: DataJob = await flow.dataJobs.create({ name: "QA", job_type: "principle_files" });
  const source: UploadSource = { data: new Uint8Array([35, 10]), filename: "notes.md" };
  const file = await flow.files.upload(source, { purpose: "alignment" });
  await flow.dataJobs.addFiles(job.id, { file_ids: [file.id] });
  for await (const each of flow.dataJobs.list({ limit: 10 })) if (each.id === job.id) break;
  try {
    await flow.dataJobs.get("dj-missing");
  } catch (error) {
    if (error instanceof NotFoundError) return String(error.status);
  }
  // Any operation by its operationId, typed from the document; any list, paged.
  const got: DataJob = await flow.request("getDataJob", { path: { data_job_id: job.id } });
  for await (const listed of flow.paginate("listFiles", { limit: 5 }))
    if (listed.id === got.id) break;
  // @ts-expect-error a form upload goes through files.upload
  await flow.request("uploadFile", {});
  // @ts-expect-error a path needs the Node entry
  await flow.files.upload("./handbook.pdf", { purpose: "alignment" });
  const local = new NodeSeekrFlow(options);
  await local.files.upload("./handbook.pdf", { purpose: "alignment" });
  return String(await local.files.download(file.id, "./dataset.parquet"));
}
