/**
 * The code samples of the published reference cannot rot: every TypeScript sample type-checks
 * against the packed package and runs against the stand-in, and so does every `seekrflow` and
 * `curl` sample, in the order a reader follows, with the ids of earlier steps substituted for the
 * document's example ids. A broken sample fails naming its operation.
 */
import { execFile } from "node:child_process";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type CodeSample, codeSamples } from "../scripts/samples.js";
import { nameTable } from "../src/generated/names.js";
import { operationTable, type OperationId } from "../src/generated/operations.js";
import { SeekrFlow } from "../src/node/index.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { consumer } from "./support/provided.js";

const KEY = "sk-samples";
const TSX = path.resolve("node_modules/.bin/tsx");
const TSC = path.resolve("node_modules/.bin/tsc");
const EXAMPLE = {
  job: "dj-6f1c2a9e-4b7d-4c1a-9e3f-2b8d5a7c0e14",
  file: "file-0c7d3e52-8a41-4f0b-b6d9-2e5f7a1c9b30",
  alignment: "al-5e8b1d47-93c2-4a6f-8d10-7b2e9c4f6a83",
};
let samples: Record<OperationId, CodeSample[]>;

beforeAll(async () => {
  samples = await codeSamples(parse(await readFile("openapi/seekrflow.yaml", "utf8")));
});

/** Runs a command; resolves with its exit code and output, never rejects. */
function run(command: string, args: string[], cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number; out: string }>((resolve) =>
    execFile(command, args, { cwd, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? 1 : 0, out: `${stdout}${stderr}` }),
    ),
  );
}

/** Type-checks TypeScript samples against the packed package; throws naming each broken one. */
async function typecheck(sources: Record<string, string>): Promise<void> {
  const folder = path.join(consumer(), "samples-typecheck");
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  for (const [operation, source] of Object.entries(sources))
    await writeFile(path.join(folder, `${operation}.ts`), source);
  await writeFile(
    path.join(folder, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2023", "DOM"],
        types: [],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
      },
      include: ["*.ts"],
    }),
  );
  const { code, out } = await run(TSC, ["-p", folder], folder, {});
  if (code !== 0) {
    const broken = [...new Set([...out.matchAll(/^(\w+)\.ts\(/gm)].map((m) => m[1]))];
    throw new Error(`the TypeScript sample of ${broken.join(", ")} does not type-check:\n${out}`);
  }
}

