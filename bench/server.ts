/**
 * The benchmarks' server, run as its own process so that it does not share the client's event
 * loop: a minimal keep-alive HTTP server on 127.0.0.1. It answers a data job list from 10,000
 * jobs (limit/offset) and any other GET with one fixed DataJobDetail. Prints its port.
 * BENCH_DELAY_MS makes every answer wait that long first, like a server across a network.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const job = (i: number) => ({
  id: `dj-${String(i).padStart(8, "0")}-4b7d-4c1a-9e3f-2b8d5a7c0e14`,
  user_id: "user-91b3f0d2",
  name: `Employee handbook QA ${i}`,
  job_type: "principle_files",
  alignment_job_id: "al-5e8b1d47-93c2-4a6f-8d10-7b2e9c4f6a83",
  created_at: "2026-11-02T09:15:00Z",
  updated_at: "2026-11-02T09:25:00Z",
  status: "running",
});
const detail = JSON.stringify({
  ...job(1),
  instructions: "Write questions a new employee would ask about leave and benefits.",
  additional_alignment_file_ids: [],
  ingestion_jobs: [],
  alignment_job: {
    id: "al-5e8b1d47-93c2-4a6f-8d10-7b2e9c4f6a83",
    created_at: "2026-11-02T09:20:00Z",
    status: "running",
    progress: 42,
    eta_minutes: 18,
    current_step: "generating_pairs",
    output_files: [],
  },
  files: [
    {
      file_id: "file-0c7d3e52-8a41-4f0b-b6d9-2e5f7a1c9b30",
      name: "handbook.pdf",
      type: "pdf",
      status: "completed",
      bytes: 482113,
    },
  ],
  fine_tuning_job_ids: [],
  timeline: [
    {
      timestamp: "2026-11-02T09:20:00Z",
      event_type: "started",
      message: "Dataset generation started.",
    },
  ],
});
const jobs = Array.from({ length: 10_000 }, (_, i) => job(i));
const pollsBeforeDone = new Map<string, number>();

const delayMs = Number(process.env.BENCH_DELAY_MS ?? 0);

const server = createServer((req, res) => {
  // Read the whole request body first (uploads), as a real server does.
  req.resume();
  req.once("end", () => {
    if (delayMs > 0) setTimeout(() => answer(req, res), delayMs);
    else answer(req, res);
  });
});

function answer(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url!, "http://x");
  let body = detail;
  if (url.pathname === "/v1/flow/data-jobs") {
    const limit = Number(url.searchParams.get("limit") ?? 25);
    const offset = Number(url.searchParams.get("offset") ?? 0);
    body = JSON.stringify({ object: "list", data: jobs.slice(offset, offset + limit) });
  } else if (url.pathname.startsWith("/v1/flow/data-jobs/dj-wait-")) {
    // A job that completes after N polls: dj-wait-<N>-<run>.
    const left = pollsBeforeDone.get(url.pathname) ?? Number(url.pathname.split("-")[3]);
    pollsBeforeDone.set(url.pathname, left - 1);
    body = JSON.stringify({ ...JSON.parse(detail), status: left > 1 ? "running" : "completed" });
  }
  res.writeHead(200, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  console.log((server.address() as AddressInfo).port);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
