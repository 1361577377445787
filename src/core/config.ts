/**
 * The client's options and the one place that reads the environment and checks them.
 */
import { api, operationTable } from "../generated/operations.js";
import { ConfigurationError } from "./errors.js";

/** The server in the OpenAPI document. */
export const DEFAULT_BASE_URL: string = api.defaultBaseUrl;

/** What happened to one request attempt; the key is never in it. */
export interface RequestLogEvent {
  method: string;
  /** The URL path, without the query. */
  path: string;
  /** The operationId, when the document has the request. */
  operation: string | undefined;
  /** The HTTP status, or the error's name when there was no answer. */
  outcome: number | string;
  /** How long the attempt took, in whole ms. */
  ms: number;
  /** This attempt's number, from 1, and how many the call may make. */
  attempt: number;
  maxAttempts: number;
  /** The `cf-ray` header of the answer, if any. */
  requestId: string | undefined;
  /** When another attempt follows: the wait before it, in ms. */
  retryInMs: number | undefined;
}

/**
 * Receives each request attempt: as one line of text (what `SEEKR_LOG=debug` prints) and as a
 * structured event; and, with `validateResponses: "warn"`, a line for each drift (no event). The
 * key is in neither.
 */
export type Logger = (line: string, event: RequestLogEvent | undefined) => void;

/** The one-line form of a log event. */
export function formatLogEvent(event: RequestLogEvent): string {
  return (
    `seekrflow ${event.method} ${event.path} ${event.outcome} ${event.ms}ms ` +
    `attempt ${event.attempt}/${event.maxAttempts}` +
    (event.requestId ? ` cf-ray=${event.requestId}` : "") +
    (event.retryInMs === undefined ? "" : ` retry in ${Math.round(event.retryInMs)}ms`)
  );
}

/** Options of `new SeekrFlow()` and `createSeekrFlowClient()`. */
export interface ClientOptions {
  /** The API key, sent bare in `Authorization`. Defaults to `process.env.SEEKR_API_KEY`. */
  apiKey?: string | undefined;
  /** The server. Defaults to `process.env.SEEKR_BASE_URL`, else (also when empty) `https://flow.seekr.com`. */
  baseUrl?: string | undefined;
  /** The team to act for, sent as `x-team-id`. Defaults to `process.env.SEEKR_TEAM_ID`; empty means none. */
  teamId?: string | undefined;
  /**
   * The time one request attempt may take, headers and body, in ms: up to 2147483647 (24.8 days,
   * the longest a timer waits), or `Infinity` for no timeout. @default 60000
   */
  timeoutMs?: number | undefined;
  /**
   * The longest a streamed response body (a download, `files.content`) may go without a byte,
   * in ms, before the call fails with `APITimeoutError`: the body of a download is not under
   * `timeoutMs`, which ends at its headers. Defaults to the call's `timeoutMs`.
   */
  idleTimeoutMs?: number | undefined;
  /** How often a failed request is retried when retrying is safe. @default 2 */
  maxRetries?: number | undefined;
  /** The `fetch` to send with. @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
  /** Extra headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** Receives each request attempt, as a line and as an event. Defaults to stderr when `SEEKR_LOG=debug`. */
  logger?: Logger | undefined;
  /** Allow plain `http://` to a host other than localhost (the key would travel unencrypted). @default false */
  allowInsecureHttp?: boolean | undefined;
  /**
   * Check every JSON response against the document's schema for its operation and status: `true`
   * rejects a mismatch with `BadResponseError`, `"warn"` reports it once per operation and rule
   * through the logger (else `console.warn`) and resolves. Extra fields and new enum values are
   * not mismatches. @default false
   */
  validateResponses?: boolean | "warn" | undefined;
  /**
   * Allow the client in a browser, where anyone who opens the page can read the key. Only for a
   * key that is meant to be public, or a page that only you use. @default false
   */
  dangerouslyAllowBrowser?: boolean | undefined;
  /**
   * The environment variables to read (see `ENVIRONMENT`) instead of the process's: what a
   * command line or a server hands over. @default the process's environment
   */
  env?: Record<string, string | undefined> | undefined;
}

/** A request attempt's time limit when neither `timeoutMs` nor SEEKR_TIMEOUT_MS says. */
const DEFAULT_TIMEOUT_MS = 60_000;

/** One variable of `ENVIRONMENT`. */
export interface EnvironmentVariable {
  name: string;
  /** The option it stands in for, when that option is not given. */
  option: keyof ClientOptions;
  /** What it sets, for a help text. */
  describe: string;
  /** What applies when it is unset, if anything. */
  default?: string | number;
}

/**
 * Each environment variable the client reads (for a missing option only), and what it sets.
 * (Defaults are fields, not text, so that an app that never reads the list does not bundle it.)
 */
