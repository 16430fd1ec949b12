//! The pages an old site made for each taxonomy term (`/tags/wool/`, `/categories/news/`): the
//! terms become guildhall topics, so each old term page gets a topic file whose aliases keep its
//! address, titled as the source wrote the term.

use std::collections::BTreeMap;
use std::path::PathBuf;

use toml::Value;

use super::Write;
use super::front::Address;
use super::sources::{Settings, fill, slug_like_hugo};
use crate::args::ImportFormat;

/// One topic file: its title and the old term pages it answers for.
#[derive(Debug, Default)]
struct TermTopic {
    title: String,
    aliases: Vec<String>,
}

/// The old address of a term's page, when the source made one.
fn old_term_url(
    format: ImportFormat,
    settings: &Settings,
    taxonomy: &str,
    term: &str,
) -> Option<String> {
    let pattern = settings.term_pages.get(taxonomy)?;
    let name = match format {
        ImportFormat::Hugo => slug_like_hugo(term),
        _ => crate::slug::words(term),
    };
    let url = fill(pattern, &BTreeMap::from([("name", name)]));
    Some(match format {
        ImportFormat::Hugo => format!("{}{url}", settings.url_prefix),
        _ => url,
    })
}

/// A topic file for each term that had a page of its own, with that page's address as an alias.
pub(crate) fn topic_files<'a>(
    format: ImportFormat,
    settings: &Settings,
    addresses: impl Iterator<Item = &'a Address>,
) -> (Vec<(PathBuf, Write)>, usize) {
    let mut topics: BTreeMap<String, TermTopic> = BTreeMap::new();
    for address in addresses {
        for (taxonomy, term) in &address.terms {
            let slug = crate::slug::words(term);
            let Some(url) = old_term_url(format, settings, taxonomy, term) else {
                continue;
            };
            if slug.is_empty() || url == format!("/topics/{slug}/") {
                continue;
            }
            let topic = topics.entry(slug).or_default();
            if topic.title.is_empty() {
                topic.title = term.trim().to_string();
            }
            if !topic.aliases.contains(&url) {
                topic.aliases.push(url);
            }
        }
    }
    let mut alias_count = 0;
    let files = topics
        .into_iter()
        .filter(|(_, topic)| !topic.aliases.is_empty())
        .map(|(slug, mut topic)| {
            topic.aliases.sort();
            alias_count += topic.aliases.len();
            let aliases: Vec<Value> = topic.aliases.into_iter().map(Value::String).collect();
            let text = format!(
                "+++\ntitle = {}\naliases = {}\n+++\n",
                Value::String(topic.title),
                Value::Array(aliases)
            );
            (
                PathBuf::from(crate::content::CONTENT_DIR)
                    .join("topics")
                    .join(format!("{slug}.md")),
                Write::Text(text),
            )
        })
        .collect();
    (files, alias_count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_keep_their_old_pages_as_topic_aliases() {
        let mut settings = Settings::default();
        settings
            .term_pages
            .insert("tags".into(), "/tags/:name/".into());
        let address = Address {
            terms: vec![
                ("tags".into(), "Yarn Care".into()),
                ("categories".into(), "News".into()),
            ],
            ..Address::default()
        };
        let (files, aliases) = topic_files(ImportFormat::Hugo, &settings, [&address].into_iter());
        assert_eq!(aliases, 1);
        assert_eq!(files[0].0, PathBuf::from("content/topics/yarn-care.md"));
        let Write::Text(text) = &files[0].1 else {
            panic!("a text file")
        };
        assert_eq!(
            text,
            "+++\ntitle = \"Yarn Care\"\naliases = [\"/tags/yarn-care/\"]\n+++\n"
        );
    }
}
