//! The analysed bilingual lexicon, cached in a file of the index folder.
//!
//! Analysing the 2,500 lines of the shipped lexicon costs more than a whole
//! search, so it is done once: the analysed entries are written into
//! [`FILE_NAME`] in the index folder (after every indexing run, or by the
//! first search that finds none), and a search process reads that file and
//! decodes only the entries its query looks up.
//!
//! The file starts with a key: a hash of the analyzer version, of every
//! file the analysis depends on (the sources under `src/analysis/` and
//! `src/bilingual/` and `data/`, hashed by `build.rs`) and of the shipped
//! lexicon. A file written by another build, a damaged or truncated file
//! (its body has a checksum) or one that cannot be read is ignored and
//! written again; when the folder is read-only, the lexicon is analysed in
//! memory as before. Entries of the user's `--lexicon` files are analysed
//! at every search and added on top.
//!
//! Layout: `KVBLEX01`, the key (u64), the body's XXH3 (u64), the body's
//! length (u64), then the body of little-endian u32s:
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
use std::path::Path;
use std::sync::{Arc, OnceLock};

use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use super::lexicon::{BilingualLexicon, Direction, Source, Translation, BUILTIN_TSV};
use crate::analysis::ANALYZER_VERSION;

/// The cache's file name in an index folder.
pub const FILE_NAME: &str = "kavosh-lexicon.cache";

const MAGIC: &[u8; 8] = b"KVBLEX01";
const HEADER: usize = 32;
const COUNTS: usize = 6;
const KEY_WORDS: usize = 5;
const TRANSLATION_WORDS: usize = 6;

/// The key a cache of the shipped lexicon must carry to be used by this
/// build of kavosh.
pub fn builtin_key() -> u64 {
    key(
        ANALYZER_VERSION,
        env!("KAVOSH_ANALYSIS_FINGERPRINT"),
        BUILTIN_TSV,
    )
}

/// The key of a cache made by analyzer `version`, from analysis sources
/// hashed to `fingerprint`, of the lexicon text `tsv`: the hash of the
/// three, each followed by a zero byte, after [`MAGIC`]. Hashed as they
/// stream by, without copying the lexicon's text (a copy would fault in
/// about 36 fresh pages at every search).
pub fn key(version: &str, fingerprint: &str, tsv: &str) -> u64 {
    let mut hasher = Xxh3::new();
    hasher.update(MAGIC);
    for part in [version, fingerprint, tsv] {
        hasher.update(part.as_bytes());
        hasher.update(&[0]);
    }
    hasher.digest()
}

/// The shipped lexicon for searches over the index in `dir`: read from the
/// cache file when it is valid for this build, else analysed and the cache
/// written (best effort: a folder that cannot be written is left alone).
pub fn builtin_for(dir: &Path) -> BilingualLexicon {
    let path = dir.join(FILE_NAME);
    if let Some(cached) = std::fs::read(&path)
        .ok()
        .and_then(|bytes| CachedLexicon::from_bytes(bytes, builtin_key()))
    {
        return BilingualLexicon::from_cache(cached);
    }
    let lexicon = BilingualLexicon::builtin();
    let _ = write(dir, lexicon, builtin_key());
    lexicon.clone()
}

