//! `[brand]`: the brand's colours, logo, favicon, font, home-page hero and support contact.
//!
//! [`BrandConfig`] is the table as written; [`Brand::resolve`] checks it (colours parse and reach
//! WCAG AA contrast on the theme's light and dark backgrounds) and derives what the theme needs:
//! hover, focus and dark-mode variants of each colour. [`check_files`] checks that the pictures and
//! the font are files of the site, once the static files are known.

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Diagnostics};

/// The page background of the default theme in light mode.
const LIGHT_BACKGROUND: Rgb = Rgb(0xff, 0xff, 0xff);
/// The page background of the default theme in dark mode.
const DARK_BACKGROUND: Rgb = Rgb(0x12, 0x14, 0x17);
/// WCAG 2.2 AA for text (1.4.3).
const TEXT_CONTRAST: f64 = 4.5;
/// WCAG 2.2 AA for focus rings and other parts of controls (1.4.11).
const NON_TEXT_CONTRAST: f64 = 3.0;

/// `[brand]`, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrandConfig {
    /// Links and buttons: `#rrggbb` or `#rgb`.
    pub primary: Option<Spanned<String>>,
    /// Focus rings, the current navigation link, highlights.
    pub accent: Option<Spanned<String>>,
    /// The logo shown in the header, a file under `static/` (SVG, PNG or WebP).
    pub logo: Option<Spanned<String>>,
    /// The logo on dark backgrounds.
    pub logo_dark: Option<Spanned<String>>,
    /// The logo's text alternative; the site's title when left out.
    pub logo_alt: Option<String>,
    /// One square SVG or PNG the browser icons are made from.
    pub favicon: Option<Spanned<String>>,
    /// A self-hosted WOFF2 font under `static/`, used for the whole text.
    pub font: Option<Spanned<String>>,
    /// The family name the font is declared with; its file name when left out.
    pub font_name: Option<String>,
    /// The picture of the home page's hero.
    pub hero: Option<Spanned<String>>,
    pub hero_alt: Option<String>,
    /// A line under the hub's name on the home page.
    pub tagline: Option<String>,
    /// Where shoppers reach support: a URL or an e-mail address.
    pub contact: Option<Spanned<String>>,
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Reads `#rrggbb` or `#rgb`.
    pub(crate) fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize, width: usize| {
            let value = u8::from_str_radix(&hex[i * width..i * width + width], 16).ok()?;
            Some(if width == 1 { value * 17 } else { value })
        };
        let width = match hex.len() {
            3 => 1,
            6 => 2,
            _ => return None,
        };
        Some(Rgb(
            channel(0, width)?,
            channel(1, width)?,
            channel(2, width)?,
        ))
    }

    pub(crate) fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance (WCAG 2.2).
    fn luminance(self) -> f64 {
        let linear = |channel: u8| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    /// The contrast ratio of two colours, from 1 to 21.
    pub(crate) fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// This colour moved `amount` (0 to 1) of the way towards `target`.
    fn mix(self, target: Rgb, amount: f64) -> Rgb {
        let step = |from: u8, to: u8| {
            (f64::from(from) + (f64::from(to) - f64::from(from)) * amount).round() as u8
        };
        Rgb(
            step(self.0, target.0),
            step(self.1, target.1),
            step(self.2, target.2),
        )
    }

    /// The nearest shade towards `target` (black or white) that reaches `ratio` against `background`.
    fn shade_reaching(self, target: Rgb, background: Rgb, ratio: f64) -> Rgb {
        (0..=50)
            .map(|step| self.mix(target, f64::from(step) / 50.0))
            .find(|shade| shade.contrast(background) >= ratio)
            .unwrap_or(target)
    }
}

const BLACK: Rgb = Rgb(0, 0, 0);
const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);

/// The colours the theme uses, derived from `primary` and `accent`, as CSS values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Palette {
    /// `(custom property, light value, dark value)`, in the order they are written.
    pub properties: Vec<(&'static str, String, String)>,
}

impl Palette {
    fn derive(primary: Rgb, accent: Rgb) -> Palette {
        let dark_primary = primary.shade_reaching(WHITE, DARK_BACKGROUND, TEXT_CONTRAST + 1.5);
        let dark_accent = accent.shade_reaching(WHITE, DARK_BACKGROUND, NON_TEXT_CONTRAST + 1.0);
        let on = |colour: Rgb| {
            if colour.contrast(WHITE) >= colour.contrast(DARK_BACKGROUND) {
                WHITE
            } else {
                DARK_BACKGROUND
            }
        };
        let pair = |light: Rgb, dark: Rgb| (light.hex(), dark.hex());
        let rows = [
            ("--link", pair(primary, dark_primary)),
            (
                "--link-hover",
                pair(primary.mix(BLACK, 0.2), dark_primary.mix(WHITE, 0.25)),
            ),
            ("--on-link", pair(on(primary), on(dark_primary))),
            ("--focus", pair(accent, dark_accent)),
            ("--accent", pair(accent, dark_accent)),
            ("--on-accent", pair(on(accent), on(dark_accent))),
            (
                "--tint",
                pair(
                    primary.mix(WHITE, 0.92),
                    dark_primary.mix(DARK_BACKGROUND, 0.85),
                ),
            ),
        ];
        Palette {
            properties: rows
                .into_iter()
                .map(|(name, (light, dark))| (name, light, dark))
                .collect(),
        }
    }

