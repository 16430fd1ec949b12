//! Pictures for phones: copies at each width in WebP and the picture's own format, upright and
//! without metadata, `<picture>` markup, the cache, sanitised SVG and social cards, through the
//! real binary on `tests/sites/images/`.

use std::io::Cursor;
use std::path::Path;

use image::{ImageDecoder as _, ImageReader};

use crate::support::{TempSite, snapshot_tree};

/// A text planted in the GPS block of the test photo: it must reach no output file.
const GPS_MARK: &[u8] = b"GPSMARK-51.5N";

/// A 64 × 48 JPEG whose EXIF says "turn 90° clockwise" (orientation 6) and holds a GPS block.
fn phone_photo() -> Vec<u8> {
    let mut pixels = image::RgbImage::new(64, 48);
    for (x, y, pixel) in pixels.enumerate_pixels_mut() {
        // Red on the left half, so the turn can be seen: after it, red is on top.
        *pixel = if x < 32 {
            image::Rgb([220, 30, 30])
        } else {
            image::Rgb([30, 30, 220])
        };
        let _ = y;
    }
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&pixels)
        .unwrap();
    // TIFF, little endian: IFD0 with Orientation = 6 and a GPS pointer; the GPS IFD holds one
    // ASCII entry whose value is GPS_MARK.
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(2u16.to_le_bytes());
    tiff.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
    let gps_ifd = 8 + 2 + 2 * 12 + 4;
    tiff.extend([0x25, 0x88, 4, 0, 1, 0, 0, 0]);
    tiff.extend((gps_ifd as u32).to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    let text_at = gps_ifd + 2 + 12 + 4;
    tiff.extend(1u16.to_le_bytes());
    tiff.extend([0x01, 0x00, 2, 0]);
    tiff.extend((GPS_MARK.len() as u32 + 1).to_le_bytes());
    tiff.extend((text_at as u32).to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(GPS_MARK);
    tiff.push(0);
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend(b"Exif\0\0");
    app1.extend(tiff);
    [&jpeg[..2], &app1, &jpeg[2..]].concat()
}

/// A 40 × 20 PNG with a transparent half.
fn logo_png() -> Vec<u8> {
    let logo = image::RgbaImage::from_fn(40, 20, |x, _| {
        if x < 20 {
            image::Rgba([10, 120, 10, 255])
        } else {
            image::Rgba([0, 0, 0, 0])
        }
    });
    let mut png = Vec::new();
    logo.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png
}

fn photo_site() -> TempSite {
    let site = TempSite::fixture("images", "photos");
    let photos = site.path().join("static/photos");
    std::fs::write(photos.join("phone.jpg"), phone_photo()).unwrap();
    std::fs::write(photos.join("logo.png"), logo_png()).unwrap();
    site
}

/// `(made, from the cache)` from the line `build` prints.
fn picture_counts(stdout: &str) -> (usize, usize) {
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("pictures and cards: "))
        .unwrap_or_else(|| panic!("no picture count in {stdout}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

fn pictures_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
    snapshot_tree(dir)
        .into_iter()
        .filter(|(path, _)| [".jpg", ".png", ".webp"].iter().any(|e| path.ends_with(e)))
        .collect()
}

/// The attributes of every `<img>` of a page.
fn img_tags(html: &str) -> Vec<&str> {
    html.split("<img ")
        .skip(1)
        .map(|rest| &rest[..rest.find('>').unwrap_or(rest.len())])
        .collect()
}

fn dimensions(bytes: &[u8]) -> (u32, u32) {
    ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .unwrap()
        .into_dimensions()
        .unwrap()
}

#[test]
fn photos_get_upright_copies_without_metadata_and_picture_markup() {
    let site = photo_site();
    let run = site.build(&[]);
    run.assert_success();
    let pictures = pictures_in(&site.public());
    assert!(
        pictures.len() > 6,
        "{:?}",
        pictures.iter().map(|p| &p.0).collect::<Vec<_>>()
    );
    // The fixture does carry GPS and an orientation, as a real EXIF reader sees them.
    let input = exif::Reader::new()
        .read_from_container(&mut Cursor::new(phone_photo()))
        .expect("the fixture has EXIF");
    assert!(
        input
            .get_field(exif::Tag::GPSLatitudeRef, exif::In::PRIMARY)
            .is_some()
    );
    assert!(
        input
            .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
            .is_some()
    );
    for (path, bytes) in snapshot_tree(&site.public()) {
        assert!(
            !bytes.windows(GPS_MARK.len()).any(|w| w == GPS_MARK),
            "GPS in {path}"
        );
    }
    for (path, bytes) in &pictures {
        match exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) {
            Err(exif::Error::NotFound(_)) => {}
            Ok(found) => panic!(
                "EXIF in {path}: {:?}",
                found.fields().map(|f| f.tag).collect::<Vec<_>>()
            ),
            Err(error) => panic!("{path} cannot be read for EXIF: {error}"),
        }
        assert!(
            !bytes.windows(6).any(|w| w == b"Exif\0\0"),
            "EXIF in {path}"
        );
        let mut decoder = ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .unwrap()
            .into_decoder()
            .unwrap();
        assert_eq!(decoder.exif_metadata().unwrap(), None, "EXIF in {path}");
    }
    // Turned upright: 48 wide, 64 tall, red on top.
    let original = std::fs::read(site.public().join("photos/phone.jpg")).unwrap();
    let upright = image::load_from_memory(&original).unwrap().to_rgb8();
    assert_eq!(upright.dimensions(), (48, 64));
    assert!(
        upright.get_pixel(24, 4)[0] > 150,
        "{:?}",
        upright.get_pixel(24, 4)
    );
    // Never wider than the picture: 16, 32 and its own 48 (not 100).
    let copies: Vec<&(String, Vec<u8>)> = pictures
        .iter()
        .filter(|(p, _)| p.starts_with("_img/"))
        .collect();
    let phone: Vec<_> = copies
        .iter()
        .filter(|(p, _)| p.contains("/phone-"))
        .collect();
    assert_eq!(phone.len(), 6, "{phone:?}");
    for (path, bytes) in &phone {
        let (width, _) = dimensions(bytes);
        assert!(width <= 48, "{path} is {width} wide");
        assert!(
            path.ends_with(&format!("-{width}.webp")) || path.ends_with(&format!("-{width}.jpg")),
            "{path}"
        );
    }
    let html = site.read("guides/rotated/index.html");
    let webp_srcset = regex::Regex::new(
        r#"<picture><source type="image/webp" srcset="/community/_img/[a-z0-9]+/phone-16\.webp 16w, /community/_img/[a-z0-9]+/phone-32\.webp 32w, /community/_img/[a-z0-9]+/phone-48\.webp 48w" sizes="[^"]+"><img "#,
    )
    .unwrap();
    assert!(webp_srcset.is_match(&html), "{html}");
    let img = img_tags(&html)
        .into_iter()
        .find(|tag| tag.contains("alt=\"The heel, turned\""))
        .unwrap_or_else(|| panic!("no Markdown picture in {html}"));
    for expected in [
        "width=\"48\"",
        "height=\"64\"",
        "loading=\"lazy\"",
        "decoding=\"async\"",
        "background-color:#",
        "phone-48.jpg 48w",
    ] {
        assert!(
            img.contains(expected),
            "{expected} missing from <img {img}>"
        );
    }
    assert!(html.contains("</picture>"), "{html}");
    // A transparent PNG gets no colour behind it, and keeps the width the page asked for.
    let logo = img_tags(&html)
        .into_iter()
        .find(|tag| tag.contains("logo-"))
        .unwrap();
    assert!(!logo.contains("background-color"), "{logo}");
    assert!(
        logo.contains("width=\"500\"") && logo.contains("height=\"250\""),
        "{logo}"
    );
    // Problems are warnings of `build` and `check` alike.
    for stderr in [
        run.stderr.clone(),
        crate::support::guildhall(
            &["check", "--root", site.path().to_str().unwrap()],
            site.path(),
        )
        .stderr,
    ] {
        assert!(
            stderr.contains("the picture `/community/photos/logo.png` has no alt text"),
            "{stderr}"
        );
        assert!(
            stderr.contains("is 40 pixels wide but is shown 500 wide"),
            "{stderr}"
        );
    }
}

#[test]
fn svg_is_published_without_scripts_or_external_links() {
    let site = photo_site();
    site.build(&[]).assert_success();
    let svg = site.read("photos/swatch.svg");
    for bad in ["alert", "tracker.example", "ENTITY", "onload"] {
        assert!(!svg.contains(bad), "{bad} in {svg}");
    }
    assert!(
        svg.contains("<rect width=\"10\" height=\"10\" fill=\"green\"/>"),
        "{svg}"
    );
    let html = site.read("guides/rotated/index.html");
    let swatch = img_tags(&html)
        .into_iter()
        .find(|tag| tag.contains("swatch.svg"))
        .unwrap();
    assert!(swatch.contains("loading=\"lazy\""), "{swatch}");
}

#[test]
fn every_page_without_a_picture_gets_its_own_social_card() {
    let site = photo_site();
    site.build(&[]).assert_success();
    let og_image = |html: &str| -> String {
        let at = html
            .find("property=\"og:image\" content=\"")
            .expect("og:image")
            + 29;
        html[at..at + html[at..].find('"').unwrap()].to_string()
    };
    let plain = og_image(&site.read("guides/plain/index.html"));
    assert_eq!(
        plain,
        "https://hub.example/community/_cards/guides/plain.png"
    );
    let rotated = og_image(&site.read("guides/rotated/index.html"));
    assert_eq!(rotated, "https://hub.example/community/photos/phone.jpg");
    let mut cards = Vec::new();
    for (path, _) in snapshot_tree(&site.public()) {
        if !path.ends_with("index.html") {
            continue;
        }
        let url = og_image(&site.read(&path));
        let output = url.strip_prefix("https://hub.example/community/").unwrap();
        assert!(
            site.public().join(output).is_file(),
            "{path}: {url} is not written"
        );
        if output.starts_with("_cards/") {
            cards.push(output.to_string());
        }
    }
    assert!(cards.len() >= 3, "{cards:?}");
    cards.sort();
    cards.dedup();
    for card in &cards {
        let bytes = std::fs::read(site.public().join(card)).unwrap();
        assert_eq!(dimensions(&bytes), (1200, 630), "{card}");
    }
    let plain = std::fs::read(site.public().join("_cards/guides/plain.png")).unwrap();
    let home = std::fs::read(site.public().join("_cards/index.png")).unwrap();
    assert_ne!(plain, home, "every card shows its own page");
}

#[test]
fn a_second_build_takes_every_picture_from_the_cache_and_writes_the_same_bytes() {
    let site = photo_site();
    let first = site.build(&[]);
    first.assert_success();
    let (made, reused) = picture_counts(&first.stdout);
    assert!(made >= 5 && reused == 0, "{}", first.stdout);
    let before = snapshot_tree(&site.public());
    let second = site.build(&[]);
    second.assert_success();
    assert_eq!(
        picture_counts(&second.stdout),
        (0, made),
        "{}",
        second.stdout
    );
    assert!(
        before == snapshot_tree(&site.public()),
        "the warm build wrote other bytes"
    );
    // Made again from nothing, the bytes are the same too.
    std::fs::remove_dir_all(site.path().join(".guildhall")).unwrap();
    let third = site.build(&[]);
    assert_eq!(picture_counts(&third.stdout), (made, 0), "{}", third.stdout);
    assert!(
        before == snapshot_tree(&site.public()),
        "a cold build wrote other bytes"
    );
}

/// How many entries the picture cache holds.
fn entries(site: &TempSite) -> usize {
    let root = site.path().join(".guildhall/cache/images/entries");
    std::fs::read_dir(root)
        .unwrap()
        .map(|shard| std::fs::read_dir(shard.unwrap().path()).unwrap().count())
        .sum()
}

#[test]
fn the_cache_is_cut_back_to_its_limit_after_the_output_is_whole() {
    let site = photo_site();
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write("guildhall.toml", &format!("{config}cache_limit_mb = 1\n"));
    let first = site.build(&[]);
    first.assert_success();
    let made = picture_counts(&first.stdout).0;
    let cache_bytes: u64 = walkdir::WalkDir::new(site.path().join(".guildhall/cache/images"))
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|entry| entry.metadata().ok())
        .filter(|metadata| metadata.is_file())
        .map(|metadata| metadata.len())
        .sum();
    assert!(cache_bytes < 1_000_000, "{cache_bytes} bytes kept");
    let kept = entries(&site);
    assert_eq!(kept, made, "everything fits in 1 MB");
    // At 0 MB only the entry used last is kept; the output written before the cut is whole.
    let before = snapshot_tree(&site.public());
    site.write("guildhall.toml", &format!("{config}cache_limit_mb = 0\n"));
    site.build(&[]).assert_success();
    assert_eq!(entries(&site), 1);
    assert!(
        before == snapshot_tree(&site.public()),
        "the output changed"
    );
    let third = site.build(&[]);
    assert_eq!(
        picture_counts(&third.stdout),
        (made - 1, 1),
        "{}",
        third.stdout
    );
    assert!(
        before == snapshot_tree(&site.public()),
        "the output changed"
    );
}

