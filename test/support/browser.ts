/**
 * A headless Chromium for browser tests, from npm alone: `@sparticuz/chromium` ships the binary
 * inside its package and `playwright-core` drives it. No system browser is looked for or needed.
 */
import chromiumBinary from "@sparticuz/chromium";
import { type Browser, chromium } from "playwright-core";

/** Launches Chromium with the package's arguments, minus the one that would switch off CORS. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumBinary.executablePath(),
    args: chromiumBinary.args.filter((arg) => arg !== "--disable-web-security"),
  });
}
