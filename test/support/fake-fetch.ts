/** An injected `fetch` that answers from a script and records what it was asked: nothing is mocked but the network. */
export interface Recorded {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
  /** The signal fetch was given, if any. */
  signal: AbortSignal | null;
}

type Answer = Response | ((call: Recorded) => Response | Promise<Response>);

/** A fetch that answers each call with the next of `answers` (the last one repeats). */
export function scriptedFetch(...answers: Answer[]): typeof fetch & { calls: Recorded[] } {
  const calls: Recorded[] = [];
  const fake = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const call: Recorded = {
      url: String(input instanceof Request ? input.url : input),
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body: typeof init?.body === "string" ? init.body : undefined,
      signal: init?.signal ?? null,
    };
    calls.push(call);
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    return typeof answer === "function" ? answer(call) : answer.clone();
  };
  return Object.assign(fake as typeof fetch, { calls });
}

/** A JSON response. */
export function jsonResponse(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A data job detail as the server would send it, with `overrides`. */
export function jobDetail(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "dj-1",
    user_id: "user-1",
    name: "Handbook QA",
    job_type: "principle_files",
    alignment_job_id: null,
    created_at: "2026-11-02T09:15:00Z",
    updated_at: "2026-11-02T09:15:00Z",
    status: "file_processing",
    ...overrides,
  };
}
