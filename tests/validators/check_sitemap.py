#!/usr/bin/env python3
"""Checks the sitemap and robots.txt of a built guildhall site with tools that share no code with guildhall.

Usage: check_sitemap.py SITE_OUTPUT_DIR BASE_URL

- sitemap.xml is validated against the XML Schema of the Sitemap protocol 0.9 (sitemap.xsd beside
  this file) with the `xmlschema` package; it has at most 50,000 URLs and 50 MB (52,428,800 bytes);
  every `loc` starts with BASE_URL, is listed once, and names a file of the output (/x/ is
  x/index.html), and no `loc` is a page that asks not to be indexed (<meta name="robots"
  content="noindex">);
- robots.txt names the sitemap by its absolute URL (a `Sitemap: BASE_URLsitemap.xml` line).

Prints one line per file and "N passed, M failed"; exits 1 when anything failed.
"""

import argparse
import os
import pathlib
import re
import sys
import urllib.parse

import lxml.html
import xmlschema
from lxml import etree

HERE = pathlib.Path(__file__).resolve().parent
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MAX_URLS = 50_000
MAX_BYTES = 52_428_800


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("output", help="the folder guildhall built")
    parser.add_argument("base_url", help="the base URL the site was built for")
    return parser.parse_args()


def output_file(url, base_url, output):
    """The file of the output that a URL under BASE_URL names: /x/ is x/index.html."""
    relative = urllib.parse.unquote(urllib.parse.urlsplit(url[len(base_url):]).path)
    target = output / relative
    if relative == "" or relative.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def asks_not_to_be_indexed(page):
    document = lxml.html.parse(str(page))
    for meta in document.iter("meta"):
        if (meta.get("name") or "").strip().lower() == "robots":
            words = re.split(r"[\s,]+", (meta.get("content") or "").lower())
            if "noindex" in words or "none" in words:
                return True
    return False


def check_sitemap(output, base_url, schema):
    problems = []
    path = output / "sitemap.xml"
    if not path.is_file():
        return ["there is no sitemap.xml in the output"]
    size = path.stat().st_size
    if size > MAX_BYTES:
        problems.append(f"the file is {size} bytes, more than the protocol's {MAX_BYTES}")
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    tree = etree.parse(str(path), parser)
    for error in schema.iter_errors(tree):
        where = f"line {error.sourceline}: " if getattr(error, "sourceline", None) else ""
        problems.append(f"{where}schema: {error.reason} (at {error.path})")
    root = tree.getroot()
    urls = root.findall(SITEMAP + "url")
    if len(urls) > MAX_URLS:
        problems.append(f"{len(urls)} URLs, more than the protocol's {MAX_URLS}")
    seen = {}
    for url in urls:
        loc_element = url.find(SITEMAP + "loc")
        if loc_element is None:
            continue  # The schema reports it.
        line = loc_element.sourceline
        loc = (loc_element.text or "").strip()
        if loc in seen:
            problems.append(f"line {line}: {loc} is listed twice (first on line {seen[loc]})")
            continue
        seen[loc] = line
        if not loc.startswith(base_url):
            host = urllib.parse.urlsplit(loc).netloc
            problems.append(f"line {line}: {loc} is not under {base_url} (its host is {host or 'missing'})")
            continue
        target = output_file(loc, base_url, output)
        shown = os.path.relpath(target, output)
        if not target.resolve().is_relative_to(output.resolve()) or not target.is_file():
            problems.append(f"line {line}: {loc} names {shown}, which is not in the output")
        elif target.suffix == ".html" and asks_not_to_be_indexed(target):
            problems.append(f"line {line}: {loc} is a page marked noindex ({shown})")
    return problems


def check_robots(output, base_url):
    path = output / "robots.txt"
    if not path.is_file():
        return ["there is no robots.txt in the output"]
    wanted = base_url + "sitemap.xml"
    named = [
        match.group(1)
        for match in re.finditer(r"^\s*sitemap\s*:\s*(\S+)\s*$", path.read_text(encoding="utf-8"), re.IGNORECASE | re.MULTILINE)
    ]
    if wanted not in named:
        return [f"robots.txt does not name the sitemap {wanted} (it names {', '.join(named) or 'none'})"]
    return []


def main():
    args = parse_args()
    output = pathlib.Path(args.output)
    base_url = args.base_url.rstrip("/") + "/"
    schema = xmlschema.XMLSchema(str(HERE / "sitemap.xsd"))
    passed = failed = 0
    for name, check in (("sitemap.xml", lambda: check_sitemap(output, base_url, schema)), ("robots.txt", lambda: check_robots(output, base_url))):
        try:
            problems = check()
        except Exception as error:  # A file that breaks a check is a failure, not a crash of the checker.
            problems = [f"cannot be checked: {type(error).__name__}: {error}"]
        print(f"{'ok' if not problems else 'FAIL'} {name}")
        for problem in problems:
            print(f"  {problem}")
        if problems:
            failed += 1
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
