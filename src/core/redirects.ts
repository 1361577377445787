/**
 * Redirects, followed by hand so that credentials stay on the configured origin: a hop to another
 * origin is made without the key and team headers.
 */
import { api } from "../generated/operations.js";

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
/** Headers that identify the caller: sent to the configured origin only. */
const CREDENTIALS = [api.keyHeader, api.teamHeader];

/** One attempt's request: replayable, so that a redirect or a retry can send it again. */
export interface OutgoingRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string | ArrayBuffer | FormData | null;
}

/** Sends `request` with `fetch`, following up to five redirects; `origin` may receive credentials. */
export async function fetchFollowingRedirects(
  fetch: typeof globalThis.fetch,
  request: OutgoingRequest,
  origin: string,
  signal: AbortSignal | undefined,
): Promise<Response> {
  let { url, method, body, headers } = request;
  for (let hop = 0; ; hop++) {
    const response = await fetch(url, {
      method,
      headers,
      body,
      signal: signal ?? null,
      redirect: "manual",
    });
    const location = response.headers.get("location");
    if (!REDIRECTS.has(response.status) || !location || hop === MAX_REDIRECTS) return response;
    await response.body?.cancel();
    const next = new URL(location, url);
    url = next.href;
    // A copy: the caller's headers serve its retries too.
    headers = new Headers(headers);
    if (next.origin !== origin) for (const name of CREDENTIALS) headers.delete(name);
    if (response.status === 303 || (response.status <= 302 && method === "POST")) {
      method = "GET";
      body = null;
      headers.delete("content-type");
    }
  }
}
