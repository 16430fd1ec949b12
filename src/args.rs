//! The command line's argument types, parsed by clap. A leaf: the commands read these, and
//! [`crate::cli`] parses them and dispatches.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::diag::Format;

/// Builds the community hub of an ecommerce brand from Markdown and data files into a fast static site.
#[derive(Debug, Parser)]
#[command(name = "guildhall", version = crate::config::version_text(), about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// How problems in the content are printed.
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Create a starter hub in DIR that builds at once.
    Init(InitArgs),
    /// Check the hub as CI should: everything build validates plus editorial checks, writing nothing.
    Check(CheckArgs),
    /// Serve the hub with live reload while you edit (drafts included).
    Serve(ServeArgs),
    /// Report on support questions: the biggest unanswered ones, FAQ coverage, stale entries.
    Faq(FaqArgs),
    /// Create new content, such as a draft FAQ entry from a cluster of support questions.
    New(NewArgs),
    /// Import the pages, pictures and old addresses of a Zola, Hugo, Jekyll or Markdown site.
    Import(ImportArgs),
    /// Write a Decap CMS (static/admin/) for the hub's content kinds, so editors work in a browser.
    Cms(CmsArgs),
}

/// Arguments of `guildhall cms`.
#[derive(Debug, Clone, clap::Args)]
pub struct CmsArgs {
    /// The site folder, holding guildhall.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    /// How the CMS reaches the repository: git-gateway (Netlify Identity), github or gitlab.
    #[arg(long, value_enum, default_value_t = CmsBackend::GitGateway)]
    pub backend: CmsBackend,

    /// The repository, as OWNER/NAME (needed by github and gitlab).
    #[arg(long, value_name = "OWNER/NAME")]
    pub repo: Option<String>,

    /// The git branch the CMS commits to.
    #[arg(long, default_value = "main", value_name = "NAME")]
    pub branch: String,

    /// Load the CMS from unpkg.com instead of static/admin/decap-cms.js (a request to another host).
    #[arg(long)]
    pub cdn: bool,
}

/// The Decap CMS backends `guildhall cms` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CmsBackend {
    GitGateway,
    Github,
    Gitlab,
}

/// Arguments of `guildhall import`.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// The generator the source site was written for.
    #[arg(value_enum, value_name = "FORMAT")]
    pub generator: ImportFormat,

    /// The source site's folder (for `markdown`, the folder holding the Markdown files).
    pub source: PathBuf,

    /// The hub to import into (created if missing); existing files are never overwritten.
    #[arg(long, default_value = ".", value_name = "HUB")]
    pub into: PathBuf,

    /// Put the source section OLD into the hub's folder NEW (repeatable), like
    /// `--section posts=stories` or `--section docs=guides`.
    #[arg(long = "section", value_name = "OLD=NEW")]
    pub sections: Vec<String>,
}

/// The generators `guildhall import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// A Zola site (config.toml, content/, static/).
    Zola,
    /// A Hugo site (hugo.toml or config.*, content/, static/).
    Hugo,
    /// A Jekyll site (_config.yml, _posts/, pages, collections, static files).
    Jekyll,
    /// Markdown with YAML front matter, as Eleventy or Astro keep it.
    #[value(alias = "eleventy", alias = "astro")]
    Markdown,
}

/// Arguments of `guildhall check`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// The site folder, holding guildhall.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    /// Check pages marked `draft = true` too.
    #[arg(long)]
    pub drafts: bool,

    /// The moment to check for [default: SOURCE_DATE_EPOCH, or the clock].
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,

    /// A guide not updated for this many days is reported as stale.
    #[arg(long, default_value_t = 365, value_name = "DAYS")]
    pub stale_days: u32,

    /// Also check outbound links (politely, with a cache in .guildhall-cache/).
    #[arg(long)]
    pub external: bool,

    /// Seconds to wait for each outbound link.
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub timeout: u64,

    /// Reuse outbound link results younger than this many hours.
    #[arg(long, default_value_t = 24, value_name = "HOURS")]
    pub cache_hours: u32,

    /// With `--format gitlab`, write the code quality report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

