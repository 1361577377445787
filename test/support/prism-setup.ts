/**
 * Starts one Prism mock server from the OpenAPI document for the whole run, on 127.0.0.1 with
 * `--errors` (requests that break the document are rejected), and stops it at the end.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort } from "./ports.js";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = await freePort();
  const prism = spawn(
    path.resolve("node_modules/.bin/prism"),
    ["mock", "-h", "127.0.0.1", "-p", String(port), "--errors", "openapi/seekrflow.yaml"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Prism did not start in 30 s:\n${output}`)),
      30_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    prism.stdout.on("data", onData);
    prism.stderr.on("data", onData);
    prism.once("exit", (code) => reject(new Error(`Prism exited with ${code}:\n${output}`)));
  });
  project.provide("prismUrl", `http://127.0.0.1:${port}`);
  return async () => {
    prism.kill("SIGTERM");
    await new Promise((resolve) => prism.once("exit", resolve));
  };
}
