/**
 * The published API reference in a real browser: docs/index.html (npm run docs) served from
 * 127.0.0.1 and opened in Chromium from npm (test/support/browser.ts). Every operation's summary
 * and every schema name must render, no request may leave for another host, and the console
 * must stay free of errors. A screenshot goes to test/artifacts/ (ignored by git).
 */
import { execFileSync } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
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
  const files: Record<string, [string, Buffer]> = {
    "/": ["text/html; charset=utf-8", await readFile("docs/index.html")],
    "/seekrflow.json": ["application/json", await readFile("docs/seekrflow.json")],
  };
  server = createServer((req, res) => {
    const file = files[new URL(req.url!, "http://x").pathname];
    res.writeHead(file ? 200 : 404, { "content-type": file?.[0] ?? "text/plain" });
    res.end(file?.[1] ?? "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}, 120_000);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

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
