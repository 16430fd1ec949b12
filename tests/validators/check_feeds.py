#!/usr/bin/env python3
"""Checks the Atom feeds of a built guildhall site with tools that share no code with guildhall.

Usage: check_feeds.py SITE_OUTPUT_DIR BASE_URL

Every *.xml file under SITE_OUTPUT_DIR whose root element is the Atom `feed` is a feed, and there must
be at least one. Each feed is
- validated against the RELAX NG schema of Atom 1.0 from RFC 4287 appendix B (atom.rnc beside this
  file, converted to the XML syntax with rnc2rng and checked with lxml), and against the two
  Schematron rules of that schema, which RELAX NG itself does not enforce;
- checked for what the W3C Feed Validator checks beyond a schema: the feed's and entries' ids are
  absolute IRIs and unique; every `updated` and `published` is an RFC 3339 date-time with a time
  zone; the feed's `updated` is not earlier than any entry's; a rel="self" link gives the feed's own
  URL (BASE_URL and its path in the output) with type="application/atom+xml"; no two
  rel="alternate" links share a type and hreflang; every entry has an author or the feed has one;
  every link href (and every href and src inside html summaries and content) is absolute, starts
  with BASE_URL when it points to the site's host, and names a file of the output; html summaries
  and content parse as HTML fragments without errors and carry no script; entries are newest first
  (by `updated`);
- parsed with feedparser, which must read it as Atom 1.0 without flagging it (bozo == 0).

Prints one line per feed and "N passed, M failed"; exits 1 when anything failed.
"""

import argparse
import datetime as dt
import os
import pathlib
import re
import sys
import urllib.parse

import feedparser
import lxml.html
import rnc2rng
from lxml import etree

HERE = pathlib.Path(__file__).resolve().parent
ATOM = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("output", help="the folder guildhall built")
    parser.add_argument("base_url", help="the base URL the site was built for")
    return parser.parse_args()


def load_schema():
    """The RELAX NG schema of RFC 4287, converted from the compact syntax."""
    rng = rnc2rng.dumps(rnc2rng.loads((HERE / "atom.rnc").read_text(encoding="utf-8")))
    # The schema's `namespace local = ""` comes out as xmlns:local="", which XML namespaces forbid;
    # the names that use it are written with ns="" already, so the declaration can go.
    rng = re.sub(r'\s+xmlns:local=""', "", rng)
    return etree.RelaxNG(etree.fromstring(rng.encode("utf-8")))


def text_of(element):
    return "".join(element.itertext()) if element is not None else ""


def is_absolute_iri(value):
    if not value or any(c.isspace() for c in value):
        return False
    parts = urllib.parse.urlsplit(value)
    if not SCHEME.fullmatch(parts.scheme or ""):
        return False
    return bool(parts.netloc) if parts.scheme.lower() in ("http", "https") else True


def date_of(element):
    """The instant of an RFC 3339 date-time with a time zone, or None."""
    value = element.text or ""
    if not RFC3339.fullmatch(value):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def output_file(url, base_url, output):
    """The file of the output that a URL under BASE_URL names: /x/ is x/index.html."""
    relative = urllib.parse.unquote(urllib.parse.urlsplit(url[len(base_url):]).path)
    target = output / relative
    if relative == "" or relative.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


