//! `guildhall serve`: builds the hub in memory, serves it, and rebuilds on every change.
//!
//! One thread watches the site folder (notify) and rebuilds after a short quiet period, so a burst
//! of saves is one rebuild; events that arrive during a rebuild wait in the channel and cause the
//! next one, so no edit is lost. Requests are answered from the in-memory output of the last good
//! build: nothing outside it can ever be read, whatever the path says. Open tabs hear about new builds
//! through server-sent events and reload, or show an overlay with the build's errors until the file
//! is fixed.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use notify::{RecursiveMode, Watcher as _};
use serde_json::json;

use crate::args::ServeArgs;
use crate::cmd::Outcome;
use crate::cmd::build::{self, CompileOptions};
use crate::diag::Format;
use crate::model::Site;
use crate::output::{Contents, Origin};
use crate::site;

mod answer;
mod http;

use answer::respond;

/// Quiet time after the last change before a rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(40);
/// Paths of the live-reload machinery; no site file can live under it (it starts with `__`).
const LIVE_PREFIX: &str = "/__guildhall/";

/// The output of the last good build and the diagnostics of the last build.
#[derive(Default)]
struct State {
    files: HashMap<String, Contents>,
    /// Human-readable diagnostics of the last build, and whether it failed.
    problems: String,
    failed: bool,
    /// Output paths whose bytes changed in the last good build.
    changed: Vec<String>,
    version: u64,
}

struct Shared {
    state: RwLock<State>,
    listeners: Mutex<Vec<Sender<String>>>,
    hosts: http::Hosts,
}

/// Live-reload listeners (open tabs) served at once; more get `503`.
const MAX_LISTENERS: usize = 64;

impl Shared {
    fn broadcast(&self, message: &str) {
        let mut listeners = self.listeners.lock().unwrap_or_else(|e| e.into_inner());
        listeners.retain(|tx| tx.send(message.to_string()).is_ok());
    }

    /// The event that tells tabs what the current state is.
    fn status_event(&self) -> String {
        let state = self.state.read().unwrap_or_else(|e| e.into_inner());
        if state.failed {
            let data = json!({"problems": state.problems}).to_string();
            format!("event: problems\ndata: {data}\n\n")
        } else {
            let data = json!({"version": state.version, "changed": state.changed}).to_string();
            format!("event: built\ndata: {data}\n\n")
        }
    }
}

pub(crate) fn run(args: &ServeArgs, format: Format) -> anyhow::Result<Outcome> {
    let address: IpAddr = args
        .bind
        .parse()
        .with_context(|| format!("--bind {}: not an IP address", args.bind))?;
    if !address.is_loopback() {
        eprintln!(
            "warning: serving on {address}: other machines on the network can read the hub, drafts included"
        );
    }
    let listener = bind(address, args.port)?;
    let local = listener.local_addr()?;
    let base_url = format!("http://{}/", display_addr(link_addr(local)));
    let shared = Arc::new(Shared {
        state: RwLock::new(State::default()),
        listeners: Mutex::new(Vec::new()),
        hosts: http::Hosts::new(address, &args.allow_host),
    });
    let options = CompileOptions {
        root: args.root.clone(),
        base_url: Some(base_url.clone()),
        drafts: true,
        now: args.now.clone(),
        cache: None,
        no_cache: false,
    };
    // The first build of a big hub takes seconds: say so at once.
    println!("building {} for {base_url} ...", args.root.display());
    let cache = rebuild(&options, &shared, format, crate::search::Cache::default())?;
    println!(
        "serving {} on {base_url} (Ctrl-C to stop)",
        args.root.display()
    );

    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .context("cannot watch the site folder for changes")?;
    watcher
        .watch(&args.root, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch {}", args.root.display()))?;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let shared = Arc::clone(&shared);
        let stop = Arc::clone(&stop);
        let root = args.root.clone();
        std::thread::spawn(move || {
            watch_loop(&rx, &root, &options, &shared, format, &stop, cache);
        });
    }
    {
        let stop = Arc::clone(&stop);
        let _ = ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            http::wake(local);
        });
    }
    if args.open {
        open_browser(&base_url);
    }
    let handler = Arc::clone(&shared);
    http::run(
        listener,
        &stop,
        Arc::new(move |request| respond(request, &handler)),
    );
    drop(watcher);
    println!("stopped");
    Ok(Outcome::Success)
}

