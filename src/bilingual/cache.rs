//! The analysed bilingual lexicon, cached in a file of the index folder.
//!
//! Analysing the 2,500 lines of the shipped lexicon costs more than a whole
//! search, so it is done once: the analysed entries are written into
//! [`FILE_NAME`] in the index folder (after every indexing run, or by the
//! first search that finds none), and a search process maps that file into
//! memory and decodes only the entries its query looks up. Nothing is
//! copied, and only the pages a search reads are checked: a one-word query
//! reads about a quarter of the file.
//!
//! The file starts with a key: a hash of the analyzer version, of every
//! file the analysis depends on (the sources under `src/analysis/` and
//! `src/bilingual/` and `data/`, hashed by `build.rs`) and of the shipped
//! lexicon, made once by `build.rs` for the shipped lexicon. A file written
//! by another build, a truncated file or one that cannot be read is ignored
//! and written again; when the folder is read-only, the lexicon is analysed
//! in memory as before. Every 4 KiB page of the body has a checksum,
//! checked the first time a lookup reads the page: from a damaged page on,
//! the lexicon is analysed in memory and the file written again, so no
//! answer ever comes from damaged bytes. The file is only ever replaced by a
//! rename, never changed in place, so a process that has it mapped keeps
//! reading the file it checked. Entries of the user's `--lexicon` files are
//! analysed at every search and added on top.
//!
//! Layout: `KVBLEX02`, the key (u64), the XXH3 of the page checksums (u64),
//! the body's length (u64), the XXH3 of each 4 KiB page of the body (u64s),
//! then the body of little-endian u32s:
//!
//! | part | content |
//! |---|---|
//! | counts | entries, longest key, strings, keys, term refs, translations |
//! | strings | offsets (strings + 1), then the UTF-8 bytes |
//! | keys | direction, first term ref, terms, first translation, translations — sorted by (direction, terms) |
//! | term refs | string numbers |
//! | translations | text, first term ref, terms, category, file, line |

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::{Arc, OnceLock};

use memmap2::Mmap;
use xxhash_rust::xxh3::xxh3_64;

pub use super::cache_key::key;
use super::cache_key::MAGIC;
use super::lexicon::{BilingualLexicon, Direction, Source, Translation};

/// The cache's file name in an index folder.
pub const FILE_NAME: &str = "kavosh-lexicon.cache";

const HEADER: usize = 32;
/// Bytes of the body per checksum.
const PAGE: usize = 4096;
const COUNTS: usize = 6;
const KEY_WORDS: usize = 5;
const TRANSLATION_WORDS: usize = 6;

/// The key a cache of the shipped lexicon must carry to be used by this
/// build of kavosh: [`key`] of the analyzer version, the analysis
/// fingerprint and the shipped lexicon, made by `build.rs`.
pub fn builtin_key() -> u64 {
    const KEY: u64 = match u64::from_str_radix(env!("KAVOSH_LEXICON_KEY"), 16) {
        Ok(key) => key,
        Err(_) => panic!("build.rs writes KAVOSH_LEXICON_KEY in hexadecimal"),
    };
    KEY
}

/// The shipped lexicon for searches over the index in `dir`: mapped from the
/// cache file when it is valid for this build (its pages checked as lookups
/// read them), else analysed and the cache written (best effort: a folder
/// that cannot be written is left alone).
pub fn builtin_for(dir: &Path) -> BilingualLexicon {
    if let Some(cached) = CachedLexicon::open(&dir.join(FILE_NAME), builtin_key()) {
        return BilingualLexicon::from_cache(cached.of_shipped_lexicon(dir));
    }
    let lexicon = BilingualLexicon::builtin();
    let _ = write(dir, lexicon, builtin_key());
    lexicon.clone()
}

/// Writes the cache of the shipped lexicon into `dir` unless a valid one is
/// there already (all its pages checked).
pub fn refresh(dir: &Path) -> std::io::Result<()> {
    let key = builtin_key();
    let current = CachedLexicon::open(&dir.join(FILE_NAME), key);
    if !current.is_some_and(|cache| cache.pages.check_all()) {
        write(dir, BilingualLexicon::builtin(), key)?;
    }
    Ok(())
}

/// Writes `lexicon`'s entries with `key` into `dir`'s cache file, through
/// a temporary file renamed into place (a reader never sees half a file).
pub fn write(dir: &Path, lexicon: &BilingualLexicon, key: u64) -> std::io::Result<()> {
    let bytes = encode(lexicon, key);
    let temporary = dir.join(format!(".{FILE_NAME}.{}.tmp", std::process::id()));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, dir.join(FILE_NAME)).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

