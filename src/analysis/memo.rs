//! The two-generation map behind the analyzer's per-thread word memo
//! ([`super::word_memo`]).
//!
//! Words repeat (Zipf): what the chain makes of a word depends only on the
//! word and the shipped word lists, so each thread keeps it in a map.
//! Memory stays bounded: the map has two generations of at most a fixed
//! number of entries each ([`CAPACITY`] unless told). When the current one
//! is full it becomes the old one (the older is dropped); a word found in
//! the old generation moves to the current one. The words in use stay,
//! whatever the size of the corpus, and a rare word costs one computation
//! and at most two probes.
//!
//! (The stemmer and the decompounder had memos of their own; behind the
//! word memo they only added hashing and copies, and are gone.)

use rustc_hash::FxHashMap;

/// Entries a generation holds before it becomes the old one: the two hold
/// at most as many words as one map of 64k did (a few MiB a thread).
pub const CAPACITY: usize = 32_768;

/// A map from words to results in two generations (see the module docs).
#[derive(Debug)]
pub struct Generations<T> {
    current: FxHashMap<Key, T>,
    old: FxHashMap<Key, T>,
    capacity: usize,
}

/// Bytes of a word kept inside the map's entry: 15 Persian letters.
const INLINE: usize = 30;

/// A word as a key: short words (nearly all) inside the entry itself, so a
/// lookup compares them without following a pointer to the heap. Keys are
/// compared and hashed as bytes (a `str` key would have to be checked for
/// UTF-8 at every comparison, or taken on trust).
#[derive(Debug, Clone)]
enum Key {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<[u8]>),
}

impl Key {
    fn new(word: &[u8]) -> Key {
        match word.len() <= INLINE {
            true => {
                let mut bytes = [0; INLINE];
                bytes[..word.len()].copy_from_slice(word);
                Key::Inline {
                    len: word.len() as u8,
                    bytes,
                }
            }
            false => Key::Heap(word.into()),
        }
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            Key::Inline { len, bytes } => &bytes[..*len as usize],
            Key::Heap(word) => word,
        }
    }
}

impl std::borrow::Borrow<[u8]> for Key {
    fn borrow(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Key {}

impl std::hash::Hash for Key {
    /// As the bytes' hash, which `Borrow<[u8]>` requires.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state)
    }
}

impl<T> Default for Generations<T> {
    fn default() -> Self {
        Generations {
            current: FxHashMap::default(),
            old: FxHashMap::default(),
            capacity: CAPACITY,
        }
    }
}

impl<T> Generations<T> {
    /// Generations of `capacity` entries each instead of [`CAPACITY`].
    pub fn with_capacity(capacity: usize) -> Self {
        Generations {
            capacity,
            ..Generations::default()
        }
    }

    /// Entries held, both generations.
    pub fn len(&self) -> usize {
        self.current.len() + self.old.len()
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `f` of the value kept under `key`, computed by `compute` and kept
    /// when missing. A hit is one probe of the current generation.
    pub fn with_entry<R>(
        &mut self,
        key: &[u8],
        compute: impl FnOnce() -> T,
        f: impl FnOnce(&T) -> R,
    ) -> R {
        if let Some(value) = self.current.get(key) {
            return f(value);
        }
        let (key, value) = match self.old.remove_entry(key) {
            Some(entry) => entry,
            None => (Key::new(key), compute()),
        };
        f(self.insert(key, value))
    }

    fn insert(&mut self, word: Key, value: T) -> &T {
        if self.current.len() >= self.capacity {
            self.old = std::mem::take(&mut self.current);
        }
        self.current.entry(word).or_insert(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(memo: &mut Generations<String>, word: &str, computed: &mut usize) -> String {
        let compute = || {
            *computed += 1;
            word.trim_end_matches("ها").to_string()
        };
        memo.with_entry(word.as_bytes(), compute, String::clone)
    }

    #[test]
    fn words_in_use_survive_a_full_generation_and_memory_stays_bounded() {
        let memo = &mut Generations::default();
        let mut computed = 0;
        assert_eq!(stem(memo, "کشورها", &mut computed), "کشور");
        // Fill more than two generations with other words, using «کشورها»
        // now and then, as a corpus does with its frequent words.
        for i in 0..(2 * CAPACITY + 10) {
            stem(memo, &format!("واژه{i}ها"), &mut computed);
            if i % 1000 == 0 {
                stem(memo, "کشورها", &mut computed);
            }
            assert!(memo.len() <= 2 * CAPACITY);
        }
        assert_eq!(computed, 2 * CAPACITY + 11, "«کشورها» was computed once");
        assert_eq!(stem(memo, "کشورها", &mut computed), "کشور");
        assert_eq!(computed, 2 * CAPACITY + 11);
        // The first words, never used again, are gone.
        stem(memo, "واژه1ها", &mut computed);
        assert_eq!(computed, 2 * CAPACITY + 12);
    }

    #[test]
    fn long_words_are_keys_too() {
        let memo = &mut Generations::with_capacity(4);
        let long = "اتحادجماهیرشورویسوسیالیستیسابقوجمهوریهایش";
        assert!(long.len() > INLINE);
        let mut computed = 0;
        assert_eq!(stem(memo, long, &mut computed), long.trim_end_matches("ها"));
        stem(memo, long, &mut computed);
        assert_eq!(computed, 1);
        assert!(!memo.is_empty());
    }
}