/// Writes the cache of the shipped lexicon into `dir` unless a valid one is
/// there already.
pub fn refresh(dir: &Path) -> std::io::Result<()> {
    let key = builtin_key();
    let current = std::fs::read(dir.join(FILE_NAME))
        .ok()
        .and_then(|bytes| CachedLexicon::from_bytes(bytes, key));
    if current.is_none() {
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
    let mut out = Vec::with_capacity(HEADER + bytes.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&key.to_le_bytes());
    out.extend_from_slice(&xxh3_64(&bytes).to_le_bytes());
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(&bytes);
    out
}

/// A cache file read into memory; entries are decoded when looked up.
pub struct CachedLexicon {
    body: Vec<u8>,
    entries: usize,
    longest_key: usize,
    strings: usize,
    keys: usize,
    /// Byte offsets of the parts in `body`.
    offsets_at: usize,
    keys_at: usize,
    refs_at: usize,
    translations_at: usize,
    text_at: usize,
    refs: usize,
    translations: usize,
    /// The decoded translations of each key, filled on first lookup.
    decoded: Vec<OnceLock<Vec<Translation>>>,
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
    /// and an intact body.
    pub fn from_bytes(mut bytes: Vec<u8>, key: u64) -> Option<CachedLexicon> {
        let word64 = |at: usize| Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?));
        if bytes.get(..8)? != MAGIC || word64(8)? != key {
            return None;
        }
        let (checksum, length) = (word64(16)?, word64(24)?);
        if bytes.len() as u64 != HEADER as u64 + length || xxh3_64(&bytes[HEADER..]) != checksum {
            return None;
        }
        bytes.drain(..HEADER);
        let body = bytes;
        let count = |i: usize| read_u32(&body, 4 * i).map(|n| n as usize);
        let (entries, longest_key) = (count(0)?, count(1)?);
        let (strings, keys, refs, translations) = (count(2)?, count(3)?, count(4)?, count(5)?);
        let offsets_at = 4 * COUNTS;
        let keys_at = offsets_at.checked_add(4 * strings.checked_add(1)?)?;
        let refs_at = keys_at.checked_add(4 * KEY_WORDS * keys)?;
        let translations_at = refs_at.checked_add(4 * refs)?;
        let text_at = translations_at.checked_add(4 * TRANSLATION_WORDS * translations)?;
        let text_len = read_u32(&body, offsets_at + 4 * strings)? as usize;
        if text_at.checked_add(text_len)? != body.len() {
            return None;
        }
        Some(CachedLexicon {
            decoded: (0..keys).map(|_| OnceLock::new()).collect(),
            body,
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

    fn word(&self, at: usize) -> Option<usize> {
        read_u32(&self.body, at).map(|w| w as usize)
    }

    fn string(&self, id: usize) -> Option<&str> {
        if id >= self.strings {
            return None;
        }
        let start = self.text_at + self.word(self.offsets_at + 4 * id)?;
        let end = self.text_at + self.word(self.offsets_at + 4 * id + 4)?;
        std::str::from_utf8(self.body.get(start..end)?).ok()
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

    /// The translations of `terms` in `direction`, if the cache has the key.
    pub fn lookup(&self, direction: Direction, terms: &[String]) -> Option<&[Translation]> {
        let (mut low, mut high) = (0, self.keys);
        while low < high {
            let mid = (low + high) / 2;
            match self.compare(mid, direction, terms) {
                Ordering::Less => low = mid + 1,
                Ordering::Greater => high = mid,
                Ordering::Equal => {
                    let list =
                        self.decoded[mid].get_or_init(|| self.decode(mid).unwrap_or_default());
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

    /// The keys of one term (nothing is decoded).
    pub fn single_terms(&self) -> impl Iterator<Item = &str> {
        (0..self.keys).filter_map(|i| match self.key(i)? {
            [_, at, 1, ..] => self.terms(at, 1)?.next()?,
            _ => None,
        })
    }

    /// Every key with its translations (all decoded).
    pub fn entries_by_key(&self) -> Vec<(Direction, Vec<String>, &[Translation])> {
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
    fn another_analyzer_sources_or_lexicon_make_another_key() {
        let base = key("kavosh-fa-en-2", "0123", "Caspian\tخزر\tsea\n");
        assert_ne!(base, key("kavosh-fa-en-3", "0123", "Caspian\tخزر\tsea\n"));
        assert_ne!(base, key("kavosh-fa-en-2", "0124", "Caspian\tخزر\tsea\n"));
        assert_ne!(
            base,
            key("kavosh-fa-en-2", "0123", "Caspian\tدریای خزر\tsea\n")
        );
        assert_eq!(base, key("kavosh-fa-en-2", "0123", "Caspian\tخزر\tsea\n"));
        // The hash of the parts laid end to end, as it always was: caches
        // written before stay valid.
        let seed: [&[u8]; 4] = [
            MAGIC,
            b"kavosh-fa-en-2\0",
            b"0123\0",
            "Caspian\tخزر\tsea\n\0".as_bytes(),
        ];
        assert_eq!(base, xxh3_64(&seed.concat()));
        let tsv = BUILTIN_TSV;
        let seed: [&[u8]; 5] = [MAGIC, b"v\0", b"f\0", tsv.as_bytes(), b"\0"];
        assert_eq!(key("v", "f", tsv), xxh3_64(&seed.concat()));
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
        let mut flipped = good.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0x20;
        let damaged: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"KVBLEX01".to_vec(),
            good[..good.len() / 2].to_vec(),
            good[..good.len() - 1].to_vec(),
            flipped,
            vec![0xff; good.len()],
            [good.as_slice(), b"tail"].concat(),
        ];
        for bytes in damaged {
            assert!(CachedLexicon::from_bytes(bytes.clone(), builtin_key()).is_none());
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join(FILE_NAME), &bytes).unwrap();
            let lexicon = builtin_for(dir.path());
            assert!(lexicon
                .lookup(&terms(&["caspian"]))
                .iter()
                .any(|t| t.text == "دریای خزر"));
            let rewritten = std::fs::read(dir.path().join(FILE_NAME)).unwrap();
            assert_eq!(rewritten, good);
        }
        // A folder that cannot hold the file: analysed in memory, no error.
        let missing = Path::new("/nonexistent/kavosh-index");
        let lexicon = builtin_for(missing);
        assert!(!lexicon.lookup(&terms(&["bushehr"])).is_empty());
        assert!(refresh(missing).is_err());
    }

    #[test]
    fn a_body_damaged_under_a_valid_checksum_never_panics() {
        let good = builtin_bytes();
        // Overwrite each region of the body with large numbers, fix the
        // checksum, and look keys up: answers may be wrong, never a panic.
        for (at, value) in [
            (HEADER, 7u32),
            (HEADER + 16, u32::MAX),
            (HEADER + 64, 1 << 30),
            (good.len() / 3, u32::MAX),
            (good.len() / 2, 3),
        ] {
            let mut bytes = good.clone();
            bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
            let checksum = xxh3_64(&bytes[HEADER..]);
            bytes[16..24].copy_from_slice(&checksum.to_le_bytes());
            if let Some(cache) = CachedLexicon::from_bytes(bytes, builtin_key()) {
                let lexicon = BilingualLexicon::from_cache(cache);
                for key in KEYS {
                    let _ = lexicon.lookup(&terms(key));
                }
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
