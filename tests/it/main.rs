//! The integration tests: the real `guildhall` binary run on small fixture sites under `tests/sites/`.
//! One module per area; see tests/README.md.

mod browser;
mod build;
mod check;
mod cms;
mod community;
mod deploy;
mod diagnostics;
mod events;
mod examples;
mod faq;
mod import;
mod init;
mod mutations;
mod output;
#[path = "../pii/mod.rs"]
mod pii;
mod privacy;
mod publishing;
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
