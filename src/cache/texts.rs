//! The bodies' texts (their HTML and plain text), kept apart from the rest of the build state in
//! `<root>/build/texts`, a file that only grows: a build appends the texts it rendered, and the
//! state says where each body's are. A rebuild after a one-page edit so writes a few kilobytes
//! rather than the 40 MB of every body again. When the texts no body uses outweigh those in use,
//! the build writes the file anew (under a temporary name, renamed into place).
//!
//! The file is `MAGIC`, its generation (16 bytes, new each time it is written anew), then texts.
//! The state keeps the generation and each run of bytes a build appended, with its checksum: a
//! file of another generation, or a run whose bytes are missing or do not sum as kept, makes the
//! state unusable and the build starts afresh. Appending takes the file's lock, so two builds
//! sharing the cache never write over each other; what one appends the other never refers to.

use std::io::{Read as _, Write as _};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::markdown::{SharedBytes, Text};

const MAGIC: &[u8; 16] = b"guildhall texts\n";
/// The magic and the generation.
const HEADER: usize = 32;
/// The file is written anew only when the texts no longer used are more than those in use, and
/// more than this.
const DEAD_BYTES_KEPT: u64 = 1 << 20;

/// What the state keeps of the texts file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Kept {
    generation: u128,
    /// Each run of bytes a build wrote: where it starts and ends, and its checksum.
    runs: Vec<(u64, u64, u128)>,
}

/// The texts file as a build read it.
pub(crate) struct Store {
    pub(crate) bytes: SharedBytes,
    kept: Kept,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Store({} bytes, {:?})",
            (*self.bytes).as_ref().len(),
            self.kept
        )
    }
}

/// Where one text is in the file: its start and length.
pub(crate) type Place = (u64, u64);

fn file(root: &Path) -> PathBuf {
    root.join("build").join("texts")
}

/// The first bytes of the texts file of `generation`.
fn header(generation: u128) -> [u8; HEADER] {
    let mut header = [0u8; HEADER];
    header[..MAGIC.len()].copy_from_slice(MAGIC);
    header[MAGIC.len()..].copy_from_slice(&generation.to_le_bytes());
    header
}

/// The texts file under `root`, when it is the one `kept` describes and every run of it is whole.
pub(crate) fn open(root: &Path, kept: &Kept) -> Result<Store, String> {
    let bytes = super::bytes_of(&file(root)).map_err(|e| format!("cannot read its texts ({e})"))?;
    if bytes.get(..HEADER) != Some(&header(kept.generation)[..]) {
        return Err("its texts were written by another build".to_string());
    }
    for &(start, end, checksum) in &kept.runs {
        let run = usize::try_from(start)
            .ok()
            .zip(usize::try_from(end).ok())
            .and_then(|(start, end)| bytes.get(start.max(HEADER)..end));
        if run.is_none_or(|run| xxhash_rust::xxh3::xxh3_128(run) != checksum) {
            return Err("its texts are truncated or corrupted".to_string());
        }
    }
    Ok(Store {
        bytes: Arc::new(bytes),
        kept: kept.clone(),
    })
}

/// Where each of `texts` is once saved: those read from `store` stay where they are and the others
/// are appended, or, when the file holds more texts no longer used than used (or is not the one
/// `store` was read from), the file is written anew with only these. Also gives what the state
/// keeps of the file.
pub(crate) fn save(
    root: &Path,
    texts: &[&Text],
    store: Option<&Store>,
) -> std::io::Result<(Vec<Place>, Kept)> {
    let path = file(root);
    if let Some(store) = store
        && let Some(saved) = append(&path, texts, store)?
    {
        return Ok(saved);
    }
    write_anew(&path, texts)
}

/// [`save`] by appending, when the file at `path` is still the one `store` was read from and is
/// not mostly texts no longer used; `None` otherwise.
fn append(
    path: &Path,
    texts: &[&Text],
    store: &Store,
) -> std::io::Result<Option<(Vec<Place>, Kept)>> {
    let Ok(mut file) = std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .open(path)
    else {
        return Ok(None);
    };
    crate::output::lock_file(&file)?;
    let mut found = [0u8; HEADER];
    if file.read_exact(&mut found).is_err() || found != header(store.kept.generation) {
        return Ok(None);
    }
    let length = file.metadata()?.len();
    let placed: Vec<Option<Range<usize>>> = texts
        .iter()
        .map(|text| text.range_in(&store.bytes))
        .collect();
    let live: u64 = placed
        .iter()
        .flatten()
        .map(|range| range.len() as u64)
        .sum();
    if length.saturating_sub(HEADER as u64 + live) > live.max(DEAD_BYTES_KEPT) {
        return Ok(None);
    }
    let (places, end, checksum) = write_run(&mut file, length, texts, placed)?;
    let mut kept = store.kept.clone();
    if end > length {
        kept.runs.push((length, end, checksum));
    }
    Ok(Some((places, kept)))
}

/// [`save`] into a new file of a new generation, renamed over the one at `path`.
fn write_anew(path: &Path, texts: &[&Text]) -> std::io::Result<(Vec<Place>, Kept)> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let generation = new_generation(path);
    let mut temporary = tempfile::Builder::new()
        .prefix(".write-")
        .tempfile_in(dir)?;
    let file = temporary.as_file_mut();
    file.write_all(&header(generation))?;
    let (places, end, checksum) = write_run(file, HEADER as u64, texts, std::iter::repeat(None))?;
    temporary.persist(path).map_err(|e| e.error)?;
    let kept = Kept {
        generation,
        runs: vec![(HEADER as u64, end, checksum)],
    };
    Ok((places, kept))
}