/// Numbers strings, each distinct string once.
#[derive(Default)]
struct Strings<'a> {
    ids: HashMap<&'a str, u32>,
    list: Vec<&'a str>,
}

impl<'a> Strings<'a> {
    fn id(&mut self, s: &'a str) -> u32 {
        *self.ids.entry(s).or_insert_with(|| {
            self.list.push(s);
            self.list.len() as u32 - 1
        })
    }
}

/// Numbers `terms` into `refs`: (first ref, count).
fn push_terms<'a>(strings: &mut Strings<'a>, refs: &mut Vec<u32>, terms: &'a [String]) -> [u32; 2] {
    let at = refs.len() as u32;
    refs.extend(terms.iter().map(|t| strings.id(t)));
    [at, terms.len() as u32]
}

/// The cache file's bytes for `lexicon`'s entries.
pub fn encode(lexicon: &BilingualLexicon, key: u64) -> Vec<u8> {
    let mut keys: Vec<(Direction, &[String], &[Translation])> = lexicon.entries_by_key();
    keys.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut strings = Strings::default();
    let mut refs: Vec<u32> = Vec::new();
    let mut key_words: Vec<u32> = Vec::new();
    let mut translation_words: Vec<u32> = Vec::new();
    for (direction, terms, translations) in &keys {
        let [terms_at, terms_len] = push_terms(&mut strings, &mut refs, terms);
        key_words.extend([
            *direction as u32,
            terms_at,
            terms_len,
            (translation_words.len() / TRANSLATION_WORDS) as u32,
            translations.len() as u32,
        ]);
        for t in *translations {
            let [at, len] = push_terms(&mut strings, &mut refs, &t.terms);
            translation_words.extend([
                strings.id(&t.text),
                at,
                len,
                strings.id(&t.category),
                strings.id(&t.source.file),
                t.source.line as u32,
            ]);
        }
    }
    let mut body: Vec<u32> = vec![
        lexicon.len() as u32,
        lexicon.longest_key() as u32,
        strings.list.len() as u32,
        keys.len() as u32,
        refs.len() as u32,
        (translation_words.len() / TRANSLATION_WORDS) as u32,
    ];
    let mut offset = 0u32;
    body.push(0);
    for s in &strings.list {
        offset += s.len() as u32;
        body.push(offset);
    }
    body.extend(key_words);
    body.extend(refs);
    body.extend(translation_words);
    let mut bytes: Vec<u8> = body.iter().flat_map(|w| w.to_le_bytes()).collect();
    for s in &strings.list {
        bytes.extend_from_slice(s.as_bytes());
    }
    let pages: Vec<u8> = (bytes.chunks(PAGE))
        .flat_map(|page| xxh3_64(page).to_le_bytes())
        .collect();
    let mut out = Vec::with_capacity(HEADER + pages.len() + bytes.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&key.to_le_bytes());
    out.extend_from_slice(&xxh3_64(&pages).to_le_bytes());
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(&pages);
    out.extend_from_slice(&bytes);
    out
}

/// The bytes of a cache file: mapped from the file, or given.
enum Bytes {
    Mapped(Mmap),
    Owned(Vec<u8>),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    #[inline]
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(map) => map,
            Bytes::Owned(bytes) => bytes,
        }
    }
}

/// A cache file's bytes whose body pages are checked against their
/// checksums the first time they are read.
struct Pages {
    bytes: Bytes,
    /// Where the body starts (after the header and the page checksums).
    body_at: usize,
    /// One bit per body page: its checksum matched.
    checked: Box<[AtomicU64]>,
    /// A page's checksum did not match.
    damaged: AtomicBool,
}

impl Pages {
    /// The bytes of `start..end` (offsets in the file, in the body), or
    /// `None` when they are out of bounds or on a damaged page.
    #[inline]
    fn get(&self, start: usize, end: usize) -> Option<&[u8]> {
        let slice = self.bytes.get(start..end)?;
        let first = start.checked_sub(self.body_at)? / PAGE;
        if slice.is_empty() {
            return Some(slice);
        }
        let last = (end - 1 - self.body_at) / PAGE;
        (first..=last).all(|page| self.check(page)).then_some(slice)
    }

    /// True when `page`'s checksum matches (checked once).
    #[inline]
    fn check(&self, page: usize) -> bool {
        let (word, bit) = (&self.checked[page / 64], 1u64 << (page % 64));
        word.load(Relaxed) & bit != 0 || self.check_now(page, word, bit)
    }

    #[cold]
    fn check_now(&self, page: usize, word: &AtomicU64, bit: u64) -> bool {
        let start = self.body_at + page * PAGE;
        let body = &self.bytes[start..(start + PAGE).min(self.bytes.len())];
        let expected = read_u64(&self.bytes, HEADER + 8 * page);
        if expected == Some(xxh3_64(body)) {
            word.fetch_or(bit, Relaxed);
            true
        } else {
            self.damaged.store(true, Relaxed);
            false
        }
    }

