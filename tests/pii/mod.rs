//! A generator of labelled support messages for the privacy tests and benchmark: deterministic for
//! a seed, in nine locales, with every kind of personal data in the formats customers write them,
//! and benign look-alikes (dates, times, prices, quantities, skus, model numbers) that must stay.

#![allow(dead_code)]

/// Personal data a message may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Email,
    ObfuscatedEmail,
    Phone,
    Card,
    Iban,
    SortCode,
    Account,
    Pin,
    Reference,
    Postcode,
    Address,
    Name,
    Ip,
    Url,
}

impl Kind {
    pub const ALL: [Kind; 14] = [
        Kind::Email,
        Kind::ObfuscatedEmail,
        Kind::Phone,
        Kind::Card,
        Kind::Iban,
        Kind::SortCode,
        Kind::Account,
        Kind::Pin,
        Kind::Reference,
        Kind::Postcode,
        Kind::Address,
        Kind::Name,
        Kind::Ip,
        Kind::Url,
    ];
}

/// What looks like personal data and is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Benign {
    Date,
    Time,
    Price,
    Quantity,
    Sku,
    Model,
}

impl Benign {
    pub const ALL: [Benign; 6] = [
        Benign::Date,
        Benign::Time,
        Benign::Price,
        Benign::Quantity,
        Benign::Sku,
        Benign::Model,
    ];
}

/// The skus the generated shop sells (write them to `data/products.toml`).
pub const SKUS: &[&str] = &[
    "YARN-1042",
    "NDL-20",
    "KIT-BLANKET-3",
    "HOOK-4MM",
    "WOOL-77B",
];

/// One generated message, with what was planted in it.
#[derive(Debug, Clone)]
pub struct Message {
    pub locale: &'static str,
    pub text: String,
    pub planted: Vec<(Kind, String)>,
    pub benign: Vec<(Benign, String)>,
}

/// A small deterministic generator (SplitMix64): the same seed gives the same messages everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }

    /// Digits whose first is not zero.
    pub fn number(&mut self, n: usize) -> String {
        let first = char::from(b'1' + self.below(9) as u8);
        format!("{first}{}", self.digits(n - 1))
    }

    pub fn letters(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'A' + self.below(26) as u8))
            .collect()
    }
}

const LOCALES: &[&str] = &[
    "en-US", "en-GB", "de", "fr", "nl", "es", "it", "en-AU", "en-IN",
];

fn first_names(locale: &str) -> &'static [&'static str] {
    match locale {
        "de" => &["Jürgen", "Annika", "Lukas", "Sophie", "Maximilian", "Greta"],
        "fr" => &["Marie", "Étienne", "Camille", "Léa", "Théo", "Amélie"],
        "nl" => &["Sanne", "Daan", "Femke", "Joost", "Lieke", "Bram"],
        "es" => &["Lucía", "Álvaro", "Carmen", "Javier", "Paula", "Sergio"],
        "it" => &[
            "Giulia",
            "Matteo",
            "Chiara",
            "Lorenzo",
            "Francesca",
            "Davide",
        ],
        "en-IN" => &["Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram"],
        _ => &["Jane", "Oliver", "Gwendolyn", "Harriet", "Marcus", "Chloe"],
    }
}

fn last_names(locale: &str) -> &'static [&'static str] {
    match locale {
        "de" => &["Müller", "Schmidt", "Weißenberger", "Hoffmann", "Krüger"],
        "fr" => &["Dupont", "Lefèvre", "Moreau", "Girard", "Fontaine"],
        "nl" => &["de Vries", "Jansen", "van den Berg", "Bakker", "Visser"],
        "es" => &["García", "Fernández", "López", "Martínez", "Navarro"],
        "it" => &["Rossi", "Bianchi", "Esposito", "Ferrari", "Colombo"],
        "en-IN" => &["Sharma", "Iyer", "Reddy", "Chatterjee", "Nair"],
        _ => &[
            "Featherstonehaugh",
            "Doe",
            "Whitfield",
            "O'Connor",
            "Pemberton",
        ],
    }
}

