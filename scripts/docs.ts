/**
 * `npm run docs`: writes docs/, a folder a static host serves as is: index.html, built from the
 * OpenAPI document with `redocly build-docs --inlineBundle` (so that the page needs no network);
 * seekrflow.json, the bundled document with a code sample for every operation in `x-codeSamples`
 * (TypeScript, the `seekrflow` command, curl: scripts/samples.ts); llms.txt and llms-full.txt for
 * readers that are models (scripts/llms.ts); CHANGELOG.md and changelog.html, a page of its own.
 * The page opens on the guide (docs/guide.md, hand-written; docs/api.md beside it is generated),
 * then the API's own description with the package version. Redoc's sidebar still points its "API docs by Redocly" logo
 * at a CDN; that image is swapped for an inline SVG, keeping the attribution.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { redocly } from "./redocly.js";
import { bundle } from "./api-changes.js";
import { documentPath, root } from "./generate.js";
import { llmsFull, llmsIndex } from "./llms.js";
import { markdownPage } from "./markdown-page.js";
import { codeSamples, withCodeSamples } from "./samples.js";

const output = path.join(root, "docs/index.html");
const download = path.join(root, "docs/seekrflow.json");
const LOGO = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;
const INLINE_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16"><text x="0" y="12" font-family="sans-serif" font-size="12" fill="#888">Redocly</text></svg>',
)}`;

await mkdir(path.dirname(output), { recursive: true });
bundle(documentPath, download);
const { version } = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as {
  version: string;
};
const changelog = await readFile(path.join(root, "CHANGELOG.md"), "utf8");
const guide = await readFile(path.join(root, "docs/guide.md"), "utf8");
// The published document carries the samples; the hand-written source stays free of them.
const published = await withCodeSamples(JSON.parse(await readFile(download, "utf8")));
await writeFile(download, JSON.stringify(published, null, 2));
const docs = path.dirname(output);
const readme = await readFile(path.join(root, "README.md"), "utf8");
const mcpReadme = await readFile(path.join(root, "mcp/README.md"), "utf8");
await writeFile(path.join(docs, "llms.txt"), llmsIndex(published));
await writeFile(
  path.join(docs, "llms-full.txt"),
  llmsFull(published, await codeSamples(published), readme, mcpReadme),
);
await writeFile(path.join(docs, "CHANGELOG.md"), changelog);
await writeFile(
  path.join(docs, "changelog.html"),
  markdownPage(`seekrflow-client changelog`, changelog, "index.html"),
);
const document = structuredClone(published) as { info: { description?: string } };
// The front page is the guide, then the API's own rules; the changelog has a page of its own.
document.info.description = [
  guide.replace(/^# Guide\n/, ""),
  "## The API",
  "",
  document.info.description ?? "",
  `This reference comes with \`seekrflow-client\` ${version}: what changed is on the [changelog](changelog.html) page.`,
].join("\n");
const scratch = await mkdtemp(path.join(tmpdir(), "seekrflow-docs-"));
try {
  const source = path.join(scratch, "seekrflow.json");
  await writeFile(source, JSON.stringify(document));
  redocly(["build-docs", source, "--inlineBundle", "--output", output], {
    stdio: ["ignore", "ignore", "inherit"],
  });
} finally {
  await rm(scratch, { recursive: true, force: true });
}
const html = (await readFile(output, "utf8")).replace(LOGO, INLINE_LOGO);
const remote = html.match(
  /(?:src|href)=["'`]https?:\/\/(?!flow\.seekr\.com)[^"'`]*\.(?:js|css|svg|png|woff2?)["'`]/g,
);
if (remote) throw new Error(`docs/index.html still loads from the network: ${remote.join(", ")}`);
await writeFile(output, html);
console.log(
  `wrote docs/: index.html (${Math.round(html.length / 1024)} kB, no network needed, opening on the guide), seekrflow.json with code samples, llms.txt, llms-full.txt, CHANGELOG.md, changelog.html`,
);
