// The key from the environment: what Deno's permissions let the client see (test/runtime-bun-deno.test.ts).
import { SeekrFlow } from "seekrflow-client";

const [baseUrl] = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
try {
  const flow = new SeekrFlow({ baseUrl });
  console.log(JSON.stringify({ listed: (await flow.dataJobs.list()).data.length }));
} catch (error) {
  console.log(JSON.stringify({ error: `${error.name}: ${error.message}` }));
}
