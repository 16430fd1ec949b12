//! Syntax highlighting of fenced code at build time: syntect's grammars (the Sublime Text ones,
//! pure Rust with fancy-regex) turn code into `<span class="hl-...">` runs that the theme's CSS
//! colours, light and dark. No script runs in the browser. A language syntect does not know, or a
//! block without one, stays plain code.

use std::sync::LazyLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::escape_html;

/// The prefix of every class the highlighter writes, so they never meet the theme's own classes.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The grammars bundled in the binary, read once, on the first block that names a language.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The HTML of one fenced code block: `<pre><code class="language-x">`, highlighted when syntect
/// knows the language (by name or file extension, like `rust`, `rs`, `toml`, `sh`).
pub(super) fn code_block(language: &str, code: &str) -> String {
    let language = language.split([' ', ',', '{']).next().unwrap_or("").trim();
    let class = if language.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape_html(language))
    };
    let highlighted = (!language.is_empty())
        .then(|| highlight(language, code))
        .flatten();
    match highlighted {
        Some(html) => format!("<pre class=\"highlight\"><code{class}>{html}</code></pre>\n"),
        None => format!("<pre><code{class}>{}</code></pre>\n", escape_html(code)),
    }
}

/// The code as highlighted spans, or `None` for a language syntect does not know (or a grammar
/// that fails on this text, which then stays plain).
fn highlight(language: &str, code: &str) -> Option<String> {
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
        let rust = code_block("rust", "fn main() { let x = \"<hi>\"; }\n");
        assert!(rust.starts_with("<pre class=\"highlight\"><code class=\"language-rust\">"));
        assert!(
            rust.contains("class=\"hl-storage hl-type hl-function"),
            "{rust}"
        );
        assert!(rust.contains("&lt;hi&gt;"), "{rust}");
        let plain = code_block("klingon", "a < b\n");
        assert_eq!(
            plain,
            "<pre><code class=\"language-klingon\">a &lt; b\n</code></pre>\n"
        );
        assert_eq!(code_block("", "x\n"), "<pre><code>x\n</code></pre>\n");
        assert!(code_block("Python", "x = 1\n").contains("hl-constant"));
    }
}
