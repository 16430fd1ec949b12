//! What looks like personal data but is what a question is about: dates, times, prices,
//! quantities and sizes, the shop's skus and model numbers. These are set aside before the number
//! rules run, so `2026-03-05` never becomes a phone number.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// Units after a number that make it a quantity or a size.
const UNITS: &str = r"mm|cm|m|km|kg|g|gr|mg|ml|cl|dl|l|ltr|litres?|liters?|oz|fl\s?oz|lbs?|inch|inches|ft|feet|yd|yards?|meters?|metres?|pcs|pc|pieces?|pairs?|packs?|pk|units?|items?|balls?|skeins?|rolls?|sheets?|bottles?|boxes|box|bags?|cans?|jars?|tabs?|tablets?|capsules?|servings?|gb|tb|mb|kb|w|kw|kwh|v|mah|hz|ghz|mhz|°c|°f|°|%|hours?|hrs?|h|minutes?|mins?|seconds?|secs?|days?|nights?|weeks?|wks?|months?|years?|yrs?|times|people|persons?|guests?|stück|stk|pièces?|unidades|uds|pezzi|stuks|st|px|dpi|mp";

/// Currency signs and codes, before or after an amount.
const CURRENCIES: &str = r"us\$|a\$|au\$|c\$|nz\$|rs\.?|inr|eur|usd|gbp|aud|cad|chf|sek|nok|dkk|euros?|dollars?|bucks|pounds?|quid|rupees?|cents?|pence|kr";

static KEEP: LazyLock<Vec<(Regex, Check)>> = LazyLock::new(|| {
    let rules: Vec<(String, Check)> = vec![
        // ISO dates, with a time if one follows: `2026-03-05`, `2024-03-05 14:32`, `2024-03-05T14:32:00Z`.
        (
            r"\b\d{4}[\-/.]\d{1,2}[\-/.]\d{1,2}(?:(?:T|\s)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+\-]\d{2}:?\d{2})?)?\b".to_string(),
            alone,
        ),
        // Day-month-year (and month-day-year) dates: `12.03.2024`, `05/03/26`, `5-3-2026`.
        (r"\b\d{1,2}[./\-]\d{1,2}[./\-](?:\d{4}|\d{2})\b".to_string(), date_alone),
        // Times: `14:32`, `9:05 am`, `14h30`, `14.30 Uhr`.
        (
            r"(?i)\b\d{1,2}(?::\d{2}(?::\d{2})?(?:\s?(?:am|pm|a\.m\.|p\.m\.|uhr|h))?|h\d{2}|\.\d{2}\s?(?:am|pm|uhr|h)\b)"
                .to_string(),
            alone,
        ),
        // Prices: `$350.00`, `€1.299,00`, `£12`, `350 dollars`, `12,50 €`, `Rs. 1,200`.
        (
            format!(r"(?i)(?:[$€£¥₹]|\b(?:{CURRENCIES}))\s?(?:\d{{1,3}}(?:[.,'\u{{a0}}]\d{{3}})+|\d+)(?:[.,]\d{{1,2}})?(?:[.,]-)?|\b(?:\d{{1,3}}(?:[.,'\u{{a0}}]\d{{3}})+|\d+)(?:[.,]\d{{1,2}})?\s?(?:[$€£¥₹]|(?:{CURRENCIES})\b)"),
            always,
        ),
        // Quantities and sizes: `2 x 250 ml`, `32x34`, `10.5 cm`, `3 pairs`, `42 EU`, `size 10`.
        (
            format!(r"(?i)\b\d{{1,4}}(?:[.,]\d+)?\s?(?:x|×|\*)\s?\d{{1,4}}(?:[.,]\d+)?(?:\s?(?:{UNITS}))?\b|\b\d{{1,4}}(?:[.,]\d+)?\s?(?:{UNITS})\b|\b(?:size|taille|größe|grösse|talla|taglia|maat|eu|uk|us|fr|it|de)\s?\d{{1,2}}(?:[.,]5)?\b"),
            quantity,
        ),
        // Model numbers: `KX-8982`, `XR500`, `TX-5000S`; not `ORD-88231`.
        (
            r"\b(?:[A-Z]{1,4}-?\d{2,5}(?:-?[A-Z]{1,3})?|[A-Z]{1,5}-?\d{3,5}-?[A-Z]{1,3}\d|[A-Z]{1,4}-[A-Z]\d{2,5}[A-Z]{0,2})\b".to_string(),
            model_in_place,
        ),
    ];
    rules
        .into_iter()
        .filter_map(|(pattern, check)| {
            Some((Regex::new(&super::ascii_boundaries(&pattern)).ok()?, check))
        })
        .collect()
});

type Check = fn(&str, Range<usize>) -> bool;

fn always(_: &str, _: Range<usize>) -> bool {
    true
}

