//! Every `<img>` of a rendered page that shows a processed picture becomes a `<picture>`: a WebP
//! `<source>` and the picture's own format, each with a `srcset` of its widths, `sizes`,
//! `width`/`height` (no layout shift), `loading="lazy"`, `decoding="async"` and the picture's
//! average colour behind it while it loads. What the page set itself is kept. An `<img>` without
//! `alt`, or asking for more pixels than the picture has, is a warning.

use std::cell::Cell;
use std::path::Path;
use std::rc::Rc;

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, end_tag, rewrite_str};

use super::{Picture, Pictures};
use crate::diag::Diagnostic;

impl Pictures {
    /// The page with its pictures rewritten, and the problems found; `None` when nothing changed.
    /// `source` names the file problems are reported on.
    pub(crate) fn rewrite(&self, html: &str, source: &Path) -> (Option<String>, Vec<Diagnostic>) {
        if !self.enabled || !html.contains("<img") {
            return (None, Vec::new());
        }
        let warnings = std::cell::RefCell::new(Vec::new());
        let in_picture = Rc::new(Cell::new(false));
        let inside = in_picture.clone();
        let settings = RewriteStrSettings::new()
            .append_element_content_handler(element!("picture", move |element| {
                    inside.set(true);
                    let inside = inside.clone();
                    if let Some(handlers) = element.end_tag_handlers() {
                        handlers.push(end_tag!(move |_| {
                            inside.set(false);
                            Ok(())
                        }));
                    }
                    Ok(())
                }))
            .append_element_content_handler(element!("img", |element| {
                    let src = element.get_attribute("src").unwrap_or_default();
                    let mut problems = Vec::new();
                    if !element.has_attribute("alt") {
                        problems.push(
                            Diagnostic::file_warning(
                                source,
                                format!("the picture `{src}` has no alt text"),
                            )
                            .with_hint("add alt=\"...\" describing it for people who cannot see it, or alt=\"\" when it is decoration"),
                        );
                    }
                    // A picture asked for first (the home page's hero) is not put off.
                    let eager = element
                        .get_attribute("fetchpriority")
                        .is_some_and(|priority| priority.eq_ignore_ascii_case("high"));
                    if !element.has_attribute("loading") && !eager {
                        element.set_attribute("loading", "lazy")?;
                    }
                    if !element.has_attribute("decoding") {
                        element.set_attribute("decoding", "async")?;
                    }
                    if let Some(picture) = self.find(&src) {
                        let asked = element
                            .get_attribute("width")
                            .and_then(|w| w.trim().parse::<u32>().ok());
                        if asked.is_some_and(|asked| asked > picture.meta.width) {
                            problems.push(
                                Diagnostic::file_warning(
                                    source,
                                    format!(
                                        "the picture `{src}` is {} pixels wide but is shown {} wide, so it would be upscaled",
                                        picture.meta.width,
                                        asked.unwrap_or_default()
                                    ),
                                )
                                .with_hint("use a larger picture, or a smaller width"),
                            );
                        }
                        self.markup(element, picture, in_picture.get())?;
                    } else if let Some(&(width, height)) =
                        self.site_path(&src).and_then(|path| self.svg_sizes.get(&path))
                    {
                        set_size(element, width, height)?;
                    }
                    warnings.borrow_mut().extend(problems);
                    Ok(())
                }));
        let rewritten = rewrite_str(html, settings).ok();
        (rewritten, warnings.into_inner())
    }

    /// The processed picture an `src` shows, when it is a path of this site.
    fn find(&self, src: &str) -> Option<&Picture> {
        self.by_path.get(&self.site_path(src)?)
    }

    /// The site path an `src` of this site names.
    fn site_path(&self, src: &str) -> Option<String> {
        let path = src.split(['?', '#']).next()?;
        let rest = path.strip_prefix(self.base_path.as_str())?;
        Some(format!("/{}", percent_decode(rest)))
    }

    /// Sets the copies of `picture` on an `<img>`, wrapped in a `<picture>` with a WebP source
    /// unless it is inside one already or sets its own `srcset`.
    fn markup(
        &self,
        element: &mut lol_html::html_content::Element,
        picture: &Picture,
        in_picture: bool,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let meta = &picture.meta;
        // The largest copy's size (the side the page left out in proportion).
        let (width, height) = meta
            .variants
            .last()
            .map_or((meta.width, meta.height), |largest| {
                (largest.width, largest.height)
            });
        set_size(element, width, height)?;
        if meta.opaque {
            let style = element.get_attribute("style").unwrap_or_default();
            let style = format!("background-color:{};{style}", meta.color);
            element.set_attribute("style", style.trim_end_matches(';'))?;
        }
        let Some(largest) = meta.variants.last() else {
            return Ok(());
        };
        let url = |name: &str| format!("{}{}", self.base_path, picture.copy_path(name));
        let srcset = |fallback: bool| {
            meta.variants
                .iter()
                .filter_map(|v| {
                    let name = if fallback {
                        v.fallback.as_ref()?
                    } else {
                        &v.webp
                    };
                    Some(format!("{} {}w", url(name), v.width))
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        if element.has_attribute("srcset") {
            return Ok(());
        }
        let sizes = element
            .get_attribute("sizes")
            .unwrap_or_else(|| self.sizes.clone());
        element.set_attribute("sizes", &sizes)?;
        match &largest.fallback {
            Some(fallback) => {
                element.set_attribute("src", &url(fallback))?;
                element.set_attribute("srcset", &srcset(true))?;
                if !in_picture {
                    let source = format!(
                        "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{}\">",
                        srcset(false),
                        crate::markdown::escape_html(&sizes)
                    );
                    element.before(&source, ContentType::Html);
                    element.after("</picture>", ContentType::Html);
                }
            }
            None => {
                element.set_attribute("src", &url(&largest.webp))?;
                element.set_attribute("srcset", &srcset(false))?;
            }
        }
        Ok(())
    }
}

/// Sets `width` and `height` for a picture of that size: both when the page set neither, the other
/// one in proportion when it set one (so the browser reserves the right room before it loads).
fn set_size(
    element: &mut lol_html::html_content::Element,
    width: u32,
    height: u32,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let (width, height) = (u64::from(width.max(1)), u64::from(height.max(1)));
    let asked = |name: &str| {
        element
            .get_attribute(name)
            .and_then(|value| value.trim().parse::<u64>().ok())
    };
    match (asked("width"), asked("height")) {
        _ if element.has_attribute("width") && element.has_attribute("height") => {}
        (None, None) if !element.has_attribute("width") && !element.has_attribute("height") => {
            element.set_attribute("width", &width.to_string())?;
            element.set_attribute("height", &height.to_string())?;
        }
        (Some(shown), _) => {
            let shown_height = (shown * height + width / 2) / width;
            element.set_attribute("height", &shown_height.max(1).to_string())?;
        }
        (_, Some(shown)) => {
            let shown_width = (shown * width + height / 2) / height;
            element.set_attribute("width", &shown_width.max(1).to_string())?;
        }
        // A size that is not a number of pixels is left as the page wrote it.
        _ => {}
    }
    Ok(())
}

/// `%XX` sequences decoded, as a file name in a URL is written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%'
            && let Some(hex) = text.get(at + 1..at + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            at += 3;
            continue;
        }
        out.push(bytes[at]);
        at += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
