/**
 * The client's options and the one place that reads the environment and checks them.
 */
import { ConfigurationError } from "./errors.js";

/** The server in the OpenAPI document. */
export const DEFAULT_BASE_URL = "https://flow.seekr.com";

/** A function that receives one debug line per request attempt (the key is never in it). */
export type Logger = (line: string) => void;

/** Options of `new SeekrFlow()` and `createSeekrFlowClient()`. */
export interface ClientOptions {
  /** The API key, sent bare in `Authorization`. Defaults to `process.env.SEEKR_API_KEY`. */
  apiKey?: string;
  /** The server. Defaults to `process.env.SEEKR_BASE_URL`, else `https://flow.seekr.com`. */
  baseUrl?: string;
  /** The team to act for, sent as `x-team-id`. Defaults to `process.env.SEEKR_TEAM_ID`. */
  teamId?: string;
  /**
   * The time one request attempt may take, headers and body, in ms: up to 2147483647 (24.8 days,
   * the longest a timer waits), or `Infinity` for no timeout. @default 60000
   */
  timeoutMs?: number;
  /** How often a failed request is retried when retrying is safe. @default 2 */
  maxRetries?: number;
  /** The `fetch` to send with. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Receives one line per request attempt. Defaults to stderr when `SEEKR_LOG=debug`. */
  logger?: Logger;
  /** Allow plain `http://` to a host other than localhost (the key would travel unencrypted). @default false */
  allowInsecureHttp?: boolean;
}

/** The options after defaults, environment and checks. */
export interface ResolvedConfig {
  apiKey: string;
  baseUrl: URL;
  teamId: string | undefined;
  timeoutMs: number;
  maxRetries: number;
  fetch: typeof fetch;
  headers: Record<string, string>;
  logger: Logger | undefined;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Applies defaults and the environment to `options`, and rejects what cannot work. */
export function resolveConfig(
  options: ClientOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedConfig {
  const apiKey = options.apiKey ?? env.SEEKR_API_KEY;
  if (!apiKey) {
    throw new ConfigurationError(
      "No API key: pass `apiKey` to the client or set the SEEKR_API_KEY environment variable.",
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
  const baseUrl = parseBaseUrl(
    options.baseUrl ?? env.SEEKR_BASE_URL ?? DEFAULT_BASE_URL,
    options.allowInsecureHttp ?? false,
  );
  const teamId = options.teamId ?? (env.SEEKR_TEAM_ID || undefined);
  const logger =
    options.logger ??
    (env.SEEKR_LOG === "debug" ? (line: string) => console.error(line) : undefined);
  return {
    apiKey,
    baseUrl,
    teamId,
    timeoutMs: checkTimeout(options.timeoutMs ?? 60_000),
    maxRetries: checkRetries(options.maxRetries ?? 2),
    fetch: options.fetch ?? globalThis.fetch,
    headers: options.headers ?? {},
    logger,
  };
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
export function checkTimeout(value: number): number {
  if (value === Infinity || (Number.isInteger(value) && value >= 1 && value <= MAX_TIMEOUT_MS))
    return value;
  throw new ConfigurationError(
    `timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS} (24.8 days), or Infinity for no timeout, not ${value}.`,
  );
}

/** Rejects a `maxRetries` that is not a whole number at least 0. */
export function checkRetries(value: number): number {
  if (Number.isInteger(value) && value >= 0) return value;
  throw new ConfigurationError(`maxRetries must be a whole number of at least 0, not ${value}.`);
}
