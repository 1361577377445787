/**
 * One workflow, in plain JavaScript, that every runtime test runs with the packed package's
 * exports against the stand-in: upload a File, a web stream and bytes, create a job, attach a
 * file, list, get, and meet a 404 as a typed error. It returns what it saw; the test compares.
 */
export async function scenario(client, baseUrl, options = {}) {
  const { SeekrFlow, NotFoundError, ConfigurationError } = client;
  const seen = {};
  try {
    new SeekrFlow({ apiKey: "sk-runtime", baseUrl });
    seen.refusedWithoutOptIn = false;
  } catch (error) {
    seen.refusedWithoutOptIn = error instanceof ConfigurationError ? error.message : String(error);
  }
  const flow = new SeekrFlow({ apiKey: "sk-runtime", baseUrl, teamId: "team-runtime", ...options });
  const bytes = new TextEncoder().encode("# Handbook\n\nLeave: 25 days.\n");
  const blob = await flow.files.upload(new File([bytes], "handbook.md"), { purpose: "alignment" });
  const streamed = await flow.files.upload(
    { data: new Blob([bytes, bytes]).stream(), filename: "twice.md" },
    { purpose: "alignment" },
  );
  const raw = await flow.files.upload(
    { data: bytes, filename: "bytes.md" },
    { purpose: "alignment" },
  );
  seen.uploaded = [blob, streamed, raw].map((file) => [file.filename, file.bytes]);
  const job = await flow.dataJobs.create({ name: "Runtime QA", job_type: "principle_files" });
  const attached = await flow.dataJobs.addFiles(job.id, { file_ids: [blob.id] });
  seen.attached = attached.files?.map((file) => file.file_id === blob.id) ?? [];
  const page = await flow.dataJobs.list({ limit: 5 });
  seen.listed = page.data.some((item) => item.id === job.id);
  seen.got = (await flow.dataJobs.get(job.id)).name;
  try {
    await flow.dataJobs.get("dj-missing");
    seen.notFound = "no error";
  } catch (error) {
    seen.notFound = error instanceof NotFoundError ? error.status : String(error);
  }
  return seen;
}

/** What every runtime should see (the browser differs only in `refusedWithoutOptIn`). */
export const EXPECTED = {
  uploaded: [
    ["handbook.md", 28],
    ["twice.md", 56],
    ["bytes.md", 28],
  ],
  attached: [true],
  listed: true,
  got: "Runtime QA",
  notFound: 404,
};
