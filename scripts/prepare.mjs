// `npm install` and `npm ci` in this repository (`prepare`: never run where the package is
// installed). Node 22 and 24 come as packages whose bin would shadow the machine's `node`, so that
// bin goes; and `seekrflow-client` is linked to this repository, so that the MCP server (mcp/)
// imports the client as its users do, by its name.
import { rmSync, symlinkSync, lstatSync } from "node:fs";

rmSync("node_modules/.bin/node", { force: true });
try {
  lstatSync("node_modules/seekrflow-client");
} catch {
  symlinkSync("..", "node_modules/seekrflow-client", "dir");
}
