/**
 * A streamed body with a deadline: it fails with `APITimeoutError` when no byte arrives for
 * `idleMs` while its reader waits for one (time the reader spends elsewhere, writing to a slow
 * disk, say, does not count), and the request under it is aborted. A body that stalls after 10 of
 * 100 bytes ends, where the platform's would wait for ever.
 */
import { APITimeoutError, type RequestTarget } from "./errors.js";

/** `response` with its body under the idle deadline; `abort` stops the request when it passes. */
export function idleGuarded(
  response: Response,
  target: RequestTarget,
  idleMs: number,
  abort: AbortController,
): Response {
  if (!response.body || idleMs === Infinity) return response;
  const reader = response.body.getReader();
  let bytes = 0;
  const body = new ReadableStream<Uint8Array>({
    pull: (controller) =>
      new Promise<void>((resolve, reject) => {
        let late = false;
        const timer = setTimeout(() => {
          late = true;
          const error = new APITimeoutError(
            target,
            `the body stopped: no byte for ${idleMs} ms after ${bytes} bytes (idleTimeoutMs).`,
            { mayHaveTakenEffect: false },
          );
          // Errored first: what the cancelled read answers afterwards is not the body's end.
          controller.error(error);
          abort.abort(error);
          reader.cancel(error).catch(() => undefined);
          reject(error);
        }, idleMs);
        reader.read().then(
          ({ done, value }) => {
            clearTimeout(timer);
            if (late) return;
            if (done) controller.close();
            else {
              bytes += value.byteLength;
              controller.enqueue(value);
            }
            resolve();
          },
          (error: unknown) => {
            clearTimeout(timer);
            if (!late) reject(error);
          },
        );
      }),
    cancel: (reason) => reader.cancel(reason),
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
