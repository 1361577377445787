/**
 * The suite that `npm run mutate` (StrykerJS) runs for each mutant: the tests that exercise the
 * modules in scope in-process, without Prism, packing or a build (those need dist/, not src/).
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: [
      // Run the built or packed package, or a server started by the global setup.
      "test/cli.test.ts",
      "test/cli-contract.test.ts",
      "test/consumer-types.test.ts",
      "test/docs-browser.test.ts",
      "test/facade-contract.test.ts",
      "test/prism-contract.test.ts",
      "test/runtime-*.test.ts",
      // Spawn tools or processes that never load the mutated modules, or wait out real backoff
      // (the same promises are checked there with the waits faked, in reliability.test.ts).
      "test/concurrency.test.ts",
      "test/api-changes.test.ts",
      "test/openapi.test.ts",
      "test/generate.test.ts",
      "test/examples.test.ts",
      "test/exit.test.ts",
      "test/key-never-leaks-cli.test.ts",
      "test/readme.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
