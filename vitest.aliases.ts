import { fileURLToPath } from "node:url";

const source = (file: string) => fileURLToPath(new URL(`src/${file}`, import.meta.url));

/**
 * In process, the package's own entries are its sources (the MCP server imports them by name):
 * one copy of every class, and no build needed. Packed and spawned code resolves as installed.
 */
export const packageAliases = [
  { find: /^seekrflow-client$/, replacement: source("index.ts") },
  { find: /^seekrflow-client\/node$/, replacement: source("node/index.ts") },
  { find: /^seekrflow-client\/testing$/, replacement: source("testing/index.ts") },
];
