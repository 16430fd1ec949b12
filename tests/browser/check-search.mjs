// Checks search the way a shopper meets it, in Debian's headless Chromium, on a built hub served under
// BASE_PATH:
// - a `?q=` deep link shows results, with the expected first result and the kind counts;
// - the search box in the header of another page leads to the search page with results;
// - typing into the search page key by key shows results as you type, and the bytes it cost are
//   counted by intercepting every request (script and index files apart);
// - a filter box narrows the results and its count agrees with the number shown;
// - a query that matches nothing says so and offers topics;
// - the page passes axe-core with results on it, and the first result is reachable by keyboard.
//
// Usage: node check-search.mjs OUTPUT_DIR BASE_PATH EXPECTATIONS_JSON
// EXPECTATIONS_JSON: {"deep": {"q", "first", "kinds"}, "typed": {"q", "first"},
//                     "facet": {"q", "kind"}, "nothing": "query"}
// Prints one line per check, the byte counts as "bytes: {...}", and "N passed, M failed".

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { serve, launch } from "./serve.mjs";

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

const [outputDir, basePath, expectationsJson] = process.argv.slice(2);
if (!outputDir || !basePath || !expectationsJson) {
  console.error("usage: node check-search.mjs OUTPUT_DIR BASE_PATH EXPECTATIONS_JSON");
  process.exit(2);
}
const expect = JSON.parse(expectationsJson);

const server = await serve(outputDir, basePath);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launch(chromium);

const checks = [];
function check(name, ok, detail) {
  checks.push({ name, ok: Boolean(ok), detail });
}

/** A new phone-sized page that records script errors and what every request cost. */
async function open(path) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  page.errors = [];
  page.costs = { script: 0, index: 0, other: 0, requests: [] };
  page.on("pageerror", (error) => page.errors.push(error.message));
  page.on("console", (message) => message.type() === "error" && page.errors.push(message.text()));
  await page.route("**/*", async (route) => {
    let response;
    try {
      response = await route.fetch();
    } catch (error) {
      // A request still in flight when the page is closed (a favicon, late) is not counted.
      if (page.isClosed() || page.closing) return;
      throw error;
    }
    const body = await response.body();
    const url = new URL(route.request().url());
    const kind = url.pathname.startsWith(`${basePath}search/`) && url.pathname.endsWith(".gz")
      ? "index" : url.pathname.endsWith(".js") ? "script" : "other";
    page.costs[kind] += body.length;
    page.costs.requests.push(url.pathname);
    await route.fulfill({ response, body });
  });
  await page.goto(`${origin}${basePath}${path}`);
  await page.waitForLoadState("load");
  if (path.startsWith("search/")) await page.waitForSelector("form.search-form[data-ready]");
  return page;
}

/** Closes a page from `open`, letting requests still in flight end quietly. */
async function done(page) {
  page.closing = true;
  await page.unrouteAll({ behavior: "ignoreErrors" });
  await page.context().close();
}

const results = (page) =>
  page.$$eval("#search-results > li", (items) =>
    items.map((li) => ({
      href: li.querySelector("h2 a").getAttribute("href"),
      title: li.querySelector("h2 a").textContent,
      marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
    })),
  );
const statusText = (page) => page.$eval("#search-status", (p) => p.textContent);
const waitForResults = (page) =>
  page.waitForFunction(() => document.querySelector("#search-status")?.textContent.trim() !== "", null, { timeout: 10000 });

// 1. A deep link.
let page = await open(`search/?q=${encodeURIComponent(expect.deep.q)}`);
await waitForResults(page);
let found = await results(page);
check("a ?q= deep link shows results", found.length > 0, await statusText(page));
check(
  `the first result for “${expect.deep.q}” is ${expect.deep.first}`,
  found[0]?.href === `${basePath}${expect.deep.first.replace(/^\//, "")}`,
  found.slice(0, 3).map((r) => r.href),
);
check("matched words are marked", found.some((r) => r.marks.length > 0), found[0]);
const kindCounts = await page.$$eval("fieldset[data-facet=kind] label:not([hidden])", (labels) =>
  Object.fromEntries(labels.map((l) => [l.querySelector("input").value, Number(l.querySelector(".search-count").textContent.replace(/\D/g, ""))])),
);
check("kind counts are shown", JSON.stringify(kindCounts) === JSON.stringify({ ...kindCounts, ...expect.deep.kinds }), kindCounts);
const violations = await (async () => {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
})();
check("the search page with results passes axe-core", violations.length === 0, violations);
check("no script errors on the search page", page.errors.length === 0, page.errors);
const deepCosts = { ...page.costs };
await done(page);

