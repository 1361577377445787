/**
 * The command line's parsing on its own (parseCommand, parseDuration, closest): each value's
 * conversion and each refusal in the words a user reads, before anything is sent.
 */
import { describe, expect, it } from "vitest";
import type { Command, Input } from "../src/cli/command.mjs";
import { COMMANDS } from "../src/cli/commands.mjs";
import { checkInput } from "../src/cli/input-check.mjs";
import { API_FLAGS, closest, parseCommand, parseDuration } from "../src/cli/parse.mjs";

const read: string[] = [];
const sources = {
  stdin: async () => '{"name":"From stdin","job_type":"principle_files"}',
  file: async (given: string) => {
    read.push(given);
    if (given === "missing.json") throw new Error("no such file");
    return '{"name":"From a file","job_type":"principle_files"}';
  },
};
const parse = (words: string, argv: string[]) => parseCommand(COMMANDS[words]!, argv, sources);
const refusal = async (words: string, argv: string[]) => {
  const error = await parse(words, argv).then(
    () => undefined,
    (thrown: Error) => thrown,
  );
  expect(error?.name, `${words} ${argv.join(" ")}`).toBe("UsageError");
  return error!.message;
};

describe("the command line's parsing", () => {
  it("reads durations with units, a bare number as milliseconds, within the flag's bounds", () => {
    const timeout = API_FLAGS.timeout!;
    const cases: [string, number][] = [
      ["30s", 30_000],
      ["5m", 300_000],
      ["250ms", 250],
      ["1h", 3_600_000],
      ["1.5s", 1_500],
      [" 20 ", 20],
    ];
    for (const [text, ms] of cases) expect(parseDuration(text, "--t", timeout), text).toBe(ms);
    for (const text of ["0", "x", "5 m", "-1s", "2147483648"])
      expect(() => parseDuration(text, "--t", timeout), text).toThrow(
        `--t must be a duration such as 30s, 5m or 250ms (a bare number is milliseconds), from 1ms to 2147483647ms, not ${JSON.stringify(text)}`,
      );
    expect(parseDuration("2147483647", "--t", timeout)).toBe(2_147_483_647);
    expect(parseDuration("1", "--t", timeout)).toBe(1);
    expect(() =>
      parseDuration("3s", "--t", { ...timeout, minimum: 5_000, maximum: 9_000 }),
    ).toThrow("from 5000ms to 9000ms");
  });

  it("suggests the closest word for a typo, and none for a word far from all", () => {
    expect(closest("lst", ["list", "get"])).toBe("list");
    expect(closest("data-jobs lst", Object.keys(COMMANDS))).toBe("data-jobs list");
    expect(closest("zzzz", ["list"])).toBe(undefined);
    expect(closest("abcdefghi", ["abcdefxyz", "abcdwxyzq"])).toBe("abcdefxyz");
  });

  it("converts flags to their types and puts the operation's in its input", async () => {
    expect(await parse("data-jobs list", ["--limit", "5", "--json"])).toEqual({
      values: { limit: 5, json: true },
      args: {},
      input: { path: {}, query: { limit: 5 } },
    });
    expect(
      await parse("data-jobs watch", ["dj-1", "--interval", "2s", "--wait-timeout", "1m"]),
    ).toEqual({
      values: { interval: 2000, "wait-timeout": 60_000 },
      args: { data_job_id: "dj-1" },
      input: { path: { data_job_id: "dj-1" }, query: {} },
    });
    expect(
      (
        await parse("data-jobs create", [
          "--file",
          "a",
          "--file",
          "b",
          "--name",
          "x",
          "--type",
          "principle_files",
        ])
      ).values,
    ).toEqual({ file: ["a", "b"], name: "x", "job-type": "principle_files" });
    expect((await parse("data-jobs add-files", ["dj-1", "file-1", "file-2"])).args).toEqual({
      data_job_id: "dj-1",
      files: ["file-1", "file-2"],
    });
  });

  it("refuses a number that is not whole or out of a command's own bounds", async () => {
    expect(await refusal("data-jobs list", ["--limit", "1.5"])).toBe(
      '--limit must be a whole number, not "1.5"',
    );
    expect(await refusal("datasets preview", ["x.parquet", "--rows", "0"])).toBe(
      '--rows must be a whole number from 1 to 10000, not "0"',
    );
    expect(await refusal("datasets preview", ["x.parquet", "--rows", "10001"])).toBe(
      '--rows must be a whole number from 1 to 10000, not "10001"',
    );
    expect((await parse("datasets preview", ["x.parquet", "--rows", "10000"])).values.rows).toBe(
      10_000,
    );
  });

  it("refuses a flag twice, a missing or extra argument, and an unknown flag with a guess", async () => {
    expect(
      await refusal("data-jobs create", [
        "--name",
        "a",
        "--name",
        "b",
        "--type",
        "principle_files",
      ]),
    ).toBe("--name was given more than once");
    expect(await refusal("data-jobs get", [])).toBe("expects DATA_JOB_ID: The data job's id.");
    expect(await refusal("data-jobs get", ["a", "b"])).toBe('unexpected argument "b"');
    expect(await refusal("files upload", [])).toBe("expects at least one FILES");
    expect(await refusal("data-jobs list", ["--limt", "3"])).toBe(
      "Unknown option '--limt': did you mean --limit?",
    );
    expect(await refusal("data-jobs list", ["--qqqqqqq"])).toBe("Unknown option '--qqqqqqq'");
  });

  it("refuses a value its own flag does not take, and the document's enum by the flag", async () => {
    expect(await refusal("data-jobs watch", ["dj-1", "--until", "bogus"])).toBe(
      '--until must be one of file_processing, needs_review, ready_to_start, pending, queued, running, cancelled, failed, completed, stopped, not "bogus"',
    );
    expect(await refusal("data-jobs create", ["--name", "x", "--type", "bogus"])).toBe(
      '--job-type must be one of "principle_files", "context_grounded_files", "context_grounded_vector_db", not "bogus"',
    );
  });

  it("takes --body as JSON, from standard input or a file by the path given, flags over it", async () => {
    read.length = 0;
    expect((await parse("data-jobs create", ["--body", "-"])).input.body).toEqual({
      name: "From stdin",
      job_type: "principle_files",
    });
    expect(
      (await parse("data-jobs create", ["--body", "@job.json", "--name", "Over"])).input.body,
    ).toEqual({ name: "Over", job_type: "principle_files" });
    expect(read).toEqual(["job.json"]);
    expect(await refusal("data-jobs create", ["--body", "@missing.json"])).toBe(
      "--body @missing.json: no such file",
    );
    expect(await refusal("data-jobs create", ["--body", "nope"])).toMatch(/^--body is not JSON: /);
    for (const body of ["[1]", "null", "3"])
      expect(await refusal("data-jobs create", ["--body", body])).toBe(
        '--body must be a JSON object, such as {"name": "…"}',
      );
  });

  it("refuses a field and its --clear- together, and a change of nothing", async () => {
    expect(
      await refusal("data-jobs update", ["dj-1", "--instructions", "x", "--clear-instructions"]),
    ).toBe("--instructions and --clear-instructions say different things: give one");
    expect((await parse("data-jobs update", ["dj-1", "--clear-instructions"])).input.body).toEqual({
      instructions: null,
    });
    expect(await refusal("data-jobs update", ["dj-1"])).toBe(
      "nothing to change: give at least one of --name, --system-prompt, --instructions, --vector-database-id",
    );
  });
});

