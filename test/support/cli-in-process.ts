/**
 * Runs the command line's `main()` in the test's process, as the binary would run it but without
 * a build or a child process: what it printed, byte for byte, and its exit code.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll } from "vitest";
import { main } from "../../src/cli/main.mjs";
import { useStandIn, useTempDir } from "./set-up.js";

export interface InProcessRun {
  code: number;
  stdout: string;
  /** stdout as bytes (a download to `-`). */
  bytes: Buffer;
  stderr: string;
}

export interface InProcessOptions {
  env: Record<string, string | undefined>;
  /** The working folder relative paths are resolved against (the process's by default). */
  cwd?: string;
  /** Standard input's chunks. */
  stdin?: (string | Uint8Array)[];
  /** Whether stdout is a terminal. */
  tty?: boolean;
  /** Whether stderr is a terminal (progress bars are drawn there). */
  stderrTty?: boolean;
  /** stdout's width, as a terminal reports it. */
  columns?: number;
  signal?: AbortSignal;
  /** Called with each stdout chunk as it is written. */
  onStdout?: (text: string) => void;
  /** Called with each stderr chunk as it is written. */
  onStderr?: (text: string) => void;
}

/** `seekrflow args…` in process, with `env` as its whole environment. */
export async function runMain(args: string[], options: InProcessOptions): Promise<InProcessRun> {
  const chunks: Buffer[] = [];
  let stderr = "";
  const code = await main(
    args,
    {
      stdout: {
        write: (chunk: string | Uint8Array) => {
          chunks.push(Buffer.from(chunk));
          options.onStdout?.(String(chunk));
          return true;
        },
        ...(options.tty ? { isTTY: true } : {}),
        ...(options.columns === undefined ? {} : { columns: options.columns }),
      },
      stderr: {
        ...(options.stderrTty ? { isTTY: true } : {}),
        write: (text: string) => {
          stderr += text;
          options.onStderr?.(text);
        },
      },
      env: options.env,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.stdin
        ? {
            stdin: (async function* () {
              yield* options.stdin!;
            })(),
          }
        : {}),
    },
    options.signal ?? new AbortController().signal,
  );
  const bytes = Buffer.concat(chunks);
  return { code, stdout: bytes.toString("utf8"), bytes, stderr };
}

/**
 * What the in-process workflow tests share: a stand-in whose clock moves 10 ms a request (the
 * command's own polls move a job on, not the machine), a folder holding a.md and b.md, and
 * `cli`, `main()` run in that folder against the stand-in with `key`.
 */
export function useCliWorkspace(key: string, prefix: string) {
  const standIn = useStandIn({
    apiKey: key,
    clock: { mode: "manual", stepMs: 10 },
    ingestionMs: 20,
    queueMs: 20,
    runMs: 40,
  });
  const dir = useTempDir(prefix);
  beforeAll(async () => {
    await writeFile(path.join(dir, "a.md"), "# A\n");
    await writeFile(path.join(dir, "b.md"), "# B\n");
  });
  const cli = (argv: string[], options: Partial<InProcessOptions> = {}) =>
    runMain(argv, {
      env: { SEEKR_API_KEY: key, SEEKR_BASE_URL: standIn.url },
      cwd: dir,
      ...options,
    });
  return { standIn, dir, cli };
}