    /// True when every body page is intact (all checked now).
    fn check_all(&self) -> bool {
        let pages = (self.bytes.len() - self.body_at).div_ceil(PAGE);
        (0..pages).all(|page| self.check(page))
    }

    fn damaged(&self) -> bool {
        self.damaged.load(Relaxed)
    }
}

/// Keys per group of [`CachedLexicon::decoded`].
const GROUP: usize = 64;

/// The decoded translations of a group of [`GROUP`] keys.
type Group = Box<[OnceLock<Vec<Translation>>]>;

/// A cache file in memory; entries are decoded when looked up.
///
/// Its body pages are checked when first read. When one is damaged, the
/// cache of the shipped lexicon ([`builtin_for`]) answers from then on from
/// the shipped lexicon analysed in memory, and its file is written again;
/// a cache of another lexicon answers nothing.
pub struct CachedLexicon {
    pages: Pages,
    entries: usize,
    longest_key: usize,
    strings: usize,
    keys: usize,
    /// Byte offsets of the parts in the file.
    offsets_at: usize,
    keys_at: usize,
    refs_at: usize,
    translations_at: usize,
    text_at: usize,
    refs: usize,
    translations: usize,
    /// The decoded translations of each key, filled on first lookup: one
    /// slot per [`GROUP`] keys at start, the group's own slots made when a
    /// key of it is first looked up.
    decoded: Box<[OnceLock<Group>]>,
    /// For the cache of the shipped lexicon, its index folder.
    shipped_in: Option<PathBuf>,
    /// The file was written again after a damaged page.
    rewritten: AtomicBool,
}

impl std::fmt::Debug for CachedLexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedLexicon")
            .field("entries", &self.entries)
            .field("keys", &self.keys)
            .finish()
    }
}

impl CachedLexicon {
    /// The cache in `bytes`, or `None` when they are not a cache with `key`
    /// and intact counts.
    pub fn from_bytes(bytes: Vec<u8>, key: u64) -> Option<CachedLexicon> {
        CachedLexicon::parse(Bytes::Owned(bytes), key)
    }

    /// The cache file at `path`, mapped into memory, or `None` when it
    /// cannot be read or is not a cache with `key` and intact counts.
    pub fn open(path: &Path, key: u64) -> Option<CachedLexicon> {
        let file = File::open(path).ok()?;
        // SAFETY: the mapping is only read, through bounds-checked slices.
        // kavosh never changes a cache file in place ([`write`] renames a
        // new file over it), so the mapped file keeps the bytes checked
        // here for as long as the mapping lives.
        let map = unsafe { Mmap::map(&file) }.ok()?;
        CachedLexicon::parse(Bytes::Mapped(map), key)
    }

    /// This cache as that of the shipped lexicon in the index folder `dir`:
    /// a damaged page found by a lookup makes it answer from the analysed
    /// shipped lexicon and write its file again.
    fn of_shipped_lexicon(mut self, dir: &Path) -> CachedLexicon {
        self.shipped_in = Some(dir.to_path_buf());
        self
    }

    fn parse(bytes: Bytes, key: u64) -> Option<CachedLexicon> {
        if bytes.get(..8)? != MAGIC || read_u64(&bytes, 8)? != key {
            return None;
        }
        let (checksum, length) = (read_u64(&bytes, 16)?, read_u64(&bytes, 24)?);
        let pages = usize::try_from(length).ok()?.div_ceil(PAGE);
        let body_at = HEADER.checked_add(pages.checked_mul(8)?)?;
        if bytes.len() as u64 != body_at as u64 + length
            || xxh3_64(&bytes[HEADER..body_at]) != checksum
        {
            return None;
        }
        let pages = Pages {
            bytes,
            body_at,
            checked: (0..pages.div_ceil(64)).map(|_| AtomicU64::new(0)).collect(),
            damaged: AtomicBool::new(false),
        };
        let word = |at: usize| read_u32(pages.get(at, at + 4)?, 0).map(|n| n as usize);
        let count = |i: usize| word(body_at + 4 * i);
        let (entries, longest_key) = (count(0)?, count(1)?);
        let (strings, keys, refs, translations) = (count(2)?, count(3)?, count(4)?, count(5)?);
        let offsets_at = body_at + 4 * COUNTS;
        let keys_at = offsets_at.checked_add(4 * strings.checked_add(1)?)?;
        let refs_at = keys_at.checked_add(4 * KEY_WORDS * keys)?;
        let translations_at = refs_at.checked_add(4 * refs)?;
        let text_at = translations_at.checked_add(4 * TRANSLATION_WORDS * translations)?;
        let text_len = word(offsets_at + 4 * strings)?;
        if text_at.checked_add(text_len)? != pages.bytes.len() {
            return None;
        }
        Some(CachedLexicon {
            decoded: (0..keys.div_ceil(GROUP)).map(|_| OnceLock::new()).collect(),
            pages,
            entries,
            longest_key,
            strings,
            keys,
            offsets_at,
            keys_at,
            refs_at,
            translations_at,
            text_at,
            refs,
            translations,
            shipped_in: None,
            rewritten: AtomicBool::new(false),
        })
    }

