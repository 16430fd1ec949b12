//! `guildhall new faq --from CLUSTER_ID`: a draft FAQ entry for a cluster of support questions, with
//! the question, its variants as `asked_as`, and (when the export maps one) the agent's answer as a
//! starting point. The draft is `draft = true`; it never overwrites a file.

use std::path::Path;

use anyhow::{Context as _, bail};

use crate::cli::{NewArgs, NewKind, Outcome};
use crate::cmd::build::{self, CompileOptions};
use crate::diag::{Format, did_you_mean};

pub fn run(args: &NewArgs, format: Format) -> anyhow::Result<Outcome> {
    match args.kind {
        NewKind::Faq => new_faq(args, format),
    }
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
            out.push_str(answer.trim());
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
