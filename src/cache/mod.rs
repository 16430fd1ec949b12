//! The build cache: what a build computed, kept on disk so that the next build (a CI run with the
//! folder restored, or a local build) does again only what its inputs changed.
//!
//! Its root is `--cache DIR`, else `[build] cache_dir` of `guildhall.toml`, else `.guildhall/cache`
//! in the site root ([`root`]); each kind of work keeps its own folder below it (`build/` for what
//! [`state`] keeps). Every file is written whole to a temporary name and renamed into place, so a
//! reader sees the old file or the new one, never half of either, and two builds can share the
//! folder. A file carries the identity of the binary that wrote it and a checksum of its payload:
//! one that is missing, truncated, corrupted or written by another binary is ignored, and the
//! build does that work from scratch. The output is the same with or without a cache.

use std::io::Write as _;
use std::path::{Path, PathBuf};

pub(crate) mod exports;
pub(crate) mod rebuild;
pub(crate) mod state;
mod texts;

/// The cache's root in the site folder when neither `--cache` nor `[build] cache_dir` says.
pub(crate) const DEFAULT_DIR: &str = ".guildhall/cache";

/// The cache's root folder: `flag` (`--cache DIR`), else `configured` (`[build] cache_dir`,
/// relative to the site root), else [`DEFAULT_DIR`] in the site root.
pub(crate) fn root(site_root: &Path, flag: Option<&Path>, configured: Option<&str>) -> PathBuf {
    match (flag, configured) {
        (Some(dir), _) => dir.to_path_buf(),
        (None, Some(dir)) => site_root.join(dir),
        (None, None) => site_root.join(DEFAULT_DIR),
    }
}

/// What every cache file starts with.
const MAGIC: &[u8; 16] = b"guildhall cache\n";

/// The identity of this binary: its version, and the size and modification time of the
/// executable, so that a file written by any other build of guildhall (whose types may differ) is
/// never read. (Hashing the executable itself would cost more than many builds.)
fn identity() -> Option<u128> {
    static IDENTITY: std::sync::OnceLock<Option<u128>> = std::sync::OnceLock::new();
    *IDENTITY.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        let metadata = std::fs::metadata(exe).ok()?;
        let modified = metadata
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        let text = format!(
            "{}\0{}\0{}",
            crate::config::version_text(),
            metadata.len(),
            modified.as_nanos()
        );
        Some(xxhash_rust::xxh3::xxh3_128(text.as_bytes()))
    })
}

/// The payload of a cache file, in the bytes read from it (not copied out of them: a build's state
/// is tens of megabytes).
pub(crate) struct Payload {
    bytes: Bytes,
    range: std::ops::Range<usize>,
}

/// A cache file's bytes: a large one mapped (the build state is tens of megabytes, of which a
/// rebuild uses a few: mapped, the pages it never touches are neither copied nor allocated), a
/// small one read.
pub(crate) enum Bytes {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Read(bytes) => bytes,
            Bytes::Mapped(map) => map,
        }
    }
}

/// Files from this size on are mapped rather than read.
const MAP_FROM: u64 = 1 << 20;

/// The bytes of the file at `path`. Only Unix maps them: Windows refuses to rename a file over one
/// that is mapped, and a build writes its state while the one it read is still in use.
fn bytes_of(path: &Path) -> std::io::Result<Bytes> {
    let file = std::fs::File::open(path)?;
    if !cfg!(unix) || file.metadata()?.len() < MAP_FROM {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut &file, &mut bytes)?;
        return Ok(Bytes::Read(bytes));
    }
    // SAFETY: a mapped file must not change while mapped. Cache files are never written in
    // place: each is written whole under a temporary name and renamed over the old one
    // ([`write_with`]), which leaves the file mapped here as it was until it is unmapped.
    let map = unsafe { memmap2::Mmap::map(&file)? };
    Ok(Bytes::Mapped(map))
}

impl std::fmt::Debug for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Payload({} bytes)", self.range.len())
    }
}

impl std::ops::Deref for Payload {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes[self.range.clone()]
    }
}

/// The payload of the cache file at `path`, or the reason it cannot be trusted: missing,
/// not a cache file, written by another build of guildhall, truncated or corrupted.
pub(crate) fn read(path: &Path) -> Result<Payload, String> {
    let bytes = bytes_of(path).map_err(|e| format!("cannot read it ({e})"))?;
    let (head, tail) = (MAGIC.len() + 16, 8 + 16);
    if bytes.len() < head + tail || &bytes[..MAGIC.len()] != MAGIC {
        return Err("not a guildhall cache file".to_string());
    }
    let number = |bytes: &[u8]| -> u128 {
        let mut buffer = [0u8; 16];
        buffer[..bytes.len()].copy_from_slice(bytes);
        u128::from_le_bytes(buffer)
    };
    if Some(number(&bytes[MAGIC.len()..head])) != identity() {
        return Err("written by another build of guildhall".to_string());
    }
    let end = bytes.len() - tail;
    if number(&bytes[end..end + 8]) != (end - head) as u128 {
        return Err("truncated".to_string());
    }
    if xxhash_rust::xxh3::xxh3_128(&bytes[head..end]) != number(&bytes[end + 8..]) {
        return Err("corrupted".to_string());
    }
    Ok(Payload {
        bytes,
        range: head..end,
    })
}

