//! The PNG of a card on a palette, written without compressing what every card shares: a card is
//! its site's backdrop with a few rows of text, so the backdrop's rows are filtered and compressed
//! once per build and copied bit for bit into each card; only rows the text touched (and the row
//! under each, whose filter refers to it) are filtered and coded again.
//!
//! The stream is one deflate block coded as PNG rows filtered against the row above need: every
//! byte a literal, runs of zero bytes as matches one byte back, with one Huffman code made per
//! build from the backdrop and a sample card (every literal and length keeps a code, so any card
//! can be written with it). The Adler-32 of the rows is summed row by row, so a copied row costs
//! two additions. A general compressor cannot be told to reuse the coding of part of its input;
//! this is why the coder is written here (a hundred lines of RFC 1950 and 1951) and not taken
//! from a crate.

/// The number of literal and length symbols a block declares (0–285).
const SYMBOLS: usize = 286;
const END_OF_BLOCK: usize = 256;
/// The longest code RFC 1951 allows for literals and lengths, and for the code lengths' code.
const LONGEST: u8 = 15;
const LONGEST_LENGTH_CODE: u8 = 7;
/// The shortest and longest match.
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
/// Adler-32's modulus.
const ADLER: u32 = 65521;

/// The first length of each length symbol from 257, and its extra bits (RFC 1951, 3.2.5).
const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// The order the code lengths' code lengths are written in.
const LENGTH_CODE_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// Bits written least significant first, as deflate packs them.
#[derive(Default, Clone)]
struct Bits {
    bytes: Vec<u8>,
    buffer: u64,
    count: u32,
}

impl Bits {
    fn put(&mut self, bits: u64, count: u32) {
        debug_assert!(count <= 32);
        self.buffer |= bits << self.count;
        self.count += count;
        if self.count >= 32 {
            self.bytes
                .extend_from_slice(&(self.buffer as u32).to_le_bytes());
            self.buffer >>= 32;
            self.count -= 32;
        }
    }

    /// Appends `other`, wherever this one ends within a byte.
    fn append(&mut self, other: &Bits) {
        for chunk in other.bytes.chunks_exact(4) {
            self.put(
                u64::from(u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]])),
                32,
            );
        }
        self.put(other.buffer, other.count);
    }

    /// The bytes, the last one padded with zeros.
    fn finish(mut self) -> Vec<u8> {
        while self.count > 0 {
            self.bytes.push(self.buffer as u8);
            self.buffer >>= 8;
            self.count = self.count.saturating_sub(8);
        }
        self.bytes
    }
}

/// A Huffman code: each symbol's length and its code with the bits reversed, ready to [`Bits::put`].
#[derive(Clone)]
struct Code {
    lengths: Vec<u8>,
    codes: Vec<u16>,
}

impl Code {
    /// The canonical code of `frequencies`, no code longer than `longest` (RFC 1951, 3.2.2).
    fn of(frequencies: &[u32], longest: u8) -> Code {
        let lengths = lengths(frequencies, longest);
        let mut count = [0u16; 16];
        for &length in &lengths {
            count[usize::from(length)] += 1;
        }
        count[0] = 0;
        let mut next = [0u16; 16];
        let mut code = 0u16;
        for bits in 1..16 {
            code = (code + count[bits - 1]) << 1;
            next[bits] = code;
        }
        let codes = lengths
            .iter()
            .map(|&length| {
                if length == 0 {
                    return 0;
                }
                let code = next[usize::from(length)];
                next[usize::from(length)] += 1;
                code.reverse_bits() >> (16 - u32::from(length))
            })
            .collect();
        Code { lengths, codes }
    }

    fn put(&self, bits: &mut Bits, symbol: usize) {
        bits.put(
            u64::from(self.codes[symbol]),
            u32::from(self.lengths[symbol]),
        );
    }
}

