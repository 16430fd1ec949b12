// Weighs a page as a phone loads it, in headless Chromium at 390 × 844: every request the page makes
// while it loads and while it is scrolled to the end (so every lazy picture loads), with text
// gzipped as a static host sends it, and the layout shift over the whole visit (what Lighthouse calls
// CLS). Prints the figures and each request; exits 1 when the weight is over LIMIT_KB, a shift is
// measured, or a picture is missing its width, height or alt.
//
// Usage: node check-weight.mjs OUTPUT_DIR BASE_PATH PAGE LIMIT_KB

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { join, extname, normalize } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { launch, report } from "./serve.mjs";

const [outputDir, basePath, pagePath, limitText] = process.argv.slice(2);
if (!outputDir || !basePath || pagePath === undefined || !limitText) {
  console.error("usage: node check-weight.mjs OUTPUT_DIR BASE_PATH PAGE LIMIT_KB");
  process.exit(2);
}
const limit = Number(limitText) * 1000;

const types = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain",
  ".woff2": "font/woff2",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
};
const compressible = new Set([".html", ".css", ".js", ".mjs", ".svg", ".json", ".xml", ".txt"]);

// Every response's bytes on the wire (status line and headers included), by path.
const sent = [];
const server = createServer(async (request, response) => {
  const url = new URL(request.url, "http://127.0.0.1");
  let path = decodeURIComponent(url.pathname);
  let file = join(outputDir, normalize(path.slice(basePath.length)));
  let status = 200;
  let body;
  try {
    if (!path.startsWith(basePath)) throw new Error("outside");
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    body = await readFile(file);
  } catch {
    status = 404;
    file = join(outputDir, "404.html");
    body = await readFile(file).catch(() => Buffer.from("not found"));
  }
  const headers = { "content-type": types[extname(file)] ?? "application/octet-stream" };
  const gzip = compressible.has(extname(file)) && /\bgzip\b/.test(request.headers["accept-encoding"] ?? "");
  if (gzip) {
    body = gzipSync(body, { level: 9 });
    headers["content-encoding"] = "gzip";
  }
  headers["content-length"] = body.length;
  const head = `HTTP/1.1 ${status} OK\r\n` + Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("") + "\r\n";
  sent.push({ path, bytes: body.length + head.length, status });
  response.writeHead(status, headers);
  response.end(body);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await launch(chromium);
// The phone Lighthouse emulates for mobile: 2.625 device pixels per CSS pixel, so `srcset` picks
// the copies a real phone downloads.
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true });
const page = await context.newPage();
await page.addInitScript(() => {
  window.__shift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
});
await page.goto(`${origin}${basePath}${pagePath}`, { waitUntil: "networkidle" });
const atLoad = sent.reduce((sum, r) => sum + r.bytes, 0);
// Scrolled down a screen at a time, as a reader would, so every lazy picture comes in.
for (let step = 0; step < 60; step += 1) {
  const atEnd = await page.evaluate(() => {
    window.scrollBy(0, window.innerHeight * 0.8);
    return window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
  });
  await page.waitForTimeout(150);
  if (atEnd) break;
}
await page.waitForLoadState("networkidle");
await page.waitForTimeout(300);
const figures = await page.evaluate(() => ({
  shift: window.__shift,
  images: [...document.images].map((img) => ({
    src: img.currentSrc || img.src,
    complete: img.complete && img.naturalWidth > 0,
    width: img.getAttribute("width"),
    height: img.getAttribute("height"),
    alt: img.getAttribute("alt"),
  })),
}));
await browser.close();
server.close();

const total = sent.reduce((sum, r) => sum + r.bytes, 0);
for (const r of sent) console.log(`  ${String(r.bytes).padStart(8)} B  ${r.status} ${r.path}`);
console.log(`requests: ${sent.length}`);
console.log(`weight at load: ${(atLoad / 1000).toFixed(1)} kB; after scrolling to the end: ${(total / 1000).toFixed(1)} kB (limit ${limitText} kB)`);
console.log(`layout shift: ${figures.shift.toFixed(4)}`);
const checks = [
  { name: `the page weighs at most ${limitText} kB`, ok: total <= limit, detail: total },
  { name: "no layout shift", ok: figures.shift === 0, detail: figures.shift },
  { name: "every picture loaded", ok: figures.images.every((i) => i.complete), detail: figures.images.filter((i) => !i.complete) },
  {
    name: "every picture has width, height and alt",
    ok: figures.images.every((i) => i.width && i.height && i.alt !== null),
    detail: figures.images.filter((i) => !(i.width && i.height && i.alt !== null)),
  },
  { name: "no request failed", ok: sent.every((r) => r.status === 200), detail: sent.filter((r) => r.status !== 200) },
];
for (const image of figures.images) console.log(`  picture ${image.width}x${image.height} ${image.src}`);
report(checks);