describe("the command line's words for a broken rule", () => {
  const command = (operation: Command["operation"], jsonBody: boolean): Command => ({
    words: "x",
    ...(operation ? { operation } : {}),
    summary: "x",
    arguments: [],
    flags: {},
    jsonBody,
    examples: [],
    callsApi: true,
    run: async () => {},
  });
  const problem = (given: Command, input: Input) =>
    checkInput(given, input).then(
      () => "accepted",
      (error: Error) => `${error.name}: ${error.message}`,
    );

  it("names an item of a list flag by its place, counted from 1", async () => {
    expect(await refusal("data-jobs add-files", ["dj-1", "--body", '{"file_ids":["a", 1]}'])).toBe(
      "--file-ids (value 2) must be a string",
    );
    expect(await refusal("data-jobs create", ["--body", '{"name":"x"}'])).toBe(
      "--job-type is required (or give it in --body): What a data job generates, and from what.",
    );
  });

  it("names a field no flag sets: an argument by its name, a body field in --body", async () => {
    const path = { data_job_id: 5 } as unknown as Record<string, string>;
    expect(await problem(command("getDataJob", false), { path, query: {}, body: undefined })).toBe(
      "UsageError: DATA_JOB_ID must be a string",
    );
    const body = { name: 5, job_type: "principle_files" };
    expect(await problem(command("createDataJob", true), { path: {}, query: {}, body })).toBe(
      "UsageError: --body's name must be a string",
    );
    expect(await problem(command("createDataJob", false), { path: {}, query: {}, body })).toBe(
      "UsageError: body.name must be a string",
    );
    expect(
      await problem(command("createDataJob", true), { path: {}, query: {}, body: { name: "x" } }),
    ).toBe("UsageError: --body's job_type is required");
    expect(await problem({ ...command(undefined, false) }, { path: {}, query: {}, body: {} })).toBe(
      "accepted",
    );
  });

  it("lets a field the command fills in itself be missing yet, and no other", async () => {
    const addFiles = command("addDataJobFiles", true);
    const input = { path: { data_job_id: "dj-1" }, query: {}, body: {} };
    expect(await checkInput(addFiles, input, ["file_ids"]).then(() => "accepted")).toBe("accepted");
    expect(await problem(addFiles, input)).toBe("UsageError: --body's file_ids is required");
  });
});

