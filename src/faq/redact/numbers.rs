//! Numbers that identify a person or their money: IBANs, card numbers, PINs and codes after their
//! keywords, sort codes, account, order, invoice and tracking references, phone numbers.

use std::ops::Range;

use super::{NUMBER, PHONE, Rule, SECRET};

/// Words after which the next code is a secret: `My PIN is 4821`, `card ending 4821`.
const SECRET_KEYWORDS: &str = r"pin|pin\s?code|pin\s?number|passcode|pass\s?code|password|passwort|kennwort|geheimzahl|mot\s+de\s+passe|code\s+pin|code\s+secret|contraseña|contrasena|clave|codice(?:\s+pin|\s+segreto)?|wachtwoord|pincode|cvv2?|cvc2?|cv2|csc|security\s+code|verification\s+code|one[\s-]time\s+code|otp|code|sort\s?code|bankleitzahl|blz|bsb|ifsc|routing\s+number|aba|swift|bic|(?:card|carte|karte|tarjeta|carta|kaart)\s+(?:ending|ends|finissant|endet|termina(?:da|nte)?|eindigend|ending\s+with|ends\s+with)(?:\s+(?:in|on|with|par|mit|en|in|con|op))?|last\s+(?:4|four)(?:\s+digits)?|ending\s+(?:in|with)|ends\s+(?:in|with)|derniers\s+chiffres|letzten\s+(?:vier|4)\s+ziffern|últimos\s+(?:cuatro|4)\s+dígitos|ultime\s+(?:quattro|4)\s+cifre|laatste\s+(?:vier|4)\s+cijfers";

/// Words after which the next code is a reference to an order, a bill, a parcel or an account.
const REFERENCE_KEYWORDS: &str = r"order|orders|ordernummer|bestellung|bestellnummer|auftrag|commande|pedido|ordine|bestelling|invoice|invoices|rechnung|rechnungsnummer|facture|factura|fattura|factuur|bill|receipt|tracking|track|sendung|sendungsnummer|suivi|seguimiento|spedizione|zending|parcel|package|shipment|consignment|waybill|awb|reference|ref|referenz|référence|referencia|riferimento|referentie|confirmation|booking|reservation|ticket|case|claim|rma|return|customer|client|kunden|kundennummer|member|membership|loyalty|account|acct|konto|kontonummer|compte|cuenta|conto|rekening|rekeningnummer|iban|transaction|payment|voucher|coupon|gift\s+card|serial|imei|licen[cs]e|policy|id|nr|no|num|number|nummer|numéro|número|numero";

/// Prefixes that make `XX-1234` a reference rather than a model number.
const REFERENCE_PREFIXES: &[&str] = &[
    "ord", "order", "inv", "invoice", "po", "so", "rma", "ret", "ref", "trk", "track", "tkt",
    "ticket", "case", "cs", "acc", "acct", "cust", "cus", "id", "no", "nr", "txn", "pay", "bill",
    "rec", "rcpt", "awb", "shp", "ship", "del", "cn", "res", "bk", "bkg", "conf", "cnf", "pnr",
    "mem", "usr", "user",
];

/// Runs first: nothing that looks like a date may hide these.
pub(super) fn early_rules() -> Vec<Rule> {
    vec![
        // IBANs, whole, in any spacing; checked with their mod-97 checksum, or their country's
        // length when the customer made a typo.
        Rule::ascii(
            r"(?i)\b[A-Z]{2}\s?\d{2}(?:[\s\-]?[A-Z0-9]){10,32}\b",
            NUMBER,
        )
        .check(iban)
        .shrink(),
        // Card numbers: 13 to 19 digits in any grouping, Luhn-checked.
        Rule::ascii(r"\b\d(?:[\s.\-]?\d){12,18}\b", NUMBER)
            .check(luhn)
            .shrink(),
        // Secrets after their keyword: `My PIN is 4821`, `CVV: 123`, `card ending in 4821`.
        Rule::ascii(
            &format!(
                r"(?i)\b(?:{SECRET_KEYWORDS})\b(?:\s+(?:is|was|are|=|est|ist|es|è|era|is|:|-|n[°o]\.?|number|nummer|numéro|número))*[\s:=#\-]*(?P<x>\*{{0,12}}[\p{{L}}\p{{N}}]{{2,}}(?:[\s\-]\d+)*)",
            ),
            SECRET,
        )
        .check(secret),
    ]
}

/// Runs after dates, prices and model numbers were set aside.
pub(super) fn late_rules() -> Vec<Rule> {
    vec![
        // References after their keyword: `order A1B2C3D4`, `tracking no. 1Z999AA10123456784`.
        Rule::ascii(
            &format!(
                r"(?i)\b(?:{REFERENCE_KEYWORDS})\b\.?(?:\s+(?:is|was|=|:|-|n[°o]\.?|nr\.?|no\.?|number|nummer|numéro|número|numero|id|ref|code|est|ist|es|è))*[\s:=\-]*(?P<x>#?[\p{{L}}\p{{N}}](?:[\-/_.]?[\p{{L}}\p{{N}}]){{2,40}}\b)",
            ),
            NUMBER,
        )
        .check(reference_after_keyword),
        // Sort codes (`20-00-00`) that cannot be a date.
        Rule::ascii(r"\b\d{2}-\d{2}-\d{2}\b", NUMBER).check(sort_code),
        // Phone numbers: a run of digits with spaces, dots, dashes, slashes or brackets, 7 to 15
        // digits, or any run starting with `+` or `00`.
        Rule::ascii(
            r"(?:\+|\b00)?(?:\(\+?\d{1,5}\)[ \u{a0}.\-]?)?\+?\d(?:[\d \u{a0}.\-/]|\(\d{1,5}\)|\(0\))*\d",
            PHONE,
        )
        .check(phone),
        // Codes mixing letters and digits (`A1B2C3D4`, `1Z999AA10123456784`), unless they are
        // model numbers, units or ordinals.
        Rule::ascii(
            r"#?\b[\p{L}\p{N}]+(?:[\-/_][\p{L}\p{N}]+)*\b",
            NUMBER,
        )
        .check(mixed_code),
        // Any remaining run of five or more digits, and `#123`.
        Rule::ascii(r"#?\b\d(?:[\-]?\d){4,}\b|#\d+", NUMBER),
    ]
}

