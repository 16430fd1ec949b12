//! A deterministic generator of realistic hubs for the benchmarks: guides with headings, lists, tables
//! and links between pages, FAQ entries with a support export, member stories, topics, products and
//! members. The same `pages` and seed always give the same bytes.

use std::fmt::Write as _;
use std::path::Path;

/// A small, fast, deterministic random source (xorshift64*).
pub struct Random(u64);

impl Random {
    pub fn new(seed: u64) -> Random {
        Random(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "yarn",
    "needle",
    "stitch",
    "wool",
    "knit",
    "purl",
    "cast",
    "blocking",
    "gauge",
    "swatch",
    "pattern",
    "sock",
    "heel",
    "toe",
    "cuff",
    "merino",
    "cotton",
    "linen",
    "alpaca",
    "tension",
    "row",
    "round",
    "increase",
    "decrease",
    "cable",
    "lace",
    "colourwork",
    "seam",
    "edge",
    "border",
    "the",
    "a",
    "and",
    "to",
    "of",
    "in",
    "with",
    "your",
    "for",
    "on",
    "is",
    "it",
    "that",
    "as",
    "when",
    "then",
    "each",
    "every",
    "before",
    "after",
    "gently",
    "loosely",
    "firmly",
    "evenly",
    "wash",
    "dry",
    "steam",
    "pin",
    "measure",
    "count",
    "repeat",
    "slip",
    "wrap",
    "turn",
];

const LEVELS: &[&str] = &["beginner", "intermediate", "advanced"];

const QUESTIONS: &[&str] = &[
    "how do i return yarn i did not use",
    "where is my parcel it has not arrived",
    "which needle size for dk yarn",
    "can i get the same dye lot again",
    "how do i wash a wool jumper without shrinking it",
    "my pattern has an error in row 12",
    "do you ship to canada",
    "my kit is missing a skein",
    "how to stop moths eating my knitting",
    "can i change my order after paying",
    "how long does delivery take",
    "what yarn can i use instead of the one in the pattern",
];

/// Words of English that carry no topic: about two in five words of real text.
const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "and", "to", "of", "in", "with", "your", "for", "on", "is", "it", "that", "as",
    "when", "then", "each", "every", "before", "after",
];
/// Distinct words besides the function words: the craft words of `WORDS` first, then made-up words
/// (product names, places, people, jargon) for the long tail every real hub has.
const VOCABULARY: usize = 60_000;
/// The exponent of the Zipf law the words follow (about 1 in English text).
const ZIPF: f64 = 1.05;
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mer", "in", "o", "tra", "vel", "sen", "da", "ri", "pol", "ven", "ta", "mi", "cor",
    "ble", "an", "dro", "fi", "gal", "hu", "is", "jen", "ko", "lum", "nor", "pe", "qua", "ros",
    "stu", "tin", "u", "ver", "wes", "xi", "yar", "zo", "bri", "cla", "dun",
];

/// The word of a rank (1 is the most frequent): the craft words, then made-up words of 2 to 4
/// syllables.
pub fn word(rank: usize) -> String {
    let craft: Vec<&str> = WORDS
        .iter()
        .copied()
        .filter(|w| !FUNCTION_WORDS.contains(w))
        .collect();
    if rank >= 1 && rank <= craft.len() {
        return craft[rank - 1].to_string();
    }
    let mut n = rank - craft.len() + SYLLABLES.len() * SYLLABLES.len();
    let mut out = String::new();
    while n > 0 {
        out.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    out
}

/// The cumulative Zipf distribution over the vocabulary, made once.
fn zipf_table() -> &'static [f64] {
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut total = 0.0;
        let mut table: Vec<f64> = (1..=VOCABULARY)
            .map(|rank| {
                total += 1.0 / (rank as f64).powf(ZIPF);
                total
            })
            .collect();
        for value in &mut table {
            *value /= total;
        }
        table
    })
}

/// A word drawn from the vocabulary by its Zipf frequency.
fn zipf_word(random: &mut Random) -> String {
    let x = (random.next() >> 11) as f64 / (1u64 << 53) as f64;
    let rank = zipf_table().partition_point(|&p| p < x) + 1;
    word(rank.min(VOCABULARY))
}

fn sentence(random: &mut Random, words: usize) -> String {
    let mut out = String::new();
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        if random.below(5) < 2 {
            out.push_str(random.pick(FUNCTION_WORDS));
        } else {
            out.push_str(&zipf_word(random));
        }
    }
    let mut chars = out.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>() + ".",
        None => out,
    }
}

/// Writes a hub of about `pages` pages into `dir` (which must not exist yet or be empty).
/// Bumped whenever the generated content changes, so cached hubs are made again.
const GENERATION: &str = "3: a Zipf vocabulary";

