//! Agent replies made safe to start a draft from.
//!
//! Helpdesk replies are often HTML. A draft's body is Markdown that is published once an editor
//! accepts it, so the reply (already redacted when the export was read) becomes plain text first:
//! scripts and styles are dropped with their content, block tags become line breaks, other tags
//! are removed, entities are decoded, and then every character Markdown could turn into markup
//! (HTML, links, images, autolinks, entities) is escaped. What an editor sees is what a reader
//! will see.

/// Elements dropped together with their content.
const DROPPED: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math",
];

/// Tags after which the text continues on a new line.
const BREAKS: &[&str] = &[
    "br",
    "p",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
];

/// `reply` as plain text, escaped so that Markdown renders it as exactly that text.
pub fn safe_markdown(reply: &str) -> String {
    let text = plain_text(reply);
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        // Leading spaces would make a code block; the reply's own indentation does not matter.
        out.push_str(&escape_line(line.trim()));
        out.push('\n');
    }
    // Collapse runs of blank lines the removed tags left.
    let mut collapsed = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        collapsed.push_str(line);
        collapsed.push('\n');
    }
    collapsed.trim().to_string()
}

/// Escapes what Markdown would read as markup, leaving redaction placeholders (`[email]`) readable.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.chars().collect();
    for (index, &c) in chars.iter().enumerate() {
        let next = chars.get(index + 1).copied();
        let escape = match c {
            '\\' | '<' | '>' | '&' | '`' | '*' | '_' | '|' | '~' => true,
            '[' | ']' => {
                // A placeholder such as `[email]` stays as it is unless a link could start.
                !is_placeholder_bracket(&chars, index) || matches!(next, Some('(' | '[' | ':'))
            }
            '!' => next == Some('['),
            '#' | '+' | '-' | '=' => index == 0,
            '.' | ')' => index > 0 && chars[..index].iter().all(char::is_ascii_digit),
            ':' => {
                // `javascript:` and other schemes are never a link.
                let word: String = chars[..index]
                    .iter()
                    .rev()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
                    .collect();
                !word.is_empty()
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn is_placeholder_bracket(chars: &[char], index: usize) -> bool {
    let is_word = |c: &char| c.is_ascii_lowercase();
    if chars[index] == '[' {
        let rest = &chars[index + 1..];
        let word = rest.iter().take_while(|c| is_word(c)).count();
        word > 0 && rest.get(word) == Some(&']')
    } else {
        let before = &chars[..index];
        let word = before.iter().rev().take_while(|c| is_word(c)).count();
        word > 0 && before.len() > word && before[before.len() - word - 1] == '['
    }
}

/// The text of an HTML fragment (or of plain text, unchanged but for entities).
fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        out.push_str(&html[at..start]);
        let rest = &lower[start + 1..];
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let is_tag = !name.is_empty() || rest.starts_with('!');
        if !is_tag {
            out.push('<');
            at = start + 1;
            continue;
        }
        let end = lower[start..]
            .find('>')
            .map_or(html.len(), |e| start + e + 1);
        if DROPPED.contains(&name.as_str()) && !rest.starts_with('/') {
            let close = format!("</{name}");
            at = lower[end..]
                .find(&close)
                .and_then(|c| lower[end + c..].find('>').map(|e| end + c + e + 1))
                .unwrap_or(html.len());
            continue;
        }
        if BREAKS.contains(&name.as_str()) {
            out.push('\n');
            if name != "br" && name != "li" {
                out.push('\n');
            }
        }
        at = end;
    }
    out.push_str(&html[at.min(html.len())..]);
    decode_entities(&out)
}

fn decode_entities(text: &str) -> String {
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(markdown: &str) -> String {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(markdown));
        html
    }

    #[test]
    fn html_never_passes_through() {
        for reply in [
            "Hi!<script>alert(1)</script> Go to <a href=\"javascript:alert(1)\">your orders</a>.",
            "See [here](javascript:alert(1)) or <javascript:alert(1)> or ![x](https://evil.example/x.png)",
            "<img src=x onerror=alert(1)>Thanks &lt;script&gt;alert(2)&lt;/script&gt;",
            "<<script>script>alert(3)<</script>/script>",
            "[x]: javascript:alert(4)\n\n[x]",
            "<style>body{display:none}</style><iframe src=\"https://evil.example\"></iframe>ok",
        ] {
            let markdown = safe_markdown(reply);
            let html = rendered(&markdown);
            for bad in [
                "<script",
                "<a ",
                "<img",
                "<iframe",
                "<style",
                "href=\"javascript",
                "src=",
            ] {
                assert!(
                    !html.contains(bad),
                    "{bad} from {reply:?}: {markdown:?} -> {html}"
                );
            }
        }
    }

    #[test]
    fn the_text_stays_readable() {
        let reply = "<p>Hi!</p><p>Go to your orders page.<br>Then press <b>Return</b>.</p><p>Mail [email] &amp; wait 2-3 days.</p>";
        assert_eq!(
            safe_markdown(reply),
            "Hi!\n\nGo to your orders page.\nThen press Return.\n\nMail [email] \\& wait 2-3 days."
        );
        assert_eq!(
            safe_markdown("Use 4 mm needles; mail [email] for more."),
            "Use 4 mm needles; mail [email] for more."
        );
    }
}
