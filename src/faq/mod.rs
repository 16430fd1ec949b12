//! FAQs built from support questions.
//!
//! The helpdesk's exports ([`export`]) are redacted as they are read ([`redact`]), grouped into
//! clusters of questions with one need ([`cluster`], over the term vectors of [`text`]), and matched
//! to the answers editors write in `content/faq/`.

pub mod assign;
mod bootstrap;
pub mod cluster;
pub mod draft;
pub mod export;
mod linkage;
pub mod model;
pub mod public;
pub mod redact;
pub mod text;
