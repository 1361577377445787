/**
 * The request path's cost where it matters: client CPU per call (process.cpuUsage of this process;
 * the server runs in its own) and wall time per call against a server 20 ms away, for bare
 * openapi-fetch, `flow.raw` and the facade. Bare openapi-fetch runs twice: the second copy
 * (A/A control) shows the noise of this run. Contenders take turns in rounds; each ratio is the
 * median over rounds of that round's ratio, so that a noisy round moves no figure much.
 */
import createClient from "openapi-fetch";
import type { paths } from "../src/generated/schema.js";
import { SeekrFlow } from "../src/index.js";
import { fixed, quantile, startBenchServer, table } from "./support.js";

const ID = "dj-6f1c2a9e-4b7d-4c1a-9e3f-2b8d5a7c0e14";
const PATH = "/v1/flow/data-jobs/{data_job_id}";

/** Runs `calls` calls of `get`, `concurrency` at a time; returns CPU µs and wall ms per call. */
async function measure(get: () => Promise<unknown>, calls: number, concurrency: number) {
  let left = calls;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await get();
    }),
  );
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { cpuUs: (used.user + used.system) / calls, wallMs: (wall / calls) * concurrency };
}

/** Runs the benchmark and returns its Markdown section. */
export async function benchRequestPath({
  delayMs = 20,
  rounds = 9,
  calls = 1000,
  concurrency = 32,
} = {}): Promise<{ markdown: string; ratios: Record<string, number> }> {
  const server = await startBenchServer(delayMs);
  try {
    const bare = createClient<paths>({ baseUrl: server.url });
    const flow = new SeekrFlow({ apiKey: "sk-bench", baseUrl: server.url });
    const bareGet = () =>
      bare.GET(PATH, {
        params: { path: { data_job_id: ID } },
        headers: { authorization: "sk-bench" },
      });
    const contenders: [string, () => Promise<unknown>][] = [
      ["openapi-fetch", bareGet],
      ["openapi-fetch again (A/A control)", bareGet],
      ["flow.raw.GET", () => flow.raw.GET(PATH, { params: { path: { data_job_id: ID } } })],
      ["facade dataJobs.get", () => flow.dataJobs.get(ID)],
    ];
    for (const [, get] of contenders) await measure(get, 200, concurrency); // warm-up
    const runs = new Map(
      contenders.map(([name]) => [name, [] as { cpuUs: number; wallMs: number }[]]),
    );
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < contenders.length; i++) {
        const [name, get] = contenders[(i + round) % contenders.length]!;
        runs.get(name)!.push(await measure(get, calls, concurrency));
      }
    }
    const median = (values: number[]) =>
      quantile(
        [...values].sort((a, b) => a - b),
        0.5,
      );
    /** The median over rounds of `name`'s figure divided by bare openapi-fetch's in that round. */
    const ratio = (name: string, figure: "cpuUs" | "wallMs") =>
      median(runs.get(name)!.map((r, i) => r[figure] / runs.get("openapi-fetch")![i]![figure]));
    const rows = contenders.map(([name]) => [
      name,
      fixed(median(runs.get(name)!.map((r) => r.cpuUs)), 0),
      fixed(ratio(name, "cpuUs")),
      fixed(median(runs.get(name)!.map((r) => r.wallMs)), 2),
      fixed(ratio(name, "wallMs"), 3),
    ]);
    return {
      markdown: [
        `### The request path against a server ${delayMs} ms away`,
        "",
        `Medians of ${rounds} rounds × ${calls} calls, ${concurrency} at a time. CPU is this process's (the server has its own); wall time is per call as one of ${concurrency} in flight.`,
        "",
        table(
          ["client", "CPU µs/call", "CPU ÷ openapi-fetch", "wall ms/call", "wall ÷ openapi-fetch"],
          rows,
        ),
      ].join("\n"),
      ratios: {
        "facade/openapi-fetch client CPU per call (20 ms server)": ratio(
          "facade dataJobs.get",
          "cpuUs",
        ),
        "facade/openapi-fetch wall time per call (20 ms server)": ratio(
          "facade dataJobs.get",
          "wallMs",
        ),
        "A/A control: openapi-fetch/openapi-fetch CPU (the noise)": ratio(
          "openapi-fetch again (A/A control)",
          "cpuUs",
        ),
      },
    };
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { markdown, ratios } = await benchRequestPath();
  console.log(markdown);
  console.log(ratios);
}
