//! Drawing a social card: a light card tinted with the brand's primary colour, the logo and the
//! site's name at the top, the page's kind on a pill of the primary colour, the title wrapped in
//! up to three lines (smaller type for long titles, an ellipsis past four), the host at the bottom
//! and a band of the brand's two colours along the bottom edge. Text is set in the bundled Inter
//! Display Bold through `ab_glyph`; a pure function of its inputs.

use ab_glyph::{Font as _, FontRef, PxScale, ScaleFont as _};
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ImageEncoder as _, Rgb, RgbImage, RgbaImage};

use super::deflate::RowCoder;
use super::palette::{Indexed, Surface};

pub(crate) const CARD_WIDTH: u32 = 1200;
pub(crate) const CARD_HEIGHT: u32 = 630;

/// The margin around the card's content, in pixels.
const MARGIN: f32 = 80.0;

/// The height of the logo at the top.
pub(crate) const LOGO_HEIGHT: u32 = 60;

/// The widest the logo may be drawn.
pub(crate) const LOGO_MAX_WIDTH: u32 = 420;

/// The height of the band of brand colours along the bottom edge.
const BAND: u32 = 14;

/// The title's largest and smallest type, in pixels.
const TITLE_SIZE: f32 = 68.0;
const TITLE_SMALLEST: f32 = 48.0;

pub(super) static FONT: &[u8] = include_bytes!("font/InterDisplay-Bold.otf");

/// The theme's own colours, used when `[brand]` names none.
const DEFAULT_PRIMARY: [u8; 3] = [0x1a, 0x56, 0xc4];
const TEXT: [u8; 3] = [0x1b, 0x1f, 0x24];
const WHITE: [u8; 3] = [0xff, 0xff, 0xff];

/// The colours of cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Brand {
    pub primary: [u8; 3],
    pub accent: [u8; 3],
}

impl Brand {
    /// The brand's colours, or the theme's.
    pub(crate) fn of(
        colours: Option<(crate::config::brand::Rgb, crate::config::brand::Rgb)>,
    ) -> Brand {
        match colours {
            Some((primary, accent)) => Brand {
                primary: [primary.0, primary.1, primary.2],
                accent: [accent.0, accent.1, accent.2],
            },
            None => Brand {
                primary: DEFAULT_PRIMARY,
                accent: DEFAULT_PRIMARY,
            },
        }
    }
}

/// What every card of a site shares.
pub(crate) struct Site<'a> {
    pub name: &'a str,
    pub host: &'a str,
    pub brand: Brand,
    /// The logo, at most [`LOGO_HEIGHT`] tall, and whether the site's name is drawn beside it
    /// (a mark alone, or a logo whose lettering is text the card cannot draw).
    pub logo: Option<(&'a RgbaImage, bool)>,
}

/// What every card of a site shows, in RGB and, when its colours fit, on a palette.
pub(crate) struct Backdrop {
    rgb: RgbImage,
    /// The backdrop on its palette, and the coder of the cards drawn on it.
    indexed: Option<(Indexed, RowCoder)>,
}

/// What the coder of a site's cards is fitted to besides the backdrop: a title and a kind as
/// cards show them.
const SAMPLE: (&str, &str) = ("How to choose, care for and mend what you love", "Guide");

/// What every card of a site shows: the tinted background, the logo and name, the host and the
/// band of brand colours. Drawn once per build; [`draw`] adds each page's kind and title.
pub(crate) fn backdrop(site: &Site) -> Backdrop {
    let rgb = backdrop_rgb(site);
    let indexed = Indexed::of(&rgb).map(|indexed| {
        let mut sample = indexed.clone();
        compose(&mut sample, site.brand, SAMPLE.0, SAMPLE.1);
        let coder = indexed.coder(&sample);
        (indexed, coder)
    });
    Backdrop { indexed, rgb }
}

