import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { packageAliases } from "./vitest.aliases.js";

/** Tests of the built binaries, the packed package or Prism: they need `npm run compile` first. */
const E2E = [
  "cli-commands",
  "cli-contract",
  "cli-startup",
  "cli",
  "consumer-types",
  "docs-browser",
  "examples",
  "facade-contract",
  "key-never-leaks-cli",
  "mcp",
  "mcp-conformance",
  "prism-contract",
  "published-build",
  "readme",
  "samples",
].map((name) => `test/${name}.test.ts`);
/** Tests that run the packed package in other runtimes: browsers, Bun, Deno, workerd, other Node lines. */
const RUNTIMES = ["test/runtime-*.test.ts"];

const shared = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

const project = (name: string, test: TestProjectInlineConfiguration["test"]) => ({
  extends: true as const,
  test: { name, ...shared, ...test },
});

export default defineConfig({
  resolve: { alias: packageAliases },
  test: {
    projects: [
      project("unit", {
        include: ["test/**/*.test.ts"],
        exclude: [...E2E, ...RUNTIMES],
        typecheck: {
          enabled: true,
          include: ["test/**/*.test-d.ts"],
          tsconfig: "tsconfig.json",
        },
      }),
      project("e2e", {
        include: E2E,
        globalSetup: ["test/support/prism-setup.ts", "test/support/build-setup.ts"],
      }),
      project("runtimes", {
        include: RUNTIMES,
        globalSetup: ["test/support/build-setup.ts"],
      }),
    ],
  },
});
