/** Runs a program to its end and gives back what it printed (for the runtime tests). */
import { execFile } from "node:child_process";

/** How a program ended. */
export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command args…` in `cwd`; never rejects: a failure is in `code` and `stderr`. */
export function runProgram(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The JSON a program printed last, or an error that shows everything it printed. */
export function lastJson(ran: Ran): unknown {
  const line = ran.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`exit ${ran.code}; stdout:\n${ran.stdout}\nstderr:\n${ran.stderr}`);
  }
}
