/**
 * The four-name table (src/generated/names.ts): every operation of the document has a row, and
 * each name is real on its surface: the facade method is a function of a client, the command is
 * one `seekrflow` has, the tool one `seekrflow-mcp` serves for that operation.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TOOLS } from "../mcp/src/tools.js";
import { COMMANDS } from "../src/cli/commands.mjs";
import { nameTable } from "../src/generated/names.js";
import { operationTable } from "../src/generated/operations.js";
import { SeekrFlow } from "../src/node/index.js";

describe("the four-name table", () => {
  const flow = new SeekrFlow({ apiKey: "sk-names", baseUrl: "http://127.0.0.1:9" });

  it("has a row for every operation and no other", () => {
    expect(Object.keys(nameTable).sort()).toEqual(Object.keys(operationTable).sort());
  });

  it.each(Object.entries(nameTable))("%s: each name is real on its surface", (operation, names) => {
    const method = names.facade.slice(0, names.facade.indexOf("(")).split(".").slice(1);
    let target: unknown = flow;
    for (const key of method) target = (target as Record<string, unknown>)[key];
    expect(typeof target, names.facade).toBe("function");
    const words = names.command.replace(/^seekrflow /, "");
    expect(COMMANDS[words], names.command).toBeDefined();
    const tool = TOOLS.find((t) => t.name === names.tool);
    expect(tool, names.tool).toBeDefined();
    // The command is the operation's own, or a workflow on top of it.
    expect(COMMANDS[words]!.operation ?? operation).toBe(operation);
  });
});

describe("docs/api.md", () => {
  const text = readFileSync("docs/api.md", "utf8");
  const headings = [...text.matchAll(/^### `([^`(]+)/gm)].map((m) => m[1]!);
  const flow = new SeekrFlow({ apiKey: "sk-names", baseUrl: "http://127.0.0.1:9" });
  /** The public methods of an object: its prototypes' own, up to Object's, no constructor. */
  const methodsOf = (object: object): string[] => {
    const names = new Set<string>();
    for (
      let p = Object.getPrototypeOf(object);
      p && p !== Object.prototype;
      p = Object.getPrototypeOf(p)
    )
      for (const name of Object.getOwnPropertyNames(p))
        if (
          name !== "constructor" &&
          typeof (object as Record<string, unknown>)[name] === "function"
        )
          names.add(name);
    return [...names];
  };

  it("has a heading for every public method of the client and its resources", () => {
    const expected = [
      ...methodsOf(flow)
        .filter((name) => name !== "filesFor")
        .map((name) => `flow.${name}`),
      ...methodsOf(flow.dataJobs).map((name) => `flow.dataJobs.${name}`),
      ...methodsOf(flow.files).map((name) => `flow.files.${name}`),
      "flow.raw",
      "flow.baseUrl",
    ];
    for (const name of expected) expect(headings, name).toContain(name);
  });

  it("says what each method returns and throws, and which operation it calls", () => {
    const sections = text
      .split(/^### /m)
      .slice(1)
      .filter((section) => section.split("\n")[0]!.includes("("));
    for (const section of sections) {
      expect(section, section.split("\n")[0]).toMatch(/^Returns `/m);
      expect(section, section.split("\n")[0]).toMatch(/^Throws /m);
    }
    expect(text).toContain(
      "Calls `createDataJob` (seekrflow data-jobs create; MCP tool `create_data_job`)",
    );
  });
});
