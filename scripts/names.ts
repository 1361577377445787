/**
 * The four-name table: every operation by its operationId, its facade method
 * (`x-seekrflow-facade`), its `seekrflow` command and its `seekrflow-mcp` tool, one row each.
 * The code samples, the reference and ARCHITECTURE.md read it; each name is derived where its
 * surface derives it, so the table cannot disagree with them.
 */
import { wordsOf } from "./commands.js";
import { eachOperation } from "./document.js";
import { toolName } from "./tools.js";

type Operation = {
  operationId: string;
  tags?: string[];
  "x-seekrflow-command"?: string;
  "x-seekrflow-tool"?: string;
  "x-seekrflow-facade"?: string;
};

/** One operation's names. */
export interface Names {
  facade: string;
  command: string;
  tool: string;
}

/** The table, by operationId; an operation without `x-seekrflow-facade` is an error. */
export function names(document: { paths: Record<string, unknown> }): Record<string, Names> {
  const table: Record<string, Names> = {};
  for (const { operation } of eachOperation<Operation>(document)) {
    const facade = operation["x-seekrflow-facade"];
    if (!facade) throw new Error(`${operation.operationId} has no x-seekrflow-facade`);
    table[operation.operationId] = {
      facade: `flow.${facade}`,
      command: `seekrflow ${wordsOf(operation).join(" ")}`,
      tool: toolName(operation),
    };
  }
  return table;
}

/** TypeScript source of the table. */
export function nameTable(document: { paths: Record<string, unknown> }): string {
  return [
    "/**",
    " * Every operation by four names: operationId, facade method, `seekrflow` command and",
    " * `seekrflow-mcp` tool (scripts/names.ts). For the docs and the samples; no runtime code reads it.",
    " */",
    `export const nameTable = ${JSON.stringify(names(document))} as const;`,
    "",
  ].join("\n");
}
