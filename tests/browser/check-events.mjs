// Checks the events script (guildhall-events.js) in Chromium with the browser's clock and time zone
// set, on the events fixture built with --now 2026-03-20T12:00:00Z:
// - after the sock clinic has ended (but before any rebuild), it moves from the upcoming list to the
//   top of the past list, the Tuesday knit-along shows its next date, and the event's own page says
//   it is over and offers no registration;
// - a reader in New York sees a second line with the time in their own zone, and none for the New
//   York meetup; a reader in London sees one for the New York meetup only.
//
// Usage: node check-events.mjs OUTPUT_DIR
// Prints one line per check and "N passed, M failed"; exits 1 if any check failed.

import { chromium } from "playwright-core";
import { serve, launch, report } from "./serve.mjs";

const [outputDir] = process.argv.slice(2);
if (!outputDir) {
  console.error("usage: node check-events.mjs OUTPUT_DIR");
  process.exit(2);
}

const server = await serve(outputDir, "/");
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launch(chromium);

/** Opens `path` as a reader in `timezoneId` whose clock says `now`; returns the page. */
async function open(path, timezoneId, now) {
  const context = await browser.newContext({ timezoneId, locale: "en-GB" });
  await context.clock.setFixedTime(new Date(now));
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${origin}${path}`);
  await page.waitForLoadState("load");
  page.scriptErrors = errors;
  return page;
}

const titles = (page, kind) =>
  page.$$eval(`[data-events-list="${kind}"] > li h3 a`, (links) => links.map((a) => a.textContent));
const card = (page, title) =>
  page.$eval(
    `xpath=//li[.//h3/a[text()="${title}"]]`,
    (item) => ({
      when: item.querySelector("time")?.textContent,
      local: item.querySelector(".local-time")?.textContent ?? null,
    }),
  );

const checks = [];
function check(name, ok, detail) {
  checks.push({ name, ok, detail });
}

// A reader in New York, after the sock clinic (26 March, 19:00–20:30 GMT) and before any rebuild.
const late = "2026-03-26T21:00:00Z";
let page = await open("/events/", "America/New_York", late);
const upcoming = await titles(page, "upcoming");
const past = await titles(page, "past");
check("an ended event leaves the upcoming list", !upcoming.includes("Sock clinic"), upcoming);
check("an ended event tops the past list", past[0] === "Sock clinic", past);
check(
  "the upcoming list stays soonest first",
  upcoming.slice(0, 3).join(" | ") === "New York meetup | Spring social | Tuesday knit-along",
  upcoming,
);
const knit = await card(page, "Tuesday knit-along");
check("a series shows its next date", knit.when === "Tuesday 7 April 2026, 19:00–20:00 BST", knit);
const sock = await card(page, "Sock clinic");
check(
  "the reader's own time is shown under other zones' times",
  sock.local !== null && sock.local.startsWith("Your time: ") && sock.local.includes("15:00") && sock.local.includes("16:30"),
  sock,
);
const nyc = await card(page, "New York meetup");
check("no second line when the zones agree", nyc.local === null, nyc);
check("no script error on the list", page.scriptErrors.length === 0, page.scriptErrors);
await page.context().close();

page = await open("/events/sock-clinic/", "America/New_York", late);
const over = await page.$eval("[data-event-over]", (element) => !element.hidden);
const register = await page.$("[data-event-register]");
check("the page of an ended event says it is over", over, over);
check("the page of an ended event offers no registration", register === null, "a Register link");
const related = await card(page, "Tuesday knit-along");
check("related events show their next date too", related.when === "Tuesday 7 April 2026, 19:00–20:00 BST", related);
await page.context().close();

page = await open("/", "America/New_York", late);
const home = await titles(page, "upcoming");
check("the home page drops an ended event", !home.includes("Sock clinic") && home[0] === "New York meetup", home);
await page.context().close();

// A reader in London at the time of the build.
page = await open("/events/", "Europe/London", "2026-03-20T12:00:00Z");
const london = await card(page, "Sock clinic");
const fromLondon = await card(page, "New York meetup");
check("no second line for the reader's own zone", london.local === null, london);
check(
  "another zone's event gets the reader's time",
  fromLondon.local !== null && fromLondon.local.includes("22:00"),
  fromLondon,
);
check("nothing moves before it ends", (await titles(page, "upcoming"))[0] === "Tuesday knit-along", "");
await page.context().close();

await browser.close();
server.close();
report(checks);