class Feed:
    """The checks of one feed; each problem is a line of the report."""

    def __init__(self, path, tree, output, base_url):
        self.path = path
        self.root = tree.getroot()
        self.output = output
        self.base_url = base_url
        self.site_host = urllib.parse.urlsplit(base_url).netloc.lower()
        self.url = base_url + path.relative_to(output).as_posix()
        self.problems = []

    def problem(self, element, message):
        line = getattr(element, "sourceline", None)
        self.problems.append(f"line {line}: {message}" if line else message)

    def entries(self):
        return self.root.findall(ATOM + "entry")

    def name_of(self, entry):
        return f"the entry {text_of(entry.find(ATOM + 'id')) or text_of(entry.find(ATOM + 'title'))!r}"

    def check_schema(self, schema):
        if not schema.validate(self.root.getroottree()):
            for error in schema.error_log:
                self.problems.append(f"line {error.line}: schema: {error.message}")

    def check_schematron_rules(self):
        feed_has_author = self.root.find(ATOM + "author") is not None
        for entry in self.entries():
            has_author = entry.find(ATOM + "author") is not None or entry.find(f"{ATOM}source/{ATOM}author") is not None
            if not (has_author or feed_has_author):
                self.problem(entry, f"{self.name_of(entry)} has no author and the feed has none")
            links = entry.findall(ATOM + "link")
            alternate = any(link.get("rel", "alternate") == "alternate" for link in links)
            if not alternate and entry.find(ATOM + "content") is None:
                self.problem(entry, f"{self.name_of(entry)} has neither a rel=\"alternate\" link nor content")
            content = entry.find(ATOM + "content")
            if content is not None and content.get("src") is not None and entry.find(ATOM + "summary") is None:
                self.problem(entry, f"{self.name_of(entry)} has out-of-line content but no summary")

    def check_ids(self, feed_ids):
        seen = {}
        for element in [self.root] + self.entries():
            id_element = element.find(ATOM + "id")
            if id_element is None:
                owner = "the feed" if element is self.root else f"the entry {text_of(element.find(ATOM + 'title'))!r}"
                self.problem(element, f"{owner} has no <id>")
                continue
            value = id_element.text or ""
            if not is_absolute_iri(value):
                self.problem(id_element, f"the id {value!r} is not an absolute IRI")
            if value in seen:
                self.problem(id_element, f"the id {value!r} is used twice (first on line {seen[value]})")
            seen.setdefault(value, id_element.sourceline)
        feed_id = text_of(self.root.find(ATOM + "id"))
        if feed_id and feed_id in feed_ids:
            self.problems.append(f"the feed id {feed_id!r} is also the id of {feed_ids[feed_id]}")
        feed_ids.setdefault(feed_id, self.path.relative_to(self.output).as_posix())

    def check_dates(self):
        feed_updated = self.root.find(ATOM + "updated")
        feed_moment = date_of(feed_updated) if feed_updated is not None else None
        for element in self.root.iter(ATOM + "updated", ATOM + "published"):
            if date_of(element) is None:
                self.problem(element, f"{element.text!r} is not an RFC 3339 date-time with a time zone")
        previous = None
        for entry in self.entries():
            updated = entry.find(ATOM + "updated")
            moment = date_of(updated) if updated is not None else None
            if feed_moment and moment and moment > feed_moment:
                self.problem(updated, f"{self.name_of(entry)} was updated at {updated.text}, after the feed's updated {feed_updated.text}")
            # Newest means the latest `updated`: the one date every entry has, and the one readers sort by.
            if moment is None:
                continue
            if previous is not None and moment > previous[0]:
                self.problem(entry, f"entries are not newest first: {self.name_of(entry)} (updated {updated.text}) comes after {previous[1]} (updated {previous[2]})")
            previous = (moment, self.name_of(entry), updated.text)

    def check_link_target(self, element, url, where):
        if not is_absolute_iri(url):
            self.problem(element, f"{where} {url!r} is not an absolute URL")
            return
        if urllib.parse.urlsplit(url).netloc.lower() != self.site_host:
            return
        if not url.startswith(self.base_url):
            self.problem(element, f"{where} {url!r} is on the site's host but not under {self.base_url}")
            return
        target = output_file(url, self.base_url, self.output)
        if not target.resolve().is_relative_to(self.output.resolve()) or not target.is_file():
            shown = os.path.relpath(target, self.output)
            self.problem(element, f"{where} {url!r} names {shown}, which is not in the output")

    def check_links(self):
        for owner in [self.root] + self.entries():
            alternates = {}
            for link in owner.findall(ATOM + "link"):
                href = link.get("href", "")
                self.check_link_target(link, href, "the link")
                if link.get("rel", "alternate") == "alternate":
                    key = (link.get("type"), link.get("hreflang"))
                    if key in alternates:
                        self.problem(link, f"two rel=\"alternate\" links with type {key[0]!r} and hreflang {key[1]!r}")
                    alternates[key] = href
        selves = [link for link in self.root.findall(ATOM + "link") if link.get("rel") == "self"]
        if not selves:
            self.problems.append(f"no rel=\"self\" link (it should be {self.url})")
        if len(selves) > 1:
            self.problem(selves[1], "more than one rel=\"self\" link")
        for link in selves[:1]:
            if link.get("href") != self.url:
                self.problem(link, f"the rel=\"self\" link is {link.get('href')!r}, not the feed's own URL {self.url}")
            if link.get("type") != "application/atom+xml":
                self.problem(link, f"the rel=\"self\" link has type {link.get('type')!r}, not \"application/atom+xml\"")

    def has_base(self, element):
        return any(XML_BASE in ancestor.attrib for ancestor in element.iterancestors()) or XML_BASE in element.attrib

    def check_markup(self, element, nodes, where):
        for node in nodes:
            if not isinstance(node.tag, str):
                continue
            for inner in node.iter():
                if not isinstance(inner.tag, str):
                    continue
                tag = etree.QName(inner).localname.lower()
                if tag == "script":
                    self.problem(element, f"{where} contains a <script>")
                for name, value in inner.attrib.items():
                    name = etree.QName(name).localname.lower()
                    if name.startswith("on"):
                        self.problem(element, f"{where} has an event handler attribute {name}")
                    if name in ("href", "src"):
                        if value.strip().lower().startswith("javascript:"):
                            self.problem(element, f"{where} has a javascript: URL")
                        elif self.has_base(element):
                            continue  # Relative references resolve against xml:base.
                        else:
                            self.check_link_target(element, value, f"{where}: the {name}")

    def check_text_constructs(self):
        for element in self.root.iter(ATOM + "summary", ATOM + "content", ATOM + "title", ATOM + "subtitle", ATOM + "rights"):
            where = f"the {etree.QName(element).localname}"
            kind = element.get("type", "text")
            if kind == "html":
                source = element.text or ""
                if not source.strip():
                    continue
                parser = lxml.html.HTMLParser(recover=True)
                try:
                    nodes = lxml.html.fragments_fromstring(source, parser=parser)
                except (etree.ParserError, ValueError) as error:
                    self.problem(element, f"{where} of type html does not parse as HTML: {error}")
                    continue
                for error in parser.error_log:
                    self.problem(element, f"{where} of type html does not parse cleanly: {error.message}")
                self.check_markup(element, nodes, f"{where} of type html")
            elif kind == "xhtml":
                self.check_markup(element, list(element), f"{where} of type xhtml")

    def check_feedparser(self):
        result = feedparser.parse(self.path.read_bytes())
        if result.bozo:
            exception = result.get("bozo_exception")
            self.problems.append(f"feedparser: {type(exception).__name__}: {exception}")
        if result.version != "atom10":
            self.problems.append(f"feedparser reads it as {result.version!r}, not Atom 1.0")
        if len(result.entries) != len(self.entries()):
            self.problems.append(f"feedparser finds {len(result.entries)} entries, not {len(self.entries())}")