/// Huffman code lengths for `frequencies` (symbols of frequency 0 get none), none longer than
/// `longest`: when the tree is too deep, the frequencies are flattened and it is built again.
fn lengths(frequencies: &[u32], longest: u8) -> Vec<u8> {
    let mut weights: Vec<u64> = frequencies.iter().map(|&f| u64::from(f)).collect();
    loop {
        let lengths = tree_depths(&weights);
        if lengths.iter().all(|&length| length <= longest) {
            return lengths;
        }
        for weight in weights.iter_mut().filter(|w| **w > 0) {
            *weight = (*weight >> 1).max(1);
        }
    }
}

/// The depth of each leaf of a Huffman tree of `weights` (ties broken by symbol, so the same
/// weights always give the same depths); one used symbol gets depth 1.
fn tree_depths(weights: &[u64]) -> Vec<u8> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut parent: Vec<usize> = Vec::new();
    let mut heap = BinaryHeap::new();
    for &weight in weights {
        if weight > 0 {
            heap.push(Reverse((weight, parent.len())));
            parent.push(usize::MAX);
        }
    }
    let leaves = parent.len();
    while heap.len() > 1 {
        let Some(Reverse((a, first))) = heap.pop() else {
            break;
        };
        let Some(Reverse((b, second))) = heap.pop() else {
            break;
        };
        let node = parent.len();
        parent.push(usize::MAX);
        parent[first] = node;
        parent[second] = node;
        heap.push(Reverse((a + b, node)));
    }
    let depth = |mut node: usize| {
        let mut depth = 0u8;
        while parent[node] != usize::MAX {
            node = parent[node];
            depth = depth.saturating_add(1);
        }
        depth.max(1)
    };
    let mut leaf = 0;
    weights
        .iter()
        .map(|&weight| {
            if weight == 0 {
                return 0;
            }
            leaf += 1;
            if leaves == 1 { 1 } else { depth(leaf - 1) }
        })
        .collect()
}

/// The length symbol of every match length (index by length).
fn length_symbols() -> [u8; MAX_MATCH + 1] {
    let mut table = [0u8; MAX_MATCH + 1];
    for (index, &base) in LENGTH_BASE.iter().enumerate() {
        let span = 1usize << LENGTH_EXTRA[index];
        let end = (usize::from(base) + span).min(MAX_MATCH + 1);
        table[usize::from(base)..end].fill(index as u8);
    }
    table[MAX_MATCH] = 28;
    table
}

/// Where the coder sends what it finds in a row: literals and runs.
trait Sink {
    fn literal(&mut self, byte: u8);
    /// `length` more bytes equal to the one before (0).
    fn repeat(&mut self, length: usize);
}

/// One row filtered against the row above (`above`, zeros for the first row): the filter byte and
/// each byte's difference, sent to `sink`; returns the row's [`Sums`].
fn code_row(row: &[u8], above: &[u8], sink: &mut impl Sink) -> Sums {
    const UP: u8 = 2;
    let mut sums = Sums::default();
    sums.add(UP);
    sink.literal(UP);
    let mut at = 0;
    while at < row.len() {
        // Equal bytes eight at a time: the filtered row is zero there.
        let mut end = at;
        while end + 8 <= row.len() {
            let differ = word(row, end) ^ word(above, end);
            if differ != 0 {
                end += (differ.trailing_zeros() / 8) as usize;
                break;
            }
            end += 8;
        }
        if end + 8 > row.len() {
            while end < row.len() && row[end] == above[end] {
                end += 1;
            }
        }
        if end > at {
            zeros(end - at, sink);
            sums.add_zeros(end - at);
            at = end;
            continue;
        }
        let byte = row[at].wrapping_sub(above[at]);
        sink.literal(byte);
        sums.add(byte);
        at += 1;
    }
    sums.reduce();
    sums
}

