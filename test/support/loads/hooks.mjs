// Module hooks that append each loaded file: URL and its size to the file named by LOADS_FILE.
import { appendFileSync } from "node:fs";

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (url.startsWith("file:") && process.env.LOADS_FILE) {
    const size = result.source ? Buffer.byteLength(result.source) : 0;
    appendFileSync(process.env.LOADS_FILE, `${size} ${url}\n`);
  }
  return result;
}
