//! `guildhall import FORMAT SOURCE [--into HUB]`: brings the pages of a Zola, Hugo, Jekyll or
//! Markdown (Eleventy, Astro) site into a hub. Front matter is mapped and written as TOML, every old
//! address that differs from the new one becomes an alias, page bundles stay bundles, shortcodes
//! become components (or are reported at `path:line`), static files are copied. Nothing is
//! overwritten: a file that exists is skipped and named in the summary.

mod front;
mod hugo;
mod jekyll;
mod kramdown;
mod moved;
mod plan;
mod shortcodes;
mod sources;
mod terms;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use crate::args::{ImportArgs, ImportFormat};
use crate::cmd::Outcome;

/// One file the import writes.
#[derive(Debug, Clone)]
pub(crate) enum Write {
    Text(String),
    Copy(PathBuf),
}

/// A problem the editor should act on: where in the source, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Note {
    pub place: String,
    pub message: String,
}

/// Counts for the summary.
#[derive(Debug, Clone, Default)]
pub(crate) struct Counts {
    pub pages: usize,
    pub bundles: usize,
    pub bundle_files: usize,
    pub sections: usize,
    pub statics: usize,
    pub aliases: usize,
    /// Topic files written to keep the addresses of the old term pages.
    pub term_topics: usize,
    pub converted: BTreeMap<String, usize>,
    pub unknown: usize,
    /// Keys kept under `[extra]`, with how many pages had them.
    pub kept: BTreeMap<String, usize>,
}

fn format_name(format: ImportFormat) -> &'static str {
    match format {
        ImportFormat::Zola => "Zola",
        ImportFormat::Hugo => "Hugo",
        ImportFormat::Jekyll => "Jekyll",
        ImportFormat::Markdown => "Markdown",
    }
}

/// Runs `guildhall import`.
pub(crate) fn run(args: &ImportArgs) -> anyhow::Result<Outcome> {
    if !args.source.is_dir() {
        bail!(
            "{} is not a folder; give the source site's folder",
            args.source.display()
        );
    }
    let mut sections = BTreeMap::new();
    for mapping in &args.sections {
        let Some((old, new)) = mapping.split_once('=') else {
            bail!("--section {mapping}: write it as OLD=NEW, like --section posts=stories");
        };
        let new = new.trim().trim_matches('/');
        if new.is_empty()
            || new.contains("..")
            || new.split('/').any(|p| crate::slug::words(p) != p)
        {
            bail!(
                "--section {mapping}: the new folder must be lowercase words joined by hyphens, like `stories`"
            );
        }
        sections.insert(old.trim().trim_matches('/').to_string(), new.to_string());
    }
    let settings = sources::settings(args.generator, &args.source)?;
    let inventory = sources::inventory(args.generator, &args.source, &settings)?;
    if inventory.pages.is_empty() {
        bail!(
            "no Markdown pages found in {}; is it a {} site?",
            inventory.content_root.display(),
            format_name(args.generator)
        );
    }
    let plan = plan::make(args.generator, &settings, &inventory, &sections)?;
    let hub = &args.into;
    let mut files = plan.files;
    if !hub.join(crate::config::CONFIG_FILE).exists() {
        files.push((
            PathBuf::from(crate::config::CONFIG_FILE),
            Write::Text(config_text(&settings)),
        ));
    }
    let mut skipped = Vec::new();
    let mut written = 0;
    for (path, write) in &files {
        let target = hub.join(path);
        if target.exists() || target.symlink_metadata().is_ok() {
            skipped.push(path.clone());
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        match write {
            Write::Text(text) => std::fs::write(&target, text),
            Write::Copy(source) => std::fs::copy(source, &target).map(|_| ()),
        }
        .with_context(|| format!("cannot write {}", target.display()))?;
        written += 1;
    }
    print_summary(
        args,
        &plan.counts,
        &plan.notes,
        &skipped,
        written,
        &settings,
    );
    Ok(Outcome::Success)
}

fn config_text(settings: &sources::Settings) -> String {
    let title = settings
        .title
        .clone()
        .unwrap_or_else(|| "Imported site".into());
    let base_url = settings
        .base_url
        .clone()
        .unwrap_or_else(|| "https://example.com/".into());
    let base_url = if base_url.ends_with('/') {
        base_url
    } else {
        format!("{base_url}/")
    };
    format!(
        "title = {}\nbase_url = {}\n",
        toml::Value::String(title),
        toml::Value::String(base_url)
    )
}

fn print_summary(
    args: &ImportArgs,
    counts: &Counts,
    notes: &[Note],
    skipped: &[PathBuf],
    written: usize,
    settings: &sources::Settings,
) {
    let hub = args.into.display();
    println!(
        "imported the {} site {} into {hub}: {written} files written",
        format_name(args.generator),
        args.source.display()
    );
    println!(
        "  pages: {} ({} page bundles with {} files beside them), section pages: {}, static files: {}",
        counts.pages, counts.bundles, counts.bundle_files, counts.sections, counts.statics
    );
    println!("  old addresses kept as aliases: {}", counts.aliases);
    if counts.term_topics > 0 {
        println!(
            "  topics written for the old tag and category pages: {}",
            counts.term_topics
        );
    }
    let converted: usize = counts.converted.values().sum();
    let by_name: Vec<String> = counts
        .converted
        .iter()
        .map(|(n, c)| format!("{n} {c}"))
        .collect();
    println!(
        "  shortcodes converted: {converted}{}; left for you: {}",
        if by_name.is_empty() {
            String::new()
        } else {
            format!(" ({})", by_name.join(", "))
        },
        counts.unknown
    );
    if !counts.kept.is_empty() {
        let kept: Vec<String> = counts
            .kept
            .iter()
            .map(|(k, c)| format!("{k} ({c})"))
            .collect();
        println!(
            "  kept under [extra] (no guildhall field): {}",
            kept.join(", ")
        );
    }
    if !skipped.is_empty() {
        println!(
            "  skipped, already in the hub (never overwritten): {}",
            skipped.len()
        );
        for path in skipped {
            println!("    {}", path.display());
        }
    }
    if settings.base_url.is_none() {
        println!(
            "  the source names no base URL: set `base_url` in guildhall.toml if it was written"
        );
    }
    if !notes.is_empty() {
        println!("fix next ({}):", notes.len());
        for note in notes {
            println!("  {}: {}", note.place, note.message);
        }
    }
    println!("then: guildhall build --root {hub}");
}

/// The path of `target` relative to the folder `from` (both below the same root, with `/`).
pub(crate) fn relative(from_dir: &str, target: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = target.split('/').filter(|p| !p.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

/// The path shown for a source file: the source folder joined with the file's path.
pub(crate) fn shown(root: &Path, rel: &str) -> String {
    root.join(rel).display().to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        assert_eq!(super::relative("blog/a", "blog/b.md"), "../b.md");
        assert_eq!(super::relative("", "pages/about.md"), "pages/about.md");
        assert_eq!(super::relative("blog", "blog/b/index.md"), "b/index.md");
    }
}
