/** A request through node:http, for what fetch refuses to send (TRACE, broken bodies, no length). */
import { request as httpRequest } from "node:http";

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: () => any;
}

/** Sends `method path` to `base` with `headers` and `body` (chunked when `chunked`). */
export function rawHttp(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
  chunked = false,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          body: text,
          json: () => JSON.parse(text),
        });
      });
    });
    req.on("error", reject);
    if (body !== undefined && chunked) {
      // No content-length: the body arrives in pieces.
      const data = Buffer.from(body);
      for (let i = 0; i < data.length; i += 1024) req.write(data.subarray(i, i + 1024));
    } else if (body !== undefined) req.write(body);
    req.end();
  });
}
