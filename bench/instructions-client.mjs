// Run by bench/instructions.ts under callgrind, with plain node (no loader), against the compiled
// package: `node bench/instructions-client.mjs CLIENT REQUESTS PORT WORKERS` (WORKERS requests in
// flight at a time).
import createClient from "openapi-fetch";
import { SeekrFlow } from "../dist/esm/index.js";

const [client, port] = [process.argv[2], process.argv[4]];
const [requests, workers] = [Number(process.argv[3]), Number(process.argv[5] ?? 1)];
const base = `http://127.0.0.1:${port}`;
const url = `${base}/v1/flow/data-jobs/dj-1`;
const flow = new SeekrFlow({ apiKey: "sk-bench", baseUrl: base });
const untimed = new SeekrFlow({ apiKey: "sk-bench", baseUrl: base, timeoutMs: Infinity });
const bare = createClient({ baseUrl: base, headers: { authorization: "sk-bench" } });
const calls = {
  raw: async () =>
    JSON.parse(await (await fetch(url, { headers: { authorization: "sk-bench" } })).text()),
  "openapi-fetch": () =>
    bare.GET("/v1/flow/data-jobs/{data_job_id}", { params: { path: { data_job_id: "dj-1" } } }),
  facade: () => flow.dataJobs.get("dj-1"),
  "facade, no timeout": () => untimed.dataJobs.get("dj-1"),
};
const call = calls[client];
let left = requests;
await Promise.all(
  Array.from({ length: workers }, async () => {
    while (left-- > 0) await call();
  }),
);
