//! `guildhall build`: load, check and render the whole site, then write it if nothing is wrong.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, bail};

use crate::args::BuildArgs;
use crate::cmd::Outcome;
use crate::cmd::progress::Progress;
use crate::cmd::rebuild::{Kept, Pending};
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
    /// The cache's root folder when `--cache` names one.
    pub cache: Option<PathBuf>,
    /// `--no-cache`: nothing is read from or written to the build cache, pictures included.
    pub no_cache: bool,
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
    let progress = Progress::default();
    render_into(compiled, search, tera, &progress, &mut |batch| {
        files.extend(batch);
        Ok(())
    })?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    compiled.files = files;
    Ok(())
}

/// What [`render_into`] found while rendering, for the build cache.
pub(crate) struct RenderedAll {
    /// Every path written, and the ids links with a fragment look for.
    pub(crate) written: site::OutputIndex,
    /// The files of the search index.
    pub(crate) search_paths: Vec<String>,
    /// Whether rendering (templates, pictures) reported nothing.
    pub(crate) clean: bool,
}

/// Renders a built model and its search index, handing the files to `sink` batch by batch (what
/// `build` does, to write them without holding the whole site in memory). Problems are added to
/// `compiled.diagnostics`.
pub(crate) fn render_into(
    compiled: &mut Compiled,
    search: Option<&mut search::Cache>,
    tera: Option<&tera::Tera>,
    progress: &Progress,
    sink: &mut dyn FnMut(Vec<OutputFile>) -> anyhow::Result<()>,
) -> anyhow::Result<Option<RenderedAll>> {
    let (Some(site), Some(theme)) = (&compiled.site, &compiled.theme) else {
        return Ok(None);
    };
    let timings = Timings::new(progress);
    progress.stage("rendering");
    let rendered = std::cell::Cell::new(0);
    // Every file written is noted, so links to site paths are checked against the whole output.
    let mut written = site::OutputIndex::new(site);
    let mut sink = |batch: Vec<OutputFile>| {
        rendered.set(rendered.get() + batch.len());
        progress.count(batch.len(), "files rendered and written");
        written.add(&batch);
        sink(batch)
    };
    let render_diagnostics = render::render_each(site, theme, tera, &mut sink)?;
    let clean = render_diagnostics.is_empty();
    compiled.diagnostics.extend(render_diagnostics);
    timings.lap_counted("render and write", format!("{} files", rendered.get()));
    progress.stage("search index");
    let (index_files, search_diagnostics) = search::build_with(site, search);
    compiled.diagnostics.extend(search_diagnostics);
    let index_count = index_files.len();
    let search_paths = index_files.iter().map(|f| f.path.clone()).collect();
    sink(index_files)?;
    timings.lap_counted("search index", format!("{index_count} files"));
    let link_diagnostics = site::check_output_links(site, &written);
    compiled.diagnostics.extend(link_diagnostics);
    timings.lap("check links");
    Ok(Some(RenderedAll {
        written,
        search_paths,
        clean,
    }))
}

/// Loads the site and builds its model, without rendering anything.
pub(crate) fn model(options: &CompileOptions) -> anyhow::Result<Compiled> {
    let (inputs, theme) = match load(options)? {
        Ok(loaded) => loaded,
        Err(failed) => return Ok(failed),
    };
    let timings = Timings::new(&Progress::default());
    let compiled = inputs.compiled(theme, false);
    // The model holds everything later stages need: the sources and exports can go.
    drop(inputs);
    timings.lap("Markdown, model");
    Ok(compiled)
}

