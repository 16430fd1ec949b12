//! What an output file is (its path, and its bytes or where to copy them from), and the two ways
//! every writer makes names and copies from bytes: a content hash and deterministic gzip. Render
//! and search make output files; [`crate::output`] writes them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where a template or static file came from, for diagnostics and copying.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Embedded(&'static [u8]),
    File(SiteFile),
}

/// A file below a folder of the site (`static/`, a theme's `static/`): the folder and the path
/// below it are kept apart so that reading it can refuse a symbolic link anywhere below the folder,
/// including one swapped in after the folder was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    pub dir: Arc<Path>,
    pub relative: PathBuf,
}

impl SiteFile {
    /// The file's whole path, for messages.
    pub fn path(&self) -> PathBuf {
        self.dir.join(&self.relative)
    }
}

/// One file of the output, by its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: Contents,
}

/// The bytes of an output file, or where to copy them from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    Bytes(Vec<u8>),
    Static(Origin),
}

/// Gzip at level 6, without a timestamp or file name, so equal input gives equal bytes. Level 9
/// makes the index of a 10,000-page hub 0.8% smaller and takes almost twice as long.
pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    thread_local! {
        /// Each thread's compressor, reset for every file: making one allocates and clears a few
        /// hundred kilobytes, more than compressing most index files takes.
        static DEFLATE: std::cell::RefCell<Option<flate2::Compress>> =
            const { std::cell::RefCell::new(None) };
    }
    // RFC 1952: deflate, no flags, no modification time, no extra flags, unknown system.
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
    DEFLATE.with(|deflate| {
        let mut deflate = deflate.borrow_mut();
        let deflate = deflate
            .get_or_insert_with(|| flate2::Compress::new(flate2::Compression::new(6), false));
        deflate.reset();
        loop {
            if out.capacity() - out.len() < 64 {
                out.reserve(out.capacity().max(1024));
            }
            let read = usize::try_from(deflate.total_in()).unwrap_or(bytes.len());
            let status = deflate.compress_vec(
                &bytes[read.min(bytes.len())..],
                &mut out,
                flate2::FlushCompress::Finish,
            );
            // Compressing from memory into memory cannot fail.
            if !matches!(status, Ok(flate2::Status::Ok | flate2::Status::BufError)) {
                break;
            }
        }
    });
    let mut crc = flate2::Crc::new();
    crc.update(bytes);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    // ISIZE: the length modulo 2^32.
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out
}

/// A content hash as `length` characters of lowercase base 32 (safe on case-insensitive disks).
pub(crate) fn hash_text(bytes: &[u8], length: usize) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    // A final mix (splitmix64), so every output bit depends on every input byte.
    hash = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash = (hash ^ (hash >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^= hash >> 31;
    (0..length)
        .map(|i| ALPHABET[((hash >> (5 * i)) & 31) as usize] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    #[test]
    fn gzip_and_hashes_are_deterministic() {
        assert_eq!(gzip(b"hello"), gzip(b"hello"));
        // The same bytes as flate2's own encoder, for small and large inputs, one after another on
        // the same thread (the compressor is reused).
        for input in [&b""[..], b"hello", &b"index shard ".repeat(20_000)] {
            let mut encoder = flate2::GzBuilder::new()
                .mtime(0)
                .operating_system(255)
                .write(Vec::new(), flate2::Compression::new(6));
            encoder.write_all(input).unwrap();
            assert_eq!(gzip(input), encoder.finish().unwrap());
        }
        assert_eq!(hash_text(b"hello", 5), hash_text(b"hello", 5));
        assert_ne!(hash_text(b"hello", 5), hash_text(b"hellp", 5));
    }
}
