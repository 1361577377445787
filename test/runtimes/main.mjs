// Runs the scenario with `seekrflow-client` as this runtime resolves it (Bun, Deno, Node ESM).
import * as client from "seekrflow-client";
import { scenario } from "./scenario.mjs";

const [baseUrl] = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
console.log(JSON.stringify(await scenario(client, baseUrl)));
