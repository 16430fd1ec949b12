//! `guildhall faq`: the editor's report on support questions. The biggest questions the FAQ does not
//! answer yet (with sample phrasings and a suggested file), the share of support volume the published
//! FAQ covers, and entries that no recent question matches any more. `--format json` prints the same
//! as one JSON object for dashboards. Every phrasing printed is redacted.

use std::fmt::Write as _;

use serde_json::json;

use crate::args::FaqArgs;
use crate::cmd::Outcome;
use crate::cmd::build::{self, CompileOptions};
use crate::diag::Format;
use crate::model::Site;

pub(crate) fn run(args: &FaqArgs, format: Format) -> anyhow::Result<Outcome> {
    let compiled = build::compile(&CompileOptions {
        root: args.root.clone(),
        base_url: None,
        drafts: false,
        now: args.now.clone(),
    })?;
    build::report(&compiled.diagnostics, format);
    let Some(site) = compiled.site else {
        return Ok(Outcome::ContentErrors);
    };
    let text = if format == Format::Json {
        let mut value = report_json(&site, args.limit);
        value["diagnostics"] = compiled.diagnostics.error_count().into();
        let mut text = serde_json::to_string_pretty(&value)?;
        text.push('\n');
        text
    } else {
        report_text(&site, args.limit)
    };
    print!("{text}");
    Ok(if compiled.diagnostics.has_errors() {
        Outcome::ContentErrors
    } else {
        Outcome::Success
    })
}

fn share(part: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        (part as f64) * 100.0 / (total as f64)
    }
}

/// Where a draft for this cluster would go.
pub(crate) fn draft_path(slug: &str) -> String {
    format!("content/faq/{slug}.md")
}

fn unanswered(site: &Site) -> impl Iterator<Item = &crate::faq::model::ClusterInfo> {
    site.faq.clusters.iter().filter(|c| c.answered_by.is_none())
}

fn stale(site: &Site) -> impl Iterator<Item = (&crate::model::Page, u64)> {
    site.faq
        .entries
        .iter()
        .filter(|e| e.recent_volume == 0)
        .map(|e| (&site.pages[e.page], e.volume))
}

fn report_text(site: &Site, limit: usize) -> String {
    let faq = &site.faq;
    let mut out = String::new();
    if faq.files.is_empty() {
        let _ = writeln!(
            out,
            "No support exports found (looked for {}).",
            site.config
                .site
                .faq
                .exports
                .iter()
                .map(|p| p.get_ref().as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return out;
    }
    let _ = writeln!(
        out,
        "Support questions: {} rows in {} ({}), {} clusters",
        faq.rows,
        plural(faq.files.len(), "export"),
        faq.files.join(", "),
        faq.clusters.len()
    );
    let _ = writeln!(
        out,
        "The published FAQ ({}) answers {:.1}% of support volume ({} of {}).",
        plural(faq.entries.len(), "entry"),
        share(faq.covered_volume, faq.total_volume),
        faq.covered_volume,
        faq.total_volume
    );
    let _ = writeln!(out, "\nBiggest unanswered questions:");
    let mut any = false;
    for (rank, cluster) in unanswered(site).take(limit).enumerate() {
        any = true;
        let _ = writeln!(
            out,
            "{:>3}. {}  asked {}{}  \"{}\"",
            rank + 1,
            cluster.id,
            cluster.volume,
            cluster
                .tag
                .as_deref()
                .map(|t| format!(" [{t}]"))
                .unwrap_or_default(),
            cluster.question
        );
        for variant in cluster.variants.iter().take(3) {
            let _ = writeln!(out, "       also \"{variant}\"");
        }
        let _ = writeln!(
            out,
            "       draft: guildhall new faq --from {}   (writes {})",
            cluster.id,
            draft_path(&cluster.slug)
        );
    }
    if !any {
        let _ = writeln!(out, "  none: every cluster has an answer");
    }
    let _ = writeln!(
        out,
        "\nFAQ entries no recent question matches (last {} days):",
        site.config.site.faq.recent_days
    );
    let mut any = false;
    for (page, volume) in stale(site) {
        any = true;
        let _ = writeln!(
            out,
            "  {}  \"{}\"  ({} matching in all)",
            page.source.display(),
            page.title,
            volume
        );
    }
    if !any {
        let _ = writeln!(out, "  none");
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (1, _) => format!("1 {word}"),
        (_, "entry") => format!("{n} entries"),
        _ => format!("{n} {word}s"),
    }
}

fn report_json(site: &Site, limit: usize) -> serde_json::Value {
    let faq = &site.faq;
    json!({
        "exports": faq.files,
        "rows": faq.rows,
        "clusters": faq.clusters.len(),
        "total_volume": faq.total_volume,
        "covered_volume": faq.covered_volume,
        "coverage": (share(faq.covered_volume, faq.total_volume) * 10.0).round() / 1000.0,
        "entries": faq.entries.iter().map(|e| {
            let page = &site.pages[e.page];
            json!({
                "path": page.source.to_string_lossy().replace('\\', "/"),
                "question": page.question.clone().unwrap_or(page.title.clone()),
                "volume": e.volume,
                "recent_volume": e.recent_volume,
                "clusters": e.clusters.iter().map(|&c| faq.clusters[c].id.clone()).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
        "unanswered": unanswered(site).take(limit).map(|c| json!({
            "id": c.id,
            "volume": c.volume,
            "recent_volume": c.recent_volume,
            "question": c.question,
            "variants": c.variants,
            "tag": c.tag,
            "suggested_path": draft_path(&c.slug),
        })).collect::<Vec<_>>(),
        "stale": stale(site).map(|(page, volume)| json!({
            "path": page.source.to_string_lossy().replace('\\', "/"),
            "question": page.question.clone().unwrap_or(page.title.clone()),
            "volume": volume,
        })).collect::<Vec<_>>(),
    })
}
