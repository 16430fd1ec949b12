//! Syntax highlighting of fenced code at build time: syntect's grammars (the Sublime Text ones,
//! pure Rust with fancy-regex) turn code into `<span class="hl-...">` runs that the theme's CSS
//! colours, light and dark. No script runs in the browser. A language syntect does not know, or a
//! block without one, stays plain code.

use std::sync::LazyLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The prefix of every class the highlighter writes, so they never meet the theme's own classes.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The grammars bundled in the binary, read once, on the first block that names a language.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The first word of a fenced block's info string, as pulldown-cmark names its `language-` class.
pub(super) fn language(info: &str) -> &str {
    info.split_whitespace().next().unwrap_or("")
}

/// The code as highlighted spans, to write between `<pre><code class="language-x">` and its end,
/// or `None` for a language syntect does not know by name or extension (`rust`, `rs`, `sh`), or a
/// grammar that fails on this text: that code stays plain.
pub(super) fn highlight(language: &str, code: &str) -> Option<String> {
    let syntaxes = &*SYNTAXES;
    let syntax = syntaxes
        .find_syntax_by_token(language)
        .or_else(|| syntaxes.find_syntax_by_token(&language.to_ascii_lowercase()))?;
    if syntax.name == "Plain Text" {
        return None;
    }
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes_and_unknown_ones_stay_plain() {
        let rust = highlight("rust", "fn main() { let x = \"<hi>\"; }\n").unwrap();
        assert!(
            rust.contains("class=\"hl-storage hl-type hl-function"),
            "{rust}"
        );
        assert!(rust.contains("&lt;hi&gt;"), "{rust}");
        assert_eq!(highlight("klingon", "a < b\n"), None);
        assert!(
            highlight("Python", "x = 1\n")
                .unwrap()
                .contains("hl-constant")
        );
        assert_eq!(language("ruby startline=3 $%@#$"), "ruby");
    }
}
