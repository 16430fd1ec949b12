//! SVG files are published without what runs or reaches out: `<script>`, `<foreignObject>` and
//! embedded documents, `on*` event attributes, `javascript:` values, animations that set a link,
//! and links to anything outside the file (only `#fragment` and `data:` pictures stay). The
//! document type goes too, so no entity is expanded. Everything else is copied byte for byte.

use lol_html::{RewriteStrSettings, doctype, element, rewrite_str};

/// Elements removed with everything inside them.
const REMOVED: [&str; 6] = [
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
];

/// The SVG with its active and external parts removed; a file that is not UTF-8 text is replaced
/// by an empty picture, since nothing in it can be checked.
pub(super) fn sanitize(bytes: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return EMPTY.as_bytes().to_vec();
    };
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("*", |element| {
            let name = element.tag_name().to_ascii_lowercase();
            if REMOVED.contains(&name.as_str()) {
                element.remove();
                return Ok(());
            }
            let sets_link = matches!(name.as_str(), "set" | "animate")
                && element
                    .get_attribute("attributeName")
                    .is_some_and(|a| a.to_ascii_lowercase().ends_with("href"));
            if sets_link {
                element.remove();
                return Ok(());
            }
            let unsafe_names: Vec<String> = element
                .attributes()
                .iter()
                .filter(|attribute| unsafe_attribute(&attribute.name(), &attribute.value()))
                .map(|attribute| attribute.name())
                .collect();
            for attribute in unsafe_names {
                element.remove_attribute(&attribute);
            }
            Ok(())
        }))
        .append_document_content_handler(doctype!(|doctype| {
            doctype.remove();
            Ok(())
        }));
    match rewrite_str(text, settings) {
        Ok(clean) => clean.into_bytes(),
        Err(_) => EMPTY.as_bytes().to_vec(),
    }
}

/// The size an SVG is drawn at by itself (its `width` and `height`, else its `viewBox`), in
/// whole pixels; `None` when it cannot be read.
pub(super) fn size(bytes: &[u8]) -> Option<(u32, u32)> {
    let tree = resvg::usvg::Tree::from_data(bytes, &resvg::usvg::Options::default()).ok()?;
    let size = tree.size();
    let (width, height) = (size.width().round(), size.height().round());
    (width >= 1.0 && height >= 1.0).then_some((width as u32, height as u32))
}

const EMPTY: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";

fn unsafe_attribute(name: &str, value: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let value: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if name.starts_with("on") || value.contains("javascript:") {
        return true;
    }
    if name == "href" || name.ends_with(":href") || name == "src" {
        return !(value.starts_with('#') || value.starts_with("data:image/"));
    }
    // External stylesheets and pictures through CSS.
    let local = ["url(#", "url('#", "url(\"#"]
        .iter()
        .map(|prefix| value.matches(prefix).count())
        .sum::<usize>();
    value.matches("url(").count() > local
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_external_links_are_removed() {
        let svg = r##"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><a href="https://evil.example/"><circle r="4" fill="url(#g)"/></a><use href="#c"/><image href="https://x.example/a.png"/><set attributeName="href" to="javascript:alert(3)"/></svg>"##;
        let clean = String::from_utf8(sanitize(svg.as_bytes())).unwrap();
        assert!(!clean.contains("alert"), "{clean}");
        assert!(!clean.contains("evil.example"), "{clean}");
        assert!(!clean.contains("x.example"), "{clean}");
        assert!(clean.contains(r##"<use href="#c"/>"##), "{clean}");
        assert!(clean.contains(r##"fill="url(#g)""##), "{clean}");
    }

    #[test]
    fn the_size_comes_from_width_and_height_else_the_view_box() {
        let sized = br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 5" width="296" height="48"/>"#;
        assert_eq!(size(sized), Some((296, 48)));
        let boxed = br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 200"/>"#;
        assert_eq!(size(boxed), Some((240, 200)));
        assert_eq!(size(b"not svg"), None);
    }
}
