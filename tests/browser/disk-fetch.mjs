// A fetch that reads a built site from disk and counts what a browser would download: requests and
// bytes as stored (the index files are gzip on disk, so that is what goes over the wire).

import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** A fetch for the site in `dir`, served under `basePath`, with counters. */
export function diskFetch(dir, basePath = "/") {
  const stats = { requests: 0, bytes: 0, files: [] };
  async function fetch(url) {
    const path = decodeURIComponent(new URL(url, "http://127.0.0.1").pathname);
    if (!path.startsWith(basePath)) return new Response("not found", { status: 404 });
    try {
      const body = await readFile(join(dir, path.slice(basePath.length)));
      stats.requests += 1;
      stats.bytes += body.length;
      stats.files.push(path.slice(basePath.length));
      return new Response(body, { status: 200 });
    } catch {
      return new Response("not found", { status: 404 });
    }
  }
  const reset = () => { stats.requests = 0; stats.bytes = 0; stats.files = []; };
  return { fetch, stats, reset };
}
