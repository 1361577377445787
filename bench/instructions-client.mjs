// Run by bench/instructions.ts under callgrind, with plain node (no loader), against the compiled
// package: `node bench/instructions-client.mjs CLIENT REQUESTS PORT`.
import createClient from "openapi-fetch";
import { SeekrFlow } from "../dist/index.js";

const [client, requests, port] = [process.argv[2], Number(process.argv[3]), process.argv[4]];
const base = `http://127.0.0.1:${port}`;
const url = `${base}/v1/flow/data-jobs/dj-1`;
const flow = new SeekrFlow({ apiKey: "sk-bench", baseUrl: base });
const bare = createClient({ baseUrl: base, headers: { authorization: "sk-bench" } });
const calls = {
  raw: async () =>
    JSON.parse(await (await fetch(url, { headers: { authorization: "sk-bench" } })).text()),
  "openapi-fetch": () =>
    bare.GET("/v1/flow/data-jobs/{data_job_id}", { params: { path: { data_job_id: "dj-1" } } }),
  facade: () => flow.dataJobs.get("dj-1"),
};
for (let i = 0; i < requests; i++) await calls[client]();
