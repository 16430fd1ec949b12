//! Redaction recall per kind of personal data and false positives per kind of benign look-alike,
//! on generated support messages (`tests/pii/`). Run with `cargo bench --bench privacy`; set
//! `PRIVACY_MESSAGES` for more or fewer messages, `PRIVACY_SEED` for another sample.
//!
//! Recall: the share of planted items of which nothing survives verbatim. False positives: the
//! share of benign items (dates, times, prices, quantities, skus, model numbers) that do not survive
//! verbatim.

#[path = "../pii/mod.rs"]
mod pii;

use std::collections::BTreeMap;

use guildhall::faq::redact::Redactor;

fn main() {
    let count: usize = std::env::var("PRIVACY_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(14_000);
    let seed: u64 = std::env::var("PRIVACY_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(18);
    let skus: Vec<String> = pii::SKUS.iter().map(|s| s.to_string()).collect();
    let redactor = Redactor::new(&[])
        .expect("the built-in rules")
        .with_skus(&skus);
    let messages = pii::messages(seed, count);
    let mut recall: BTreeMap<pii::Kind, (usize, usize)> = BTreeMap::new();
    let mut kept: BTreeMap<pii::Benign, (usize, usize)> = BTreeMap::new();
    let mut leaks: BTreeMap<pii::Kind, Vec<(String, String)>> = BTreeMap::new();
    let mut destroyed: BTreeMap<pii::Benign, Vec<(String, String)>> = BTreeMap::new();
    let started = std::time::Instant::now();
    for message in &messages {
        let redacted = redactor.redact(&message.text);
        for (kind, value) in &message.planted {
            let entry = recall.entry(*kind).or_default();
            entry.1 += 1;
            if redacted.contains(value.as_str()) {
                leaks
                    .entry(*kind)
                    .or_default()
                    .push((value.clone(), redacted.clone()));
            } else {
                entry.0 += 1;
            }
        }
        for (kind, value) in &message.benign {
            let entry = kept.entry(*kind).or_default();
            entry.1 += 1;
            if redacted.contains(value.as_str()) {
                entry.0 += 1;
            } else {
                destroyed
                    .entry(*kind)
                    .or_default()
                    .push((value.clone(), redacted.clone()));
            }
        }
    }
    let elapsed = started.elapsed();
    println!(
        "{} messages (seed {seed}), redacted in {:.0} ms",
        messages.len(),
        elapsed.as_secs_f64() * 1000.0
    );
    println!();
    println!("{:<18} {:>7} {:>9}", "personal data", "items", "recall");
    for (kind, (removed, total)) in &recall {
        println!(
            "{:<18} {:>7} {:>8.2}%",
            format!("{kind:?}"),
            total,
            100.0 * *removed as f64 / *total as f64
        );
    }
    println!();
    println!("{:<18} {:>7} {:>9}", "benign", "items", "false pos.");
    for (kind, (survived, total)) in &kept {
        println!(
            "{:<18} {:>7} {:>8.2}%",
            format!("{kind:?}"),
            total,
            100.0 * (*total - *survived) as f64 / *total as f64
        );
    }
    let show = std::env::var("PRIVACY_SHOW").is_ok();
    if show {
        for (kind, items) in &leaks {
            for (value, redacted) in items.iter().take(5) {
                println!("leak {kind:?}: {value:?} in {redacted:?}");
            }
        }
        for (kind, items) in &destroyed {
            for (value, redacted) in items.iter().take(5) {
                println!("lost {kind:?}: {value:?} in {redacted:?}");
            }
        }
    }
}
