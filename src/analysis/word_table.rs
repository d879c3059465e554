//! A compact, read-only hash table from words to counts in one byte buffer.
//!
//! The Persian word list (`data/fa-words.tsv`, 31,000 words) is turned into
//! this table by `build.rs` at compile time and embedded in the binary, so a
//! process never parses the list or allocates for it: a lookup hashes the
//! word and compares it with at most a few entries, as fast as a `HashMap`.
//! The same code builds the table at run time for [`Lexicon::parse`].
//!
//! This file is compiled twice: into the library and into `build.rs` (which
//! includes it by path), so it uses nothing but `std`.
//!
//! Layout, little-endian `u32`s after a 4-byte magic:
//!
//! | part | size |
//! |---|---|
//! | `KVWT`, words `n`, slots `s` (a power of two, at least 2n) | 12 bytes |
//! | slots: entry number + 1, or 0 when empty (linear probing) | 4 s |
//! | entries: word start, word end (in the text part), count | 12 n |
//! | the words, one after another | … |
//!
//! [`Lexicon::parse`]: super::lexicon::Lexicon::parse

/// The first bytes of a table.
pub const MAGIC: &[u8; 4] = b"KVWT";
const HEADER: usize = 12;

/// The words of `word<TAB>count` lines (`#` lines are comments; a line
/// without a tab or a count is skipped; a word given twice keeps its last
/// count), as a table.
pub fn build(tsv: &str) -> Vec<u8> {
    let mut words: Vec<(&str, u32)> = Vec::new();
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for line in tsv.lines().filter(|l| !l.starts_with('#')) {
        let Some((word, count)) = line.split_once('\t') else {
            continue;
        };
        let Ok(count) = count.trim().parse::<u32>() else {
            continue;
        };
        match seen.get(word) {
            Some(&i) => words[i].1 = count,
            None => {
                seen.insert(word, words.len());
                words.push((word, count));
            }
        }
    }
    let slots = (words.len() * 2).next_power_of_two().max(2);
    let mut slot_of = vec![0u32; slots];
    for (i, (word, _)) in words.iter().enumerate() {
        let mut slot = hash(word.as_bytes()) as usize & (slots - 1);
        while slot_of[slot] != 0 {
            slot = (slot + 1) & (slots - 1);
        }
        slot_of[slot] = i as u32 + 1;
    }
    let text_len: usize = words.iter().map(|(w, _)| w.len()).sum();
    let mut out = Vec::with_capacity(HEADER + 4 * slots + 12 * words.len() + text_len);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(words.len() as u32).to_le_bytes());
    out.extend_from_slice(&(slots as u32).to_le_bytes());
    for slot in &slot_of {
        out.extend_from_slice(&slot.to_le_bytes());
    }
    let mut start = 0u32;
    for (word, count) in &words {
        let end = start + word.len() as u32;
        for value in [start, end, *count] {
            out.extend_from_slice(&value.to_le_bytes());
        }
        start = end;
    }
    for (word, _) in &words {
        out.extend_from_slice(word.as_bytes());
    }
    out
}

/// 64-bit FNV-1a, its high half folded into the low one.
pub fn hash(bytes: &[u8]) -> u64 {
    fold(fnv(FNV_START, bytes))
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a from state `h` over `bytes`: over two slices one after the
/// other, the state over their concatenation.
#[inline]
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[inline]
fn fold(h: u64) -> u64 {
    h ^ (h >> 29)
}

/// A table in a byte buffer made by [`build`].
#[derive(Debug, Clone, Copy)]
pub struct WordTable<'a> {
    bytes: &'a [u8],
    words: usize,
    slots: usize,
}

impl<'a> WordTable<'a> {
    /// The table in `bytes`, or `None` when they are not one (wrong magic,
    /// sizes that do not fit).
    pub fn new(bytes: &'a [u8]) -> Option<WordTable<'a>> {
        if bytes.len() < HEADER || &bytes[..4] != MAGIC {
            return None;
        }
        let words = read_u32(bytes, 4)? as usize;
        let slots = read_u32(bytes, 8)? as usize;
        let fixed = HEADER
            .checked_add(slots.checked_mul(4)?)?
            .checked_add(words.checked_mul(12)?)?;
        if !slots.is_power_of_two() || slots < words || bytes.len() < fixed {
            return None;
        }
        Some(WordTable {
            bytes,
            words,
            slots,
        })
    }

    /// The count of `word`, 0 when it is not in the table.
    #[inline]
    pub fn get(&self, word: &str) -> u32 {
        let word = word.as_bytes();
        self.find(hash(word), |found| found == word)
    }

    /// The count of the word `a` followed by `b`, 0 when it is not in the
    /// table: [`get`](Self::get) of the two joined, without joining them.
    #[inline]
    pub fn get_concat(&self, a: &str, b: &str) -> u32 {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        self.find(fold(fnv(fnv(FNV_START, a), b)), |found| {
            found.len() == a.len() + b.len() && found[..a.len()] == *a && found[a.len()..] == *b
        })
    }

    /// The count of the entry of hash `h` whose word `is`, 0 when none.
    #[inline]
    fn find(&self, h: u64, is: impl Fn(&[u8]) -> bool) -> u32 {
        let mask = self.slots - 1;
        let mut slot = h as usize & mask;
        // At most every slot once, even in a damaged table.
        for _ in 0..self.slots {
            let entry = match read_u32(self.bytes, HEADER + 4 * slot) {
                Some(0) | None => return 0,
                Some(e) => e as usize - 1,
            };
            if let Some((found, count)) = self.entry(entry) {
                if is(found) {
                    return count;
                }
            }
            slot = (slot + 1) & mask;
        }
        0
    }

    /// Word `i`'s bytes and count.
    fn entry(&self, i: usize) -> Option<(&'a [u8], u32)> {
        if i >= self.words {
            return None;
        }
        let at = HEADER + 4 * self.slots + 12 * i;
        let text = HEADER + 4 * self.slots + 12 * self.words;
        let start = text + read_u32(self.bytes, at)? as usize;
        let end = text + read_u32(self.bytes, at + 4)? as usize;
        Some((self.bytes.get(start..end)?, read_u32(self.bytes, at + 8)?))
    }

    /// Every word with its count, in the order of the list.
    pub fn words(&self) -> impl Iterator<Item = (&'a str, u32)> + 'a {
        let table = *self;
        (0..self.words).filter_map(move |i| {
            let (bytes, count) = table.entry(i)?;
            Some((std::str::from_utf8(bytes).ok()?, count))
        })
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words
    }

    /// True when the table has no words.
    pub fn is_empty(&self) -> bool {
        self.words == 0
    }
}

#[inline]
fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}
