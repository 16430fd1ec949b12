#!/bin/sh
# Builds a guildhall hub and uploads it to an S3 bucket, or to any S3-compatible store (Cloudflare R2,
# MinIO, Backblaze B2...), with the aws CLI.
#
# Copy this file into the hub repository (the one with guildhall.toml, content/, data/ and static/ at
# its root) and run it from that root, by hand or from CI:
#
#   S3_BUCKET=community-brightloom sh deploy/s3.sh
#   S3_BUCKET=community S3_ENDPOINT_URL=https://ACCOUNT_ID.r2.cloudflarestorage.com sh deploy/s3.sh
#
# Settings, from the environment:
#   S3_BUCKET        the bucket (required); the hub owns it, or owns S3_PREFIX in it: the last pass
#                    deletes anything else there
#   S3_PREFIX        a folder in the bucket, for a hub whose base_url has a sub-path (default: none)
#   S3_ENDPOINT_URL  the endpoint of a store that is not AWS S3 (default: AWS)
#   BASE_URL         a base URL to build for instead of guildhall.toml's, for a preview bucket
# The aws CLI finds its credentials as usual: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
# AWS_REGION (R2 wants AWS_REGION=auto), or a profile.
#
# Cache headers, the same as the _headers file guildhall writes for Netlify and Cloudflare Pages
# (a bucket does not read that file, so it is not uploaded): files named by a hash of their content
# are cached for a year, everything else for five minutes. The year-long ones are everything under
# assets/ (the content-hashed copies of stylesheets, scripts and fonts that pages load; the
# plain-named originals, style.css, guildhall-embed.js..., change under their name) and the search
# index files under search/t/, f/, p/ and m/ and named search/d.*, x.* and z.* (not
# search/index.gz, the manifest that names the others).
#
# The order of the passes matters. A file that is already in the bucket, the same size and no older,
# is not uploaded again, so each file keeps the headers of the first pass that uploads it: new
# hashed files go up before the manifest and pages that use them, the search index files are
# application/gzip (without Content-Encoding: the search client decompresses them itself), the
# calendars and feeds get their content types, and the last pass uploads the rest and deletes
# (--delete) what the new build no longer has, once everything it replaces is there.
#
# Precompressed copies: with `[output] precompress` in guildhall.toml, the build writes page.html.gz
# and page.html.br beside text files. A bucket does not pick them by the browser's Accept-Encoding:
# uploaded as they are, they would be objects of their own, typed as the page they compress and
# without Content-Encoding. So every pass leaves them out: *.br, and the .gz copies of html, css, js,
# mjs, json, xml, svg, txt, ics, webmanifest and map files. The search index's own .gz files are not
# such copies and go up. Compress at the edge instead (CloudFront's "Compress objects automatically",
# or your CDN's equivalent).
#
# The store's product pages fetch products/SKU.json from the hub: give the bucket a CORS rule that
# allows GET from any origin (aws s3api put-bucket-cors), once.
#
# guildhall's own files (.guildhall/next-build.json, the .guildhall-output marker) stay out of the
# bucket. Schedule this script (cron, CI) to run hourly, or at the moment next-build.json gives, so
# events, scheduled pages and consent that runs out appear on time.
set -eu

: "${S3_BUCKET:?set S3_BUCKET to the bucket to upload to}"
prefix="${S3_PREFIX:-}"
prefix="${prefix#/}"
prefix="${prefix%/}"
destination="s3://$S3_BUCKET/${prefix:+$prefix/}"

guildhall check --format short
guildhall build --format short ${BASE_URL:+--base-url "$BASE_URL"}
cat public/.guildhall/next-build.json

# One pass of `aws s3 sync` from public/ to the bucket; the arguments choose files and headers. The
# excludes at the end come last, so they win over a pass's includes.
upload() {
    aws s3 sync public "$destination" \
        ${S3_ENDPOINT_URL:+--endpoint-url "$S3_ENDPOINT_URL"} \
        --no-progress \
        "$@" \
        --exclude ".guildhall/*" \
        --exclude ".guildhall-output" \
        --exclude "_headers" \
        --exclude "*.br" \
        --exclude "*.html.gz" --exclude "*.css.gz" --exclude "*.js.gz" --exclude "*.mjs.gz" \
        --exclude "*.json.gz" --exclude "*.xml.gz" --exclude "*.svg.gz" --exclude "*.txt.gz" \
        --exclude "*.ics.gz" --exclude "*.webmanifest.gz" --exclude "*.map.gz"
}

year="public, max-age=31536000, immutable"
short="public, max-age=300"

# 1. Content-hashed stylesheets, scripts and fonts, and the content-hashed search index files:
#    immutable.
upload --exclude "*" --include "assets/*" \
    --cache-control "$year"
upload --exclude "*" \
    --include "search/t/*" --include "search/f/*" --include "search/p/*" --include "search/m/*" \
    --include "search/d.*" --include "search/x.*" --include "search/z.*" \
    --cache-control "$year" \
    --content-type "application/gzip"

# 2. The search manifest, which names the files above.
upload --exclude "*" --include "search/index.gz" \
    --cache-control "$short" \
    --content-type "application/gzip"

# 3. Calendars and feeds, whose content types the CLI guesses differently from one system to another.
upload --exclude "*" --include "*.ics" \
    --cache-control "$short" \
    --content-type "text/calendar; charset=utf-8"
upload --exclude "*" --include "atom.xml" --include "*/atom.xml" \
    --cache-control "$short" \
    --content-type "application/atom+xml; charset=utf-8"

# 4. Everything else, then whatever the new build no longer has is deleted.
upload --cache-control "$short" --delete
