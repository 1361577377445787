/**
 * The four-name table: every operation by its operationId, its facade method
 * (`x-seekrflow-facade`), its `seekrflow` command and its `seekrflow-mcp` tool, one row each.
 * The code samples, the reference and ARCHITECTURE.md read it; each name is derived where its
 * surface derives it, so the table cannot disagree with them.
 */
import {
  commandWords,
  type Document,
  eachOperation,
  type Operation,
  toolName,
} from "./document.js";

/** One operation's names. */
export interface Names {
  facade: string;
  command: string;
  tool: string;
}

/** The table, by operationId; an operation without `x-seekrflow-facade` is an error. */
export function names(document: Document): Record<string, Names> {
  const table: Record<string, Names> = {};
  for (const { operation } of eachOperation<Operation>(document)) {
    const facade = operation["x-seekrflow-facade"];
    if (!facade) throw new Error(`${operation.operationId} has no x-seekrflow-facade`);
    table[operation.operationId] = {
      facade: `flow.${facade}`,
      command: `seekrflow ${commandWords(operation).join(" ")}`,
      tool: toolName(operation),
    };
  }
  return table;
}

/** TypeScript source of the table. */
export function nameTable(document: Document): string {
  return [
    "/**",
    " * Every operation by four names: operationId, facade method, `seekrflow` command and",
    " * `seekrflow-mcp` tool (scripts/names.ts). For the docs and the samples; no runtime code reads it.",
    " */",
    `export const nameTable = ${JSON.stringify(names(document))} as const;`,
    "",
  ].join("\n");
}