/// Units are written in lowercase, but for a few: `4636 YR` and `0YR` are postcodes.
fn quantity(text: &str, span: Range<usize>) -> bool {
    let unit: String = text[span.clone()]
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .chars()
        .rev()
        .collect();
    !unit.chars().any(char::is_uppercase)
        || [
            "GB", "TB", "MB", "KB", "W", "KW", "V", "L", "ML", "CM", "MM", "KG", "G", "OZ", "LB",
            "LBS", "EU", "UK", "US", "XL", "M", "mAh", "GHz", "MHz", "Hz", "MP", "K",
        ]
        .contains(&unit.as_str())
        || text[..span.start].to_lowercase().ends_with("size ")
}

/// Not part of a longer run of digit groups (`06.12.34.56.78` is a phone, not a date).
pub(super) fn alone(text: &str, span: Range<usize>) -> bool {
    let before = &text[..span.start];
    let after = &text[span.end..];
    let mut back = before.chars().rev();
    let joined_before = matches!(back.next(), Some('.' | '-' | '/' | ':'))
        && back.next().is_some_and(|c| c.is_ascii_digit());
    let mut ahead = after.chars();
    let joined_after = matches!(ahead.next(), Some('.' | '-' | '/' | ':'))
        && ahead.next().is_some_and(|c| c.is_ascii_digit());
    !joined_before && !joined_after && !before.ends_with('+')
}

fn date_alone(text: &str, span: Range<usize>) -> bool {
    alone(text, span.clone()) && is_date(&text[span])
}

fn model_in_place(text: &str, span: Range<usize>) -> bool {
    let before: String = text[..span.start]
        .chars()
        .rev()
        .take(24)
        .collect::<String>()
        .chars()
        .rev()
        .collect::<String>()
        .to_lowercase();
    static REFERENCE: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"(?:\b(?:order|invoice|tracking|ref|reference|ticket|case|account|customer|booking|confirmation|no|nr|number|id)|#)\W*(?:\b(?:is|was|number|no|nr|id)\b)?\W*$").ok()
    });
    let after_keyword = REFERENCE
        .as_ref()
        .is_some_and(|regex| regex.is_match(&before));
    !after_keyword && is_model_number(&text[span])
}

/// `12.03.2024`, `2026-03-05`, `05/03/26`: a day, a month and a year in some order.
pub(super) fn is_date(text: &str) -> bool {
    let parts: Vec<u32> = text
        .split(['.', '-', '/'])
        .map(|p| p.trim().parse().unwrap_or(u32::MAX))
        .collect();
    let [a, b, c] = parts[..] else {
        return false;
    };
    let day_month = |d: u32, m: u32| (1..=31).contains(&d) && (1..=12).contains(&m);
    if a >= 1000 {
        return day_month(c, b);
    }
    (day_month(a, b) || day_month(b, a)) && (c < 100 || (1900..=2199).contains(&c))
}

/// A model number: one block of letters, one of digits, maybe a short suffix (`KX-8982`, `XR500S`),
/// without a reference's prefix.
pub(super) fn is_model_number(text: &str) -> bool {
    static MODEL: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"^(?:[A-Za-z]{1,5}[\-\s]?\d{2,5}(?:-?[A-Za-z]{1,3})?|[A-Za-z]{1,5}-?\d{3,5}-?[A-Za-z]{1,3}\d|[A-Za-z]{1,4}-[A-Za-z]\d{2,5}[A-Za-z]{0,2}|\d{2,5}-?[A-Za-z]{1,3})$")
            .ok()
    });
    let prefix: String = text
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    MODEL.as_ref().is_some_and(|m| m.is_match(text))
        && !super::numbers::is_reference_prefix(&prefix)
}

/// `250ml`, `32x34`, `10kg`, `2nd`, `1080p`: a number with a unit, or an ordinal.
pub(super) fn is_unit_or_ordinal(lower: &str) -> bool {
    static UNIT: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(&format!(
            r"^(?:\d+(?:[.,]\d+)?(?:{UNITS})|\d+(?:st|nd|rd|th|er|e|ème|te|º|ª|°)|\d+(?:[.,]\d+)?[x×]\d+(?:[.,]\d+)?(?:{UNITS})?)$"
        ))
        .ok()
    });
    UNIT.as_ref().is_some_and(|u| u.is_match(lower))
}

/// Spans of `text` to keep as they are: the rules above, and the shop's skus.
pub(super) fn spans(text: &str, skus: Option<&Regex>) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = Vec::new();
    if let Some(skus) = skus {
        spans.extend(skus.find_iter(text).map(|m| m.range()));
    }
    for (regex, check) in KEEP.iter() {
        for found in regex.find_iter(text) {
            let range = found.range();
            if check(text, range.clone()) && !spans.iter().any(|s| overlaps(s, &range)) {
                spans.push(range);
            }
        }
    }
    spans.sort_by_key(|s| s.start);
    spans
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}
