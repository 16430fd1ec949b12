//! `guildhall build`: load, check and render the whole site, then write it if nothing is wrong.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, bail};

use crate::args::BuildArgs;
use crate::cmd::Outcome;
use crate::config::{self, Config};
use crate::content;
use crate::diag::{Diagnostic, Diagnostics, Format};
use crate::faq;
use crate::model::Site;
use crate::output;
use crate::output::OutputFile;
use crate::render;
use crate::search;
use crate::site::{self, Available, BuildOptions};

/// Everything a build produced before writing: what `build`, `check` and `serve` share.
pub struct Compiled {
    pub site: Option<Site>,
    /// What `serve` keeps beside the model for the next build, when asked for.
    pub memo: Option<site::Memo>,
    /// How many of `diagnostics` (the first ones) come from loading and the model, before rendering.
    pub model_diagnostics: usize,
    /// The theme the site was rendered with.
    pub theme: Option<render::Theme>,
    pub files: Vec<OutputFile>,
    pub diagnostics: Diagnostics,
}

/// Where the site comes from and how to build it.
#[derive(Debug, Clone)]
pub struct CompileOptions {
    pub root: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub now: Option<String>,
}

/// Loads the site at `options.root` and renders it in memory. Content problems are in the returned
/// diagnostics; only operational failures are errors.
pub fn compile(options: &CompileOptions) -> anyhow::Result<Compiled> {
    let mut compiled = model(options)?;
    render_all(&mut compiled, None, None)?;
    Ok(compiled)
}

/// Renders a built model and its search index into `compiled.files`, sorted by path. `search`
/// and `tera` are what `serve` keeps of the index and the templates for the next build.
pub(crate) fn render_all(
    compiled: &mut Compiled,
    search: Option<&mut search::Cache>,
    tera: Option<&tera::Tera>,
) -> anyhow::Result<()> {
    let mut files = Vec::new();
    render_into(compiled, search, tera, &mut |batch| {
        files.extend(batch);
        Ok(())
    })?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    compiled.files = files;
    Ok(())
}