export const ENVIRONMENT = [
  { name: "SEEKR_API_KEY", option: "apiKey", describe: "the API key (required)" },
  { name: "SEEKR_BASE_URL", option: "baseUrl", describe: "the server", default: DEFAULT_BASE_URL },
  {
    name: "SEEKR_TEAM_ID",
    option: "teamId",
    describe: "the team to act for (default: your own)",
  },
  {
    name: "SEEKR_TIMEOUT_MS",
    option: "timeoutMs",
    describe: "the time a request may take, in ms",
    default: DEFAULT_TIMEOUT_MS,
  },
  { name: "SEEKR_LOG", option: "logger", describe: "debug: one line per request on stderr" },
] as const satisfies readonly EnvironmentVariable[];

/** A variable's line of help: what it sets and its default, `the server (default https://…)`. */
export function describeVariable(variable: EnvironmentVariable): string {
  return variable.default === undefined
    ? variable.describe
    : `${variable.describe} (default ${variable.default})`;
}

/** The environment variable that sets `option`, such as `SEEKR_API_KEY` for `apiKey`. */
export function variableFor(option: (typeof ENVIRONMENT)[number]["option"]): string {
  return ENVIRONMENT.find((variable) => variable.option === option)!.name;
}

/** Where a setting came from: its option, its variable, or the default. */
export type SettingSource = "option" | (typeof ENVIRONMENT)[number]["name"] | "default";

/** Where the key, the server and the team came from (never the key itself). */
export interface ConfigSources {
  apiKey: SettingSource;
  baseUrl: SettingSource;
  teamId: SettingSource;
}

type Environment = Record<string, string | undefined>;

/** Whether this runs in a web page (as openai-node tells): a window with a document, and a navigator. */
function inBrowser(): boolean {
  const scope = globalThis as { window?: { document?: unknown }; navigator?: unknown };
  return (
    typeof scope.window === "object" &&
    typeof scope.window?.document !== "undefined" &&
    typeof scope.navigator !== "undefined"
  );
}

interface Runtime {
  process?: { env?: Environment };
  Deno?: {
    permissions?: { querySync?(what: { name: "env"; variable: string }): { state: string } };
  };
}

/**
 * A variable of the process's environment, where there is one (Node, Bun, Deno), read only when
 * an option is missing. Deno's is read only if `--allow-env` granted it: never a prompt.
 */
function processEnv(name: string): string | undefined {
  const { process, Deno } = globalThis as Runtime;
  const query = Deno?.permissions?.querySync;
  if (query && query({ name: "env", variable: name }).state !== "granted") return undefined;
  // Stryker disable next-line OptionalChaining: only a bundler's shim has a process without env,
  // and stubbing process in a test would break the test runner itself.
  return process?.env?.[name];
}

/** The options after defaults, environment and checks. */
export interface ResolvedConfig {
  apiKey: string;
  baseUrl: URL;
  teamId: string | undefined;
  timeoutMs: number;
  /** Undefined: each call's `timeoutMs`. */
  idleTimeoutMs: number | undefined;
  maxRetries: number;
  fetch: typeof fetch;
  /** Whether `fetch` is the caller's own (then every request goes through it). */
  customFetch: boolean;
  headers: Record<string, string>;
  logger: Logger | undefined;
  validateResponses: false | true | "warn";
  sources: ConfigSources;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Applies defaults and the environment to `options`, and rejects what cannot work. */
export function resolveConfig(options: ClientOptions = {}): ResolvedConfig {
  if (inBrowser() && !options.dangerouslyAllowBrowser) {
    throw new ConfigurationError(
      "This looks like a browser: the API key would be readable by anyone who opens the page. Call SeekrFlow from your server instead, or pass dangerouslyAllowBrowser: true if the key is meant to be seen.",
    );
  }
  const { env } = options;
  const read = (name: string): string | undefined => (env ? env[name] : processEnv(name));
  /** An option, else its variable (an empty one is unset), and which it was. */
  const setting = (option: string | undefined, name: SettingSource) => {
    if (option !== undefined) return { value: option, source: "option" as const };
    const value = read(name) || undefined;
    return value === undefined ? { value, source: "default" as const } : { value, source: name };
  };
  const key = setting(options.apiKey, "SEEKR_API_KEY");
  const apiKey = key.value;
  if (!apiKey) {
    throw new ConfigurationError(
      "No API key: pass `apiKey` to the client or set the SEEKR_API_KEY environment variable (under Deno, allow it: --allow-env=SEEKR_API_KEY).",
    );
  }
  if (/^bearer\s/i.test(apiKey)) {
    throw new ConfigurationError(
      "The API key starts with `Bearer `: SeekrFlow takes the bare key in Authorization. Pass the key without the prefix.",
    );
  }
  if (/[\r\n]/.test(apiKey)) {
    throw new ConfigurationError(
      "The API key contains a line break, which cannot go in a header: check how it was read (a trailing newline from a file?).",
    );
  }
  // A header value is visible ASCII, spaces and tabs; anything else fails in fetch.
  if (/[^\t\x20-\x7e]/.test(apiKey)) {
    throw new ConfigurationError(
      "The API key has characters that cannot go in an HTTP header (non-ASCII or control characters): check that it was copied whole and unchanged.",
    );
  }
  const server = setting(options.baseUrl || undefined, "SEEKR_BASE_URL");
  const baseUrl = parseBaseUrl(
    server.value ?? DEFAULT_BASE_URL,
    options.allowInsecureHttp ?? false,
  );
  const team = setting(options.teamId, "SEEKR_TEAM_ID");
  const log = read("SEEKR_LOG") || undefined;
  if (options.logger === undefined && log !== undefined && log !== "debug")
    throw new ConfigurationError(
      `SEEKR_LOG must be debug (one line per request on stderr) or unset, not ${JSON.stringify(log)}.`,
    );
  const logger =
    options.logger ?? (log === "debug" ? (line: string) => console.error(line) : undefined);
  const doubled = doubledPrefix(baseUrl);
  if (doubled && logger && !warned.has(baseUrl.href)) {
    warned.add(baseUrl.href);
    logger(`seekrflow-client: warning: ${doubled}`, undefined);
  }
  return {
    apiKey,
    baseUrl,
    teamId: team.value || undefined,
    timeoutMs: checkTimeout(
      options.timeoutMs ?? timeoutFrom(read("SEEKR_TIMEOUT_MS")) ?? DEFAULT_TIMEOUT_MS,
    ),
    idleTimeoutMs:
      options.idleTimeoutMs === undefined
        ? undefined
        : checkTimeout(options.idleTimeoutMs, "idleTimeoutMs"),
    maxRetries: checkRetries(options.maxRetries ?? 2),
    fetch: options.fetch ?? globalThis.fetch,
    customFetch: options.fetch !== undefined,
    headers: options.headers ?? {},
    logger,
    validateResponses: options.validateResponses ?? false,
    sources: { apiKey: key.source, baseUrl: server.source, teamId: team.source },
  };
}

/** SEEKR_TIMEOUT_MS as a number of ms, checked; undefined when unset or empty. */
function timeoutFrom(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const ms = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(ms))
    throw new ConfigurationError(
      `SEEKR_TIMEOUT_MS must be a whole number of milliseconds, such as 30000, not ${JSON.stringify(text)}.`,
    );
  return checkTimeout(ms, "SEEKR_TIMEOUT_MS");
}

