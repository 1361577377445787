/**
 * Client CPU per call, without a socket: each contender gets its answer from an injected fetch
 * that returns a ready Response, so only the client's own work is timed. Steadier than the
 * network benchmark on a shared machine.
 */
import createClient from "openapi-fetch";
import { SeekrFlow } from "../src/index.js";
import type { paths } from "../src/generated/schema.js";
import { fixed, table } from "./support.js";

const body = JSON.stringify({
  id: "dj-6f1c2a9e-4b7d-4c1a-9e3f-2b8d5a7c0e14",
  user_id: "user-91b3f0d2",
  name: "Employee handbook QA",
  job_type: "principle_files",
  alignment_job_id: null,
  created_at: "2026-11-02T09:15:00Z",
  updated_at: "2026-11-02T09:15:00Z",
  status: "running",
  files: [{ file_id: "file-0c7d3e52", name: "handbook.pdf" }],
  timeline: [],
});
const answer = async (): Promise<Response> =>
  new Response(body, {
    status: 200,
    headers: { "content-type": "application/json", "content-length": String(body.length) },
  });

/** Runs the benchmark and returns its Markdown section. */
export async function benchCpu({ calls = 20_000, rounds = 5 } = {}): Promise<{
  markdown: string;
  ratios: Record<string, number>;
}> {
  const base = "http://127.0.0.1:1";
  const raw = createClient<paths>({ baseUrl: base, fetch: answer });
  const flow = new SeekrFlow({ apiKey: "sk-bench", baseUrl: base, fetch: answer as typeof fetch });
  const contenders: [string, () => Promise<unknown>][] = [
    ["floor: Response + JSON.parse", async () => JSON.parse(await (await answer()).text())],
    [
      "openapi-fetch",
      () =>
        raw.GET("/v1/flow/data-jobs/{data_job_id}", { params: { path: { data_job_id: "dj-1" } } }),
    ],
    ["facade dataJobs.get", () => flow.dataJobs.get("dj-1")],
  ];
  const best = new Map<string, number>();
  for (const [, call] of contenders) for (let i = 0; i < 2000; i++) await call();
  for (let round = 0; round < rounds; round++) {
    for (const [name, call] of contenders) {
      const started = performance.now();
      for (let i = 0; i < calls; i++) await call();
      const perCall = ((performance.now() - started) / calls) * 1000;
      best.set(name, Math.min(best.get(name) ?? Infinity, perCall));
    }
  }
  const floor = best.get(contenders[0]![0])!;
  const bare = best.get("openapi-fetch")!;
  const rows = contenders.map(([name]) => [
    name,
    fixed(best.get(name)!, 1),
    fixed(best.get(name)! - floor, 1),
    fixed(best.get(name)! / floor),
    fixed(best.get(name)! / bare),
  ]);
  const facade = best.get("facade dataJobs.get")!;
  return {
    markdown: [
      "### Client CPU per call (no socket)",
      "",
      `Best of ${rounds} rounds × ${calls} calls; µs per call.`,
      "",
      table(["client", "µs/call", "µs over floor", "÷ floor", "÷ openapi-fetch"], rows),
    ].join("\n"),
    ratios: {
      "facade CPU µs over openapi-fetch": facade - bare,
      "facade/openapi-fetch client CPU per call (no socket)": facade / bare,
    },
  };
}
