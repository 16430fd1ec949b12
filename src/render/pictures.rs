//! The pictures of rendered pages: every page's `<img>` rewritten for phones, and the social cards
//! pages asked for (see [`crate::images`]).

use std::path::PathBuf;

use super::{Globals, Job};
use crate::diag::Diagnostic;
use crate::output::{Contents, OutputFile};

impl Globals<'_> {
    /// Renders one job, its pictures rewritten ([`crate::images::Pictures::rewrite`]).
    pub(super) fn run(&self, tera: &tera::Tera, job: &Job) -> Result<OutputFile, Diagnostic> {
        let mut file = self.run_job(tera, job)?;
        if file.path.ends_with(".html")
            && let Contents::Bytes(bytes) = &file.contents
            && let Ok(html) = std::str::from_utf8(bytes)
        {
            let source = match job {
                Job::Page(index) => self.site.pages[*index].source.clone(),
                _ => PathBuf::from(&file.path),
            };
            let (rewritten, warnings) = self.pictures.rewrite(html, &source);
            if let Some(rewritten) = rewritten {
                file.contents = Contents::Bytes(rewritten.into_bytes());
            }
            if !warnings.is_empty()
                && let Ok(mut all) = self.picture_warnings.lock()
            {
                all.extend(warnings);
            }
        }
        Ok(file)
    }

    /// The social cards the pages rendered since the last call asked for, each page's once: called
    /// after each batch so that cards are written as they are drawn, never all held at once.
    pub(super) fn drawn_cards(&self) -> Vec<OutputFile> {
        let mut texts =
            std::mem::take(&mut *self.card_texts.lock().unwrap_or_else(|e| e.into_inner()));
        if texts.is_empty() {
            return Vec::new();
        }
        // Sorted, so that of two pages whose cards would share a file (`/a/` and `/a.html`) the
        // same one always has it.
        texts.sort();
        {
            let mut drawn = self.cards_drawn.lock().unwrap_or_else(|e| e.into_inner());
            texts.retain(|text| drawn.insert(crate::images::card_path(&text.url)));
        }
        self.painter
            .get_or_init(|| self.pictures.painter(&self.site.config))
            .cards(texts)
    }

    /// The social cards not drawn yet, and the problems of the pages' pictures.
    pub(super) fn finish(&self) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let cards = self.drawn_cards();
        let mut warnings = std::mem::take(
            &mut *self
                .picture_warnings
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        );
        warnings.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
        warnings.dedup_by(|a, b| a.path == b.path && a.message == b.message);
        (cards, warnings)
    }
}
