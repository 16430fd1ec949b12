// Checks the editor's loop of `guildhall serve` in Chromium: a tab open on a guide reloads when the
// guide is saved; when a save breaks the guide, the tab shows an overlay with the same
// `path:line:col` message the terminal prints, over the last good page; when the file is fixed the
// overlay goes away and the tab shows the fixed page.
//
// Usage: node check-serve.mjs GUILDHALL_BINARY SITE_DIR
// The site must have content/guides/first.md with `title = "First guide"`.
// Prints one line per check and "N passed, M failed"; exits 1 if any check failed.

import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { launch, report } from "./serve.mjs";

const [binary, siteDir] = process.argv.slice(2);
if (!binary || !siteDir) {
  console.error("usage: node check-serve.mjs GUILDHALL_BINARY SITE_DIR");
  process.exit(2);
}

const server = spawn(binary, ["serve", "--port", "0", "--now", "2026-03-01T12:00:00Z", "--root", siteDir], {
  stdio: ["ignore", "pipe", "pipe"],
});
let terminal = "";
server.stderr.on("data", (chunk) => {
  terminal += chunk;
});
const origin = await new Promise((resolve, reject) => {
  let said = "";
  server.stdout.on("data", (chunk) => {
    said += chunk;
    const found = said.match(/on (http:\/\/127\.0\.0\.1:\d+)\//);
    if (found) resolve(found[1]);
  });
  server.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${terminal}`)));
});

const checks = [];
function check(name, ok, detail) {
  checks.push({ name, ok, detail });
}

const browser = await launch(chromium);
const page = await browser.newPage();
const errors = [];
page.on("pageerror", (error) => errors.push(error.message));
await page.goto(`${origin}/guides/first/`);
await page.waitForLoadState("load");
// The tab is listening once the live script has had the current state.
await page.waitForTimeout(500);
const heading = () => page.$eval("h1", (h) => h.textContent.trim());
check("the guide is served", (await heading()) === "First guide", await heading());

const file = join(siteDir, "content/guides/first.md");
const good = await readFile(file, "utf8");

// An edit: the open tab reloads by itself with the new title.
await writeFile(file, good.replace('title = "First guide"', 'title = "First guide, edited"'));
await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("edited"), null, {
  timeout: 20000,
});
check("a save reloads the open tab", (await heading()) === "First guide, edited", await heading());

// A broken save: `level` takes one of three words.
await writeFile(file, good.replace('level = "beginner"', 'level = "expert"'));
let overlay = null;
try {
  overlay = await page.waitForSelector("#guildhall-overlay", { state: "visible", timeout: 20000 });
} catch {
  overlay = null;
}
const shown = overlay ? await overlay.textContent() : "";
check("a broken save shows the overlay", overlay !== null, shown);
const at = shown.match(/content\/guides\/first\.md:(\d+):(\d+)/);
check("the overlay gives the file, line and column", at !== null && at[1] === "4", shown);
check(
  "the overlay says what is wrong and how to fix it",
  shown.includes("expert") && /hint|help/i.test(shown),
  shown,
);
check(
  "the terminal printed the same place",
  at !== null && terminal.includes(`content/guides/first.md:${at[1]}:${at[2]}`),
  terminal.slice(-400),
);
check("the overlay is a labelled alert dialog", (await overlay?.getAttribute("role")) === "alertdialog", "");
check("the last good page stays under it", (await heading()) === "First guide, edited", await heading());

// The fix: the overlay goes and the tab shows the fixed page.
await writeFile(file, good.replace('title = "First guide"', 'title = "First guide, fixed"'));
await page.waitForFunction(
  () => !document.querySelector("#guildhall-overlay") && document.querySelector("h1")?.textContent.includes("fixed"),
  null,
  { timeout: 20000 },
);
check("fixing the file removes the overlay", (await page.$("#guildhall-overlay")) === null, "");
check("and shows the fixed page", (await heading()) === "First guide, fixed", await heading());
check("no script error", errors.length === 0, errors);

await writeFile(file, good);
await browser.close();
server.kill();
report(checks);
