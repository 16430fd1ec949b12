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
                    // A picture the page wants first (its hero) is never made to wait.
                    let urgent = element
                        .get_attribute("fetchpriority")
                        .is_some_and(|p| p.eq_ignore_ascii_case("high"));
                    if !element.has_attribute("loading") && !urgent {
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
                    }
                    warnings.borrow_mut().extend(problems);
                    Ok(())
                }));
        let rewritten = rewrite_str(html, settings).ok();
        (rewritten, warnings.into_inner())
    }

    /// The processed picture an `src` shows, when it is a path of this site.
    fn find(&self, src: &str) -> Option<&Picture> {
        let path = src.split(['?', '#']).next()?;
        let rest = path.strip_prefix(self.base_path.as_str())?;
        self.by_path.get(&format!("/{}", percent_decode(rest)))
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
        match (
            element.get_attribute("width"),
            element.get_attribute("height"),
        ) {
            (None, None) => {
                element.set_attribute("width", &largest.width.to_string())?;
                element.set_attribute("height", &largest.height.to_string())?;
            }
            (Some(width), None) => {
                if let Ok(width) = width.trim().parse::<u64>() {
                    let height = (width * u64::from(meta.height) + u64::from(meta.width) / 2)
                        / u64::from(meta.width.max(1));
                    element.set_attribute("height", &height.to_string())?;
                }
            }
            _ => {}
        }
        if meta.opaque {
            let style = element.get_attribute("style").unwrap_or_default();
            let style = format!("background-color:{};{style}", meta.color);
            element.set_attribute("style", style.trim_end_matches(';'))?;
        }
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