/// Writes to `file`, whose end is at `start`, each of `texts` that is not already in the file at
/// the range `placed` gives it; gives every text's place, the end of the run written, and the run's
/// checksum.
fn write_run(
    file: &mut std::fs::File,
    start: u64,
    texts: &[&Text],
    placed: impl IntoIterator<Item = Option<Range<usize>>>,
) -> std::io::Result<(Vec<Place>, u64, u128)> {
    let mut places = Vec::with_capacity(texts.len());
    let mut end = start;
    let mut writer = std::io::BufWriter::with_capacity(1 << 20, super::Checksummed::new(file));
    for (text, place) in texts.iter().zip(placed) {
        match place {
            Some(range) => places.push((range.start as u64, range.len() as u64)),
            None => {
                places.push((end, text.len() as u64));
                writer.write_all(text.as_bytes())?;
                end += text.len() as u64;
            }
        }
    }
    let summed = writer.into_inner().map_err(|e| e.into_error())?;
    Ok((places, end, summed.hasher.digest128()))
}

/// A generation no other file had: the process, the instant and the place (never part of any
/// output).
fn new_generation(path: &Path) -> u128 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos());
    let seed = format!("{}\0{nanos}\0{}", std::process::id(), path.display());
    xxhash_rust::xxh3::xxh3_128(seed.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(words: &[&str]) -> Vec<Text> {
        words.iter().map(|w| Text::from(*w)).collect()
    }

    fn read_back(store: &Store, places: &[Place]) -> Vec<String> {
        places
            .iter()
            .map(|&(start, len)| {
                let range = start as usize..(start + len) as usize;
                Text::shared(&store.bytes, range).unwrap().to_string()
            })
            .collect()
    }

    #[test]
    fn texts_read_back_and_only_new_ones_are_appended() {
        let dir = tempfile::tempdir().unwrap();
        let first = texts(&["alpha", "beta", "gamma"]);
        let refs: Vec<&Text> = first.iter().collect();
        let (places, kept) = save(dir.path(), &refs, None).unwrap();
        let store = open(dir.path(), &kept).unwrap();
        assert_eq!(read_back(&store, &places), ["alpha", "beta", "gamma"]);
        let length = std::fs::metadata(file(dir.path())).unwrap().len();
        // The second build keeps two texts as read and has one new one.
        let kept_texts: Vec<Text> = places
            .iter()
            .map(|&(s, l)| Text::shared(&store.bytes, s as usize..(s + l) as usize).unwrap())
            .collect();
        let new = Text::from("delta");
        let refs = vec![&kept_texts[0], &new, &kept_texts[2]];
        let (places, kept) = save(dir.path(), &refs, Some(&store)).unwrap();
        assert_eq!(
            std::fs::metadata(file(dir.path())).unwrap().len(),
            length + 5,
            "only the new text is written"
        );
        assert_eq!(kept.runs.len(), 2);
        let store = open(dir.path(), &kept).unwrap();
        assert_eq!(read_back(&store, &places), ["alpha", "delta", "gamma"]);
    }

    #[test]
    fn a_file_mostly_of_texts_no_longer_used_is_written_anew() {
        let dir = tempfile::tempdir().unwrap();
        let big = Text::from("x".repeat(DEAD_BYTES_KEPT as usize + 10));
        let (_, kept) = save(dir.path(), &[&big], None).unwrap();
        let store = open(dir.path(), &kept).unwrap();
        let small = Text::from("small");
        let (places, next) = save(dir.path(), &[&small], Some(&store)).unwrap();
        assert_ne!(next.generation, kept.generation);
        assert_eq!(places, [(HEADER as u64, 5)]);
        assert_eq!(
            std::fs::metadata(file(dir.path())).unwrap().len(),
            HEADER as u64 + 5
        );
        // The state of the earlier generation no longer reads.
        assert!(open(dir.path(), &kept).is_err());
        drop(store);
    }

    #[test]
    fn damaged_or_foreign_texts_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let words = texts(&["alpha", "beta"]);
        let refs: Vec<&Text> = words.iter().collect();
        let (_, kept) = save(dir.path(), &refs, None).unwrap();
        let path = file(dir.path());
        let whole = std::fs::read(&path).unwrap();
        let mut flipped = whole.clone();
        *flipped.last_mut().unwrap() ^= 1;
        std::fs::write(&path, &flipped).unwrap();
        assert!(open(dir.path(), &kept).unwrap_err().contains("corrupted"));
        std::fs::write(&path, &whole[..whole.len() - 1]).unwrap();
        assert!(open(dir.path(), &kept).unwrap_err().contains("truncated"));
        let mut foreign = whole.clone();
        foreign[MAGIC.len()] ^= 1;
        std::fs::write(&path, &foreign).unwrap();
        assert!(
            open(dir.path(), &kept)
                .unwrap_err()
                .contains("another build")
        );
        std::fs::remove_file(&path).unwrap();
        assert!(open(dir.path(), &kept).is_err());
        std::fs::write(&path, &whole).unwrap();
        assert!(open(dir.path(), &kept).is_ok());
    }
}
