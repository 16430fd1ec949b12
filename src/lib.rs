//! guildhall turns a git repository of Markdown and data files into the community hub of an ecommerce
//! brand: a fast static site with a prebuilt search index.
//!
//! The pipeline, in the order data flows: [`config`] → [`content`] (load + front matter) → [`markdown`]
//! → [`site`] (the resolved model) → [`render`] (templates, themes) → [`search`] (the prebuilt
//! index) → [`output`]. [`cli`] and [`cmd`] sit around it, and [`diag`] carries the problems editors
//! need to fix. See ARCHITECTURE.md.

pub mod args;
pub mod cli;
pub mod cmd;
pub mod collections;
pub mod config;
pub mod content;
pub mod diag;
pub mod faq;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod search;
pub mod site;