// 2. The header box of another page.
page = await open("");
const box = await page.$("header form[role=search] input[name=q]");
check("every page has a search box in its header", box !== null);
if (box) {
  await box.fill(expect.typed.q);
  await Promise.all([page.waitForURL(/\/search\/\?q=/), box.press("Enter")]);
  await waitForResults(page);
  found = await results(page);
  check("the header box leads to results", found.length > 0, page.url());
}
await done(page);

// 3. Typing key by key on the search page, counting bytes.
page = await open("search/");
const focused = await page.evaluate(() => document.activeElement?.id);
check("the search page puts the keyboard in the search field", focused === "search-q", focused);
await page.keyboard.type(expect.typed.q, { delay: 60 });
await waitForResults(page);
await page.waitForFunction((q) => document.querySelector("#search-status").textContent.includes(q), expect.typed.q);
found = await results(page);
check(
  `typing “${expect.typed.q}” shows ${expect.typed.first} first`,
  found[0]?.href === `${basePath}${expect.typed.first.replace(/^\//, "")}`,
  found.slice(0, 3).map((r) => r.href),
);
check("the address carries the query", new URL(page.url()).searchParams.get("q") === expect.typed.q, page.url());
// Keyboard: Tab from the field eventually reaches the first result.
let reached = false;
for (let i = 0; i < 60 && !reached; i++) {
  await page.keyboard.press("Tab");
  reached = await page.evaluate(() => document.activeElement === document.querySelector("#search-results a"));
}
check("the first result is reachable by keyboard", reached);
const typedCosts = { ...page.costs };
check("no script errors while typing", page.errors.length === 0, page.errors);
await done(page);

// 4. A filter narrows the results; its count is what is shown.
page = await open(`search/?q=${encodeURIComponent(expect.facet.q)}`);
await waitForResults(page);
const label = await page.$(`fieldset[data-facet=kind] input[value=${expect.facet.kind}]`);
const count = label
  ? Number((await page.$eval(`fieldset[data-facet=kind] input[value=${expect.facet.kind}]`, (b) => b.closest("label").querySelector(".search-count").textContent)).replace(/\D/g, ""))
  : -1;
if (label) {
  // Filters sit in a panel that phones keep closed: open it as a shopper would.
  if (!(await page.$eval("details.search-filters", (d) => d.open))) await page.click("details.search-filters > summary");
  await label.check();
  await page.waitForFunction(() => new URL(location.href).searchParams.has("kind"));
  await page.waitForFunction((n) => document.querySelectorAll("#search-results > li").length === Math.min(n, 10), count, { timeout: 10000 }).catch(() => {});
}
found = await results(page);
const total = Number((await statusText(page)).match(/^(\d+)/)?.[1] ?? -1);
check(`the ${expect.facet.kind} filter keeps its count (${count}) of results`, count > 0 && total === count && found.length === Math.min(count, 10), { count, total, shown: found.length });
const kindsShown = await page.$$eval("#search-results .search-kind:first-child", (spans) => [...new Set(spans.map((s) => s.textContent))]);
check("every filtered result is of that kind", kindsShown.length === 1, kindsShown);
await done(page);

// 5. Nothing matched.
page = await open(`search/?q=${encodeURIComponent(expect.nothing)}`);
await waitForResults(page);
const nothing = await statusText(page);
check("a query with no match says so", /Nothing matched/.test(nothing), nothing);
const offered = await page.$$eval(".search-suggestions:not([hidden]) a", (links) => links.length);
check("topics are offered instead", offered > 0, offered);
await done(page);

await browser.close();
server.close();

for (const { name, ok, detail } of checks) {
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${ok ? "" : `: ${JSON.stringify(detail)}`}`);
}
console.log(`bytes: ${JSON.stringify({ deepLink: deepCosts, typed: typedCosts }, (k, v) => (k === "requests" ? v.length : v))}`);
const failed = checks.filter((c) => !c.ok).length;
console.log(`${checks.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