fn backdrop_rgb(site: &Site) -> RgbImage {
    let brand = site.brand;
    let background = mix(brand.primary, WHITE, 0.05);
    let mut canvas = RgbImage::from_pixel(CARD_WIDTH, CARD_HEIGHT, Rgb(background));
    // A large soft circle in the top right corner, and the band along the bottom.
    for (radius, strength) in [(330.0, 0.09), (210.0, 0.14)] {
        let colour = mix(brand.primary, background, strength);
        disc(&mut canvas, (1150.0, -60.0), radius, colour);
    }
    fill(
        &mut canvas,
        (0, CARD_HEIGHT - BAND),
        (CARD_WIDTH, BAND),
        brand.primary,
    );
    fill(
        &mut canvas,
        (0, CARD_HEIGHT - BAND),
        (320, BAND),
        brand.accent,
    );
    let Ok(font) = FontRef::try_from_slice(FONT) else {
        return canvas;
    };
    header(&mut canvas, &font, site);
    let muted = mix(TEXT, background, 0.62);
    Ink::new(&font, 26.0, muted).line(
        &mut canvas,
        site.host,
        (MARGIN, CARD_HEIGHT as f32 - 52.0),
        CARD_WIDTH as f32 - MARGIN,
    );
    canvas
}

/// Draws a card: `kind` above `title` on the site's [`backdrop`], encoded as PNG (no time or text
/// chunk, so the bytes depend on the inputs alone): on the backdrop's palette when the card's
/// colours fit it, else in RGB.
pub(crate) fn draw(backdrop: &Backdrop, brand: Brand, title: &str, kind: &str) -> Vec<u8> {
    if let Some((indexed, coder)) = &backdrop.indexed {
        let mut canvas = indexed.clone();
        compose(&mut canvas, brand, title, kind);
        if canvas.whole() {
            return canvas.encode(coder);
        }
    }
    let mut canvas = backdrop.rgb.clone();
    compose(&mut canvas, brand, title, kind);
    encode(&canvas)
}

/// The page's kind and title drawn on a backdrop.
fn compose(canvas: &mut impl Surface, brand: Brand, title: &str, kind: &str) {
    let Ok(font) = FontRef::try_from_slice(FONT) else {
        return;
    };
    let width = CARD_WIDTH as f32 - 2.0 * MARGIN;
    let (size, lines) = title_lines(&font, title, width);
    let line_height = (size * 1.16).round();
    let pill_height = if kind.is_empty() { 0.0 } else { 44.0 + 28.0 };
    let block = pill_height + line_height * lines.len() as f32;
    // Centred between the header and the host line.
    let top = (165.0 + (380.0 - block) / 2.0).max(150.0).round();
    if !kind.is_empty() {
        pill(
            canvas,
            &font,
            &kind.to_uppercase(),
            (MARGIN, top),
            brand.primary,
        );
    }
    let ink = Ink::new(&font, size, TEXT);
    for (number, line) in lines.iter().enumerate() {
        let baseline = top + pill_height + line_height * number as f32 + size * 0.96;
        ink.line(canvas, line, (MARGIN, baseline), width + MARGIN);
    }
}

/// The logo and, beside it when it needs it, the site's name.
fn header(canvas: &mut RgbImage, font: &FontRef, site: &Site) {
    let top = 64u32;
    let mut x = MARGIN as u32;
    let mut name_size = 40.0;
    if let Some((logo, with_name)) = site.logo {
        let y = top + (LOGO_HEIGHT - logo.height()) / 2;
        for (px, py, pixel) in logo.enumerate_pixels() {
            let [r, g, b, a] = pixel.0;
            canvas.blend(x + px, y + py, [r, g, b], a);
        }
        if !with_name {
            return;
        }
        x += logo.width() + 20;
        name_size = 34.0;
    }
    // The name's capitals centred on the logo's middle.
    let baseline = top as f32 + LOGO_HEIGHT as f32 / 2.0 + name_size * 0.36;
    Ink::new(font, name_size, TEXT).line(
        canvas,
        site.name,
        (x as f32, baseline),
        CARD_WIDTH as f32 - MARGIN,
    );
}

/// The title's type size and lines: the largest size that fits in three lines, else the smallest
/// in at most four, the last one ending in an ellipsis when the title goes on.
fn title_lines(font: &FontRef, title: &str, width: f32) -> (f32, Vec<String>) {
    let mut size = TITLE_SIZE;
    let mut lines = wrap(font, title, size, width);
    while lines.len() > 3 && size > TITLE_SMALLEST {
        size -= 4.0;
        lines = wrap(font, title, size, width);
    }
    if (2..=3).contains(&lines.len()) {
        lines = balanced(font, title, size, width, lines.len());
    }
    if lines.len() > 4 {
        lines.truncate(4);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && measure(font, &format!("{last}…"), size) > width {
                last.pop();
            }
            *last = format!("{}…", last.trim_end());
        }
    }
    (size, lines)
}

