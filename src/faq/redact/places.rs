//! Where a customer lives: street addresses and postcodes of the US, the UK, Germany, France, the
//! Netherlands, Spain, Italy, Australia and India.

use std::ops::Range;

use super::{ADDRESS, POSTCODE, Rule};

/// One word of a street's name: capitalised, or a short linking word (`de la`, `van der`).
const NAME_WORD: &str = r"(?:\p{Lu}[\p{L}'’.\-]*|d'|l'|de|del|della|di|da|la|le|les|du|des|van|der|den|von|am|an|im|zum|zur|the|of|st\.?|saint|sainte|san|santa)";

/// Street types written after the name (`Baker Street`, `Elm St`, `MG Road`, `Park Lane`).
const STREET_AFTER: &str = r"street|st|road|rd|avenue|ave|av|lane|ln|drive|dr|boulevard|blvd|close|court|ct|crescent|cres|place|pl|way|terrace|tce|gardens|grove|square|sq|parade|pde|highway|hwy|circle|cir|mews|row|hill|walk|park|marg|nagar|path|chowk|colony|layout|main|cross";

/// Street types written before the name (`rue de la Paix`, `calle Mayor`, `via Roma`).
const STREET_BEFORE: &str = r"rue|avenue|av\.|boulevard|bd|bld|place|allée|allee|chemin|impasse|quai|route|cours|square|calle|c/|avenida|avda\.?|av\.|plaza|pza\.?|paseo|camino|carrer|carretera|ronda|travesía|via|viale|v\.le|piazza|p\.za|corso|largo|vicolo|contrada|strada|lungomare|piazzale";

/// German and Dutch street names end in their type (`Hauptstraße 5`, `Keizersgracht 123`).
const STREET_SUFFIX: &str = r"straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee|steig|pfad|markt|straat|laan|plein|gracht|kade|singel|dijk|pad|hof|dreef|markt|steeg";

/// Street addresses: before quantities are set aside (`12 MG Road` is no 12 mg).
pub(super) fn address_rules() -> Vec<Rule> {
    vec![
        // `221B Baker Street`, `1600 Pennsylvania Avenue NW`, `12 MG Road`, `Flat 3, 5 Elm St`.
        Rule::new(
            &format!(
                r"(?i:\b(?:flat|apt\.?|apartment|unit|suite|ste\.?)\s*\d+[a-z]?,?\s+)?\b\d{{1,5}}[A-Za-z]?(?:[/\-]\d{{1,4}})?,?\s+(?:{NAME_WORD}\s+){{0,3}}(?:\p{{Lu}}[\p{{L}}'’.\-]*|\d{{1,3}}(?:st|nd|rd|th))\s+(?i:{STREET_AFTER})\b\.?(?:\s+(?:NW|NE|SW|SE|N|S|E|W)\b)?"
            ),
            ADDRESS,
        ),
        // UK postcodes, before model numbers and units are set aside (`B33 4GN`, `M1 1KG`).
        Rule::ascii(
            r"(?i)\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b",
            POSTCODE,
        )
        .check(uk_postcode),
        // Written in lowercase: `12 baker street`.
        Rule::new(
            r"(?i)\b\d{1,5}[a-z]?,?\s+[a-z][a-z'\-]+\s+(?:street|road|avenue|lane|drive|boulevard|crescent|terrace)\b",
            ADDRESS,
        ),
        // `Hauptstraße 5`, `Am Markt 3b`, `Keizersgracht 123-2`, `Baker Street 12`.
        Rule::new(
            &format!(
                r"\b(?:{NAME_WORD}\s+){{0,2}}\p{{Lu}}[\p{{L}}\-]{{2,}}(?i:{STREET_SUFFIX})\s+\d{{1,4}}\s?[a-zA-Z]?(?:[\-/]\d{{1,4}})?\b"
            ),
            ADDRESS,
        ),
        // `12 rue de la Paix`, `Calle Mayor 5`, `via Roma 10`, `c/ Mayor, 5, 3º B`.
        Rule::new(
            &format!(
                r"(?i:\b\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+)?(?i:\b(?:{STREET_BEFORE}))\s+(?:{NAME_WORD}\s+){{0,4}}?\p{{Lu}}[\p{{L}}'’\-]*(?:,?\s*(?:n[º°o.]\s*)?\d{{1,4}}[a-zA-Z]?(?:,?\s*\d{{1,2}}\s?[º°ª]?\s?[A-Za-z]?\b)?)?"
            ),
            ADDRESS,
        )
        .check(has_street_context),
    ]
}