/// The eight bytes of `bytes` from `at` as one number, the first the lowest.
fn word(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

/// `count` zero bytes: a literal and matches one byte back, literals for what no match can take.
fn zeros(count: usize, sink: &mut impl Sink) {
    if count < 1 + MIN_MATCH {
        for _ in 0..count {
            sink.literal(0);
        }
        return;
    }
    sink.literal(0);
    let mut rest = count - 1;
    while rest >= MIN_MATCH {
        let mut length = rest.min(MAX_MATCH);
        // Never leave a remainder too short to be a match.
        if (1..MIN_MATCH).contains(&(rest - length)) {
            length = rest - MIN_MATCH;
        }
        sink.repeat(length);
        rest -= length;
    }
    for _ in 0..rest {
        sink.literal(0);
    }
}

/// What a row adds to the Adler-32 of the stream: its length, the sum of its bytes and the sum of
/// its running sums (both modulo 65521 once reduced).
#[derive(Default, Clone, Copy)]
struct Sums {
    length: u32,
    bytes: u32,
    running: u32,
}

impl Sums {
    fn add(&mut self, byte: u8) {
        self.length += 1;
        self.bytes += u32::from(byte);
        self.running = (self.running + self.bytes) % ADLER;
    }

    fn add_zeros(&mut self, count: usize) {
        self.length += count as u32;
        self.bytes %= ADLER;
        self.running = ((u64::from(self.running) + u64::from(self.bytes) * count as u64)
            % u64::from(ADLER)) as u32;
    }

    fn reduce(&mut self) {
        self.bytes %= ADLER;
    }
}

/// Adler-32 built row by row from each row's [`Sums`].
struct Adler {
    a: u32,
    b: u32,
}

impl Adler {
    fn new() -> Adler {
        Adler { a: 1, b: 0 }
    }

    fn add(&mut self, sums: Sums) {
        let length = u64::from(sums.length);
        self.b = ((u64::from(self.b) + length * u64::from(self.a) + u64::from(sums.running))
            % u64::from(ADLER)) as u32;
        self.a = (self.a + sums.bytes) % ADLER;
    }

    fn value(&self) -> u32 {
        (self.b << 16) | self.a
    }
}

/// Counts symbols, for the code.
struct Counter {
    frequencies: Vec<u32>,
    length_symbols: [u8; MAX_MATCH + 1],
}

impl Sink for Counter {
    fn literal(&mut self, byte: u8) {
        self.frequencies[usize::from(byte)] += 1;
    }

    fn repeat(&mut self, length: usize) {
        self.frequencies[257 + usize::from(self.length_symbols[length])] += 1;
    }
}

/// Writes symbols with the code.
struct Writer<'a> {
    bits: &'a mut Bits,
    coder: &'a RowCoder,
}

impl Sink for Writer<'_> {
    fn literal(&mut self, byte: u8) {
        self.coder.code.put(self.bits, usize::from(byte));
    }

    fn repeat(&mut self, length: usize) {
        let index = usize::from(self.coder.length_symbols[length]);
        self.coder.code.put(self.bits, 257 + index);
        let extra = LENGTH_EXTRA[index];
        if extra > 0 {
            let value = length - usize::from(LENGTH_BASE[index]);
            self.bits.put(value as u64, u32::from(extra));
        }
        // The one distance code (one byte back) is the one-bit code 0.
        self.bits.put(0, 1);
    }
}

/// A backdrop's rows coded once, and the code every card of the site is written with.
#[derive(Clone)]
pub(super) struct RowCoder {
    width: usize,
    code: Code,
    length_symbols: [u8; MAX_MATCH + 1],
    /// The zlib header and the block's header.
    header: Bits,
    /// Each row of the backdrop filtered against the one above, coded, with its sums.
    rows: Vec<(Bits, Sums)>,
    backdrop: Vec<u8>,
}

impl RowCoder {
    /// The coder of pictures drawn on `backdrop` (indexes, `width` a row): its code fits the
    /// backdrop and `sample` (a card drawn on it, the text any card adds).
    pub(super) fn new(backdrop: &[u8], sample: &[u8], width: usize) -> RowCoder {
        let width = width.max(1);
        let length_symbols = length_symbols();
        let mut counter = Counter {
            frequencies: vec![1; SYMBOLS],
            length_symbols,
        };
        for picture in [backdrop, sample] {
            for_each_row(picture, width, |row, above| {
                code_row(row, above, &mut counter);
            });
        }
        let code = Code::of(&counter.frequencies, LONGEST);
        let mut coder = RowCoder {
            width,
            header: block_header(&code),
            code,
            length_symbols,
            rows: Vec::new(),
            backdrop: backdrop.to_vec(),
        };
        let mut rows = Vec::new();
        for_each_row(backdrop, width, |row, above| {
            let mut bits = Bits::default();
            let sums = code_row(
                row,
                above,
                &mut Writer {
                    bits: &mut bits,
                    coder: &coder,
                },
            );
            rows.push((bits, sums));
        });
        coder.rows = rows;
        coder
    }

