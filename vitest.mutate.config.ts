/**
 * The suite that `npm run mutate` (StrykerJS) runs for each mutant: the tests that load the
 * modules in scope in process. Left out: tests of the packed package, of Prism, of tools and
 * spawned processes (they never load a mutant), and concurrency.test.ts, whose promises
 * reliability.test.ts checks with the waits faked rather than slept. The command line's files
 * keep a few spawned cases beside their in-process ones: they run the build `npm run mutate`
 * compiles first, in the first run only, since they cover no mutant.
 */
import { defineConfig } from "vitest/config";
import { packageAliases } from "./vitest.aliases.js";

export default defineConfig({
  resolve: { alias: packageAliases },
  test: {
    include: [
      "checks",
      "config",
      "deadlines",
      "downloads",
      "drift",
      "early-answer",
      "error-messages",
      "find-operation",
      "errors",
      "key-never-leaks",
      "options",
      "paging",
      "progress",
      "redirects",
      "reliability",
      "retry-policy",
      "request-path",
      "stand-in",
      "transport",
      "stand-in-conformance",
      "stand-in-hostile",
      "stand-in-response-check",
      "streaming-upload",
      "upload-each",
      "stand-in-rules",
      "stand-in-dataset",
      "fastapi-errors",
      "stand-in-parts",
      "stand-in-state",
      "stand-in-handlers",
      "stand-in-edges",
      "stand-in-routing",
      "cli-scripts",
      "cli-rules",
      "cli-output",
      "cli-help",
      "cli-parse",
      "cli-main",
      "cli-workflows",
      "cli-human",
      "datasets",
      // The command line's main() in process (their few spawned cases run the build once, in
      // the first run, and cover no mutant).
      "cli-commands",
      "cli-contract",
      "uploads",
      "validate",
      "wait",
      "workflow",
      // The MCP server.
      "mcp-code",
      "mcp-parts",
      "mcp-docs",
      "mcp-roots",
      "mcp-host",
      "mcp-execute",
      "mcp-sandbox",
      "mcp-http",
      "mcp-calls",
      "mcp-server",
      "mcp-tools",
      // The generators and release scripts of scripts/.
      "api-changes",
      "api-versions",
      "document",
      "emitted-docs",
      "check",
      "generated-tables",
      "generators",
      "names",
    ].map((name) => `test/${name}.test.ts`),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
