//! Redaction of personal data in customer-written text.
//!
//! Support exports are written by customers. Every question and agent answer passes through
//! [`Redactor::redact`] as it is read, before any other code sees it: e-mail addresses, URLs carrying
//! a query string, phone numbers, card- and order-number-like digit runs and whatever patterns the
//! site adds are replaced by bracketed placeholders such as `[email]`. The raw text is dropped right
//! after, so nothing later (pages, search index, reports, diagnostics) can print it.

use regex::{Regex, RegexBuilder};

/// What replaces each kind of personal data.
pub const EMAIL: &str = "[email]";
pub const LINK: &str = "[link]";
pub const PHONE: &str = "[phone]";
pub const NUMBER: &str = "[number]";
pub const REDACTED: &str = "[redacted]";

/// The built-in patterns, in the order they apply: the most specific first, so an e-mail address is
/// not half-eaten by the URL rule and a phone number is not taken for an order number.
const BUILT_IN: &[(&str, &str)] = &[
    // name@host.tld, with the usual local-part characters.
    (
        r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+",
        EMAIL,
    ),
    // Any URL with a query string or fragment (tracking links, password-reset and order links).
    (r"(?:https?://|www\.)[^\s<>]*[?#][^\s<>]*", LINK),
    // Card numbers: 13 to 19 digits in groups of four.
    (r"\b(?:\d{4}[\s\-]?){3}\d{1,7}\b", NUMBER),
    // Phone numbers: a +country code followed by digits, spaces, dots, dashes and brackets
    // (`+44 (0)1632 960123`); or groups of digits split by spaces, dots, dashes or brackets, ending
    // at a word boundary so no trailing digits are left behind.
    (r"\+\d[\d\s.\-()]{6,}\d\b", PHONE),
    (
        r"(?:\(\d{1,4}\)[\s.\-]?)?\b\d{2,5}(?:[\s.\-]\d{2,6}){2,4}\b",
        PHONE,
    ),
    (r"\(\d{2,4}\)[\s.\-]?\d{3,4}[\s.\-]?\d{3,4}", PHONE),
    // Card, order, invoice and account numbers: runs of 5 or more digits, possibly after `#` and
    // possibly split in groups by spaces or dashes (`4111 1111 1111 1111`); also mixed references
    // with at least four digits such as `ORD-88231` or `A1B2C3D4`.
    (r"#?\b[A-Za-z]{1,5}-?\d{4,}[A-Za-z0-9\-]*\b", NUMBER),
    (r"#?\d[\d\-]{3,}\d", NUMBER),
    (r"#\d+", NUMBER),
];

/// Redacts personal data; built once per build from the built-in patterns and the site's own.
#[derive(Debug, Clone)]
pub struct Redactor {
    rules: Vec<(Regex, &'static str)>,
}

impl Redactor {
    /// The built-in rules plus `extra` patterns from `guildhall.toml` (each replaced by `[redacted]`).
    /// A pattern that does not compile is returned as `Err((index, message))`.
    pub fn new(extra: &[String]) -> Result<Redactor, (usize, String)> {
        let mut rules = Vec::new();
        for (index, pattern) in extra.iter().enumerate() {
            let regex = RegexBuilder::new(pattern)
                .size_limit(1 << 20)
                .build()
                .map_err(|e| (index, first_line(&e.to_string())))?;
            rules.push((regex, REDACTED));
        }
        for (pattern, replacement) in BUILT_IN {
            // The built-in patterns are constants covered by the tests below.
            if let Ok(regex) = Regex::new(pattern) {
                rules.push((regex, *replacement));
            }
        }
        Ok(Redactor { rules })
    }

    /// `text` with every match of every rule replaced, and control characters turned into spaces.
    pub fn redact(&self, text: &str) -> String {
        let mut out: String = text
            .chars()
            .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
            .collect();
        for (regex, replacement) in &self.rules {
            if regex.is_match(&out) {
                out = regex.replace_all(&out, *replacement).into_owned();
            }
        }
        out
    }
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
mod tests {
    use super::*;

    fn redact(text: &str) -> String {
        Redactor::new(&[]).unwrap().redact(text)
    }

    #[test]
    fn emails_phones_and_numbers_are_replaced() {
        assert_eq!(
            redact("write to jo.smith+shop@mail.example.co.uk please"),
            "write to [email] please"
        );
        assert_eq!(
            redact("call me on +44 20 7946 0958 tomorrow"),
            "call me on [phone] tomorrow"
        );
        assert_eq!(redact("or (555) 123-4567"), "or [phone]");
        // Nothing of a number may survive, whatever its grouping.
        for phone in [
            "+44 1632 960128",
            "+44 (0)1632 960123",
            "+1 415 555 0134",
            "+33 6 12 34 56 78",
            "07700 900 123",
            "020 7946 0958",
            "(0161) 496 0000",
            "+49-30-901820",
        ] {
            let redacted = redact(&format!("ring {phone} after six"));
            assert!(
                !redacted.chars().any(|c| c.is_ascii_digit()),
                "{phone} became {redacted}"
            );
        }
        assert_eq!(
            redact("cancel purchase 113542617735902?"),
            "cancel purchase [number]?"
        );
        assert_eq!(redact("my bill #37777"), "my bill [number]");
        assert_eq!(
            redact("card 4111 1111 1111 1111 was charged"),
            "card [number] was charged"
        );
        assert_eq!(redact("order ORD-88231 late"), "order [number] late");
    }

    #[test]
    fn only_links_with_a_query_are_removed() {
        assert_eq!(
            redact("see https://shop.example/reset?token=abc123 now"),
            "see [link] now"
        );
        assert_eq!(
            redact("see https://shop.example/help"),
            "see https://shop.example/help"
        );
    }

    #[test]
    fn everyday_numbers_stay() {
        assert_eq!(
            redact("I waited 3 weeks for 350 dollars"),
            "I waited 3 weeks for 350 dollars"
        );
        assert_eq!(redact("size 10 in 2024"), "size 10 in 2024");
    }

    #[test]
    fn site_patterns_apply_first() {
        let redactor = Redactor::new(&[r"(?i)loyalty card [a-z]+".to_string()]).unwrap();
        assert_eq!(
            redactor.redact("my Loyalty Card gold is lost"),
            "my [redacted] is lost"
        );
        assert!(Redactor::new(&["(".to_string()]).is_err());
    }
}