    /// The zlib stream of `pixels` (indexes, the backdrop's size) filtered row by row against the
    /// row above: the rows equal to the backdrop's, under a row equal to the backdrop's, are the
    /// backdrop's bits; `touched[y]` says which rows may differ.
    pub(super) fn zlib(&self, pixels: &[u8], touched: &[bool]) -> Vec<u8> {
        let mut bits = self.header.clone();
        bits.bytes.reserve(32 * 1024);
        let mut adler = Adler::new();
        let zero_row = vec![0u8; self.width];
        let same_size = self.backdrop.len() == pixels.len();
        let changed = |y: usize| touched.get(y).copied().unwrap_or(true);
        for (y, row) in pixels.chunks(self.width).enumerate() {
            let kept = same_size
                && !changed(y)
                && (y == 0 || !changed(y - 1))
                && self.rows.get(y).is_some();
            if kept {
                let (row_bits, sums) = &self.rows[y];
                bits.append(row_bits);
                adler.add(*sums);
                continue;
            }
            let above = if y == 0 {
                &zero_row[..row.len()]
            } else {
                &pixels[(y - 1) * self.width..y * self.width]
            };
            let sums = code_row(
                row,
                above,
                &mut Writer {
                    bits: &mut bits,
                    coder: self,
                },
            );
            adler.add(sums);
        }
        self.code.put(&mut bits, END_OF_BLOCK);
        let mut out = bits.finish();
        out.extend_from_slice(&adler.value().to_be_bytes());
        out
    }
}

/// Calls `each(row, above)` for every row of `pixels`, the first with a row of zeros above.
fn for_each_row(pixels: &[u8], width: usize, mut each: impl FnMut(&[u8], &[u8])) {
    let zero_row = vec![0u8; width];
    let mut above: &[u8] = &zero_row;
    for row in pixels.chunks(width) {
        each(row, &above[..row.len()]);
        above = row;
    }
}