    /// Number of lexicon lines the cache was made from.
    pub fn len(&self) -> usize {
        self.entries
    }

    /// True when the cache holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// The most words a key has.
    pub fn longest_key(&self) -> usize {
        self.longest_key
    }

    /// True when a page read so far was damaged.
    pub fn is_damaged(&self) -> bool {
        self.pages.damaged()
    }

    /// After a damaged page: the lexicon to answer from (the analysed
    /// shipped lexicon for its cache, its file written again once).
    #[cold]
    fn instead(&self) -> Option<&'static BilingualLexicon> {
        let dir = self.shipped_in.as_ref()?;
        let shipped = BilingualLexicon::builtin();
        if !self.rewritten.swap(true, Relaxed) {
            let _ = write(dir, shipped, builtin_key());
        }
        Some(shipped)
    }

    fn word(&self, at: usize) -> Option<usize> {
        read_u32(self.pages.get(at, at.checked_add(4)?)?, 0).map(|w| w as usize)
    }

    fn string(&self, id: usize) -> Option<&str> {
        if id >= self.strings {
            return None;
        }
        let start = self.text_at + self.word(self.offsets_at + 4 * id)?;
        let end = self.text_at + self.word(self.offsets_at + 4 * id + 4)?;
        std::str::from_utf8(self.pages.get(start, end)?).ok()
    }

    /// The strings of `len` term refs from `at`.
    fn terms(&self, at: usize, len: usize) -> Option<impl Iterator<Item = Option<&str>>> {
        if at.checked_add(len)? > self.refs {
            return None;
        }
        Some((at..at + len).map(|r| self.string(self.word(self.refs_at + 4 * r)?)))
    }

    /// Key `i`: (direction, first term ref, terms, first translation, translations).
    fn key(&self, i: usize) -> Option<[usize; KEY_WORDS]> {
        let at = self.keys_at + 4 * KEY_WORDS * i;
        let mut out = [0; KEY_WORDS];
        for (k, slot) in out.iter_mut().enumerate() {
            *slot = self.word(at + 4 * k)?;
        }
        Some(out)
    }

    /// How key `i` compares with (`direction`, `terms`); a damaged key sorts first.
    fn compare(&self, i: usize, direction: Direction, terms: &[String]) -> Ordering {
        let Some([dir, at, len, ..]) = self.key(i) else {
            return Ordering::Less;
        };
        match dir.cmp(&(direction as usize)) {
            Ordering::Equal => {}
            other => return other,
        }
        let Some(stored) = self.terms(at, len) else {
            return Ordering::Less;
        };
        let mut stored = stored.map(Option::unwrap_or_default);
        let mut wanted = terms.iter();
        loop {
            match (stored.next(), wanted.next()) {
                (None, None) => return Ordering::Equal,
                (None, Some(_)) => return Ordering::Less,
                (Some(_), None) => return Ordering::Greater,
                (Some(s), Some(w)) => match s.cmp(w.as_str()) {
                    Ordering::Equal => {}
                    other => return other,
                },
            }
        }
    }

    /// The translations of `terms` in `direction`, if the cache has the key
    /// (once a damaged page is found, the answer of the analysed lexicon).
    pub fn lookup(&self, direction: Direction, terms: &[String]) -> Option<&[Translation]> {
        if !self.is_damaged() {
            let found = self.find(direction, terms);
            if !self.is_damaged() {
                return found;
            }
        }
        self.instead()?.find(direction, terms)
    }

    fn find(&self, direction: Direction, terms: &[String]) -> Option<&[Translation]> {
        let (mut low, mut high) = (0, self.keys);
        while low < high {
            let mid = (low + high) / 2;
            match self.compare(mid, direction, terms) {
                Ordering::Less => low = mid + 1,
                Ordering::Greater => high = mid,
                Ordering::Equal => {
                    let group = self.decoded[mid / GROUP]
                        .get_or_init(|| (0..GROUP).map(|_| OnceLock::new()).collect());
                    let list =
                        group[mid % GROUP].get_or_init(|| self.decode(mid).unwrap_or_default());
                    return Some(list.as_slice());
                }
            }
        }
        None
    }

    fn decode(&self, key: usize) -> Option<Vec<Translation>> {
        let [_, _, _, first, count] = self.key(key)?;
        if first.checked_add(count)? > self.translations {
            return None;
        }
        (first..first + count)
            .map(|t| {
                let at = self.translations_at + 4 * TRANSLATION_WORDS * t;
                let w = |k: usize| self.word(at + 4 * k);
                let terms = self
                    .terms(w(1)?, w(2)?)?
                    .map(|s| s.map(str::to_string))
                    .collect::<Option<Vec<String>>>()?;
                Some(Translation {
                    text: self.string(w(0)?)?.to_string(),
                    terms,
                    category: Arc::from(self.string(w(3)?)?),
                    source: Source {
                        file: Arc::from(self.string(w(4)?)?),
                        line: w(5)?,
                    },
                })
            })
            .collect()
    }

    /// The keys of one term (nothing is decoded; every page is checked first).
    pub fn single_terms(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        if !self.pages.check_all() {
            return match self.instead() {
                Some(lexicon) => Box::new(lexicon.single_terms()),
                None => Box::new(std::iter::empty()),
            };
        }
        Box::new((0..self.keys).filter_map(|i| match self.key(i)? {
            [_, at, 1, ..] => self.terms(at, 1)?.next()?,
            _ => None,
        }))
    }

    /// Every key with its translations (all decoded; every page is checked first).
    pub fn entries_by_key(&self) -> Vec<(Direction, Vec<String>, &[Translation])> {
        if !self.pages.check_all() {
            let lexicon = self.instead().map(BilingualLexicon::entries_by_key);
            return (lexicon.into_iter().flatten())
                .map(|(direction, terms, list)| (direction, terms.to_vec(), list))
                .collect();
        }
        (0..self.keys)
            .filter_map(|i| {
                let [dir, at, len, ..] = self.key(i)?;
                let direction = Direction::from_index(dir)?;
                let terms = self
                    .terms(at, len)?
                    .map(|s| s.map(str::to_string))
                    .collect::<Option<Vec<String>>>()?;
                let list = self.lookup(direction, &terms)?;
                Some((direction, terms, list))
            })
            .collect()
    }
}

