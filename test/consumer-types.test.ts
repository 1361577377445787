/**
 * The published types stand alone: a consumer's code (test/runtimes/types/) type-checks against
 * the packed package with skipLibCheck off, exactOptionalPropertyTypes on, with TypeScript 5.0
 * and the project's, in a browser setup and Node setups without @types/node, under every module
 * resolution a consumer may use; and with @types/node, the testing entry too.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { copyPackages } from "./support/consumer.js";
import { consumer } from "./support/provided.js";
import { runProgram } from "./support/run-program.js";

const compiler = (folder: string) => path.resolve(folder, "node_modules/typescript/bin/tsc");
/**
 * Each compiler, and the declarations of others it may find fault with: openapi-fetch 0.17's own
 * need TypeScript 5.4 with skipLibCheck off (TS2344 in ResponseObjectMap; upstream builds with
 * skipLibCheck, openapi-ts/openapi-typescript#1549). Ours must be clean on every one.
 */
const COMPILERS: Record<string, { tsc: string; upstreamFaults: RegExp | undefined }> = {
  "TypeScript 5.0": {
    tsc: compiler("test/typescript/5.0"),
    upstreamFaults:
      /^(\.\.\/)+node_modules\/(openapi-fetch|openapi-typescript-helpers)\/dist\/index\.d\.mts\(\d+,\d+\): error TS2344: Type 'ResponseObjectMap</,
  },
  "TypeScript 5.4": { tsc: compiler("test/typescript/5.4"), upstreamFaults: undefined },
  "TypeScript 5.9": { tsc: compiler("."), upstreamFaults: undefined },
};

const STRICT = {
  target: "ES2022",
  strict: true,
  exactOptionalPropertyTypes: true,
  skipLibCheck: false,
  noEmit: true,
};
const DOM = ["ES2022", "DOM", "DOM.Iterable"];

/** Each setup: its compiler options, and whether it has @types/node (then it checks the testing entry too). */
const SETUPS: Record<string, { options: Record<string, unknown>; node?: true }> = {
  "browser bundler, no @types/node": {
    options: { module: "ESNext", moduleResolution: "Bundler", lib: DOM, types: [] },
  },
  "ESM on nodenext, no @types/node": {
    options: { module: "NodeNext", moduleResolution: "NodeNext", lib: DOM, types: [] },
  },
  "CommonJS on node10, no @types/node": {
    options: { module: "CommonJS", moduleResolution: "Node10", lib: DOM, types: [] },
  },
  "Node with @types/node and no DOM": {
    options: { module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022"], types: ["node"] },
    node: true,
  },
};

beforeAll(async () => {
  // @types/node only where a setup asks for it: in a folder of its own, beside the consumer's.
  await copyPackages(["@types/node"], path.join(consumer(), "with-node/node_modules"));
});

describe.each(Object.entries(COMPILERS))("%s", (_name, { tsc, upstreamFaults }) => {
  it.each(Object.entries(SETUPS))(
    "type-checks a consumer: %s",
    async (setup, { options, node }) => {
      const folder = path.join(consumer(), node ? "with-node" : "", setup.replace(/\W+/g, "-"));
      await mkdir(folder, { recursive: true });
      const files = ["../types/check.ts", ...(node ? ["../types/check-node.ts"] : [])].map((file) =>
        path.join(node ? ".." : "", file),
      );
      await writeFile(
        path.join(folder, "tsconfig.json"),
        JSON.stringify({ compilerOptions: { ...STRICT, ...options }, files }),
      );
      const ran = await runProgram(process.execPath, [tsc, "-p", "tsconfig.json"], folder);
      const faults = (ran.stdout + ran.stderr)
        .split("\n")
        .filter((line) => line.trim() !== "" && !/^\s/.test(line))
        .filter((line) => !upstreamFaults?.test(line));
      expect(faults).toEqual([]);
      if (!upstreamFaults) expect(ran.code).toBe(0);
    },
  );
});
