//! CommonMark conformance: every example of the CommonMark spec (0.31.2, from the `commonmark-spec`
//! npm package that `.ci/install-deps` installs into `tests/browser/`) that pulldown-cmark renders
//! as the spec says must come out the same through [`render`], with its extensions, components and
//! rewrites, once the heading ids and anchors it adds on purpose are taken away.

use std::path::Path;

use pulldown_cmark::{Options, Parser};

use super::*;

/// Examples the enabled extensions change on purpose, by number: none today.
const CHANGED_ON_PURPOSE: &[usize] = &[];

struct Identity;

impl Resolve for Identity {
    fn link(&self, destination: &str) -> Result<ResolvedLink, LinkError> {
        Ok(ResolvedLink {
            href: destination.to_string(),
            page: None,
            anchor: None,
            warning: None,
            product: None,
            asset: None,
            output: None,
        })
    }

    fn image(&self, source: &str) -> Result<ResolvedLink, LinkError> {
        self.link(source)
    }
}

/// The examples of `spec.txt`: (number, Markdown, HTML), tabs written as `→` turned back.
fn examples(spec: &str) -> Vec<(usize, String, String)> {
    let fence = "````````````````````````````````";
    let mut examples = Vec::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if line != format!("{fence} example") {
            continue;
        }
        let (mut markdown, mut html, mut in_html) = (String::new(), String::new(), false);
        for line in lines.by_ref() {
            match line {
                "." if !in_html => in_html = true,
                line if line == fence => break,
                line => {
                    let target = if in_html { &mut html } else { &mut markdown };
                    target.push_str(&line.replace('→', "\t"));
                    target.push('\n');
                }
            }
        }
        examples.push((examples.len() + 1, markdown, html));
    }
    examples
}

/// The HTML without what guildhall adds on purpose: heading ids and anchor links, highlighting
/// spans (so the code's text must stay exactly the same), and the line break pulldown-cmark writes
/// between `<li>` and a heading (guildhall writes headings as HTML; browsers ignore it).
fn without_additions(html: &str) -> String {
    let html = regex::Regex::new(r#"<span class="hl-[^"]*">|</span>"#)
        .unwrap()
        .replace_all(html, "")
        .replace("<li>\n<h", "<li><h");
    let html = html.as_str();
    let html = regex::Regex::new(r#"<(h[1-6]) id="[^"]*">"#)
        .unwrap()
        .replace_all(html, "<$1>");
    regex::Regex::new(
        r#"<a class="heading-anchor" href="[^"]*" aria-hidden="true" tabindex="-1">#</a>"#,
    )
    .unwrap()
    .replace_all(&html, "")
    .into_owned()
}

#[test]
fn commonmark_examples_pulldown_cmark_passes_still_pass() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/commonmark-spec/spec.txt");
    let spec = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "{}: {error}: run `.ci/install-deps` (npm ci in tests/browser)",
            path.display()
        )
    });
    let examples = examples(&spec);
    assert_eq!(examples.len(), 652, "the examples of spec 0.31.2");
    let components = Components::default();
    let options = MarkdownOptions {
        smart_punctuation: false,
        heading_ids: HeadingIds::Github,
        components: &components,
    };
    let (mut baseline, mut failures) = (0, Vec::new());
    for (number, markdown, expected) in &examples {
        let mut plain = String::new();
        pulldown_cmark::html::push_html(&mut plain, Parser::new_ext(markdown, Options::empty()));
        if plain != *expected {
            continue;
        }
        baseline += 1;
        let ours = without_additions(&render(markdown, options, &Identity).html);
        if ours != without_additions(expected) && !CHANGED_ON_PURPOSE.contains(number) {
            failures.push(format!(
                "example {number}:\n{markdown}\nexpected:\n{expected}\ngot:\n{ours}"
            ));
        }
    }
    println!(
        "{baseline} of {} CommonMark examples pass in pulldown-cmark",
        examples.len()
    );
    assert!(
        baseline > 600,
        "only {baseline} examples pass in pulldown-cmark itself"
    );
    assert!(
        failures.is_empty(),
        "{} regressions:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
