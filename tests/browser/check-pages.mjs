// Opens pages of a built guildhall site in Debian's headless Chromium and checks what a shopper meets:
// no request to another host, no script errors, an axe-core audit with zero violations in light and
// dark mode, a skip link as the first thing the keyboard reaches, and no sideways scrolling on a phone.
//
// Usage: node check-pages.mjs OUTPUT_DIR BASE_PATH PAGE...
// OUTPUT_DIR is served over HTTP on 127.0.0.1 under BASE_PATH (like "/" or "/community/"); each PAGE is a
// path below it ("", "guides/"). Prints one line per page and exits 1 if any check failed.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { serve, launch } from "./serve.mjs";

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

const [outputDir, basePath, ...pages] = process.argv.slice(2);
if (!outputDir || !basePath || pages.length === 0) {
  console.error("usage: node check-pages.mjs OUTPUT_DIR BASE_PATH PAGE...");
  process.exit(2);
}

const server = await serve(outputDir, basePath);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launch(chromium);

async function audit(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // Best-practice rules are included: they are what a careful reviewer would flag. So are 24 px
    // tap targets (WCAG 2.2, off by default), which Lighthouse scores on phones.
    window.axe.run(document, { resultTypes: ["violations"], rules: { "target-size": { enabled: true } } }),
  );
  return result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`,
  );
}

let failures = 0;
for (const pagePath of pages) {
  const problems = [];
  const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`script error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (!url.startsWith(origin)) {
      problems.push(`request to another host: ${url}`);
      return route.abort();
    }
    return route.continue();
  });
  const response = await page.goto(`${origin}${basePath}${pagePath}`);
  if (!response || response.status() !== 200) problems.push(`status ${response?.status()}`);

  for (const violation of await audit(page)) problems.push(`axe (light): ${violation}`);
  await page.emulateMedia({ colorScheme: "dark" });
  for (const violation of await audit(page)) problems.push(`axe (dark): ${violation}`);

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) problems.push(`scrolls sideways by ${overflow}px at 375px wide`);

  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => ({
    text: document.activeElement?.textContent?.trim(),
    href: document.activeElement?.getAttribute("href"),
    visible: document.activeElement ? document.activeElement.getBoundingClientRect().height > 0 : false,
  }));
  if (first.href !== "#main" || !first.visible) {
    problems.push(`the first Tab does not reach a visible skip link (got ${JSON.stringify(first)})`);
  }

  console.log(`${problems.length === 0 ? "ok" : "FAIL"} ${basePath}${pagePath}`);
  for (const problem of problems) console.log(`  ${problem}`);
  failures += problems.length === 0 ? 0 : 1;
  await context.close();
}

await browser.close();
server.close();
console.log(`${pages.length - failures} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
