//! The brand's own hub: `[brand]` colours checked for contrast at the key, the browser icons made from
//! one picture (or the theme's own), and the theme's words in the site's language: a French and a
//! German build show no English word of the theme on any page.

use std::collections::BTreeSet;

use regex::Regex;

use crate::support::{TempSite, repo_root};

const NOW: &str = "2026-03-01T12:00:00Z";

/// Every text of a translation table, by key (both forms of a plural, every item of a list).
fn table_texts(language: &str) -> Vec<(String, String)> {
    let path = repo_root().join(format!("themes/default/i18n/{language}.toml"));
    let table: toml::Table = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut texts = Vec::new();
    for (key, value) in table {
        match value {
            toml::Value::String(text) => texts.push((key, text)),
            toml::Value::Array(items) => texts.extend(
                items
                    .iter()
                    .filter_map(|i| Some((key.clone(), i.as_str()?.to_string()))),
            ),
            toml::Value::Table(forms) => texts.extend(
                forms
                    .values()
                    .filter_map(|f| Some((key.clone(), f.as_str()?.to_string()))),
            ),
            _ => {}
        }
    }
    texts
}

/// What a reader sees or hears of a page: its text and its labels, without scripts and styles.
fn visible_text(html: &str) -> String {
    let hidden = Regex::new(r"(?s)<script.*?</script>|<style.*?</style>").unwrap();
    let html = hidden.replace_all(html, " ");
    let labels = Regex::new(r#"(?:aria-label|placeholder|alt|title)="([^"]*)""#).unwrap();
    let mut text: String = labels
        .captures_iter(&html)
        .map(|c| format!(" {} ", &c[1]))
        .collect();
    let tags = Regex::new(r"<[^>]*>").unwrap();
    text.push_str(&tags.replace_all(&html, " "));
    crate::scan::unescape_entities(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The English pieces of the theme's words (the parts between `{places}`, four letters or more) that
/// the other language does not also use; with `scripts`, also those of the search and events
/// scripts (the `js_` keys).
fn english_pieces(language: &str, scripts: bool) -> BTreeSet<String> {
    let translated: String = table_texts(language)
        .into_iter()
        .map(|(_, text)| text + "\n")
        .collect();
    let places = Regex::new(r"\{\w+\}").unwrap();
    let mut pieces = BTreeSet::new();
    for (key, text) in table_texts("en") {
        if key.ends_with("_format") || key == "first_day" || (key.starts_with("js_") && !scripts) {
            continue;
        }
        for piece in places.split(&text) {
            let piece = piece.trim_matches(|c: char| c.is_whitespace() || ".:,;".contains(c));
            if piece.chars().filter(|c| c.is_alphabetic()).count() >= 4
                && !translated.contains(piece)
            {
                pieces.insert(piece.to_string());
            }
        }
    }
    pieces
}

/// The localized fixture built in `language`, and the words the site writes itself (its titles, its
/// navigation), which are its own in whatever language.
fn localized_build(language: &str) -> (TempSite, String) {
    let site = TempSite::fixture("brand", "localized");
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write(
        "guildhall.toml",
        &config.replace("language = \"fr\"", &format!("language = \"{language}\"")),
    );
    site.build(&["--now", NOW]).assert_success();
    let mut own = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    for entry in walkdir::WalkDir::new(site.path().join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            own.push_str(&std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    (site, own)
}

/// Every English piece found in the HTML files under `dir`, by file; panics when fewer than
/// `at_least` files were read.
fn english_in(
    dir: &std::path::Path,
    language: &str,
    own: &str,
    scripts: bool,
    at_least: usize,
) -> Vec<String> {
    let pieces: Vec<(String, Regex)> = english_pieces(language, scripts)
        .into_iter()
        .filter(|piece| !own.contains(piece.as_str()))
        .map(|piece| {
            let pattern = format!(r"(^|\W){}($|\W)", regex::escape(&piece));
            (piece, Regex::new(&pattern).unwrap())
        })
        .collect();
    let mut pages = 0;
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let text = visible_text(&std::fs::read_to_string(entry.path()).unwrap());
        for (piece, pattern) in &pieces {
            if pattern.is_match(&text) {
                let page = entry.path().strip_prefix(dir).unwrap().display();
                found.push(format!("{page}: \"{piece}\""));
            }
        }
    }
    assert!(pages >= at_least, "only {pages} pages were read");
    found
}

/// Builds the localized fixture in `language` and returns every English piece found, by page.
fn english_left(language: &str) -> Vec<String> {
    let (site, own) = localized_build(language);
    english_in(&site.public(), language, &own, false, 20)
}

/// The pages whose words the scripts write, as the reader meets them after the scripts ran (a
/// search with results and its filters, a search finding nothing, the events with the reader's own
/// time), and every English piece of the theme and of the scripts found on them.
fn english_left_by_scripts(language: &str) -> Vec<String> {
    crate::browser::require_tools();
    let (site, own) = localized_build(language);
    let rendered = site.path().join("rendered");
    let pages = [
        "search/?q=laine",
        "search/?q=zzqxw",
        "events/",
        "events/atelier/",
    ];
    let mut args = vec![
        site.public().to_str().unwrap().to_string(),
        "/".into(),
        rendered.to_str().unwrap().to_string(),
    ];
    args.extend(pages.iter().map(|p| p.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    crate::browser::run_script("rendered.mjs", &args, pages.len());
    english_in(&rendered, language, &own, true, pages.len())
}

#[test]
fn the_scripts_write_no_english_word_in_a_french_or_a_german_build() {
    for language in ["fr", "de"] {
        let found = english_left_by_scripts(language);
        assert!(
            found.is_empty(),
            "English written by the scripts in the {language} build:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn a_french_build_shows_no_english_word_of_the_theme() {
    let found = english_left("fr");
    assert!(
        found.is_empty(),
        "English left in the French build:\n{}",
        found.join("\n")
    );
}

#[test]
fn a_german_build_shows_no_english_word_of_the_theme() {
    let found = english_left("de");
    assert!(
        found.is_empty(),
        "English left in the German build:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_for_english_words_finds_them_in_an_english_build() {
    // The same check on an English build must fail, or it proves nothing about the others.
    let site = TempSite::fixture("brand", "localized");
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write(
        "guildhall.toml",
        &config.replace("language = \"fr\"", "language = \"en\""),
    );
    site.build(&["--now", NOW]).assert_success();
    let text = visible_text(&site.read("guides/monter-les-mailles/index.html"));
    let pieces = english_pieces("fr", false);
    for expected in [
        "Skip to content",
        "On this page",
        "min read",
        "Last updated",
    ] {
        assert!(pieces.contains(expected), "{expected} is not checked");
        assert!(
            text.contains(expected),
            "{expected} is not on the English page"
        );
    }
}

#[test]
fn dates_language_feeds_and_locale_follow_the_site_language() {
    let site = TempSite::fixture("brand", "localized");
    site.build(&["--now", NOW]).assert_success();
    let guide = site.read("guides/monter-les-mailles/index.html");
    assert!(guide.contains("<html lang=\"fr\">"), "{guide}");
    assert!(
        guide.contains("content=\"fr\"") || guide.contains("og:locale\" content=\"fr"),
        "no og:locale"
    );
    assert!(
        guide.contains(">15 février 2026</time>"),
        "the date is not French"
    );
    assert!(guide.contains("2 min de lecture") || guide.contains("1 min de lecture"));
    let event = site.read("events/atelier/index.html");
    assert!(
        event.contains("samedi 2 mai 2026, 14:00–17:00 CEST"),
        "{event}"
    );
    let feed = site.read("atom.xml");
    assert!(feed.contains("xml:lang=\"fr\""), "{feed}");
    let series = site.read("events/club/index.html");
    assert!(
        series.contains("Toutes les 2 semaines le mardi, 6 fois (sauf le 17 mars 2026)"),
        "{series}"
    );
    let first = site.read("events/annule/index.html");
    assert!(
        first.contains("samedi 10 janvier 2026"),
        "the weekday is not French"
    );
}

#[test]
fn a_site_overrides_a_word_and_a_wrong_key_is_reported() {
    let site = TempSite::fixture("brand", "localized");
    site.write("i18n/fr.toml", "skip = \"Passer au contenu\"\n");
    site.build(&["--now", NOW]).assert_success();
    assert!(site.read("index.html").contains(">Passer au contenu</a>"));
    site.write("i18n/fr.toml", "skip = \"Passer\"\nskp = \"x\"\n");
    let run = site.build(&["--now", NOW, "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("i18n/fr.toml:2:7: error: the theme has no word `skp`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `skip`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn brand_colours_under_aa_contrast_are_refused_at_the_key_with_the_ratio() {
    let site = TempSite::fixture("brand", "localized");
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write(
        "guildhall.toml",
        &config.replace("primary = \"#8a2b52\"", "primary = \"#7fb3ff\""),
    );
    let run = site.build(&["--now", NOW, "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line = config
        .lines()
        .position(|l| l.starts_with("primary"))
        .unwrap()
        + 1;
    let at = format!(
        "guildhall.toml:{line}:11: error: the primary colour #7fb3ff has a contrast of 2.14:1"
    );
    assert!(run.stderr.contains(&at), "{}", run.stderr);
    assert!(run.stderr.contains("WCAG AA needs 4.5:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("a darker shade such as \"#"),
        "{}",
        run.stderr
    );
}

#[test]
fn brand_colours_reach_the_page_with_their_dark_variants() {
    let site = TempSite::fixture("brand", "localized");
    site.build(&["--now", NOW]).assert_success();
    let home = site.read("index.html");
    assert!(home.contains("<style>:root{--link:#8a2b52;"), "{home}");
    assert!(
        home.contains("@media (prefers-color-scheme:dark)"),
        "{home}"
    );
    assert!(
        home.contains("class=\"logo\" src=\"/brand/logo.svg\" alt=\"Cercle Laine\""),
        "{home}"
    );
    assert!(
        home.contains("class=\"hero-picture\" src=\"/brand/accueil.svg\""),
        "{home}"
    );
    assert!(
        home.contains("Tricoter ensemble, à tous les niveaux."),
        "{home}"
    );
    let faq = site.read("faq/retours/index.html");
    assert!(
        faq.contains("href=\"mailto:aide@boutique.example\""),
        "no contact on the FAQ"
    );
    assert!(faq.contains("Questions liées"), "no related questions");
    assert!(
        site.read("404.html")
            .contains("href=\"mailto:aide@boutique.example\"")
    );
}

/// The width and height a PNG file declares.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let number = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

#[test]
fn the_favicon_is_made_in_every_size_from_one_picture_and_never_missing() {
    let site = TempSite::fixture("brand", "localized");
    site.build(&["--now", NOW]).assert_success();
    let read = |path: &str| std::fs::read(site.public().join(path)).unwrap();
    for (path, side) in [
        ("favicon-16x16.png", 16),
        ("favicon-32x32.png", 32),
        ("apple-touch-icon.png", 180),
        ("icon-192.png", 192),
        ("icon-512.png", 512),
    ] {
        assert_eq!(png_size(&read(path)), (side, side), "{path}");
    }
    assert_eq!(read("favicon.svg"), read("brand/icone.svg"));
    let ico = read("favicon.ico");
    assert_eq!(&ico[..6], &[0, 0, 1, 0, 2, 0], "an ICO with two pictures");
    let manifest: serde_json::Value = serde_json::from_str(&site.read("site.webmanifest")).unwrap();
    assert_eq!(manifest["lang"], "fr");
    assert_eq!(manifest["theme_color"], "#8a2b52");
    assert_eq!(manifest["icons"][1]["src"], "/icon-512.png");
    // Without `[brand] favicon` the theme's own icon is used: a browser never gets a 404 for it.
    let plain = TempSite::fixture("community", "basic");
    plain.build(&["--now", NOW]).assert_success();
    assert!(plain.public().join("favicon.ico").is_file());
    assert_eq!(
        png_size(&std::fs::read(plain.public().join("icon-192.png")).unwrap()),
        (192, 192)
    );
    assert!(
        plain
            .read("index.html")
            .contains("rel=\"icon\" href=\"/favicon.ico\"")
    );
}

#[test]
fn a_favicon_that_cannot_be_read_is_reported_at_the_key() {
    let site = TempSite::fixture("brand", "localized");
    site.write("static/brand/icone.svg", "<svg this is not");
    let run = site.build(&["--now", NOW, "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: the favicon `/brand/icone.svg` cannot be read"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("guildhall.toml:"), "{}", run.stderr);
}

#[test]
fn a_brand_font_is_self_hosted_preloaded_and_falls_back_to_the_system_font() {
    let site = TempSite::fixture("brand", "localized");
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    let config = config.replace(
        "contact = \"aide@boutique.example\"",
        "contact = \"aide@boutique.example\"\nfont = \"/fonts/Cercle-Sans.woff2\"",
    );
    site.write("guildhall.toml", &config);
    site.write("static/fonts/Cercle-Sans.woff2", "wOF2 stand-in");
    site.build(&["--now", NOW]).assert_success();
    let page = site.read("index.html");
    let preload = Regex::new(
        r#"<link rel="preload" href="(/[^"]+\.woff2)" as="font" type="font/woff2" crossorigin>"#,
    )
    .unwrap();
    let href = &preload.captures(&page).expect("the font is preloaded")[1];
    assert!(
        site.public().join(&href[1..]).is_file(),
        "{href} is not in the output"
    );
    let face = format!(
        "@font-face{{font-family:\"Cercle Sans\";src:url(\"{href}\") format(\"woff2\");font-display:swap}}"
    );
    assert!(page.contains(&face), "no @font-face for {href}");
    assert!(
        page.contains("--font:\"Cercle Sans\",system-ui,"),
        "the system font is not the fallback"
    );
    assert!(!page.contains("fonts.googleapis") && !page.contains("https://fonts"));

    // A font in a format browsers would have to convert is refused at the key.
    let line = config
        .lines()
        .position(|l| l.starts_with("font ="))
        .unwrap()
        + 1;
    site.write(
        "guildhall.toml",
        &config.replace("Cercle-Sans.woff2", "Cercle-Sans.ttf"),
    );
    let run = site.build(&["--now", NOW, "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "guildhall.toml:{line}:8: error: `[brand] font` cannot be a .ttf file"
        )),
        "{}",
        run.stderr
    );
}
