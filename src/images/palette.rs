//! What cards are drawn on: an RGB picture, or the same picture as indexes into a palette of at
//! most 256 colours. A card is flat brand colours and text whose edges are blended in sixteen
//! steps, so it almost always fits a palette; a palette PNG is a third of the data to filter
//! and compress, half the bytes and a third of the time of the same card in RGB. A card whose
//! colours do not fit (a logo with many colours) is drawn in RGB instead.

use std::collections::HashMap;

use image::RgbImage;

use super::deflate::RowCoder;

/// The steps of a blend between no cover and full cover: more than text edges need to look
/// smooth, few enough for a palette.
const LEVELS: u32 = 16;

/// A picture drawn on pixel by pixel.
pub(super) trait Surface {
    /// `colour` over the pixel at `(x, y)` at `alpha` (0–255, rounded to one of 16 steps);
    /// nothing outside the picture.
    fn blend(&mut self, x: u32, y: u32, colour: [u8; 3], alpha: u8);

    /// `colour` through a glyph's coverage (rows of `width` alphas), its top left pixel at `at`.
    fn paint(&mut self, alphas: &[u8], width: usize, at: (i64, i64), colour: [u8; 3]) {
        if width == 0 {
            return;
        }
        for (row, line) in alphas.chunks(width).enumerate() {
            let y = at.1 + row as i64;
            for (column, &alpha) in line.iter().enumerate() {
                let x = at.0 + column as i64;
                if alpha > 0
                    && let (Ok(x), Ok(y)) = (u32::try_from(x), u32::try_from(y))
                {
                    self.blend(x, y, colour, alpha);
                }
            }
        }
    }
}

/// `alpha` (0–255) as a step of [`LEVELS`].
fn level(alpha: u8) -> u32 {
    (u32::from(alpha) * LEVELS + 127) / 255
}

/// `a` over `b` at `level` of [`LEVELS`], rounded to the nearest.
fn over(a: [u8; 3], b: [u8; 3], level: u32) -> [u8; 3] {
    std::array::from_fn(|i| {
        ((u32::from(a[i]) * level + u32::from(b[i]) * (LEVELS - level) + LEVELS / 2) / LEVELS) as u8
    })
}

impl Surface for RgbImage {
    fn blend(&mut self, x: u32, y: u32, colour: [u8; 3], alpha: u8) {
        let level = level(alpha);
        if level == 0 || x >= self.dimensions().0 || y >= self.dimensions().1 {
            return;
        }
        let pixel = self.get_pixel_mut(x, y);
        pixel.0 = over(colour, pixel.0, level);
    }
}

/// A picture as indexes into its palette.
#[derive(Clone)]
pub(super) struct Indexed {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
    colours: Vec<[u8; 3]>,
    index: HashMap<[u8; 3], u8>,
    /// The colours blended with, in the order first used.
    inks: Vec<[u8; 3]>,
    /// The index of each blend already made: `(ink, index below, level)`, or `u16::MAX`.
    blends: Vec<u16>,
    /// Whether a blend needed a 257th colour (the picture is then unusable).
    overflowed: bool,
    /// The rows drawn on since [`Indexed::of`].
    touched: Vec<bool>,
}

/// The entries of [`Indexed::blends`] per ink.
const PER_INK: usize = 256 * (LEVELS as usize + 1);

impl Indexed {
    /// The picture with its palette, or `None` when it has more than 256 colours.
    pub(super) fn of(picture: &RgbImage) -> Option<Indexed> {
        let mut indexed = Indexed {
            width: picture.width(),
            height: picture.height(),
            pixels: Vec::with_capacity(picture.as_raw().len() / 3),
            colours: Vec::new(),
            index: HashMap::new(),
            inks: Vec::new(),
            blends: Vec::new(),
            overflowed: false,
            touched: vec![false; picture.height() as usize],
        };
        for pixel in picture.pixels() {
            let index = indexed.index_of(pixel.0)?;
            indexed.pixels.push(index);
        }
        Some(indexed)
    }

    /// The palette's index of `colour`, added when new; `None` when the palette is full.
    fn index_of(&mut self, colour: [u8; 3]) -> Option<u8> {
        if let Some(&index) = self.index.get(&colour) {
            return Some(index);
        }
        let index = u8::try_from(self.colours.len()).ok()?;
        self.colours.push(colour);
        self.index.insert(colour, index);
        Some(index)
    }

    /// Whether every blend found its colour in the palette.
    pub(super) fn whole(&self) -> bool {
        !self.overflowed
    }

    /// A coder for pictures drawn on this one, fitted to `sample` (one of them).
    pub(super) fn coder(&self, sample: &Indexed) -> RowCoder {
        RowCoder::new(&self.pixels, &sample.pixels, self.width as usize)
    }

