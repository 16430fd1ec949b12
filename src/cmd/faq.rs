//! `guildhall faq`: the editor's report on support questions. The biggest questions the FAQ does not
//! answer yet (with sample phrasings and a suggested file), the share of support volume the published
//! FAQ covers, and entries that no recent question matches any more. `--format json` prints the same
//! as one JSON object for dashboards. Every phrasing printed is redacted.

use std::fmt::Write as _;

use anyhow::Context as _;
use serde_json::json;

use crate::args::FaqArgs;
use crate::cmd::Outcome;
use crate::cmd::build::{self, CompileOptions};
use crate::diag::Format;
use crate::faq::model::ClusterInfo;
use crate::model::Site;

pub(crate) fn run(args: &FaqArgs, format: Format) -> anyhow::Result<Outcome> {
    let compiled = build::compile(&CompileOptions {
        root: args.root.clone(),
        base_url: None,
        drafts: false,
        now: args.now.clone(),
        cache: None,
        no_cache: false,
    })?;
    build::report(&compiled.diagnostics, format);
    let Some(site) = compiled.site else {
        return Ok(Outcome::ContentErrors);
    };
    let text = if format == Format::Json {
        let mut value = report_json(&site, args);
        value["diagnostics"] = compiled.diagnostics.error_count().into();
        let mut text = serde_json::to_string_pretty(&value)?;
        text.push('\n');
        text
    } else {
        report_text(&site, args)
    };
    if let Some(path) = &args.members {
        std::fs::write(path, members_csv(&site))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
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

fn unanswered(site: &Site, min_size: u64) -> impl Iterator<Item = &ClusterInfo> {
    site.faq
        .clusters
        .iter()
        .filter(move |c| c.answered_by.is_none() && c.volume >= min_size)
}

/// Clusters too small to be listed as a need, and their volume.
fn rare(site: &Site, min_size: u64) -> (usize, u64) {
    site.faq
        .clusters
        .iter()
        .filter(|c| c.volume < min_size)
        .fold((0, 0), |(n, v), c| (n + 1, v + c.volume))
}

fn stale(site: &Site) -> impl Iterator<Item = (&crate::model::Page, u64)> {
    site.faq
        .entries
        .iter()
        .filter(|e| e.recent_volume == 0)
        .map(|e| (&site.pages[e.page], e.volume))
}

/// `limit` as a number of items to show: 0 shows all.
fn shown(limit: usize) -> usize {
    if limit == 0 { usize::MAX } else { limit }
}

/// Every row's cluster as CSV: file, line, cluster id (empty for rows without usable words).
fn members_csv(site: &Site) -> String {
    let faq = &site.faq;
    let mut rows: Vec<(usize, u64, &str)> = faq
        .clusters
        .iter()
        .flat_map(|c| c.members.iter().map(|&(f, l)| (f, l, c.id.as_str())))
        .chain(faq.unclustered.iter().map(|&(f, l)| (f, l, "")))
        .collect();
    rows.sort_unstable();
    let mut out = String::from("file,line,cluster\n");
    for (file, line, cluster) in rows {
        let _ = writeln!(out, "{},{line},{cluster}", csv_field(&faq.files[file]));
    }
    out
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn report_text(site: &Site, args: &FaqArgs) -> String {
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
        "The published FAQ ({}) confidently answers {:.1}% of support volume ({} of {}); \
         a row counts only when its entry leads the next one by {} or more.",
        plural(faq.entries.len(), "entry"),
        share(faq.covered_volume, faq.total_volume),
        faq.covered_volume,
        faq.total_volume,
        site.config.site.faq.match_threshold.get_ref()
    );
    entries_text(site, &mut out);
    unanswered_text(site, args, &mut out);
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

fn entries_text(site: &Site, out: &mut String) {
    let faq = &site.faq;
    let _ = writeln!(
        out,
        "\nWhat each entry answers (cluster, rows, confidence):"
    );
    for entry in &faq.entries {
        let page = &site.pages[entry.page];
        let _ = writeln!(
            out,
            "  {}  \"{}\"  {} rows",
            page.source.display(),
            page.question.as_deref().unwrap_or(&page.title),
            entry.volume
        );
        for &c in &entry.clusters {
            let cluster = &faq.clusters[c];
            let confidence = cluster.answered_by.map_or(0.0, |(_, c)| c);
            let _ = writeln!(
                out,
                "       {}  {}  {confidence:.2}  \"{}\"",
                cluster.id, cluster.volume, cluster.question
            );
        }
    }
}

fn unanswered_text(site: &Site, args: &FaqArgs, out: &mut String) {
    let faq = &site.faq;
    let total = unanswered(site, args.min_size).count();
    let _ = writeln!(
        out,
        "\nBiggest unanswered questions ({} of {total}; --limit N to change, 0 for all):",
        total.min(shown(args.limit))
    );
    for (rank, cluster) in unanswered(site, args.min_size)
        .take(shown(args.limit))
        .enumerate()
    {
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
        if let Some((e, confidence)) = cluster.nearest {
            let page = &site.pages[faq.entries[e].page];
            let _ = writeln!(
                out,
                "       nearest entry: {} (confidence {confidence:.2}, too low to count)",
                page.source.display()
            );
        }
        let _ = writeln!(
            out,
            "       draft: guildhall new faq --from {}   (writes {}, \"{}\")",
            cluster.id,
            draft_path(&cluster.slug),
            cluster.title
        );
    }
    if total == 0 {
        let _ = writeln!(out, "  none: every cluster has an answer");
    }
    let (rare_clusters, rare_volume) = rare(site, args.min_size);
    if rare_clusters > 0 {
        let _ = writeln!(
            out,
            "  not listed: {} of fewer than {} rows ({rare_volume} rows; --min-size to change)",
            plural(rare_clusters, "cluster"),
            args.min_size
        );
    }
    if !faq.unclustered.is_empty() {
        let _ = writeln!(
            out,
            "\nRows without usable words (greetings, only numbers): {} ({} volume)",
            faq.unclustered.len(),
            faq.unclustered_volume
        );
        for &(file, line) in faq.unclustered.iter().take(shown(args.limit)) {
            let _ = writeln!(out, "  {}:{line}", faq.files[file]);
        }
        if faq.unclustered.len() > shown(args.limit) {
            let _ = writeln!(
                out,
                "  and {} more (--limit 0 for all)",
                faq.unclustered.len() - shown(args.limit)
            );
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (1, _) => format!("1 {word}"),
        (_, "entry") => format!("{n} entries"),
        _ => format!("{n} {word}s"),
    }
}

fn report_json(site: &Site, args: &FaqArgs) -> serde_json::Value {
    let faq = &site.faq;
    let unanswered_total = unanswered(site, args.min_size).count();
    let (rare_clusters, rare_volume) = rare(site, args.min_size);
    json!({
        "exports": faq.files,
        "rows": faq.rows,
        "clusters": faq.clusters.len(),
        "total_volume": faq.total_volume,
        "covered_volume": faq.covered_volume,
        "coverage": (share(faq.covered_volume, faq.total_volume) * 10.0).round() / 1000.0,
        "match_threshold": site.config.site.faq.match_threshold.get_ref(),
        "min_size": args.min_size,
        "entries": faq.entries.iter().map(|e| {
            let page = &site.pages[e.page];
            json!({
                "path": page.source.to_string_lossy().replace('\\', "/"),
                "question": page.question.clone().unwrap_or(page.title.clone()),
                "volume": e.volume,
                "recent_volume": e.recent_volume,
                "clusters": e.clusters.iter().map(|&c| {
                    let cluster = &faq.clusters[c];
                    json!({
                        "id": cluster.id,
                        "volume": cluster.volume,
                        "confidence": cluster.answered_by.map(|(_, c)| (c * 1000.0).round() / 1000.0),
                        "question": cluster.question,
                    })
                }).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
        "unanswered_total": unanswered_total,
        // `unanswered` lists the biggest `--limit` of them (null: all); `truncated` says it cut.
        "unanswered_limit": (args.limit > 0).then_some(args.limit),
        "unanswered_truncated": unanswered_total > shown(args.limit),
        "unanswered": unanswered(site, args.min_size).take(shown(args.limit)).map(|c| json!({
            "id": c.id,
            "volume": c.volume,
            "recent_volume": c.recent_volume,
            "question": c.question,
            "variants": c.variants,
            "tag": c.tag,
            "suggested_path": draft_path(&c.slug),
            "suggested_title": c.title,
            "nearest": c.nearest.map(|(e, confidence)| json!({
                "path": site.pages[faq.entries[e].page].source.to_string_lossy().replace('\\', "/"),
                "confidence": (confidence * 1000.0).round() / 1000.0,
            })),
        })).collect::<Vec<_>>(),
        "rare": { "clusters": rare_clusters, "volume": rare_volume },
        "without_words": {
            "rows": faq.unclustered.len(),
            "volume": faq.unclustered_volume,
            "lines": faq.unclustered.iter().map(|&(f, l)| json!({"file": faq.files[f], "line": l})).collect::<Vec<_>>(),
        },
        "members": faq.clusters.iter().map(|c| json!({
            "id": c.id,
            "rows": c.members.iter().map(|&(f, l)| json!({"file": faq.files[f], "line": l})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "stale": stale(site).map(|(page, volume)| json!({
            "path": page.source.to_string_lossy().replace('\\', "/"),
            "question": page.question.clone().unwrap_or(page.title.clone()),
            "volume": volume,
        })).collect::<Vec<_>>(),
    })
}
