// @ts-check
/**
 * Mutation testing (`npm run mutate`): StrykerJS changes the modules whose promises are security
 * or data, the stand-in, the MCP server, the command line and the generators, one small defect at a time, and runs
 * the tests that cover each change. A mutant that survives is a promise no test checks. Report:
 * reports/mutation/mutation.json (and .html). Incremental: a run re-tests only the mutants whose
 * code or tests changed since the last (reports/stryker-incremental.json).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  // In-process tests only: no Prism, no build, no packing (see the config's own comments).
  vitest: { configFile: "vitest.mutate.config.ts" },
  coverageAnalysis: "perTest",
  mutate: [
    "src/core/config.ts",
    "src/core/errors.ts",
    "src/core/idle-body.ts",
    "src/core/redirects.ts",
    "src/core/retry-policy.ts",
    "src/core/transport.ts",
    "src/node/files.ts",
    "src/node/uploads.ts",
    "src/resources/wait.ts",
    "src/resources/paging.ts",
    "src/resources/job-errors.ts",
    "src/core/find-operation.ts",
    "src/core/call.ts",
    "src/core/issues.ts",
    "src/core/request-check.ts",
    "src/core/response-check.ts",
    // The stand-in: every module but the index that re-exports them.
    "src/testing/answers.ts",
    "src/testing/clock.ts",
    "src/testing/dataset.ts",
    "src/testing/fastapi-errors.ts",
    "src/testing/handlers.ts",
    "src/testing/http-bridge.ts",
    "src/testing/routing.ts",
    "src/testing/stand-in.ts",
    "src/testing/stand-in-response-check.ts",
    "src/testing/state.ts",
    // The MCP server: every module but bin.ts, which only prints what options.ts reads.
    "mcp/src/*.ts",
    "!mcp/src/bin.ts",
    "mcp/src/code/*.ts",
    // The command line: every module but bin.ts (process glue), and demo and stand-in, which
    // only the built binary's tests run (they serve a stand-in of their own).
    "src/cli/*.mts",
    "!src/cli/bin.mts",
    "!src/cli/demo.mts",
    "!src/cli/stand-in.mts",
    // The generators and the release scripts.
    "scripts/api-changes.ts",
    "scripts/commands.ts",
    "scripts/llms.ts",
    "scripts/release.ts",
    "scripts/samples.ts",
    "scripts/stale.ts",
    "scripts/tools.ts",
  ],
  // NoCoverage counts as survived: the score is killed + timed out over all valid mutants.
  thresholds: { high: 95, low: 90, break: 90 },
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  // The tests mostly wait on sockets and timers: four runners keep two cores busy.
  concurrency: 4,
  timeoutMS: 5_000,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  ignoreStatic: true,
  incremental: true,
  // Leave files as they are: tests compare generated files with what the generators make now,
  // and vitest does not type-check the instrumented code anyway.
  disableTypeChecks: false,
};
