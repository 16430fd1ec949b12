//! Pictures for phones: every raster picture the site publishes (under `static/`, so Markdown and
//! raw-HTML images, front matter `image`, story photos, avatars and product pictures alike) is
//! turned upright, stripped of its metadata and copied at the widths of `[images]` in WebP and in
//! its own format, through the content-addressed `cache::Cache`. `Pictures::rewrite` then turns
//! every `<img>` of a rendered page that shows one into a `<picture>` with `srcset`, `sizes`,
//! `width`/`height`, lazy loading and a placeholder colour; SVG files are published sanitised.
//! `card` draws the social card of pages without a picture of their own.

pub(crate) mod cache;
mod card;
mod deflate;
mod draw;
mod glyphs;
mod html;
mod palette;
mod process;
mod svg;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{Contents, Origin, OutputFile, SiteFile};

use cache::Cache;
pub(crate) use card::{CardText, Painter, card_path};
use process::{Format, Meta, Settings};

/// The folder of the output that holds the copies of pictures, one folder per picture's key.
pub(crate) const COPIES_DIR: &str = "_img";

/// The folder of the output that holds the social cards, by the address of their page.
pub(crate) const CARDS_DIR: &str = "_cards";

/// The processed pictures of a site, by site path, and what rendering needs to use them.
#[derive(Debug, Default)]
pub struct Pictures {
    enabled: bool,
    /// The base path of the site (`/community/`), which every `src` starts with.
    base_path: String,
    sizes: String,
    warn_bytes: u64,
    warn_pixels: u32,
    by_path: BTreeMap<String, Picture>,
    /// Sanitised SVG files, by site path, with the size they are drawn at.
    svgs: BTreeMap<String, Vec<u8>>,
    svg_sizes: BTreeMap<String, (u32, u32)>,
    cache: Option<Arc<Cache>>,
    cache_limit: u64,
    social_cards: bool,
    /// The widths and quality of the copies.
    settings: Settings,
    /// How many pictures and cards were made, and how many came from the cache.
    processed: AtomicUsize,
    reused: AtomicUsize,
}

/// One processed picture.
#[derive(Debug)]
struct Picture {
    meta: Meta,
    /// Where its files are: a cache entry, or memory when the cache cannot be written.
    files: Stored,
    /// The output folder of its copies, `_img/<key>`.
    folder: String,
    /// The file name of the source without its extension, kept in the copies' names.
    stem: String,
}

#[derive(Debug)]
enum Stored {
    Folder(Arc<Path>),
    Memory(BTreeMap<String, Vec<u8>>),
}

impl Stored {
    fn contents(&self, name: &str) -> Contents {
        match self {
            Stored::Folder(dir) => Contents::Static(Origin::File(SiteFile {
                dir: dir.clone(),
                relative: PathBuf::from(name),
            })),
            Stored::Memory(files) => Contents::Bytes(files.get(name).cloned().unwrap_or_default()),
        }
    }
}

/// One static file after `Pictures::picture`: its site path, the picture (none when it is not a
/// raster picture, an error when it cannot be read) and its warnings.
type Prepared = (String, Result<Option<Picture>, String>, Vec<Diagnostic>);

/// Processes every picture among `static_files` (in parallel, each at most once per content and
/// settings thanks to the cache at `cache_root`). Problems (a picture that cannot be read, one
/// too heavy or too large) are warnings; such a picture is copied as it is.
pub(crate) fn prepare(
    static_files: &BTreeMap<String, Origin>,
    config: &Config,
    cache_root: Option<PathBuf>,
) -> (Pictures, Diagnostics) {
    let images = &config.site.images;
    // Widths out of range are configuration errors, reported by `config`; none is made.
    let mut widths: Vec<u32> = images
        .widths
        .iter()
        .map(|w| *w.get_ref())
        .filter(|w| (1..=crate::config::images::MAX_WIDTH).contains(w))
        .collect();
    widths.sort_unstable();
    widths.dedup();
    let settings = Settings {
        widths,
        quality: (*images.quality.get_ref()).clamp(1, 100),
    };
    let mut pictures = Pictures {
        enabled: images.enabled,
        base_path: config.base_url.path.clone(),
        sizes: images.sizes.clone(),
        warn_bytes: images.warn_bytes,
        warn_pixels: images.warn_pixels,
        cache: cache_root.map(|root| Arc::new(Cache::open(root))),
        cache_limit: images.cache_limit_mb.saturating_mul(1_000_000),
        social_cards: images.social_cards,
        settings,
        ..Pictures::default()
    };
    let mut diagnostics = Diagnostics::new();
    if !images.enabled {
        return (pictures, diagnostics);
    }
    let sources: Vec<(&String, &SiteFile)> = static_files
        .iter()
        .filter_map(|(path, origin)| match origin {
            Origin::File(file) => Some((path, file)),
            Origin::Embedded(_) => None,
        })
        .collect();
    let sources: Vec<(&String, &SiteFile, String)> = sources
        .into_iter()
        .map(|(path, file)| (path, file, format!("static{path}")))
        .collect();
    diagnostics.extend(pictures.add(&sources));
    (pictures, diagnostics)
}

