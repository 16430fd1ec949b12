//! Redaction of personal data in customer-written text.
//!
//! Support exports are written by customers. Every question and agent answer passes through
//! [`Redactor::redact`] as it is read, before any other code sees it, and is replaced by bracketed
//! placeholders such as `[email]` wherever it holds personal data: e-mail addresses (also spelled
//! out), links with a path or a token and IP addresses (`contact`); IBANs, card numbers, PINs and
//! codes, references and phone numbers (`numbers`); street addresses and postcodes (`places`);
//! names after greetings, introductions, titles and in sign-offs (`names`); and whatever patterns
//! the site adds. Dates, times, prices, quantities, the shop's skus and model numbers are set aside
//! first (`keep`), so what a question is about survives. The raw text is dropped right after, so
//! nothing later (pages, search index, reports, diagnostics) can print it.

mod contact;
mod keep;
mod names;
mod numbers;
mod places;

use std::ops::Range;

use regex::{Regex, RegexBuilder};

/// What replaces each kind of personal data.
pub const EMAIL: &str = "[email]";
pub const LINK: &str = "[link]";
pub const PHONE: &str = "[phone]";
pub const NUMBER: &str = "[number]";
pub const SECRET: &str = "[secret]";
pub const IP: &str = "[ip]";
pub const ADDRESS: &str = "[address]";
pub const POSTCODE: &str = "[postcode]";
pub const NAME: &str = "[name]";
pub const REDACTED: &str = "[redacted]";

/// Decides whether a match (the span of its `x` group, else the whole match) is personal data.
type Check = fn(&str, Range<usize>) -> bool;

/// One built-in pattern and what replaces it.
pub(super) struct Rule {
    regex: Regex,
    replacement: &'static str,
    check: Option<Check>,
    /// When the whole match fails its check, try the spans between its separators, longest first
    /// (an IBAN followed by more digits).
    shrink: bool,
}

impl Rule {
    /// A built-in rule. The patterns are constants covered by the tests; one that does not
    /// compile matches nothing rather than stopping a build.
    fn new(pattern: &str, replacement: &'static str) -> Rule {
        let regex = RegexBuilder::new(pattern)
            .size_limit(1 << 24)
            .build()
            .unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("an empty class compiles"));
        Rule {
            regex,
            replacement,
            check: None,
            shrink: false,
        }
    }

    /// A rule about digits and ASCII codes: its word boundaries are ASCII ones, which keeps the
    /// regex engine on its fast path for text in any language.
    fn ascii(pattern: &str, replacement: &'static str) -> Rule {
        Rule::new(&ascii_boundaries(pattern), replacement)
    }

    fn check(mut self, check: Check) -> Rule {
        self.check = Some(check);
        self
    }

    fn shrink(mut self) -> Rule {
        self.shrink = true;
        self
    }

    fn accepts(&self, text: &str, span: Range<usize>) -> Option<Range<usize>> {
        let Some(check) = self.check else {
            return Some(span);
        };
        if check(text, span.clone()) {
            return Some(span);
        }
        if !self.shrink {
            return None;
        }
        let found = &text[span.clone()];
        let bounds: Vec<usize> = found
            .char_indices()
            .filter(|(_, c)| !c.is_alphanumeric())
            .map(|(i, _)| i)
            .collect();
        let starts = std::iter::once(0).chain(bounds.iter().map(|b| b + 1));
        let ends: Vec<usize> = bounds.iter().copied().chain([found.len()]).collect();
        let mut candidates: Vec<Range<usize>> = starts
            .flat_map(|s| ends.iter().filter(move |&&e| e > s).map(move |&e| s..e))
            .collect();
        candidates.sort_by_key(|r| (std::cmp::Reverse(r.len()), r.start));
        candidates
            .into_iter()
            .map(|r| span.start + r.start..span.start + r.end)
            .find(|r| check(text, r.clone()))
    }

    /// `text` with every accepted match replaced.
    fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut at = 0;
        while at <= text.len() {
            let Some(captures) = self.regex.captures_at(text, at) else {
                break;
            };
            let whole = captures.get(0).map_or(at..at, |m| m.range());
            let target = captures.name("x").map_or(whole.clone(), |m| m.range());
            let next = if whole.end > at {
                whole.end
            } else {
                at + text[at..].chars().next().map_or(1, char::len_utf8)
            };
            if let Some(span) = self.accepts(text, target)
                && span.start >= copied
                && !span.is_empty()
            {
                out.push_str(&text[copied..span.start]);
                out.push_str(self.replacement);
                copied = span.end;
                at = next.max(span.end);
            } else {
                // A rejected match may hide an accepted one that starts inside it.
                at = whole.start + text[whole.start..].chars().next().map_or(1, char::len_utf8);
                at = at.max(if whole.end > at { at } else { next });
            }
        }
        out.push_str(&text[copied..]);
        out
    }
}

