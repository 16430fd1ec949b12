//! Search: the index the build writes, queried through the real browser client under Node
//! (`tests/browser/query.mjs` imports `themes/default/static/guildhall-search.js`).
//!
//! These need Node.js (`.ci/install-deps` installs it); they do not need Chromium.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::scan::Output;
use crate::support::{TempSite, repo_root, snapshot_tree};

/// Runs `tests/browser/query.mjs` with `args`, feeding `input` as JSON.
fn node(args: &[&str], input: &Value) -> Value {
    let mut child = Command::new("node")
        .arg(repo_root().join("tests/browser/query.mjs"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs (install it with .ci/install-deps)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "query.mjs failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("query.mjs prints JSON")
}

/// Runs queries (each `q`, or `{q, options}`) on a built site; one answer per query.
pub(crate) fn search(public: &Path, queries: &[Value]) -> Vec<Value> {
    let input: Vec<Value> = queries
        .iter()
        .map(|q| match q {
            Value::String(text) => json!({"q": text}),
            other => other.clone(),
        })
        .collect();
    let answer = node(&[public.to_str().unwrap()], &Value::Array(input));
    answer.as_array().unwrap().clone()
}

pub(crate) fn urls(answer: &Value) -> Vec<String> {
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["url"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_client_analyzer_agrees_with_the_index_on_every_word() {
    // Support questions and every page of the demo hub and examples: the client must turn text into
    // exactly the terms the build indexed, or a word on a page could never be found.
    let mut texts: Vec<String> = Vec::new();
    let mut reader = csv::Reader::from_path(
        repo_root().join("tests/data/support/bitext-customer-support-sample.csv"),
    )
    .unwrap();
    for record in reader.records() {
        texts.extend(record.unwrap().iter().map(str::to_string));
    }
    for (path, bytes) in snapshot_tree(&repo_root().join("content"))
        .into_iter()
        .chain(snapshot_tree(&repo_root().join("examples")))
    {
        if path.ends_with(".md") {
            texts.push(String::from_utf8(bytes).unwrap());
        }
    }
    texts.push(
        "Crème brûlée naïve façade ÉCOLE Ægir straße İstanbul ΣΊΣΥΦΟΣ knitter's rock'n'roll 'tis ''x \
         generously communication arsenal skies dying ugly yyy ayyy sayyid cry by happy happiness \
         hopefully relational conditional valenci hesitanci digitizer operator feudalism sensitiviti \
         hopeful goodness formative formalize electriciti electrical hopefulness adoption \
         controlled rolling hopping filing agreed feed bleed inning outing proceed succeeded"
            .to_string(),
    );
    let analyzer = guildhall::search::text::Analyzer::new("en");
    let client = node(&["--analyze"], &json!(texts));
    let mut mismatches = Vec::new();
    for (text, terms) in texts.iter().zip(client.as_array().unwrap()) {
        let expected = analyzer.terms(text);
        let got: Vec<String> = serde_json::from_value(terms.clone()).unwrap();
        if expected != got {
            let first = expected
                .iter()
                .zip(&got)
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("index `{a}`, client `{b}`"))
                .unwrap_or_else(|| format!("{} terms vs {}", expected.len(), got.len()));
            mismatches.push(first);
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} texts differ, for example: {:?}",
        mismatches.len(),
        &mismatches[..mismatches.len().min(10)]
    );
}

/// The demo hub, built once per test that needs it.
fn demo() -> TempSite {
    let site = TempSite::copy_of(&repo_root());
    site.build(&[]).assert_success();
    site
}

#[test]
fn golden_queries_find_each_kind_of_content_on_the_demo_hub() {
    let site = demo();
    // (query, the first result, its kind): words from titles, from the body, from headings, from the
    // customers' own phrasings that only the support export holds, and skus and product names.
    let golden = [
        ("blocking", "/guides/blocking-your-knits/", "guide"),
        ("gauge swatch", "/guides/gauge-swatches/", "guide"),
        (
            "wet blocking",
            "/guides/blocking-your-knits/#wet-blocking",
            "guide",
        ),
        ("how do i get a refund", "/faq/returns/", "faq"),
        ("parcel still not arrived", "/faq/where-is-my-order/", "faq"),
        ("cancel my subscription", "/faq/yarn-club/", "faq"),
        ("itchy", "/faq/wool-allergy/", "faq"),
        (
            "twelve pairs",
            "/stories/twelve-pairs-in-twelve-months/",
            "story",
        ),
        (
            "sweater mending",
            "/stories/mending-a-fisherman-sweater/",
            "story",
        ),
        ("yarn crawl bristol", "/events/bristol-yarn-crawl/", "event"),
        ("community guidelines", "/community-guidelines/", "page"),
        ("finishing", "/topics/finishing/", "topic"),
        // A topic the query names comes before the stories and answers that mention it.
        ("sock", "/topics/socks/", "topic"),
        ("BL-HEATHER-ARAN", "/products/bl-heather-aran/", "product"),
        ("bl heather aran", "/products/bl-heather-aran/", "product"),
        ("Heather Aran", "/products/bl-heather-aran/", "product"),
    ];
    let queries: Vec<Value> = golden.iter().map(|(q, _, _)| json!(q)).collect();
    let answers = search(&site.public(), &queries);
    let mut wrong = Vec::new();
    for ((query, url, kind), answer) in golden.iter().zip(&answers) {
        let first = &answer["results"][0];
        if first["url"] != *url || first["kind"] != *kind {
            wrong.push(format!(
                "{query:?}: wanted {url} ({kind}), got {:?}",
                urls(answer)
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // A sku is an exact match: pinned first, whatever the scores of pages that mention it.
    let sku = golden
        .iter()
        .position(|(query, _, _)| *query == "BL-HEATHER-ARAN")
        .unwrap();
    assert_eq!(answers[sku]["results"][0]["pinned"], true);
    // A small hub is one index file: a first query costs one request.
    assert!(answers.iter().all(|a| a["requests"] == 1), "{answers:?}");
}

/// One-letter typos of `word`: a deletion, a substitution, a swap of neighbours and an insertion,
/// at positions that vary with the word (the first letter included).
fn typos(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let seed = chars.iter().map(|&c| c as usize).sum::<usize>();
    let at = |k: usize| (seed + 3 * k) % n;
    let mut out = Vec::new();
    let mut deleted = chars.clone();
    deleted.remove(at(0));
    out.push(deleted);
    let mut substituted = chars.clone();
    let i = at(1);
    substituted[i] = if chars[i] == 'x' { 'q' } else { 'x' };
    out.push(substituted);
    let i = at(2).min(n - 2);
    let mut swapped = chars.clone();
    swapped.swap(i, i + 1);
    if swapped != chars {
        out.push(swapped);
    }
    let mut inserted = chars.clone();
    inserted.insert(at(3), 'e');
    out.push(inserted);
    out.into_iter().map(|c| c.into_iter().collect()).collect()
}

#[test]
fn nine_in_ten_one_letter_typos_still_find_their_page_and_exact_matches_rank_first() {
    let site = demo();
    let analyzer = guildhall::search::text::Analyzer::new("en");
    // Every word of five letters or more in the titles of the demo hub's pages.
    let pages = search(
        &site.public(),
        &[json!({"q": "knit yarn wool guide", "options": {"limit": 0}})],
    );
    assert!(pages[0]["total"].as_u64().unwrap() > 10);
    let mut cases: Vec<(String, String, String)> = Vec::new();
    for (path, bytes) in snapshot_tree(&repo_root().join("content")) {
        let text = String::from_utf8(bytes).unwrap();
        let Some(title) = text
            .lines()
            .find_map(|l| l.strip_prefix("title = \""))
            .map(|t| t.trim_end_matches('"').to_string())
        else {
            continue;
        };
        if path.ends_with("_index.md") {
            continue;
        }
        let slug = text
            .lines()
            .find_map(|l| l.strip_prefix("slug = \""))
            .map(|s| s.trim_end_matches('"'))
            .unwrap_or_else(|| path.rsplit('/').next().unwrap().trim_end_matches(".md"));
        for word in guildhall::search::text::words(&title) {
            if word.chars().count() >= 5
                && word.bytes().all(|b| b.is_ascii_lowercase())
                && analyzer.term(&word).is_some()
            {
                for typo in typos(&word) {
                    cases.push((typo, word.clone(), slug.to_string()));
                }
            }
        }
    }
    assert!(cases.len() > 100, "{} cases", cases.len());
    let queries: Vec<Value> = cases
        .iter()
        .map(|(typo, _, _)| json!({"q": format!("{typo} "), "options": {"limit": 1000}}))
        .collect();
    let answers = search(&site.public(), &queries);
    let mut missed = Vec::new();
    for ((typo, word, slug), answer) in cases.iter().zip(&answers) {
        if !urls(answer)
            .iter()
            .any(|u| u.contains(&format!("/{slug}/")))
        {
            missed.push(format!("{typo} ({word}) -> {slug}"));
        }
    }
    let rate = 1.0 - missed.len() as f64 / cases.len() as f64;
    eprintln!(
        "typos: {} of {} found their page ({:.1}%)",
        cases.len() - missed.len(),
        cases.len(),
        rate * 100.0
    );
    eprintln!("missed: {missed:?}");
    assert!(rate >= 0.9, "{:.3}: missed {missed:#?}", rate);

    // Exact matches always come before fuzzy ones: "sock" is a word of the hub and one edit from
    // others; no fuzzy result may precede an exact one.
    for query in ["sock", "wool", "shawl", "stitch", "needle"] {
        let answer = &search(
            &site.public(),
            &[json!({"q": format!("{query} "), "options": {"limit": 1000}})],
        )[0];
        let flags: Vec<bool> = answer["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["fuzzy"].as_bool().unwrap())
            .collect();
        assert!(!flags.is_empty() && !flags[0], "{query}: {flags:?}");
        assert!(
            flags.windows(2).all(|w| w[0] <= w[1]),
            "{query}: a fuzzy result ranks above an exact one: {:?}",
            urls(answer)
        );
    }
}

#[test]
fn facets_count_and_filter_and_dates_sort() {
    let site = demo();
    let answers = search(
        &site.public(),
        &[
            json!({"q": "wool", "options": {"facets": true, "limit": 100}}),
            json!({"q": "wool", "options": {"kind": ["guide", "faq"], "limit": 100}}),
            json!({"q": "wool", "options": {"topic": ["yarn-care"], "limit": 100}}),
            json!({"q": "knit", "options": {"sort": "date", "kind": ["story"], "limit": 100}}),
        ],
    );
    let all = &answers[0];
    let kinds = all["kinds"].as_object().unwrap();
    let total: u64 = kinds.values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(total, all["total"].as_u64().unwrap(), "kind counts add up");
    // OR within a facet.
    let guide_or_faq = kinds["guide"].as_u64().unwrap() + kinds["faq"].as_u64().unwrap();
    assert_eq!(answers[1]["total"].as_u64().unwrap(), guide_or_faq);
    assert!(
        answers[1]["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["kind"] == "guide" || r["kind"] == "faq")
    );
    // The topic count shown is the number of results the filter keeps.
    let yarn_care = all["facets"]["topic"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["value"] == "yarn-care")
        .expect("a topic facet for yarn-care");
    assert_eq!(answers[2]["total"], yarn_care["count"]);
    assert!(answers[2]["total"].as_u64().unwrap() < all["total"].as_u64().unwrap());
    // Newest first.
    let stories = urls(&answers[3]);
    assert!(stories.len() >= 3, "{stories:?}");
    let dates: Vec<String> = stories
        .iter()
        .map(|url| {
            let path = url.split('#').next().unwrap().trim_matches('/');
            let slug = path.rsplit('/').next().unwrap();
            let text =
                std::fs::read_to_string(repo_root().join(format!("content/stories/{slug}.md")))
                    .unwrap();
            text.lines()
                .find_map(|l| l.strip_prefix("date = "))
                .unwrap()
                .to_string()
        })
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
}

#[test]
fn customer_personal_data_is_neither_in_the_index_nor_findable() {
    let site = TempSite::fixture("faq", "basic");
    site.build(&["--now", "2026-02-01T12:00:00Z"])
        .assert_success();
    let index = Output::read(&site.public());
    assert!(!index.terms().is_empty());
    crate::faq::assert_nothing_planted_in(&index);
    let answers = search(
        &site.public(),
        &[
            json!("zebra"),
            json!("88231177"),
            json!("jo.doe"),
            json!("7946 0958"),
            json!("4111 1111"),
            json!("script alert"),
            json!("parcel"),
        ],
    );
    for answer in &answers[..6] {
        assert_eq!(answer["total"], 0, "{answer}");
    }
    assert!(answers[6]["total"].as_u64().unwrap() > 0, "the index works");
}

#[test]
fn a_hub_with_search_disabled_has_no_index_no_search_page_and_no_search_box() {
    let site = TempSite::fixture("build", "basic");
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write(
        "guildhall.toml",
        &format!("{config}\n[search]\nenabled = false\n"),
    );
    site.build(&["--now", "2026-05-01T09:00:00Z"])
        .assert_success();
    assert!(!site.public().join("search").exists());
    let output = Output::read(&site.public());
    assert!(output.terms().is_empty());
    assert_eq!(
        output.files_containing("role=\"search\""),
        Vec::<String>::new()
    );
    assert!(output.files_containing("<h1>First guide</h1>").len() == 1);
}

#[test]
fn synonyms_from_the_config_find_each_others_pages() {
    let site = TempSite::fixture("faq", "basic");
    site.build(&["--now", "2026-02-01T12:00:00Z"])
        .assert_success();
    let before = search(&site.public(), &[json!("package")]);
    assert_eq!(before[0]["total"], 0, "no page says package: {}", before[0]);
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write(
        "guildhall.toml",
        &format!("{config}\n[search]\nsynonyms = [[\"parcel\", \"package\"]]\n"),
    );
    site.build(&["--now", "2026-02-01T12:00:00Z"])
        .assert_success();
    let answers = search(&site.public(), &[json!("package"), json!("parcel")]);
    assert!(
        urls(&answers[0]).contains(&"/faq/parcel/".to_string()),
        "{}",
        answers[0]
    );
    assert_eq!(urls(&answers[0])[0], urls(&answers[1])[0]);
}

#[test]
fn the_search_scripts_use_no_webassembly_or_eval_so_a_strict_csp_allows_them() {
    // README: the script is plain JavaScript, so it runs under a strict Content-Security-Policy
    // (`script-src 'self'`): no WebAssembly, no code built from strings, no inline script.
    let site = TempSite::fixture("build", "basic");
    site.build(&["--now", "2026-05-01T09:00:00Z"])
        .assert_success();
    let output = Output::read(&site.public());
    for (path, text) in output.texts_ending(".js") {
        for forbidden in ["WebAssembly.", "eval(", "new Function(", "setTimeout(\""] {
            assert!(!text.contains(forbidden), "{path} uses {forbidden}");
        }
    }
    assert!(output.texts_ending(".wasm").is_empty());
    let page = site.read("search/index.html");
    for tag in page.split("<script").skip(1) {
        let tag = tag.split('>').next().unwrap();
        assert!(
            // Data blocks (structured data, the theme's words) are never run, so CSP allows them.
            tag.contains(" src=")
                || tag.contains("type=\"application/ld+json\"")
                || tag.contains("type=\"application/json\""),
            "an inline script on the search page: <script{tag}>"
        );
    }
}

/// A hub of `pages` guides written from a vocabulary of made-up words, big enough for an index of
/// many files.
fn generated_hub(pages: usize) -> TempSite {
    let site = TempSite::fixture("build", "basic");
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let word = |n: u64| {
        let letters = b"bcdfghklmnprstvz";
        let vowels = b"aeiou";
        let mut w = String::new();
        let mut n = n + 1;
        while n > 0 {
            w.push(letters[(n % 16) as usize] as char);
            w.push(vowels[((n / 16) % 5) as usize] as char);
            n /= 80;
        }
        w
    };
    for page in 0..pages {
        let words: Vec<String> = (0..120).map(|_| word(next(6000))).collect();
        site.write(
            &format!("content/guides/generated-{page}.md"),
            &format!(
                "+++\ntitle = \"Guide {page} {}\"\nsummary = \"Generated.\"\nlevel = \"beginner\"\n+++\n\n{}\n",
                word(page as u64),
                words.join(" ")
            ),
        );
    }
    site
}

#[test]
fn packed_mode_writes_fewer_larger_index_files_that_answer_the_same() {
    let site = generated_hub(600);
    site.build(&["--now", "2026-05-01T09:00:00Z"])
        .assert_success();
    let split = Output::read(&site.public());
    let shards = |output: &Output| {
        output
            .files
            .iter()
            .filter(|f| f.path.starts_with("search/") && f.path.ends_with(".gz"))
            .count()
    };
    let split_files = shards(&split);
    assert!(
        split
            .files
            .iter()
            .any(|f| f.path.starts_with("search/t/") && !f.terms.is_empty()),
        "a hub this size gets dictionary shards"
    );
    // Words spread over the dictionary, so the queries read several shards.
    let terms = split.terms();
    let queries: Vec<Value> = terms
        .iter()
        .filter(|t| t.chars().all(|c| c.is_ascii_lowercase()))
        .step_by(terms.len() / 6)
        .map(|t| json!(t))
        .collect();
    // The results found as typed (typo matches rank below them).
    let exact = |answer: &Value| -> Vec<String> {
        answer["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["fuzzy"] == false)
            .map(|r| r["url"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(queries.len() >= 5, "{queries:?}");
    let answers = search(&site.public(), &queries);
    for answer in &answers {
        assert!(answer["total"].as_u64().unwrap() > 0, "{answer}");
    }
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write(
        "guildhall.toml",
        &format!("{config}\n[search]\npacked = true\n"),
    );
    site.build(&["--now", "2026-05-01T09:00:00Z"])
        .assert_success();
    let packed = Output::read(&site.public());
    assert!(
        shards(&packed) < split_files,
        "{} packed files, {split_files} split",
        shards(&packed)
    );
    assert_eq!(packed.terms(), split.terms(), "the same dictionary");
    let packed_answers = search(&site.public(), &queries);
    for (a, b) in answers.iter().zip(&packed_answers) {
        assert!(!exact(a).is_empty(), "{a}");
        assert_eq!(exact(a), exact(b), "{a}\n{b}");
        if a["q"].as_str().unwrap().len() < 4 {
            // No typo search below four letters: the whole answer is the same.
            assert_eq!(a["total"], b["total"], "{a}\n{b}");
        }
    }
}
