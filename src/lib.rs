//! guildhall turns a git repository of Markdown and data files into the community hub of an ecommerce
//! brand: a fast static site with a prebuilt search index.
//!
//! The pipeline, in the order data flows: [`config`] → [`content`] (load + front matter) → markdown
//! → collections → [`site`] (the passes) → [`model`] (the resolved site) → [`render`] (templates,
//! themes) → [`search`] (the prebuilt index) → output. [`cli`] and the commands sit around it, and
//! [`diag`] carries the problems editors need to fix. See ARCHITECTURE.md.

#![warn(unreachable_pub)]

pub(crate) mod args;
pub(crate) mod cache;
pub mod cli;
pub mod cmd;
pub(crate) mod collections;
pub mod config;
pub mod content;
pub mod diag;
pub mod faq;
pub mod images;
pub(crate) mod markdown;
pub mod model;
pub(crate) mod output;
pub mod render;
pub mod search;
pub mod site;
pub(crate) mod slug;
