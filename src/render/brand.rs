//! The brand on every page: the `site.brand` value templates receive (logo, hero, tagline, contact,
//! the palette's `<style>`), and the browser icons made from one SVG or PNG (`[brand] favicon`, or
//! the default theme's own `favicon.svg`): PNGs of 16, 32, 180, 192 and 512 pixels, `favicon.ico`,
//! the SVG itself and `site.webmanifest`.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::config::Config;
use crate::config::brand::Brand;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::Origin;

/// The default theme's icon, used when `[brand] favicon` is not set.
pub(crate) const DEFAULT_FAVICON: &str = "/favicon.svg";

/// Each PNG icon: its site path and its size in pixels.
const PNG_ICONS: [(&str, u32); 5] = [
    ("/favicon-16x16.png", 16),
    ("/favicon-32x32.png", 32),
    ("/apple-touch-icon.png", 180),
    ("/icon-192.png", 192),
    ("/icon-512.png", 512),
];

/// `site.brand`, as templates see it; paths already carry the base path and hashed names.
pub(crate) fn brand_value(config: &Config, hashed: &BTreeMap<String, String>) -> Value {
    let brand: &Brand = &config.brand;
    let base = &config.base_url;
    let path = |value: &Option<String>| {
        value.as_ref().map(|p| {
            let p = hashed.get(p).map_or(p.as_str(), String::as_str);
            base.site_path(p)
        })
    };
    let font_css = brand.font.as_ref().map(|_| {
        let name = brand.font_name.clone().unwrap_or_default().replace(['"', '\\', '<'], "");
        format!(
            "@font-face{{font-family:\"{name}\";src:url(\"{}\") format(\"woff2\");font-display:swap}}:root{{--font:\"{name}\",system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif}}",
            path(&brand.font).unwrap_or_default()
        )
    });
    let palette_css = brand.palette.as_ref().map(|palette| palette.css());
    let css: String = [font_css, palette_css].into_iter().flatten().collect();
    json!({
        "logo": path(&brand.logo),
        "logo_dark": path(&brand.logo_dark),
        "logo_alt": brand.logo_alt.clone().unwrap_or_else(|| config.site.title.clone()),
        "hero": path(&brand.hero),
        "hero_alt": brand.hero_alt.clone().unwrap_or_default(),
        "tagline": brand.tagline,
        "contact": brand.contact,
        "font": path(&brand.font),
        "css": (!css.is_empty()).then_some(css),
        "theme_color": brand.colours.map(|(primary, _)| primary.hex()),
        "favicon_svg": brand
            .favicon
            .as_deref()
            .unwrap_or(DEFAULT_FAVICON)
            .to_ascii_lowercase()
            .ends_with(".svg"),
    })
}

/// The icons and the web manifest, made from `[brand] favicon` or the theme's `favicon.svg`.
/// A picture that cannot be read is a diagnostic at the key.
pub(crate) fn icon_files(
    config: &Config,
    static_files: &BTreeMap<String, Origin>,
) -> anyhow::Result<Result<BTreeMap<String, Vec<u8>>, Diagnostics>> {
    let source = config
        .brand
        .favicon
        .clone()
        .unwrap_or_else(|| DEFAULT_FAVICON.to_string());
    let mut files = BTreeMap::new();
    files.insert(
        "/site.webmanifest".to_string(),
        manifest(config).into_bytes(),
    );
    // A missing file is reported with the other `[brand]` paths once the static files are known.
    let Some(origin) = static_files.get(&source) else {
        return Ok(Ok(files));
    };
    let bytes: std::borrow::Cow<'_, [u8]> = match origin {
        Origin::Embedded(bytes) => (*bytes).into(),
        Origin::File(file) => crate::output::read_regular(file)
            .map_err(|error| anyhow::anyhow!("cannot read {}: {error}", file.path().display()))?
            .into(),
    };
    let is_svg = source.to_ascii_lowercase().ends_with(".svg");
    let rendered = if is_svg {
        svg_icons(&bytes)
    } else {
        png_icons(&bytes)
    };
    let icons = match rendered {
        Ok(icons) => icons,
        Err(message) => {
            let mut diagnostics = Diagnostics::new();
            let text = &config.text;
            let diagnostic = match config.site.brand.favicon.as_ref() {
                Some(key) => Diagnostic::error(
                    crate::config::CONFIG_FILE,
                    text,
                    key.span(),
                    format!("the favicon `{source}` cannot be read: {message}"),
                ),
                None => Diagnostic::file_error(
                    format!("static{source}"),
                    format!("the favicon cannot be read: {message}"),
                ),
            };
            diagnostics.push(
                diagnostic.with_hint("use a square SVG, or a PNG of at least 512 × 512 pixels"),
            );
            return Ok(Err(diagnostics));
        }
    };
    for ((path, _), png) in PNG_ICONS.iter().zip(&icons) {
        files.insert((*path).to_string(), png.clone());
    }
    files.insert("/favicon.ico".to_string(), ico(&icons[..2]));
    if is_svg && source != DEFAULT_FAVICON {
        files.insert(DEFAULT_FAVICON.to_string(), bytes.into_owned());
    }
    Ok(Ok(files))
}