/// The address pages link to: the bound one, or `localhost` when the server listens on every
/// address (`0.0.0.0` is where a server listens, not an address a browser can open).
fn link_addr(addr: SocketAddr) -> SocketAddr {
    if addr.ip().is_unspecified() {
        let loopback: IpAddr = match addr {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        };
        return SocketAddr::new(loopback, addr.port());
    }
    addr
}

fn display_addr(addr: SocketAddr) -> String {
    match addr {
        SocketAddr::V6(v6) => format!("[{}]:{}", v6.ip(), v6.port()),
        SocketAddr::V4(v4) => v4.to_string(),
    }
}

/// Binds the port, or says which one is free when it is taken. Port 0 picks any free port.
fn bind(address: IpAddr, port: u16) -> anyhow::Result<TcpListener> {
    match TcpListener::bind((address, port)) {
        Ok(listener) => Ok(listener),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            let free = (port.saturating_add(1)..port.saturating_add(100))
                .find(|&p| TcpListener::bind((address, p)).is_ok());
            match free {
                Some(free) => bail!(
                    "port {port} is already in use (another `guildhall serve`?); try --port {free}"
                ),
                None => bail!("port {port} is already in use; choose another with --port"),
            }
        }
        Err(e) => Err(e).with_context(|| format!("cannot listen on {address}:{port}")),
    }
}

/// What the last full build leaves for edits that only change one page's body.
struct Cache {
    site: Site,
    /// What the build of `site` keeps for the next one (`site::reuse`).
    memo: site::Memo,
    /// What `site` was built from: an edit reads again only the files it changed.
    inputs: build::Inputs,
    /// What the search index of `site` was made of: an edit analyses again only what it changed.
    search: crate::search::Cache,
    /// What loading and the model reported in the last full build (short format): an edit whose
    /// model reports exactly the same can be rendered in part.
    model_diagnostics: Vec<String>,
    theme: crate::render::Theme,
    tera: tera::Tera,
    /// Files the last full build had something to say about: an edit to one of them gets a full
    /// build, so its messages are always complete.
    noted: HashSet<PathBuf>,
}

/// Publishes the changed paths `changed` (site folder relative or absolute), by the fastest correct
/// means: when every change is the body of a page that nothing else shows, only those pages are
/// rendered again; otherwise the whole site is built.
fn update(
    options: &CompileOptions,
    shared: &Shared,
    format: Format,
    cache: &mut Option<Cache>,
    changed: &BTreeSet<PathBuf>,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let Some(ready) = cache.as_mut() else {
        *cache = rebuild(options, shared, format, crate::search::Cache::default())?;
        return Ok(());
    };
    // Only edits of existing pages are rendered in part, their files read once: bodies alone render
    // the pages themselves; other edits rebuild the model and render what shows them.
    let edited = changed_pages(&options.root, &ready.site, changed).and_then(read_pages);
    let partial = match edited {
        None => None,
        Some(files) => match update_bodies(ready, &files) {
            Some((files, count)) => Some((files, count, false)),
            None => update_model(ready, files).map(|(files, count)| (files, count, true)),
        },
    };
    if let Some((files, count, model)) = partial {
        publish(shared, files, false);
        let published = started.elapsed();
        // The tabs reload with the pages first; the index, which holds every page's words, follows.
        let (index, _) = crate::search::build_with(&ready.site, Some(&mut ready.search));
        replace_index(shared, index);
        let (pages, them) = if count == 1 {
            ("1 page".to_string(), "it")
        } else {
            (format!("{count} pages"), "them")
        };
        let shows = if model {
            format!(" and what shows {them}")
        } else {
            String::new()
        };
        println!(
            "updated {pages}{shows} in {} ms; the search index in {} ms",
            published.as_millis().max(1),
            (started.elapsed() - published).as_millis().max(1)
        );
        return Ok(());
    }
    // The index of the last build still knows most documents.
    let search = cache.take().map(|c| c.search).unwrap_or_default();
    *cache = rebuild(options, shared, format, search)?;
    Ok(())
}

