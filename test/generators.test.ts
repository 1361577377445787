/**
 * The generators over a document of their own (test/fixtures/generators.yaml): the schema
 * shapes, limits, examples and extensions openapi/seekrflow.yaml does not use yet, each in the
 * command table, the tool table and llms-full.txt. Their output is kept under test/emitted/
 * (review its diff; `-u` rewrites it); the errors a document can cause are said here.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { commandTable } from "../scripts/commands.js";
import { llmsFull, llmsIndex } from "../scripts/llms.js";
import type { CodeSample } from "../scripts/samples.js";
import { toolTable } from "../scripts/tools.js";

const fixture = async () => parse(await readFile("test/fixtures/generators.yaml", "utf8"));
const README = "\n## Use\n\nuse <!-- a note -->kept\n\n## Command line\n\ncli\n\n## MCP server\n\nmcp\n";
const MCP_README = "# M\n\n## Tools\n\n### A tool\n\n## Rules\n\nrules\n";

describe("the generators, over a document of their own", () => {
  it("make the command table", async () => {
    await expect(commandTable(await fixture())).toMatchFileSnapshot(
      "emitted/fixture-commands.ts.txt",
    );
  });

  it("make the tool table", async () => {
    await expect(toolTable(await fixture())).toMatchFileSnapshot("emitted/fixture-tools.ts.txt");
  });

  it("make llms.txt and llms-full.txt", async () => {
    const document = await fixture();
    const samples: Record<string, CodeSample[]> = {
      createWidget: [{ lang: "Shell", label: "curl", source: "curl -X POST …\n" }],
    };
    await expect(
      `${llmsIndex(document)}\n----\n${llmsFull(document, samples, README, MCP_README)}`,
    ).toMatchFileSnapshot("emitted/fixture-llms.txt");
  });

  it("take an operation's own parameter over its path item's", async () => {
    const table = commandTable(await fixture());
    expect(table).toContain('"example":["widgets","remove","w-1"]');
  });

  it("refuse two operations with one command, and two inputs with one name", async () => {
    const twice = await fixture();
    twice.paths["/v1/widgets/{widget_id}"].delete["x-seekrflow-command"] = "list";
    expect(() => commandTable(twice)).toThrow(
      'two operations make the command "widgets list": set x-seekrflow-command',
    );
    const clash = await fixture();
    clash.paths["/v1/widgets"].post.parameters = [
      { name: "name", in: "query", schema: { type: "string" } },
    ];
    expect(() => toolTable(clash)).toThrow(
      /createWidget: (name and name are both "name"|two inputs named name)/,
    );
  });

  it("say which section a README lacks", async () => {
    const document = await fixture();
    expect(() => llmsFull(document, {}, "## Use\n", MCP_README)).toThrow(
      'the README has no section "Use"',
    );
    expect(() =>
      llmsFull(document, {}, README.replace("## MCP server", "## Else"), MCP_README),
    ).toThrow('the README has no section "MCP server"');
  });
});
