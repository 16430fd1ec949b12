//! Theme loading and hashed assets: the default theme embedded in the binary, a site's theme folder,
//! `templates/` and `static/` layered over it, and content-hashed copies of stylesheets, scripts and
//! fonts under `/assets/`. The only part of rendering that reads files.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context as _;
use include_dir::{Dir, include_dir};

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{Origin, SiteFile};

pub(crate) static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The templates and static files a site is rendered with, after overrides.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name to (where it came from, for messages; its text).
    pub templates: BTreeMap<String, (String, String)>,
    /// Site path (`/style.css`) to its source.
    pub static_files: BTreeMap<String, Origin>,
    /// Site path of a stylesheet, script or font to its content-hashed copy
    /// (`/assets/style.3kq7d2mfa1.css`), when `[output] hash_assets` is on.
    pub hashed: BTreeMap<String, String>,
    /// The processed pictures among `static_files` (`images::prepare`).
    pub pictures: std::sync::Arc<crate::images::Pictures>,
}

/// The extensions of static files that get content-hashed copies: what themes load and change.
pub(crate) const HASHED_EXTENSIONS: [&str; 5] = ["css", "js", "mjs", "woff", "woff2"];

/// The folder of content-hashed copies, which hosts may cache for a year.
pub(super) const ASSETS_DIR: &str = "assets";

impl Theme {
    pub fn template_names(&self) -> std::collections::BTreeSet<String> {
        self.templates.keys().cloned().collect()
    }
}

/// Loads the default theme, then the site's theme folder, `templates/` and `static/` over it.
pub fn load_theme(root: &Path, config: &Config) -> anyhow::Result<Result<Theme, Diagnostics>> {
    let mut theme = Theme::default();
    add_embedded(&DEFAULT_THEME, &mut theme);
    if config.theme != "default" || root.join("themes/default").is_dir() {
        let dir = root.join("themes").join(&config.theme);
        if !dir.is_dir() {
            let mut diagnostics = Diagnostics::new();
            diagnostics.push(
                Diagnostic::file_error(
                    crate::config::CONFIG_FILE,
                    format!("the theme `{}` does not exist", config.theme),
                )
                .with_hint(format!(
                    "create themes/{}/ with templates/ and static/ inside, or remove `theme`",
                    config.theme
                )),
            );
            return Ok(Err(diagnostics));
        }
        add_folder(
            &dir.join("templates"),
            &format!("themes/{}/templates", config.theme),
            &mut theme,
            true,
        )?;
        add_folder(&dir.join("static"), "", &mut theme, false)?;
    }
    add_folder(&root.join("templates"), "templates", &mut theme, true)?;
    add_folder(&root.join("static"), "", &mut theme, false)?;
    if config.site.output.hash_assets {
        hash_assets(&mut theme)?;
    }
    Ok(Ok(theme))
}

/// Names a content-hashed copy of every stylesheet, script and font: `/x/site.css` becomes
/// `/assets/x/site.HASH.css`.
pub(crate) fn hash_assets(theme: &mut Theme) -> anyhow::Result<()> {
    for (site_path, origin) in &theme.static_files {
        let Some((stem, extension)) = site_path.rsplit_once('.') else {
            continue;
        };
        if stem.ends_with('/') || !HASHED_EXTENSIONS.contains(&extension) {
            continue;
        }
        let bytes: std::borrow::Cow<'_, [u8]> = match origin {
            Origin::Embedded(bytes) => (*bytes).into(),
            Origin::File(source) => crate::output::read_regular(source)
                .with_context(|| format!("cannot read {}", source.path().display()))?
                .into(),
        };
        let hash = crate::output::hash_text(&bytes, 10);
        theme.hashed.insert(
            site_path.clone(),
            format!("/{ASSETS_DIR}{stem}.{hash}.{extension}"),
        );
    }
    Ok(())
}

pub(crate) fn add_embedded(dir: &'static Dir<'static>, theme: &mut Theme) {
    for entry in dir.entries() {
        match entry {
            include_dir::DirEntry::Dir(sub) => add_embedded(sub, theme),
            include_dir::DirEntry::File(file) => {
                let path = file.path().to_string_lossy().replace('\\', "/");
                if let Some(name) = path.strip_prefix("templates/") {
                    let text = String::from_utf8_lossy(file.contents()).into_owned();
                    theme.templates.insert(
                        name.to_string(),
                        (format!("(default theme) templates/{name}"), text),
                    );
                } else if let Some(name) = path.strip_prefix("static/") {
                    theme
                        .static_files
                        .insert(format!("/{name}"), Origin::Embedded(file.contents()));
                }
            }
        }
    }
}

pub(crate) fn add_folder(
    dir: &Path,
    label: &str,
    theme: &mut Theme,
    templates: bool,
) -> anyhow::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    let shared_dir: std::sync::Arc<Path> = dir.into();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || name.starts_with('.') {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let relative = relative.to_string_lossy().replace('\\', "/");
        if templates {
            let text = std::fs::read_to_string(entry.path())
                .with_context(|| format!("cannot read template {}", entry.path().display()))?;
            theme
                .templates
                .insert(relative.clone(), (format!("{label}/{relative}"), text));
        } else {
            theme.static_files.insert(
                format!("/{relative}"),
                Origin::File(SiteFile {
                    dir: shared_dir.clone(),
                    relative: entry
                        .path()
                        .strip_prefix(dir)
                        .unwrap_or(entry.path())
                        .to_path_buf(),
                }),
            );
        }
    }
    Ok(())
}
