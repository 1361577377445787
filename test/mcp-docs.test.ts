/**
 * `search_docs` on its own: its entries (reviewed in test/emitted/mcp-docs.json: a change to
 * what an agent reads shows in that file's diff; `-u` rewrites it), how words score, and how an
 * answer is cut.
 */
import { describe, expect, it } from "vitest";
import { docEntries, entryBlock, searchDocs } from "../mcp/src/code/docs.js";
import { toolTable } from "../mcp/src/generated/tools.js";

describe("search_docs", () => {
  it("has an entry per operation with a facade, then the helpers", async () => {
    const entries = docEntries();
    expect(entries.length).toBe(toolTable.filter((row) => "facade" in row).length + 5);
    await expect(`${JSON.stringify(entries, null, 2)}\n`).toMatchFileSnapshot(
      "emitted/mcp-docs.json",
    );
  });

  it("answers the best three entries, the method's own name weighing most", () => {
    const { text, found } = searchDocs("create data job");
    expect(found.map((e) => e.call)).toEqual([
      "flow.dataJobs.create(body, options?)",
      ...found.slice(1).map((e) => e.call),
    ]);
    expect(found).toHaveLength(3);
    const first = found[0]!;
    expect(
      text.startsWith(
        `### ${first.call}\n${first.summary}\nInputs: ${first.inputs.join("; ")}\nReturns: `,
      ),
    ).toBe(true);
    expect(text).toContain(`\`\`\`ts\n${first.sample}\n\`\`\``);
    expect(text.split("\n\n### ")).toHaveLength(3);
  });

  it("matches a word by its start, and a name by a word that starts with it", () => {
    expect(searchDocs("paginat").found[0]!.call).toBe("flow.paginate(operationId, query?)");
    expect(searchDocs("uploads").found.map((e) => e.call)).toContain(
      "flow.files.uploadEach(paths, { purpose, concurrency? })",
    );
    expect(searchDocs("a x").found).toEqual([]);
  });

  it("ranks by the method's name (a word, its start, or a word it starts), then by its text", () => {
    const ranked = (query: string) => searchDocs(query).found.map((e) => e.call.split("(")[0]);
    expect(ranked("wait for a job")).toEqual([
      "flow.dataJobs.waitFor",
      "flow.dataJobs.removeFiles",
      "flow.dataJobs.addFiles",
    ]);
    expect(ranked("upload a file")).toEqual([
      "flow.files.upload",
      "flow.files.uploadTogether",
      "flow.files.uploadEach",
    ]);
    expect(ranked("delete a file")).toEqual([
      "flow.files.delete",
      "flow.dataJobs.addFiles",
      "flow.dataJobs.delete",
    ]);
    expect(ranked("list jobs")).toEqual([
      "flow.dataJobs.list",
      "flow.dataJobs.addFiles",
      "flow.dataJobs.cancel",
    ]);
    expect(ranked("addfiles")).toEqual(["flow.dataJobs.addFiles"]);
    expect(ranked("download the dataset")).toEqual([
      "flow.dataJobs.outputs",
      "flow.dataJobs.outputs",
      "flow.files.download",
    ]);
  });

  it("fits its answer in maxChars, whole entries only", () => {
    const whole = searchDocs("files upload");
    const blocks = whole.text.split("\n\n### ");
    const small = searchDocs("files upload", blocks[0]!.length);
    expect(small.found).toEqual(whole.found.slice(0, 1));
    expect(small.text).toBe(blocks[0]);
    expect(searchDocs("files upload", blocks[0]!.length - 1)).toMatchObject({ found: [] });
  });

  it("says what to try when nothing matches", () => {
    expect(searchDocs("zzz qqq")).toStrictEqual({
      text: 'Nothing matches "zzz qqq". Try words such as: create data job, upload file, wait, outputs, download, list jobs.',
      found: [],
    });
  });

  it("cuts a long summary and a long list of fields in an entry's block", () => {
    const fields = Array.from({ length: 21 }, (_, i) => `f${i}: string`);
    expect(
      entryBlock({
        call: "flow.x()",
        summary: "s".repeat(401),
        inputs: [],
        returns: fields,
        sample: "x();",
      }),
    ).toBe(
      [
        "### flow.x()",
        `${"s".repeat(399)}…`,
        "Inputs: none",
        `Returns: ${fields.slice(0, 20).join("; ")}; …`,
        "```ts",
        "x();",
        "```",
      ].join("\n"),
    );
    expect(
      entryBlock({
        call: "flow.y(a)",
        summary: "s".repeat(400),
        inputs: ["a: string", "b?: integer"],
        returns: fields.slice(0, 20),
        sample: "y(1);",
      }),
    ).toBe(
      [
        "### flow.y(a)",
        "s".repeat(400),
        "Inputs: a: string; b?: integer",
        `Returns: ${fields.slice(0, 20).join("; ")}`,
        "```ts",
        "y(1);",
        "```",
      ].join("\n"),
    );
  });
});
