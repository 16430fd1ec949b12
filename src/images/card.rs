//! The social card of a page without a picture of its own: a 1200 × 630 PNG with the page's
//! title, its kind and the site's name, logo, colours and host (drawn by [`super::draw`] with the
//! bundled Inter Display Bold, SIL Open Font License, `font/OFL.txt`). The logo is `[brand] logo`
//! (or `[social] logo`), an SVG rasterised with `resvg` or a raster picture, cut to what it draws.
//! The PNG is deterministic and cached like every picture.

use std::sync::atomic::Ordering;

use image::RgbaImage;
use rayon::prelude::*;

use super::draw::{Backdrop, Brand, LOGO_HEIGHT, LOGO_MAX_WIDTH, Site, backdrop, draw};
use super::{CARDS_DIR, Pictures, Stored, cache};
use crate::config::Config;
use crate::output::OutputFile;

/// Bumped whenever cards are drawn differently.
const CARD_VERSION: u32 = 3;

/// A logo at most this many times as wide as it is tall is a mark: the site's name goes beside it.
const MARK_ASPECT: f32 = 2.2;

/// What a page's card says.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct CardText {
    /// The site path of the page (`/guides/casting-on/`).
    pub url: String,
    pub title: String,
    /// What the page is (`Guides`, `Member`), shown above the title.
    pub kind: String,
}

/// The output path of a page's card: `/guides/casting-on/` gives `_cards/guides/casting-on.png`.
pub(crate) fn card_path(url: &str) -> String {
    let trimmed = url.trim_matches('/');
    let trimmed = trimmed.strip_suffix(".html").unwrap_or(trimmed);
    if trimmed.is_empty() {
        return format!("{CARDS_DIR}/index.png");
    }
    // A name too long for a file system (the page itself is then refused with its own error)
    // is cut and told apart by a hash, so the card never stops the build.
    let parts: Vec<String> = trimmed
        .split('/')
        .map(|part| {
            if part.len() <= MAX_NAME {
                return part.to_string();
            }
            let mut cut = MAX_NAME - 11;
            while !part.is_char_boundary(cut) {
                cut -= 1;
            }
            let hash = crate::output::hash_text(part.as_bytes(), 10);
            format!("{}-{hash}", &part[..cut])
        })
        .collect();
    format!("{CARDS_DIR}/{}.png", parts.join("/"))
}

/// The longest name of a folder or card (before `.png`), well under the 255 bytes file systems allow.
const MAX_NAME: usize = 120;

impl Pictures {
    /// Whether pages without a picture get a card.
    pub(crate) fn social_cards(&self) -> bool {
        self.enabled && self.social_cards
    }

    /// What every card of the site shares (its name, host, colours and logo), to draw cards
    /// batch by batch with [`Painter::cards`].
    pub(crate) fn painter(&self, config: &Config) -> Painter<'_> {
        let brand = Brand::of(config.brand.colours);
        let logo = self.logo(config);
        let host = config
            .base_url
            .absolute
            .split("://")
            .nth(1)
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_string();
        let logo_bytes = logo
            .as_ref()
            .map(|(logo, with_name)| [logo.as_raw().as_slice(), &[u8::from(*with_name)]].concat())
            .unwrap_or_default();
        let site_key = cache::key(&[
            format!("card v{CARD_VERSION}").as_bytes(),
            config.site.title.as_bytes(),
            host.as_bytes(),
            format!("{brand:?}").as_bytes(),
            &logo_bytes,
        ]);
        Painter {
            pictures: self,
            name: config.site.title.clone(),
            host,
            brand,
            logo,
            site_key,
            backdrop: std::sync::OnceLock::new(),
        }
    }

    /// The brand's logo for cards, at most [`LOGO_HEIGHT`] tall, and whether the site's name goes
    /// beside it: `[brand] logo`, else `[social] logo`.
    fn logo(&self, config: &Config) -> Option<(RgbaImage, bool)> {
        let path = config.brand.logo.clone().or_else(|| {
            let logo = config.site.social.logo.as_ref()?;
            Some(logo.get_ref().clone())
        })?;
        let (picture, has_text) = if let Some(svg) = self.svgs.get(&path) {
            let has_text = String::from_utf8_lossy(svg).contains("<text");
            (svg_logo(svg)?, has_text)
        } else {
            let picture = self.by_path.get(&path)?;
            let bytes = match &picture.files {
                Stored::Folder(dir) => std::fs::read(dir.join(&picture.meta.original)).ok()?,
                Stored::Memory(files) => files.get(&picture.meta.original)?.clone(),
            };
            (image::load_from_memory(&bytes).ok()?.to_rgba8(), false)
        };
        let picture = trimmed(&picture)?;
        let aspect = picture.width() as f32 / picture.height().max(1) as f32;
        let height = LOGO_HEIGHT
            .min((LOGO_MAX_WIDTH as f32 / aspect) as u32)
            .max(1);
        let width = ((height as f32 * aspect).round() as u32).clamp(1, LOGO_MAX_WIDTH);
        let logo = image::imageops::resize(
            &picture,
            width,
            height,
            image::imageops::FilterType::Lanczos3,
        );
        Some((logo, has_text || aspect <= MARK_ASPECT))
    }
}

