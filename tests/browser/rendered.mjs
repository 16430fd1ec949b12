// Saves each page as the reader meets it, after its scripts ran (the search results and filters
// drawn, the events' local times written), so a test can read the words the scripts put on it.
//
// Usage: node rendered.mjs OUTPUT_DIR BASE_PATH DEST_DIR PAGE...
// Each page is written to DEST_DIR/<n>.html, n counting from 0 in the order given.

import { mkdir, writeFile } from "node:fs/promises";
import { chromium } from "playwright-core";
import { serve, launch } from "./serve.mjs";

const [outputDir, basePath, dest, ...pages] = process.argv.slice(2);
if (!outputDir || !basePath || !dest || pages.length === 0) {
  console.error("usage: node rendered.mjs OUTPUT_DIR BASE_PATH DEST_DIR PAGE...");
  process.exit(2);
}
await mkdir(dest, { recursive: true });
const server = await serve(outputDir, basePath);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launch(chromium);
// A reader whose browser speaks English and lives in another zone than the events: what the
// scripts write must still follow the page's language.
const context = await browser.newContext({ locale: "en-US", timezoneId: "America/New_York" });
let failures = 0;
for (const [n, path] of pages.entries()) {
  const page = await context.newPage();
  await page.goto(`${origin}${basePath}${path}`, { waitUntil: "networkidle" });
  if (path.startsWith("search/")) {
    const drawn = await page
      .waitForFunction(() => document.querySelector("#search-status")?.textContent.trim(), null, { timeout: 10000 })
      .then(() => true, () => false);
    if (!drawn) {
      console.log(`FAIL ${path}: the search script wrote no status`);
      failures += 1;
    }
  }
  await writeFile(`${dest}/${n}.html`, await page.content());
  await page.close();
}
await browser.close();
server.close();
console.log(`${pages.length - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
