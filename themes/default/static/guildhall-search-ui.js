// guildhall search page: wires the form of search.html to the engine (guildhall-search.js). Results
// appear as the shopper types; the query and filters live in the address (?q=...&kind=guide), so a
// result list can be shared, bookmarked and reached with the back button. Everything is built with
// DOM methods and text nodes: no HTML string is ever parsed, so no indexed text can become markup.

const form = document.querySelector("form.search-form");
const input = form.querySelector("input[name=q]");
const sort = form.querySelector("select[name=sort]");
const filters = form.querySelector(".search-filters");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.querySelector(".search-more");
const suggestions = document.querySelector(".search-suggestions");
const facets = { kind: null, topic: null, product: null };
for (const name of Object.keys(facets)) facets[name] = form.querySelector(`fieldset[data-facet=${name}]`);

// Result addresses are site paths ("/guides/x/"); the site may live under a sub-path.
const root = form.dataset.index.replace(/search\/$/, "");
const href = (path) => root + path.replace(/^\//, "");
const PAGE = 10;
// The theme's words in the site's language (i18n/<language>.toml, keys starting with js_).
const WORDS = JSON.parse(document.getElementById("guildhall-words")?.textContent || "{}");
const word = (key, fallback, fill = {}) => {
  let text = WORDS[key] ?? fallback;
  if (typeof text === "object") text = fill.n === 1 || (fill.n === 0 && /^(fr|pt)/.test(document.documentElement.lang)) ? text.one : text.other;
  return text.replace(/\{(\w+)\}/g, (all, name) => (name in fill ? String(fill[name]) : all));
};
const LABELS = { guide: "Guide", faq: "FAQ", story: "Story", event: "Event", update: "Update", page: "Page", product: "Product", topic: "Topic" };
for (const key of Object.keys(LABELS)) LABELS[key] = word(key, LABELS[key]);
let limit = PAGE;
let engine;
let index;
let sequence = 0;
let timer;

const el = (tag, attributes = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  node.append(...children);
  return node;
};

// Result dates ("2025-12-28") read as the page's dates do, in the page's language.
const DATES = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const readableDate = (iso) => {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? iso : DATES.format(date);
};

/** Text with the matched words in <mark>: `pieces` is the engine's [text, matched] list. */
const marked = (pieces) => pieces.map(([text, hit]) => (hit ? el("mark", {}, text) : document.createTextNode(text)));

const checked = (name) => [...form.querySelectorAll(`input[name=${name}]:checked`)].map((box) => box.value);

function readAddress() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  sort.value = params.get("sort") === "date" ? "date" : "relevance";
  for (const name of Object.keys(facets)) {
    const wanted = params.getAll(name);
    for (const box of form.querySelectorAll(`input[name=${name}]`)) box.checked = wanted.includes(box.value);
    pending[name] = wanted;
  }
}
// Topic and product boxes are made from the first answer; until then the address's choices wait here.
const pending = { kind: [], topic: [], product: [] };
const chosen = (name) => [...new Set([...checked(name), ...pending[name]])];