#[inline]
fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn read_u64(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(
        bytes.get(at..at.checked_add(8)?)?.try_into().ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin_bytes() -> Vec<u8> {
        encode(BilingualLexicon::builtin(), builtin_key())
    }

    fn cached() -> CachedLexicon {
        CachedLexicon::from_bytes(builtin_bytes(), builtin_key()).expect("a valid cache")
    }

    fn terms(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    /// A few keys of every kind: English and Persian, words and phrases.
    const KEYS: &[&[&str]] = &[
        &["caspian"],
        &["persian", "gulf"],
        &["secur", "council"],
        &["bushehr"],
        &["خزر"],
        &["خلیج", "فارس"],
        &["پوتین"],
        &["no-such-key"],
    ];

    #[test]
    fn the_cache_answers_every_key_as_the_analysed_lexicon() {
        let builtin = BilingualLexicon::builtin();
        let cache = cached();
        assert_eq!(cache.len(), builtin.len());
        assert_eq!(cache.longest_key(), builtin.longest_key());
        let all = builtin.entries_by_key();
        assert!(all.len() > 2000, "{}", all.len());
        for (direction, key, translations) in all {
            assert_eq!(cache.lookup(direction, key), Some(translations), "{key:?}");
        }
        let from_cache = BilingualLexicon::from_cache(cached());
        for key in KEYS {
            assert_eq!(from_cache.lookup(&terms(key)), builtin.lookup(&terms(key)));
        }
        assert!(from_cache
            .lookup(&terms(&["خزر"]))
            .iter()
            .any(|t| t.text == "Caspian"));
        assert_eq!(from_cache.len(), builtin.len());
    }

    #[test]
    fn a_mapped_cache_file_answers_every_key_as_the_analysed_lexicon() {
        let dir = tempfile::tempdir().unwrap();
        let builtin = BilingualLexicon::builtin();
        write(dir.path(), builtin, builtin_key()).unwrap();
        let path = dir.path().join(FILE_NAME);
        let mapped = CachedLexicon::open(&path, builtin_key()).expect("a valid cache");
        assert!(matches!(mapped.pages.bytes, Bytes::Mapped(_)));
        assert_eq!(mapped.len(), builtin.len());
        assert_eq!(mapped.longest_key(), builtin.longest_key());
        // Replaced by rename while mapped (as the next indexing run or
        // another build does): the mapping keeps the file it checked.
        let mut other = BilingualLexicon::default();
        other
            .add_tsv("en-fa.tsv", "Caspian\tکاسپیان\tsea\n")
            .unwrap();
        write(dir.path(), &other, builtin_key() ^ 1).unwrap();
        assert!(CachedLexicon::open(&path, builtin_key()).is_none());
        for (direction, key, translations) in builtin.entries_by_key() {
            assert_eq!(mapped.lookup(direction, key), Some(translations), "{key:?}");
        }
        let mut singles: Vec<&str> = mapped.single_terms().collect();
        let mut expected: Vec<&str> = builtin.single_terms().collect();
        singles.sort_unstable();
        expected.sort_unstable();
        assert_eq!(singles, expected);
        assert_eq!(
            CachedLexicon::open(&dir.path().join("missing"), builtin_key()).map(|c| c.len()),
            None
        );
    }

    #[test]
    fn keys_are_decoded_on_lookup_once_in_groups_made_on_demand() {
        let cache = cached();
        assert_eq!(cache.decoded.len(), cache.keys.div_ceil(GROUP));
        assert!(cache.decoded.iter().all(|g| g.get().is_none()));
        let caspian = terms(&["caspian"]);
        let first = cache.lookup(Direction::EnFa, &caspian).unwrap();
        let again = cache.lookup(Direction::EnFa, &caspian).unwrap();
        assert!(std::ptr::eq(first, again));
        assert_eq!(first, BilingualLexicon::builtin().lookup(&caspian));
        assert_eq!(
            cache.decoded.iter().filter(|g| g.get().is_some()).count(),
            1
        );
        assert!(cache
            .lookup(Direction::EnFa, &terms(&["no-such-key"]))
            .is_none());
        assert_eq!(
            cache.decoded.iter().filter(|g| g.get().is_some()).count(),
            1
        );
        cache.lookup(Direction::FaEn, &terms(&["خزر"])).unwrap();
        assert_eq!(
            cache.decoded.iter().filter(|g| g.get().is_some()).count(),
            2
        );
    }

    #[test]
    fn the_shipped_lexicon_key_made_at_build_time_is_that_of_key() {
        assert_eq!(
            builtin_key(),
            key(
                crate::analysis::ANALYZER_VERSION,
                env!("KAVOSH_ANALYSIS_FINGERPRINT"),
                super::super::lexicon::BUILTIN_TSV,
            )
        );
    }

    #[test]
    fn another_analyzer_sources_or_lexicon_make_another_key() {
        let base = key("kavosh-fa-en-2", "0123", "Caspian\tخزر\tsea\n");
        assert_ne!(base, key("kavosh-fa-en-3", "0123", "Caspian\tخزر\tsea\n"));
        assert_ne!(base, key("kavosh-fa-en-2", "0124", "Caspian\tخزر\tsea\n"));
        assert_ne!(
            base,
            key("kavosh-fa-en-2", "0123", "Caspian\tدریای خزر\tsea\n")
        );
        assert_eq!(base, key("kavosh-fa-en-2", "0123", "Caspian\tخزر\tsea\n"));
        // The hash of the parts laid end to end, each after the magic and
        // followed by a zero byte: the layout the file's key is documented with.
        let seed: [&[u8]; 4] = [
            MAGIC,
            b"kavosh-fa-en-2\0",
            b"0123\0",
            "Caspian\tخزر\tsea\n\0".as_bytes(),
        ];
        assert_eq!(base, xxh3_64(&seed.concat()));
        assert!(CachedLexicon::from_bytes(builtin_bytes(), builtin_key() ^ 1).is_none());
    }

    #[test]
    fn a_stale_cache_is_not_used_and_is_written_again() {
        let dir = tempfile::tempdir().unwrap();
        // A cache of another build, with an entry the shipped lexicon does not have.
        let mut old = BilingualLexicon::default();
        old.add_tsv("en-fa.tsv", "Caspian\tکاسپیان\tsea\n").unwrap();
        write(dir.path(), &old, builtin_key() ^ 1).unwrap();
        let lexicon = builtin_for(dir.path());
        let caspian = lexicon.lookup(&terms(&["caspian"]));
        assert!(caspian.iter().any(|t| t.text == "دریای خزر"));
        assert!(!caspian.iter().any(|t| t.text == "کاسپیان"));
        let bytes = std::fs::read(dir.path().join(FILE_NAME)).unwrap();
        assert!(CachedLexicon::from_bytes(bytes, builtin_key()).is_some());
        // refresh leaves a valid cache alone and replaces a stale one.
        let written = std::fs::metadata(dir.path().join(FILE_NAME))
            .unwrap()
            .modified()
            .unwrap();
        refresh(dir.path()).unwrap();
        let again = std::fs::metadata(dir.path().join(FILE_NAME))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(written, again);
        write(dir.path(), &old, builtin_key() ^ 1).unwrap();
        refresh(dir.path()).unwrap();
        let bytes = std::fs::read(dir.path().join(FILE_NAME)).unwrap();
        assert!(CachedLexicon::from_bytes(bytes, builtin_key()).is_some());
    }

    #[test]
    fn a_damaged_cache_is_refused_and_searches_fall_back() {
        let good = builtin_bytes();
        let body_at = body_at(&good);
        let flipped = |at: usize| {
            let mut bytes = good.clone();
            bytes[at] ^= 0x20;
            bytes
        };
        // Cut short, grown, garbage, or a bit flipped in the header, the
        // page checksums or the first page of the body (the counts).
        let damaged: Vec<Vec<u8>> = vec![
            Vec::new(),
            MAGIC.to_vec(),
            good[..HEADER].to_vec(),
            good[..body_at].to_vec(),
            good[..good.len() / 2].to_vec(),
            good[..good.len() - 1].to_vec(),
            flipped(20),
            flipped(28),
            flipped(HEADER + 3),
            flipped(body_at - 1),
            flipped(body_at + 9),
            vec![0xff; good.len()],
            [good.as_slice(), b"tail"].concat(),
        ];
        for bytes in damaged {
            assert!(CachedLexicon::from_bytes(bytes.clone(), builtin_key()).is_none());
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join(FILE_NAME), &bytes).unwrap();
            assert!(CachedLexicon::open(&dir.path().join(FILE_NAME), builtin_key()).is_none());
            let lexicon = builtin_for(dir.path());
            assert!(lexicon
                .lookup(&terms(&["caspian"]))
                .iter()
                .any(|t| t.text == "دریای خزر"));
            let rewritten = std::fs::read(dir.path().join(FILE_NAME)).unwrap();
            assert_eq!(rewritten, good);
        }
        // A cache path that cannot be read as a file (a folder): analysed
        // in memory, no error.
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(FILE_NAME)).unwrap();
        assert!(CachedLexicon::open(&dir.path().join(FILE_NAME), builtin_key()).is_none());
        let lexicon = builtin_for(dir.path());
        assert!(!lexicon.lookup(&terms(&["bushehr"])).is_empty());
        assert!(refresh(dir.path()).is_err());
        // A folder that cannot hold the file: analysed in memory, no error.
        let missing = Path::new("/nonexistent/kavosh-index");
        let lexicon = builtin_for(missing);
        assert!(!lexicon.lookup(&terms(&["bushehr"])).is_empty());
        assert!(refresh(missing).is_err());
    }

    /// Where the body of the cache file `bytes` starts.
    fn body_at(bytes: &[u8]) -> usize {
        bytes.len() - read_u64(bytes, 24).unwrap() as usize
    }

    /// Every key of the shipped lexicon looked up through `lexicon`: the
    /// answers of the analysed lexicon.
    fn assert_answers_as_analysed(lexicon: &BilingualLexicon) {
        let builtin = BilingualLexicon::builtin();
        for (_, key, _) in builtin.entries_by_key() {
            assert_eq!(lexicon.lookup(key), builtin.lookup(key), "{key:?}");
        }
        let mut singles: Vec<&str> = lexicon.single_terms().collect();
        let mut expected: Vec<&str> = builtin.single_terms().collect();
        singles.sort_unstable();
        expected.sort_unstable();
        assert_eq!(singles, expected);
    }

    #[test]
    fn a_damaged_page_is_found_when_read_and_the_analysed_lexicon_answers() {
        let good = builtin_bytes();
        let (body_at, pages) = (body_at(&good), (good.len() - body_at(&good)).div_ceil(PAGE));
        assert!(pages > 100, "{pages}");
        // An intact file: a lookup checks a few pages only.
        let cache = cached();
        cache.lookup(Direction::EnFa, &terms(&["caspian"])).unwrap();
        let checked: u32 = cache
            .pages
            .checked
            .iter()
            .map(|w| w.load(Relaxed).count_ones())
            .sum();
        assert!(
            (2..pages as u32 / 2).contains(&checked),
            "{checked} of {pages}"
        );
        assert!(!cache.is_damaged());
        // One bit flipped in the second page, the middle one, the last one
        // (the strings' text); and the first translation of the last key.
        let keys = read_u32(&good, body_at + 12).unwrap() as usize;
        let last_key = body_at + 4 * COUNTS + 4 * (cache.strings + 1) + 4 * KEY_WORDS * (keys - 1);
        let first_translation = read_u32(&good, last_key + 12).unwrap() as usize;
        let translation = cache.translations_at + 4 * TRANSLATION_WORDS * first_translation;
        for at in [
            body_at + PAGE + 5,
            body_at + PAGE * (pages / 2),
            good.len() - 1,
            translation,
        ] {
            let mut bytes = good.clone();
            bytes[at] ^= 0x01;
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join(FILE_NAME), &bytes).unwrap();
            let cache = CachedLexicon::open(&dir.path().join(FILE_NAME), builtin_key())
                .expect("a damaged page is found when read");
            assert!(!cache.is_damaged());
            // Through the lexicon of a search: every answer that of the
            // analysed lexicon, the damage found, the file written again.
            let lexicon = builtin_for(dir.path());
            assert_answers_as_analysed(&lexicon);
            let rewritten = std::fs::read(dir.path().join(FILE_NAME)).unwrap();
            assert_eq!(rewritten, good, "{at}");
            // Indexing checks every page and writes the file again.
            std::fs::write(dir.path().join(FILE_NAME), &bytes).unwrap();
            refresh(dir.path()).unwrap();
            let rewritten = std::fs::read(dir.path().join(FILE_NAME)).unwrap();
            assert_eq!(rewritten, good, "{at}");
            // A damaged cache of another lexicon answers nothing.
            let other = CachedLexicon::from_bytes(bytes, builtin_key()).unwrap();
            assert!(other.entries_by_key().is_empty());
            assert!(other.is_damaged());
            assert_eq!(other.single_terms().count(), 0);
            assert_eq!(other.lookup(Direction::EnFa, &terms(&["caspian"])), None);
        }
    }

    /// Writes the page checksums and their checksum of the cache file `bytes`.
    fn seal(bytes: &mut [u8]) {
        let body_at = body_at(bytes);
        let sums: Vec<u8> = (bytes[body_at..].chunks(PAGE))
            .flat_map(|page| xxh3_64(page).to_le_bytes())
            .collect();
        bytes[HEADER..body_at].copy_from_slice(&sums);
        let checksum = xxh3_64(&sums);
        bytes[16..24].copy_from_slice(&checksum.to_le_bytes());
    }

    #[test]
    fn a_body_damaged_under_valid_checksums_never_panics() {
        let good = builtin_bytes();
        let body_at = body_at(&good);
        let mut sealed = good.clone();
        seal(&mut sealed);
        assert_eq!(sealed, good);
        // Overwrite each region of the body with large numbers, fix the
        // checksums, and look keys up: answers may be wrong, never a panic.
        for (at, value) in [
            (body_at, 7u32),
            (body_at + 16, u32::MAX),
            (body_at + 64, 1 << 30),
            (good.len() / 3, u32::MAX),
            (good.len() / 2, 3),
        ] {
            let mut bytes = good.clone();
            bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
            seal(&mut bytes);
            if let Some(cache) = CachedLexicon::from_bytes(bytes, builtin_key()) {
                let lexicon = BilingualLexicon::from_cache(cache);
                for key in KEYS {
                    let _ = lexicon.lookup(&terms(key));
                }
                let _ = lexicon.single_terms().count();
            }
        }
    }

    #[test]
    fn user_entries_go_on_top_of_the_cached_ones() {
        let user = "Caspian\tکاسپیان\tsea\nGazprom\tگازپروم\torganization\n";
        let mut mine = BilingualLexicon::default();
        mine.add_tsv("mine.tsv", user).unwrap();
        let mut on_cache = BilingualLexicon::from_cache(cached());
        on_cache.extend(&mine);
        let mut in_memory = BilingualLexicon::builtin().clone();
        in_memory.add_tsv("mine.tsv", user).unwrap();
        for key in KEYS.iter().chain(&[&["gazprom"][..], &["کاسپیان"][..]]) {
            assert_eq!(
                on_cache.lookup(&terms(key)),
                in_memory.lookup(&terms(key)),
                "{key:?}"
            );
        }
        let caspian = on_cache.lookup(&terms(&["caspian"]));
        assert_eq!(caspian[0].source.file.as_ref(), "en-fa.tsv");
        assert_eq!(caspian.last().unwrap().text, "کاسپیان");
        assert_eq!(caspian.last().unwrap().source.file.as_ref(), "mine.tsv");
        assert_eq!(on_cache.len(), BilingualLexicon::builtin().len() + 2);
        // Extending with a cached lexicon carries its cached entries too.
        let mut empty = BilingualLexicon::default();
        empty.extend(&on_cache);
        for key in KEYS {
            assert_eq!(
                empty.lookup(&terms(key)),
                in_memory.lookup(&terms(key)),
                "{key:?}"
            );
        }
    }
}
