//! `[images]` and `[build]`: how pictures are made smaller for phones, and where what a build can
//! reuse is kept.

use serde::Deserialize;
use toml::Spanned;

/// `[images]`: the copies made of every raster picture the site publishes, and what `check` warns on.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImagesConfig {
    /// Make copies and `<picture>` markup at all; off, pictures are copied as they are.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The widths of the copies, in pixels; a picture is never made wider than it is.
    #[serde(default = "default_widths")]
    pub widths: Vec<Spanned<u32>>,
    /// The quality of lossy copies (WebP and JPEG), from 1 to 100.
    #[serde(default = "default_quality")]
    pub quality: Spanned<u8>,
    /// The `sizes` attribute of pictures that have none: how wide they are shown.
    #[serde(default = "default_sizes")]
    pub sizes: String,
    /// `check` warns on a picture file larger than this many bytes.
    #[serde(default = "default_warn_bytes")]
    pub warn_bytes: u64,
    /// `check` warns on a picture wider or taller than this many pixels.
    #[serde(default = "default_warn_pixels")]
    pub warn_pixels: u32,
    /// The cache of processed pictures is cut back to this many megabytes after a build.
    #[serde(default = "default_cache_limit_mb")]
    pub cache_limit_mb: u64,
    /// Draw a social card for every page without a picture of its own.
    #[serde(default = "yes")]
    pub social_cards: bool,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            enabled: true,
            widths: default_widths(),
            quality: default_quality(),
            sizes: default_sizes(),
            warn_bytes: default_warn_bytes(),
            warn_pixels: default_warn_pixels(),
            cache_limit_mb: default_cache_limit_mb(),
            social_cards: true,
        }
    }
}

fn yes() -> bool {
    true
}

fn default_widths() -> Vec<Spanned<u32>> {
    [480, 960, 1600]
        .into_iter()
        .map(|width| Spanned::new(0..0, width))
        .collect()
}

fn default_quality() -> Spanned<u8> {
    Spanned::new(0..0, 80)
}

fn default_sizes() -> String {
    "(min-width: 48rem) 48rem, calc(100vw - 2rem)".to_string()
}

fn default_warn_bytes() -> u64 {
    2_000_000
}

fn default_warn_pixels() -> u32 {
    4000
}

fn default_cache_limit_mb() -> u64 {
    2048
}

/// The widest copy `[images] widths` may ask for.
pub(crate) const MAX_WIDTH: u32 = 8192;

/// Widths of zero or beyond [`MAX_WIDTH`], and qualities outside 1 to 100, at their place in
/// `guildhall.toml`.
pub(super) fn problems(images: &ImagesConfig, text: &str) -> Vec<crate::diag::Diagnostic> {
    let mut problems = Vec::new();
    for width in &images.widths {
        if *width.get_ref() == 0 || *width.get_ref() > MAX_WIDTH {
            problems.push(
                crate::diag::Diagnostic::error(
                    super::CONFIG_FILE,
                    text,
                    width.span(),
                    format!("a picture width must be from 1 to {MAX_WIDTH} pixels"),
                )
                .with_hint("widths are in pixels, like [480, 960, 1600]"),
            );
        }
    }
    let quality = *images.quality.get_ref();
    if !(1..=100).contains(&quality) {
        problems.push(
            crate::diag::Diagnostic::error(
                super::CONFIG_FILE,
                text,
                images.quality.span(),
                "the quality must be from 1 to 100",
            )
            .with_hint("80 keeps photos sharp at a quarter of their size"),
        );
    }
    problems
}
