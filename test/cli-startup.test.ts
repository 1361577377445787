/**
 * A command line that loads what it uses: `seekrflow --version` and `--help` load neither the
 * request validators nor the stand-in, nor any module over 100 kB; the demo loads the stand-in
 * when it runs. Measured on the built binary with module hooks that record every file loaded.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAIN } from "./support/cli.js";
import { runProgram } from "./support/run-program.js";

const REGISTER = path.resolve("test/support/loads/register.mjs");

/** The files `seekrflow args…` loaded, with their sizes in bytes. */
async function loads(args: string[]): Promise<{ size: number; file: string }[]> {
  const dir = await mkdtemp(path.join(tmpdir(), "seekrflow-loads-"));
  try {
    const record = path.join(dir, "loads.txt");
    const ran = await runProgram(process.execPath, ["--import", REGISTER, MAIN, ...args], dir, {
      LOADS_FILE: record,
    });
    expect(ran.code, ran.stderr).toBe(0);
    return (await readFile(record, "utf8"))
      .trim()
      .split("\n")
      .map((line) => {
        const [size, url] = line.split(" ");
        return { size: Number(size), file: path.relative(process.cwd(), new URL(url!).pathname) };
      });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whether a loaded file holds the stand-in or the generated validators. */
const heavy = async (file: string): Promise<boolean> =>
  /stand-in bug|export const validators|function validate\d/.test(await readFile(file, "utf8"));

describe("what the command line loads", () => {
  it.each(["--version", "--help", "data-jobs list --help"])(
    "seekrflow %s: no validators, no stand-in, no module over 100 kB",
    { timeout: 30_000 },
    async (command) => {
      const loaded = await loads(command.split(" "));
      expect(loaded.some(({ file }) => file.endsWith("cli/bin.mjs"))).toBe(true);
      expect(loaded.filter(({ size }) => size > 100_000)).toEqual([]);
      for (const { file } of loaded) expect(await heavy(file), file).toBe(false);
    },
  );

  it("the demo loads the stand-in when it runs", { timeout: 60_000 }, async () => {
    const loaded = await loads(["demo", "--speed", "1000", "--json"]);
    const flags = await Promise.all(loaded.map(({ file }) => heavy(file)));
    expect(flags.some(Boolean)).toBe(true);
  });
});
