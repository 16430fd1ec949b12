//! E-mail addresses (also written `jane at gmail dot com`), links that carry a path or a token, and
//! IP addresses.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::{EMAIL, IP, LINK, Rule};

/// Mail providers whose name alone makes `jane at gmail.com` an address.
const PROVIDERS: &[&str] = &[
    "gmail",
    "googlemail",
    "yahoo",
    "hotmail",
    "outlook",
    "live",
    "msn",
    "icloud",
    "me",
    "mac",
    "aol",
    "gmx",
    "web",
    "t-online",
    "freenet",
    "orange",
    "wanadoo",
    "free",
    "sfr",
    "laposte",
    "libero",
    "virgilio",
    "tiscali",
    "alice",
    "ziggo",
    "kpnmail",
    "planet",
    "telstra",
    "bigpond",
    "optusnet",
    "rediffmail",
    "proton",
    "protonmail",
    "pm",
    "btinternet",
    "sky",
    "virginmedia",
    "talktalk",
    "comcast",
    "verizon",
    "att",
    "mail",
    "yandex",
    "zoho",
    "fastmail",
    "terra",
    "movistar",
    "telefonica",
    "hetnet",
    "xs4all",
    "home",
    "posteo",
    "mailbox",
    "example",
];

/// Everyday words that come before "at" in a sentence ("I looked at shop.example").
const NOT_LOCAL_PARTS: &[&str] = &[
    "at",
    "it",
    "me",
    "us",
    "him",
    "her",
    "them",
    "you",
    "look",
    "looked",
    "looking",
    "arrived",
    "arrive",
    "is",
    "was",
    "are",
    "be",
    "bought",
    "buy",
    "ordered",
    "order",
    "shop",
    "shopped",
    "stuck",
    "left",
    "delivered",
    "available",
    "sold",
    "listed",
    "price",
    "priced",
    "cost",
    "costs",
    "here",
    "there",
    "online",
    "this",
    "that",
    "one",
    "item",
    "items",
    "parcel",
];

pub(super) fn rules() -> Vec<Rule> {
    vec![
        // name@host.tld, with spaces around the @ allowed: `jane @ gmail.com`.
        Rule::new(
            r"\b[\p{L}\p{N}._%+\-]+\s?@\s?[\p{L}\p{N}\-]+(?:\s?\.\s?[\p{L}\p{N}\-]+)+",
            EMAIL,
        ),
        // `jane(at)gmail(dot)com`, `jane [at] gmail [dot] com`, `jane at gmail dot com`.
        Rule::new(
            r"(?i)\b[\p{L}\p{N}._%+\-]+\s*(?:[\(\[\{<]\s*(?:at|@)\s*[\)\]\}>]|\bat\b)\s*[\p{L}\p{N}\-]+(?:\s*(?:[\(\[\{<]\s*(?:dot|punkt|point|punto|\.)\s*[\)\]\}>]|\bdot\b|\bpunkt\b|\bpoint\b|\bpunto\b|\.)\s*[\p{L}\p{N}\-]+)+",
            EMAIL,
        )
        .check(obfuscated_email),
        // Links with a scheme or `www.`: any path or query may carry a token.
        Rule::ascii(r"(?i)\b(?:https?|ftp)://[^\s<>]+|\bwww\.[^\s<>]+", LINK).check(link_has_token),
        // Links without a scheme: a domain followed by a path (`shop.example/track?id=AB12`).
        Rule::ascii(
            r"(?i)\b(?:[a-z0-9\-]+\.)+[a-z]{2,24}[/?#][^\s<>]*",
            LINK,
        )
        .check(link_has_token),
        // IPv6 (with `::`) and IPv4, checked by the standard library's parsers.
        Rule::new(r"(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:%\w+)?", IP).check(ipv6),
        Rule::ascii(r"\b\d{1,3}(?:\.\d{1,3}){3}\b", IP).check(ipv4),
    ]
}

fn obfuscated_email(text: &str, span: std::ops::Range<usize>) -> bool {
    let found = &text[span];
    let lower = found.to_lowercase();
    let bracketed =
        lower.contains('(') || lower.contains('[') || lower.contains('{') || lower.contains('<');
    let spelled_dot = ["dot", "punkt", "point", "punto"].iter().any(|w| {
        lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|part| part == *w)
    });
    if bracketed || spelled_dot {
        return true;
    }
    // `jane at gmail.com`: only with an address-like local part or a known provider.
    let mut parts = lower.split_whitespace();
    let local = parts.next().unwrap_or_default();
    if NOT_LOCAL_PARTS.contains(&local) {
        return false;
    }
    let host = lower
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or_default();
    let provider = host.split('.').next().unwrap_or_default();
    local
        .chars()
        .any(|c| c.is_ascii_digit() || "._+%".contains(c))
        || PROVIDERS.contains(&provider)
}

/// A link is kept only when it is a bare site or a path of plain words (`shop.example/help`).
fn link_has_token(text: &str, span: std::ops::Range<usize>) -> bool {
    let found = text[span].trim_end_matches(['.', ',', ')', ';', ':', '!', '?', '\'', '"']);
    let without_scheme = found.split_once("://").map_or(found, |(_, rest)| rest);
    if without_scheme.contains(['?', '#', '=', '&', '@']) {
        return true;
    }
    let mut segments = without_scheme.split('/');
    segments.next();
    segments.any(|segment| {
        !segment.is_empty()
            && !segment
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c == '.' || c == '_')
            || segment.len() > 30
    })
}

fn ipv6(text: &str, span: std::ops::Range<usize>) -> bool {
    let found = &text[span.clone()];
    let address = found.split('%').next().unwrap_or_default();
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    let joined = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    address.matches(':').count() >= 2
        && !joined(before)
        && !joined(after)
        && address.parse::<Ipv6Addr>().is_ok()
}

fn ipv4(text: &str, span: std::ops::Range<usize>) -> bool {
    let after = &text[span.end..];
    !after.starts_with(|c: char| c == '.' && after[1..].starts_with(|d: char| d.is_ascii_digit()))
        && text[span].parse::<Ipv4Addr>().is_ok()
}