/// Postcodes: after dates and prices are set aside (`35000 dollars` is no postcode).
pub(super) fn postcode_rules() -> Vec<Rule> {
    vec![
        // Dutch postcodes: `1012 AB`, `1012AB`.
        Rule::ascii(r"\b[1-9]\d{3}\s?[A-Z]{2}\b", POSTCODE).check(dutch_postcode),
        // Indian PINs written in two groups (`110 001`) and Australian postcodes after a state
        // (`NSW 2000`); five-digit postcodes go with the other runs of five digits or more.
        Rule::ascii(r"\b\d{3}\s\d{3}\b", POSTCODE).check(indian_pin),
        Rule::ascii(
            r"(?i)\b(?:nsw|vic|qld|wa|sa|tas|act|nt|new south wales|victoria|queensland|tasmania)\s*,?\s*(?P<x>\d{4})\b",
            POSTCODE,
        ),
        Rule::ascii(
            r"(?i)\b(?:postcode|post code|postal code|zip|zip code|plz|postleitzahl|code postal|cp|código postal|cap|codice postale|pincode|pin code)\s*(?:is|:|=|-)?\s*(?P<x>[A-Z0-9]{1,4}(?:[\s\-]?[A-Z0-9]{1,4})?)\b",
            POSTCODE,
        )
        .check(has_digit),
    ]
}

fn has_digit(text: &str, span: Range<usize>) -> bool {
    text[span].chars().any(|c| c.is_ascii_digit())
}

/// `rue`, `via` and `place` are also everyday words (`via DHL`): an address has a number or a
/// capitalised name of two words or more.
fn has_street_context(text: &str, span: Range<usize>) -> bool {
    let found = &text[span];
    found.chars().any(|c| c.is_ascii_digit())
        || found
            .split_whitespace()
            .skip(1)
            .filter(|w| w.starts_with(char::is_uppercase))
            .count()
            >= 2
}

fn uk_postcode(text: &str, span: Range<usize>) -> bool {
    let found = &text[span];
    // Sizes and units look alike (`2x 3cm`); a postcode's inward part is digit + two letters.
    let compact: String = found.chars().filter(|c| !c.is_whitespace()).collect();
    let lower = compact.to_lowercase();
    !super::keep::is_unit_or_ordinal(&lower)
        && (found.chars().any(char::is_uppercase) || found.contains(' '))
        && compact.len() >= 5
}

fn dutch_postcode(text: &str, span: Range<usize>) -> bool {
    let letters: String = text[span].chars().filter(|c| c.is_alphabetic()).collect();
    ![
        "AM", "PM", "EU", "UK", "US", "GB", "KG", "CM", "MM", "ML", "OZ", "LB", "PC", "XL", "SA",
        "SF", "SS", "AD", "BC", "CE", "TB", "GB", "MB", "KB", "HZ", "MP", "HP", "TV", "PS",
    ]
    .contains(&letters.as_str())
}

fn indian_pin(text: &str, span: Range<usize>) -> bool {
    let before = text[..span.start].to_lowercase();
    let tail: String = before.chars().rev().take(40).collect();
    // Reversed "pin", "india", "delhi", "mumbai", a comma after a city.
    tail.contains("nip")
        || tail.contains("aidni")
        || text[span].starts_with(['1', '2', '3', '4', '5', '6', '7', '8'])
            && tail.trim_start().starts_with([',', '-'])
}
