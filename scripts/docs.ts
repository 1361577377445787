/**
 * `npm run docs`: builds docs/index.html from the OpenAPI document with `redocly build-docs
 * --inlineBundle`, so that the page needs no network. Redoc's sidebar still points its "API docs
 * by Redocly" logo at a CDN; that image is swapped for an inline SVG, keeping the attribution.
 */
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { root } from "./generate.js";

const output = path.join(root, "docs/index.html");
const LOGO = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;
const INLINE_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16"><text x="0" y="12" font-family="sans-serif" font-size="12" fill="#888">Redocly</text></svg>',
)}`;

execFileSync(
  path.join(root, "node_modules/.bin/redocly"),
  ["build-docs", "openapi/seekrflow.yaml", "--inlineBundle", "--output", output],
  {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, REDOCLY_TELEMETRY: "off" },
  },
);
const html = (await readFile(output, "utf8")).replace(LOGO, INLINE_LOGO);
const remote = html.match(
  /(?:src|href)=["'`]https?:\/\/(?!flow\.seekr\.com)[^"'`]*\.(?:js|css|svg|png|woff2?)["'`]/g,
);
if (remote) throw new Error(`docs/index.html still loads from the network: ${remote.join(", ")}`);
await writeFile(output, html);
console.log(
  `wrote ${path.relative(process.cwd(), output)} (${Math.round(html.length / 1024)} kB, no network needed)`,
);
