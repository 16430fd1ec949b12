//! `guildhall new KIND TITLE`: a new file with the front matter of its kind, in the right folder, named
//! after the title, dated today, marked `draft = true` so nothing half-written is published.
//! `guildhall new faq --from CLUSTER_ID` drafts an FAQ entry for a cluster of support questions, with
//! the question, its variants as `asked_as`, and (when the export maps one) the agent's answer as a
//! starting point. `new` never overwrites a file.

use std::path::Path;

use anyhow::{Context as _, bail};

use crate::args::{NewArgs, NewKind};
use crate::cmd::Outcome;
use crate::cmd::build::{self, CompileOptions};
use crate::diag::{Format, did_you_mean};

pub(crate) fn run(args: &NewArgs, format: Format) -> anyhow::Result<Outcome> {
    if args.kind == NewKind::Faq && args.from.is_some() {
        return new_faq(args, format);
    }
    let Some(title) = args
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    else {
        bail!(
            "give a title: guildhall new {} \"Title of the page\"",
            kind_name(args.kind)
        );
    };
    let config = match crate::config::load(&args.root)? {
        (Some(config), diagnostics) if !diagnostics.has_errors() => config,
        (_, diagnostics) => {
            build::report(&diagnostics, format);
            return Ok(Outcome::ContentErrors);
        }
    };
    let slug = match &args.slug {
        Some(slug) if crate::collections::is_slug(slug) => slug.clone(),
        Some(slug) => bail!(
            "--slug {slug}: use lowercase letters, digits and single dashes{}",
            crate::slug::file_name(slug)
                .map_or(String::new(), |close| format!(", like \"{close}\""))
        ),
        None => crate::slug::file_name(title).with_context(|| {
            format!("cannot make a file name from \"{title}\"; give one with --slug")
        })?,
    };
    let today = build::resolve_now(args.now.as_deref(), &config)?
        .to_zoned(config.timezone.clone())
        .date();
    let folder = match args.kind {
        NewKind::Guide => "guides",
        NewKind::Faq => "faq",
        NewKind::Story => "stories",
        NewKind::Event => "events",
        NewKind::Topic => "topics",
        NewKind::Page => "pages",
    };
    let dir = args.root.join("content").join(folder);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(format!("{slug}.md"));
    if path.exists() {
        bail!("content/{folder}/{slug}.md already exists; choose another title or --slug");
    }
    let timezone = config.timezone.iana_name().unwrap_or("UTC");
    write_new(&path, &front_matter(args.kind, title, today, timezone))?;
    if args.kind == NewKind::Topic {
        println!("wrote content/{folder}/{slug}.md");
    } else {
        println!("wrote content/{folder}/{slug}.md (a draft: remove `draft = true` to publish it)");
    }
    Ok(Outcome::Success)
}

fn kind_name(kind: NewKind) -> &'static str {
    match kind {
        NewKind::Guide => "guide",
        NewKind::Faq => "faq",
        NewKind::Story => "story",
        NewKind::Event => "event",
        NewKind::Topic => "topic",
        NewKind::Page => "page",
    }
}

