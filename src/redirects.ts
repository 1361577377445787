/**
 * Redirects, followed by hand so that credentials stay on the configured origin: a hop to another
 * origin is made without `Authorization` and `x-team-id`.
 */

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
/** Headers that identify the caller: sent to the configured origin only. */
const CREDENTIALS = ["authorization", "x-team-id"];

/** One request, as the transport sends it. */
export interface OutgoingRequest {
  url: string;
  method: string;
  /** Lower-case names. */
  headers: Readonly<Record<string, string>>;
  body: NonNullable<RequestInit["body"]> | null;
}

/** Sends `request` with `fetch`, following up to five redirects; `origin` may receive credentials. */
export async function fetchFollowingRedirects(
  fetch: typeof globalThis.fetch,
  request: OutgoingRequest,
  origin: string,
  signal: AbortSignal | null,
): Promise<Response> {
  let { url, method, body, headers } = request;
  for (let hop = 0; ; hop++) {
    const response = await fetch(url, { method, headers, body, signal, redirect: "manual" });
    const location = response.headers.get("location");
    if (!REDIRECTS.has(response.status) || !location || hop === MAX_REDIRECTS) return response;
    await response.body?.cancel();
    const next = new URL(location, url);
    url = next.href;
    // A copy: the caller's headers serve its retries too.
    const changed = { ...headers };
    if (next.origin !== origin) for (const name of CREDENTIALS) delete changed[name];
    if (response.status === 303 || (response.status <= 302 && method === "POST")) {
      method = "GET";
      body = null;
      delete changed["content-type"];
    }
    headers = changed;
  }
}
