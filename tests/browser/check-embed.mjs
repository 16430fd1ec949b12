// Checks the product embed as a store would use it: a "store" page on one origin loads
// guildhall-embed.js from the hub on another origin and must show the hub's links for the product.
//
// Usage: node check-embed.mjs OUTPUT_DIR SKU EXPECTED_TITLE...
// Prints "1 passed, 0 failed" or the problem, and exits 1 on failure.

import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serve, launch } from "./serve.mjs";

const [outputDir, sku, ...expected] = process.argv.slice(2);
const hub = await serve(outputDir, "/");
const hubOrigin = `http://127.0.0.1:${hub.address().port}`;
const storeDir = await mkdtemp(join(tmpdir(), "store-"));
await writeFile(
  join(storeDir, "index.html"),
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Product</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src ${hubOrigin}; connect-src ${hubOrigin}">
</head><body><main><h1>A product</h1>
<div data-guildhall-product="${sku}"></div>
<script src="${hubOrigin}/guildhall-embed.js" defer></script></main></body></html>`,
);
const store = await serve(storeDir, "/");
const browser = await launch(chromium);
const page = await browser.newPage();
const errors = [];
page.on("pageerror", (error) => errors.push(error.message));
await page.goto(`http://127.0.0.1:${store.address().port}/`);
let titles = [];
try {
  await page.waitForSelector(".guildhall-embed__list a", { timeout: 10000 });
  titles = await page.$$eval(".guildhall-embed__list a", (links) => links.map((a) => a.textContent));
} catch (error) {
  errors.push(`no embed appeared: ${error.message}`);
}
const missing = expected.filter((title) => !titles.includes(title));
await browser.close();
hub.close();
store.close();
if (errors.length || missing.length) {
  console.log(`FAIL embed: titles ${JSON.stringify(titles)}, missing ${JSON.stringify(missing)}, errors ${JSON.stringify(errors)}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
console.log(`ok embed: ${JSON.stringify(titles)}`);
console.log("1 passed, 0 failed");
