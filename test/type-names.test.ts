/**
 * What a user's compiler says about our types: results named as the document names them
 * (`DataJobDetail`, not an expanded intersection), and an `APIPromise` that takes a typed
 * rejection handler as a Promise does. Checked with TypeScript's own API under `strict`.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let dir: string;
beforeAll(async () => {
  // Inside the repository, so that the snippet imports the sources as the tests do.
  dir = await mkdtemp(path.resolve("test/.type-names-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The diagnostics of `code`, compiled as a strict ES module beside the tests. */
async function diagnostics(code: string): Promise<string[]> {
  const file = path.join(dir, `snippet-${Math.random().toString(36).slice(2)}.ts`);
  await writeFile(file, code);
  const program = ts.createProgram([file], {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: ["node"],
    skipLibCheck: true,
    noEmit: true,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

const IMPORT = `import { type APIError, SeekrFlow } from "../../src/index.js";\nconst flow = new SeekrFlow({ apiKey: "k" });\n`;

describe("types as users see them", { timeout: 60_000 }, () => {
  it("names results by the document's names in type errors", async () => {
    const found = await diagnostics(
      `${IMPORT}export const job: number = await flow.dataJobs.get("dj-1");
export const made: string = await flow.dataJobs.create({ name: "x", job_type: "principle_files" });
export const file: boolean = await flow.files.get("file-1");
export const outputs: null = await flow.dataJobs.outputs("dj-1");`,
    );
    expect(found).toEqual([
      expect.stringContaining("Type 'DataJobDetail' is not assignable to type 'number'"),
      expect.stringContaining("Type 'DataJob' is not assignable to type 'string'"),
      expect.stringContaining("Type 'FileObject' is not assignable to type 'boolean'"),
      expect.stringContaining("Type 'AlignmentOutput[]' is not assignable to type 'null'"),
    ]);
  });

  it("takes a typed rejection handler in catch and then, as a Promise does", async () => {
    const found = await diagnostics(
      `${IMPORT}export const a: Promise<number | string> = flow.dataJobs.get("dj-1").catch((e: APIError) => e.status).then((j) => typeof j === "number" ? j : j.id);
export const b = flow.dataJobs.get("dj-1").then((j) => j.name, (e: APIError) => e.message);`,
    );
    expect(found).toEqual([]);
  });
});
