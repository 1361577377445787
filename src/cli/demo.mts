/**
 * `seekrflow demo`: the whole workflow against the stand-in server on a free loopback port, with
 * the two sample documents that ship in the package. No key, no network.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { type DatasetRow, readRows } from "../datasets/read-rows.js";
import { SeekrFlow } from "../node/seekrflow.js";
import type { Workflow } from "./command.mjs";
import { jsonRow, rowsTable } from "./datasets.mjs";
import { follow } from "./follow.mjs";
import { localFileName } from "./output.mjs";

/** The package's samples/ folder: the first found going up from this module (src/ or dist/). */
function samplesFolder(): string {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const samples = path.join(dir, "samples");
    if (existsSync(path.join(samples, "handbook.md"))) return samples;
    if (path.dirname(dir) === dir) throw new Error("the package's samples/ folder is missing");
  }
}

/** `name` in `folder`, or `name-2`, `name-3`, … when it is taken: the demo never replaces a file. */
async function freeName(folder: string, name: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const { name: stem, ext } = path.parse(name);
  for (let n = 1; ; n++) {
    const candidate = path.join(folder, n === 1 ? name : `${stem}-${n}${ext}`);
    if (!existsSync(candidate)) return candidate;
  }
}

/** `seekrflow demo`. */
export const demo: Workflow = {
  summary:
    "Run the whole workflow against a local stand-in server: upload, create, add files, wait, start, watch, outputs, and save the dataset here.",
  flags: {
    output: {
      type: "string",
      value: "DIR",
      describe: "the folder to save the dataset in (default: the working directory)",
    },
    speed: {
      type: "integer",
      value: "N",
      minimum: 1,
      maximum: 1000,
      describe: "run the lifecycle N times faster (default 1)",
    },
  },
  examples: [["demo"], ["demo", "--json"]],
  callsApi: false,
  async run(context) {
    const speed = (context.values.speed as number | undefined) ?? 1;
    // Loaded when the demo runs: the stand-in and its validators are no part of other commands.
    const { startStandIn } = await import("../testing/index.js");
    const server = await startStandIn({
      ingestionMs: 1500 / speed,
      queueMs: 1000 / speed,
      runMs: 4000 / speed,
    });
    try {
      context.say(`stand-in SeekrFlow server on ${server.url} (nothing leaves this machine)`);
      const flow = new SeekrFlow({
        apiKey: "demo-key",
        baseUrl: server.url,
        teamId: "",
        logger: () => {},
      });
      const demoContext = { ...context, flow: () => flow };
      context.onInterrupt("The demo stopped; its stand-in server and everything in it are gone.");
      const files = await flow.files.uploadTogether(
        ["handbook.md", "benefits.md"].map((name) => path.join(samplesFolder(), name)),
        { purpose: "alignment", signal: context.signal },
      );
      for (const file of files) context.say(`uploaded ${file.filename} as ${file.id}`);
      const job = await flow.dataJobs.create(
        {
          name: "Acme handbook QA",
          job_type: "principle_files",
          instructions: "Questions a new employee asks about leave and benefits.",
        },
        { signal: context.signal },
      );
      context.say(`created data job ${job.id}`);
      await flow.dataJobs.addFiles(
        job.id,
        { file_ids: files.map((f) => f.id) },
        { signal: context.signal },
      );
      const intervalMs = Math.max(20, 250 / speed);
      await follow(demoContext, job.id, { until: "ready_to_start", intervalMs });
      await flow.dataJobs.start(job.id, { signal: context.signal });
      context.say(`started ${job.id}`);
      const done = await follow(demoContext, job.id, { intervalMs });
      const outputs = await flow.dataJobs.outputs(job.id, { signal: context.signal });
      const dataset = outputs.find((o) => o.purpose === "fine-tune");
      let saved: { path: string; rows: DatasetRow[] } | undefined;
      if (dataset) {
        const target = await freeName(
          context.localPath(String(context.values.output ?? ".")),
          localFileName(dataset.filename) ?? "dataset.parquet",
        );
        await flow.files.download(dataset.id, target, { signal: context.signal });
        const rows: DatasetRow[] = [];
        for await (const row of readRows(target, { limit: 3 })) rows.push(jsonRow(row));
        saved = { path: target, rows };
        context.say(`saved the dataset to ${target}`);
      }
      context.result({ job: done, outputs, dataset: saved ?? null }, () =>
        [
          `data job ${done.id} ${done.status}`,
          ...outputs.map((o) => `output ${o.id}  ${o.purpose}  ${o.bytes} bytes  ${o.filename}`),
          saved
            ? `dataset: ${saved.path}; its first ${saved.rows.length} rows:\n${rowsTable(Object.keys(saved.rows[0] ?? {}), saved.rows, 100)}`
            : "dataset: none",
        ].join("\n"),
      );
    } finally {
      await server.close();
    }
  },
};