    /// The picture as a PNG with its palette, its rows filtered against the row above (a card's
    /// rows mostly repeat) and compressed by `coder`, made for the picture this one was drawn on.
    pub(super) fn encode(&self, coder: &RowCoder) -> Vec<u8> {
        let zlib = coder.zlib(&self.pixels, &self.touched);
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut header = Vec::with_capacity(13);
        header.extend_from_slice(&self.width.to_be_bytes());
        header.extend_from_slice(&self.height.to_be_bytes());
        // Eight bits an index, a palette, deflate, adaptive filters, no interlacing.
        header.extend_from_slice(&[8, 3, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &header);
        chunk(&mut out, b"PLTE", &self.colours.concat());
        chunk(&mut out, b"IDAT", &zlib);
        chunk(&mut out, b"IEND", &[]);
        out
    }
}

/// A PNG chunk: its length, type, data and the CRC-32 of type and data.
fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

impl Indexed {
    /// The slot of `colour` among the inks, added when new.
    fn ink(&mut self, colour: [u8; 3]) -> usize {
        match self.inks.iter().position(|&ink| ink == colour) {
            Some(ink) => ink,
            None => {
                self.inks.push(colour);
                self.blends.resize(self.inks.len() * PER_INK, u16::MAX);
                self.inks.len() - 1
            }
        }
    }

    /// `colour` (in slot `ink`) over pixel `at` at `level`: the index of the blend, from
    /// [`Indexed::blends`] or made and remembered there.
    fn put(&mut self, at: usize, ink: usize, colour: [u8; 3], level: u32) {
        let below = self.pixels[at];
        let memo = ink * PER_INK + usize::from(below) * (LEVELS as usize + 1) + level as usize;
        let index = match self.blends[memo] {
            u16::MAX => {
                let blended = over(colour, self.colours[usize::from(below)], level);
                let Some(index) = self.index_of(blended) else {
                    self.overflowed = true;
                    return;
                };
                self.blends[memo] = u16::from(index);
                index
            }
            index => index as u8,
        };
        self.pixels[at] = index;
    }
}

impl Surface for Indexed {
    fn blend(&mut self, x: u32, y: u32, colour: [u8; 3], alpha: u8) {
        let level = level(alpha);
        if level == 0 || x >= self.width || y >= self.height {
            return;
        }
        let ink = self.ink(colour);
        self.touched[y as usize] = true;
        self.put(
            y as usize * self.width as usize + x as usize,
            ink,
            colour,
            level,
        );
    }

    fn paint(&mut self, alphas: &[u8], width: usize, at: (i64, i64), colour: [u8; 3]) {
        if width == 0 {
            return;
        }
        let ink = self.ink(colour);
        let (canvas_width, canvas_height) = (i64::from(self.width), i64::from(self.height));
        for (row, line) in alphas.chunks(width).enumerate() {
            let y = at.1 + row as i64;
            if !(0..canvas_height).contains(&y) {
                continue;
            }
            self.touched[y as usize] = true;
            let start = y as usize * self.width as usize;
            for (column, &alpha) in line.iter().enumerate() {
                let x = at.0 + column as i64;
                let level = level(alpha);
                if level > 0 && (0..canvas_width).contains(&x) {
                    self.put(start + x as usize, ink, colour, level);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn drawing_on_the_palette_gives_the_pixels_of_drawing_in_rgb() {
        let mut rgb = RgbImage::from_pixel(40, 20, Rgb([250, 248, 240]));
        let mut indexed = Indexed::of(&rgb).unwrap();
        for (x, y, alpha) in [
            (3, 4, 255),
            (4, 4, 128),
            (5, 4, 7),
            (5, 4, 90),
            (39, 19, 200),
        ] {
            rgb.blend(x, y, [20, 30, 200], alpha);
            indexed.blend(x, y, [20, 30, 200], alpha);
            indexed.blend(x + 100, y, [20, 30, 200], alpha);
        }
        // A glyph's coverage, partly outside the picture.
        let glyph = [0, 128, 255, 255, 7, 90, 30, 200, 255];
        for at in [(10, 10), (38, 18), (-1, -1)] {
            rgb.paint(&glyph, 3, at, [200, 40, 10]);
            indexed.paint(&glyph, 3, at, [200, 40, 10]);
        }
        assert!(indexed.whole());
        let coder = Indexed::of(&RgbImage::from_pixel(40, 20, Rgb([250, 248, 240])))
            .unwrap()
            .coder(&indexed);
        let decoded = image::load_from_memory(&indexed.encode(&coder))
            .unwrap()
            .to_rgb8();
        assert_eq!(decoded, rgb);
        assert_eq!(rgb.get_pixel(3, 4).0, [20, 30, 200]);
        assert_eq!(
            rgb.get_pixel(6, 4).0,
            [250, 248, 240],
            "nothing drawn there"
        );
    }

    #[test]
    fn a_picture_of_more_than_256_colours_has_no_palette() {
        let mut picture = RgbImage::new(300, 1);
        for (x, _, pixel) in picture.enumerate_pixels_mut() {
            pixel.0 = [(x % 256) as u8, (x / 256) as u8, 0];
        }
        assert!(Indexed::of(&picture).is_none());
        let crop = image::imageops::crop_imm(&picture, 0, 0, 256, 1).to_image();
        let mut indexed = Indexed::of(&crop).unwrap();
        indexed.blend(0, 0, [9, 9, 9], 255);
        assert!(!indexed.whole(), "a 257th colour does not fit");
    }
}
