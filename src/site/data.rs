//! The data files and site settings the pages are checked against: members, products, the social
//! pictures, and the FAQ model built from the support exports.

use std::collections::BTreeSet;

use super::links::percent_decode;
use super::routes::Entry;
use super::{Available, Sources};
use crate::collections::members::{self, Member};
use crate::collections::products::{self, Product};
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::*;

/// The pictures of `[social]` must be files under `static/`; social sites cannot show SVG.
pub(crate) fn check_social(config: &Config, available: &Available, diagnostics: &mut Diagnostics) {
    let social = &config.site.social;
    for (key, image) in [("image", &social.image), ("logo", &social.logo)] {
        let Some(image) = image else { continue };
        let path = image.get_ref();
        let error = |message: String, hint: String| {
            Diagnostic::error(
                crate::config::CONFIG_FILE,
                &config.text,
                image.span(),
                message,
            )
            .with_hint(hint)
        };
        if !path.starts_with('/') || path.starts_with("//") {
            diagnostics.push(error(
                format!("`[social] {key}` must be a file of the site, like \"/images/card.png\""),
                "put the picture under static/ and write its path from the site root".into(),
            ));
        } else if !available.static_files.contains(&percent_decode(path)) {
            diagnostics.push(error(
                format!("the picture `{path}` does not exist"),
                format!("put the file at static{path}"),
            ));
        } else if key == "image" && path.to_ascii_lowercase().ends_with(".svg") {
            diagnostics.push(
                Diagnostic::warning(
                    crate::config::CONFIG_FILE,
                    &config.text,
                    image.span(),
                    "social sites do not show SVG pictures",
                )
                .with_hint("use a PNG or JPEG of about 1200 × 630 pixels"),
            );
        }
    }
}

/// Parses the data files that exist.
pub(crate) fn parse_data(
    sources: Sources<'_>,
    diagnostics: &mut Diagnostics,
) -> (Vec<Member>, Vec<Product>) {
    let Sources {
        config,
        data,
        available,
        options,
        ..
    } = sources;
    let members = match &data.members {
        Some(file) => {
            let (members, found) =
                members::parse(file, &config.timezone, options.now, &available.static_files);
            diagnostics.extend(found);
            members
        }
        None => Vec::new(),
    };
    let products = match &data.products {
        Some(file) => {
            let (products, found) = products::parse(
                file,
                config.store_host().as_deref(),
                &available.static_files,
            );
            diagnostics.extend(found);
            products
        }
        None => Vec::new(),
    };
    (members, products)
}

/// What the FAQ model is made of: the published entries and the first day that counts as recent.
fn faq_inputs<'a>(
    sources: Sources<'a>,
    pages: &'a [Page],
) -> (
    Vec<crate::faq::model::EntryInput<'a>>,
    Option<jiff::civil::Date>,
) {
    let entries = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PageKind::Faq && !p.draft)
        .map(|(index, p)| crate::faq::model::EntryInput {
            page: index,
            question: p.question.as_deref().unwrap_or(&p.title),
            asked_as: &p.asked_as,
            topics: &p.topics,
            body: &p.body.first_paragraph,
        })
        .collect();
    let config = sources.config;
    let today = sources.options.now.to_zoned(config.timezone.clone()).date();
    let recent_since = today
        .checked_sub(jiff::Span::new().days(i64::from(config.site.faq.recent_days)))
        .ok();
    (entries, recent_since)
}

/// Clusters the support questions and matches the FAQ entries to them.
pub(crate) fn faq_model(sources: Sources<'_>, pages: &[Page]) -> crate::faq::model::Model {
    let (entries, recent_since) = faq_inputs(sources, pages);
    let faq = &sources.config.site.faq;
    crate::faq::model::build(
        &sources.data.support,
        &entries,
        *faq.match_threshold.get_ref(),
        recent_since,
        faq.min_customers,
    )
}

/// A hash of everything [`faq_model`] reads, so that the build cache can keep the model.
pub(crate) fn faq_key(sources: Sources<'_>, pages: &[Page]) -> u128 {
    let (entries, recent_since) = faq_inputs(sources, pages);
    let faq = &sources.config.site.faq;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut text = |text: &str| {
        hasher.update(&(text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    };
    text(&format!(
        "{}|{recent_since:?}|{}",
        faq.match_threshold.get_ref(),
        faq.min_customers
    ));
    let support = &sources.data.support;
    for file in &support.files {
        text(file);
    }
    for row in &support.rows {
        text(&row.question);
        text(row.topic.as_deref().unwrap_or("\0"));
        text(row.answer.as_deref().unwrap_or("\0"));
        text(&format!(
            "{}|{:?}|{}|{}",
            row.count, row.date, row.file, row.line
        ));
    }
    for entry in &entries {
        text(&entry.page.to_string());
        text(entry.question);
        text(entry.body);
        for item in entry.asked_as.iter().chain(entry.topics) {
            text(item);
        }
        text("\0");
    }
    hasher.digest128()
}

/// Static files that only withheld members and their withheld stories refer to.
pub(crate) fn withheld_files(
    sources: Sources<'_>,
    members: &[Member],
    entries: &[Entry<'_>],
) -> BTreeSet<String> {
    let texts = |withheld: bool| -> Vec<&str> {
        entries
            .iter()
            .filter(|e| if withheld { e.withheld } else { e.included })
            .map(|e| e.file.text.as_str())
            .collect()
    };
    let mut public = texts(false);
    public.push(&sources.config.text);
    public.extend(sources.data.products.iter().map(|f| f.text.as_str()));
    crate::collections::members::withheld_files(
        &sources.available.static_files,
        members,
        &texts(true),
        &public,
    )
}