/// The new file's text. Events start a week after `today`, 18:00 to 19:00 in `timezone` (the site's).
fn front_matter(kind: NewKind, title: &str, today: jiff::civil::Date, timezone: &str) -> String {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = String::from("+++\n");
    match kind {
        NewKind::Faq => {
            out.push_str(&format!("question = {}\nasked_as = []\n", quote(title)));
        }
        _ => out.push_str(&format!("title = {}\n", quote(title))),
    }
    out.push_str("summary = \"\"\n");
    match kind {
        NewKind::Guide => out.push_str(&format!(
            "date = {today}\nlevel = \"beginner\"\ntopics = []\nproducts = []\n"
        )),
        NewKind::Story => out.push_str(&format!(
            "date = {today}\nmember = \"\"  # the handle of a member in data/members.toml\ntopics = []\nproducts = []\n# photos = [{{ src = \"/images/photo.jpg\", alt = \"What the photo shows\" }}]\n# quote = \"\"\n"
        )),
        NewKind::Event => {
            let day = today.checked_add(jiff::Span::new().days(7)).unwrap_or(today);
            out.push_str(&format!(
                "date = {today}\nstart = {day}T18:00:00\nend = {day}T19:00:00\ntimezone = {}\n\
                 # host = \"\"  # a member handle from data/members.toml, or a name\n\
                 # registration = \"https://\"\n\
                 # location = {{ online = \"https://\" }}  # or venue, address, locality, postal_code, country\n\
                 # repeat = {{ freq = \"weekly\", byday = [\"TU\"], count = 6 }}\n\
                 topics = []\nproducts = []\n",
                quote(timezone)
            ));
        }
        NewKind::Faq => out.push_str("topics = []\nproducts = []\n"),
        NewKind::Topic => out.push_str("related = []\n"),
        NewKind::Page => out.push_str(&format!("date = {today}\n")),
    }
    if kind != NewKind::Topic {
        out.push_str("draft = true\n");
    }
    out.push_str("+++\n\n");
    out.push_str(match kind {
        NewKind::Faq => "The answer, in a few short paragraphs.\n",
        NewKind::Topic => "What this topic gathers, in a sentence or two.\n",
        _ => "Start writing here. Use `##` for sections.\n",
    });
    out
}

fn new_faq(args: &NewArgs, format: Format) -> anyhow::Result<Outcome> {
    let Some(id) = &args.from else {
        bail!("`guildhall new faq` needs --from CLUSTER_ID; `guildhall faq` lists the clusters");
    };
    let compiled = build::compile(&CompileOptions {
        root: args.root.clone(),
        base_url: None,
        drafts: false,
        now: None,
        cache: None,
        no_cache: false,
    })?;
    let Some(site) = compiled.site else {
        build::report(&compiled.diagnostics, format);
        return Ok(Outcome::ContentErrors);
    };
    let Some(cluster) = site.faq.clusters.iter().find(|c| &c.id == id) else {
        let hint = did_you_mean(id, site.faq.clusters.iter().map(|c| c.id.as_str()))
            .map(|close| format!(" (did you mean {close}?)"))
            .unwrap_or_default();
        bail!("no cluster has the id {id}{hint}; `guildhall faq` lists the clusters");
    };
    let dir = args.root.join("content/faq");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut name = format!("{}.md", cluster.slug);
    let mut n = 2;
    while dir.join(&name).exists() {
        name = format!("{}-{n}.md", cluster.slug);
        n += 1;
    }
    let path = dir.join(&name);
    let text = draft(cluster);
    write_new(&path, &text)?;
    println!(
        "wrote {} (a draft: edit the answer, then remove `draft = true`)",
        Path::new("content/faq").join(&name).display()
    );
    Ok(Outcome::Success)
}

fn draft(cluster: &crate::faq::model::ClusterInfo) -> String {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = String::from("+++\n");
    out.push_str(&format!(
        "question = {}\n",
        quote(&sentence(&cluster.question))
    ));
    if !cluster.variants.is_empty() {
        out.push_str("asked_as = [\n");
        for variant in &cluster.variants {
            out.push_str(&format!("    {},\n", quote(variant)));
        }
        out.push_str("]\n");
    }
    out.push_str("topics = []\ndraft = true\n");
    out.push_str(&format!(
        "# From support cluster {} ({} questions). Rewrite the question as customers would search it.\n",
        cluster.id, cluster.volume
    ));
    out.push_str("+++\n\n");
    match &cluster.agent_answer {
        Some(answer) => {
            out.push_str("<!-- Prefilled from an agent's reply in the export: check every fact and replace the {{placeholders}}. -->\n\n");
            out.push_str(&crate::faq::draft::safe_markdown(answer));
            out.push('\n');
        }
        None => out.push_str("Write the answer here.\n"),
    }
    out
}

/// The question with a capital letter, as a heading would have it.
fn sentence(text: &str) -> String {
    let mut chars = text.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Creates `path` with `text`, failing if it exists.
fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}
