//! The collections of a brand community beyond plain pages: members and products from `data/`, the
//! topic hubs that gather everything about one shared need, and events with their calendars.
//!
//! Each data file is parsed by a pure `parse` function into checked records plus diagnostics that point
//! into the file; [`topics`] and [`graph`] then compute, once per build, which content belongs to which
//! topic, product and member.

// The event files still mark their items `pub`; narrowing them is left to their split into smaller
// files.
#[allow(unreachable_pub)]
pub(crate) mod events;
pub(crate) mod members;
pub(crate) mod products;
pub(crate) mod topics;

use std::collections::HashSet;
use std::ops::Range;

use crate::content::SourceFile;
use crate::diag::Diagnostic;

/// True for a lowercase slug: letters, digits and single hyphens, like `sock-knitting`.
pub(crate) fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|part| !part.is_empty())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Checks an image field of a data file: it must exist under `static/` (or be absolute) and have alt
/// text. Returns the image path when it can be used.
pub(crate) fn check_image(
    file: &SourceFile,
    image: Option<&toml::Spanned<String>>,
    alt: Option<&String>,
    static_files: &HashSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let image = image?;
    let span: Range<usize> = image.span();
    let path = image.get_ref();
    if path.starts_with('/') && !path.starts_with("//") && !static_files.contains(path.as_str()) {
        diagnostics.push(
            Diagnostic::error(
                &file.path,
                &file.text,
                span,
                format!("the image `{path}` does not exist"),
            )
            .with_hint(format!("put the file at static{path}")),
        );
        return None;
    }
    if alt.is_none_or(|alt| alt.trim().is_empty()) {
        diagnostics.push(
            Diagnostic::error(&file.path, &file.text, span, "the image has no alt text")
                .with_hint("add the matching `_alt` field describing the picture"),
        );
    }
    Some(path.clone())
}