/// `pattern` with its `\b` made ASCII word boundaries.
fn ascii_boundaries(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// First character of the private-use plane that stands for a span set aside by `keep`.
const MASK: u32 = 0xF0000;

/// Redacts personal data; built once per build from the built-in patterns and the site's own. The
/// built-in rules and the pattern of the shop's skus are compiled when the first text is redacted
/// (a build that takes its rows from the cache redacts nothing).
#[derive(Debug, Clone)]
pub struct Redactor {
    extra: Vec<Regex>,
    /// The pattern of the shop's skus, kept as they are, and the pattern compiled.
    skus: Option<String>,
    skus_regex: std::sync::OnceLock<Option<Regex>>,
}

/// The built-in rules, compiled once per process.
static BUILT_IN: std::sync::LazyLock<Rules> = std::sync::LazyLock::new(|| {
    let mut early = contact::rules();
    early.extend(numbers::early_rules());
    early.extend(places::address_rules());
    let mut late = places::postcode_rules();
    late.extend(numbers::late_rules());
    late.extend(names::rules());
    Rules { early, late }
});

struct Rules {
    early: Vec<Rule>,
    late: Vec<Rule>,
}

impl std::fmt::Debug for Rules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} built-in rules", self.early.len() + self.late.len())
    }
}

impl Redactor {
    /// The built-in rules plus `extra` patterns from `guildhall.toml` (each replaced by `[redacted]`).
    /// A pattern that does not compile is returned as `Err((index, message))`.
    pub fn new(extra: &[String]) -> Result<Redactor, (usize, String)> {
        let mut patterns = Vec::new();
        for (index, pattern) in extra.iter().enumerate() {
            let regex = RegexBuilder::new(pattern)
                .size_limit(1 << 20)
                .build()
                .map_err(|e| (index, first_line(&e.to_string())))?;
            patterns.push(regex);
        }
        Ok(Redactor {
            extra: patterns,
            skus: None,
            skus_regex: std::sync::OnceLock::new(),
        })
    }

    /// Keeps the shop's skus (`data/products.toml`) as written: they are what a question is about.
    pub fn with_skus(mut self, skus: &[String]) -> Redactor {
        let alternatives: Vec<String> = skus
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(regex::escape)
            .collect();
        self.skus =
            (!alternatives.is_empty()).then(|| format!(r"(?i)\b(?:{})\b", alternatives.join("|")));
        self.skus_regex = std::sync::OnceLock::new();
        self
    }

    /// The compiled pattern of the shop's skus.
    fn skus(&self) -> Option<&Regex> {
        self.skus_regex
            .get_or_init(|| {
                let pattern = self.skus.as_ref()?;
                RegexBuilder::new(pattern).size_limit(1 << 24).build().ok()
            })
            .as_ref()
    }

    /// `text` with every match of every rule replaced, and control characters turned into spaces.
    pub fn redact(&self, text: &str) -> String {
        let mut out: String = text
            .chars()
            .map(|c| {
                let private = (MASK..=0x10FFFF).contains(&u32::from(c));
                if (c.is_control() && c != '\n') || private {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        for regex in &self.extra {
            if regex.is_match(&out) {
                out = regex.replace_all(&out, REDACTED).into_owned();
            }
        }
        for rule in &BUILT_IN.early {
            out = rule.apply(&out);
        }
        let (masked, kept) = mask(&out, self.skus());
        out = masked;
        for rule in &BUILT_IN.late {
            out = rule.apply(&out);
        }
        unmask(&out, &kept)
    }
}

/// The skus of a `data/products.toml` text, for [`Redactor::with_skus`]; none if it does not parse
/// (the products loader reports that).
pub fn skus(products_toml: &str) -> Vec<String> {
    let Ok(value) = products_toml.parse::<toml::Table>() else {
        return Vec::new();
    };
    value
        .get("products")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|product| product.get("sku")?.as_str().map(str::to_string))
        .collect()
}

/// `text` with the spans `keep` finds replaced by one private-use character each.
fn mask(text: &str, skus: Option<&Regex>) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut kept = Vec::new();
    let mut copied = 0;
    for span in keep::spans(text, skus) {
        let Some(mark) = char::from_u32(MASK + kept.len() as u32) else {
            break;
        };
        out.push_str(&text[copied..span.start]);
        out.push(mark);
        kept.push(text[span.clone()].to_string());
        copied = span.end;
    }
    out.push_str(&text[copied..]);
    (out, kept)
}

fn unmask(text: &str, kept: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let index = u32::from(c).wrapping_sub(MASK) as usize;
        match kept.get(index) {
            Some(original) if u32::from(c) >= MASK => out.push_str(original),
            _ => out.push(c),
        }
    }
    out
}

fn first_line(message: &str) -> String {
    message
        .lines()
        .rev()
        .find(|l| l.starts_with("error:"))
        .unwrap_or_else(|| message.lines().next().unwrap_or_default())
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests;
