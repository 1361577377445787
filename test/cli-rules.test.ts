/**
 * The command line's own rules, each one a defect a hand-planted mutation once slipped past: lengths
 * in characters with the flag named, commands for pasting quoted against the shell's expansions,
 * a usage error as JSON under --json, and downloads that never replace a file without --force.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/cli/exit-codes.mjs";
import { shellCommand, shellQuote } from "../src/cli/output.mjs";
import { commandTable } from "../src/generated/commands.js";
import { runMain } from "./support/cli-in-process.js";
import { useStandIn, useTempDir } from "./support/set-up.js";

const KEY = "sk-cli-rules-7731";
const server = useStandIn({ apiKey: KEY, clock: "manual" });
const dir = useTempDir("seekrflow-cli-rules-");
const cli = (args: string[]) =>
  runMain(args, { env: { SEEKR_API_KEY: KEY, SEEKR_BASE_URL: server.url } });

describe("lengths", () => {
  const create = (name: string) =>
    cli(["data-jobs", "create", "--name", name, "--job-type", "principle_files", "--json"]);

  it("counts characters, as the server does: 200 emoji are a valid --name", async () => {
    const name = "🙂".repeat(200); // 400 UTF-16 units
    const run = await create(name);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).name).toBe(name);
  });

  it("names the flag in the message of a length limit, and sends nothing", async () => {
    const before = server.requests.length;
    const run = await create("🙂".repeat(256));
    expect(run.code).toBe(EXIT_CODES.usage);
    expect(run.stderr).toContain("--name must be at most 255 characters");
    expect(run.stderr).toContain("Nothing was sent.");
    expect(server.requests.length).toBe(before);
  });
});

describe("one check per input: the document's validators, told by flag", () => {
  it("the command table carries no bound copied from the document", () => {
    for (const row of Object.values(commandTable))
      for (const flag of Object.values(row.flags))
        for (const bound of ["minimum", "maximum", "minLength", "maxLength", "minItems"])
          expect(flag, `${row.operation}`).not.toHaveProperty(bound);
  });

  it.each([
    [["data-jobs", "list", "--limit", "0"], "--limit must be at least 1"],
    [["files", "list", "--limit", "1001"], "--limit must be at most 1000"],
    [
      ["data-jobs", "create", "--job-type", "principle_files"],
      "--name is required (or give it in --body): A name to recognise the job by.",
    ],
    [
      ["data-jobs", "create", "--job-type", "principle_files", "--name", "a", "--instructions", ""],
      "--instructions must be at least 1 character long",
    ],
    [
      [
        "data-jobs",
        "create",
        "--body",
        `{"name": "${"x".repeat(256)}", "job_type": "principle_files"}`,
      ],
      "--name must be at most 255 characters long",
    ],
    [
      ["data-jobs", "create", "--name", "a", "--job-type", "bogus"],
      '--job-type must be one of "principle_files"',
    ],
    [
      ["data-jobs", "create", "--name", "a", "--type", "bogus"],
      '--job-type must be one of "principle_files", "context_grounded_files", "context_grounded_vector_db", not "bogus"',
    ],
  ])("%j: %s, nothing sent", async (args, message) => {
    const before = server.requests.length;
    const run = await cli(args);
    expect(run.code, run.stderr).toBe(EXIT_CODES.usage);
    expect(run.stderr).toContain(`error: ${message}`);
    expect(run.stderr).toContain("Nothing was sent.");
    expect(server.requests.length).toBe(before);
  });

  it("a field of --body that no flag sets is named in --body", async () => {
    const run = await cli([
      "data-jobs",
      "create",
      "--body",
      '{"name": "a", "job_type": "principle_files", "instructions": 5}',
    ]);
    expect(run.code).toBe(EXIT_CODES.usage);
    expect(run.stderr).toContain("--instructions must be a string or null");
  });
});

describe("commands printed for pasting", () => {
  it.each([
    "~",
    "~/docs/handbook.md",
    "*.md",
    "a*",
    "notes?.md",
    "[ab].md",
    "{a,b}",
    "$HOME",
    "a b",
  ])("quotes %j so that the shell leaves it as it is", (arg) => {
    expect(shellQuote(arg)).toBe(`'${arg}'`);
    expect(shellCommand(["files", "upload", arg])).toBe(`seekrflow files upload '${arg}'`);
  });

  it("leaves plain words bare", () => {
    expect(shellCommand(["data-jobs", "watch", "dj-1", "--until", "ready_to_start"])).toBe(
      "seekrflow data-jobs watch dj-1 --until ready_to_start",
    );
  });
});

describe("--json", () => {
  it("prints a usage error as JSON on stderr, with its exit code", async () => {
    const run = await cli(["data-jobs", "list", "--limit", "500", "--json"]);
    expect(run.code).toBe(EXIT_CODES.usage);
    expect(run.stdout).toBe("");
    const { error } = JSON.parse(run.stderr);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("--limit must be at most 100");
    expect(error.notes).toContain("Nothing was sent.");
  });

  it("prints an unknown flag under --json as JSON too", async () => {
    const run = await cli(["data-jobs", "list", "--colour", "--json"]);
    expect(run.code).toBe(EXIT_CODES.usage);
    expect(JSON.parse(run.stderr).error.message).toContain("--colour");
  });
});

describe("data-jobs outputs --download", () => {
  async function completedJob(): Promise<string> {
    const file = path.join(dir, "doc.md");
    await writeFile(file, "# Doc\nLeave: 25 days.\n");
    const created = await cli([
      "data-jobs",
      "create",
      "--name",
      "Outputs",
      "--job-type",
      "principle_files",
      "--file",
      file,
      "--json",
    ]);
    const { id } = JSON.parse(created.stdout);
    server.settle(id, "ready_to_start");
    expect((await cli(["data-jobs", "start", id])).code).toBe(0);
    server.settle(id, "completed");
    return id;
  }

  it("never replaces a file that is there without --force, and sends no download", async () => {
    const id = await completedJob();
    const target = path.join(dir, "out");
    const first = await cli(["data-jobs", "outputs", id, "--download", target, "--json"]);
    expect(first.code, first.stderr).toBe(0);
    const [output] = JSON.parse(first.stdout);
    const saved = path.join(target, output.filename);
    await writeFile(saved, "mine");
    const before = server.requests.length;
    const again = await cli(["data-jobs", "outputs", id, "--download", target]);
    expect(again.code).toBe(EXIT_CODES.usage);
    expect(again.stderr).toContain("exists: pass --force to replace it");
    expect(await readFile(saved, "utf8")).toBe("mine");
    expect(server.requests.slice(before).map((r) => r.operation)).not.toContain("getFileContent");
    const forced = await cli(["data-jobs", "outputs", id, "--download", target, "--force"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await readFile(saved, "utf8")).not.toBe("mine");
  });
});
