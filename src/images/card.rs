//! The social card of a page without a picture of its own: a 1200 × 630 PNG with the page's
//! title, its kind and the site's name and host on the brand's colours, with the logo when it is
//! a raster picture. Text is drawn with the bundled Inter Display Bold (SIL Open Font License,
//! `font/OFL.txt`) through `ab_glyph`; the PNG is deterministic and cached like every picture.

use std::sync::atomic::Ordering;

use ab_glyph::{Font as _, FontRef, PxScale, ScaleFont as _};
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ImageEncoder as _, Rgb, RgbImage};
use rayon::prelude::*;

use super::{CARDS_DIR, Pictures, Stored, cache};
use crate::config::Config;
use crate::output::OutputFile;

/// Bumped whenever cards are drawn differently.
const CARD_VERSION: u32 = 2;

pub(crate) const CARD_WIDTH: u32 = 1200;
pub(crate) const CARD_HEIGHT: u32 = 630;

/// The margin around the card's text, in pixels.
const MARGIN: f32 = 80.0;

static FONT: &[u8] = include_bytes!("font/InterDisplay-Bold.otf");

/// What a page's card says.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct CardText {
    /// The site path of the page (`/guides/casting-on/`).
    pub url: String,
    pub title: String,
    /// What the page is (`Guides`, `Member`), shown above the title.
    pub kind: String,
}

/// The colours of cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Brand {
    pub background: [u8; 3],
    pub accent: [u8; 3],
    pub text: [u8; 3],
}

/// The brand's colours; the defaults until the site names its own.
pub(crate) fn brand_colors(_config: &Config) -> Brand {
    Brand {
        background: [0x1f, 0x2a, 0x37],
        accent: [0xf5, 0xa6, 0x23],
        text: [0xff, 0xff, 0xff],
    }
}

/// The output path of a page's card: `/guides/casting-on/` gives `_cards/guides/casting-on.png`.
pub(crate) fn card_path(url: &str) -> String {
    let trimmed = url.trim_matches('/');
    let trimmed = trimmed.strip_suffix(".html").unwrap_or(trimmed);
    if trimmed.is_empty() {
        format!("{CARDS_DIR}/index.png")
    } else {
        format!("{CARDS_DIR}/{trimmed}.png")
    }
}

impl Pictures {
    /// Whether pages without a picture get a card.
    pub(crate) fn social_cards(&self) -> bool {
        self.enabled && self.social_cards
    }

    /// The card files of `texts` (drawn in parallel, or taken from the cache), sorted by path.
    pub(crate) fn cards(&self, config: &Config, mut texts: Vec<CardText>) -> Vec<OutputFile> {
        texts.sort();
        texts.dedup_by(|a, b| a.url == b.url);
        let brand = brand_colors(config);
        let logo = config
            .site
            .social
            .logo
            .as_ref()
            .and_then(|logo| self.by_path.get(logo.get_ref().as_str()))
            .and_then(|picture| picture.meta.variants.first().map(|v| (picture, v)))
            .and_then(|(picture, variant)| {
                let name = variant.fallback.as_ref().unwrap_or(&variant.webp);
                let bytes = match &picture.files {
                    Stored::Folder(dir) => std::fs::read(dir.join(name)).ok()?,
                    Stored::Memory(files) => files.get(name)?.clone(),
                };
                image::load_from_memory(&bytes).ok()
            });
        let site = Site {
            name: &config.site.title,
            host: config
                .base_url
                .absolute
                .split("://")
                .nth(1)
                .unwrap_or_default()
                .trim_end_matches('/'),
            brand,
            logo: logo.as_ref(),
        };
        texts
            .par_iter()
            .map(|text| OutputFile {
                path: card_path(&text.url),
                contents: self.card(&site, text),
            })
            .collect()
    }

    fn card(&self, site: &Site, text: &CardText) -> crate::output::Contents {
        let logo_bytes = site
            .logo
            .map(|logo| logo.as_bytes().to_vec())
            .unwrap_or_default();
        let brand = format!("{:?}", site.brand);
        let key = cache::key(&[
            format!("card v{CARD_VERSION}").as_bytes(),
            text.title.as_bytes(),
            text.kind.as_bytes(),
            site.name.as_bytes(),
            site.host.as_bytes(),
            brand.as_bytes(),
            &logo_bytes,
        ]);
        const NAME: &str = "card.png";
        if let Some(cache) = &self.cache
            && cache.lookup(&key).is_some()
        {
            self.reused.fetch_add(1, Ordering::Relaxed);
            return Stored::Folder(cache.entry_dir(&key).into()).contents(NAME);
        }
        let png = draw(site, text);
        self.processed.fetch_add(1, Ordering::Relaxed);
        let files = vec![(NAME.to_string(), png)];
        if let Some(cache) = &self.cache
            && cache.store(&key, &files, "{}").is_ok()
        {
            return Stored::Folder(cache.entry_dir(&key).into()).contents(NAME);
        }
        Stored::Memory(files.into_iter().collect()).contents(NAME)
    }
}

/// What every card of a site shares.
struct Site<'a> {
    name: &'a str,
    host: &'a str,
    brand: Brand,
    logo: Option<&'a image::DynamicImage>,
}

