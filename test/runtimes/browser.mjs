// Bundled by esbuild for platform=browser and loaded in Chromium from another origin than the
// stand-in's: the stand-in's URL comes in the page's hash.
import * as client from "seekrflow-client";
import { scenario } from "./scenario.mjs";

const baseUrl = decodeURIComponent(location.hash.slice(1));
window.result = scenario(client, baseUrl, { dangerouslyAllowBrowser: true }).catch((error) => ({
  error: String(error && error.stack ? error.stack : error),
}));