/// The title in `count` lines of about the same width (no word left alone on the last line): the
/// narrowest measure that still takes `count` lines, as CSS's `text-wrap: balance`.
fn balanced(font: &FontRef, title: &str, size: f32, width: f32, count: usize) -> Vec<String> {
    let (mut narrow, mut wide) = (width / count as f32, width);
    while wide - narrow > 4.0 {
        let middle = (narrow + wide) / 2.0;
        if wrap(font, title, size, middle).len() <= count {
            wide = middle;
        } else {
            narrow = middle;
        }
    }
    wrap(font, title, size, wide)
}

/// The kind of page in white on a rounded pill of the primary colour (which `[brand]` checks
/// for contrast with white), its top left at `at`.
fn pill(canvas: &mut impl Surface, font: &FontRef, text: &str, at: (f32, f32), colour: [u8; 3]) {
    const SIZE: f32 = 21.0;
    const TRACKING: f32 = 2.0;
    const HEIGHT: f32 = 44.0;
    let text_width = measure(font, text, SIZE) + TRACKING * text.chars().count() as f32;
    let width = (text_width + 40.0).round();
    rounded_rect(canvas, at, (width, HEIGHT), HEIGHT / 2.0, colour);
    let ink = Ink {
        tracking: TRACKING,
        ..Ink::new(font, SIZE, WHITE)
    };
    ink.line(
        canvas,
        text,
        (at.0 + 20.0, at.1 + HEIGHT / 2.0 + SIZE * 0.36),
        CARD_WIDTH as f32,
    );
}

/// A card whose colours do not fit a palette as an RGB PNG, at the fastest compression: a card
/// is flat colours and text, which compress well anyway, and the best level spent most of a cold
/// build of a large hub in zlib.
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

/// How a line of text is set.
struct Ink<'a> {
    font: &'a FontRef<'a>,
    size: f32,
    colour: [u8; 3],
    /// Extra space after each letter, in pixels.
    tracking: f32,
}

impl<'a> Ink<'a> {
    fn new(font: &'a FontRef<'a>, size: f32, colour: [u8; 3]) -> Ink<'a> {
        Ink {
            font,
            size,
            colour,
            tracking: 0.0,
        }
    }

    /// Draws one line with its baseline starting at `at`, cut before `right`.
    fn line(&self, canvas: &mut impl Surface, text: &str, at: (f32, f32), right: f32) {
        let scale = PxScale::from(self.size);
        let scaled = self.font.as_scaled(scale);
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
            let (coverage, left, top) = super::glyphs::glyph(self.font, id, self.size, (x, at.1));
            canvas.paint(&coverage.alpha, coverage.width, (left, top), self.colour);
            x += advance + self.tracking;
            previous = Some(id);
        }
    }
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

fn fill(canvas: &mut RgbImage, at: (u32, u32), size: (u32, u32), colour: [u8; 3]) {
    for y in at.1..(at.1 + size.1).min(canvas.height()) {
        for x in at.0..(at.0 + size.0).min(canvas.width()) {
            canvas.put_pixel(x, y, Rgb(colour));
        }
    }
}

/// A filled circle with a smooth edge.
fn disc(canvas: &mut RgbImage, centre: (f32, f32), radius: f32, colour: [u8; 3]) {
    let (width, height) = (canvas.width() as f32, canvas.height() as f32);
    let x0 = (centre.0 - radius).max(0.0) as u32;
    let x1 = (centre.0 + radius + 1.0).min(width) as u32;
    let y0 = (centre.1 - radius).max(0.0) as u32;
    let y1 = (centre.1 + radius + 1.0).min(height) as u32;
    for y in y0..y1 {
        for x in x0..x1 {
            let dx = x as f32 + 0.5 - centre.0;
            let dy = y as f32 + 0.5 - centre.1;
            let coverage = radius + 0.5 - (dx * dx + dy * dy).sqrt();
            if coverage > 0.0 {
                canvas.blend(x, y, colour, (coverage.min(1.0) * 255.0).round() as u8);
            }
        }
    }
}