/// The model, built with what the build cache kept (unless `--no-cache`), and the cache's root
/// with what the next build can take: the bodies of this build and, filled in while rendering,
/// its search index.
fn cached_model(
    options: &CompileOptions,
    args: &BuildArgs,
    progress: &Progress,
) -> anyhow::Result<(Compiled, Option<Kept>)> {
    let (mut inputs, theme) = match load_with(options, progress)? {
        Ok(loaded) => loaded,
        Err(failed) => return Ok((failed, None)),
    };
    if args.no_cache {
        let timings = Timings::new(progress);
        progress.stage("Markdown and the model");
        let compiled = inputs.compiled(theme, false);
        timings.lap_counted("Markdown, model", format!("{} pages", inputs.files.len()));
        return Ok((compiled, None));
    }
    let configured = inputs.config.site.build.cache_dir.as_deref();
    let cache_root = crate::cache::root(&options.root, args.cache.as_deref(), configured);
    let timings = Timings::new(progress);
    progress.stage("reading the build cache");
    let (mut state, ignored) = crate::cache::state::load(&cache_root);
    if let Some(ignored) = ignored {
        eprintln!("note: {ignored}; building without it");
    }
    let kept = state.bodies.len();
    timings.lap_counted("read the build cache", format!("{kept} bodies"));
    progress.stage("Markdown and the model");
    inputs.stored = Some(std::mem::take(&mut state.bodies));
    let inputs_key = crate::cache::rebuild::inputs_key(
        &options.root,
        &inputs.config,
        &theme,
        &inputs.data,
        &inputs.available.assets,
        &inputs.build_options,
    );
    let files = crate::cache::rebuild::file_hashes(&inputs.files);
    let mut compiled = inputs.compiled(theme, true);
    let mut reused = 0;
    if let (Some(site), Some(memo)) = (&compiled.site, compiled.memo.take()) {
        state.bodies = site::StoredBodies::of(site, &memo, &inputs.files);
        reused = state.bodies.reused_from(inputs.stored.as_ref());
    }
    timings.lap_counted(
        "Markdown, model",
        format!(
            "{} pages, {reused} bodies from the cache",
            inputs.files.len()
        ),
    );
    let kept = Kept {
        root: cache_root,
        state,
        inputs: inputs_key,
        files,
    };
    Ok((compiled, Some(kept)))
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
    /// The bodies the build cache kept, taken where still right.
    stored: Option<site::StoredBodies>,
}

/// Reads the configuration, theme, content and data of the site. `Err` holds the result of a build
/// that cannot go further (the configuration or the theme is broken).
pub(crate) fn load(
    options: &CompileOptions,
) -> anyhow::Result<Result<(Inputs, render::Theme), Compiled>> {
    load_with(options, &Progress::default())
}

