/**
 * How `main()` routes what it is given, in process and with no API: help for the list, a group
 * or a command (however it is asked), an unknown or missing command with a guess, global flags
 * before the command, and usage errors with their notes; then what it reports of a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../src/cli/commands.mjs";
import { commandHelp, topHelp } from "../src/cli/help.mjs";
import { SeekrFlow } from "../src/node/index.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { type InProcessOptions, runMain } from "./support/cli-in-process.js";

const run = (argv: string[]) => runMain(argv, { env: {} });
const list = `${commandHelp(COMMANDS["data-jobs list"]!)}\n`;

describe("the command line's routing", () => {
  it("prints help for the list, a group or a command, however it is asked, exit 0", async () => {
    const cases: [string[], string][] = [
      [["help"], `${topHelp()}\n`],
      [["--help"], `${topHelp()}\n`],
      [["-h"], `${topHelp()}\n`],
      [["help", "data-jobs"], `${topHelp("data-jobs")}\n`],
      [["data-jobs", "--help"], `${topHelp("data-jobs")}\n`],
      [["help", "data-jobs", "list"], list],
      [["help", "data-jobs", "list", "--limit", "3"], list],
      [["data-jobs", "list", "-h"], list],
      [["--json", "data-jobs", "list", "--help"], list],
      [["--timeout", "5s", "doctor", "--help"], `${commandHelp(COMMANDS.doctor!)}\n`],
    ];
    for (const [argv, help] of cases)
      expect(await run(argv), argv.join(" ")).toMatchObject({ code: 0, stdout: help, stderr: "" });
    expect(topHelp("data-jobs")).toContain("Usage: seekrflow data-jobs <command> [options]");
    expect(topHelp("data-jobs")).not.toContain("files upload");
  });

  it("says an unknown command, with the closest one when there is one, exit 2", async () => {
    for (const argv of [
      ["help", "data-jobs", "lst"],
      ["data-jobs", "lst"],
    ])
      expect(await run(argv)).toMatchObject({
        code: 2,
        stdout: "",
        stderr:
          'error: unknown command "data-jobs lst": did you mean "data-jobs list"?\n(see seekrflow --help)\n',
      });
    for (const argv of [["help", "nope"], ["nope"]])
      expect(await run(argv)).toMatchObject({
        code: 2,
        stderr: 'error: unknown command "nope"\n(see seekrflow --help)\n',
      });
    expect((await run(["\u001b[2J"])).stderr).toBe(
      'error: unknown command "\\x1b[2J"\n(see seekrflow --help)\n',
    );
  });

  it("says no command was given, and shows the list or the group's, exit 2", async () => {
    expect(await run([])).toMatchObject({
      code: 2,
      stdout: `${topHelp()}\n`,
      stderr: "error: no command given\n",
    });
    expect(await run(["data-jobs"])).toMatchObject({
      code: 2,
      stdout: `${topHelp("data-jobs")}\n`,
      stderr: "error: no command given\n",
    });
  });

  it("ends a usage error with the command's usage, where to see more, and that nothing was sent", async () => {
    expect(await run(["data-jobs", "list", "extra"])).toMatchObject({
      code: 2,
      stdout: "",
      stderr:
        'error: unexpected argument "extra"\nusage: seekrflow data-jobs list [options]\n(see seekrflow data-jobs list --help)\nNothing was sent.\n',
    });
    expect((await run(["data-jobs", "list", "--timeout"])).stderr).toBe(
      "error: Option '--timeout <value>' argument missing\nusage: seekrflow data-jobs list [options]\n(see seekrflow data-jobs list --help)\nNothing was sent.\n",
    );
  });

  it("takes what follows -- as arguments, not as --help", async () => {
    const ran = await run(["files", "upload", "--", "--help"]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/^error: No API key: /);
  });

  it("says how to give a key on the command line, as text or as JSON notes", async () => {
    const text = await run(["data-jobs", "list"]);
    expect(text.stderr.split("\n").slice(1)).toEqual([
      "On the command line: export SEEKR_API_KEY=<your key> (or try seekrflow demo, which needs none).",
      "Nothing was sent.",
      "",
    ]);
    const json = await run(["--json", "data-jobs", "list"]);
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        type: "ConfigurationError",
        message: expect.stringMatching(/^No API key: /),
        exitCode: 2,
        notes: [
          "On the command line: export SEEKR_API_KEY=<your key> (or try seekrflow demo, which needs none).",
          "Nothing was sent.",
        ],
      },
    });
  });
});

describe("the command line's reports, against the stand-in", () => {
  let standIn: StandIn;
  beforeAll(async () => {
    standIn = await startStandIn({ apiKey: "sk-main", clock: "manual" });
  });
  afterAll(() => standIn.close());
  const cli = (argv: string[], options: Partial<InProcessOptions> = {}) =>
    runMain(argv, { env: { SEEKR_API_KEY: "sk-main", SEEKR_BASE_URL: standIn.url }, ...options });

  it("reads --body - from standard input, in chunks, and says when there is none", async () => {
    const ran = await cli(["data-jobs", "create", "--body", "-", "--json"], {
      stdin: ['{"name":"From', ' stdin","job_type":"principle_files"}'],
    });
    expect([ran.code, JSON.parse(ran.stdout).name]).toEqual([0, "From stdin"]);
    const none = await cli(["data-jobs", "create", "--body", "-"]);
    expect([none.code, none.stderr.split("\n")[0]]).toEqual([
      2,
      "error: --body -: no standard input to read",
    ]);
  });

  it("prints a 422's items, one a line, and the stack with --debug only", async () => {
    const refused = { detail: [{ loc: ["body", "name"], msg: "taken", type: "value_error" }] };
    standIn.failNext(422, 1, {}, refused);
    const ran = await cli(["data-jobs", "list"]);
    expect(ran.code).toBe(3);
    expect(ran.stderr.split("\n").slice(1, 2)).toEqual(["  body.name: taken"]);
    expect(ran.stderr).not.toMatch(/\n {4}at /);
    standIn.failNext(422, 1, {}, refused);
    const debug = await cli(["data-jobs", "list", "--debug"]);
    expect(debug.stderr).toMatch(/\nUnprocessableEntityError: [^\n]*\n {4}at /);
    standIn.failNext(422, 1, {}, refused);
    const json = JSON.parse((await cli(["data-jobs", "list", "--debug", "--json"])).stderr);
    expect(json.error).toMatchObject({ status: 422, detail: refused.detail, exitCode: 3 });
    expect(json.error.notes.some((note: string) => note.startsWith("    at "))).toBe(false);
  });

  it("prints a job's reasons and the command that moves it on when it waits for its owner", async () => {
    const flow = new SeekrFlow({ apiKey: "sk-main", baseUrl: standIn.url });
    const job = await flow.dataJobs.create({ name: "Owner", job_type: "principle_files" });
    const ran = await cli(["data-jobs", "watch", job.id]);
    expect(ran.code).toBe(5);
    const lines = ran.stderr.trimEnd().split("\n");
    expect(lines.at(-1)).toBe(
      `next: seekrflow data-jobs get ${job.id} shows what to fix; then remove-files, add-files or update, and seekrflow data-jobs watch ${job.id} --until ready_to_start`,
    );
    expect(lines.filter((line) => line.startsWith("  ")).length).toBeGreaterThan(0);
  });
});
