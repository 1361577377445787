/**
 * Paging and waiting: `for await` over 10,000 jobs in pages of 100 against a hand-written offset
 * loop, and `waitFor` on a job that completes after N polls (it must sleep, not spin).
 */
import { SeekrFlow } from "../src/index.js";
import { fixed, startBenchServer, table } from "./support.js";

/** Runs the benchmark and returns its Markdown section. */
export async function benchPaging({ rounds = 5, polls = 20, intervalMs = 50 } = {}): Promise<{
  markdown: string;
  ratios: Record<string, number>;
}> {
  const server = await startBenchServer();
  try {
    const flow = new SeekrFlow({ apiKey: "sk-bench", baseUrl: server.url });
    const handLoop = async (): Promise<number> => {
      let count = 0;
      for (let offset = 0; ; offset += 100) {
        const response = await fetch(`${server.url}/v1/flow/data-jobs?limit=100&offset=${offset}`, {
          headers: { authorization: "sk-bench" },
        });
        const page = JSON.parse(await response.text()) as { data: unknown[] };
        count += page.data.length;
        if (page.data.length < 100) return count;
      }
    };
    const forAwait = async (): Promise<number> => {
      let count = 0;
      for await (const _job of flow.dataJobs.list({ limit: 100 })) count++;
      return count;
    };
    const times = { hand: [] as number[], iterator: [] as number[] };
    let counted = 0;
    for (let round = 0; round < rounds; round++) {
      for (const [key, run] of [
        ["hand", handLoop],
        ["iterator", forAwait],
      ] as const) {
        const started = performance.now();
        counted = await run();
        times[key].push(performance.now() - started);
      }
    }
    const median = (values: number[]) =>
      values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const hand = median(times.hand);
    const iterator = median(times.iterator);

    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests++;
      return fetch(input, init);
    };
    const waiter = new SeekrFlow({ apiKey: "sk-bench", baseUrl: server.url, fetch: counting });
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await waiter.dataJobs.waitFor(`dj-wait-${polls}-${Date.now()}`, {
      until: "completed",
      intervalMs,
      maxIntervalMs: intervalMs,
    });
    const wall = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;

    const markdown = [
      "### Paging and waiting",
      "",
      table(
        ["what", "median ms", "ratio"],
        [
          [`hand-written offset loop, ${counted} jobs, pages of 100`, fixed(hand, 1), "1.00"],
          [
            "`for await` over `dataJobs.list({ limit: 100 })`",
            fixed(iterator, 1),
            fixed(iterator / hand),
          ],
        ],
      ),
      "",
      `\`waitFor\` on a job that completes on poll ${polls}, every ${intervalMs} ms: ${requests} requests, ${fixed(wall, 0)} ms wall, ${fixed(cpuMs, 1)} ms CPU (${fixed((cpuMs / wall) * 100, 1)}% of one core: it sleeps between polls).`,
    ].join("\n");
    return {
      markdown,
      ratios: {
        "for await ÷ hand loop (10,000 jobs)": iterator / hand,
        "waitFor CPU share while waiting": cpuMs / wall,
      },
    };
  } finally {
    await server.stop();
  }
}
