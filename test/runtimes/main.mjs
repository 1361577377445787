// Runs the scenario with `seekrflow-client` as this runtime resolves it (Bun, Deno, Node ESM).
import * as client from "seekrflow-client";
import * as node from "seekrflow-client/node";
import { scenario } from "./scenario.mjs";

const [baseUrl] = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const seen = await scenario(client, baseUrl);
// One copy of each class whichever entry it comes from: an error is an instance of either's.
seen.oneCopy =
  node.NotFoundError === client.NotFoundError &&
  node.SeekrFlow.prototype instanceof client.SeekrFlow;
console.log(JSON.stringify(seen));