/// A filled rectangle with rounded corners and smooth edges. Its coverage is worked out once per
/// thread for each place and size (every card of a kind has the same pill) and painted like a glyph.
fn rounded_rect(
    canvas: &mut impl Surface,
    at: (f32, f32),
    size: (f32, f32),
    radius: f32,
    colour: [u8; 3],
) {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::rc::Rc;
    type Key = [u32; 5];
    /// A shape's coverage, row by row, and its width.
    type Shape = Rc<(Vec<u8>, usize)>;
    thread_local! {
        static SHAPES: RefCell<HashMap<Key, Shape>> = RefCell::new(HashMap::new());
    }
    let key = [at.0, at.1, size.0, size.1, radius].map(f32::to_bits);
    let shape = SHAPES.with(|shapes| {
        if let Some(shape) = shapes.borrow().get(&key) {
            return Rc::clone(shape);
        }
        let shape = Rc::new(rounded_coverage(at, size, radius));
        let mut shapes = shapes.borrow_mut();
        if shapes.len() >= 256 {
            shapes.clear();
        }
        shapes.insert(key, Rc::clone(&shape));
        shape
    });
    let (alphas, width) = (&shape.0, shape.1);
    let origin = (at.0.floor() as u32, at.1.floor() as u32);
    canvas.paint(
        alphas,
        width,
        (i64::from(origin.0), i64::from(origin.1)),
        colour,
    );
}

/// The coverage of a rounded rectangle, row by row from the pixel `at` falls in, and its width.
fn rounded_coverage(at: (f32, f32), size: (f32, f32), radius: f32) -> (Vec<u8>, usize) {
    let (x0, y0) = (at.0.floor() as u32, at.1.floor() as u32);
    let (x1, y1) = ((at.0 + size.0).ceil() as u32, (at.1 + size.1).ceil() as u32);
    let mut alphas = Vec::new();
    for y in y0..y1 {
        for x in x0..x1 {
            let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
            // The distance outside the rectangle shrunk by the radius.
            let dx = (at.0 + radius - px)
                .max(px - (at.0 + size.0 - radius))
                .max(0.0);
            let dy = (at.1 + radius - py)
                .max(py - (at.1 + size.1 - radius))
                .max(0.0);
            let coverage = radius + 0.5 - (dx * dx + dy * dy).sqrt();
            alphas.push(if coverage > 0.0 {
                (coverage.min(1.0) * 255.0).round() as u8
            } else {
                0
            });
        }
    }
    (alphas, x1.saturating_sub(x0) as usize)
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
    fn long_titles_get_smaller_type_and_an_ellipsis() {
        let font = FontRef::try_from_slice(FONT).unwrap();
        let width = CARD_WIDTH as f32 - 2.0 * MARGIN;
        let (size, lines) = title_lines(&font, "Casting on", width);
        assert_eq!((size, lines.len()), (TITLE_SIZE, 1));
        let (_, lines) = title_lines(&font, "Mending my grandmother's fisherman sweater", width);
        assert_eq!(lines, ["Mending my grandmother's", "fisherman sweater"]);
        let long = "A very long title about knitting socks ".repeat(8);
        let (size, lines) = title_lines(&font, &long, width);
        assert_eq!(size, TITLE_SMALLEST);
        assert_eq!(lines.len(), 4);
        assert!(lines[3].ends_with('…'), "{lines:?}");
        assert!(lines.iter().all(|l| measure(&font, l, size) <= width));
    }

    #[test]
    fn a_card_on_the_palette_decodes_to_the_card_drawn_in_rgb() {
        let brand = Brand {
            primary: [0x8a, 0x1c, 0x4a],
            accent: [0x1f, 0x6f, 0x5c],
        };
        let site = Site {
            name: "Yarn Guild",
            host: "hub.yarn.example",
            brand,
            logo: None,
        };
        let backdrop = backdrop(&site);
        assert!(backdrop.indexed.is_some(), "flat colours fit a palette");
        for (title, kind) in [
            ("Casting on", "Guide"),
            (
                "Mending my grandmother's fisherman sweater, stitch by stitch",
                "",
            ),
            (
                &"A very long title about knitting socks ".repeat(8),
                "Question",
            ),
        ] {
            let png = draw(&backdrop, brand, title, kind);
            let decoded = image::load_from_memory(&png).unwrap().to_rgb8();
            let mut rgb = backdrop.rgb.clone();
            compose(&mut rgb, brand, title, kind);
            assert!(decoded == rgb, "{title}");
        }
    }
}
