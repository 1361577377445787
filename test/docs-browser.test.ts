/**
 * The published API reference in a real browser: docs/index.html (npm run docs) served from
 * 127.0.0.1 and opened in Chromium from npm (test/support/browser.ts). Every operation's summary
 * and every schema name must render, no request may leave for another host, and the console
 * must stay free of errors. A screenshot goes to test/artifacts/ (ignored by git).
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
  it("has llms.txt opening with an H1 and linking each operation, and llms-full.txt with every operation's path and samples", async () => {
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
        // The version, the changelog, and the document for download.
        const { version } = JSON.parse(await readFile("package.json", "utf8"));
        expect(text).toContain(`seekrflow-client ${version}`);
        expect(text).toContain("Changelog");
        expect(text).toContain(`[${version}]`);
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
        await page.getByRole("button", { name: "seekrflow-client" }).first().click();
        for (const label of ["seekrflow CLI", "curl"])
          await page.getByText(label, { exact: true }).first().waitFor();
        const foreign = requests.filter(
          (r) => !r.startsWith(url) && !/^(data|blob|about):/.test(r),
        );
        expect(foreign).toEqual([]);
        expect(errors).toEqual([]);
        await mkdir("test/artifacts", { recursive: true });
        await page.screenshot({ path: "test/artifacts/docs.png", fullPage: false });
      } finally {
        await browser.close();
      }
    },
  );
});