impl Pictures {
    /// Processes the pictures among `sources` (site path, file, and its path in the site folder
    /// for messages), in parallel.
    fn add(&mut self, sources: &[(&String, &SiteFile, String)]) -> Diagnostics {
        let mut diagnostics = Diagnostics::new();
        let settings = self.settings.clone();
        let this = &*self;
        let results: Vec<Prepared> = sources
            .par_iter()
            .map(|(site_path, file, shown)| {
                let mut warnings = Vec::new();
                let result = this.picture(site_path, file, shown, &settings, &mut warnings);
                (site_path.to_string(), result, warnings)
            })
            .collect();
        for ((site_path, result, warnings), (_, _, shown)) in results.into_iter().zip(sources) {
            diagnostics.extend(warnings);
            match result {
                Ok(Some(picture)) => {
                    self.by_path.insert(site_path, picture);
                }
                Ok(None) => {}
                Err(message) => diagnostics.push(
                    Diagnostic::file_warning(shown, message)
                        .with_hint("save it again as JPEG, PNG or WebP; it is copied as it is"),
                ),
            }
        }
        for (site_path, file, _) in sources {
            if site_path.to_ascii_lowercase().ends_with(".svg")
                && let Ok(bytes) = crate::output::read_regular(file)
            {
                let clean = svg::sanitize(&bytes);
                if let Some(size) = svg::size(&clean) {
                    self.svg_sizes.insert(site_path.to_string(), size);
                }
                self.svgs.insert(site_path.to_string(), clean);
            }
        }
        diagnostics
    }

    /// Processes the pictures among the files of `content/` the site publishes (those beside
    /// their page): each is its site path, its origin and its path in the site folder.
    pub(crate) fn add_content_files(&mut self, assets: &[(&str, &Origin, String)]) -> Diagnostics {
        if !self.enabled {
            return Diagnostics::new();
        }
        let sources: Vec<(String, SiteFile, String)> = assets
            .iter()
            .filter_map(|(url, origin, shown)| match origin {
                Origin::File(file) => Some((url.to_string(), file.clone(), shown.clone())),
                Origin::Embedded(_) => None,
            })
            .collect();
        let borrowed: Vec<(&String, &SiteFile, String)> = sources
            .iter()
            .map(|(path, file, shown)| (path, file, shown.clone()))
            .collect();
        self.add(&borrowed)
    }

