// CommonJS: `require` of every entry (run with require(esm) off, so the CommonJS build is what
// loads), the stand-in from seekrflow-client/testing, and the scenario; then a path upload.
const client = require("seekrflow-client");
const { SeekrFlow } = require("seekrflow-client/node");
const { startStandIn } = require("seekrflow-client/testing");

async function main() {
  const server = await startStandIn();
  try {
    const { scenario } = await import("./scenario.mjs");
    const seen = await scenario(client, server.url);
    const flow = new SeekrFlow({ apiKey: "sk-runtime", baseUrl: server.url });
    const file = await flow.files.upload(__filename, { purpose: "alignment" });
    seen.pathUpload = [file.filename, file.bytes === require("node:fs").statSync(__filename).size];
    seen.format = require.resolve("seekrflow-client");
    const node = require("seekrflow-client/node");
    seen.oneCopy =
      node.NotFoundError === client.NotFoundError &&
      node.SeekrFlow.prototype instanceof client.SeekrFlow;
    const document = require("seekrflow-client/openapi.json");
    seen.document = [document.openapi, Object.keys(document.paths).length];
    console.log(JSON.stringify(seen));
  } finally {
    await server.close();
  }
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
