/**
 * The published API reference in a real browser: docs/index.html (npm run docs) served from
 * 127.0.0.1 and opened in Chromium from npm (test/support/browser.ts). Every operation's summary
 * and every schema name must render, no request may leave for another host, and the console
 * must stay free of errors; the page opens on the guide, and the changelog is a page of its own.
 * Screenshots of the front page and of one operation go to test/artifacts/ (ignored by git).
 */
import { execFileSync } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { launchBrowser } from "./support/browser.js";

let server: Server;
let url: string;

beforeAll(async () => {
  execFileSync("npm", ["run", "--silent", "docs"], {
    stdio: "ignore",
    env: { ...process.env, REDOCLY_TELEMETRY: "off" },
  });
  // docs/ as a static host serves it: every file as it is, index.html at /.
  const types: Record<string, string> = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
  };
  server = createServer(async (req, res) => {
    const name = new URL(req.url!, "http://x").pathname.replace(/^\/$/, "/index.html").slice(1);
    const body = /^[\w.-]+$/.test(name) ? await readFile(`docs/${name}`).catch(() => null) : null;
    res.writeHead(body ? 200 : 404, {
      "content-type": (body && types[path.extname(name)]) || "text/plain",
    });
    res.end(body ?? "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}, 120_000);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("docs/ for readers that are models", () => {
  it("has llms.txt opening with an H1 and linking each operation, and llms-full.txt with every operation's path, response fields and samples", async () => {
    const doc = parse(await readFile("openapi/seekrflow.yaml", "utf8"));
    const index = await (await fetch(`${url}llms.txt`)).text();
    const full = await (await fetch(`${url}llms-full.txt`)).text();
    expect(index.split("\n")[0]).toBe(`# ${doc.info.title}`);
    expect(index).toMatch(/^> .+/m);
    for (const [route, item] of Object.entries<
      Record<string, { summary?: string; operationId?: string }>
    >(doc.paths))
      for (const [method, operation] of Object.entries(item)) {
        if (!operation?.operationId) continue;
        expect(index, operation.operationId).toContain(`[${operation.summary}](llms-full.txt#`);
        expect(full, operation.operationId).toContain(
          `\`${method.toUpperCase()} ${route}\` (operationId \`${operation.operationId}\`)`,
        );
      }
    const operations = Object.values(doc.paths).flatMap((item) => Object.keys(item as object));
    expect(full.split("\nSamples:\n").length - 1).toBe(
      operations.filter((m) => m !== "parameters").length,
    );
    for (const section of ["## Use", "## Command line", "## MCP server", "### MCP tools"])
      expect(full).toContain(section);
    // Each success's fields, in its operation's section: name, type, nullability, a few words.
    const sectionOf = (operationId: string) => {
      const at = full.indexOf(`(operationId \`${operationId}\`)`);
      return full.slice(at, full.indexOf("\nSamples:\n", at));
    };
    expect(sectionOf("getDataJob")).toContain(
      "  - `alignment_job_id` (string, nullable, required): The linked alignment job",
    );
    expect(sectionOf("getDataJob")).toContain(
      "    - `progress` (number, nullable): Overall progress.",
    );
    expect(sectionOf("listAlignmentOutputs")).toContain("a list of objects with these fields:");
    expect(sectionOf("listAlignmentOutputs")).toContain("  - `filename` (string, required)");
    expect(sectionOf("listFiles")).toMatch(
      / {2}- `data` \(array.*\n {4}- `id` \(string, required\)/,
    );
    const fieldLines = full.match(/^ {2,}- `\w+` \(/gm) ?? [];
    expect(fieldLines.length).toBeGreaterThan(150);
    expect((await fetch(`${url}CHANGELOG.md`)).status).toBe(200);
    // The published document carries the samples, every operation three.
    const published = (await (await fetch(`${url}seekrflow.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { operationId?: string; "x-codeSamples"?: { lang: string }[] }>
      >;
    };
    for (const item of Object.values(published.paths))
      for (const operation of Object.values(item))
        if (operation?.operationId)
          expect(
            operation["x-codeSamples"]?.map((sample) => sample.lang),
            operation.operationId,
          ).toEqual(["TypeScript", "Shell", "cURL"]);
  });
});

describe("docs/index.html in Chromium", () => {
  it(
    "renders every operation and schema, offline, without console errors",
    { timeout: 120_000 },
    async () => {
      const doc = parse(await readFile("openapi/seekrflow.yaml", "utf8"));
      const summaries: string[] = Object.values(doc.paths).flatMap((item) =>
        Object.values(item as Record<string, { summary?: string }>).flatMap((op) =>
          op?.summary ? [op.summary] : [],
        ),
      );
      const schemas = Object.keys(doc.components.schemas);
      expect(summaries).toHaveLength(18);

      const browser = await launchBrowser();
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        const requests: string[] = [];
        const errors: string[] = [];
        page.on("request", (request) => requests.push(request.url()));
        page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
        page.on("pageerror", (error) => errors.push(error.message));
        await page.goto(url, { waitUntil: "networkidle" });
        await page.getByText(summaries[0]!).first().waitFor();
        const text = (await page.textContent("body")) ?? "";
        for (const summary of summaries) expect(text, `operation "${summary}"`).toContain(summary);
        for (const schema of schemas) expect(text, `schema ${schema}`).toContain(schema);
        // The front page is the guide: its sections come first, before the API's own rules and
        // the operations; the changelog is a page of its own, in neither the page nor its sidebar.
        const headings = await page.locator(".api-content h1, .api-content h2").allTextContents();
        const guide = [
          "Install",
          "The key",
          "From documents to a dataset",
          "Errors",
          "Paging",
          "Waiting",
          "The command line",
          "The MCP server",
        ];
        expect(headings.slice(1, 1 + guide.length).map((h) => h.trim())).toEqual(guide);
        const { version } = JSON.parse(await readFile("package.json", "utf8"));
        expect(text).toContain(`seekrflow-client ${version}`);
        expect(text.indexOf("npm install seekrflow-client")).toBeLessThan(
          text.indexOf(summaries[0]!),
        );
        const sidebar = (await page.locator(".menu-content").first().textContent()) ?? "";
        expect(sidebar).toContain("Install");
        for (const changelogOnly of [`[${version}]`, "Unreleased", "Changelog"]) {
          expect(sidebar).not.toContain(changelogOnly);
          expect(headings.join("\n")).not.toContain(changelogOnly);
        }
        await mkdir("test/artifacts", { recursive: true });
        await page.screenshot({ path: "test/artifacts/docs-front.png", fullPage: false });
        const changelogHref = await page
          .getByRole("link", { name: "changelog" })
          .first()
          .getAttribute("href");
        const changelog = await (await fetch(new URL(changelogHref!, url))).text();
        expect(changelog).toContain(`[${version}]`);
        expect(changelog).toContain("<h1>Changelog</h1>");
        const href = await page
          .getByRole("link", { name: "seekrflow.json" })
          .first()
          .getAttribute("href");
        const downloaded = (await (await fetch(new URL(href!, url))).json()) as typeof doc;
        expect(downloaded.info.version).toBe(doc.info.version);
        expect(Object.keys(downloaded.paths)).toEqual(Object.keys(doc.paths));
        // The samples of an operation: TypeScript first, then the command line and curl.
        await page.getByText("Data jobs", { exact: true }).first().click();
        await page.getByText("Create a data job", { exact: true }).first().click();
        await page.getByText("const flow = new SeekrFlow();").first().waitFor();
        await page.screenshot({ path: "test/artifacts/docs-operation.png", fullPage: false });
        await page.getByRole("button", { name: "seekrflow-client" }).first().click();
        for (const label of ["seekrflow CLI", "curl"])
          await page.getByText(label, { exact: true }).first().waitFor();
        const foreign = requests.filter(
          (r) => !r.startsWith(url) && !/^(data|blob|about):/.test(r),
        );
        expect(foreign).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );
});