/// Renders a built model and its search index, handing the files to `sink` batch by batch (what
/// `build` does, to write them without holding the whole site in memory). Problems are added to
/// `compiled.diagnostics`.
pub(crate) fn render_into(
    compiled: &mut Compiled,
    search: Option<&mut search::Cache>,
    tera: Option<&tera::Tera>,
    sink: &mut dyn FnMut(Vec<OutputFile>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let (Some(site), Some(theme)) = (&compiled.site, &compiled.theme) else {
        return Ok(());
    };
    let timings = Timings::new();
    // Every file written is noted, so links to site paths are checked against the whole output.
    let mut written = site::OutputIndex::new(site);
    let mut sink = |batch: Vec<OutputFile>| {
        written.add(&batch);
        sink(batch)
    };
    let render_diagnostics = render::render_each(site, theme, tera, &mut sink)?;
    compiled.diagnostics.extend(render_diagnostics);
    timings.lap("render and write");
    let (index_files, search_diagnostics) = search::build_with(site, search);
    compiled.diagnostics.extend(search_diagnostics);
    sink(index_files)?;
    timings.lap("search index");
    let link_diagnostics = site::check_output_links(site, &written);
    compiled.diagnostics.extend(link_diagnostics);
    timings.lap("check links");
    Ok(())
}

/// Loads the site and builds its model, without rendering anything.
pub(crate) fn model(options: &CompileOptions) -> anyhow::Result<Compiled> {
    let (inputs, theme) = match load(options)? {
        Ok(loaded) => loaded,
        Err(failed) => return Ok(failed),
    };
    let timings = Timings::new();
    let compiled = inputs.compiled(theme, false);
    // The model holds everything later stages need: the sources and exports can go.
    drop(inputs);
    timings.lap("Markdown, model");
    Ok(compiled)
}

/// What a model is built from, as read from disk: `serve` keeps it, and after an edit reads again
/// only the files that changed.
pub(crate) struct Inputs {
    config: Config,
    build_options: BuildOptions,
    available: Available,
    files: Vec<content::SourceFile>,
    /// `files[i]`'s front matter and problems.
    parsed: Vec<(content::Parsed, Diagnostics)>,
    data: content::DataFiles,
    /// What loading reported (unreadable files, support exports, the configuration's patterns).
    diagnostics: Diagnostics,
}

/// Reads the configuration, theme, content and data of the site. `Err` holds the result of a build
/// that cannot go further (the configuration or the theme is broken).
pub(crate) fn load(
    options: &CompileOptions,
) -> anyhow::Result<Result<(Inputs, render::Theme), Compiled>> {
    let root = &options.root;
    let failed = |diagnostics: Diagnostics| Compiled {
        site: None,
        memo: None,
        model_diagnostics: diagnostics.iter().count(),
        theme: None,
        files: Vec::new(),
        diagnostics,
    };
    let mut config = match config::load(root)? {
        Ok(config) => config,
        Err(diagnostics) => return Ok(Err(failed(diagnostics))),
    };
    if let Some(base_url) = &options.base_url {
        config.set_base_url(base_url)?;
    }
    let now = resolve_now(options.now.as_deref(), &config)?;
    let linked = content::linked_outside(root, &read_folders(&config));
    if !linked.is_empty() {
        return Ok(Err(failed(linked)));
    }
    let theme = match render::load_theme(root, &config)? {
        Ok(theme) => theme,
        Err(diagnostics) => return Ok(Err(failed(diagnostics))),
    };
    let timings = Timings::new();
    let (files, assets, mut diagnostics) = content::load_with_assets(root)?;
    timings.lap("load content");
    let (mut data, unreadable) = content::load_data(root)?;
    diagnostics.extend(unreadable);
    match faq::redact::Redactor::new(
        &config
            .site
            .faq
            .redact
            .iter()
            .map(|p| p.get_ref().clone())
            .collect::<Vec<_>>(),
    ) {
        Ok(redactor) => {
            let skus = data
                .products
                .as_ref()
                .map(|file| faq::redact::skus(&file.text))
                .unwrap_or_default();
            let redactor = redactor.with_skus(&skus);
            let (support, found) = faq::export::load(root, &config, &redactor);
            diagnostics.extend(found);
            data.support = support;
        }
        Err((index, message)) => {
            let pattern = &config.site.faq.redact[index];
            diagnostics.push(
                Diagnostic::error(
                    config::CONFIG_FILE,
                    &config.text,
                    pattern.span(),
                    format!("this redaction pattern is not a valid regular expression: {message}"),
                )
                .with_hint("patterns use Rust regex syntax, like \"(?i)member no\\.? ?\\d+\""),
            );
        }
    }
    let available = Available {
        templates: theme.template_names(),
        static_files: theme.static_files.keys().cloned().collect(),
        assets,
    };
    let build_options = BuildOptions {
        drafts: options.drafts,
        now,
    };
    timings.lap("load data and support exports");
    let parsed = site::parse_all(&files);
    timings.lap("parse front matter");
    Ok(Ok((
        Inputs {
            config,
            build_options,
            available,
            files,
            parsed,
            data,
            diagnostics,
        },
        theme,
    )))
}

/// The folders and data files a build reads, relative to the site root.
fn read_folders(config: &Config) -> Vec<String> {
    let theme = format!("themes/{}", config.theme);
    let mut folders: Vec<String> = ["content", "static", "templates", "data", "themes"]
        .map(String::from)
        .into();
    folders.extend(["members.toml", "products.toml", "support"].map(|f| format!("data/{f}")));
    folders.extend([
        format!("{theme}/templates"),
        format!("{theme}/static"),
        theme,
    ]);
    folders
}

impl Inputs {
    /// Builds the model; its diagnostics start with what loading reported. With `keep`, the
    /// result carries what a later build can borrow.
    pub(crate) fn model(&self, earlier: Option<site::Earlier<'_>>, keep: bool) -> site::Built {
        let sources = site::Sources {
            config: &self.config,
            files: &self.files,
            parsed: &self.parsed,
            data: &self.data,
            available: &self.available,
            options: &self.build_options,
        };
        let mut built = site::build_from(sources, earlier, keep);
        let mut diagnostics = self.diagnostics.clone();
        diagnostics.extend(built.diagnostics);
        built.diagnostics = diagnostics;
        built
    }

    /// The model, ready to render with `theme`; with `keep`, with its memo.
    pub(crate) fn compiled(&self, theme: render::Theme, keep: bool) -> Compiled {
        let built = self.model(None, keep);
        Compiled {
            site: Some(built.site),
            memo: built.memo,
            model_diagnostics: built.diagnostics.iter().count(),
            theme: Some(theme),
            files: Vec::new(),
            diagnostics: built.diagnostics,
        }
    }

    /// Takes the new text of a content file that is known already; `false` when it is not.
    pub(crate) fn replace(&mut self, file: content::SourceFile) -> bool {
        let Some(index) = self.files.iter().position(|f| f.rel_path == file.rel_path) else {
            return false;
        };
        self.parsed[index] = content::parse(&file);
        self.files[index] = file;
        true
    }
}

/// Stage times on stderr when `GUILDHALL_TIMINGS` is set: for profiling builds, never in output.
pub(crate) struct Timings {
    started: Option<std::cell::Cell<Instant>>,
}

impl Timings {
    pub(crate) fn new() -> Timings {
        Timings {
            started: std::env::var_os("GUILDHALL_TIMINGS")
                .map(|_| std::cell::Cell::new(Instant::now())),
        }
    }

    pub(crate) fn lap(&self, stage: &str) {
        if let Some(started) = &self.started {
            let now = Instant::now();
            // The peak resident memory so far, where the system tells it (Linux).
            let peak = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|status| {
                    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
                    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
                    Some(format!(" (peak {} MB)", kb / 1024))
                })
                .unwrap_or_default();
            eprintln!(
                "timing: {stage}: {:.3} s{peak}",
                (now - started.get()).as_secs_f64()
            );
            started.set(now);
        }
    }
}