/// Writes `payload` to the cache file at `path` (see [`write_with`]).
pub(crate) fn write(path: &Path, payload: &[u8]) -> std::io::Result<()> {
    write_with(path, |writer| writer.write_all(payload))
}

/// Writes the cache file at `path` with the payload `fill` writes: whole to a temporary file
/// beside it, then renamed into place. The payload streams to the file (a build's state is tens
/// of megabytes, which a buffer would first have to grow to); its length and checksum follow it.
pub(crate) fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let identity = identity().ok_or_else(|| std::io::Error::other("cannot read this binary"))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut temporary = tempfile::Builder::new()
        .prefix(".write-")
        .tempfile_in(dir)?;
    let file = temporary.as_file_mut();
    let mut header = MAGIC.to_vec();
    header.extend_from_slice(&identity.to_le_bytes());
    file.write_all(&header)?;
    // Buffered above the checksum, so that it hashes large slices.
    let mut payload = std::io::BufWriter::with_capacity(1 << 20, Checksummed::new(&mut *file));
    fill(&mut payload)?;
    let summed = payload.into_inner().map_err(|e| e.into_error())?;
    let mut trailer = summed.length.to_le_bytes().to_vec();
    trailer.extend_from_slice(&summed.hasher.digest128().to_le_bytes());
    file.write_all(&trailer)?;
    temporary.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A writer that counts and hashes what goes through it (put a buffer above it, so that it hashes
/// large slices).
struct Checksummed<W> {
    inner: W,
    hasher: xxhash_rust::xxh3::Xxh3,
    length: u64,
}

impl<W> Checksummed<W> {
    fn new(inner: W) -> Checksummed<W> {
        Checksummed {
            inner,
            hasher: xxhash_rust::xxh3::Xxh3::new(),
            length: 0,
        }
    }
}

impl<W: std::io::Write> std::io::Write for Checksummed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.hasher.update(&buf[..written]);
        self.length += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_the_flag_then_the_configuration_then_the_default() {
        let site = Path::new("/hub");
        assert_eq!(
            root(site, Some(Path::new("/ci/cache")), Some("x")),
            Path::new("/ci/cache")
        );
        assert_eq!(root(site, None, Some("cache")), Path::new("/hub/cache"));
        assert_eq!(root(site, None, None), Path::new("/hub/.guildhall/cache"));
    }

    #[test]
    fn a_file_reads_back_and_any_damage_is_refused() {
        // Small files are read, large ones mapped: both are checked alike.
        for payload in [b"payload".to_vec(), vec![7u8; MAP_FROM as usize + 5]] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("build/state");
            write(&path, &payload).unwrap();
            assert_eq!(&*read(&path).unwrap(), &payload[..]);
            let whole = std::fs::read(&path).unwrap();
            std::fs::write(&path, &whole[..whole.len() - 1]).unwrap();
            assert_eq!(read(&path).unwrap_err(), "truncated");
            let mut flipped = whole.clone();
            *flipped.last_mut().unwrap() ^= 1;
            std::fs::write(&path, &flipped).unwrap();
            assert_eq!(read(&path).unwrap_err(), "corrupted");
            let mut foreign = whole.clone();
            foreign[MAGIC.len()] ^= 1;
            std::fs::write(&path, &foreign).unwrap();
            assert!(read(&path).unwrap_err().contains("another build"));
            let mut changed = whole.clone();
            changed[MAGIC.len() + 16] ^= 1;
            std::fs::write(&path, &changed).unwrap();
            assert_eq!(read(&path).unwrap_err(), "corrupted");
            let mut foreign = whole.clone();
            foreign[MAGIC.len() + 3] ^= 1;
            std::fs::write(&path, &foreign).unwrap();
            assert!(read(&path).unwrap_err().contains("another build"));
            std::fs::write(&path, b"junk").unwrap();
            assert!(read(&path).is_err());
        }
    }

    #[test]
    fn a_payload_read_stays_as_read_when_the_file_is_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("build/state");
        let first = vec![1u8; MAP_FROM as usize * 2];
        write(&path, &first).unwrap();
        let payload = read(&path).unwrap();
        assert_eq!(matches!(payload.bytes, Bytes::Mapped(_)), cfg!(unix));
        write(&path, &vec![2u8; MAP_FROM as usize * 3]).unwrap();
        assert_eq!(&*payload, &first[..]);
        assert_eq!(read(&path).unwrap().len(), MAP_FROM as usize * 3);
    }
}