def find_feeds(output):
    """Every Atom feed of the output, and the XML files that do not parse."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    feeds, broken = [], []
    for path in sorted(output.rglob("*.xml")):
        try:
            tree = etree.parse(str(path), parser)
        except etree.XMLSyntaxError as error:
            broken.append((path, error))
            continue
        if tree.getroot().tag == ATOM + "feed":
            feeds.append((path, tree))
    return feeds, broken


def main():
    args = parse_args()
    output = pathlib.Path(args.output)
    base_url = args.base_url.rstrip("/") + "/"
    schema = load_schema()
    feeds, broken = find_feeds(output)
    passed = failed = 0
    for path, error in broken:
        print(f"FAIL {path.relative_to(output)}")
        print(f"  not well-formed XML: {error}")
        failed += 1
    feed_ids = {}
    for path, tree in feeds:
        feed = Feed(path, tree, output, base_url)
        try:
            feed.check_schema(schema)
            feed.check_schematron_rules()
            feed.check_ids(feed_ids)
            feed.check_dates()
            feed.check_links()
            feed.check_text_constructs()
            feed.check_feedparser()
        except Exception as error:  # A feed that breaks a check is a failure, not a crash of the checker.
            feed.problems.append(f"cannot be checked: {type(error).__name__}: {error}")
        print(f"{'ok' if not feed.problems else 'FAIL'} {path.relative_to(output)}")
        for problem in feed.problems:
            print(f"  {problem}")
        if feed.problems:
            failed += 1
        else:
            passed += 1
    if not feeds:
        print("FAIL no Atom feed found")
        failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
