#!/usr/bin/env python3
"""After `guildhall import`: which addresses of the old site still answer in the hub's output.

OLD_OUT is what the source's own generator wrote (`hugo -d OLD_OUT`, `jekyll build -d OLD_OUT`),
NEW_PUBLIC the hub's `public/` after `guildhall build`. Each old page must be a page or an alias
redirect of the hub; term and pagination lists are counted apart.
Usage: python3 tests/bench/import_urls.py OLD_OUT NEW_PUBLIC [--list]"""
import os, sys, re
old, new = sys.argv[1], sys.argv[2]
listing = '--list' in sys.argv
TAXO = re.compile(r'^/(tags|categories|topics|authors|contributors|series)/|/page/\d+/$|^/(tags|categories)(\.html)?$')
def urls(root):
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith('.html'):
                p = os.path.relpath(os.path.join(d, f), root).replace(os.sep, '/')
                yield '/' + (p[:-len('index.html')] if p.endswith('index.html') else p)
def resolves(url):
    p = new + url
    if url.endswith('/'):
        p += 'index.html'
    if not os.path.isfile(p):
        return None
    text = open(p, encoding='utf-8', errors='replace').read(4000)
    return 'alias' if 'http-equiv="refresh"' in text else 'page'
counts = {'page': 0, 'alias': 0}
missing, listing_missing = [], []
for url in sorted(set(urls(old))):
    if url in ('/404.html',):
        continue
    got = resolves(url)
    if got:
        counts[got] += 1
        if listing: print('ok', got, url)
    elif TAXO.search(url):
        listing_missing.append(url)
    else:
        missing.append(url)
total = counts['page'] + counts['alias'] + len(missing)
print(f"content addresses: {total}, resolving {counts['page'] + counts['alias']} ({counts['page']} pages, {counts['alias']} aliases), missing {len(missing)}")
for m in missing: print('  MISSING', m)
print(f"generated list pages (taxonomy terms, pagination) not resolving: {len(listing_missing)}")
for m in listing_missing: print('  list', m)
