//! The commands: each one loads what it needs from disk, runs the pure pipeline, and writes or prints
//! the result. This is the edge where I/O happens.

pub mod build;
pub(crate) mod check;
pub(crate) mod cms;
pub(crate) mod faq;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod new;
pub(crate) mod progress;
pub(crate) mod rebuild;
pub(crate) mod serve;

/// What a command reports back when it did not fail operationally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    ContentErrors,
}
