#!/usr/bin/env python3
"""Checks every internal link of a built guildhall site with tools that share no code with guildhall.

Usage: check_links.py SITE_OUTPUT_DIR [BASE_URL] [--json]

Every HTML file of the output is parsed with lxml's HTML parser (as a browser reads it, ids in raw
HTML included), and every address it refers to is followed:

- `href` of `a`, `area` and `link`; `src` of `img`, `source`, `script`, `iframe`, `embed`, `track`,
  `audio`, `video` and `input`; `poster` of `video`; every candidate of `srcset`; `data` of `object`;
  the URL of a `<meta http-equiv="refresh">` redirect; `url(...)` in `style` attributes, `<style>`
  elements and the output's `.css` files;
- an address is internal when it has no scheme and no host, or when it starts with BASE_URL (so the
  absolute addresses of canonical links, feeds and social cards are followed too); addresses with
  a query are followed without it;
- it resolves when the output has the file it names, read from the address of the page it is on
  (`/a/` is `a/index.html`; `/a` is the file `a` or the folder `a/` a server redirects to), under
  the base path of BASE_URL (default `/`);
- a `#fragment` resolves when the page it points to has an element with that id (or an `<a
  name>`); an empty fragment and `#top` always do, as browsers scroll to the top for them.

Compressed copies (`.gz`, `.br`) are skipped: they are the same files. Prints one line per dead link
(`page: attribute "address": why`) and a summary, or with `--json` one JSON object per dead link and
a closing `{"pages": N, "links": N, "dead": N}`; exits 1 when a link is dead, 2 on bad arguments.
"""

import argparse
import json
import os
import pathlib
import re
import sys
import urllib.parse

import lxml.html

LINK_ATTRIBUTES = {
    "a": ["href"],
    "area": ["href"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "script": ["src"],
    "iframe": ["src"],
    "embed": ["src"],
    "track": ["src"],
    "audio": ["src"],
    "video": ["src", "poster"],
    "input": ["src"],
    "object": ["data"],
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)""")
REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("output", help="the folder guildhall built")
    parser.add_argument(
        "base_url",
        nargs="?",
        default="/",
        help="the base URL the site was built for (or only its path, like /docs/)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON lines")
    return parser.parse_args()


def srcset_urls(value):
    """The addresses of a srcset: comma-separated candidates, each an address and a descriptor."""
    urls = []
    for candidate in value.split(","):
        parts = candidate.strip().split()
        if parts:
            urls.append(parts[0])
    return urls


def page_addresses(document):
    """(attribute, address) of every reference of an HTML document."""
    found = []
    for element in document.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        for attribute in LINK_ATTRIBUTES.get(tag.lower(), []):
            value = element.get(attribute)
            if value is None:
                continue
            if attribute == "srcset":
                found.extend((f"{tag} srcset", url) for url in srcset_urls(value))
            else:
                found.append((f"{tag} {attribute}", value.strip()))
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            match = REFRESH_URL.search(element.get("content") or "")
            if match:
                found.append(("meta refresh", match.group(1).strip()))
        style = element.get("style")
        if style:
            found.extend(("style url()", m.group(2).strip()) for m in CSS_URL.finditer(style))
        if tag == "style" and element.text:
            found.extend(("style url()", m.group(2).strip()) for m in CSS_URL.finditer(element.text))
    return found


def page_ids(document):
    ids = set()
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        if element.get("id") is not None:
            ids.add(element.get("id"))
        if element.tag == "a" and element.get("name") is not None:
            ids.add(element.get("name"))
    return ids


class Output:
    """The files of the output, and the ids of its HTML pages (read once, when first wanted)."""

    def __init__(self, root):
        self.root = root
        self.files = set()
        self.folders = set()
        for folder, dirs, names in os.walk(root):
            relative = os.path.relpath(folder, root)
            relative = "" if relative == "." else relative.replace(os.sep, "/") + "/"
            self.folders.add(relative)
            for name in names:
                self.files.add(relative + name)
        self.documents = {}
        self.ids = {}

    def document(self, path):
        if path not in self.documents:
            try:
                self.documents[path] = lxml.html.parse(str(self.root / path))
            except (OSError, ValueError):
                self.documents[path] = None
        return self.documents[path]

    def find(self, relative):
        """The output file a path below the base path is served from, or None."""
        if relative == "" or relative.endswith("/"):
            candidates = [relative + "index.html"]
        else:
            candidates = [relative, relative + "/index.html"]
        return next((c for c in candidates if c in self.files), None)


def page_url(path, base_path):
    """The address a file of the output is served at."""
    if path == "index.html":
        return base_path
    if path.endswith("/index.html"):
        return base_path + path[: -len("index.html")]
    return base_path + path


def check_address(output, base, base_path, from_url, address):
    """Why the address does not resolve, or None when it does (or is not internal)."""
    if address in ("", "#", "#top"):
        return None
    if base and address.startswith(base):
        address = base_path + address[len(base):]
    elif SCHEME.match(address) or address.startswith("//"):
        return None
    absolute = urllib.parse.urljoin("http://site.invalid" + from_url, address)
    parts = urllib.parse.urlsplit(absolute)
    path = urllib.parse.unquote(parts.path)
    if not path.startswith(base_path):
        return f"outside the base path {base_path}"
    target = output.find(path[len(base_path):])
    if target is None:
        return f"no file for {path}"
    fragment = urllib.parse.unquote(parts.fragment)
    if fragment and fragment != "top" and target.endswith(".html"):
        document = output.document(target)
        if document is None:
            return f"{path} cannot be read"
        ids = output.ids.setdefault(target, page_ids(document))
        if fragment not in ids:
            return f"no id `{fragment}` on {path}"
    return None


def main():
    args = parse_args()
    root = pathlib.Path(args.output)
    if not root.is_dir():
        print(f"{root} is not a folder", file=sys.stderr)
        return 2
    parsed = urllib.parse.urlsplit(args.base_url)
    base_path = parsed.path if parsed.path.endswith("/") else parsed.path + "/"
    base = args.base_url if parsed.scheme else ""
    if base and not base.endswith("/"):
        base += "/"
    output = Output(root)
    pages = links = 0
    dead = []
    for path in sorted(output.files):
        if path.endswith(".html"):
            document = output.document(path)
            if document is None:
                dead.append((path, "file", path, "cannot be parsed"))
                continue
            pages += 1
            found = page_addresses(document)
        elif path.endswith(".css"):
            text = (root / path).read_text(encoding="utf-8", errors="replace")
            found = [("css url()", m.group(2).strip()) for m in CSS_URL.finditer(text)]
        else:
            continue
        from_url = page_url(path, base_path)
        for attribute, address in found:
            if address.startswith("data:"):
                continue
            links += 1
            problem = check_address(output, base, base_path, from_url, address)
            if problem:
                dead.append((path, attribute, address, problem))
    for path, attribute, address, problem in dead:
        if args.json:
            print(json.dumps({"page": path, "attribute": attribute, "address": address, "problem": problem}))
        else:
            print(f'{path}: {attribute} "{address}": {problem}')
    if args.json:
        print(json.dumps({"pages": pages, "links": links, "dead": len(dead)}))
    else:
        print(f"{pages} pages, {links} links, {len(dead)} dead")
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main())
