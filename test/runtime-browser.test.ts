/**
 * The packed package in Chromium (from npm, web security on): bundled by esbuild for
 * platform=browser, so a Node built-in anywhere in the main entry fails the bundle, then loaded
 * from one loopback origin while the stand-in answers from another, so CORS is real.
 */
import { createServer, type Server } from "node:http";
import path from "node:path";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { EXPECTED } from "./runtimes/scenario.mjs";
import { launchBrowser } from "./support/browser.js";
import { consumer } from "./support/provided.js";

let server: StandIn;
let page: Server;
let browser: Browser;
let bundle: string;
let inputs: string[];
beforeAll(async () => {
  const built = await build({
    entryPoints: [path.join(consumer(), "browser.mjs")],
    absWorkingDir: consumer(),
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  bundle = built.outputFiles[0]!.text;
  inputs = Object.keys(built.metafile.inputs);
  server = await startStandIn();
  page = createServer((request, response) => {
    const script = request.url === "/app.js";
    response.writeHead(200, { "content-type": script ? "text/javascript" : "text/html" });
    response.end(script ? bundle : '<!doctype html><script type="module" src="/app.js"></script>');
  });
  await new Promise<void>((resolve) => page.listen(0, "127.0.0.1", resolve));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => page?.close(resolve));
  await server?.close();
});

describe("in Chromium", () => {
  it("bundles the packed package's ESM build for the browser, with no Node built-in", () => {
    expect(inputs).toContain("node_modules/seekrflow-client/dist/esm/index.js");
    expect(inputs.filter((input) => !input.startsWith("node_modules/")).sort()).toEqual([
      "browser.mjs",
      "scenario.mjs",
    ]);
    expect(bundle).not.toMatch(/["']node:|require\(["'](fs|path|stream|http)["']\)/);
  });

  it("refuses without the opt-in, then runs the workflow across origins", async () => {
    const tab = await browser.newPage();
    const { port } = page.address() as { port: number };
    await tab.goto(`http://127.0.0.1:${port}/#${encodeURIComponent(server.url)}`);
    const seen = await tab.evaluate(
      () => (globalThis as unknown as { result: Promise<unknown> }).result,
    );
    expect(seen).toEqual({
      ...EXPECTED,
      refusedWithoutOptIn: expect.stringMatching(/looks like a browser.*dangerouslyAllowBrowser/),
    });
    expect(new URL(server.url).port).not.toBe(String(port));
  });
});