/// After an edit to the front matter of existing pages (`files`, their new texts): builds the
/// model again and renders only the files the edit can change (`render::render_update`). `None`
/// when the edit needs a full build: the shape of the site changed, or the model reports anything
/// different from the last full build.
fn update_model(
    cache: &mut Cache,
    files: Vec<crate::content::SourceFile>,
) -> Option<(Vec<crate::output::OutputFile>, usize)> {
    let edited: Vec<String> = files.iter().map(|f| f.rel_path.clone()).collect();
    // A refusal from here on leaves the cache half updated; the caller then builds everything and
    // replaces it.
    for file in files {
        if !cache.inputs.replace(file) {
            return None;
        }
    }
    let timings = build::Timings::new(&Default::default());
    let built = cache.inputs.model(
        Some(site::Earlier {
            site: &cache.site,
            memo: &cache.memo,
            changed: &edited.iter().cloned().collect(),
        }),
        true,
    );
    let (site, diagnostics) = (built.site, built.diagnostics);
    timings.lap("model after an edit");
    let reported: Vec<String> = diagnostics
        .iter()
        .map(crate::diag::Diagnostic::render_short)
        .collect();
    // Links to site paths are checked against the whole output by a full build only.
    if diagnostics.has_errors()
        || reported != cache.model_diagnostics
        || !site::same_output_links(&cache.site, &site)
    {
        return None;
    }
    let indices: Vec<usize> = edited
        .iter()
        .map(|rel| site.pages.iter().position(|p| &p.rel_path == rel))
        .collect::<Option<_>>()?;
    let before = crate::render::Shape::of(&cache.site, &cache.theme);
    let files = crate::render::render_update(&before, &site, &cache.theme, &cache.tera, &indices);
    timings.lap("render what the edit changed");
    match files {
        Some(Ok((files, _))) => {
            cache.site = site;
            cache.memo = built.memo?;
            Some((files, indices.len()))
        }
        _ => None,
    }
}

/// The pages whose files `changed` holds, as (path under `content/`, path on disk), when every
/// change is an edit of an existing page. Files the build does not read (an editor's temporary
/// file in `content/`, gone or not Markdown) are left out; anything else (a page added or
/// deleted, another kind of file) gives `None`.
fn changed_pages(
    root: &Path,
    site: &Site,
    changed: &BTreeSet<PathBuf>,
) -> Option<Vec<(String, PathBuf)>> {
    let content = std::path::absolute(root).ok()?.join("content");
    let mut pages = Vec::new();
    for path in changed {
        let path = std::path::absolute(path).ok()?;
        let rel = path
            .strip_prefix(&content)
            .ok()?
            .components()
            .map(|c| c.as_os_str().to_str())
            .collect::<Option<Vec<_>>>()?
            .join("/");
        if !rel.ends_with(".md") {
            // Other files of content/ are published beside the pages that refer to them: one
            // added or one published and removed changes the site, as a folder may; an editor's
            // temporary file that came and went does not.
            let published = site.assets.iter().any(|asset| asset.rel_path == rel);
            if path.exists() || published || rel.is_empty() {
                return None;
            }
            continue;
        }
        let known = site.pages.iter().any(|p| p.rel_path == rel);
        match (known, path.is_file()) {
            (true, true) => pages.push((rel, path)),
            // A temporary file that came and went.
            (false, false) => {}
            // A page deleted, or a new one.
            _ => return None,
        }
    }
    (!pages.is_empty()).then_some(pages)
}

/// The new texts of the pages `changed_pages` found; `None` when one cannot be read as text (a full
/// build reports why).
fn read_pages(pages: Vec<(String, PathBuf)>) -> Option<Vec<crate::content::SourceFile>> {
    pages
        .into_iter()
        .map(|(rel_path, path)| {
            let text = std::fs::read_to_string(&path).ok()?;
            Some(crate::content::SourceFile {
                path: Path::new(crate::content::CONTENT_DIR).join(&rel_path),
                rel_path,
                text,
            })
        })
        .collect()
}

