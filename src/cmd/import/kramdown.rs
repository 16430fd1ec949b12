//! Kramdown's attribute lists (`{: .class }`), which Jekyll sites write below a paragraph, a quote
//! or a code block and after a picture. CommonMark has none, so each would print as text. The ones
//! that carry meaning become what guildhall writes for it: a quote marked `.prompt-tip` (and its
//! kin) becomes a callout, a code block's `file="main.go"` becomes the file's name above it. The
//! rest only styled the old theme and are dropped.

use std::sync::LazyLock;

use regex::Regex;

/// A line that is only an attribute list.
static BLOCK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\{:\s*([^}]*)\}\s*$").expect("a valid pattern"));

/// An attribute list right after a picture or a link, on the same line.
static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\]\([^)\s]*(?:\s+[^)]*)?\))\{:[^}\n]*\}").expect("a valid pattern")
});

static FILE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"file\s*=\s*["']([^"']+)["']"#).expect("a valid pattern"));

/// The callout kind of a `.prompt-*` class (the classes of the Chirpy theme, widely copied).
fn prompt_kind(attributes: &str) -> Option<&'static str> {
    attributes.split_whitespace().find_map(|part| {
        Some(match part.strip_prefix(".prompt-")? {
            "tip" => "tip",
            "warning" => "warning",
            "danger" => "caution",
            _ => "note",
        })
    })
}

/// `body` with its attribute lists converted or dropped, and how many there were.
pub(crate) fn convert(body: &str) -> (String, usize) {
    let mut lines: Vec<String> = Vec::new();
    let mut count = 0;
    let mut fence: Option<String> = None;
    // Where the last code block began in `lines`, right after its closing fence.
    let mut last_block: Option<(usize, usize)> = None;
    for line in body.split('\n') {
        let trimmed = line.trim_start();
        if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str())
                && trimmed
                    .trim_end()
                    .chars()
                    .all(|c| c == open.as_bytes()[0] as char)
            {
                fence = None;
                let start = last_block.map_or(lines.len(), |(start, _)| start);
                last_block = Some((start, lines.len() + 1));
            }
            lines.push(line.to_string());
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker: String = trimmed
                .chars()
                .take_while(|c| *c == '`' || *c == '~')
                .collect();
            fence = Some(marker);
            last_block = Some((lines.len(), usize::MAX));
            lines.push(line.to_string());
            continue;
        }
        let Some(captures) = BLOCK.captures(line) else {
            let replaced = INLINE.replace_all(line, "$1");
            if replaced != line {
                count += 1;
            }
            lines.push(replaced.into_owned());
            continue;
        };
        count += 1;
        let attributes = captures[1].to_string();
        let quote_start = lines
            .iter()
            .rposition(|l| !l.trim_start().starts_with('>'))
            .map_or(0, |i| i + 1);
        if let Some(kind) = prompt_kind(&attributes)
            && quote_start < lines.len()
        {
            let quoted: Vec<String> = lines
                .drain(quote_start..)
                .map(|l| {
                    let rest = l.trim_start().trim_start_matches('>');
                    rest.strip_prefix(' ').unwrap_or(rest).to_string()
                })
                .collect();
            lines.push(format!(":::callout{{kind=\"{kind}\"}}"));
            lines.extend(quoted);
            lines.push(":::".into());
            continue;
        }
        if let Some(file) = FILE.captures(&attributes)
            && let Some((start, end)) = last_block
            && end == lines.len()
        {
            lines.insert(start, String::new());
            lines.insert(start, format!("`{}`", &file[1]));
        }
    }
    (lines.join("\n"), count)
}

#[cfg(test)]
mod tests {
    #[test]
    fn prompts_become_callouts_and_file_names_go_above_their_code() {
        let body = "> Mind the gap.\n> Really.\n{: .prompt-warning }\n\n```go\nfmt.Println(1)\n```\n{: file=\"main.go\" }\n\n![a](/a.png){: .shadow width=\"200\" }\n\nText\n{: .lead}\n";
        let (text, count) = super::convert(body);
        assert_eq!(
            text,
            ":::callout{kind=\"warning\"}\nMind the gap.\nReally.\n:::\n\n`main.go`\n\n```go\nfmt.Println(1)\n```\n\n![a](/a.png)\n\nText\n"
        );
        assert_eq!(count, 4);
    }
}