/// Draws a card and encodes it as PNG (no time or text chunk, so the bytes depend on the text).
fn draw(site: &Site, text: &CardText) -> Vec<u8> {
    let brand = site.brand;
    let mut canvas = RgbImage::from_pixel(CARD_WIDTH, CARD_HEIGHT, Rgb(brand.background));
    // An accent band along the bottom.
    for y in CARD_HEIGHT - 16..CARD_HEIGHT {
        for x in 0..CARD_WIDTH {
            canvas.put_pixel(x, y, Rgb(brand.accent));
        }
    }
    let Ok(font) = FontRef::try_from_slice(FONT) else {
        return encode(&canvas);
    };
    let mut right = CARD_WIDTH as f32 - MARGIN;
    if let Some(logo) = site.logo {
        let logo = logo
            .resize(240, 96, image::imageops::FilterType::Lanczos3)
            .to_rgba8();
        let left = right as u32 - logo.width();
        for (x, y, pixel) in logo.enumerate_pixels() {
            blend(
                &mut canvas,
                left + x,
                64 + y,
                [pixel[0], pixel[1], pixel[2]],
                f32::from(pixel[3]) / 255.0,
            );
        }
        right = left as f32 - 32.0;
    }
    let muted = mix(brand.text, brand.background, 0.75);
    draw_line(
        &mut canvas,
        &font,
        site.name,
        36.0,
        (MARGIN, 110.0),
        right,
        muted,
    );
    let mut size = 76.0;
    let width = CARD_WIDTH as f32 - 2.0 * MARGIN;
    let mut lines = wrap(&font, &text.title, size, width);
    while lines.len() > 3 && size > 52.0 {
        size -= 8.0;
        lines = wrap(&font, &text.title, size, width);
    }
    if lines.len() > 4 {
        lines.truncate(4);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    let line_height = size * 1.18;
    let block = line_height * lines.len() as f32;
    let top = (CARD_HEIGHT as f32 - block) / 2.0 + 40.0;
    if !text.kind.is_empty() {
        let kind = text.kind.to_uppercase();
        draw_line(
            &mut canvas,
            &font,
            &kind,
            30.0,
            (MARGIN, top - 24.0),
            width + MARGIN,
            brand.accent,
        );
    }
    for (number, line) in lines.iter().enumerate() {
        let baseline = top + line_height * (number as f32 + 1.0) - (line_height - size);
        draw_line(
            &mut canvas,
            &font,
            line,
            size,
            (MARGIN, baseline),
            width + MARGIN,
            brand.text,
        );
    }
    draw_line(
        &mut canvas,
        &font,
        site.host,
        28.0,
        (MARGIN, CARD_HEIGHT as f32 - 56.0),
        width + MARGIN,
        muted,
    );
    encode(&canvas)
}

/// The card as a PNG, at the fastest compression: a card is flat colours and text, which compress
/// well anyway, and the best level spent most of a cold build of a large hub in zlib.
fn encode(canvas: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    let written =
        PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Adaptive)
            .write_image(
                canvas,
                canvas.width(),
                canvas.height(),
                image::ExtendedColorType::Rgb8,
            );
    if written.is_err() {
        out.clear();
    }
    out
}

/// The width of a line of text at `size` pixels.
fn measure(font: &FontRef, text: &str, size: f32) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut width = 0.0;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(previous) = previous {
            width += scaled.kern(previous, id);
        }
        width += scaled.h_advance(id);
        previous = Some(id);
    }
    width
}

/// Words into lines at most `width` wide (a word wider than a line gets a line of its own).
fn wrap(font: &FontRef, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(font, &candidate, size) <= width || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws one line with its baseline at `at`, cut at `right`.
fn draw_line(
    canvas: &mut RgbImage,
    font: &FontRef,
    text: &str,
    size: f32,
    at: (f32, f32),
    right: f32,
    color: [u8; 3],
) {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut x = at.0;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(previous) = previous {
            x += scaled.kern(previous, id);
        }
        let advance = scaled.h_advance(id);
        if x + advance > right {
            break;
        }
        let glyph = id.with_scale_and_position(PxScale::from(size), ab_glyph::point(x, at.1));
        if let Some(outline) = font.outline_glyph(glyph) {
            let bounds = outline.px_bounds();
            outline.draw(|gx, gy, coverage| {
                let px = bounds.min.x as i64 + i64::from(gx);
                let py = bounds.min.y as i64 + i64::from(gy);
                if px >= 0 && py >= 0 {
                    blend(canvas, px as u32, py as u32, color, coverage);
                }
            });
        }
        x += advance;
        previous = Some(id);
    }
}

fn blend(canvas: &mut RgbImage, x: u32, y: u32, color: [u8; 3], alpha: f32) {
    if x >= canvas.width() || y >= canvas.height() {
        return;
    }
    let pixel = canvas.get_pixel_mut(x, y);
    pixel.0 = mix(color, pixel.0, alpha.clamp(0.0, 1.0));
}

/// `a` over `b` at `alpha`.
fn mix(a: [u8; 3], b: [u8; 3], alpha: f32) -> [u8; 3] {
    std::array::from_fn(|i| {
        (f32::from(a[i]) * alpha + f32::from(b[i]) * (1.0 - alpha)).round() as u8
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_paths_follow_the_page_address() {
        assert_eq!(card_path("/"), "_cards/index.png");
        assert_eq!(
            card_path("/guides/casting-on/"),
            "_cards/guides/casting-on.png"
        );
        assert_eq!(card_path("/404.html"), "_cards/404.png");
    }
}
