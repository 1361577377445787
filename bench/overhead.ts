/**
 * Per-request overhead: raw fetch + JSON.parse (the floor) vs bare openapi-fetch vs the facade's
 * dataJobs.get, against one keep-alive server process, sequential and at 64 concurrent. They take
 * turns in rounds, so that machine noise falls on all of them alike, and raw fetch runs twice: the
 * second copy (A/A control) shows how far apart two identical clients measure in the same run.
 */
import createClient from "openapi-fetch";
import { SeekrFlow } from "../src/index.js";
import type { paths } from "../src/generated/schema.js";
import { fixed, quantile, startBenchServer, table } from "./support.js";

const ID = "dj-6f1c2a9e-4b7d-4c1a-9e3f-2b8d5a7c0e14";

type Contender = { name: string; get: () => Promise<unknown> };

async function sequential(
  get: () => Promise<unknown>,
  count: number,
  into: number[],
): Promise<void> {
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await get();
    into.push(performance.now() - started);
  }
}

async function concurrent(
  get: () => Promise<unknown>,
  count: number,
  workers: number,
  into: number[],
): Promise<number> {
  let left = count;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (left-- > 0) {
        const t = performance.now();
        await get();
        into.push(performance.now() - t);
      }
    }),
  );
  return performance.now() - started;
}

/** Runs the benchmark and returns its Markdown section. */
export async function benchOverhead({ rounds = 5, perRound = 1000 } = {}): Promise<{
  markdown: string;
  ratios: Record<string, number>;
}> {
  const server = await startBenchServer();
  try {
    const raw = createClient<paths>({ baseUrl: server.url });
    const flow = new SeekrFlow({ apiKey: "sk-bench", baseUrl: server.url });
    const untimed = new SeekrFlow({ apiKey: "sk-bench", baseUrl: server.url, timeoutMs: Infinity });
    const rawGet = async (): Promise<unknown> =>
      JSON.parse(
        await (
          await fetch(`${server.url}/v1/flow/data-jobs/${ID}`, {
            headers: { authorization: "sk-bench" },
          })
        ).text(),
      );
    const contenders: Contender[] = [
      { name: "raw fetch + JSON.parse", get: rawGet },
      { name: "raw fetch again (A/A control)", get: rawGet },
      {
        name: "openapi-fetch",
        get: () =>
          raw.GET("/v1/flow/data-jobs/{data_job_id}", {
            params: { path: { data_job_id: ID } },
            headers: { authorization: "sk-bench" },
          }),
      },
      { name: "facade dataJobs.get", get: () => flow.dataJobs.get(ID) },
      // The same without a timeout: what is left is the client's own work.
      { name: "facade, timeoutMs: Infinity", get: () => untimed.dataJobs.get(ID) },
    ];
    for (const c of contenders) await sequential(c.get, 500, []); // warm-up
    const seq = new Map(contenders.map((c) => [c.name, [] as number[]]));
    const conc = new Map(
      contenders.map((c) => [c.name, { latencies: [] as number[], ms: 0, count: 0 }]),
    );
    for (let round = 0; round < rounds; round++) {
      const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]!);
      for (const c of order) await sequential(c.get, perRound, seq.get(c.name)!);
      for (const c of order) {
        const entry = conc.get(c.name)!;
        entry.ms += await concurrent(c.get, perRound * 2, 64, entry.latencies);
        entry.count += perRound * 2;
      }
    }
    const rows: (string | number)[][] = [];
    const stats = contenders.map((c) => {
      const s = seq.get(c.name)!.sort((a, b) => a - b);
      const k = conc.get(c.name)!;
      const kl = k.latencies.sort((a, b) => a - b);
      const seqTotal = s.reduce((a, b) => a + b, 0);
      return {
        name: c.name,
        seqMedian: quantile(s, 0.5),
        seqP99: quantile(s, 0.99),
        seqRps: (s.length / seqTotal) * 1000,
        concMedian: quantile(kl, 0.5),
        concP99: quantile(kl, 0.99),
        concRps: (k.count / k.ms) * 1000,
      };
    });
    const floor = stats[0]!;
    for (const s of stats) {
      rows.push([
        s.name,
        fixed(s.seqMedian * 1000, 0),
        fixed(s.seqP99 * 1000, 0),
        fixed(s.seqRps, 0),
        fixed(s.seqMedian / floor.seqMedian),
        fixed(s.concMedian * 1000, 0),
        fixed(s.concP99 * 1000, 0),
        fixed(s.concRps, 0),
        fixed(floor.concRps / s.concRps),
      ]);
    }
    const [control, facade, untimedFacade] = [stats[1]!, stats[3]!, stats[4]!];
    const ratios = {
      "facade/raw median latency (sequential)": facade.seqMedian / floor.seqMedian,
      "raw/facade throughput (64 concurrent)": floor.concRps / facade.concRps,
      "facade without timeout/raw median latency (sequential)":
        untimedFacade.seqMedian / floor.seqMedian,
      "raw/facade without timeout throughput (64 concurrent)":
        floor.concRps / untimedFacade.concRps,
      "A/A control: raw/raw median latency, same code (the noise)":
        control.seqMedian / floor.seqMedian,
      "A/A control: raw/raw throughput, same code (the noise)": floor.concRps / control.concRps,
    };
    const markdown = [
      `### Per-request overhead`,
      ``,
      `${rounds} rounds × ${perRound} sequential and ${perRound * 2} at 64 concurrent per contender, after 500 warm-up requests each; latencies in µs. The A/A row runs the same code as the first row: how far its ratios are from 1.00 is how far this run's wall clock can be trusted. The last row has no timeout: no timer, and fetch gets only the call's own signal.`,
      ``,
      table(
        [
          "client",
          "seq median",
          "seq p99",
          "seq req/s",
          "median ÷ raw",
          "64× median",
          "64× p99",
          "64× req/s",
          "raw req/s ÷ this",
        ],
        rows,
      ),
    ].join("\n");
    return { markdown, ratios };
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { markdown } = await benchOverhead();
  console.log(markdown);
}
