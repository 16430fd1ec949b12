// Runs queries through the real search client (the module the browser loads) against a built site on
// disk, for the integration tests. Reads a JSON list from stdin and prints one JSON answer.
//
//   node query.mjs OUTPUT_DIR < queries.json     [{"q": "...", "options": {...}}, ...]
//   node query.mjs --analyze < texts.json        ["text", ...] → the terms of each text
//
// Each query runs on a fresh client (a cold cache) and reports the bytes and requests it cost.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { diskFetch } from "./disk-fetch.mjs";

const engine = await import(fileURLToPath(new URL("../../themes/default/static/guildhall-search.js", import.meta.url)));
const input = JSON.parse(readFileSync(0, "utf8"));
const plain = (pieces) => pieces.map(([text]) => text).join("");

if (process.argv[2] === "--analyze") {
  console.log(JSON.stringify(input.map((text) => engine.analyze(text))));
} else {
  const disk = diskFetch(process.argv[2], "/");
  const out = [];
  for (const { q, options } of input) {
    disk.reset();
    const index = engine.open("/search/", { fetch: disk.fetch });
    const answer = await index.search(q, options || {});
    out.push({
      q, total: answer.total, kinds: answer.kinds, bytes: disk.stats.bytes, requests: disk.stats.requests,
      facets: answer.facets,
      results: answer.results.map((r) => ({
        url: r.url, kind: r.kind, title: plain(r.title), fuzzy: r.fuzzy, pinned: r.pinned, score: r.score,
        marked: r.title.concat(r.summary).filter(([, m]) => m).map(([t]) => t),
      })),
    });
  }
  console.log(JSON.stringify(out));
}
