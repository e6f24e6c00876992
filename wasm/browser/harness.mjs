// Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core
// (which downloads no browser of its own), pages served by server.mjs on 127.0.0.1, every
// request to another host refused, page errors and console errors collected.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";

/** The Chromium to drive: $CHROMIUM, else Debian's (apt-get install chromium). */
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** Flags for a quiet, offline, throw-away headless Chromium (headless and the profile
 * directory are passed by playwright: `headless: true` and the persistent context's dir). */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Serve `mounts` (see server.mjs), launch Chromium with a fresh profile, and run
 * `body({ page, url, problems })`; `problems` collects page errors, console errors and
 * refused off-machine requests. Everything is torn down afterwards, also on failure, and
 * the whole run is bounded by `timeoutMs`.
 */
export async function withBrowser(mounts, body, { timeoutMs = 120_000 } = {}) {
  const server = await serve(mounts);
  const profile = mkdtempSync(join(tmpdir(), "datafee-chromium-"));
  let context;
  const timer = setTimeout(() => {
    console.error(`browser test timed out after ${timeoutMs} ms`);
    process.exit(2);
  }, timeoutMs);
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", ...CHROMIUM_FLAGS],
      viewport: { width: 1000, height: 700 },
      timeout: 60_000,
    });
    const problems = [];
    const origin = new URL(server.url).origin;
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(origin + "/") || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
      problems.push(`refused a request off this machine: ${url}`);
      return route.abort();
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console error: ${m.text()}`);
    });
    page.on("requestfailed", (r) => {
      if (r.url().startsWith(origin)) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`);
    });
    return await body({ page, url: server.url, problems });
  } finally {
    clearTimeout(timer);
    await context?.close().catch(() => {});
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
