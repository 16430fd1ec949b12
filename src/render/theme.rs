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
    /// The theme's words in the site's language.
    pub words: std::sync::Arc<super::words::Words>,
    /// The browser icons and the web manifest, by site path (`/favicon.ico`).
    pub icons: BTreeMap<String, Vec<u8>>,
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
    match load_words(root, config)? {
        Ok(words) => theme.words = std::sync::Arc::new(words),
        Err(diagnostics) => return Ok(Err(diagnostics)),
    }
    match super::brand::icon_files(config, &theme.static_files)? {
        Ok(icons) => theme.icons = icons,
        Err(diagnostics) => return Ok(Err(diagnostics)),
    }
    if config.site.output.hash_assets {
        hash_assets(&mut theme)?;
    }
    Ok(Ok(theme))
}

/// The folder of translation tables, in the default theme, a site's theme and the site itself.
const I18N_DIR: &str = "i18n";

/// The embedded table of `language`, if the default theme ships one.
pub(crate) fn embedded_table(language: &str) -> Option<&'static str> {
    DEFAULT_THEME
        .get_file(format!("{I18N_DIR}/{language}.toml"))
        .and_then(|file| file.contents_utf8())
}

/// The theme's words for the site's `language`: the English table, the table of the language
/// (`fr` for `fr-CA` too), then the site theme's and the site's own `i18n/<language>.toml` over it.
pub(crate) fn load_words(
    root: &Path,
    config: &Config,
) -> anyhow::Result<Result<super::words::Words, Diagnostics>> {
    use super::words::{BASE_LANGUAGE, parse_table};
    let language = config.site.language.trim();
    let primary = language.split(['-', '_']).next().unwrap_or(language);
    let names: Vec<&str> = if primary == language {
        vec![language]
    } else {
        vec![primary, language]
    };
    let mut sources: Vec<(String, String)> = Vec::new();
    let english = embedded_table(BASE_LANGUAGE).unwrap_or_default();
    sources.push((
        format!("(default theme) {I18N_DIR}/{BASE_LANGUAGE}.toml"),
        english.to_string(),
    ));
    for name in &names {
        if let Some(text) = embedded_table(name).filter(|_| *name != BASE_LANGUAGE) {
            sources.push((
                format!("(default theme) {I18N_DIR}/{name}.toml"),
                text.to_string(),
            ));
        }
    }
    let mut folders = Vec::new();
    if config.theme != "default" {
        folders.push(root.join("themes").join(&config.theme).join(I18N_DIR));
    }
    folders.push(root.join(I18N_DIR));
    for folder in folders {
        for name in &names {
            let path = folder.join(format!("{name}.toml"));
            if path.is_file() {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                let label = path.strip_prefix(root).unwrap_or(&path);
                sources.push((label.to_string_lossy().replace('\\', "/"), text));
            }
        }
    }
    let mut diagnostics = Diagnostics::new();
    let mut tables = Vec::new();
    for (index, (label, text)) in sources.iter().enumerate() {
        let known = tables.first();
        match parse_table(label, text, if index == 0 { None } else { known }) {
            Ok(table) => tables.push(table),
            Err(found) => diagnostics.extend(found),
        }
    }
    if diagnostics.has_errors() {
        return Ok(Err(diagnostics));
    }
    Ok(Ok(super::words::Words::from_tables(language, tables)))
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
