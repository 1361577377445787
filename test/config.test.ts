import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { APIAbortError, ConfigurationError, SeekrFlow } from "../src/index.js";
import {
  DEFAULT_BASE_URL,
  describeVariable,
  ENVIRONMENT,
  MAX_TIMEOUT_MS,
  resolveConfig,
} from "../src/core/config.js";
import { VERSION } from "../src/core/version.js";
import { jobDetail, jsonResponse, scriptedFetch } from "./support/fake-fetch.js";

afterEach(() => vi.unstubAllEnvs());

describe("new SeekrFlow(options)", () => {
  it("names the option and the variable when there is no key", () => {
    vi.stubEnv("SEEKR_API_KEY", "");
    expect(() => new SeekrFlow()).toThrow(ConfigurationError);
    expect(() => new SeekrFlow()).toThrow(/`apiKey`.*SEEKR_API_KEY/);
  });

  it.each([
    ["a Bearer prefix", "Bearer sk-123", /Bearer.*bare key/],
    ["a line break", "sk-123\n", /line break/],
  ])("rejects a key with %s and says why", (_label, apiKey, message) => {
    expect(() => new SeekrFlow({ apiKey })).toThrow(message);
    try {
      new SeekrFlow({ apiKey });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("sk-123");
    }
  });

  it("reads key, base URL and team from SEEKR_* and sends them", async () => {
    vi.stubEnv("SEEKR_API_KEY", "sk-env");
    vi.stubEnv("SEEKR_BASE_URL", "http://localhost:9/");
    vi.stubEnv("SEEKR_TEAM_ID", "team-7");
    const fetch = scriptedFetch(jsonResponse(jobDetail()));
    await new SeekrFlow({ fetch }).dataJobs.get("dj-1");
    const [call] = fetch.calls;
    expect(call!.url).toBe("http://localhost:9/v1/flow/data-jobs/dj-1");
    expect(call!.headers.get("authorization")).toBe("sk-env");
    expect(call!.headers.get("x-team-id")).toBe("team-7");
    expect(call!.headers.get("user-agent")).toBe(
      `seekrflow-client/${VERSION} node/${process.versions.node}`,
    );
  });

  it("prefers options to the environment and sends extra headers", async () => {
    vi.stubEnv("SEEKR_API_KEY", "sk-env");
    const fetch = scriptedFetch(jsonResponse(jobDetail()));
    await new SeekrFlow({
      apiKey: "sk-opt",
      baseUrl: "https://flow.example.test",
      teamId: "t",
      headers: { "x-trace": "1" },
      fetch,
    }).dataJobs.get("dj-1");
    expect(fetch.calls[0]!.url).toBe("https://flow.example.test/v1/flow/data-jobs/dj-1");
    expect(fetch.calls[0]!.headers.get("authorization")).toBe("sk-opt");
    expect(fetch.calls[0]!.headers.get("x-trace")).toBe("1");
  });

  it.each([
    ["teamId alone", { teamId: "team-opt" }, "team-opt"],
    ["an x-team-id header alone", { headers: { "X-Team-Id": "team-hdr" } }, "team-hdr"],
    [
      "both: the explicit header wins",
      { teamId: "team-opt", headers: { "x-team-id": "team-hdr" } },
      "team-hdr",
    ],
    ["neither", {}, null],
  ])("sends x-team-id from %s", async (_label, options, sent) => {
    vi.stubEnv("SEEKR_TEAM_ID", "");
    const fetch = scriptedFetch(jsonResponse(jobDetail()));
    await new SeekrFlow({
      apiKey: "k",
      baseUrl: "https://flow.example.test",
      fetch,
      ...options,
    }).dataJobs.get("dj-1");
    expect(fetch.calls[0]!.headers.get("x-team-id")).toBe(sent);
  });

  it.each([
    ["user info", "https://user:pw@flow.example.test", /user name or password/],
    ["a query", "https://flow.example.test/?x=1", /query or fragment/],
    ["a fragment", "https://flow.example.test/#top", /query or fragment/],
  ])("refuses a base URL with %s, without echoing secrets", (_label, baseUrl, message) => {
    const error = (() => {
      try {
        new SeekrFlow({ apiKey: "k", baseUrl });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error!.message).toMatch(message);
    expect(error!.message).not.toContain("pw");
  });

  it("refuses a key that cannot go in a header, before any request", () => {
    expect(() => new SeekrFlow({ apiKey: "sk-ключ" })).toThrow(/cannot go in an HTTP header/);
  });

  it("refuses to run in a browser, where the key would be exposed, unless told it may", () => {
    vi.stubGlobal("window", { document: {} });
    vi.stubGlobal("navigator", { userAgent: "Mozilla/5.0" });
    try {
      expect(() => new SeekrFlow({ apiKey: "sk-page" })).toThrow(/dangerouslyAllowBrowser: true/);
      expect(() => new SeekrFlow({ apiKey: "sk-page" })).toThrow(ConfigurationError);
      expect(
        () => new SeekrFlow({ apiKey: "sk-page", dangerouslyAllowBrowser: true }),
      ).not.toThrow();
    } finally {
      vi.unstubAllGlobals();
    }
    expect(() => new SeekrFlow({ apiKey: "sk-server" })).not.toThrow();
  });

  it("refuses plain http to another host unless allowed", () => {
    expect(() => new SeekrFlow({ apiKey: "k", baseUrl: "http://flow.seekr.com" })).toThrow(
      /plain http.*allowInsecureHttp/,
    );
    expect(
      () =>
        new SeekrFlow({ apiKey: "k", baseUrl: "http://flow.seekr.com", allowInsecureHttp: true }),
    ).not.toThrow();
    expect(() => new SeekrFlow({ apiKey: "k", baseUrl: "http://127.0.0.1:1" })).not.toThrow();
  });

  it.each([
    ["timeoutMs", { timeoutMs: 0 }],
    ["timeoutMs", { timeoutMs: Number.NaN }],
    // A longer timer would fire at once.
    ["timeoutMs", { timeoutMs: 2 ** 31 }],
    ["maxRetries", { maxRetries: -1 }],
    ["maxRetries", { maxRetries: 1.5 }],
  ])("rejects a bad %s up front", (name, options) => {
    expect(() => new SeekrFlow({ apiKey: "k", ...options })).toThrow(
      new RegExp(`${name} must be a whole number`),
    );
  });

  it("rejects a bad per-call timeoutMs or maxRetries before sending anything", async () => {
    const fetch = scriptedFetch(jsonResponse(jobDetail()));
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: "https://flow.example.test", fetch });
    await expect(flow.dataJobs.get("dj-1", { timeoutMs: -5 })).rejects.toThrow(
      /timeoutMs must be a whole number of milliseconds from 1 to 2147483647.*or Infinity/,
    );
    await expect(flow.dataJobs.get("dj-1", { maxRetries: Number.NaN })).rejects.toThrow(
      ConfigurationError,
    );
    expect(fetch.calls).toHaveLength(0);
  });

  it("timeoutMs: Infinity arms no timer; a finite timeout arms one per attempt", async () => {
    /** A fetch that never answers: it ends only when its signal aborts. */
    const hanging = (call: { signal: AbortSignal | null }) =>
      new Promise<Response>((_, reject) =>
        call.signal?.addEventListener("abort", () => reject(call.signal!.reason)),
      );
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      for (const [timeoutMs, timers] of [
        [Infinity, 0],
        [60_000, 1],
      ] as const) {
        const fetch = scriptedFetch(hanging);
        const flow = new SeekrFlow({ apiKey: "k", baseUrl: "https://flow.example.test", fetch });
        const controller = new AbortController();
        const call = flow.dataJobs
          .get("dj-1", { timeoutMs, signal: controller.signal })
          .catch((e: unknown) => e);
        while (fetch.calls.length === 0) await new Promise((resolve) => setImmediate(resolve));
        expect(vi.getTimerCount()).toBe(timers);
        controller.abort();
        expect(await call).toBeInstanceOf(APIAbortError);
        expect(vi.getTimerCount()).toBe(0);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it("SEEKR_LOG=debug prints one line per request to stderr, without the key", async () => {
    vi.stubEnv("SEEKR_LOG", "debug");
    const lines: string[] = [];
    const spy = vi
      .spyOn(console, "error")
      .mockImplementation((line: string) => void lines.push(line));
    try {
      const fetch = scriptedFetch(jsonResponse(jobDetail()));
      await new SeekrFlow({
        apiKey: "sk-debug-secret",
        baseUrl: "https://flow.example.test",
        fetch,
      }).dataJobs.get("dj-1");
    } finally {
      spy.mockRestore();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^seekrflow GET \/v1\/flow\/data-jobs\/dj-1 200 \d+ms attempt 1\/3$/);
    expect(lines[0]).not.toContain("sk-debug-secret");
  });

  it("keeps VERSION equal to package.json's", () => {
    expect(VERSION).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
  });
});

describe("resolveConfig, rule by rule", () => {
  const resolve = (options: Parameters<typeof resolveConfig>[0] = {}) =>
    resolveConfig({ apiKey: "k", env: {}, ...options });
  const fails = (options: Parameters<typeof resolveConfig>[0], message: RegExp) =>
    expect(() => resolve(options)).toThrow(message);

  it("a key with a space or 'bearer' inside is a key like another", () => {
    expect(resolve({ apiKey: "team bearer key" }).apiKey).toBe("team bearer key");
  });

  it("logs only when asked: SEEKR_LOG=debug, or a logger; another SEEKR_LOG is refused", () => {
    expect(resolve().logger).toBeUndefined();
    expect(resolve({ env: { SEEKR_LOG: "" } }).logger).toBeUndefined();
    expect(resolve({ env: { SEEKR_LOG: "debug" } }).logger).toBeTypeOf("function");
    fails({ env: { SEEKR_LOG: "info" } }, /^SEEKR_LOG must be debug .* or unset, not "info"\.$/);
    // A logger of one's own needs no variable, and is not refused for one.
    expect(resolve({ env: { SEEKR_LOG: "info" }, logger: () => {} }).logger).toBeTypeOf("function");
  });

  it("reads the environment it is given, and says where each setting came from", () => {
    const env = {
      SEEKR_API_KEY: "sk-env",
      SEEKR_BASE_URL: "http://127.0.0.1:9",
      SEEKR_TEAM_ID: "team-env",
      SEEKR_TIMEOUT_MS: "1500",
    };
    const fromEnv = resolveConfig({ env });
    expect([fromEnv.apiKey, fromEnv.baseUrl.href, fromEnv.teamId, fromEnv.timeoutMs]).toEqual([
      "sk-env",
      "http://127.0.0.1:9/",
      "team-env",
      1500,
    ]);
    expect(fromEnv.sources).toEqual({
      apiKey: "SEEKR_API_KEY",
      baseUrl: "SEEKR_BASE_URL",
      teamId: "SEEKR_TEAM_ID",
    });
    const given = resolveConfig({ env, apiKey: "k", baseUrl: "https://a.example", teamId: "t" });
    expect(given.sources).toEqual({ apiKey: "option", baseUrl: "option", teamId: "option" });
    expect(resolve().sources).toEqual({ apiKey: "option", baseUrl: "default", teamId: "default" });
    // An empty variable is an unset one.
    expect(resolve({ env: { SEEKR_BASE_URL: "", SEEKR_TEAM_ID: "" } }).sources.baseUrl).toBe(
      "default",
    );
  });

  it("refuses a SEEKR_TIMEOUT_MS that is not a whole number of ms, naming it", () => {
    for (const text of ["30s", "1.5", "-1", "abc"])
      fails({ env: { SEEKR_TIMEOUT_MS: text } }, /^SEEKR_TIMEOUT_MS must be a whole number/);
    fails({ env: { SEEKR_TIMEOUT_MS: "0" } }, /^SEEKR_TIMEOUT_MS must be a whole number/);
    expect(resolve({ env: { SEEKR_TIMEOUT_MS: "" } }).timeoutMs).toBe(60_000);
    expect(resolve({ env: { SEEKR_TIMEOUT_MS: "9" }, timeoutMs: 5 }).timeoutMs).toBe(5);
  });

  it("knows whether fetch is the caller's own", () => {
    expect(resolve().customFetch).toBe(false);
    expect(resolve({ fetch: globalThis.fetch }).customFetch).toBe(true);
  });

  it.each([
    [
      "not a URL",
      "flow.seekr.com",
      /baseUrl "flow\.seekr\.com" is not a URL; use e\.g\. https:\/\/flow\.seekr\.com\./,
    ],
    ["another scheme", "ftp://flow.example", /^baseUrl must be http\(s\), not ftp:$/],
    ["a user name alone", "https://me@flow.example", /has a user name or password in it/],
    ["a password alone", "https://:pw@flow.example", /has a user name or password in it/],
    ["a query", "https://flow.example/?a=1", /has a query or fragment/],
    ["a fragment", "https://flow.example/#x", /has a query or fragment/],
  ])("rejects a base URL with %s", (_label, baseUrl, message) => fails({ baseUrl }, message));

  it("keeps a base URL's path, without trailing slashes", () => {
    expect(resolve({ baseUrl: "https://flow.example/api/v2//" }).baseUrl.pathname).toBe("/api/v2");
    expect(resolve({ baseUrl: "https://flow.example/a/b" }).baseUrl.pathname).toBe("/a/b");
  });

  it("takes timeouts from 1 ms to the longest timer, and Infinity", () => {
    expect(resolve({ timeoutMs: 1 }).timeoutMs).toBe(1);
    expect(resolve({ timeoutMs: MAX_TIMEOUT_MS }).timeoutMs).toBe(MAX_TIMEOUT_MS);
    expect(resolve({ timeoutMs: Infinity }).timeoutMs).toBe(Infinity);
    for (const timeoutMs of [0, MAX_TIMEOUT_MS + 1, 1.5, Number.NaN, -Infinity])
      fails({ timeoutMs }, /timeoutMs must be a whole number of milliseconds from 1 to 2147483647/);
  });

  it("takes retries from 0 up", () => {
    expect(resolve({ maxRetries: 0 }).maxRetries).toBe(0);
    for (const maxRetries of [-1, 0.5, Number.NaN])
      fails({ maxRetries }, /maxRetries must be a whole number of at least 0/);
  });
});

describe("where the client runs", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("refuses a web page (a window with a document, and a navigator) unless allowed", () => {
    vi.stubGlobal("window", { document: {} });
    vi.stubGlobal("navigator", {});
    expect(() => new SeekrFlow({ apiKey: "k" })).toThrow(/This looks like a browser/);
    expect(new SeekrFlow({ apiKey: "k", dangerouslyAllowBrowser: true })).toBeInstanceOf(SeekrFlow);
  });

  it.each([
    ["a window without a document", { document: undefined }, {}],
    ["a document but no navigator", { document: {} }, undefined],
    ["a window that is not an object", Object.assign(() => {}, { document: {} }), {}],
    ["a window that is null", null, {}],
  ])("is not a browser with %s", (_label, window, navigator) => {
    vi.stubGlobal("window", window);
    vi.stubGlobal("navigator", navigator);
    expect(new SeekrFlow({ apiKey: "k" })).toBeInstanceOf(SeekrFlow);
  });

  it("under Deno, reads a variable only where --allow-env granted it", () => {
    vi.stubEnv("SEEKR_API_KEY", "sk-env");
    const asked: unknown[] = [];
    const deno = (state: string) => ({
      permissions: {
        querySync: (what: unknown) => {
          asked.push(what);
          return { state };
        },
      },
    });
    vi.stubGlobal("Deno", deno("prompt"));
    expect(() => new SeekrFlow()).toThrow(/No API key/);
    expect(asked[0]).toEqual({ name: "env", variable: "SEEKR_API_KEY" });
    vi.stubGlobal("Deno", deno("granted"));
    expect(new SeekrFlow()).toBeInstanceOf(SeekrFlow);
    vi.stubGlobal("Deno", {});
    expect(new SeekrFlow()).toBeInstanceOf(SeekrFlow);
  });
});

describe("ENVIRONMENT, the one list of variables", () => {
  it("says each variable's default as the client applies it", () => {
    const line = (name: string) => describeVariable(ENVIRONMENT.find((v) => v.name === name)!);
    const applied = resolveConfig({ apiKey: "k", env: {} });
    expect(line("SEEKR_BASE_URL")).toBe(`the server (default ${DEFAULT_BASE_URL})`);
    expect(applied.baseUrl.href).toBe(`${DEFAULT_BASE_URL}/`);
    expect(line("SEEKR_TIMEOUT_MS")).toBe(
      `the time a request may take, in ms (default ${applied.timeoutMs})`,
    );
    expect(line("SEEKR_API_KEY")).toBe("the API key (required)");
  });
});

