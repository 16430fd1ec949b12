// A static file server for the browser tests: serves a built site under a base path on 127.0.0.1,
// like a static host (index.html for folders, the site's 404.html, JSON readable across origins).

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { join, extname, normalize } from "node:path";

const types = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css",
  ".js": "text/javascript",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain",
  ".gz": "application/gzip",
};

/** Serves `dir` under `basePath`; resolves to the listening server. */
export function serve(dir, basePath = "/") {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, "http://127.0.0.1");
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(basePath)) {
      response.writeHead(404).end();
      return;
    }
    path = normalize(path.slice(basePath.length));
    if (path.startsWith("..")) {
      response.writeHead(403).end();
      return;
    }
    let file = join(dir, path);
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      const headers = { "content-type": types[extname(file)] ?? "application/octet-stream" };
      if (extname(file) === ".json") headers["access-control-allow-origin"] = "*";
      response.writeHead(200, headers);
      response.end(body);
    } catch {
      const body = await readFile(join(dir, "404.html")).catch(() => "not found");
      response.writeHead(404, { "content-type": types[".html"] });
      response.end(body);
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Launches Debian's Chromium with the flags this closed network needs. */
export async function launch(chromium) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Prints one line per check ({ name, ok, detail }) and "N passed, M failed", then exits: 1 if any
 * check failed.
 */
export function report(checks) {
  let failures = 0;
  for (const { name, ok, detail } of checks) {
    console.log(`${ok ? "ok" : "FAIL"} ${name}`);
    if (!ok) {
      console.log(`  got ${JSON.stringify(detail)}`);
      failures += 1;
    }
  }
  console.log(`${checks.length - failures} passed, ${failures} failed`);
  process.exit(failures === 0 ? 0 : 1);
}
