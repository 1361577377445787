/**
 * The command line as scripts and people lean on it, run in process (`main()`) against the
 * stand-in and scripted servers: one JSON shape for a list, a doctor that tells, `--clear-…`
 * only where null does something, folders and standard input uploaded as meant, names from the
 * server made safe, binary kept off terminals, a total deadline on waits, the stand-in as a
 * command, and the CLI's User-Agent.
 */
import { mkdir, readdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/cli/exit-codes.mjs";
import { VERSION } from "../src/core/version.js";
import { api } from "../src/generated/operations.js";
import { SeekrFlow } from "../src/node/index.js";
import { runMain } from "./support/cli-in-process.js";
import { useStandIn, useTempDir } from "./support/set-up.js";
import { type FaultServer, jobBody, respond, startFaultServer } from "./support/fault-server.js";
import { freePort } from "./support/ports.js";

const KEY = "sk-cli-scripts-4821";
const server = useStandIn({ apiKey: KEY, clock: "manual" });
const dir = useTempDir("seekrflow-cli-scripts-");
const faults: FaultServer[] = [];
afterAll(() => Promise.all(faults.map((f) => f.close())));

const env = (extra: Record<string, string> = {}) => ({
  SEEKR_API_KEY: KEY,
  SEEKR_BASE_URL: server.url,
  ...extra,
});
const cli = (args: string[], extra: Record<string, string> = {}) =>
  runMain(args, { env: env(extra) });
const json = async (args: string[]) => {
  const run = await cli([...args, "--json"]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
};
async function fault(script: Parameters<typeof startFaultServer>[0]): Promise<FaultServer> {
  const started = await startFaultServer(script);
  faults.push(started);
  return started;
}
const newJob = (name: string) =>
  json(["data-jobs", "create", "--name", name, "--job-type", "principle_files"]);

describe("a list's JSON", () => {
  it("has one shape with and without --all: { object, data }", async () => {
    for (const name of ["List A", "List B", "List C"]) await newJob(name);
    const page = await json(["data-jobs", "list", "--limit", "2"]);
    const all = await json(["data-jobs", "list", "--limit", "2", "--all"]);
    expect(Object.keys(all).sort()).toEqual(Object.keys(page).sort());
    expect(all.object).toBe("list");
    expect(page.data).toHaveLength(2);
    expect(all.data.length).toBeGreaterThanOrEqual(3);
    expect(all.data.slice(0, 2)).toEqual(page.data);
  });
});

describe("seekrflow doctor", () => {
  const drifted = JSON.stringify({ object: "list", data: [{ id: "dj-1", name: "No type" }] });

  it("exits 6 when an answer drifted, though other reads failed; each read is a finding", async () => {
    const api500 = respond(500, JSON.stringify({ detail: "down" }));
    const broken = await fault((n) => (n === 0 ? respond(200, drifted) : api500));
    const run = await runMain(["doctor", "--json"], {
      env: { SEEKR_API_KEY: KEY, SEEKR_BASE_URL: broken.url, SEEKR_TEAM_ID: "team-7" },
    });
    expect(run.code, run.stderr).toBe(EXIT_CODES.apiDiffers);
    const report = JSON.parse(run.stdout);
    const outcomes = Object.fromEntries(
      report.findings.map((f: { operation: string; outcome: string }) => [f.operation, f.outcome]),
    );
    expect(outcomes.listDataJobs).toBe("differs");
    expect(outcomes.getDataJob).toBe("failed");
    expect(Object.values(outcomes)).not.toContain("as documented");
    const failed = report.findings.find((f: { operation: string }) => f.operation === "getDataJob");
    expect(failed.status).toBe(500);
    expect(report.checked).toEqual({
      baseUrl: `${broken.url}/`,
      baseUrlFrom: "SEEKR_BASE_URL",
      keyFrom: "SEEKR_API_KEY",
      team: "team-7",
      teamFrom: "SEEKR_TEAM_ID",
      client: VERSION,
      document: api.documentVersion,
    });
    expect(`${run.stdout}${run.stderr}`).not.toContain(KEY);
  });

  it("says what it checks against first, and exits 3 when a read failed and nothing drifted", async () => {
    const down = await fault(() => respond(503, JSON.stringify({ detail: "maintenance" })));
    const run = await runMain(["doctor"], {
      env: { SEEKR_API_KEY: KEY, SEEKR_BASE_URL: down.url },
    });
    expect(run.code).toBe(EXIT_CODES.api);
    const lines = run.stderr.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      `base URL: ${down.url}/ (SEEKR_BASE_URL)`,
      "key:      from SEEKR_API_KEY",
      "team:     none (the key's own)",
      `versions: seekrflow ${VERSION}, document ${api.documentVersion}`,
    ]);
    expect(run.stderr).toMatch(/listDataJobs +failed: .*503/);
    expect(run.stderr).toMatch(/getDataJob +skipped: no data_job_id to try/);
    expect(run.stderr).not.toContain(KEY);
  });

  it("says each difference under its read, and the count last, for people", async () => {
    const api500 = respond(500, JSON.stringify({ detail: "down" }));
    const broken = await fault((n) => (n === 0 ? respond(200, drifted) : api500));
    const run = await runMain(["doctor"], {
      env: { SEEKR_API_KEY: KEY, SEEKR_BASE_URL: broken.url, SEEKR_TEAM_ID: "team-7" },
    });
    expect(run.code).toBe(EXIT_CODES.apiDiffers);
    const lines = run.stderr.split("\n");
    expect(lines[2]).toBe("team:     team-7 (SEEKR_TEAM_ID)");
    const at = lines.indexOf("listDataJobs           6 difference(s)");
    expect(at, run.stderr).toBe(4);
    expect(lines[at + 1]).toBe(
      "  listDataJobs answered 200 with a body the document does not allow: body.data.0.user_id required: must have required property 'user_id'",
    );
    // The list's item gave getDataJob its id.
    expect(lines).toContain(
      "getDataJob             failed: getDataJob (GET /v1/flow/data-jobs/dj-1) failed with 500: down",
    );
    expect(run.stdout).toBe("6 difference(s) from the document\n");
  });

  it("tries every read once a job has run: the ids each list gives reach the reads after it", async () => {
    const flow = new SeekrFlow({ apiKey: KEY, baseUrl: server.url });
    await writeFile(path.join(dir, "doctor.md"), "# A\n");
    const file = await flow.files.upload(path.join(dir, "doctor.md"), { purpose: "alignment" });
    const job = await flow.dataJobs.create({ name: "Doctor", job_type: "principle_files" });
    await flow.dataJobs.addFiles(job.id, { file_ids: [file.id] });
    server.settle(job.id, "ready_to_start");
    await flow.dataJobs.start(job.id);
    server.settle(job.id, "completed");
    const run = await cli(["doctor"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.split("\n").slice(4)).toEqual([
      "listDataJobs           as documented",
      "listFiles              as documented",
      "getDataJob             as documented",
      "getFile                as documented",
      "listAlignmentOutputs   as documented",
      "",
    ]);
    expect(run.stdout).toBe("every answer is as the document says\n");
  });

  it("exits 0 against the stand-in, every read as documented or skipped", async () => {
    const run = await cli(["doctor", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const outcomes = JSON.parse(run.stdout).findings.map((f: { outcome: string }) => f.outcome);
    expect(outcomes).toContain("as documented");
    for (const outcome of outcomes) expect(["as documented", "skipped"]).toContain(outcome);
  });
});

describe("--clear-<field>", () => {
  it("exists only where null changes the field, and says what it does", async () => {
    const help = await cli(["data-jobs", "update", "--help"]);
    expect(help.stdout).toMatch(
      /--clear-instructions +send instructions as null: removes the instructions/,
    );
    expect(help.stdout).toContain("--clear-system-prompt");
    expect(help.stdout).not.toContain("--clear-name");
    const job = await newJob("Clear me");
    await json(["data-jobs", "update", job.id, "--instructions", "Be brief."]);
    const cleared = await json(["data-jobs", "update", job.id, "--clear-instructions"]);
    expect(cleared.instructions).toBeNull();
    const before = server.requests.length;
    const refused = await cli(["data-jobs", "update", job.id, "--clear-name"]);
    expect(refused.code).toBe(EXIT_CODES.usage);
    expect(refused.stderr).toContain("Unknown option '--clear-name'");
    expect(server.requests.length).toBe(before);
    for (const words of [
      ["data-jobs", "clone"],
      ["data-jobs", "add-files"],
    ])
      expect((await cli([...words, "--help"])).stdout).not.toContain("--clear-");
  });
});

describe("folders and standard input", () => {
  let folder: string;
  beforeAll(async () => {
    folder = path.join(dir, "docs");
    await mkdir(path.join(folder, "policies", "deep"), { recursive: true });
    await mkdir(path.join(folder, ".git"));
    await writeFile(path.join(folder, "handbook.md"), "# Handbook\n");
    await writeFile(path.join(folder, "policies", "leave.pdf"), "%PDF-1.4 leave");
    await writeFile(path.join(folder, "policies", "deep", "travel.docx"), "PK docx");
    await writeFile(path.join(folder, "logo.png"), "\x89PNG");
    await writeFile(path.join(folder, ".notes.md"), "hidden");
    await writeFile(path.join(folder, ".git", "HEAD"), "ref");
    await symlink(path.join(folder, "handbook.md"), path.join(folder, "link.md"));
  });
  const names = (files: { filename: string }[]) => files.map((f) => f.filename).sort();

  it("files upload DIR takes subfolders and only the types alignment takes, saying what it skipped", async () => {
    const run = await cli(["files", "upload", folder, "--json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(names(JSON.parse(run.stdout))).toEqual(["handbook.md", "leave.pdf", "travel.docx"]);
    expect(run.stderr).toContain(
      `skipped ${path.join(folder, "logo.png")}: .png is not a type alignment takes (.md, .pdf, .docx, .doc, .ppt, .pptx)`,
    );
    expect(run.stderr).toContain(`skipped ${path.join(folder, ".notes.md")}: hidden`);
    expect(run.stderr).toContain(`skipped ${path.join(folder, ".git")}: hidden`);
    expect(run.stderr).toContain(`skipped ${path.join(folder, "link.md")}: a link`);
  });

  it("a folder for another purpose takes that purpose's types", async () => {
    const training = path.join(dir, "training");
    await mkdir(path.join(training, "more"), { recursive: true });
    await writeFile(path.join(training, "more", "train.jsonl"), '{"a":1}\n');
    await writeFile(path.join(training, "readme.md"), "# not training");
    const run = await cli(["files", "upload", training, "--purpose", "fine-tune", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(names(JSON.parse(run.stdout))).toEqual(["train.jsonl"]);
    expect(run.stderr).toContain(
      "readme.md: .md is not a type fine-tune takes (.jsonl, .parquet, .pt)",
    );
  });

  it("create --file DIR and add-files DIR recurse too", async () => {
    const created = await json([
      "data-jobs",
      "create",
      "--name",
      "From a folder",
      "--job-type",
      "principle_files",
      "--file",
      folder,
    ]);
    expect(created.files.map((f: { name: string }) => f.name).sort()).toEqual([
      "handbook.md",
      "leave.pdf",
      "travel.docx",
    ]);
    const job = await newJob("Add a folder");
    const added = await json(["data-jobs", "add-files", job.id, path.join(folder, "policies")]);
    expect(added.files.map((f: { name: string }) => f.name).sort()).toEqual([
      "leave.pdf",
      "travel.docx",
    ]);
  });

  it("a folder with nothing to upload is refused before anything is sent", async () => {
    const empty = path.join(dir, "images");
    await mkdir(empty);
    await writeFile(path.join(empty, "a.png"), "png");
    const before = server.requests.length;
    const run = await cli(["files", "upload", empty]);
    expect(run.code).toBe(EXIT_CODES.usage);
    expect(run.stderr).toContain("is a folder with no files to upload for alignment");
    expect(server.requests.length).toBe(before);
  });

  it("- uploads standard input under --name", async () => {
    const run = await runMain(["files", "upload", "-", "--name", "notes.md", "--json"], {
      env: env(),
      stdin: ["# Notes\n", new TextEncoder().encode("From stdin.\n")],
    });
    expect(run.code, run.stderr).toBe(0);
    const [file] = JSON.parse(run.stdout);
    expect(file.filename).toBe("notes.md");
    expect(await server.files.get(file.id)!.content.text()).toBe("# Notes\nFrom stdin.\n");
  });

  it.each([
    [["files", "upload", "-"], /- uploads standard input: name it with --name/],
    [["files", "upload", "-", "--name", "notes.png"], /--name notes.png: .png is not a type/],
    [["files", "upload", "-", "a.md", "--name", "n.md"], /uploaded alone/],
    [["files", "upload", "a.md", "--name", "n.md"], /--name names standard input/],
  ])("%j is refused before anything is sent", async (args, message) => {
    const before = server.requests.length;
    const run = await runMain(args, { env: env(), stdin: ["x"] });
    expect(run.code).toBe(EXIT_CODES.usage);
    expect(run.stderr).toMatch(message);
    expect(server.requests.length).toBe(before);
  });
});

describe("names from the server and terminals", () => {
  const outputsOf = (filenames: string[]) =>
    fault(() => (req, res) => {
      const files = filenames.map((filename, i) => ({ id: `file-out-${i}`, filename }));
      if (req.url?.includes("/content"))
        return respond(200, "PAR1", { "content-type": "application/octet-stream" })(
          req,
          res,
          Buffer.alloc(0),
        );
      const body = jobBody("dj-out", {
        status: "completed",
        alignment_job_id: "aj-1",
        alignment_job: {
          id: "aj-1",
          status: "completed",
          created_at: "2026-11-02T09:15:00Z",
          output_files: files,
        },
      });
      return respond(200, req.url?.includes("/alignment/") ? JSON.stringify(files) : body)(
        req,
        res,
        Buffer.alloc(0),
      );
    });

  it("a name with control characters is saved under a safe name", async () => {
    const served = await outputsOf(["ctl\x1b[31mred\x07.md", "line\nbreak.parquet"]);
    const target = path.join(dir, "safe-names");
    const run = await runMain(["data-jobs", "outputs", "dj-out", "--download", target], {
      env: { SEEKR_API_KEY: KEY, SEEKR_BASE_URL: served.url },
    });
    expect(run.code, run.stderr).toBe(0);
    expect((await readdir(target)).sort()).toEqual(["ctl_[31mred_.md", "line_break.parquet"]);
    expect(run.stderr).not.toMatch(/[\x07\x1b]/);
  });

  it.each([".", "..", "", "a/.."])("a name %j is refused, nothing written", async (name) => {
    const served = await outputsOf([name]);
    const target = path.join(dir, `refused-${served.port}`);
    const run = await runMain(["data-jobs", "outputs", "dj-out", "--download", target], {
      env: { SEEKR_API_KEY: KEY, SEEKR_BASE_URL: served.url },
    });
    expect(run.code).toBe(EXIT_CODES.usage);
    expect(run.stderr).toContain(
      "cannot be a local file name: save it with seekrflow files download file-out-0 --output PATH",
    );
    expect(served.seen.some((r) => r.url.includes("/content"))).toBe(false);
    await expect(readdir(target)).rejects.toThrow();
  });

  it("--output - refuses a terminal unless --force, and reports on stderr", async () => {
    const upload = await runMain(["files", "upload", "-", "--name", "bytes.md", "--json"], {
      env: env(),
      stdin: ["# bytes\n"],
    });
    const [file] = JSON.parse(upload.stdout);
    const before = server.requests.length;
    const refused = await runMain(["files", "download", file.id, "--output", "-"], {
      env: env(),
      tty: true,
    });
    expect(refused.code).toBe(EXIT_CODES.usage);
    expect(refused.stderr).toContain("would write the file's bytes to this terminal");
    expect(refused.bytes.length).toBe(0);
    expect(server.requests.length).toBe(before);
    const forced = await runMain(["files", "download", file.id, "--output", "-", "--force"], {
      env: env(),
      tty: true,
    });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toBe("# bytes\n");
    expect(forced.stderr).toBe("\nwrote 8 bytes to stdout\n");
    const piped = await runMain(["files", "download", file.id, "--output", "-"], { env: env() });
    expect([piped.code, piped.stdout, piped.stderr]).toEqual([
      0,
      "# bytes\n",
      "wrote 8 bytes to stdout\n",
    ]);
  });
});

describe("--wait-timeout", () => {
  // The stand-in's clock is manual: attached files stay in ingestion (file_processing) for good.
  const doc = () => path.join(dir, "wait.md");
  beforeAll(() => writeFile(doc(), "# Wait\n"));
  const ingesting = async (name: string) => {
    return json([
      "data-jobs",
      "create",
      "--name",
      name,
      "--job-type",
      "principle_files",
      "--file",
      doc(),
    ]);
  };

  it("ends watch with its own exit code, the job's state and how to go on", async () => {
    const job = await ingesting("Never ready");
    const run = await cli([
      "data-jobs",
      "watch",
      job.id,
      "--wait-timeout",
      "300ms",
      "--interval",
      "50ms",
    ]);
    expect(run.code).toBe(EXIT_CODES.waitTimeout);
    expect(EXIT_CODES.waitTimeout).not.toBe(0);
    expect(EXIT_CODES.waitTimeout).not.toBe(1);
    expect(run.stderr).toContain(
      `Data job ${job.id} was still file_processing after 300 ms; it goes on`,
    );
    expect(run.stderr).toContain(`next: seekrflow data-jobs watch ${job.id}`);
  });

  it("is taken by every --wait", async () => {
    for (const words of [
      ["data-jobs", "create"],
      ["data-jobs", "start"],
      ["data-jobs", "watch"],
    ])
      expect((await cli([...words, "--help"])).stdout).toContain("--wait-timeout TIME");
    const run = await cli([
      "data-jobs",
      "create",
      "--name",
      "Wait for ready",
      "--job-type",
      "principle_files",
      "--file",
      doc(),
      "--wait",
      "--wait-timeout",
      "200ms",
      "--interval",
      "50ms",
    ]);
    expect(run.code).toBe(EXIT_CODES.waitTimeout);
  });
});

describe("seekrflow stand-in", () => {
  it("serves on the port asked, its base URL the first line on stdout, and stops on the signal", async () => {
    const port = await freePort();
    const controller = new AbortController();
    let url!: (value: string) => void;
    const first = new Promise<string>((resolve) => (url = resolve));
    const running = runMain(["stand-in", "--port", String(port), "--api-key", "sk-local"], {
      env: {},
      signal: controller.signal,
      onStdout: (text) => url(text.split("\n")[0]!),
    });
    const base = await first;
    expect(base).toBe(`http://127.0.0.1:${port}`);
    const list = await fetch(`${base}/v1/flow/data-jobs`, {
      headers: { authorization: "sk-local" },
    });
    expect(list.status).toBe(200);
    const wrong = await fetch(`${base}/v1/flow/data-jobs`, {
      headers: { authorization: "sk-other" },
    });
    expect(wrong.status).toBe(401);
    const viaCli = await runMain(["data-jobs", "list", "--json"], {
      env: { SEEKR_API_KEY: "sk-local", SEEKR_BASE_URL: base },
    });
    expect(viaCli.code, viaCli.stderr).toBe(0);
    controller.abort();
    const run = await running;
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${base}\n`);
    expect(run.stderr).toContain("stopped; it served 3 request(s)");
    await expect(fetch(`${base}/v1/flow/data-jobs`)).rejects.toThrow();
  });

  it("refuses a port that is taken", async () => {
    const taken = await fault(() => respond(200));
    const run = await runMain(["stand-in", "--port", String(taken.port)], { env: {} });
    expect(run.code).toBe(EXIT_CODES.usage);
    expect(run.stderr).toContain(`port ${taken.port} is taken on 127.0.0.1`);
  });
});

describe("the CLI's User-Agent", () => {
  it("names the CLI and its version", async () => {
    const seen = await fault(() => respond(200, JSON.stringify({ object: "list", data: [] })));
    await runMain(["data-jobs", "list"], { env: { SEEKR_API_KEY: KEY, SEEKR_BASE_URL: seen.url } });
    expect(seen.seen[0]!.headers["user-agent"]).toMatch(
      new RegExp(`^seekrflow-cli/${VERSION.replace(/\./g, "\\.")} node/\\d+`),
    );
  });
});