/// Renders again the pages of `files` (edited pages, with their new texts) when only their bodies
/// changed; `None` when anything else changed.
fn update_bodies(
    cache: &mut Cache,
    files: &[crate::content::SourceFile],
) -> Option<(Vec<crate::output::OutputFile>, usize)> {
    if files.iter().any(|file| cache.noted.contains(&file.path)) {
        return None;
    }
    // A refusal part-way leaves some pages updated; the caller then builds the model again from
    // every edited file, or everything, so nothing half-done is ever served.
    let mut indices = Vec::new();
    for file in files {
        indices.push(site::update_body(&mut cache.site, &cache.memo, file)?);
        if !cache.inputs.replace(file.clone()) {
            return None;
        }
    }
    let count = indices.len();
    crate::render::render_pages(&cache.site, &cache.theme, &cache.tera, &indices)
        .ok()
        .map(|files| (files, count))
}

/// Builds the site in memory and publishes the result (or the problems) to the tabs; returns what
/// later edits can reuse. `search` is what the last build knew of the index.
fn rebuild(
    options: &CompileOptions,
    shared: &Shared,
    format: Format,
    mut search: crate::search::Cache,
) -> anyhow::Result<Option<Cache>> {
    let started = Instant::now();
    let (inputs, mut compiled) = match build::load(options)? {
        Ok((inputs, theme)) => {
            let compiled = inputs.compiled(theme, true);
            (Some(inputs), compiled)
        }
        Err(failed) => (None, failed),
    };
    // The templates that render this build render the next edits too, with the cards they made.
    let tera = match (&compiled.site, &compiled.theme) {
        (Some(site), Some(theme)) => crate::render::compile(theme, site.base()).ok(),
        _ => None,
    };
    build::render_all(&mut compiled, Some(&mut search), tera.as_ref())?;
    build::report(&compiled.diagnostics, format);
    let failed = compiled.diagnostics.has_errors();
    let cache = match (
        inputs,
        compiled.site.take(),
        compiled.memo.take(),
        compiled.theme.take(),
        failed,
    ) {
        (Some(inputs), Some(site), Some(memo), Some(theme), false) => tera.map(|tera| Cache {
            site,
            memo,
            inputs,
            search,
            model_diagnostics: compiled
                .diagnostics
                .iter()
                .take(compiled.model_diagnostics)
                .map(crate::diag::Diagnostic::render_short)
                .collect(),
            theme,
            tera,
            noted: compiled
                .diagnostics
                .iter()
                .map(|d| d.path.clone())
                .collect(),
        }),
        _ => None,
    };
    {
        let mut state = shared.state.write().unwrap_or_else(|e| e.into_inner());
        state.failed = failed;
        state.problems = compiled.diagnostics.render(Format::Human);
    }
    if !failed {
        publish(shared, compiled.files, true);
    } else {
        let event = shared.status_event();
        shared.broadcast(&event);
    }
    if failed {
        eprintln!("build failed; still serving the last good build");
    } else {
        println!("rebuilt in {} ms", started.elapsed().as_millis().max(1));
    }
    Ok(cache)
}

