//! The integration tests: the real `guildhall` binary run on small fixture sites under `tests/sites/`.
//! One module per area; see tests/README.md.

mod brand;
mod browser;
mod build;
mod cache;
mod check;
mod ci;
mod cms;
mod community;
mod deploy;
mod diagnostics;
mod distribution;
mod events;
mod examples;
mod faq;
mod images;
mod import;
mod init;
mod links;
mod markdown;
mod mutations;
mod output;
#[path = "../bench/common/photo.rs"]
mod photo;
#[path = "../pii/mod.rs"]
mod pii;
mod privacy;
mod publishing;
mod reporting;
mod robustness;
mod scale;
mod scan;
mod search;
mod serve;
mod snapshots;
mod support;
mod themes;
mod validators;
mod yaml;