#[test]
fn the_cache_forgets_pictures_no_build_uses() {
    let site = photo_site();
    site.build(&[]).assert_success();
    let before = entries(&site);
    // Another logo: its copies are made, the old one's entry goes.
    let other = image::RgbaImage::from_pixel(30, 30, image::Rgba([200, 0, 0, 255]));
    other
        .save(site.path().join("static/photos/logo.png"))
        .unwrap();
    let run = site.build(&[]);
    assert_eq!(picture_counts(&run.stdout).0, 1, "{}", run.stdout);
    assert_eq!(entries(&site), before);
    std::fs::remove_file(site.path().join("static/photos/logo.png")).unwrap();
    site.write("content/guides/rotated.md", "+++\ntitle = \"A photo taken on a phone\"\nlevel = \"beginner\"\nimage = \"/photos/phone.jpg\"\nimage_alt = \"Sock\"\n+++\n");
    site.build(&[]).assert_success();
    assert_eq!(entries(&site), before - 1);
}

#[test]
fn check_warns_on_heavy_and_huge_pictures() {
    let site = photo_site();
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write(
        "guildhall.toml",
        &format!("{config}warn_bytes = 100\nwarn_pixels = 50\n"),
    );
    let run = crate::support::guildhall(
        &["check", "--root", site.path().to_str().unwrap()],
        site.path(),
    );
    assert!(
        run.stderr.contains("static/photos/phone.jpg"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("over the 0.0 MB of `[images] warn_bytes`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("48 × 64 pixels, over the 50 of `[images] warn_pixels`"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_picture_settings_point_into_the_configuration() {
    let site = photo_site();
    let config = std::fs::read_to_string(site.path().join("guildhall.toml")).unwrap();
    site.write(
        "guildhall.toml",
        &config.replace("[16, 32, 100]", "[16, 0]"),
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("guildhall.toml:6:"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("a picture width must be from 1 to 8192 pixels"),
        "{}",
        run.stderr
    );
}

/// The attributes of every `<img>` of a page, read by a real HTML tokenizer.
fn parsed_imgs(html: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    use html5gum::{Token, Tokenizer};
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    Tokenizer::new(html)
        .flatten()
        .filter_map(|token| match token {
            Token::StartTag(tag) if tag.name.as_slice() == b"img" => Some(
                tag.attributes
                    .iter()
                    .map(|(name, value)| (text(name.as_slice()), text(value.as_slice())))
                    .collect(),
            ),
            _ => None,
        })
        .collect()
}

/// On every page of a built hub: every `<img>` has `width`, `height` and `alt`, and the page's
/// `og:image` is its own social card or a picture of the site, written to the output. Returns
/// how many pages have their own card.
pub fn assert_pictures_sized_and_cards_per_page(public: &Path, base_url: &str) -> usize {
    let og_image = regex::Regex::new(r#"<meta property="og:image" content="([^"]+)""#).unwrap();
    let mut cards = 0;
    for (path, bytes) in snapshot_tree(public) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for img in parsed_imgs(&html) {
            for attribute in ["width", "height"] {
                let value = img.get(attribute).map(String::as_str).unwrap_or_default();
                assert!(
                    value.parse::<u32>().is_ok_and(|n| n > 0),
                    "{path}: <img> without {attribute}: {img:?}"
                );
            }
            assert!(
                img.contains_key("alt"),
                "{path}: <img> without alt: {img:?}"
            );
        }
        if html.contains("http-equiv=\"refresh\"") || path == "404.html" {
            continue;
        }
        let image = og_image
            .captures(&html)
            .unwrap_or_else(|| panic!("{path} has no og:image"))[1]
            .to_string();
        let output = image
            .strip_prefix(base_url)
            .unwrap_or_else(|| panic!("{path}: og:image {image} is not of the site"));
        assert!(
            public.join(output).is_file(),
            "{path}: og:image {image} is not written"
        );
        if output.starts_with("_cards/") {
            let page = path.trim_end_matches("index.html").trim_end_matches('/');
            let expected = if page.is_empty() {
                "_cards/index.png".to_string()
            } else {
                format!("_cards/{}.png", page.trim_end_matches(".html"))
            };
            assert_eq!(output, expected, "{path} shows another page's card");
            assert_eq!(
                dimensions(&std::fs::read(public.join(output)).unwrap()),
                (1200, 630)
            );
            cards += 1;
        } else {
            assert!(
                [".png", ".jpg", ".jpeg", ".webp", ".gif"]
                    .iter()
                    .any(|extension| output.ends_with(extension)),
                "{path}: og:image {image} is not a picture social sites show"
            );
        }
    }
    cards
}