/// A support question in the locale's language, with a slot `{}` for what is planted.
fn question(rng: &mut Rng, locale: &str) -> &'static str {
    let questions: &[&str] = match locale {
        "de" => &[
            "Wo ist meine Bestellung? {}",
            "Ich möchte eine Rückerstattung, {}",
            "Mein Paket ist nicht angekommen. {}",
            "Wie ändere ich meine Zahlungsdaten? {}",
        ],
        "fr" => &[
            "Où est ma commande ? {}",
            "Je voudrais un remboursement. {}",
            "Mon colis n'est pas arrivé. {}",
            "Comment changer mon adresse ? {}",
        ],
        "nl" => &[
            "Waar is mijn bestelling? {}",
            "Ik wil mijn geld terug. {}",
            "Mijn pakket is niet aangekomen. {}",
        ],
        "es" => &[
            "¿Dónde está mi pedido? {}",
            "Quiero un reembolso. {}",
            "Mi paquete no ha llegado. {}",
        ],
        "it" => &[
            "Dov'è il mio ordine? {}",
            "Vorrei un rimborso. {}",
            "Il mio pacco non è arrivato. {}",
        ],
        _ => &[
            "Where is my parcel? {}",
            "I want a refund please. {}",
            "How do I change my payment details? {}",
            "My order never arrived. {}",
            "Can I change my delivery address? {}",
        ],
    };
    questions[rng.below(questions.len())]
}

fn luhn_complete(rng: &mut Rng, prefix: &str, length: usize) -> String {
    let mut digits = format!("{prefix}{}", rng.digits(length - prefix.len() - 1));
    let sum: u32 = digits
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_digit(10).unwrap();
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    digits.push(char::from(b'0' + ((10 - sum % 10) % 10) as u8));
    digits
}

fn group(text: &str, sizes: &[usize], separator: &str) -> String {
    let mut out = Vec::new();
    let mut at = 0;
    for &size in sizes {
        if at >= text.len() {
            break;
        }
        let end = (at + size).min(text.len());
        out.push(&text[at..end]);
        at = end;
    }
    if at < text.len() {
        out.push(&text[at..]);
    }
    out.join(separator)
}