function writeAddress() {
  const params = new URLSearchParams();
  if (input.value.trim()) params.set("q", input.value.trim());
  for (const name of Object.keys(facets)) for (const value of chosen(name)) params.append(name, value);
  if (sort.value === "date") params.set("sort", "date");
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

/** Updates the boxes of one facet from its counts, keeping each box (and the focus) where it is. */
function fillFacet(name, values) {
  const fieldset = facets[name];
  if (!fieldset) return;
  const boxes = new Map([...fieldset.querySelectorAll("input")].map((box) => [box.value, box]));
  for (const value of values) {
    let box = boxes.get(value.value);
    if (!box) {
      box = el("input", { type: "checkbox", name, value: value.value });
      box.checked = pending[name].includes(value.value);
      fieldset.append(el("label", { class: "search-option" }, box, ` ${value.title} `, el("span", { class: "search-count" })));
      boxes.set(value.value, box);
    }
  }
  const counts = new Map(values.map((v) => [v.value, v.count]));
  let shown = 0;
  for (const [value, box] of boxes) {
    const count = counts.get(value) || 0;
    const label = box.closest("label");
    label.querySelector(".search-count").textContent = `(${count})`;
    label.hidden = count === 0 && !box.checked;
    shown += !label.hidden;
  }
  fieldset.hidden = shown === 0;
}

function result(item) {
  const title = el("a", { href: href(item.url) }, ...marked(item.title));
  const head = el("h2", {}, title);
  const kind = el("span", { class: "search-kind" }, LABELS[item.kind] || item.kind);
  const entry = el("li", {}, kind, head);
  if (item.section) {
    entry.append(el("p", { class: "search-section" }, `${word("section", "Section:")} `, ...marked(item.section.title)));
  }
  if (item.summary.length) entry.append(el("p", {}, ...marked(item.summary)));
  if (item.date && (item.kind === "story" || item.kind === "event" || item.kind === "update" || sort.value === "date")) {
    entry.append(el("p", { class: "search-kind" }, el("time", { datetime: item.date }, readableDate(item.date))));
  }
  return entry;
}

function say(text) {
  // Screen readers hear the status once the shopper pauses, not at every key.
  if (status.textContent !== text) status.textContent = text;
}

async function run() {
  const query = input.value.trim();
  const mine = ++sequence;
  writeAddress();
  if (!query) {
    list.replaceChildren();
    filters.hidden = true;
    more.hidden = true;
    if (suggestions) suggestions.hidden = true;
    say("");
    return;
  }
  let answer;
  try {
    index ??= engine.open(form.dataset.index);
    answer = await index.search(query, {
      kind: chosen("kind"), topic: chosen("topic"), product: chosen("product"),
      sort: sort.value, limit, facets: true,
    });
  } catch (error) {
    if (mine === sequence) say(word("unavailable", "Search is not available right now. Please try again later."));
    console.error(error);
    return;
  }
  if (mine !== sequence) return;
  const kinds = Object.entries(answer.kinds).map(([value, count]) => ({ value, title: LABELS[value], count }));
  fillFacet("kind", kinds);
  if (answer.facets) {
    fillFacet("topic", answer.facets.topic);
    fillFacet("product", answer.facets.product);
  }
  for (const name of Object.keys(pending)) pending[name] = pending[name].filter((v) => !form.querySelector(`input[name=${name}][value="${CSS.escape(v)}"]`));
  const anyKind = Object.values(answer.kinds).some((n) => n > 0);
  filters.hidden = !anyKind && !chosen("kind").length && !chosen("topic").length && !chosen("product").length;
  list.replaceChildren(...answer.results.map(result));
  more.hidden = answer.total <= answer.results.length;
  if (suggestions) suggestions.hidden = answer.total > 0;
  if (answer.total === 0) {
    say(suggestions
      ? word("nothing_topics", "Nothing matched “{q}”. Check the spelling, use fewer words, or browse a topic below.", { q: query })
      : word("nothing", "Nothing matched “{q}”. Check the spelling or use fewer words.", { q: query }));
  } else if (answer.total > answer.results.length) {
    say(word("results_showing", "{n} results for “{q}”, showing {shown}.", { n: answer.total, q: query, shown: answer.results.length }));
  } else {
    say(word("results", "{n} results for “{q}”.", { n: answer.total, q: query }));
  }
}

function soon() {
  clearTimeout(timer);
  limit = PAGE;
  timer = setTimeout(run, 120);
}

async function start() {
  engine = await import(form.dataset.engine);
  // Filters open beside the results on wide screens; on phones they wait below the search box.
  filters.open = matchMedia("(min-width: 60em)").matches;
  readAddress();
  input.addEventListener("input", soon);
  form.addEventListener("change", (event) => {
    if (event.target === input) return;
    limit = PAGE;
    run();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    limit = PAGE;
    run();
  });
  more.addEventListener("click", () => {
    const first = list.children.length;
    limit += PAGE;
    run().then(() => list.children[first]?.querySelector("a")?.focus());
  });
  if (input.value) run();
  else input.focus();
  form.dataset.ready = "true";
}

start();
