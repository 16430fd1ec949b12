// Measures what a shopper on a phone meets first, in headless Chromium at 390 × 844: the header's
// height on each page (at most 120 px) and, on the search page, where the first result starts (within
// the first screen, above the filters) and its footer (below the first screen, so that results drawn
// later do not push it). Prints each figure; exits 1 if one is over its limit.
//
// Usage: node check-layout.mjs OUTPUT_DIR BASE_PATH QUERY PAGE...
// With SCREENSHOTS=DIR set, also saves a phone and a desktop screenshot of each page, light and dark.

import { mkdir } from "node:fs/promises";
import { chromium } from "playwright-core";
import { serve, launch } from "./serve.mjs";

const [outputDir, basePath, query, ...pages] = process.argv.slice(2);
if (!outputDir || !basePath || !query || pages.length === 0) {
  console.error("usage: node check-layout.mjs OUTPUT_DIR BASE_PATH QUERY PAGE...");
  process.exit(2);
}
const HEADER_LIMIT = 120;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const shots = process.env.SCREENSHOTS;
if (shots) await mkdir(shots, { recursive: true });

const server = await serve(outputDir, basePath);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launch(chromium);
let failures = 0;
let passes = 0;
const fail = (text) => {
  console.log(`FAIL ${text}`);
  failures += 1;
};

const name = (path) => path.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "home";

async function headerFigures(viewport, path) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${origin}${basePath}${path}`);
  const figures = await page.evaluate(() => {
    const header = document.querySelector(".site-header").getBoundingClientRect();
    const search = document.querySelector(".site-search");
    const title = document.querySelector(".site-title");
    const nav = document.querySelector(".site-nav");
    return {
      height: Math.round(header.height),
      searchOnTitleRow: search ? Math.abs(search.getBoundingClientRect().top - title.getBoundingClientRect().top) < 24 : true,
      navHidden: nav ? nav.scrollWidth - nav.clientWidth : 0,
    };
  });
  if (shots) {
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `${shots}/${name(path)}-${viewport.width}-${scheme}.png`, fullPage: true });
    }
  }
  await context.close();
  return figures;
}

for (const path of pages) {
  const before = failures;
  const phone = await headerFigures(PHONE, path);
  console.log(`header ${basePath}${path}: ${phone.height} px at 390x844`);
  if (phone.height > HEADER_LIMIT) fail(`the header of ${path} is ${phone.height} px tall at 390 px (limit ${HEADER_LIMIT})`);
  const desktop = await headerFigures(DESKTOP, path);
  console.log(`header ${basePath}${path}: ${desktop.height} px at 1280x800`);
  if (!desktop.searchOnTitleRow) fail(`the search box of ${path} wraps onto its own row at 1280 px`);
  // Phones scroll the menu sideways; a desktop shows every section.
  if (desktop.navHidden > 1) fail(`the menu of ${path} hides ${desktop.navHidden} px of sections at 1280 px`);
  passes += failures === before;
}

// The search page: the first result must start within the first screen of a phone.
const beforeSearch = failures;
const context = await browser.newContext({ viewport: PHONE });
const page = await context.newPage();
await page.goto(`${origin}${basePath}search/?q=${encodeURIComponent(query)}`);
await page.waitForSelector("#search-results li", { timeout: 10000 });
const first = await page.evaluate(() => {
  const result = document.querySelector("#search-results li");
  const filters = document.querySelector(".search-filters");
  return {
    top: Math.round(result.getBoundingClientRect().top + window.scrollY),
    title: result.querySelector("a").textContent,
    kind: result.querySelector(".search-kind").textContent,
    filtersOpen: filters.open,
    emptyFacets: [...document.querySelectorAll(".search-option")].filter((l) => !l.hidden && / \(0\)$/.test(l.textContent.trim())).length,
  };
});
console.log(`first result for "${query}": "${first.title}" (${first.kind}) at ${first.top} px at 390x844`);
if (first.top > PHONE.height) fail(`the first result starts ${first.top} px down, below the first screen`);
if (first.filtersOpen) fail("the filters are open on a phone");
if (first.emptyFacets) fail(`${first.emptyFacets} filters with no result are shown`);
if (shots) await page.screenshot({ path: `${shots}/search-390.png`, fullPage: true });
// Results are drawn after the page shows: the footer must wait below the first screen, or they push
// it down (a layout shift) while the shopper reads. Measured with no query, when nothing fills the page.
await page.goto(`${origin}${basePath}search/`);
const footerTop = await page.evaluate(() => Math.round(document.querySelector(".site-footer").getBoundingClientRect().top));
console.log(`search page footer at ${footerTop} px at 390x844`);
if (footerTop < PHONE.height) fail(`the search page's footer starts at ${footerTop} px, on the first screen, where results will push it`);
await context.close();

passes += failures === beforeSearch;

await browser.close();
server.close();
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