/// Arguments of `guildhall serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// The site folder, holding guildhall.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111, value_name = "N")]
    pub port: u16,

    /// The address to listen on; anything but 127.0.0.1 or ::1 exposes the hub to the network.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: String,

    /// Open the hub in a browser.
    #[arg(long)]
    pub open: bool,

    /// Also answer requests for this host name (repeatable); the bound address and `localhost`
    /// are always answered, any other name gets 403 (protection against DNS rebinding).
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_host: Vec<String>,

    /// The moment to build for [default: SOURCE_DATE_EPOCH, or the clock].
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
}

/// Arguments of `guildhall faq`.
#[derive(Debug, Clone, clap::Args)]
pub struct FaqArgs {
    /// The site folder, holding guildhall.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    /// How many unanswered clusters (and rows without usable words) to list; 0 lists all. The
    /// report always says how many there are in all.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// Clusters of fewer rows are not listed as needs (they are counted as rare questions).
    #[arg(long, default_value_t = 3, value_name = "ROWS")]
    pub min_size: u64,

    /// Also write every row's cluster to FILE as CSV (file, line, cluster id), to audit the
    /// clustering; rows without usable words have an empty cluster id.
    #[arg(long, value_name = "FILE")]
    pub members: Option<PathBuf>,

    /// The moment "recent" is measured from [default: SOURCE_DATE_EPOCH, or the clock].
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
}

/// Arguments of `guildhall new`.
#[derive(Debug, Clone, clap::Args)]
pub struct NewArgs {
    /// What to create.
    #[arg(value_enum)]
    pub kind: NewKind,

    /// The title (for an FAQ entry, the question). Not needed with `faq --from`.
    pub title: Option<String>,

    /// FAQ: the id of the support cluster to answer (from `guildhall faq`).
    #[arg(long, value_name = "CLUSTER_ID")]
    pub from: Option<String>,

    /// The file name (and URL) to use instead of one made from the title.
    #[arg(long, value_name = "SLUG")]
    pub slug: Option<String>,

    /// The site folder, holding guildhall.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    /// The date to write [default: today, from SOURCE_DATE_EPOCH or the clock].
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
}

/// The kinds of content `guildhall new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    /// A guide in content/guides/.
    Guide,
    /// An FAQ entry in content/faq/ (`--from CLUSTER_ID` drafts one from support questions).
    Faq,
    /// A member story in content/stories/.
    Story,
    /// An event in content/events/.
    Event,
    /// A topic hub in content/topics/.
    Topic,
    /// A free page in content/pages/.
    Page,
}

/// Arguments of `guildhall build`.
#[derive(Debug, Clone, clap::Args)]
pub struct BuildArgs {
    /// The site folder, holding guildhall.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    /// Where to write the site [default: ROOT/public].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Use this base URL instead of the one in guildhall.toml (for preview deploys).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,

    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,

    /// The moment to build for, as 2026-05-01 or 2026-05-01T09:00:00Z [default: SOURCE_DATE_EPOCH, or
    /// the clock].
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,

    /// With `--format gitlab`, write the code quality report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Keep the build cache in DIR [default: `[build] cache_dir` of guildhall.toml, or
    /// ROOT/.guildhall/cache].
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,

    /// Build without reading or writing the build cache.
    #[arg(long, conflicts_with = "cache")]
    pub no_cache: bool,

    /// Print how long each stage took, and the CPU time of the whole build, on stderr.
    #[arg(long)]
    pub timings: bool,
}

/// Arguments of `guildhall init`.
#[derive(Debug, Clone, clap::Args)]
pub struct InitArgs {
    /// The folder to create the hub in (created if missing; must not already hold a hub).
    pub dir: PathBuf,
}