/** The path every operation of the document starts with, such as `/v1`. */
const API_PREFIX = `/${Object.values(operationTable)[0]!.path.split("/")[1]}`;
/** The base URLs warned about already: a warning is said once. */
const warned = new Set<string>();

/**
 * What is wrong with a base URL whose path already ends in the API's own prefix (`…/v1`): every
 * request would go to `/v1/v1/…`. Undefined when it does not.
 */
export function doubledPrefix(baseUrl: URL): string | undefined {
  const path = baseUrl.pathname.replace(/\/+$/, "");
  if (!path.endsWith(API_PREFIX)) return undefined;
  const meant = `${baseUrl.origin}${path.slice(0, -API_PREFIX.length)}`;
  return `baseUrl ${baseUrl.origin}${path} already ends in ${API_PREFIX}, which every API path starts with: requests go to ${path}${API_PREFIX}/…. Did you mean ${meant}?`;
}

function parseBaseUrl(text: string, allowInsecureHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigurationError(
      `baseUrl ${JSON.stringify(text)} is not a URL; use e.g. https://flow.seekr.com.`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigurationError(`baseUrl must be http(s), not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new ConfigurationError(
      `baseUrl ${url.protocol}//${url.host} has a user name or password in it: remove them (the API key is the only credential).`,
    );
  }
  if (url.search || url.hash) {
    throw new ConfigurationError(
      `baseUrl ${url.origin}${url.pathname} has a query or fragment: give the server's address alone.`,
    );
  }
  if (url.protocol === "http:" && !LOOPBACK.has(url.hostname) && !allowInsecureHttp) {
    throw new ConfigurationError(
      `baseUrl ${url.origin} is plain http: the API key would travel unencrypted. Use https, or pass allowInsecureHttp: true if you mean it.`,
    );
  }
  url.pathname = url.pathname.replace(/\/+$/, "");
  return url;
}

/** The longest delay a timer takes: a longer one would fire at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Rejects a `timeoutMs` that no timer can wait for. */
export function checkTimeout(value: number, name = "timeoutMs"): number {
  if (value === Infinity || (Number.isInteger(value) && value >= 1 && value <= MAX_TIMEOUT_MS))
    return value;
  throw new ConfigurationError(
    `${name} must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS} (24.8 days), or Infinity for no timeout, not ${value}.`,
  );
}

/** Rejects a `maxRetries` that is not a whole number at least 0. */
export function checkRetries(value: number): number {
  if (Number.isInteger(value) && value >= 0) return value;
  throw new ConfigurationError(`maxRetries must be a whole number of at least 0, not ${value}.`);
}
