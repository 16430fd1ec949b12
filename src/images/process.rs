//! One picture made ready for phones: decoded, turned upright (EXIF orientation), copied at a few
//! widths in WebP and in its own format, and its own file stripped of every metadata block (GPS
//! positions, camera serials). A pure function of the bytes and the [`Settings`].

use std::io::Cursor;

use fast_image_resize as fr;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder as _, ImageReader};
use serde::{Deserialize, Serialize};

/// Bumped whenever the bytes this module makes change, so cached copies are made again.
const PIPELINE_VERSION: u32 = 1;

/// The quality of a picture's own file when it has to be encoded again (it was turned upright).
const ORIGINAL_QUALITY: u8 = 90;

/// What the copies of a picture depend on besides its bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Settings {
    /// Ascending, without repeats.
    pub widths: Vec<u32>,
    pub quality: u8,
}

impl Settings {
    /// The text cache keys are made of.
    pub(crate) fn fingerprint(&self) -> String {
        format!(
            "v{PIPELINE_VERSION} widths={:?} quality={}",
            self.widths, self.quality
        )
    }
}

/// The raster formats the pipeline reads, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Jpeg,
    Png,
    WebP,
    /// Passed through as it is (it may move): only its size is read.
    Gif,
}

impl Format {
    pub(crate) fn from_path(path: &str) -> Option<Format> {
        let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::WebP),
            "gif" => Some(Format::Gif),
            _ => None,
        }
    }

    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::WebP => "webp",
            Format::Gif => "gif",
        }
    }
}

/// What is known of a processed picture; kept as `meta.json` in its cache entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Meta {
    /// The size of the upright picture.
    pub width: u32,
    pub height: u32,
    /// The average colour, `#rrggbb`, shown while the picture loads.
    pub color: String,
    /// Whether it has no transparent part (only then is the colour shown behind it).
    pub opaque: bool,
    /// The file name of the picture's own file, stripped, in the entry.
    pub original: String,
    /// Narrowest first.
    pub variants: Vec<Variant>,
}

/// One width of a picture: a WebP file, and one in the picture's own format unless that is WebP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Variant {
    pub width: u32,
    pub height: u32,
    pub webp: String,
    pub fallback: Option<String>,
}

/// A processed picture: what is known of it and its files, by name.
pub(crate) struct Made {
    pub meta: Meta,
    pub files: Vec<(String, Vec<u8>)>,
}

/// Makes the copies of a picture. The error is a sentence for the editor.
pub(crate) fn process(bytes: &[u8], format: Format, settings: &Settings) -> Result<Made, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|error| error.to_string())?;
    let mut decoder = reader.into_decoder().map_err(describe)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    if format == Format::Gif {
        let (width, height) = decoder.dimensions();
        let image = DynamicImage::from_decoder(decoder).map_err(describe)?;
        let original = format!("full.{}", format.extension());
        return Ok(Made {
            meta: Meta {
                width,
                height,
                color: average_color(&image),
                opaque: !image.color().has_alpha(),
                original: original.clone(),
                variants: Vec::new(),
            },
            files: vec![(original, bytes.to_vec())],
        });
    }
    let mut image = DynamicImage::from_decoder(decoder).map_err(describe)?;
    image.apply_orientation(orientation);
    let image = if image.color().has_alpha() {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    };
    let (width, height) = (image.width(), image.height());
    let opaque = !image.color().has_alpha();
    let original = format!("full.{}", format.extension());
    let stripped = match (format, orientation) {
        (Format::Jpeg, Orientation::NoTransforms) => strip_jpeg(bytes),
        _ => None,
    };
    let original_bytes = match stripped {
        Some(bytes) => bytes,
        None => encode(&image, format, ORIGINAL_QUALITY)?,
    };
    let mut files = vec![(original.clone(), original_bytes)];
    let mut variants = Vec::new();
    let mut source = image;
    for target in targets(width, &settings.widths).into_iter().rev() {
        let target_height = ((u64::from(height) * u64::from(target) + u64::from(width) / 2)
            / u64::from(width))
        .max(1) as u32;
        if target != source.width() {
            source = resize(&source, target, target_height)?;
        }
        let webp = format!("{target}.webp");
        files.push((
            webp.clone(),
            encode(&source, Format::WebP, settings.quality)?,
        ));
        let fallback = (format != Format::WebP).then(|| format!("{target}.{}", format.extension()));
        if let Some(name) = &fallback {
            files.push((name.clone(), encode(&source, format, settings.quality)?));
        }
        variants.push(Variant {
            width: target,
            height: target_height,
            webp,
            fallback,
        });
    }
    variants.reverse();
    Ok(Made {
        meta: Meta {
            width,
            height,
            color: average_color(&source),
            opaque,
            original,
            variants,
        },
        files,
    })
}

fn describe(error: image::ImageError) -> String {
    format!("the picture cannot be read: {error}")
}

