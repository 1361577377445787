/**
 * The layering of src/, checked by `npm run check` (dependency-cruiser). Each rule says why.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: "core-stands-alone",
      comment: "core/ is the request path everything else builds on: it must not depend on what builds on it.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^src/(resources|testing|cli|node)/" },
    },
    {
      name: "runtime-never-reaches-testing",
      comment: "The runtime entries ship to every user: the stand-in and its validators must never load with them.",
      severity: "error",
      from: { path: "^src/(index\\.ts|seekrflow\\.ts|node/|resources/|core/)" },
      to: { path: "^src/testing/", reachable: true },
    },
    {
      name: "runtime-never-reaches-datasets",
      comment: "A Parquet reader is for Node apps that ask for seekrflow-client/datasets: the runtime entries never load it.",
      severity: "error",
      from: { path: "^src/(index\\.ts|seekrflow\\.ts|node/|resources/|core/)" },
      to: { path: "^src/datasets/", reachable: true },
    },
    {
      name: "parquet-only-in-datasets-and-testing",
      comment: "hyparquet and hyparquet-writer load with ./datasets and ./testing only (and only when a file is read or written).",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(datasets|testing)/" },
      to: { path: "node_modules/hyparquet" },
    },
    {
      name: "cli-loads-testing-on-demand",
      comment: "Only the demo needs the stand-in: the command line imports it when the demo runs, never at start.",
      severity: "error",
      from: { path: "^src/cli/" },
      to: { path: "^src/testing/", dynamic: false },
    },
    {
      name: "stand-in-table-for-testing-only",
      comment: "What only the stand-in reads (query defaults, file fields) never ships in the client's table.",
      severity: "error",
      from: { pathNot: "^src/testing/" },
      to: { path: "^src/generated/stand-in-operations\\.ts$" },
    },
    {
      name: "generated-imports-nothing-handwritten",
      comment: "src/generated/ is a view of the document: it depends on nothing written by hand.",
      severity: "error",
      from: { path: "^src/generated/" },
      to: { path: "^src/", pathNot: "^src/generated/" },
    },
    {
      name: "no-circular",
      comment: "A cycle makes load order matter and hides which module owns what.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".mts", ".js", ".mjs"] },
  },
};