fn iban(rng: &mut Rng) -> String {
    let (country, bban) = match rng.below(6) {
        0 => ("GB", format!("{}{}", rng.letters(4), rng.digits(14))),
        1 => ("DE", rng.digits(18)),
        2 => (
            "FR",
            format!("{}{}{}", rng.digits(10), rng.letters(1), rng.digits(12)),
        ),
        3 => ("NL", format!("{}{}", rng.letters(4), rng.digits(10))),
        4 => ("ES", rng.digits(20)),
        _ => ("IT", format!("{}{}", rng.letters(1), rng.digits(22))),
    };
    let rearranged = format!("{bban}{country}00");
    let mut remainder: u64 = 0;
    for c in rearranged.chars() {
        let value = c.to_digit(36).unwrap() as u64;
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    format!("{country}{:02}{bban}", 98 - remainder)
}

fn phone(rng: &mut Rng, locale: &str) -> String {
    let formats: Vec<String> = match locale {
        "en-GB" => vec![
            format!("020 7{} {}", rng.digits(3), rng.digits(4)),
            format!("07{} {}", rng.digits(3), rng.digits(6)),
            format!("+44 7{} {}", rng.digits(3), rng.digits(6)),
            format!("+44 (0)20 7{} {}", rng.digits(3), rng.digits(4)),
        ],
        "de" => vec![
            format!("030 {}", rng.number(8)),
            format!("+49 30 {}", rng.number(8)),
            format!("0151 {}", rng.number(8)),
            format!("(089) {}", rng.number(7)),
        ],
        "fr" => vec![
            format!(
                "06 {} {} {} {}",
                rng.digits(2),
                rng.digits(2),
                rng.digits(2),
                rng.digits(2)
            ),
            format!(
                "+33 6 {} {} {} {}",
                rng.digits(2),
                rng.digits(2),
                rng.digits(2),
                rng.digits(2)
            ),
            format!(
                "06.{}.{}.{}.{}",
                rng.digits(2),
                rng.digits(2),
                rng.digits(2),
                rng.digits(2)
            ),
        ],
        "nl" => vec![
            format!("06-{}", rng.number(8)),
            format!("+31 6 {}", rng.number(8)),
            format!("020 {} {}", rng.number(3), rng.digits(4)),
        ],
        "es" => vec![
            format!("6{} {} {}", rng.digits(2), rng.digits(3), rng.digits(3)),
            format!(
                "+34 6{} {} {} {}",
                rng.digits(2),
                rng.digits(2),
                rng.digits(2),
                rng.digits(2)
            ),
        ],
        "it" => vec![
            format!("3{} {} {}", rng.digits(2), rng.digits(3), rng.digits(4)),
            format!("+39 06 {} {}", rng.digits(4), rng.digits(4)),
            format!("06 {}", rng.number(8)),
        ],
        "en-AU" => vec![
            format!("04{} {} {}", rng.digits(2), rng.digits(3), rng.digits(3)),
            format!("+61 2 {} {}", rng.number(4), rng.digits(4)),
            format!("(02) {} {}", rng.number(4), rng.digits(4)),
        ],
        "en-IN" => vec![
            format!("+91 9{} {}", rng.digits(4), rng.digits(5)),
            format!("09{} {}", rng.digits(4), rng.digits(5)),
            format!("9{}", rng.digits(9)),
        ],
        _ => vec![
            format!("({}) 555-{}", rng.number(3), rng.digits(4)),
            format!("{}-555-{}", rng.number(3), rng.digits(4)),
            format!("+1 {} 555 {}", rng.number(3), rng.digits(4)),
            format!("{}.555.{}", rng.number(3), rng.digits(4)),
            format!("+1{}555{}", rng.number(3), rng.digits(4)),
        ],
    };
    formats[rng.below(formats.len())].clone()
}

fn postcode(rng: &mut Rng, locale: &str) -> String {
    match locale {
        "en-GB" => format!(
            "{}{} {}{}",
            rng.pick(&["SW1A", "EC1V", "M1", "B33", "CR2", "W1D", "LS6"]),
            "",
            rng.below(10),
            rng.letters(2)
        ),
        "nl" => format!("{} {}", rng.number(4), rng.letters(2)),
        "en-AU" => format!("{} {}", rng.pick(&["NSW", "VIC", "QLD"]), rng.number(4)),
        "en-IN" => rng.number(6),
        "it" => format!("00{}", rng.digits(3)),
        _ => rng.number(5),
    }
}

/// The planted part of a postcode (a state name is not personal).
fn postcode_value(text: &str) -> String {
    match text.split_once(' ') {
        Some((state, code)) if ["NSW", "VIC", "QLD"].contains(&state) => code.to_string(),
        _ => text.to_string(),
    }
}

fn address(rng: &mut Rng, locale: &str) -> String {
    let length = 1 + rng.below(3);
    let house = rng.number(length);
    match locale {
        "de" => format!(
            "{} {house}",
            rng.pick(&[
                "Hauptstraße",
                "Lindenweg",
                "Goethestr.",
                "Am Marktplatz",
                "Schillerallee"
            ])
        ),
        "fr" => format!(
            "{house} {}",
            rng.pick(&[
                "rue de la Paix",
                "avenue Victor Hugo",
                "boulevard Saint-Germain",
                "place Bellecour"
            ])
        ),
        "nl" => format!(
            "{} {house}",
            rng.pick(&["Keizersgracht", "Dorpsstraat", "Vondellaan", "Kerkplein"])
        ),
        "es" => format!(
            "{} {house}",
            rng.pick(&[
                "Calle Mayor",
                "Avenida de América",
                "Plaza Real",
                "Paseo de Gracia"
            ])
        ),
        "it" => format!(
            "{} {house}",
            rng.pick(&[
                "via Roma",
                "Viale Trastevere",
                "Piazza Navona",
                "Corso Italia"
            ])
        ),
        "en-IN" => format!(
            "{house} {}",
            rng.pick(&["MG Road", "Linking Road", "Park Street", "Anna Nagar"])
        ),
        _ => format!(
            "{house} {}",
            rng.pick(&[
                "Baker Street",
                "Elm St",
                "Pennsylvania Avenue",
                "Wallaby Way",
                "Kingsley Road",
                "Oak Lane"
            ])
        ),
    }
}

/// One item of `kind`: the text to write and the value that must not survive.
fn plant(rng: &mut Rng, kind: Kind, locale: &str) -> (String, String) {
    let first = rng.pick(first_names(locale)).to_string();
    let last = rng.pick(last_names(locale)).to_string();
    let ascii = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_lowercase()
    };
    let provider = rng
        .pick(&[
            "gmail", "outlook", "web", "orange", "libero", "ziggo", "yahoo",
        ])
        .to_string();
    let tld = rng
        .pick(&["com", "de", "fr", "nl", "it", "co.uk"])
        .to_string();
    match kind {
        Kind::Email => {
            let local = match rng.below(3) {
                0 => format!("{}.{}", ascii(&first), ascii(&last)),
                1 => format!("{}{}", ascii(&first), rng.digits(2)),
                _ => format!("{}_{}", ascii(&first), ascii(&last)),
            };
            let address = format!("{local}@{provider}.{tld}");
            match rng.below(3) {
                0 => (format!("my email is {address}"), address),
                1 => (format!("write to {local} @ {provider}.{tld}"), local),
                _ => (format!("contact: {address}"), address),
            }
        }
        Kind::ObfuscatedEmail => {
            let local = format!("{}.{}", ascii(&first), ascii(&last));
            let text = match rng.below(5) {
                0 => format!("{local} at {provider} dot com"),
                1 => format!("{local}[at]{provider}[dot]com"),
                2 => format!("{local}(at){provider}(dot)com"),
                3 => format!("{local} AT {provider} DOT com"),
                _ => format!("{local} at {provider}.com"),
            };
            (format!("mail me: {text}"), local)
        }
        Kind::Phone => {
            let number = phone(rng, locale);
            (format!("call me on {number}"), number)
        }
        Kind::Card => {
            let (digits, sizes): (String, &[usize]) = match rng.below(3) {
                0 => (luhn_complete(rng, "4", 16), &[4, 4, 4, 4]),
                1 => (luhn_complete(rng, "5", 16), &[4, 4, 4, 4]),
                _ => (luhn_complete(rng, "37", 15), &[4, 6, 5]),
            };
            let card = match rng.below(3) {
                0 => digits,
                1 => group(&digits, sizes, " "),
                _ => group(&digits, sizes, "-"),
            };
            (format!("my card {card} was charged twice"), card)
        }
        Kind::Iban => {
            let compact = iban(rng);
            let text = match rng.below(3) {
                0 => compact,
                1 => group(&compact, &[4; 9], " "),
                _ => group(&compact, &[4; 9], " ").to_lowercase(),
            };
            (format!("refund to IBAN {text} please"), text)
        }
        Kind::SortCode => {
            let code = format!("{}-{}-{}", rng.digits(2), rng.number(2), rng.number(2));
            (format!("sort code {code}"), code)
        }
        Kind::Account => {
            let account = rng.number(8);
            let text = match rng.below(3) {
                0 => format!("account number {account}"),
                1 => format!("acct no. {account}"),
                _ => format!("Kontonummer {account}"),
            };
            (text, account)
        }
        Kind::Pin => {
            let pin = rng.digits(4);
            let text = match rng.below(6) {
                0 => format!("My PIN is {pin}"),
                1 => format!("pin: {pin}"),
                2 => format!("card ending {pin}"),
                3 => format!("card ending in {pin}"),
                4 => format!("the CVV is {}", &pin[..3]),
                _ => format!("passcode {pin}"),
            };
            let value = if text.contains("CVV") {
                pin[..3].to_string()
            } else {
                pin
            };
            (text, value)
        }
        Kind::Reference => {
            let reference = match rng.below(5) {
                0 => {
                    let mixed: String = (0..4)
                        .map(|_| format!("{}{}", rng.letters(1), rng.digits(1)))
                        .collect();
                    format!("order {mixed}")
                }
                1 => format!("ORD-{}", rng.number(5)),
                2 => format!("invoice INV-2024-{}", rng.digits(5)),
                3 => format!(
                    "tracking 1Z{}{}{}",
                    rng.digits(3),
                    rng.letters(2),
                    rng.digits(10)
                ),
                _ => format!("order #{}", rng.number(6)),
            };
            let value = reference
                .rsplit(' ')
                .next()
                .unwrap()
                .trim_start_matches('#')
                .to_string();
            (format!("about {reference}"), value)
        }
        Kind::Postcode => {
            let code = postcode(rng, locale);
            (format!("I live in {code}"), postcode_value(&code))
        }
        Kind::Address => {
            let street = address(rng, locale);
            (format!("ship it to {street} instead"), street)
        }
        Kind::Name => {
            let full = format!("{first} {last}");
            let (text, value) = match (locale, rng.below(4)) {
                ("fr", 0) => (format!("Je m'appelle {full}."), full),
                ("fr", _) => (format!("Merci.\nCordialement,\n{full}"), full),
                ("de", 0) => (format!("Ich heiße {full}."), full),
                ("de", _) => (format!("Danke.\nMit freundlichen Grüßen\n{full}"), full),
                ("es", 0) => (format!("Me llamo {full}."), full),
                ("es", _) => (format!("Gracias.\nSaludos,\n{first}"), first),
                ("it", 0) => (format!("Mi chiamo {full}."), full),
                ("it", _) => (format!("Grazie.\nCordiali saluti\n{full}"), full),
                ("nl", 0) => (format!("Ik ben {full}."), full),
                ("nl", _) => (format!("Bedankt.\nMet vriendelijke groet,\n{full}"), full),
                (_, 0) => (format!("I am {full}."), full),
                (_, 1) => (format!("thanks! Cheers {first}"), first),
                (_, 2) => (format!("thanks\n-- {full}"), full),
                _ => (format!("ta x {first}"), first),
            };
            (text, value)
        }
        Kind::Ip => {
            let address = if rng.below(2) == 0 {
                format!(
                    "{}.{}.{}.{}",
                    11 + rng.below(200),
                    rng.below(256),
                    rng.below(256),
                    1 + rng.below(254)
                )
            } else {
                let groups: Vec<String> = (0..4)
                    .map(|_| format!("{:x}", 1 + rng.below(0xfffe)))
                    .collect();
                format!("2001:db8::{}", groups.join(":"))
            };
            (format!("my IP address is {address}"), address)
        }
        Kind::Url => {
            let token =
                format!("{}{}{}", rng.letters(3), rng.digits(4), rng.letters(2)).to_lowercase();
            let text = match rng.below(3) {
                0 => format!("shop.example/track?id={token}"),
                1 => format!("https://shop.example/orders/{token}"),
                _ => format!("www.shop.example/reset/{token}"),
            };
            (format!("the link {text} does not work"), token)
        }
    }
}

