//! Topic hubs: one shared need, declared in `content/topics/<slug>.md` or first used in front matter.

use std::path::PathBuf;

use crate::markdown::Rendered;

/// A topic, declared by its own file or generated because a page used it.
#[derive(Debug, Clone)]
pub struct Topic {
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// The intro: the body of the topic's file.
    pub body: Rendered,
    pub image: Option<String>,
    pub image_alt: String,
    /// Related topics named in the topic's file, in the order written.
    pub related: Vec<String>,
    /// The topic's file, `None` for a generated topic.
    pub source: Option<PathBuf>,
    pub weight: i64,
}

impl Topic {
    /// A topic that was used in front matter but has no file: its title comes from the slug.
    pub fn generated(slug: &str) -> Topic {
        Topic {
            slug: slug.to_string(),
            title: title_from_slug(slug),
            summary: String::new(),
            body: Rendered::default(),
            image: None,
            image_alt: String::new(),
            related: Vec::new(),
            source: None,
            weight: 0,
        }
    }

    pub fn url(&self) -> String {
        format!("/topics/{}/", self.slug)
    }

    pub fn declared(&self) -> bool {
        self.source.is_some()
    }
}

/// `sock-knitting` gives "Sock knitting".
pub(crate) fn title_from_slug(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
