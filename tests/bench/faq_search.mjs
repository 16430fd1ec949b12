// The query side of the FAQ quality benchmark (cargo bench --bench faq-quality): runs every query of
// a file through guildhall's real client (themes/default/static/guildhall-search.js), reading the
// built site from disk, and prints the URLs of the top three results of each as one JSON array.
//
//   node faq_search.mjs OUTPUT_DIR QUERIES_FILE
//
// QUERIES_FILE: a JSON array of query strings. One client serves all queries, as in a browser tab.

import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";

const [outputDir, queriesFile] = process.argv.slice(2);
const queries = JSON.parse(await readFile(queriesFile, "utf8"));

async function diskFetch(input) {
  const url = new URL(typeof input === "string" ? input : input.url, "http://127.0.0.1/");
  const path = url.protocol === "file:" ? fileURLToPath(url) : join(outputDir, decodeURIComponent(url.pathname));
  try {
    return new Response(await readFile(path), { status: 200 });
  } catch {
    return new Response("not found", { status: 404 });
  }
}

const here = fileURLToPath(new URL(".", import.meta.url));
const engine = await import(pathToFileURL(join(here, "../../themes/default/static/guildhall-search.js")).href);
const index = engine.open("/search/", { fetch: diskFetch });
const out = [];
for (const q of queries) {
  const answer = await index.search(q, { limit: 3 });
  out.push(answer.results.slice(0, 3).map((r) => r.url));
}
process.stdout.write(JSON.stringify(out));