/// [`load`], telling `progress` how it goes.
fn load_with(
    options: &CompileOptions,
    progress: &Progress,
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
    // A configuration with problems that leave it usable still lets the content be checked.
    let (config, config_diagnostics) = config::load(root)?;
    let Some(mut config) = config else {
        return Ok(Err(failed(config_diagnostics)));
    };
    let failed = |diagnostics: Diagnostics| {
        let mut all = config_diagnostics.clone();
        all.extend(diagnostics);
        failed(all)
    };
    if let Some(base_url) = &options.base_url {
        config.set_base_url(base_url)?;
    }
    let now = resolve_now(options.now.as_deref(), &config)?;
    let linked = content::linked_outside(root, &read_folders(&config));
    if !linked.is_empty() {
        return Ok(Err(failed(linked)));
    }
    let mut theme = match render::load_theme(root, &config)? {
        Ok(theme) => theme,
        Err(diagnostics) => return Ok(Err(failed(diagnostics))),
    };
    let timings = Timings::new(progress);
    progress.stage("pictures");
    let picture_cache = (!options.no_cache).then(|| {
        crate::cache::root(
            root,
            options.cache.as_deref(),
            config.site.build.cache_dir.as_deref(),
        )
        .join("images")
    });
    let (pictures, picture_problems) =
        crate::images::prepare(&theme.static_files, &config, picture_cache);
    theme.pictures = std::sync::Arc::new(pictures);
    timings.lap("pictures");
    progress.stage("loading content");
    let (files, assets, content_diagnostics) = content::load_with_assets(root)?;
    let mut diagnostics = config_diagnostics;
    diagnostics.extend(content_diagnostics);
    diagnostics.extend(picture_problems);
    timings.lap_counted("load content", format!("{} files", files.len()));
    progress.stage("loading data and support exports");
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
            let cache = (!options.no_cache).then(|| {
                crate::cache::root(
                    root,
                    options.cache.as_deref(),
                    config.site.build.cache_dir.as_deref(),
                )
            });
            let (support, found) =
                crate::cache::exports::load(cache.as_deref(), root, &config, &redactor, &skus);
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
    let available = render::available(&theme, &config, assets);
    let build_options = BuildOptions {
        drafts: options.drafts,
        now,
    };
    timings.lap("load data and support exports");
    progress.stage("parsing front matter");
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
            stored: None,
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
            stored: self.stored.as_ref(),
        };
        let mut built = site::build_from(sources, earlier, keep);
        let mut diagnostics = self.diagnostics.clone();
        diagnostics.extend(built.diagnostics);
        built.diagnostics = diagnostics;
        built
    }

    /// The model, ready to render with `theme`; with `keep`, with its memo.
    pub(crate) fn compiled(&self, mut theme: render::Theme, keep: bool) -> Compiled {
        let mut built = self.model(None, keep);
        // The pictures beside their pages are known once the pages have their addresses.
        if let Some(pictures) = std::sync::Arc::get_mut(&mut theme.pictures) {
            let files: Vec<(&str, &crate::output::Origin, String)> = built
                .site
                .assets
                .iter()
                .map(|asset| {
                    let shown = format!("content/{}", asset.rel_path);
                    (asset.url.as_str(), &asset.origin, shown)
                })
                .collect();
            let problems = pictures.add_content_files(&files);
            built.diagnostics.extend(problems);
        }
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

/// Stage times on stderr when `GUILDHALL_TIMINGS` is set (for profiling builds, never in output),
/// and each stage's end told to the build's [`Progress`].
pub(crate) struct Timings {
    started: Option<std::cell::Cell<Instant>>,
    progress: Progress,
}

impl Timings {
    pub(crate) fn new(progress: &Progress) -> Timings {
        Timings {
            started: std::env::var_os("GUILDHALL_TIMINGS")
                .map(|_| std::cell::Cell::new(Instant::now())),
            progress: progress.clone(),
        }
    }

    /// Ends a stage, with what it went through.
    pub(crate) fn lap_counted(&self, stage: &str, counted: String) {
        self.progress.lap(stage, Some(counted));
        self.print(stage);
    }

    pub(crate) fn lap(&self, stage: &str) {
        self.progress.lap(stage, None);
        self.print(stage);
    }

    fn print(&self, stage: &str) {
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

/// Prints diagnostics to stderr in the chosen format, followed by a count (but for JSON).
pub(crate) fn report(diagnostics: &Diagnostics, format: Format) {
    // Without a file to write to, a report for the CI host goes to standard output.
    let _ = report_to(diagnostics, format, None);
}

/// [`report`], with the formats for CI hosts on standard output or, for GitLab's report, in
/// `file` (written even when there is nothing to say, as GitLab expects a report).
pub(crate) fn report_to(
    diagnostics: &Diagnostics,
    format: Format,
    file: Option<&Path>,
) -> anyhow::Result<()> {
    if format.for_ci_host() {
        let text = diagnostics.render(format);
        match file.filter(|_| format == Format::Gitlab) {
            Some(file) => {
                std::fs::write(file, text)
                    .with_context(|| format!("cannot write {}", file.display()))?;
                // The job log still shows every problem.
                let _ = std::io::stderr().write_all(diagnostics.render(Format::Short).as_bytes());
            }
            None if format == Format::Github && diagnostics.is_empty() => {}
            None => {
                let _ = std::io::stdout().write_all(text.as_bytes());
            }
        }
        if !diagnostics.is_empty() {
            let counts = count_line(diagnostics.error_count(), diagnostics.warning_count());
            eprintln!("{counts}");
        }
        return Ok(());
    }
    if diagnostics.is_empty() {
        return Ok(());
    }
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(diagnostics.render(format).as_bytes());
    if format != Format::Json {
        let errors = diagnostics.error_count();
        let warnings = diagnostics.warning_count();
        let _ = writeln!(stderr, "{}", count_line(errors, warnings));
    }
    Ok(())
}

/// Prints the diagnostics of `build` and `check`: JSON lines on stdout, where nothing else is
/// printed (the summary follows as one more object, see [`json_summary`]); other formats as
/// [`report`] does.
pub(crate) fn emit(diagnostics: &Diagnostics, format: Format) {
    if format == Format::Json {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(diagnostics.render(format).as_bytes());
    } else {
        report(diagnostics, format);
    }
}

/// The last line of a command's JSON output on stdout: `{"summary": {"command": .., "status": ..,
/// "errors": .., "warnings": .., ...}}` with `fields` added.
pub(crate) fn json_summary(
    command: &str,
    status: &str,
    diagnostics: &Diagnostics,
    fields: serde_json::Value,
) {
    let mut summary = serde_json::json!({
        "command": command,
        "status": status,
        "errors": diagnostics.error_count(),
        "warnings": diagnostics.warning_count(),
    });
    if let (Some(summary), serde_json::Value::Object(fields)) = (summary.as_object_mut(), fields) {
        summary.extend(fields);
    }
    println!("{}", serde_json::json!({ "summary": summary }));
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

/// Cuts the picture cache back with `sweep` (a cache that cannot be cleaned is only a warning:
/// the site is written) and says how many pictures and cards the build made and took from the cache.
fn report_pictures(
    pictures: &crate::images::Pictures,
    format: Format,
    sweep: bool,
) -> Option<String> {
    if sweep {
        if let Err(error) = pictures.sweep_cache() {
            eprintln!("warning: the picture cache could not be cleaned: {error}");
        }
    }
    let (made, reused) = pictures.counts();
    (made + reused > 0 && matches!(format, Format::Human | Format::Short))
        .then(|| format!("pictures and cards: {made} made, {reused} from the cache"))
}

/// Runs `guildhall build`.
pub(crate) fn run(args: &BuildArgs, format: Format) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let out = output_dir(args)?;
    let options = CompileOptions {
        root: args.root.clone(),
        base_url: args.base_url.clone(),
        drafts: args.drafts,
        now: args.now.clone(),
        cache: args.cache.clone(),
        no_cache: args.no_cache,
    };
    let progress = Progress::new(args.timings);
    let (compiled, kept) = cached_model(&options, args, &progress)?;
    // The process ends with this command: freeing the model's ten thousands of strings one by one
    // would cost it tens of milliseconds for nothing.
    let mut compiled = std::mem::ManuallyDrop::new(compiled);
    let mut kept = std::mem::ManuallyDrop::new(kept);
    let write_options = write_options(compiled.site.as_ref());
    let changes = match kept.as_mut() {
        Some(kept) => crate::cmd::rebuild::render_changes(
            &mut compiled,
            kept,
            &out,
            &write_options,
            &progress,
        )?,
        None => None,
    };
    let pending = match changes {
        Some(changes) => Pending::Update(Box::new(changes)),
        None => {
            // Files are written into a staging folder as they are rendered; it replaces the
            // output only when the whole build succeeded.
            let staging = output::Staging::begin(&out, write_options)?;
            let search = kept.as_mut().map(|kept| &mut kept.state.search);
            let rendered = render_into(&mut compiled, search, None, &progress, &mut |batch| {
                staging.write(&batch)
            })?;
            Pending::Whole(Box::new((staging, rendered)))
        }
    };
    let updated = pending.is_update();
    progress.clear();
    if format == Format::Json {
        emit(&compiled.diagnostics, format);
    } else {
        report_to(&compiled.diagnostics, format, args.report.as_deref())?;
    }
    let page_count = compiled.site.as_ref().map_or(0, |s| s.pages.len());
    let output = out.display().to_string();
    if compiled.diagnostics.has_errors() {
        drop(pending);
        // The bodies still spare the next build their Markdown.
        if let Some(kept) = kept.as_ref() {
            kept.save(&progress);
        }
        progress.finish();
        if format == Format::Json {
            let fields = serde_json::json!({ "pages": page_count, "output": output });
            json_summary("build", "failed", &compiled.diagnostics, fields);
        } else {
            eprintln!("build failed; {output} was left as it was");
        }
        return Ok(Outcome::ContentErrors);
    }
    let timings = Timings::new(&progress);
    let written = pending.publish(&compiled, &out, kept.as_mut())?;
    timings.lap(if updated { "update in place" } else { "swap" });
    if let Some(kept) = kept.as_ref() {
        kept.save(&progress);
    }
    progress.finish();
    let seconds = started.elapsed().as_secs_f64();
    let next = compiled.site.as_ref().and_then(|s| s.next_change.as_ref());
    // An update leaves most pictures and cards in the output: their cache entries stay.
    let pictures = compiled
        .theme
        .as_ref()
        .and_then(|theme| report_pictures(&theme.pictures, format, !updated));
    if format == Format::Json {
        let fields = serde_json::json!({
            "pages": page_count,
            "files": written.changed + written.unchanged,
            "changed": written.changed,
            "removed": written.removed,
            "output": output,
            "next_rebuild": next.map(|next| serde_json::json!({
                "at": next.at.to_string(),
                "reason": next.reason,
            })),
        });
        json_summary("build", "succeeded", &compiled.diagnostics, fields);
        return Ok(Outcome::Success);
    }
    // A GitLab report on standard output keeps it to itself.
    let report_on_stdout = format == Format::Gitlab && args.report.is_none();
    let say = |line: String| {
        if report_on_stdout {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    };
    say(format!(
        "built {page_count} pages ({} files, {} changed, {} removed) into {} in {seconds:.2} s",
        written.changed + written.unchanged,
        written.changed,
        written.removed,
        out.display()
    ));
    if let Some(next) = next {
        say(format!(
            "next rebuild due at {}: {} (written to {})",
            next.at,
            next.reason,
            out.join(render::NEXT_BUILD_FILE).display()
        ));
    }
    if let Some(line) = pictures {
        say(line);
    }
    Ok(Outcome::Success)
}