/// Every PNG icon from an SVG, the picture centred in the square.
fn svg_icons(bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    use resvg::{tiny_skia, usvg};
    let tree =
        usvg::Tree::from_data(bytes, &usvg::Options::default()).map_err(|e| e.to_string())?;
    let size = tree.size();
    PNG_ICONS
        .iter()
        .map(|&(_, pixels)| {
            let mut pixmap = tiny_skia::Pixmap::new(pixels, pixels).ok_or("empty picture")?;
            let side = pixels as f32;
            let scale = side / size.width().max(size.height());
            let (dx, dy) = (
                (side - size.width() * scale) / 2.0,
                (side - size.height() * scale) / 2.0,
            );
            let transform = tiny_skia::Transform::from_scale(scale, scale).post_translate(dx, dy);
            resvg::render(&tree, transform, &mut pixmap.as_mut());
            pixmap.encode_png().map_err(|e| e.to_string())
        })
        .collect()
}

/// Every PNG icon from a PNG, padded to a square and resized with a Lanczos filter.
fn png_icons(bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let picture = image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
        .map_err(|e| e.to_string())?
        .to_rgba8();
    let side = picture.width().max(picture.height());
    if side < 64 {
        return Err(format!("it is only {side} pixels wide"));
    }
    let mut square = image::RgbaImage::new(side, side);
    image::imageops::overlay(
        &mut square,
        &picture,
        i64::from((side - picture.width()) / 2),
        i64::from((side - picture.height()) / 2),
    );
    PNG_ICONS
        .iter()
        .map(|&(_, pixels)| {
            let resized = image::imageops::resize(
                &square,
                pixels,
                pixels,
                image::imageops::FilterType::Lanczos3,
            );
            let mut out = std::io::Cursor::new(Vec::new());
            resized
                .write_to(&mut out, image::ImageFormat::Png)
                .map_err(|e| e.to_string())?;
            Ok(out.into_inner())
        })
        .collect()
}

/// An ICO file holding the given PNGs (16 and 32 pixels), as every browser reads it.
fn ico(pngs: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vec![0, 0, 1, 0];
    out.extend((pngs.len() as u16).to_le_bytes());
    let mut offset = 6 + 16 * pngs.len();
    for (png, side) in pngs.iter().zip([16u8, 32]) {
        out.extend([side, side, 0, 0]);
        out.extend(1u16.to_le_bytes());
        out.extend(32u16.to_le_bytes());
        out.extend((png.len() as u32).to_le_bytes());
        out.extend((offset as u32).to_le_bytes());
        offset += png.len();
    }
    for png in pngs {
        out.extend(png);
    }
    out
}

/// `site.webmanifest`: the hub's name, icons and colours for "add to home screen".
fn manifest(config: &Config) -> String {
    let base = &config.base_url;
    let colour = config
        .brand
        .colours
        .map_or("#1a56c4".to_string(), |(primary, _)| primary.hex());
    let value = json!({
        "name": config.site.title,
        "short_name": config.site.title,
        "lang": config.site.language,
        "start_url": base.path,
        "scope": base.path,
        "display": "browser",
        "theme_color": colour,
        "background_color": "#ffffff",
        "icons": [
            {"src": base.site_path("/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": base.site_path("/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