describe("a command's own flags and arguments", () => {
  const own = (flags: Command["flags"], args: Command["arguments"] = []): Command => ({
    words: "own",
    summary: "own",
    arguments: args,
    flags,
    jsonBody: false,
    examples: [],
    callsApi: false,
    run: async () => {},
  });
  const parseOwn = (command: Command, argv: string[]) => parseCommand(command, argv, sources);
  const refusedBy = (command: Command, argv: string[]) =>
    parseOwn(command, argv).then(
      () => "accepted",
      (error: Error) => error.message,
    );

  it("words a whole number's bounds as the flag has them", async () => {
    const n = (bounds: { minimum?: number; maximum?: number }) =>
      own({ n: { type: "integer", describe: "n", ...bounds } });
    expect(await refusedBy(n({ minimum: 2 }), ["--n", "1"])).toBe(
      '--n must be a whole number of at least 2, not "1"',
    );
    expect(await refusedBy(n({ maximum: 9 }), ["--n", "10"])).toBe(
      '--n must be a whole number of at most 9, not "10"',
    );
    expect(await refusedBy(n({}), ["--n", "x"])).toBe('--n must be a whole number, not "x"');
    expect((await parseOwn(n({ minimum: 2, maximum: 9 }), ["--n", " 9 "])).values).toEqual({
      n: 9,
    });
    expect((await parseOwn(n({ minimum: 2 }), ["--n", "2"])).values.n).toBe(2);
    expect((await parseOwn(n({ maximum: 9 }), ["--n=-3"])).values.n).toBe(-3);
  });

  it("takes booleans, lists, and optional arguments as given", async () => {
    const command = own(
      {
        yes: { type: "boolean", describe: "y" },
        tag: { type: "string", list: true, describe: "t" },
      },
      [
        { name: "first", describe: "f" },
        { name: "second", optional: true, describe: "s" },
      ],
    );
    expect(await parseOwn(command, ["a", "--yes", "--tag", "x", "--tag", "y"])).toEqual({
      values: { yes: true, tag: ["x", "y"] },
      args: { first: "a" },
      input: { path: {}, query: {}, body: undefined },
    });
    expect((await parseOwn(command, ["a", ""])).args).toEqual({ first: "a" });
    expect(await refusedBy(command, [""])).toBe("expects FIRST: f");
  });

  it("puts the ids after a job's id into its list flag, converted as the flag's", async () => {
    expect(
      (await parse("data-jobs remove-files", ["dj-1", "file-b", "--file-ids", "file-a"])).input
        .body,
    ).toEqual({ file_ids: ["file-a", "file-b"] });
  });

  it("reads a duration's fraction to the millisecond, and suggests the first of equals", () => {
    expect(parseDuration("1.25s", "--t", API_FLAGS.timeout!)).toBe(1_250);
    expect(closest("abcd", ["xbcd", "abce"])).toBe("xbcd");
  });
});
