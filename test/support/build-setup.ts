/**
 * Compiles src/ to dist/ once per run (`npm run compile`), so that the CLI tests run the built
 * `seekrflow` binary as a user would, never a stale one.
 */
import { execFileSync } from "node:child_process";

export default function setup(): void {
  execFileSync("npm", ["run", "--silent", "compile"], { stdio: "inherit" });
}
