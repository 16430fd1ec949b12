//! Repeated warnings of one kind, grouped so that they do not bury the rest.
//!
//! A hub of a thousand pages without summaries gives a thousand warnings that say the same thing;
//! the report shows the first few, at their places, then how many more there are. Errors are never
//! grouped: each one must be fixed where it is. The JSON format lists everything, for tools.

use std::collections::HashMap;

use super::Diagnostic;

/// How many warnings of one kind are shown before the rest are counted.
pub(crate) const SHOWN_PER_KIND: usize = 3;

/// The kind of a problem: its message and hint with the parts that name one place or value (quoted
/// text, paths, numbers) taken out. "the page has no summary" is one kind; "unknown key `titel`" and
/// "unknown key `sumary`" are one kind too.
pub(crate) fn kind_of(diagnostic: &Diagnostic) -> String {
    let mut kind = template(&diagnostic.message);
    if let Some(hint) = &diagnostic.hint {
        kind.push_str(" | ");
        kind.push_str(&template(hint));
    }
    kind
}

/// `text` with quoted parts, paths and numbers replaced by `…`.
fn template(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote = None;
    for character in text.chars() {
        match quote {
            Some(open) if character == open => {
                out.push(character);
                quote = None;
            }
            Some(_) => {}
            None if matches!(character, '`' | '"') => {
                out.push(character);
                out.push('…');
                quote = Some(character);
            }
            None => out.push(character),
        }
    }
    out.split(' ')
        .map(|word| {
            if word.contains('/') || word.contains(|c: char| c.is_ascii_digit()) {
                "…"
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What to print for each of `sorted`: `Some(0)` to show it, `Some(n)` to show it and then say
/// that `n` more of its kind follow, `None` to leave it out.
pub(crate) fn plan(sorted: &[&Diagnostic]) -> Vec<Option<usize>> {
    let kinds: Vec<Option<String>> = sorted
        .iter()
        .map(|d| (!d.is_error()).then(|| kind_of(d)))
        .collect();
    let mut totals: HashMap<&str, usize> = HashMap::new();
    for kind in kinds.iter().flatten() {
        *totals.entry(kind.as_str()).or_default() += 1;
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    kinds
        .iter()
        .map(|kind| {
            let Some(kind) = kind else {
                return Some(0);
            };
            let total = totals[kind.as_str()];
            let count = seen.entry(kind.as_str()).or_default();
            *count += 1;
            match *count {
                shown if shown < SHOWN_PER_KIND => Some(0),
                SHOWN_PER_KIND => Some(total - SHOWN_PER_KIND),
                _ => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(path: &str, message: &str) -> Diagnostic {
        Diagnostic::warning(path, "a", 0..1, message).with_hint("add `summary = \"...\"`")
    }

    #[test]
    fn kinds_ignore_the_names_of_places_and_values() {
        let a = warning(
            "content/a.md",
            "another page has the same title: content/b.md",
        );
        let b = warning(
            "content/c.md",
            "another page has the same title: content/d/e.md",
        );
        assert_eq!(kind_of(&a), kind_of(&b));
        let c = warning("content/a.md", "unknown key `titel`");
        let d = warning("content/a.md", "unknown key `sumary`");
        assert_eq!(kind_of(&c), kind_of(&d));
        assert_ne!(kind_of(&a), kind_of(&c));
    }

    #[test]
    fn the_first_few_of_a_kind_are_shown_then_counted() {
        let warnings: Vec<Diagnostic> = (0..5)
            .map(|n| warning(&format!("content/{n}.md"), "the page has no summary"))
            .collect();
        let error = Diagnostic::error("content/x.md", "a", 0..1, "broken");
        let mut all: Vec<&Diagnostic> = warnings.iter().collect();
        all.push(&error);
        assert_eq!(plan(&all), [Some(0), Some(0), Some(2), None, None, Some(0)]);
    }
}
