/**
 * The host side of `flow` in the sandbox: a call by name (`dataJobs.create`) made with the real
 * client, so that validation, retries, timeouts and typed errors are the client's. Which names
 * exist is read off the client itself (its resources' methods), not listed here. Permissions are
 * enforced where requests are made, not by reading the code: a middleware on the run's client
 * refuses a request that changes data under `--read-only`, or whose operation's tool `--tools`
 * leaves out, whatever spelling reached it; local paths go through the roots as in tools mode.
 */
import { requestsSent } from "seekrflow-client";
import type { SeekrFlow } from "seekrflow-client/node";
import { stat } from "node:fs/promises";
import { toolTable } from "../generated/tools.js";
import { allowedPath } from "../roots.js";

/** A call the server's options do not allow: raised before the request leaves. */
export class PermissionRefused extends Error {
  override name = "PermissionRefused";
}

/** What the run's calls may do. */
export interface HostOptions {
  flow: SeekrFlow;
  roots: readonly string[];
  readOnly: boolean;
  /** The tools served, when limited: an operation runs only if its tool is among them. */
  tools: readonly string[] | undefined;
  signal: AbortSignal;
}

/** The resources of the client a guest may call, and the top-level methods. */
const RESOURCES = ["dataJobs", "files"] as const;
const TOP = ["request", "paginate"] as const;
/** What the sandbox cannot carry: streams, and clients of another key. */
const NOT_HERE: Record<string, string> = {
  "files.content": "streams do not cross into the sandbox: use flow.files.download(id, path)",
};

/** Every method name a guest may call, as `resource.method` (read off a client). */
export function methodsOf(flow: SeekrFlow): string[] {
  const names: string[] = [...TOP];
  for (const resource of RESOURCES) {
    for (
      let proto = Object.getPrototypeOf(flow[resource]);
      proto && proto !== Object.prototype;
      proto = Object.getPrototypeOf(proto)
    )
      for (const name of Object.getOwnPropertyNames(proto))
        if (name !== "constructor" && typeof proto[name] === "function")
          names.push(`${resource}.${name}`);
  }
  return [...new Set(names)].filter((name) => !(name in NOT_HERE)).sort();
}

/** The edit distance of two names, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = here;
    }
  }
  return row[b.length]!;
}

/** The middleware that refuses, at the request, what the options do not allow. */
function guard(options: HostOptions) {
  return {
    onRequest({ request, schemaPath }: { request: Request; schemaPath: string }) {
      const row = toolTable.find((r) => r.path === schemaPath && r.method === request.method);
      const operation = row?.operation ?? `${request.method} ${schemaPath}`;
      if (options.readOnly && request.method !== "GET")
        throw new PermissionRefused(
          `${operation} changes data, and this server is --read-only: only reads run. ${requestsSent(0)}`,
        );
      if (options.tools && (!row || !options.tools.includes(row.name)))
        throw new PermissionRefused(
          `${operation} is not among the tools this server allows (--tools ${options.tools.join(",")}). ${requestsSent(0)}`,
        );
      return undefined;
    },
  };
}

/** The host of one run: `call` makes a guest's call; walks (`for await`) are kept by id. */
export function hostFor(options: HostOptions) {
  const flow = options.flow.withOptions({});
  flow.use(guard(options));
  const known = methodsOf(flow);
  const walks = new Map<number, AsyncIterator<unknown>>();
  let nextWalk = 1;
  const local = (path: unknown, use: "read" | "write") => {
    if (typeof path !== "string")
      throw new TypeError(
        `a local file is named by a path (a string) under the roots, not ${JSON.stringify(path)}`,
      );
    return allowedPath(path, options.roots, use);
  };
  const withSignal = (value: unknown) => ({
    ...(typeof value === "object" && value !== null ? value : {}),
    signal: options.signal,
  });

  /** Calls the client's method named `resource.method` (or a top-level one) with `args`. */
  const apply = (method: string, args: unknown[]): unknown => {
    const [group, name] = method.includes(".") ? method.split(".") : [undefined, method];
    const owner = (group ? flow[group as (typeof RESOURCES)[number]] : flow) as unknown as Record<
      string,
      (...args: unknown[]) => unknown
    >;
    return owner[name!]!.apply(owner, args);
  };

  /** Makes the call a guest asked for and returns its (awaited) value. */
  async function invoke(method: string, args: unknown[]): Promise<unknown> {
    if (method in NOT_HERE) throw new TypeError(`flow.${method}: ${NOT_HERE[method]}`);
    if (!known.includes(method)) {
      const near = [...known].sort((a, b) => distance(method, a) - distance(method, b))[0]!;
      throw new TypeError(
        `flow.${method} is not a method of the client. Did you mean flow.${near}? (search_docs finds methods by what they do.)`,
      );
    }
    switch (method) {
      case "files.upload":
        return flow.files.upload(await local(args[0], "read"), withSignal(args[1]) as never);
      case "files.uploadTogether":
      case "files.uploadEach": {
        if (!Array.isArray(args[0])) throw new TypeError(`flow.${method} takes an array of paths`);
        const paths = await Promise.all(args[0].map((p) => local(p, "read")));
        const done = await (
          flow.files[method === "files.uploadTogether" ? "uploadTogether" : "uploadEach"] as (
            paths: string[],
            options: unknown,
          ) => Promise<unknown>
        )(paths, withSignal(args[1]));
        // uploadEach's outcomes carry errors: as JSON, their name and message.
        return JSON.parse(
          JSON.stringify(done, (_key, value: unknown) =>
            value instanceof Error ? { name: value.name, message: value.message } : value,
          ),
        );
      }
      case "files.download": {
        if (options.readOnly)
          throw new PermissionRefused(
            `flow.files.download writes a local file, and this server is --read-only. ${requestsSent(0)}`,
          );
        const target = await local(args[1], "write");
        const { overwrite, ...rest } = (args[2] ?? {}) as { overwrite?: unknown };
        if (overwrite !== true && (await stat(target).catch(() => undefined)))
          throw new PermissionRefused(
            `${String(args[1])} exists: pass { overwrite: true } to replace it. ${requestsSent(0)}`,
          );
        const bytes = await flow.files.download(String(args[0]), target, withSignal(rest));
        return { path: target, bytes };
      }
      default: {
        return await apply(method, args);
      }
    }
  }

  return {
    async call(method: string, args: unknown[]): Promise<unknown> {
      if (method === "walk.open") {
        const [inner, innerArgs] = args as [string, unknown[]];
        if (!known.includes(inner)) return invoke(inner, innerArgs);
        const listed = apply(inner, innerArgs) as Partial<AsyncIterable<unknown>>;
        if (typeof listed?.[Symbol.asyncIterator] !== "function")
          throw new TypeError(`flow.${inner}(…) is not a list: await it instead of for await`);
        walks.set(nextWalk, listed[Symbol.asyncIterator]!());
        return nextWalk++;
      }
      if (method === "walk.next") {
        const walk = walks.get(Number(args[0]));
        if (!walk) throw new TypeError("that walk is over");
        const step = await walk.next();
        if (step.done) walks.delete(Number(args[0]));
        return { done: step.done === true, value: step.value ?? null };
      }
      if (method === "walk.close") {
        await walks.get(Number(args[0]))?.return?.();
        walks.delete(Number(args[0]));
        return null;
      }
      return invoke(method, args);
    },
  };
}
