//! The passes that resolve a site: from parsed content and data files to the model of
//! [`crate::model`], every problem on the way collected as a diagnostic.
//!
//! [`build`] is a pure function of the configuration, the content files, the names of the available
//! templates and static files, and the build options. [`build_from`] is the checklist of its passes,
//! in order; each lives in the file named after what it owns.

mod assets;
mod data;
mod fields;
mod graph;
mod links;
mod lists;
mod reuse;
mod routes;
mod schedule;
mod targets;
mod topic_typos;

use std::collections::{BTreeSet, HashMap, HashSet};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, DataFiles, Parsed, SourceFile};
use crate::diag::Diagnostics;
use crate::model::{EventIndex, Graph, Home, Site};

pub(crate) use reuse::same_output_links;
pub use reuse::{Earlier, Memo, StoredBodies, update_body};
pub(crate) use reuse::{StoredBodiesRead, StoredBodiesRef};
pub(crate) use routes::unwritable;
pub use targets::{OutputIndex, check_output_links};

/// Runtime knobs of a build, from the command line.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Include pages marked `draft = true`.
    pub drafts: bool,
    /// The instant the build is for: `--now`, `SOURCE_DATE_EPOCH`, or the clock.
    pub now: jiff::Timestamp,
}

/// What the rest of the site is checked against: the templates and static files that exist.
#[derive(Debug, Clone, Default)]
pub struct Available {
    pub templates: BTreeSet<String>,
    /// Site paths of static files, like `/images/swatch.svg`.
    pub static_files: HashSet<String>,
    /// The files of `content/` that are not Markdown, by path under `content/`.
    pub assets: crate::content::ContentAssets,
    /// The theme's component templates, for Markdown.
    pub(crate) components: crate::markdown::Components,
}

/// Everything a model is built from.
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    pub config: &'a Config,
    pub files: &'a [SourceFile],
    /// `files[i]`'s front matter and problems.
    pub parsed: &'a [(Parsed, Diagnostics)],
    pub data: &'a DataFiles,
    pub available: &'a Available,
    pub options: &'a BuildOptions,
    /// The bodies the build cache kept from an earlier build, taken when still right.
    pub stored: Option<&'a StoredBodies>,
}

/// The model, what its passes reported, and (when asked for) what `serve` keeps to build the next
/// one faster.
pub struct Built {
    pub site: Site,
    pub diagnostics: Diagnostics,
    pub memo: Option<Memo>,
}

/// Builds the site model. Problems are collected in the returned diagnostics; the model is always
/// complete enough to report every problem of every file.
pub fn build(
    config: &Config,
    files: &[SourceFile],
    data: &DataFiles,
    available: &Available,
    options: &BuildOptions,
) -> (Site, Diagnostics) {
    let parsed = parse_all(files);
    let sources = Sources {
        config,
        files,
        parsed: &parsed,
        data,
        available,
        options,
        stored: None,
    };
    let built = build_from(sources, None, false);
    (built.site, built.diagnostics)
}

/// The front matter of every file (in parallel), with each file's problems.
pub fn parse_all(files: &[SourceFile]) -> Vec<(Parsed, Diagnostics)> {
    files.par_iter().map(content::parse).collect()
}

/// [`build`], from files already parsed, borrowing from `earlier` what the changed files cannot
/// have changed (see [`reuse`](Earlier)); the result is the same as without it. With `keep`, the
/// result carries the [`Memo`] a later build borrows from.
pub fn build_from(sources: Sources<'_>, earlier: Option<Earlier<'_>>, keep: bool) -> Built {
    let Sources {
        config, options, ..
    } = sources;
    let mut diagnostics = Diagnostics::new();
    data::check_social(config, sources.available, &mut diagnostics);
    crate::config::brand::check_files(
        &config.site.brand,
        crate::config::CONFIG_FILE,
        &config.text,
        &sources.available.static_files,
        &mut diagnostics,
    );
    let (members, products) = data::parse_data(sources, &mut diagnostics);
    let entries = routes::entries(sources, &members, &mut diagnostics);
    let schedule_changes = schedule::schedule_changes(&entries, options.now);
    let withheld_files = data::withheld_files(sources, &members, &entries);
    let links = links::context(sources, &entries, &products, &mut diagnostics);
    let mut earlier_bodies = reuse::earlier_bodies(earlier.as_ref(), &links);
    // Made once, for the bodies taken from the build cache and for those it keeps.
    let links_key = sources.stored.map(|_| reuse::links_key(config, &links));
    reuse::stored_bodies(sources.stored, links_key, &entries, &mut earlier_bodies);
    let rendered = links::render_bodies(config, &entries, &links, &earlier_bodies);
    links::check_anchors(&entries, &rendered, &mut diagnostics);
    let assets = assets::published(
        &sources.available.assets,
        &links.assets,
        &entries,
        &rendered,
    );
    let output_links = targets::output_links(&entries, &rendered);
    let declared_topics = fields::declared_topics(&entries);
    if !config.site.topics.require_declared {
        topic_typos::check(&entries, &declared_topics, &mut diagnostics);
    }
    let checks = fields::Checks {
        config,
        available: sources.available,
        members: &members,
        products: &links.products,
        assets: &links.assets,
        declared_topics: &declared_topics,
        now: options.now,
    };
    let mut site = Site {
        config: config.clone(),
        home: Home {
            title: config.site.title.clone(),
            ..Home::default()
        },
        pages: Vec::new(),
        sections: Vec::new(),
        aliases: Vec::new(),
        alias_origins: HashMap::new(),
        members: Vec::new(),
        products: Vec::new(),
        topics: Vec::new(),
        topics_intro: None,
        graph: Graph::default(),
        start_here: None,
        withheld_files: BTreeSet::new(),
        faq: crate::faq::model::Model::default(),
        events_intro: None,
        events: EventIndex::default(),
        next_change: None,
        now: options.now,
        assets,
        output_links,
    };
    let earlier_pages = reuse::earlier_pages(earlier.as_ref());
    let made = fields::make_pages(&entries, rendered, &checks, &earlier_pages);
    let gathered = lists::gather(&mut site, &entries, made, &checks, keep, &mut diagnostics);
    site.topics = lists::collect_topics(
        &site.pages,
        &products,
        gathered.topic_entries,
        &checks,
        &mut diagnostics,
    );
    let mut section_index = gathered.section_index;
    lists::link_sections(&mut site, &mut section_index, sources, &mut diagnostics);
    (site.aliases, site.alias_origins) = routes::aliases(&site, &entries, &mut diagnostics);
    site.start_here = lists::start_here(config, &site.pages, &entries, &mut diagnostics);
    site.withheld_files = withheld_files;
    site.graph = reuse::earlier_graph(earlier.as_ref(), &site, &products)
        .unwrap_or_else(|| graph::build(&site.pages, &products, &site.topics));
    let faq_key = data::faq_key(sources, &site.pages);
    site.faq = reuse::earlier_faq(earlier.as_ref(), &site)
        .or_else(|| sources.stored.and_then(|stored| stored.faq(faq_key)))
        .unwrap_or_else(|| data::faq_model(sources, &site.pages));
    site.events = lists::event_index(&site.pages);
    site.next_change = schedule::next_change(&site.pages, &members, schedule_changes, options.now);
    site.members = members;
    site.products = products;
    Built {
        site,
        diagnostics,
        memo: keep.then(|| Memo {
            links,
            links_key,
            pages: gathered.memo,
            faq_key,
        }),
    }
}