describe("the code samples", { timeout: 180_000 }, () => {
  it("exist for every operation: TypeScript, the command line and curl", () => {
    for (const operation of Object.keys(operationTable))
      expect(
        samples[operation as OperationId]?.map((s) => s.lang),
        operation,
      ).toEqual(["TypeScript", "Shell", "cURL"]);
  });

  it("call each operation's facade method, from the four-name table, never flow.request", () => {
    for (const operation of Object.keys(operationTable) as OperationId[]) {
      const { facade } = nameTable[operation];
      const method = facade.slice(0, facade.indexOf("("));
      const source = samples[operation]![0]!.source.replace(/\s+/g, "");
      expect(source, operation).toContain(`${method}(`);
      expect(source, operation).not.toContain("flow.request(");
    }
  });

  it("type-check against the packed package (TypeScript)", async () => {
    await typecheck(
      Object.fromEntries(Object.entries(samples).map(([op, [ts]]) => [op, ts!.source])),
    );
  });

  it("fail naming the operation whose sample broke", async () => {
    const broken = samples.getDataJob[0]!.source.replace("dataJobs.get(", "dataJobs.fetch(");
    await expect(typecheck({ getDataJob: broken })).rejects.toThrow(
      /the TypeScript sample of getDataJob does not type-check/,
    );
  });

  describe.each(["TypeScript", "Shell", "cURL"] as const)("%s samples", (lang) => {
    let server: StandIn;
    let work: string;
    let bin: string;
    beforeAll(async () => {
      server = await startStandIn({ apiKey: KEY, clock: "manual" });
      work = path.join(consumer(), `samples-${lang}`);
      bin = path.join(work, ".bin");
      await mkdir(bin, { recursive: true });
      await writeFile(path.join(work, "handbook.pdf"), "%PDF-1.4 handbook");
      await writeFile(path.join(work, "benefits.md"), "# Benefits\n");
      const cli = path.join(consumer(), "node_modules/seekrflow-client/dist/esm/cli/bin.mjs");
      await writeFile(
        path.join(bin, "seekrflow"),
        `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`,
      );
      await chmod(path.join(bin, "seekrflow"), 0o755);
    });
    afterAll(() => server.close());

    it("run against the stand-in in a reader's order, each operation once", async () => {
      const flow = new SeekrFlow({ apiKey: KEY, baseUrl: server.url });
      const ids = { job: "", file: "", alignment: "" };
      const newest = async () => ({
        job: (await flow.dataJobs.list()).data?.[0]?.id ?? "",
        file: (await flow.files.list({ sort_order: "desc" })).data?.[0]?.id ?? "",
      });
      /** A started job that has not ended, for cancel. */
      const startedJob = async () => {
        const job = await flow.dataJobs.create({ name: "To cancel", job_type: "principle_files" });
        await flow.dataJobs.addFiles(job.id, { file_ids: [ids.file] });
        server.settle(job.id, "ready_to_start");
        await flow.dataJobs.start(job.id);
        return job.id;
      };
      type Step = () => Promise<void>;
      const steps: [OperationId, (Step | undefined)?, Step?][] = [
        ["uploadFile", undefined, async () => void (ids.file = (await newest()).file)],
        ["uploadFiles"],
        ["listFiles"],
        ["getFile"],
        ["generateSystemPrompt"],
        ["createDataJob", undefined, async () => void (ids.job = (await newest()).job)],
        ["listDataJobs"],
        ["getDataJob"],
        ["updateDataJob"],
        ["addDataJobFiles"],
        [
          "removeDataJobFiles",
          undefined,
          async () => {
            await flow.dataJobs.addFiles(ids.job, { file_ids: [ids.file] });
            server.settle(ids.job, "ready_to_start");
          },
        ],
        ["cloneDataJob"],
        [
          "startDataJob",
          undefined,
          async () => {
            ids.alignment = server.settle(ids.job, "completed").alignment_job_id!;
          },
        ],
        ["listAlignmentOutputs"],
        ["getFileContent"],
        [
          "cancelDataJob",
          async () => {
            const finished = ids.job;
            ids.job = await startedJob();
            cleanup.push(() => void (ids.job = finished));
          },
        ],
        ["deleteDataJob", async () => cleanup.splice(0).forEach((undo) => undo())],
        ["deleteFile"],
      ];
      const cleanup: (() => void)[] = [];
      expect(steps.map(([op]) => op).sort()).toEqual(Object.keys(operationTable).sort());
      for (const [operation, before, after] of steps) {
        await before?.();
        const sample = samples[operation].find((s) => s.lang === lang)!;
        const source = sample.source
          .replaceAll(EXAMPLE.job, ids.job)
          .replaceAll(EXAMPLE.file, ids.file)
          .replaceAll(EXAMPLE.alignment, ids.alignment);
        await rm(path.join(work, "dataset.parquet"), { force: true });
        await rm(path.join(work, "handbook.md"), { force: true });
        const env = {
          SEEKR_API_KEY: KEY,
          SEEKR_BASE_URL: server.url,
          PATH: `${bin}:${process.env.PATH}`,
        };
        let result: { code: number; out: string };
        if (lang === "TypeScript") {
          await writeFile(path.join(work, `${operation}.ts`), source);
          result = await run(TSX, [`${operation}.ts`], work, env);
        } else result = await run("bash", ["-c", source], work, env);
        expect(
          result.code,
          `the ${lang} sample of ${operation} failed:\n${source}\n${result.out}`,
        ).toBe(0);
        await after?.();
      }
    });
  });
});