    /// Processes one static file when it is a raster picture, or finds it in the cache.
    fn picture(
        &self,
        site_path: &str,
        file: &SiteFile,
        shown: &str,
        settings: &Settings,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<Option<Picture>, String> {
        let Some(format) = Format::from_path(site_path) else {
            return Ok(None);
        };
        let fingerprint = format!("{} {}", settings.fingerprint(), format.extension());
        let path = file.path();
        let metadata = std::fs::symlink_metadata(&path).map_err(|e| e.to_string())?;
        let modified = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let stat_key = cache::key(&[
            path.to_string_lossy().as_bytes(),
            &metadata.len().to_le_bytes(),
            &modified.to_le_bytes(),
            fingerprint.as_bytes(),
        ]);
        let cache = self.cache.as_deref();
        let remembered = cache.and_then(|c| c.remembered(&stat_key));
        let found = remembered.and_then(|key| Some((cache?.lookup(&key)?, key)));
        let (meta, stored, key) = match found
            .and_then(|(text, key)| Some((serde_json::from_str::<Meta>(&text).ok()?, key)))
        {
            Some((meta, key)) => {
                self.reused.fetch_add(1, Ordering::Relaxed);
                let dir = cache.map(|c| c.entry_dir(&key)).unwrap_or_default();
                (meta, Stored::Folder(dir.into()), key)
            }
            None => {
                let bytes = crate::output::read_regular(file).map_err(|e| e.to_string())?;
                let key = cache::key(&[&bytes, fingerprint.as_bytes()]);
                let (meta, stored) = self.made(&key, &bytes, format, settings)?;
                if let Some(cache) = cache {
                    let _ = cache.remember(&stat_key, &key);
                }
                (meta, stored, key)
            }
        };
        self.size_warnings(shown, metadata.len(), &meta, warnings);
        let stem = site_path
            .rsplit('/')
            .next()
            .and_then(|name| name.rsplit_once('.'))
            .map_or("picture", |(stem, _)| stem);
        Ok(Some(Picture {
            meta,
            files: stored,
            folder: format!("{COPIES_DIR}/{}", &key[..16]),
            stem: safe_stem(stem),
        }))
    }

    /// A picture's copies from the cache by the key of its bytes, or made and stored there.
    fn made(
        &self,
        key: &str,
        bytes: &[u8],
        format: Format,
        settings: &Settings,
    ) -> Result<(Meta, Stored), String> {
        let cache = self.cache.as_deref();
        if let Some(cache) = cache
            && let Some(text) = cache.lookup(key)
            && let Ok(meta) = serde_json::from_str::<Meta>(&text)
        {
            self.reused.fetch_add(1, Ordering::Relaxed);
            return Ok((meta, Stored::Folder(cache.entry_dir(key).into())));
        }
        let made = process::process(bytes, format, settings)?;
        self.processed.fetch_add(1, Ordering::Relaxed);
        let meta_text = serde_json::to_string(&made.meta).map_err(|e| e.to_string())?;
        if let Some(cache) = cache
            && cache.store(key, &made.files, &meta_text).is_ok()
        {
            return Ok((made.meta, Stored::Folder(cache.entry_dir(key).into())));
        }
        Ok((made.meta, Stored::Memory(made.files.into_iter().collect())))
    }

    /// Warnings on a picture heavier than `[images] warn_bytes` or larger than `warn_pixels`.
    fn size_warnings(&self, shown: &str, length: u64, meta: &Meta, warnings: &mut Vec<Diagnostic>) {
        if length > self.warn_bytes {
            warnings.push(
                Diagnostic::file_warning(
                    shown,
                    format!(
                        "the picture weighs {:.1} MB, over the {:.1} MB of `[images] warn_bytes`",
                        length as f64 / 1e6,
                        self.warn_bytes as f64 / 1e6
                    ),
                )
                .with_hint("phones get smaller copies, but the file itself is published too: save it smaller"),
            );
        }
        if meta.width.max(meta.height) > self.warn_pixels {
            warnings.push(
                Diagnostic::file_warning(
                    shown,
                    format!(
                        "the picture is {} × {} pixels, over the {} of `[images] warn_pixels`",
                        meta.width, meta.height, self.warn_pixels
                    ),
                )
                .with_hint("no screen shows that many pixels: save it at most 4,000 pixels wide"),
            );
        }
    }

    /// How many pictures and cards this build made, and how many it took from the cache.
    pub(crate) fn counts(&self) -> (usize, usize) {
        (
            self.processed.load(Ordering::Relaxed),
            self.reused.load(Ordering::Relaxed),
        )
    }

    /// Cuts the cache back after a build that succeeded (see [`Cache::sweep`]).
    pub(crate) fn sweep_cache(&self) -> std::io::Result<cache::Swept> {
        match &self.cache {
            Some(cache) => cache.sweep(self.cache_limit),
            None => Ok(cache::Swept::default()),
        }
    }

    /// What is published at a static file's path instead of its bytes: the stripped picture or
    /// the sanitised SVG.
    pub(crate) fn original(&self, site_path: &str) -> Option<Contents> {
        if let Some(picture) = self.by_path.get(site_path) {
            return Some(picture.files.contents(&picture.meta.original));
        }
        self.svgs
            .get(site_path)
            .map(|bytes| Contents::Bytes(bytes.clone()))
    }

    /// The copies of every picture `published` keeps (by site path), sorted by path.
    pub(crate) fn copies(&self, published: impl Fn(&str) -> bool) -> Vec<OutputFile> {
        let mut files = Vec::new();
        for (site_path, picture) in &self.by_path {
            if !published(site_path) {
                continue;
            }
            for variant in &picture.meta.variants {
                let names = std::iter::once(&variant.webp).chain(variant.fallback.as_ref());
                for name in names {
                    files.push(OutputFile {
                        path: picture.copy_path(name),
                        contents: picture.files.contents(name),
                    });
                }
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Picture {
    /// The output path of one of its copies: `_img/<key>/<stem>-480.webp`.
    fn copy_path(&self, name: &str) -> String {
        format!("{}/{}-{name}", self.folder, self.stem)
    }
}

/// A file name stem that needs no escaping in a URL or `srcset` (spaces and commas would break it).
fn safe_stem(stem: &str) -> String {
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(60)
        .collect();
    if safe.trim_matches('-').is_empty() {
        "picture".to_string()
    } else {
        safe
    }
}