    /// The `<style>` text that sets the palette over the theme's own colours.
    pub(crate) fn css(&self) -> String {
        let block = |dark: bool| {
            self.properties
                .iter()
                .map(|(name, light, dark_value)| {
                    format!("{name}:{}", if dark { dark_value } else { light })
                })
                .collect::<Vec<_>>()
                .join(";")
        };
        format!(
            ":root{{{}}}@media (prefers-color-scheme:dark){{:root{{{}}}}}",
            block(false),
            block(true)
        )
    }
}

/// The support contact: a URL, or an e-mail address as a `mailto:` link.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Contact {
    pub url: String,
    /// What the link shows: the address, or the URL's host and path.
    pub label: String,
    pub email: bool,
}

/// `[brand]` after checks: what the theme and, later, the social cards use.
#[derive(Debug, Clone, Default)]
pub(crate) struct Brand {
    pub palette: Option<Palette>,
    /// The colours as written, after checks: `(primary, accent)`.
    pub colours: Option<(Rgb, Rgb)>,
    pub logo: Option<String>,
    pub logo_dark: Option<String>,
    pub logo_alt: Option<String>,
    pub favicon: Option<String>,
    pub font: Option<String>,
    pub font_name: Option<String>,
    pub hero: Option<String>,
    pub hero_alt: Option<String>,
    pub tagline: Option<String>,
    pub contact: Option<Contact>,
}

impl Brand {
    /// Checks the colours and the contact of `[brand]`; file paths are checked by [`check_files`].
    pub(crate) fn resolve(
        config: &BrandConfig,
        file: &str,
        text: &str,
        diagnostics: &mut Diagnostics,
    ) -> Brand {
        let mut colour = |key: &str, value: &Option<Spanned<String>>, ratio: f64| {
            let value = value.as_ref()?;
            let error = |message: String| Diagnostic::error(file, text, value.span(), message);
            let Some(rgb) = Rgb::parse(value.get_ref()) else {
                diagnostics.push(
                    error(format!(
                        "`[brand] {key}` must be a colour like \"#1a56c4\", not `{}`",
                        value.get_ref()
                    ))
                    .with_hint("write the colour as # and six hexadecimal digits"),
                );
                return None;
            };
            let measured = rgb.contrast(LIGHT_BACKGROUND);
            if measured < ratio {
                let better = rgb.shade_reaching(BLACK, LIGHT_BACKGROUND, ratio);
                diagnostics.push(
                    error(format!(
                        "the {key} colour {} has a contrast of {:.2}:1 on the white page; WCAG AA needs {ratio}:1 for {}",
                        rgb.hex(),
                        floor2(measured),
                        if key == "primary" { "links and button text" } else { "focus rings and highlights" },
                    ))
                    .with_hint(format!(
                        "a darker shade such as \"{}\" reaches {:.2}:1",
                        better.hex(),
                        floor2(better.contrast(LIGHT_BACKGROUND))
                    )),
                );
                return None;
            }
            Some(rgb)
        };
        let primary = colour("primary", &config.primary, TEXT_CONTRAST);
        let accent = colour("accent", &config.accent, NON_TEXT_CONTRAST);
        let colours = match (primary, accent, &config.primary, &config.accent) {
            (Some(primary), Some(accent), _, _) => Some((primary, accent)),
            (Some(primary), None, _, None) => Some((primary, primary)),
            (None, Some(accent), None, _) => Some((default_primary(), accent)),
            _ => None,
        };
        let contact = config.contact.as_ref().and_then(|contact| {
            let parsed = Contact::parse(contact.get_ref());
            if parsed.is_none() {
                diagnostics.push(
                    Diagnostic::error(
                        file,
                        text,
                        contact.span(),
                        format!(
                            "`[brand] contact` must be a URL or an e-mail address, not `{}`",
                            contact.get_ref()
                        ),
                    )
                    .with_hint("write \"https://brand.example/help\" or \"help@brand.example\""),
                );
            }
            parsed
        });
        let path = |value: &Option<Spanned<String>>| value.as_ref().map(|v| v.get_ref().clone());
        Brand {
            palette: colours.map(|(primary, accent)| Palette::derive(primary, accent)),
            colours,
            logo: path(&config.logo),
            logo_dark: path(&config.logo_dark),
            logo_alt: config.logo_alt.clone(),
            favicon: path(&config.favicon),
            font: path(&config.font),
            font_name: config.font_name.clone().or_else(|| {
                config.font.as_ref().map(|font| {
                    let name = font.get_ref().rsplit('/').next().unwrap_or_default();
                    name.split('.')
                        .next()
                        .unwrap_or(name)
                        .replace(['-', '_'], " ")
                })
            }),
            hero: path(&config.hero),
            hero_alt: config.hero_alt.clone(),
            tagline: config.tagline.clone(),
            contact,
        }
    }
}