/// Makes `new_files` the served site (all of it when `whole`, else on top of what is served) and
/// tells the tabs what changed.
fn publish(shared: &Shared, new_files: Vec<crate::output::OutputFile>, whole: bool) {
    // For the tests: while the file this names exists, a build that has read its inputs waits here.
    if let Some(hold) = std::env::var_os("GUILDHALL_TEST_HOLD_REBUILD") {
        if Path::new(&hold).exists() {
            println!("rebuild held");
        }
        while Path::new(&hold).exists() {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    {
        let mut state = shared.state.write().unwrap_or_else(|e| e.into_inner());
        {
            let files: HashMap<String, Contents> = new_files
                .into_iter()
                .map(|f| (f.path, f.contents))
                .collect();
            let mut changed: Vec<String> = files
                .iter()
                .filter(|(path, contents)| {
                    state
                        .files
                        .get(*path)
                        .is_none_or(|old| !same(old, contents, !whole))
                })
                .map(|(path, _)| format!("/{path}"))
                .collect();
            if whole {
                changed.extend(
                    state
                        .files
                        .keys()
                        .filter(|p| !files.contains_key(*p))
                        .map(|p| format!("/{p}")),
                );
            }
            changed.sort();
            state.changed = changed;
            if whole {
                state.files = files;
            } else {
                state.files.extend(files);
            }
            state.failed = false;
            state.problems.clear();
            state.version += 1;
        }
    }
    let event = shared.status_event();
    shared.broadcast(&event);
}

/// Swaps the served search index files (`search/*.gz`) for `index`.
fn replace_index(shared: &Shared, index: Vec<crate::output::OutputFile>) {
    let mut state = shared.state.write().unwrap_or_else(|e| e.into_inner());
    state
        .files
        .retain(|path, _| !(path.starts_with("search/") && path.ends_with(".gz")));
    state
        .files
        .extend(index.into_iter().map(|f| (f.path, f.contents)));
}

fn same(a: &Contents, b: &Contents, in_part: bool) -> bool {
    match (a, b) {
        (Contents::Bytes(a), Contents::Bytes(b)) => a == b,
        (Contents::Static(Origin::Embedded(a)), Contents::Static(Origin::Embedded(b))) => a == b,
        // An update in part writes no static file: a file it names is a picture or card from the
        // cache, whose folder is named by the hash of everything it is made from.
        (Contents::Static(Origin::File(a)), Contents::Static(Origin::File(b))) if in_part => a == b,
        // Static files on disk: a change is seen by the watcher; count them as changed.
        _ => false,
    }
}

/// Whether a changed path can affect the site (editors' swap files and build output cannot).
fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return true;
    };
    let mut components = rel.components();
    let first = components
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    if [
        "public",
        "target",
        "node_modules",
        ".git",
        ".guildhall-cache",
    ]
    .contains(&first.as_str())
        || first.starts_with('.')
    {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    !(name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
        || name.ends_with(".tmp"))
}

fn watch_loop(
    rx: &Receiver<notify::Result<notify::Event>>,
    root: &Path,
    options: &CompileOptions,
    shared: &Shared,
    format: Format,
    stop: &AtomicBool,
    mut cache: Option<Cache>,
) {
    let root: PathBuf = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let is_relevant = |event: &notify::Result<notify::Event>| match event {
        Ok(event) => {
            !matches!(event.kind, notify::EventKind::Access(_))
                && event.paths.iter().any(|p| relevant(&root, p))
        }
        Err(_) => true,
    };
    while !stop.load(Ordering::SeqCst) {
        let Ok(first) = rx.recv_timeout(Duration::from_millis(200)) else {
            continue;
        };
        if !is_relevant(&first) {
            continue;
        }
        // Wait for the burst to end, noting what changed; an event without paths (or a watcher
        // error) leaves the set empty, which means "rebuild everything".
        let mut changed = BTreeSet::new();
        let mut everything = false;
        let mut note = |event: notify::Result<notify::Event>| match event {
            Ok(event) => {
                let paths: Vec<PathBuf> = event
                    .paths
                    .into_iter()
                    .filter(|p| relevant(&root, p))
                    .collect();
                everything |=
                    paths.is_empty() && !matches!(event.kind, notify::EventKind::Access(_));
                changed.extend(paths);
            }
            Err(_) => everything = true,
        };
        note(first);
        loop {
            match rx.recv_timeout(DEBOUNCE) {
                Ok(event) => note(event),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if everything {
            changed.clear();
            cache = None;
        }
        if let Err(error) = update(options, shared, format, &mut cache, &changed) {
            eprintln!("error: {error:#}");
        }
    }
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(program)
        .arg(url)
        .spawn()
        .is_err()
    {
        eprintln!("warning: could not open a browser; visit {url}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_and_output_do_not_trigger_rebuilds() {
        let root = Path::new("/site");
        assert!(relevant(root, Path::new("/site/content/guides/a.md")));
        assert!(!relevant(root, Path::new("/site/content/guides/.a.md.swp")));
        assert!(!relevant(root, Path::new("/site/content/guides/a.md~")));
        assert!(!relevant(root, Path::new("/site/public/index.html")));
        assert!(!relevant(root, Path::new("/site/.git/index")));
    }
}