/// The widths to make of a picture `width` pixels wide: every configured width narrower than it,
/// and its own width when that is within the widest configured one. Never wider than the picture.
pub(crate) fn targets(width: u32, widths: &[u32]) -> Vec<u32> {
    let mut targets: Vec<u32> = widths.iter().copied().filter(|&w| w < width).collect();
    let widest = widths.last().copied().unwrap_or(width);
    if width <= widest {
        targets.push(width);
    }
    targets
}

fn resize(source: &DynamicImage, width: u32, height: u32) -> Result<DynamicImage, String> {
    let mut target = DynamicImage::new(width, height, source.color());
    let options =
        fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    fr::Resizer::new()
        .resize(source, &mut target, &options)
        .map_err(|error| format!("the picture cannot be resized: {error}"))?;
    Ok(target)
}

/// Encodes an upright RGB or RGBA picture; no metadata block is written.
fn encode(image: &DynamicImage, format: Format, quality: u8) -> Result<Vec<u8>, String> {
    let (width, height) = (image.width(), image.height());
    let failed = |error: image::ImageError| format!("the picture cannot be encoded: {error}");
    let mut out = Vec::new();
    match format {
        Format::WebP => {
            // WebP holds at most 16,383 pixels a side (libwebp's encoder panics beyond).
            if width == 0 || height == 0 || width > 16_383 || height > 16_383 {
                return Err(format!(
                    "the picture is {width} × {height} pixels, more than WebP can hold"
                ));
            }
            let encoder = match image {
                DynamicImage::ImageRgba8(rgba) => webp::Encoder::from_rgba(rgba, width, height),
                DynamicImage::ImageRgb8(rgb) => webp::Encoder::from_rgb(rgb, width, height),
                _ => return Err("the picture has an unexpected pixel layout".to_string()),
            };
            out.extend_from_slice(&encoder.encode(f32::from(quality)));
        }
        Format::Jpeg => {
            let rgb = image.to_rgb8();
            JpegEncoder::new_with_quality(&mut out, quality)
                .write_image(&rgb, width, height, image::ExtendedColorType::Rgb8)
                .map_err(failed)?;
        }
        Format::Png | Format::Gif => {
            PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive)
                .write_image(image.as_bytes(), width, height, image.color().into())
                .map_err(failed)?;
        }
    }
    Ok(out)
}

/// The average colour of a picture, as `#rrggbb`.
fn average_color(image: &DynamicImage) -> String {
    let rgb = image.to_rgb8();
    let mut sums = [0u64; 3];
    for pixel in rgb.pixels() {
        for (sum, channel) in sums.iter_mut().zip(pixel.0) {
            *sum += u64::from(channel);
        }
    }
    let count = u64::from(rgb.width()) * u64::from(rgb.height());
    let [r, g, b] = sums.map(|sum| sum.checked_div(count).unwrap_or(0) as u8);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// A JPEG without its metadata segments: APP1 (EXIF with GPS, XMP), APP13 (IPTC), comments and
/// every other application block but JFIF (APP0), the colour profile (APP2 `ICC_PROFILE`) and
/// Adobe's colour transform (APP14), which change how it looks. The image data is copied as it
/// is. `None` when the file is not a JPEG this can follow. No crate rewrites JPEG segments
/// without decoding, so this walks them.
pub(crate) fn strip_jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        if marker == 0xFF {
            at += 1;
            continue;
        }
        if marker == 0xDA {
            // Start of scan: the rest is image data (and the end marker).
            out.extend_from_slice(&bytes[at..]);
            return Some(out);
        }
        let length = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        let end = at + 2 + length;
        let segment = bytes.get(at..end)?;
        let payload = &segment[4..];
        let keep = match marker {
            0xE0 | 0xEE => true,
            0xE2 => payload.starts_with(b"ICC_PROFILE\0"),
            0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
            _ => true,
        };
        if keep {
            out.extend_from_slice(segment);
        }
        at = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_never_wider_than_the_picture() {
        assert_eq!(targets(4032, &[480, 960, 1600]), [480, 960, 1600]);
        assert_eq!(targets(1000, &[480, 960, 1600]), [480, 960, 1000]);
        assert_eq!(targets(300, &[480, 960, 1600]), [300]);
        assert_eq!(targets(960, &[480, 960, 1600]), [480, 960]);
    }

    #[test]
    fn strip_jpeg_drops_exif_and_keeps_the_scan() {
        let exif = [0xFF, 0xE1, 0x00, 0x06, b'E', b'x', b'i', b'f'];
        let jfif = [0xFF, 0xE0, 0x00, 0x04, 1, 2];
        let scan = [0xFF, 0xDA, 0x00, 0x02, 9, 9, 0xFF, 0xD9];
        let file = [&[0xFF, 0xD8][..], &jfif, &exif, &scan].concat();
        let stripped = strip_jpeg(&file).unwrap();
        assert_eq!(stripped, [&[0xFF, 0xD8][..], &jfif, &scan].concat());
        assert_eq!(strip_jpeg(b"not a jpeg"), None);
    }
}
