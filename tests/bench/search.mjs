// The query side of the search benchmark (cargo bench --bench search): runs a fixed query set through
// guildhall's real client (themes/default/static/guildhall-search.js) and through Pagefind's own
// pagefind.js, both reading the built site from disk through a counting fetch, and prints JSON.
//
//   node search.mjs guildhall OUTPUT_DIR QUERIES_JSON
//   node search.mjs pagefind OUTPUT_DIR QUERIES_JSON
//
// QUERIES_JSON: {"cold": ["query", ...], "typed": ["word", ...]}.
// - cold: each query on a fresh client (an empty cache), then the data of the top 10 results (what a
//   results list shows);
// - typed: the word typed key by key on one client (a warm cache, as in a browser tab), searching at
//   every key and loading the top 10 results each time.
// Bytes are what goes over the wire: files already gzip-compressed on disk count as stored, others as
// their gzip size (what a host would send). Each row has the index data (`bytes`) and, apart, the
// engine (`code`): guildhall's guildhall-search.js, Pagefind's pagefind.js and its WebAssembly, loaded
// once per fresh client, so both engines are counted the same way.

import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";

const [engineName, outputDir, queriesJson] = process.argv.slice(2);
const queries = JSON.parse(queriesJson);
const SHOWN = 10;

const stats = { requests: 0, bytes: 0, code: 0 };
const reset = () => { stats.requests = 0; stats.bytes = 0; stats.code = 0; };
const wireSize = (body) => body[0] === 0x1f && body[1] === 0x8b ? body.length : gzipSync(body, { level: 9 }).length;
/** Counts an engine script as loaded by a fresh page. */
const loadScript = async (path) => { stats.requests += 1; stats.code += wireSize(await readFile(path)); };

/** A fetch over the output folder: site paths ("/x") and file URLs inside it. */
async function diskFetch(input) {
  const url = new URL(typeof input === "string" ? input : input.url, "http://127.0.0.1/");
  const path = url.protocol === "file:" ? fileURLToPath(url) : join(outputDir, decodeURIComponent(url.pathname));
  let body;
  try {
    body = await readFile(path);
  } catch {
    return new Response("not found", { status: 404 });
  }
  const wasm = path.endsWith(".wasm") || path.includes("wasm.");
  if (wasm) {
    stats.requests += 1;
    stats.code += wireSize(body);
  } else if (!path.endsWith(".js")) {
    stats.requests += 1;
    stats.bytes += wireSize(body);
  }
  const type = wasm ? "application/wasm" : "application/octet-stream";
  return new Response(body, { status: 200, headers: { "content-type": type } });
}

const prefixes = (word) => [...word].map((_, i) => word.slice(0, i + 1));

async function guildhall() {
  const enginePath = join(fileURLToPath(new URL(".", import.meta.url)), "../../themes/default/static/guildhall-search.js");
  const engine = await import(pathToFileURL(enginePath).href);
  const open = async () => {
    await loadScript(enginePath);
    return engine.open("/search/", { fetch: diskFetch });
  };
  const cold = [];
  for (const q of queries.cold) {
    reset();
    const answer = await (await open()).search(q, { limit: SHOWN });
    cold.push({ q, bytes: stats.bytes, code: stats.code, requests: stats.requests, total: answer.total, first: answer.results[0]?.url ?? null });
  }
  const typed = [];
  for (const word of queries.typed) {
    reset();
    const index = await open();
    let answer;
    for (const q of prefixes(word)) answer = await index.search(q, { limit: SHOWN });
    typed.push({ q: word, bytes: stats.bytes, code: stats.code, requests: stats.requests, total: answer.total, first: answer.results[0]?.url ?? null });
  }
  return { cold, typed };
}

async function pagefind() {
  globalThis.fetch = diskFetch;
  const scriptPath = join(outputDir, "pagefind/pagefind.js");
  const script = pathToFileURL(scriptPath).href;
  let run = 0;
  const open = async () => {
    await loadScript(scriptPath);
    const module = await import(`${script}?run=${run++}`);
    await module.options({ basePath: pathToFileURL(join(outputDir, "pagefind/")).href });
    await module.init();
    return module;
  };
  const top = async (search) => {
    const shown = await Promise.all(search.results.slice(0, SHOWN).map((r) => r.data()));
    return { total: search.results.length, first: shown[0]?.url.replace(`/file:${outputDir}`, "") ?? null };
  };
  const cold = [];
  for (const q of queries.cold) {
    reset();
    const module = await open();
    const answer = await top(await module.search(q));
    cold.push({ q, bytes: stats.bytes, code: stats.code, requests: stats.requests, ...answer });
  }
  const typed = [];
  for (const word of queries.typed) {
    reset();
    const module = await open();
    let answer;
    for (const q of prefixes(word)) answer = await top(await module.search(q));
    typed.push({ q: word, bytes: stats.bytes, code: stats.code, requests: stats.requests, ...answer });
  }
  return { cold, typed };
}

const result = engineName === "pagefind" ? await pagefind() : await guildhall();
console.log(JSON.stringify(result));
