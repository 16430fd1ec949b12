//! Slugs, the one place that turns text into URL path segments and heading ids.
//!
//! Each style is named after where its output has to match something outside guildhall:
//! [`github`] gives the heading ids GitHub gives (so deep links into migrated pages keep working),
//! [`zola`] the ids and slugs Zola gives (ASCII, accents folded), [`file_name`] the ASCII name
//! `guildhall new` gives a file, and [`words`] the readable form of file stems, topics and handles
//! that existing URLs already use. [`check_segment`] says what a slug written by hand may hold.

use serde::{Deserialize, Serialize};

/// How headings get their ids: `[markdown] heading_ids` in `guildhall.toml`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HeadingIds {
    /// GitHub's: lowercase, punctuation removed, each space a `-`, Unicode letters kept.
    #[default]
    Github,
    /// Zola's: letters folded to ASCII, every other run a single `-`.
    Zola,
}

impl HeadingIds {
    /// The id of a heading whose text is `text` (before making it unique on its page).
    pub(crate) fn slug(self, text: &str) -> String {
        let slug = match self {
            HeadingIds::Github => github(text),
            HeadingIds::Zola => zola(text),
        };
        if slug.is_empty() {
            "section".to_string()
        } else {
            slug
        }
    }
}

/// GitHub's heading ids (the algorithm of `github-slugger`): lowercase, every character removed but
/// letters, digits, combining marks, `-`, `_` and spaces, then each space turned into `-`. So
/// `People & Body` gives `people--body` and `Crème brûlée` gives `crème-brûlée`.
pub(crate) fn github(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c == ' ' {
            slug.push('-');
        } else if c.is_alphanumeric()
            || c == '-'
            || c == '_'
            || unicode_normalization::char::is_combining_mark(c)
        {
            slug.push(c);
        }
    }
    slug
}

/// Zola's slugs (its `slugify_anchors = "on"`, the `slug` crate): folded to ASCII, lowercase,
/// every other run of characters a single `-`. `Crème brûlée` gives `creme-brulee`.
pub(crate) fn zola(text: &str) -> String {
    slug::slugify(text)
}

/// The name `guildhall new` gives a file from a title: [`zola`] without apostrophes, so
/// `Tom's socks` gives `toms-socks`; `None` when nothing is left.
pub(crate) fn file_name(title: &str) -> Option<String> {
    let without: String = title.chars().filter(|c| !matches!(c, '\'' | '’')).collect();
    let slug = zola(&without);
    (!slug.is_empty()).then_some(slug)
}

/// The readable slug of a file stem, a topic or a handle: lowercase letters (Unicode kept) and
/// digits, words joined by `-`; `section` when nothing is left.
pub(crate) fn words(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '/' || c == '.' {
            pending_dash = true;
        }
    }
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// Why `segment` cannot be one segment of a URL path as it is written, or `None` when it can:
/// letters (any script), digits, `-`, `_`, `.` and `~`, not `.` or `..` alone. Capitals are kept.
pub(crate) fn check_segment(segment: &str) -> Option<String> {
    if segment.is_empty() {
        return Some("it is empty".into());
    }
    if segment == "." || segment == ".." {
        return Some(format!("`{segment}` means a folder in a URL"));
    }
    let bad = segment
        .chars()
        .find(|&c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~')))?;
    Some(match bad {
        ' ' => "it has a space".into(),
        '/' => "it has a `/`, which starts another folder".into(),
        c if c.is_whitespace() || c.is_control() => "it has a space or control character".into(),
        c => format!("it has `{c}`, which a URL path must escape"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_matches_its_known_outputs() {
        for (heading, id) in [
            ("People & Body", "people--body"),
            ("Crème brûlée", "crème-brûlée"),
            ("Hello, World!", "hello-world"),
            ("snake_case and kebab-case", "snake_case-and-kebab-case"),
            ("C++ / Rust", "c--rust"),
            ("Version 1.2.3", "version-123"),
            ("Привет мир", "привет-мир"),
            ("日本語 見出し", "日本語-見出し"),
            ("What's new?", "whats-new"),
            ("🎉 Party", "-party"),
        ] {
            assert_eq!(github(heading), id, "{heading}");
        }
    }

    #[test]
    fn zola_folds_to_ascii() {
        assert_eq!(zola("Crème brûlée"), "creme-brulee");
        assert_eq!(zola("People & Body"), "people-body");
        assert_eq!(HeadingIds::Zola.slug("???"), "section");
    }

    #[test]
    fn file_names_drop_apostrophes() {
        assert_eq!(file_name("Tom's socks").as_deref(), Some("toms-socks"));
        assert_eq!(file_name("Crème brûlée").as_deref(), Some("creme-brulee"));
        assert_eq!(file_name("!!!"), None);
    }

    #[test]
    fn words_keep_letters_and_digits() {
        assert_eq!(words("Wool & Care: 101!"), "wool-care-101");
        assert_eq!(words("Crème brûlée"), "crème-brûlée");
        assert_eq!(words("???"), "section");
    }

    #[test]
    fn segments_keep_what_urls_hold() {
        assert_eq!(check_segment("Old_Page.v2"), None);
        assert_eq!(check_segment("über~x"), None);
        assert!(check_segment("a b").is_some());
        assert!(check_segment("a/b").is_some());
        assert!(check_segment("..").is_some());
        assert!(check_segment("a?b").is_some());
        assert!(check_segment("").is_some());
    }
}
