/**
 * One upload in its own process, for bench/upload-memory.ts: prints the peak RSS while it ran.
 * `client` uploads with `flow.files.upload(path)`; `fetch` with Node's fetch and a file-backed
 * Blob in a FormData, the way the client did before it streamed.
 */
import { openAsBlob } from "node:fs";
import { SeekrFlow } from "../src/node/index.js";

const [url, file, how] = process.argv.slice(2) as [string, string, "client" | "fetch"];
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
if (how === "client") {
  await new SeekrFlow({ apiKey: "sk-bench", baseUrl: url }).files.upload(file, {
    purpose: "alignment",
  });
} else {
  const form = new FormData();
  form.append("files", new File([await openAsBlob(file)], "upload.bin"));
  form.append("purpose", "alignment");
  await (await fetch(`${url}/v1/flow/files`, { method: "PUT", body: form })).text();
}
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(JSON.stringify({ peakMb: peak / 2 ** 20 }));
