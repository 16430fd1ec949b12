// guildhall search engine: queries the prebuilt index in search/ with plain JavaScript (no eval, no
// WebAssembly). It fetches only what a query needs: the manifest, the dictionary shards of the query's
// words, long posting lists, and the metadata of the results shown. The analyzer below repeats
// src/search/text.rs rule for rule; a test compares the two.

const STOP = new Set(("a an and are as at be but by can could do does for from had has have how i if in " +
  "into is it its me my of on or our should so than that the their them then there these they this to " +
  "was we were what when where which who why will with would you your").split(" "));
const K1 = 1.2;
const WORD = /[\p{Alphabetic}\p{N}]+(?:['’][\p{Alphabetic}\p{N}]+)*/gu;
// Deepest shard key: typos in this many leading letters are looked for in the fuzzy shards.
const KEY_CHARS = 4;
const EXACT = 0, PREFIX = 1, FUZZY = 2;
const WEIGHT = [1, 0.9, 0.5];

export const fold = (text) => text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
export const words = (text) => (fold(text).match(WORD) || []).map((w) => w.replace(/['’]/g, ""));

// ---- English Snowball (Porter2) stemmer, as rust-stemmers implements it ----
const isV = (c) => c !== undefined && "aeiouy".includes(c);
const EXC1 = { skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl",
  gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news",
  howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes" };
const EXC2 = new Set(["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"]);
const STEP2 = [["ational", "ate"], ["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"],
  ["entli", "ent"], ["ization", "ize"], ["izer", "ize"], ["ation", "ate"], ["ator", "ate"], ["alism", "al"],
  ["aliti", "al"], ["alli", "al"], ["fulness", "ful"], ["ousli", "ous"], ["ousness", "ous"],
  ["iveness", "ive"], ["iviti", "ive"], ["biliti", "ble"], ["bli", "ble"], ["ogi", "og"], ["fulli", "ful"],
  ["lessli", "less"], ["li", ""]].sort((a, b) => b[0].length - a[0].length);
const STEP3 = [["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
  ["ical", "ic"], ["ful", ""], ["ness", ""], ["ative", ""]].sort((a, b) => b[0].length - a[0].length);
const STEP4 = ("ement ance ence able ible ment ant ent ism ate iti ous ive ize ion al er ic").split(" ");

function region(s, i) {
  while (i < s.length && !isV(s[i])) i++;
  while (++i < s.length && isV(s[i]));
  return Math.min(i + 1, s.length);
}
function shortV(s) {
  const n = s.length;
  return (n >= 3 && !"aeiouywxY".includes(s[n - 1]) && isV(s[n - 2]) && !isV(s[n - 3])) ||
    (n === 2 && !isV(s[1]) && isV(s[0]));
}
const ends = (s, list) => list.find((x) => s.endsWith(x));

export function stem(word) {
  if (EXC1[word]) return EXC1[word];
  if (word.length < 3) return word;
  let s = word.replace(/^y/, "Y").replace(/([aeiouy])y/g, "$1Y");
  const m = /^(gener|commun|arsen)/.exec(s);
  const p1 = m ? m[0].length : region(s, 0);
  const p2 = region(s, p1);
  // Step 1a
  if (s.endsWith("sses")) s = s.slice(0, -2);
  else if (ends(s, ["ied", "ies"])) s = s.slice(0, -3) + (s.length > 4 ? "i" : "ie");
  else if (ends(s, ["us", "ss"]));
  else if (s.endsWith("s") && /[aeiouy]/.test(s.slice(0, -2))) s = s.slice(0, -1);
  if (!EXC2.has(s)) {
    // Step 1b
    let x = ends(s, ["eedly", "ingly", "edly", "eed", "ing", "ed"]);
    if (x === "eed" || x === "eedly") {
      if (s.length - x.length >= p1) s = s.slice(0, -x.length) + "ee";
    } else if (x && /[aeiouy]/.test(s.slice(0, -x.length))) {
      s = s.slice(0, -x.length);
      if (ends(s, ["at", "bl", "iz"])) s += "e";
      else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(s)) s = s.slice(0, -1);
      else if (s.length === p1 && shortV(s)) s += "e";
    }
    // Step 1c
    const n = s.length;
    if (n > 2 && (s[n - 1] === "y" || s[n - 1] === "Y") && !isV(s[n - 2])) s = s.slice(0, -1) + "i";
    // Steps 2 and 3: the longest suffix, replaced when it starts in R1 (and meets its condition).
    for (const [table, step] of [[STEP2, 2], [STEP3, 3]]) {
      const hit = table.find(([suffix]) => s.endsWith(suffix));
      if (!hit) continue;
      const start = s.length - hit[0].length;
      if (start < p1) continue;
      if (step === 2 && hit[0] === "ogi" && s[start - 1] !== "l") continue;
      if (step === 2 && hit[0] === "li" && !"cdeghkmnrt".includes(s[start - 1] ?? "_")) continue;
      if (step === 3 && hit[0] === "ative" && start < p2) continue;
      s = s.slice(0, start) + hit[1];
    }
    // Step 4
    x = ends(s, STEP4);
    if (x && s.length - x.length >= p2 && (x !== "ion" || /[st]$/.test(s.slice(0, -3)))) {
      s = s.slice(0, -x.length);
    }
    // Step 5
    if (s.endsWith("e")) {
      const t = s.slice(0, -1);
      if (t.length >= p2 || (t.length >= p1 && !shortV(t))) s = t;
    } else if (s.endsWith("ll") && s.length - 1 >= p2) s = s.slice(0, -1);
  }
  return s.replace(/Y/g, "y");
}

// ---- Analyzer ----
let stems = true;
/** The index term of one folded word, or null (stop words, single letters, very long words). */
export function term(word) {
  const n = [...word].length;
  if (n > 40 || STOP.has(word) || (n === 1 && !/^\p{N}$/u.test(word))) return null;
  return stems && /^[a-z]+$/.test(word) ? stem(word) : word;
}
export const analyze = (text) => words(text).map(term).filter((t) => t !== null);

// ---- Binary decoding ----
class Reader {
  constructor(bytes, at = 0) { this.b = bytes; this.i = at; }
  v() { let x = 0, m = 1, c; do { c = this.b[this.i++]; x += (c & 127) * m; m *= 128; } while (c > 127); return x; }
  take(n) { return this.b.subarray(this.i, (this.i += n)); }
}
const utf8 = new TextDecoder();

function terms(r) {
  const n = r.v(), out = [];
  let prev = new Uint8Array(0);
  for (let i = 0; i < n; i++) {
    const shared = r.b[r.i++], rest = r.take(r.v()), cur = new Uint8Array(shared + rest.length);
    cur.set(prev.subarray(0, shared)); cur.set(rest, shared);
    out.push(utf8.decode(cur)); prev = cur;
  }
  return out;
}
function shard(bytes) {
  const r = new Reader(bytes), list = terms(r), n = list.length, df = [], len = [], post = new Map();
  for (let i = 0; i < n; i++) df.push(r.v());
  for (let i = 0; i < n; i++) len.push(r.v());
  for (let i = 0; i < n; i++) {
    const raw = r.take(len[i] >> 1);
    post.set(list[i], { df: df[i], list: len[i] & 1 ? utf8.decode(raw) : raw });
  }
  return { list, post };
}
export function postings(bytes) {
  const r = new Reader(bytes), n = r.v(), ids = new Int32Array(n), flag = new Uint8Array(n);
  let doc = -1;
  for (let i = 0; i < n; i++) { const g = r.v(); doc += Math.floor(g / 2) + 1; ids[i] = doc; flag[i] = g & 1; }
  const impacts = r.take(n), sections = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (flag[i]) sections[i] = r.b[r.i++];
  return { ids, impacts, sections };
}
function gaps(r, count) {
  const out = []; let doc = -1;
  for (let i = 0; i < count; i++) out.push((doc += r.v() + 1));
  return out;
}
async function gunzip(response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
const split = (bytes) => {
  const nl = bytes.indexOf(10);
  return nl < 0 ? [JSON.parse(utf8.decode(bytes)), null] : [JSON.parse(utf8.decode(bytes.subarray(0, nl))), bytes.subarray(nl + 1)];
};

/** Optimal string alignment distance, up to 2 (a swap of neighbours counts once). */
function distance(a, b) {
  if (Math.abs(a.length - b.length) > 1) return 2;
  let prev2 = null, prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
    }
    prev2 = prev; prev = cur;
  }
  return prev[b.length];
}
/** Words one edit from `w` (deletion, swap, substitution, insertion), from position `from` on. */
function edits(w, from) {
  const out = new Set(), abc = "abcdefghijklmnopqrstuvwxyz";
  for (let i = from; i <= w.length; i++) {
    const a = w.slice(0, i), b = w.slice(i);
    if (b) out.add(a + b.slice(1));
    if (b.length > 1) out.add(a + b[1] + b[0] + b.slice(2));
    for (const c of abc) { if (b) out.add(a + c + b.slice(1)); out.add(a + c + b); }
  }
  out.delete(w);
  return out;
}

// ---- The index ----
/**
 * Opens the index under `base` (the URL of the search/ folder, ending in "/"). `options.fetch`
 * replaces the global fetch (the benchmark counts bytes through it).
 */
export function open(base, options = {}) {
  const fetcher = options.fetch || ((url, init) => fetch(url, init));
  const cache = new Map();
  let manifest, bundle;
  const ready = (async () => {
    const response = await fetcher(base + "index.gz", { cache: "no-cache" });
    if (!response.ok) throw new Error(`search index: ${response.status}`);
    [manifest, bundle] = split(await gunzip(response));
    stems = manifest.stem;
  })();

  function get(name) {
    if (!cache.has(name)) {
      const place = manifest.b && manifest.b[name];
      cache.set(name, place ? Promise.resolve(bundle.subarray(place[0], place[0] + place[1]))
        : fetcher(base + name + ".gz").then((r) => {
          if (!r.ok) throw new Error(`search index: ${name}: ${r.status}`);
          return gunzip(r);
        }));
    }
    return cache.get(name);
  }
  const keys = () => manifest.s;
  const shardOf = (word) => {
    let lo = 0, hi = keys().length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (keys()[mid] <= word) lo = mid; else hi = mid - 1; }
    return lo;
  };
  const fileKey = (k) => [...k].map((c) => (/[a-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16))).join("") || "_";
  const decoded = new Map();
  async function dict(i) {
    if (!decoded.has(i)) decoded.set(i, get(`t/${fileKey(keys()[i])}.${manifest.h.substr(i * 5, 5)}`).then(shard));
    return decoded.get(i);
  }
  const lists = new Map();
  function list(entry) {
    if (typeof entry.list !== "string") return Promise.resolve(postings(entry.list));
    if (!lists.has(entry.list)) lists.set(entry.list, get("p/" + entry.list).then(postings));
    return lists.get(entry.list);
  }
  let fuzzyHashes;
  async function fuzzy(i) {
    fuzzyHashes ??= get("z." + manifest.z).then((b) => utf8.decode(b));
    const hashes = await fuzzyHashes;
    return terms(new Reader(await get(`f/${fileKey(keys()[i])}.${hashes.substr(i * 5, 5)}`)));
  }
  let facetData;
  function facets() {
    facetData ??= get("x." + manifest.x).then((bytes) => {
      const [head, bin] = split(bytes);
      const read = (v) => ({ value: v[0], title: v[1], url: v[2], ids: new Set(gaps(new Reader(bin, v[3][0]), v[3][1])) });
      return { topic: head.t.map(read), product: head.p.map(read) };
    });
    return facetData;
  }
  let dateData;
  function dates() {
    dateData ??= get("d." + manifest.d).then((bytes) => {
      const r = new Reader(bytes), out = new Float64Array(manifest.n);
      let day = 0;
      for (let i = 0; i < manifest.n; i++) {
        const v = r.v();
        if (v === 0) { out[i] = -Infinity; continue; }
        const z = v - 1; day += z % 2 ? -(z + 1) / 2 : z / 2; out[i] = day;
      }
      return out;
    });
    return dateData;
  }
  async function meta(id) {
    const [per, group, hashes] = manifest.m, file = Math.floor(id / per);
    const hash = hashes.substr(Math.floor(file / group) * 5, 5);
    const docs = JSON.parse(utf8.decode(await get(`m/${file}.${hash}`)));
    const [url, title, date, summary, sections] = docs[id % per];
    return { url, title, date, summary, sections };
  }
  const kindOf = (id) => (manifest.k.find(([, a, b]) => id >= a && id < b) || ["page"])[0];
  const idf = (df) => Math.log(1 + (manifest.n - df + 0.5) / (df + 0.5));

  /** The alternatives of one query word: [{term, entry, type}], fetching the shards it needs. */
  async function expand(slot) {
    const found = new Map();
    const add = (t, entry, type) => { if (!found.has(t) || found.get(t).type > type) found.set(t, { term: t, entry, type }); };
    const home = await dict(shardOf(slot.term));
    const exact = home.post.get(slot.term);
    if (exact) add(slot.term, exact, EXACT);
    if (slot.prefix && slot.word.length >= 3) {
      const p = slot.word, shards = [home];
      for (let i = shardOf(p) + 1; i < keys().length && keys()[i].startsWith(p) && shards.length < 3; i++) shards.push(await dict(i));
      const hits = [];
      for (const s of shards) for (const t of s.list) {
        if ((t.startsWith(p) || (p.startsWith(t) && p.length - t.length <= 2 && t.length >= 3)) && !t.endsWith("|")) hits.push([t, s.post.get(t)]);
      }
      hits.sort((a, b) => b[1].df - a[1].df);
      let external = 0;
      for (const [t, entry] of hits.slice(0, 8)) {
        if (typeof entry.list === "string" && ++external > 2) continue;
        add(t, entry, PREFIX);
      }
    }
    // Four letters and up: a deletion typo of a five-letter word has four.
    if (slot.word.length >= 4 && /^[a-z]+$/.test(slot.word)) {
      const candidates = [];
      for (const v of edits(slot.word, 0)) {
        const t = term(v), i = t && shardOf(t);
        if (t && t !== slot.term && decoded.has(i)) {
          const entry = (await dict(i)).post.get(t);
          if (entry) candidates.push([t, entry]);
        }
      }
      if (!found.size) {
        // Typos in the first letters: the fuzzy shards hold words one deletion away there.
        const w = slot.term, shardIds = new Set([shardOf(w)]);
        for (let i = 0; i < Math.min(KEY_CHARS, w.length); i++) shardIds.add(shardOf(w.slice(0, i) + w.slice(i + 1)));
        const near = new Set();
        for (const list of await Promise.all([...shardIds].map(fuzzy))) {
          for (const t of list) if (t !== w && (distance(t, w) <= 1 || distance(t, slot.word) <= 1)) near.add(t);
        }
        for (const t of near) {
          const entry = (await dict(shardOf(t))).post.get(t);
          if (entry) candidates.push([t, entry]);
        }
      }
      const unique = [...new Map(candidates).entries()].sort((a, b) => b[1].df - a[1].df);
      let external = 0;
      const matched = found.size > 0;
      for (const [t, entry] of unique.slice(0, 8)) {
        if (typeof entry.list === "string" && (matched || ++external > 2)) continue;
        add(t, entry, FUZZY);
      }
    }
    return [...found.values()];
  }

  /** Parses a query into words (slots), quoted phrases, and the keys of exact product matches. */
  function parse(query) {
    const slots = [], phrases = [];
    const quoted = query.replace(/"([^"]*)("|$)/g, (_, inside) => { phrases.push(words(inside)); return " "; });
    const seen = new Set();
    const push = (w, isPrefix, required) => {
      const t = term(w);
      if (t === null || seen.has(t)) return;
      seen.add(t);
      slots.push({ word: w, term: t, prefix: isPrefix, required });
    };
    for (const p of phrases) for (const w of p) push(w, false, true);
    const free = words(quoted), typing = !/[\s"]$/.test(query);
    free.forEach((w, i) => push(w, typing && i === free.length - 1 && !phrases.length, false));
    const exact = new Set();
    const all = words(query.replace(/"/g, " "));
    if (all.length) exact.add(all.join("-") + "|");
    for (const chunk of query.split(/\s+/)) if (/[\d-]/.test(chunk) && words(chunk).length) exact.add(words(chunk).join("-") + "|");
    return { slots, phrases: phrases.filter((p) => p.length > 1), exact: [...exact] };
  }

  /** How many leading results are looked at for a topic or product the query names. */
  const NAMED_WINDOW = 200;
  /** How many leading results are looked at for a title holding every word of the query. */
  const TITLE_WINDOW = 30;

  /**
   * Runs a query. options: kind, topic, product (arrays of values; OR within one, AND across),
   * sort ("relevance" or "date"), offset, limit, facets (true to count topics and products).
   */
  async function search(query, options = {}) {
    await ready;
    const { slots, phrases, exact } = parse(query);
    const limit = options.limit ?? 10, offset = options.offset ?? 0;
    const empty = { query, total: 0, results: [], kinds: {}, facets: null, terms: [] };
    if (!slots.length && !exact.length) return empty;
    const [alternatives, pinned] = await Promise.all([
      Promise.all(slots.map(expand)),
      Promise.all(exact.map(async (k) => { const e = (await dict(shardOf(k))).post.get(k); return e ? (await list(e)).ids : []; })),
    ]);
    const docs = new Map(), n = slots.length, matchedTerms = new Set();
    await Promise.all(alternatives.flatMap((alts, s) => alts.map(async (alt) => {
      const p = await list(alt.entry), w = idf(alt.entry.df) * (K1 + 1) / 255 * WEIGHT[alt.type];
      matchedTerms.add(alt.term);
      for (let i = 0; i < p.ids.length; i++) {
        let d = docs.get(p.ids[i]);
        if (!d) docs.set(p.ids[i], (d = { id: p.ids[i], best: new Float64Array(n), type: new Int8Array(n).fill(9), sections: {}, pinned: 0 }));
        const score = p.impacts[i] * w;
        if (alt.type < d.type[s] || (alt.type === d.type[s] && score > d.best[s])) {
          d.best[s] = score; d.type[s] = alt.type;
          d.sections[p.sections[i]] = (d.sections[p.sections[i]] || 0) + score;
        }
      }
    })));
    for (const ids of pinned) for (const id of ids) {
      if (!docs.has(id)) docs.set(id, { id, best: new Float64Array(n), type: new Int8Array(n).fill(9), sections: {}, pinned: 0 });
      docs.get(id).pinned = 1;
    }
    let matches = [];
    for (const d of docs.values()) {
      if (slots.some((s, i) => s.required && d.type[i] === 9)) continue;
      // Rank by: exact product match, words matched, words matched as typed, words matched without a
      // typo, then BM25. A word found as typed beats a longer word it begins; a typo never beats either.
      let covered = 0, exactCount = 0, plain = 0, score = 0;
      for (let i = 0; i < n; i++) {
        if (d.type[i] === 9) continue;
        covered++; exactCount += d.type[i] === EXACT; plain += d.type[i] < FUZZY; score += d.best[i];
      }
      d.key = [d.pinned, covered, plain, exactCount, score];
      matches.push(d);
    }
    // Filters: kinds by id range; topics and products from the facet lists.
    const want = (name) => (options[name] || []).filter(Boolean);
    const facetSets = want("topic").length || want("product").length || options.facets ? await facets() : null;
    const inFacet = (name, d) => {
      const values = want(name);
      return !values.length || values.some((v) => facetSets[name].find((f) => f.value === v)?.ids.has(d.id));
    };
    const inKind = (d) => !want("kind").length || want("kind").includes(kindOf(d.id));
    const kinds = {};
    for (const d of matches) if (inFacet("topic", d) && inFacet("product", d)) kinds[kindOf(d.id)] = (kinds[kindOf(d.id)] || 0) + 1;
    let facetCounts = null;
    if (facetSets && options.facets) {
      facetCounts = {};
      for (const name of ["topic", "product"]) {
        const other = name === "topic" ? "product" : "topic";
        const pool = matches.filter((d) => inKind(d) && inFacet(other, d));
        facetCounts[name] = facetSets[name].map((f) => ({ value: f.value, title: f.title, url: f.url, count: pool.filter((d) => f.ids.has(d.id)).length }))
          .filter((f) => f.count || want(name).includes(f.value)).sort((a, b) => b.count - a.count || (a.title < b.title ? -1 : 1));
      }
    }
    matches = matches.filter((d) => inKind(d) && inFacet("topic", d) && inFacet("product", d));
    const byRank = (a, b) => { for (let i = 0; i < 5; i++) if (a.key[i] !== b.key[i]) return b.key[i] - a.key[i]; return a.id - b.id; };
    if (options.sort === "date") {
      const day = await dates();
      matches.sort((a, b) => day[b.id] - day[a.id] || byRank(a, b));
    } else matches.sort(byRank);
    // Quoted phrases: without word positions, the phrase is checked in the title, headings and
    // summary of the leading results, and those that contain it move first.
    if (phrases.length && options.sort !== "date") {
      const window = matches.slice(0, Math.max(offset + limit, 30));
      const has = await Promise.all(window.map(async (d) => {
        const m = await meta(d.id), text = " " + words([m.title, m.summary, ...m.sections].join(" ")).join(" ") + " ";
        return phrases.every((p) => text.includes(" " + p.join(" ") + " "));
      }));
      matches = [...window.filter((_, i) => has[i]), ...window.filter((_, i) => !has[i]), ...matches.slice(window.length)];
    }
    // A topic or product named by the query comes first: "sock" puts the Socks topic first. A topic
    // or product whose name holds every word of the query moves ahead of every result whose title
    // does not ("blocking" keeps the guide "Blocking your knits" first, then the blocking kit).
    if (options.sort !== "date" && !phrases.length) {
      const window = matches.slice(0, NAMED_WINDOW);
      const tiers = await Promise.all(window.map(async (d, i) => {
        const kind = kindOf(d.id), named = kind === "topic" || kind === "product";
        if (!named && i >= TITLE_WINDOW) return 0;
        const title = words((await meta(d.id)).title);
        const terms = new Set(title.map((w) => term(w)));
        if (!slots.every((s) => terms.has(s.term) || (s.prefix && title.some((w) => w.startsWith(s.word))))) return 0;
        if (!named) return 1;
        return title.every((w) => slots.some((s) => s.term === term(w))) ? 3 : 2;
      }));
      if (tiers.some((t) => t >= 2)) {
        const rank = (t) => (t === 3 ? 0 : t >= 1 ? 1 : 2);
        const order = window.map((_, i) => i).sort((a, b) => rank(tiers[a]) - rank(tiers[b]) || a - b);
        matches = [...order.map((i) => window[i]), ...matches.slice(window.length)];
      }
    }
    const prefix = slots.find((s) => s.prefix);
    const results = await Promise.all(matches.slice(offset, offset + limit).map(async (d) => {
      const m = await meta(d.id);
      const best = Object.entries(d.sections).sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
      const index = best ? Number(best[0]) : 0;
      const section = index > 0 && m.sections[2 * index - 1] !== undefined ? { id: m.sections[2 * index - 2], title: m.sections[2 * index - 1] } : null;
      const mark = (text) => marks(text, matchedTerms, prefix && prefix.word);
      return {
        id: d.id, kind: kindOf(d.id), url: m.url + (section ? "#" + section.id : ""), date: m.date,
        title: mark(m.title), summary: mark(m.summary), section: section && { id: section.id, title: mark(section.title) },
        pinned: !!d.pinned, fuzzy: d.key[2] < d.key[1], score: Math.round(d.key[4] * 1000) / 1000,
      };
    }));
    return { query, total: matches.length, results, kinds, facets: facetCounts, terms: [...matchedTerms] };
  }

  return { ready, search, facets, manifest: () => manifest };
}

/** Splits `text` into [piece, matched] pairs: words whose term matched, or that start with the word
 * being typed, are marked. The caller puts each piece in a text node. */
export function marks(text, matched, prefix) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    const w = fold(m[0]).replace(/['’]/g, ""), t = term(w);
    if ((t && matched.has(t)) || (prefix && w.startsWith(prefix))) {
      if (m.index > last) out.push([text.slice(last, m.index), false]);
      out.push([m[0], true]);
      last = m.index + m[0].length;
    }
  }
  if (last < text.length) out.push([text.slice(last), false]);
  return out;
}