/// The zlib header (deflate, 32 KiB window, fastest) and a last, dynamic block's header declaring
/// `code` for literals and lengths and the one distance code.
fn block_header(code: &Code) -> Bits {
    let mut bits = Bits::default();
    bits.put(0x78, 8);
    bits.put(0x01, 8);
    bits.put(1, 1);
    bits.put(2, 2);
    let mut lengths = code.lengths.clone();
    lengths.push(1);
    let mut frequencies = [0u32; 19];
    for &length in &lengths {
        frequencies[usize::from(length)] += 1;
    }
    let length_code = Code::of(&frequencies, LONGEST_LENGTH_CODE);
    bits.put((SYMBOLS - 257) as u64, 5);
    bits.put(0, 5);
    bits.put(19 - 4, 4);
    for &symbol in &LENGTH_CODE_ORDER {
        bits.put(u64::from(length_code.lengths[symbol]), 3);
    }
    for &length in &lengths {
        length_code.put(&mut bits, usize::from(length));
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A decoder that is not this file's: the stream inflates to the filtered rows.
    fn inflate(zlib: &[u8]) -> Vec<u8> {
        use std::io::Read as _;
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(zlib)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    fn filtered(pixels: &[u8], width: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for_each_row(pixels, width, |row, above| {
            out.push(2);
            out.extend(row.iter().zip(above).map(|(a, b)| a.wrapping_sub(*b)));
        });
        out
    }

    /// A small generator, so the test needs no crate and gives the same pictures every run.
    fn noise(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    #[test]
    fn cards_inflate_to_their_filtered_rows_whatever_rows_changed() {
        let (width, height) = (300, 40);
        let mut seed = 0x9e37_79b9_7f4a_7c15;
        // A backdrop of flat bands, a circle of other indexes and a few noisy rows.
        let mut backdrop = vec![0u8; width * height];
        for (i, pixel) in backdrop.iter_mut().enumerate() {
            let (x, y) = (i % width, i / width);
            *pixel = (y / 10) as u8;
            if (x as i64 - 200).pow(2) + (y as i64 - 20).pow(2) < 150 {
                *pixel = 7;
            }
            if y == 33 {
                *pixel = noise(&mut seed) as u8;
            }
        }
        let mut sample = backdrop.clone();
        for pixel in &mut sample[width * 12..width * 15] {
            *pixel = (noise(&mut seed) % 5) as u8 + 10;
        }
        let coder = RowCoder::new(&backdrop, &sample, width);
        assert_eq!(
            inflate(&coder.zlib(&backdrop, &vec![false; height])),
            filtered(&backdrop, width)
        );
        for case in 0..40 {
            let mut card = backdrop.clone();
            let mut touched = vec![false; height];
            let rows = noise(&mut seed) as usize % 6;
            for _ in 0..rows {
                let y = match case % 4 {
                    0 => 0,
                    1 => height - 1,
                    _ => noise(&mut seed) as usize % height,
                };
                touched[y] = true;
                let from = noise(&mut seed) as usize % width;
                let to = (from + noise(&mut seed) as usize % 280).min(width);
                for x in from..to {
                    // Any byte, runs of every length and bytes equal to the row above.
                    card[y * width + x] = match noise(&mut seed) % 4 {
                        0 => noise(&mut seed) as u8,
                        _ => card[y * width + x],
                    };
                }
            }
            let zlib = coder.zlib(&card, &touched);
            assert_eq!(inflate(&zlib), filtered(&card, width), "case {case}");
        }
    }

    #[test]
    fn runs_of_every_length_are_coded() {
        struct Record(Vec<u8>);
        impl Sink for Record {
            fn literal(&mut self, byte: u8) {
                self.0.push(byte);
            }
            fn repeat(&mut self, length: usize) {
                assert!((MIN_MATCH..=MAX_MATCH).contains(&length), "{length}");
                self.0.extend(std::iter::repeat_n(0, length));
            }
        }
        for count in 0..800 {
            let mut record = Record(Vec::new());
            zeros(count, &mut record);
            assert_eq!(record.0, vec![0; count]);
        }
    }

    #[test]
    fn codes_are_no_longer_than_allowed_and_complete() {
        // Frequencies like powers of two make the deepest trees.
        let frequencies: Vec<u32> = (0..40).map(|i| 1u32 << (i % 31)).collect();
        let lengths = lengths(&frequencies, 15);
        assert!(lengths.iter().all(|&l| (1..=15).contains(&l)));
        let kraft: f64 = lengths.iter().map(|&l| 0.5f64.powi(i32::from(l))).sum();
        assert!((kraft - 1.0).abs() < 1e-9, "{kraft}");
    }

    #[test]
    fn adler_sums_by_row_are_the_checksum_of_the_bytes() {
        let mut seed = 7;
        let bytes: Vec<u8> = (0..5000)
            .map(|i| {
                if i % 3 == 0 {
                    0
                } else {
                    noise(&mut seed) as u8
                }
            })
            .collect();
        let mut adler = Adler::new();
        for row in bytes.chunks(777) {
            let mut sums = Sums::default();
            for &byte in row {
                if byte == 0 {
                    sums.add_zeros(1);
                } else {
                    sums.add(byte);
                }
            }
            sums.reduce();
            adler.add(sums);
        }
        let (mut a, mut b) = (1u32, 0u32);
        for &byte in &bytes {
            a = (a + u32::from(byte)) % ADLER;
            b = (b + a) % ADLER;
        }
        assert_eq!(adler.value(), (b << 16) | a);
    }
}