/// The theme's own link colour, used with an `accent` given alone.
fn default_primary() -> Rgb {
    Rgb(0x1a, 0x56, 0xc4)
}

/// Rounds down to two decimals, so a ratio just under the threshold never prints as reaching it.
fn floor2(ratio: f64) -> f64 {
    (ratio * 100.0).floor() / 100.0
}

impl Contact {
    fn parse(text: &str) -> Option<Contact> {
        let text = text.trim();
        if text.contains(char::is_whitespace) || text.is_empty() {
            return None;
        }
        if let Some(rest) = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
        {
            let label = rest.trim_end_matches('/');
            return (!label.is_empty() && !label.starts_with('/')).then(|| Contact {
                url: text.to_string(),
                label: label.to_string(),
                email: false,
            });
        }
        let address = text.strip_prefix("mailto:").unwrap_or(text);
        let (user, host) = address.split_once('@')?;
        (!user.is_empty() && host.contains('.') && !host.contains('@')).then(|| Contact {
            url: format!("mailto:{address}"),
            label: address.to_string(),
            email: true,
        })
    }
}

/// A key of `[brand]` that names a file, its value, and the extensions it may have.
type BrandFile<'a> = (&'a str, &'a Option<Spanned<String>>, &'a [&'a str]);

/// Checks that every file `[brand]` names is a file under `static/` of a kind it can be.
pub(crate) fn check_files(
    config: &BrandConfig,
    file: &str,
    text: &str,
    static_files: &std::collections::HashSet<String>,
    diagnostics: &mut Diagnostics,
) {
    const PICTURES: &[&str] = &["svg", "png", "webp", "jpg", "jpeg", "avif", "gif"];
    let keys: [BrandFile<'_>; 5] = [
        ("logo", &config.logo, PICTURES),
        ("logo_dark", &config.logo_dark, PICTURES),
        ("favicon", &config.favicon, &["svg", "png"]),
        ("font", &config.font, &["woff2"]),
        ("hero", &config.hero, PICTURES),
    ];
    for (key, value, extensions) in keys {
        let Some(value) = value else { continue };
        let path = value.get_ref();
        let error = |message: String, hint: String| {
            Diagnostic::error(file, text, value.span(), message).with_hint(hint)
        };
        let extension = path
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if !path.starts_with('/') || path.starts_with("//") {
            diagnostics.push(error(
                format!(
                    "`[brand] {key}` must be a file of the site, like \"/brand/{key}.{}\"",
                    extensions[0]
                ),
                "put the file under static/ and write its path from the site root".into(),
            ));
        } else if !extensions.contains(&extension.as_str()) {
            diagnostics.push(error(
                format!("`[brand] {key}` cannot be a .{extension} file"),
                format!("use a file ending in .{}", extensions.join(", .")),
            ));
        } else if !static_files.contains(path) {
            diagnostics.push(error(
                format!("the file `{path}` does not exist"),
                format!("put the file at static{path}"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_examples() {
        assert!((BLACK.contrast(WHITE) - 21.0).abs() < 1e-9);
        let grey = Rgb::parse("#767676").unwrap();
        assert!(grey.contrast(WHITE) >= 4.5 && grey.contrast(WHITE) < 4.6);
        assert_eq!(Rgb::parse("#fa0"), Some(Rgb(0xff, 0xaa, 0)));
        assert_eq!(Rgb::parse("red"), None);
    }

    #[test]
    fn derived_colours_reach_aa_in_both_modes() {
        let palette = Palette::derive(Rgb(0x8a, 0x2b, 0x52), Rgb(0xc2, 0x41, 0x0c));
        let value = |name: &str, dark: bool| {
            let row = palette.properties.iter().find(|p| p.0 == name).unwrap();
            Rgb::parse(if dark { &row.2 } else { &row.1 }).unwrap()
        };
        assert!(value("--link", true).contrast(DARK_BACKGROUND) >= TEXT_CONTRAST);
        assert!(value("--focus", true).contrast(DARK_BACKGROUND) >= NON_TEXT_CONTRAST);
        assert!(value("--link", false).contrast(value("--on-link", false)) >= TEXT_CONTRAST);
        assert!(value("--link", true).contrast(value("--on-link", true)) >= TEXT_CONTRAST);
    }

    #[test]
    fn contact_is_a_url_or_an_address() {
        assert!(Contact::parse("help@brand.example").unwrap().email);
        assert_eq!(
            Contact::parse("https://brand.example/help/").unwrap().label,
            "brand.example/help"
        );
        assert!(Contact::parse("call us").is_none());
        assert!(Contact::parse("brand.example").is_none());
    }
}
