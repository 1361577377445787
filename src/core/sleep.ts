/** Waits `ms`; when `signal` fires first, clears the timer and rejects with `abortError()`. */
export function sleep(
  ms: number,
  signal: AbortSignal | undefined,
  abortError: () => Error,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    if (signal?.aborted) abort();
    else signal?.addEventListener("abort", abort, { once: true });
  });
}