/// The instant to build for: `--now`, then `SOURCE_DATE_EPOCH`, then the clock.
pub(crate) fn resolve_now(now: Option<&str>, config: &Config) -> anyhow::Result<jiff::Timestamp> {
    if let Some(text) = now {
        return parse_now(text, &config.timezone).with_context(|| {
            format!(
                "--now {text}: expected a date like 2026-05-01 or a time like 2026-05-01T09:00:00Z"
            )
        });
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch
            .trim()
            .parse()
            .with_context(|| format!("SOURCE_DATE_EPOCH={epoch} is not a number of seconds"))?;
        return jiff::Timestamp::from_second(seconds)
            .with_context(|| format!("SOURCE_DATE_EPOCH={epoch} is out of range"));
    }
    Ok(jiff::Timestamp::now())
}

fn parse_now(text: &str, zone: &jiff::tz::TimeZone) -> anyhow::Result<jiff::Timestamp> {
    let value = toml::Value::String(text.to_string());
    crate::content::parse_date(&value, zone)
        .map(|date| date.timestamp)
        .map_err(|message| anyhow::anyhow!(message))
}

/// The output folder: `--out`, or `public/` in the site root. Refuses folders that hold the site's own
/// sources, so a build can never replace them.
fn output_dir(args: &BuildArgs) -> anyhow::Result<PathBuf> {
    let out = args.out.clone().unwrap_or_else(|| args.root.join("public"));
    let root = absolute(&args.root)?;
    let out_absolute = absolute(&out)?;
    if root.starts_with(&out_absolute) {
        bail!(
            "the output folder {} contains the site itself; choose another --out",
            out.display()
        );
    }
    for source in ["content", "static", "templates", "themes", "data"] {
        if out_absolute.starts_with(root.join(source)) {
            bail!(
                "the output folder {} is inside the site's {source}/ folder; choose another --out",
                out.display()
            );
        }
    }
    Ok(out)
}

fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    let path =
        std::path::absolute(path).with_context(|| format!("cannot resolve {}", path.display()))?;
    // Resolve symbolic links of the part that exists, so two spellings of a folder compare equal.
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return Ok(path),
        }
    }
    let mut resolved = existing
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", existing.display()))?;
    resolved.extend(rest.iter().rev());
    Ok(resolved)
}

/// Prints diagnostics to stderr in the chosen format, followed by a count.
pub(crate) fn report(diagnostics: &Diagnostics, format: Format) {
    if diagnostics.is_empty() {
        return;
    }
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(diagnostics.render(format).as_bytes());
    if format != Format::Json {
        let errors = diagnostics.error_count();
        let warnings = diagnostics.warning_count();
        let _ = writeln!(stderr, "{}", count_line(errors, warnings));
    }
}

fn count_line(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, w) => plural(w, "warning"),
        (e, 0) => plural(e, "error"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}

/// How the output is written, from `[output]` of the site's configuration (the defaults when the
/// site could not be loaded: the build then reports why and writes nothing).
fn write_options(site: Option<&Site>) -> output::WriteOptions {
    let mut precompress: Vec<_> = site
        .map(|site| {
            let output = &site.config.site.output;
            output.precompress.iter().map(|c| *c.get_ref()).collect()
        })
        .unwrap_or_default();
    precompress.sort();
    precompress.dedup();
    output::WriteOptions { precompress }
}

/// Runs `guildhall build`.
pub(crate) fn run(args: &BuildArgs, format: Format) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let out = output_dir(args)?;
    let mut compiled = model(&CompileOptions {
        root: args.root.clone(),
        base_url: args.base_url.clone(),
        drafts: args.drafts,
        now: args.now.clone(),
    })?;
    // Files are written into a staging folder as they are rendered; it replaces the output only
    // when the whole build succeeded.
    let staging = output::Staging::begin(&out, write_options(compiled.site.as_ref()))?;
    render_into(&mut compiled, None, None, &mut |batch| {
        staging.write(&batch)
    })?;
    report(&compiled.diagnostics, format);
    if compiled.diagnostics.has_errors() {
        drop(staging);
        eprintln!("build failed; {} was left as it was", out.display());
        return Ok(Outcome::ContentErrors);
    }
    let timings = Timings::new();
    let written = staging.commit()?;
    timings.lap("swap");
    let page_count = compiled.site.as_ref().map_or(0, |s| s.pages.len());
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "built {page_count} pages ({} files, {} changed, {} removed) into {} in {seconds:.2} s",
        written.changed + written.unchanged,
        written.changed,
        written.removed,
        out.display()
    );
    if let Some(next) = compiled.site.as_ref().and_then(|s| s.next_change.as_ref()) {
        println!(
            "next rebuild due at {}: {} (written to {})",
            next.at,
            next.reason,
            out.join(render::NEXT_BUILD_FILE).display()
        );
    }
    Ok(Outcome::Success)
}