/// One benign item: the text to write, which must survive as written.
fn benign(rng: &mut Rng, kind: Benign) -> String {
    let day = 1 + rng.below(28);
    let month = 1 + rng.below(12);
    match kind {
        Benign::Date => match rng.below(4) {
            0 => format!("2026-{month:02}-{day:02}"),
            1 => format!(
                "2024-{month:02}-{day:02} {:02}:{:02}",
                rng.below(24),
                rng.below(60)
            ),
            2 => format!("{day:02}.{month:02}.2024"),
            _ => format!("{day:02}/{month:02}/2025"),
        },
        Benign::Time => match rng.below(2) {
            0 => format!("{:02}:{:02}", rng.below(24), rng.below(60)),
            _ => format!("{}:{:02} pm", 1 + rng.below(12), rng.below(60)),
        },
        Benign::Price => match rng.below(4) {
            0 => format!("${}.{}", rng.number(3), rng.digits(2)),
            1 => format!("€1.{},{}", rng.digits(3), rng.digits(2)),
            2 => format!("£{}.50", rng.number(2)),
            _ => format!("{} dollars", rng.number(3)),
        },
        Benign::Quantity => match rng.below(4) {
            0 => format!("2 x {}0 ml", 1 + rng.below(50)),
            1 => format!("{} pairs", 2 + rng.below(9)),
            2 => format!("{}x{}", 28 + rng.below(10), 30 + rng.below(6)),
            _ => format!("{}.5 cm", 1 + rng.below(30)),
        },
        Benign::Sku => rng.pick(SKUS).to_string(),
        Benign::Model => format!("{}-{}", rng.pick(&["KX", "TR", "ZB", "MX"]), rng.number(4)),
    }
}

fn benign_sentence(kind: Benign, value: &str) -> String {
    match kind {
        Benign::Date => format!("I ordered on {value}."),
        Benign::Time => format!("The courier came at {value}."),
        Benign::Price => format!("I paid {value} for it."),
        Benign::Quantity => format!("It was {value}."),
        Benign::Sku => format!("It is the {value}."),
        Benign::Model => format!("My machine is a {value}."),
    }
}

/// `count` messages for `seed`: each kind of personal data in turn, with one benign item each.
pub fn messages(seed: u64, count: usize) -> Vec<Message> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|index| {
            let locale = LOCALES[rng.below(LOCALES.len())];
            let kind = Kind::ALL[index % Kind::ALL.len()];
            let benign_kind = Benign::ALL[(index / Kind::ALL.len()) % Benign::ALL.len()];
            let (pii_text, value) = plant(&mut rng, kind, locale);
            let benign_value = benign(&mut rng, benign_kind);
            let text = question(&mut rng, locale).replace(
                "{}",
                &format!("{} {pii_text}", benign_sentence(benign_kind, &benign_value)),
            );
            Message {
                locale,
                text,
                planted: vec![(kind, value)],
                benign: vec![(benign_kind, benign_value)],
            }
        })
        .collect()
}