fn digits(text: &str) -> Vec<u32> {
    text.chars().filter_map(|c| c.to_digit(10)).collect()
}

fn iban(text: &str, span: Range<usize>) -> bool {
    let compact: String = text[span]
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.len() < 15 || compact.len() > 34 {
        return false;
    }
    if !compact[..2].chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let (head, tail) = compact.split_at(4);
    let mut remainder: u64 = 0;
    for c in tail.chars().chain(head.chars()) {
        let value = c.to_digit(36).unwrap_or(0) as u64;
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    if remainder == 1 {
        return true;
    }
    // A known country's length, with at least eight digits: a mistyped IBAN is still one.
    let length = match &compact[..2] {
        "GB" | "IE" => 22,
        "DE" => 22,
        "FR" | "IT" | "MC" => 27,
        "NL" => 18,
        "ES" | "SE" => 24,
        "BE" => 16,
        "AT" => 20,
        "CH" => 21,
        "PT" => 25,
        "PL" => 28,
        "LU" => 20,
        "DK" | "FI" => 18,
        "NO" => 15,
        _ => 0,
    };
    compact.len() == length && compact.chars().filter(char::is_ascii_digit).count() >= 8
}

fn luhn(text: &str, span: Range<usize>) -> bool {
    let digits = digits(&text[span]);
    let mut sum = 0;
    for (index, digit) in digits.iter().rev().enumerate() {
        let value = if index % 2 == 1 { digit * 2 } else { *digit };
        sum += if value > 9 { value - 9 } else { value };
    }
    sum % 10 == 0
}

fn secret(text: &str, span: Range<usize>) -> bool {
    let found = &text[span.clone()];
    let before: String = text[..span.start]
        .chars()
        .rev()
        .take(30)
        .collect::<String>()
        .to_lowercase();
    // Reversed: "pass", "wort", "contrase", "clave", "wachtwoord".
    let password = ["ssap", "trow", "esartnoc", "evalc", "droowthcaw"]
        .iter()
        .any(|w| before.contains(w));
    password
        || found.chars().any(|c| c.is_numeric())
        || (found.chars().count() >= 4
            && found
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase))
        || found.starts_with('*')
}

fn reference_after_keyword(text: &str, span: Range<usize>) -> bool {
    let found = &text[span];
    let digit_count = found.chars().filter(|c| c.is_numeric()).count();
    if digit_count >= 3 {
        // `order 2026-03-05` is a date and stays.
        return !super::keep::is_date(found);
    }
    let letters: Vec<char> = found.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 6 && letters.iter().all(|c| c.is_uppercase())
        || (digit_count >= 1 && found.chars().filter(|c| c.is_alphanumeric()).count() >= 5)
}

fn sort_code(text: &str, span: Range<usize>) -> bool {
    if !super::keep::alone(text, span.clone()) {
        return false;
    }
    let groups = digits(&text[span]);
    let day = groups[0] * 10 + groups[1];
    let month = groups[2] * 10 + groups[3];
    !(1..=31).contains(&day) || !(1..=12).contains(&month)
}

fn phone(text: &str, span: Range<usize>) -> bool {
    let found = &text[span];
    let count = found.chars().filter(char::is_ascii_digit).count();
    let plus = found.starts_with('+') || found.starts_with("00");
    if plus {
        return count >= 6;
    }
    let grouped = found.contains([' ', '.', '-', '/', '(', '\u{a0}']);
    if !grouped {
        // A bare run is an order number or a phone: the later rule takes it either way.
        return (7..=15).contains(&count) && (found.starts_with('0') || (10..=11).contains(&count));
    }
    count >= 7
}

fn mixed_code(text: &str, span: Range<usize>) -> bool {
    let found = text[span].trim_start_matches('#');
    let digit_count = found.chars().filter(|c| c.is_numeric()).count();
    let letter_count = found.chars().filter(|c| c.is_alphabetic()).count();
    if digit_count == 0 || letter_count == 0 {
        return false;
    }
    let lower = found.to_lowercase();
    let alphanumeric = digit_count + letter_count;
    if alphanumeric < 5 {
        return false;
    }
    if super::keep::is_unit_or_ordinal(&lower) {
        return false;
    }
    let prefix: String = lower.chars().take_while(|c| c.is_alphabetic()).collect();
    if is_reference_prefix(&prefix) {
        return true;
    }
    !super::keep::is_model_number(found)
}

pub(super) fn is_reference_prefix(prefix: &str) -> bool {
    REFERENCE_PREFIXES.contains(&prefix)
}