/// Makes the hub of `pages` pages in `dir` unless the one there is current.
pub fn ensure(dir: &Path, pages: usize) -> std::io::Result<()> {
    let stamp = dir.join(".generation");
    if std::fs::read_to_string(&stamp).is_ok_and(|s| s == GENERATION) {
        return Ok(());
    }
    let _ = std::fs::remove_dir_all(dir);
    generate(dir, pages)?;
    std::fs::write(stamp, GENERATION)
}

pub fn generate(dir: &Path, pages: usize) -> std::io::Result<()> {
    let mut random = Random::new(0x5eed ^ pages as u64);
    let topics: Vec<String> = (0..(pages / 40).clamp(5, 400))
        .map(|i| format!("topic-{i}"))
        .collect();
    let skus: Vec<String> = (0..(pages / 20).clamp(5, 2000))
        .map(|i| format!("SKU-{i}"))
        .collect();
    let members = (pages / 50).clamp(10, 1000);
    for folder in [
        "content/guides",
        "content/faq",
        "content/stories",
        "content/topics",
        "content/pages",
        "content/events",
        "data/support",
    ] {
        std::fs::create_dir_all(dir.join(folder))?;
    }
    std::fs::write(
        dir.join("guildhall.toml"),
        "title = \"Bench Hub\"\nbase_url = \"https://bench.example/\"\n\n[store]\nname = \"Bench Shop\"\nurl = \"https://shop.bench.example/\"\n\n[[nav]]\nname = \"Guides\"\nurl = \"/guides/\"\n\n[faq.columns]\nquestion = \"question\"\ntopic = \"tag\"\ncount = \"tickets\"\n",
    )?;
    let mut products = String::new();
    for (i, sku) in skus.iter().enumerate() {
        let _ = write!(
            products,
            "[[products]]\nsku = \"{sku}\"\nname = \"Product {i}\"\nurl = \"https://shop.bench.example/p/{i}\"\ndescription = \"{}\"\ntopics = [\"{}\"]\n{}\n",
            sentence(&mut random, 8),
            topics[i % topics.len()],
            if i % 50 == 49 {
                "status = \"discontinued\"\n"
            } else {
                ""
            }
        );
    }
    std::fs::write(dir.join("data/products.toml"), products)?;
    let mut people = String::new();
    for m in 0..members {
        let _ = write!(
            people,
            "[[members]]\nhandle = \"m{m}\"\nname = \"Member {m}\"\nbio = \"{}\"\nconsent = {}\n\n",
            sentence(&mut random, 10),
            m % 7 != 0
        );
    }
    std::fs::write(dir.join("data/members.toml"), people)?;
    for topic in &topics {
        std::fs::write(
            dir.join(format!("content/topics/{topic}.md")),
            format!(
                "+++\ntitle = \"Topic {topic}\"\nsummary = \"{}\"\n+++\n\n{}\n",
                sentence(&mut random, 8),
                sentence(&mut random, 30)
            ),
        )?;
    }
    let guides = pages * 6 / 10;
    let faqs = pages / 10;
    let stories = pages * 2 / 10;
    let events = pages / 50;
    let free = pages - guides - faqs - stories - events;
    for i in 0..guides {
        let mut body = String::new();
        for part in 0..4 {
            let _ = writeln!(body, "## Part {part}: {}\n", random.pick(WORDS));
            let _ = writeln!(body, "{}\n", sentence(&mut random, 60));
            match part {
                1 => {
                    for _ in 0..4 {
                        let _ = writeln!(body, "- {}", sentence(&mut random, 8));
                    }
                    body.push('\n');
                }
                2 => {
                    body.push_str("| Yarn | Needle | Gauge |\n|---|---|---|\n");
                    for r in 0..3 {
                        let _ = writeln!(
                            body,
                            "| {} | {} mm | {} |",
                            random.pick(WORDS),
                            3 + r,
                            20 + r
                        );
                    }
                    body.push('\n');
                }
                _ => {
                    let other = random.below(guides.max(1));
                    let _ = writeln!(
                        body,
                        "See [guide {other}](g{other}.md) and [the {}](product:{}).\n",
                        random.pick(WORDS),
                        skus[random.below(skus.len())]
                    );
                }
            }
        }
        let a = topics[random.below(topics.len())].clone();
        let b = topics[random.below(topics.len())].clone();
        std::fs::write(
            dir.join(format!("content/guides/g{i}.md")),
            format!(
                "+++\ntitle = \"Guide {i}: {}\"\nsummary = \"{}\"\ndate = 2025-{:02}-{:02}\nlevel = \"{}\"\ntopics = [\"{a}\", \"{b}\"]\nproducts = [\"{}\"]\n+++\n\n{body}",
                sentence(&mut random, 4).trim_end_matches('.'),
                sentence(&mut random, 14),
                1 + i % 12,
                1 + i % 28,
                LEVELS[i % 3],
                skus[random.below(skus.len())]
            ),
        )?;
    }
    for i in 0..faqs {
        let question = QUESTIONS[i % QUESTIONS.len()];
        std::fs::write(
            dir.join(format!("content/faq/f{i}.md")),
            format!(
                "+++\nquestion = \"{} ({i})?\"\nasked_as = [\"{question}\"]\ntopics = [\"{}\"]\n+++\n\n{}\n",
                question,
                topics[i % topics.len()],
                sentence(&mut random, 50)
            ),
        )?;
    }
    for i in 0..stories {
        // Every seventh member has not consented; stories are by those who have.
        let mut member = i % members;
        if member % 7 == 0 {
            member = member.saturating_sub(1).max(1);
        }
        std::fs::write(
            dir.join(format!("content/stories/s{i}.md")),
            format!(
                "+++\ntitle = \"Story {i}\"\nsummary = \"{}\"\ndate = 2025-{:02}-{:02}\nmember = \"m{}\"\ntopics = [\"{}\"]\nproducts = [\"{}\"]\nquote = \"{}\"\n+++\n\n## How it started\n\n{}\n\n## What I learnt\n\n{}\n",
                sentence(&mut random, 12),
                1 + i % 12,
                1 + i % 28,
                member,
                topics[random.below(topics.len())],
                skus[random.below(skus.len())],
                sentence(&mut random, 10),
                sentence(&mut random, 80),
                sentence(&mut random, 80)
            ),
        )?;
    }
    for i in 0..events {
        // Hosted by members who consented (handles not divisible by 7). Half upcoming and half past at the benchmark's `--now` (2026-01-01); every fifth a series.
        let month = 1 + i % 12;
        let year = if i % 2 == 0 { 2025 } else { 2026 };
        let repeat = if i % 5 == 0 {
            "repeat = { freq = \"weekly\", byday = [\"TU\"], count = 8 }\n"
        } else {
            ""
        };
        let place = if i % 3 == 0 {
            "location = { venue = \"The shop\", address = \"1 High Street\", locality = \"Bath\", country = \"United Kingdom\" }"
        } else {
            "location = { online = \"https://live.bench.example/session\" }"
        };
        // The first Tuesday of the month, so series start on a day their rule gives.
        let day = first_tuesday(year, month);
        std::fs::write(
            dir.join(format!("content/events/e{i}.md")),
            format!(
                "+++\ntitle = \"Event {i}\"\nsummary = \"{}\"\ndate = 2025-01-01\nstart = {year}-{month:02}-{day:02}T18:00:00\nend = {year}-{month:02}-{day:02}T19:30:00\ntimezone = \"Europe/London\"\n{repeat}host = \"m{}\"\ntopics = [\"{}\"]\n{place}\n+++\n\n{}\n",
                sentence(&mut random, 10),
                (i % (members / 7)) * 7 + 1,
                topics[random.below(topics.len())],
                sentence(&mut random, 60)
            ),
        )?;
    }
    for i in 0..free {
        std::fs::write(
            dir.join(format!("content/pages/page-{i}.md")),
            format!(
                "+++\ntitle = \"Page {i}\"\nsummary = \"{}\"\n+++\n\n{}\n",
                sentence(&mut random, 10),
                sentence(&mut random, 120)
            ),
        )?;
    }
    let mut export = String::from("question,tag,tickets\n");
    for i in 0..(pages * 2).max(200) {
        let question = QUESTIONS[random.below(QUESTIONS.len())];
        let _ = writeln!(
            export,
            "\"{question} {}\",{},{}",
            random.pick(WORDS),
            ["orders", "yarn", "care"][i % 3],
            1 + random.below(3)
        );
    }
    std::fs::write(dir.join("data/support/export.csv"), export)?;
    Ok(())
}

/// The day of the month of the first Tuesday (Zeller's congruence, Gregorian calendar).
fn first_tuesday(year: i32, month: usize) -> usize {
    let (y, m) = if month < 3 {
        (year - 1, month as i32 + 12)
    } else {
        (year, month as i32)
    };
    // Day of week of the 1st: 0 = Saturday, 1 = Sunday, 2 = Monday, 3 = Tuesday...
    let h = (1 + 13 * (m + 1) / 5 + y % 100 + (y % 100) / 4 + (y / 100) / 4 + 5 * (y / 100)) % 7;
    ((3 - h + 7) % 7 + 1) as usize
}
