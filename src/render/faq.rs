//! The published FAQ: `/faq/` grouped by topic and ordered by support volume, what each entry page
//! adds to the page variable, and their FAQPage structured data.
//!
//! Customer text never reaches these pages: entries show the editor's question, `asked_as` and
//! answer. The redacted customer phrasings an entry answers are kept in the model for the search
//! index only.

use std::path::PathBuf;

use serde_json::{Value, json};

use super::Put as _;
use super::{Globals, OutputFile};
use crate::diag::Diagnostic;
use crate::model::{Page, PageKind};

/// How many questions a topic or product page shows.
pub(super) const TOP_FAQS: usize = 5;

/// JSON for a `<script type="application/ld+json">` element: `<`, `>` and `&` escaped so the text
/// can never close the element or be read as markup.
pub(super) fn script_json(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// How many related questions an FAQ entry shows.
const RELATED_QUESTIONS: usize = 5;
/// How many pages of each of its topics are looked at for them, so a big topic costs little.
const RELATED_CANDIDATES: usize = 200;

impl Globals<'_> {
    /// The support volume of an FAQ page (0 when nothing matched it).
    pub(super) fn faq_volume(&self, page_index: usize) -> u64 {
        self.site
            .faq
            .entry_of_page(page_index)
            .map_or(0, |e| e.volume)
    }

    /// Indices of published FAQ pages among `indices`, biggest support volume first.
    pub(super) fn faqs_by_volume(&self, indices: &[usize]) -> Vec<usize> {
        let mut faqs: Vec<usize> = indices
            .iter()
            .copied()
            .filter(|&i| self.site.pages[i].kind == PageKind::Faq)
            .collect();
        faqs.sort_by(|&a, &b| {
            self.faq_volume(b)
                .cmp(&self.faq_volume(a))
                .then_with(|| self.site.pages[a].title.cmp(&self.site.pages[b].title))
                .then_with(|| {
                    self.site.pages[a]
                        .rel_path
                        .cmp(&self.site.pages[b].rel_path)
                })
        });
        faqs
    }

    /// Fields an FAQ page adds to its page value.
    pub(super) fn faq_fields(&self, page: &Page, value: &mut Value, full: bool) {
        let Some(index) = self.page_index_of(page) else {
            return;
        };
        value["question"] = Value::String(page.question.clone().unwrap_or(page.title.clone()));
        value["asked_as"] = page.asked_as.clone().into();
        value["volume"] = if self.site.config.site.faq.show_volume {
            self.faq_volume(index).into()
        } else {
            Value::Null
        };
        if full {
            let question = self.question_ld(page);
            let ld = json!({
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "url": self.base().permalink(&page.url),
                "mainEntity": [question],
            });
            value["json_ld"] = Value::String(script_json(&ld));
            value["related_questions"] = self.related_questions(page, index);
        }
    }

    /// Other entries on the page's topics, biggest volume first, then the site's most-asked ones,
    /// so that no answer is a dead end.
    fn related_questions(&self, page: &Page, index: usize) -> Value {
        let graph = &self.site.graph;
        let mut candidates: Vec<usize> = page
            .topics
            .iter()
            .filter_map(|topic| graph.by_topic.get(topic))
            .flat_map(|list| list.iter().take(RELATED_CANDIDATES).copied())
            .filter(|&other| other != index)
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut chosen = self.faqs_by_volume(&candidates);
        chosen.truncate(RELATED_QUESTIONS);
        let most_asked = self.most_asked.get_or_init(|| {
            let all: Vec<usize> = (0..self.site.pages.len()).collect();
            let mut ordered = self.faqs_by_volume(&all);
            ordered.truncate(RELATED_QUESTIONS + 1);
            ordered
        });
        for &other in most_asked {
            if chosen.len() == RELATED_QUESTIONS {
                break;
            }
            if other != index && !chosen.contains(&other) {
                chosen.push(other);
            }
        }
        let entries: Vec<Value> = chosen
            .into_iter()
            .map(|other| {
                let entry = &self.site.pages[other];
                json!({
                    "question": entry.question.clone().unwrap_or(entry.title.clone()),
                    "url": self.base().site_path(&entry.url),
                })
            })
            .collect();
        entries.into()
    }

    fn question_ld(&self, page: &Page) -> Value {
        json!({
            "@type": "Question",
            "name": page.question.clone().unwrap_or(page.title.clone()),
            "acceptedAnswer": {
                "@type": "Answer",
                "text": page.body.html.trim(),
                "url": self.base().permalink(&page.url),
            },
        })
    }

    /// `/faq/`: the answered questions grouped by topic, each group and each list ordered by volume.
    pub(super) fn faq_index(
        &self,
        tera: &tera::Tera,
        section_index: usize,
    ) -> Result<OutputFile, Diagnostic> {
        let section = &self.site.sections[section_index];
        let url = section.url.clone();
        let mut meta = self.meta(
            Some(&section.title),
            &section.summary,
            &url,
            "website",
            None,
        );
        // The FAQPage is in the template; the graph holds the breadcrumbs.
        meta[super::structured::LD_KEY] = json!([]);
        let crumbs = self.section_crumbs(Some(section_index));
        let mut context = self.context(&url, meta, crumbs);
        let all: Vec<usize> = (0..self.site.pages.len())
            .filter(|&i| {
                let page = &self.site.pages[i];
                page.kind == PageKind::Faq && page.url.starts_with(&section.url)
            })
            .collect();
        let ordered = self.faqs_by_volume(&all);
        // Group by each entry's first topic; groups in order of their biggest question.
        let mut groups: Vec<(Option<String>, Vec<usize>)> = Vec::new();
        for &i in &ordered {
            let topic = self.site.pages[i].topics.first().cloned();
            match groups.iter_mut().find(|(t, _)| *t == topic) {
                Some((_, pages)) => pages.push(i),
                None => groups.push((topic, vec![i])),
            }
        }
        // Entries without a topic come last.
        groups.sort_by_key(|(topic, _)| topic.is_none());
        let show_volume = self.site.config.site.faq.show_volume;
        let groups: Vec<Value> = groups
            .iter()
            .map(|(topic, pages)| {
                let volume: u64 = pages.iter().map(|&i| self.faq_volume(i)).sum();
                json!({
                    "topic": topic.as_deref().map(|t| self.topic_ref(t)),
                    "title": topic.as_deref().map_or_else(
                        || self.words.get("other_questions"),
                        |t| self.topic_ref(t)["title"].as_str().unwrap_or(t).to_string(),
                    ),
                    "volume": if show_volume { Value::from(volume) } else { Value::Null },
                    "entries": pages.iter().map(|&i| self.page_value(&self.site.pages[i], false)).collect::<Vec<_>>(),
                })
            })
            .collect();
        let mut section_value = self.section_value(section);
        section_value["subsections"] = Value::Array(Vec::new());
        context.put("section", section_value);
        context.put("groups", groups);
        let ld = json!({
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "url": self.base().permalink(&url),
            "mainEntity": ordered.iter().map(|&i| self.question_ld(&self.site.pages[i])).collect::<Vec<_>>(),
        });
        context.put(
            "json_ld",
            if ordered.is_empty() {
                String::new()
            } else {
                script_json(&ld)
            },
        );
        let template = self
            .site
            .config
            .collection(crate::model::FAQ_DIR)
            .section_template
            .unwrap_or_else(|| "faqs.html".to_string());
        let source = section
            .source
            .clone()
            .unwrap_or_else(|| PathBuf::from(format!("content/{}", section.dir)));
        self.render_to(
            tera,
            &template,
            &context,
            &super::output_path(&url),
            &source,
        )
    }
}