/// Draws a site's cards, batch by batch: made once per build by [`Pictures::painter`]; the
/// backdrop is drawn when the first card is not in the cache.
pub(crate) struct Painter<'p> {
    pictures: &'p Pictures,
    name: String,
    host: String,
    brand: Brand,
    logo: Option<(RgbaImage, bool)>,
    /// What every card's cache key starts with: the version and what the backdrop shows.
    site_key: String,
    backdrop: std::sync::OnceLock<Backdrop>,
}

impl Painter<'_> {
    /// The card files of `texts` (drawn in parallel, or taken from the cache), in their order; the
    /// caller gives each card file one text (`render`'s `drawn_cards`).
    pub(crate) fn cards(&self, texts: Vec<CardText>) -> Vec<OutputFile> {
        texts
            .par_iter()
            .map(|text| OutputFile {
                path: card_path(&text.url),
                contents: self.card(text),
            })
            .collect()
    }

    fn backdrop(&self) -> &Backdrop {
        self.backdrop.get_or_init(|| {
            backdrop(&Site {
                name: &self.name,
                host: &self.host,
                brand: self.brand,
                logo: self
                    .logo
                    .as_ref()
                    .map(|(logo, with_name)| (logo, *with_name)),
            })
        })
    }

    /// One page's card from the cache, or drawn on the site's backdrop and stored there.
    fn card(&self, text: &CardText) -> crate::output::Contents {
        let pictures = self.pictures;
        let key = cache::key(&[
            self.site_key.as_bytes(),
            text.title.as_bytes(),
            text.kind.as_bytes(),
        ]);
        const NAME: &str = "card.png";
        if let Some(cache) = &pictures.cache
            && cache.lookup(&key).is_some()
        {
            pictures.reused.fetch_add(1, Ordering::Relaxed);
            return Stored::Folder(cache.entry_dir(&key).into()).contents(NAME);
        }
        let png = draw(self.backdrop(), self.brand, &text.title, &text.kind);
        pictures.processed.fetch_add(1, Ordering::Relaxed);
        let files = vec![(NAME.to_string(), png)];
        if let Some(cache) = &pictures.cache
            && cache.store(&key, &files, "{}").is_ok()
        {
            return Stored::Folder(cache.entry_dir(&key).into()).contents(NAME);
        }
        Stored::Memory(files.into_iter().collect()).contents(NAME)
    }
}

/// An SVG logo rasterised to what it draws (its lettering, when it is text, is left out: the card
/// sets the site's name itself), four times [`LOGO_HEIGHT`] tall so the resize that follows is
/// smooth.
fn svg_logo(svg: &[u8]) -> Option<RgbaImage> {
    use resvg::{tiny_skia, usvg};
    let tree = usvg::Tree::from_data(svg, &usvg::Options::default()).ok()?;
    let bounds = tree.root().abs_stroke_bounding_box();
    if bounds.width() <= 0.0 || bounds.height() <= 0.0 {
        return None;
    }
    let scale = (4 * LOGO_HEIGHT) as f32 / bounds.height();
    let width = ((bounds.width() * scale).ceil() as u32).clamp(1, 8 * LOGO_MAX_WIDTH);
    let mut pixmap = tiny_skia::Pixmap::new(width, 4 * LOGO_HEIGHT)?;
    let transform =
        tiny_skia::Transform::from_translate(-bounds.x(), -bounds.y()).post_scale(scale, scale);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    // tiny-skia's pixels are premultiplied.
    let pixels = pixmap
        .pixels()
        .iter()
        .flat_map(|pixel| {
            let colour = pixel.demultiply();
            [colour.red(), colour.green(), colour.blue(), colour.alpha()]
        })
        .collect();
    RgbaImage::from_raw(width, 4 * LOGO_HEIGHT, pixels)
}

/// A picture cut to its pixels that are not transparent; `None` when it has none.
fn trimmed(picture: &RgbaImage) -> Option<RgbaImage> {
    let (mut left, mut top, mut right, mut bottom) = (u32::MAX, u32::MAX, 0, 0);
    for (x, y, pixel) in picture.enumerate_pixels() {
        if pixel[3] > 8 {
            left = left.min(x);
            top = top.min(y);
            right = right.max(x);
            bottom = bottom.max(y);
        }
    }
    (left <= right).then(|| {
        image::imageops::crop_imm(picture, left, top, right - left + 1, bottom - top + 1).to_image()
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
        let long = card_path(&format!("/pages/{}/", "é".repeat(200)));
        let name = long.rsplit('/').next().unwrap();
        assert!(name.len() <= MAX_NAME + 4, "{long}");
        assert!(long.starts_with("_cards/pages/éé"), "{long}");
        assert_ne!(long, card_path(&format!("/pages/{}/", "é".repeat(201))));
    }
}
