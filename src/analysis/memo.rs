//! A small per-thread memo for word-level functions of the analysis chain.
//!
//! Words repeat (Zipf): the stemmer and the decompounder see the same few
//! thousand words over and over. Their results depend only on the word and
//! the shipped word list, so each thread keeps them in a map. Memory stays
//! bounded: the map has two generations of at most [`CAPACITY`] entries
//! each. When the current one is full it becomes the old one (the older is
//! dropped); a word found in the old generation moves to the current one. The
//! words in use stay, whatever the size of the corpus, and a rare word costs
//! one computation and at most two probes.

use std::cell::RefCell;
use std::hash::Hasher;
use std::thread::LocalKey;

use rustc_hash::FxHashMap;

/// Entries a generation holds before it becomes the old one: the two hold
/// at most as many words as one map of 64k did (a few MiB a thread).
pub const CAPACITY: usize = 32_768;

/// A per-thread map from words to results (see the module docs).
pub type Memo<T> = RefCell<Generations<T>>;

/// The two generations of a [`Memo`], and in front of them a small table
/// of the words looked up last, one per slot of a hash of the word: the
/// frequent words stay there, in a table small enough for the processor's
/// cache, and are found without probing the large maps.
#[derive(Debug)]
pub struct Generations<T> {
    front: Vec<Option<(Key, T)>>,
    current: FxHashMap<Key, T>,
    old: FxHashMap<Key, T>,
    capacity: usize,
}

/// Slots of the front table.
const FRONT: usize = 4096;

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
            front: Vec::new(),
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
    /// when missing: for memos whose lookups run inside one borrow (the
    /// per-word steps of the chain over a whole text, [`super::word_memo`]).
    /// No front table: a hit is one probe of the current generation.
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

/// The front slot of a word: a hash of its bytes.
fn front_slot(word: &[u8]) -> usize {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(word);
    (hasher.finish() >> 32) as usize % FRONT
}

/// `f` of the memoised value of `compute(word)` in `memo`: `f` borrows the
/// value, so a hit costs no copy of it. `compute` runs outside the memo's
/// borrow, so it may use other memos (not this one).
///
/// ```
/// use kavosh::analysis::memo::{with_memoised, Memo};
/// thread_local!(static LENGTHS: Memo<usize> = Memo::default());
/// assert_eq!(with_memoised(&LENGTHS, "ایران", |w| w.chars().count(), |n| *n), 5);
/// assert_eq!(with_memoised(&LENGTHS, "ایران", |_| unreachable!(), |n| n * 2), 10);
/// ```
pub fn with_memoised<T: Clone, R>(
    memo: &'static LocalKey<Memo<T>>,
    word: &str,
    compute: impl FnOnce(&str) -> T,
    f: impl FnOnce(&T) -> R,
) -> R {
    let bytes = word.as_bytes();
    let slot = front_slot(bytes);
    memo.with(|m| {
        let memo = &mut *m.borrow_mut();
        if memo.front.is_empty() {
            memo.front.resize_with(FRONT, || None);
        }
        if let Some((key, value)) = &memo.front[slot] {
            if key.as_bytes() == bytes {
                return Ok(f(value));
            }
        }
        let found = match memo.current.get(bytes) {
            Some(value) => Some(value.clone()),
            None => memo.old.remove_entry(bytes).map(|(key, value)| {
                let copy = value.clone();
                memo.insert(key, value);
                copy
            }),
        };
        match found {
            Some(value) => {
                let result = f(&value);
                memo.front[slot] = Some((Key::new(bytes), value));
                Ok(result)
            }
            None => Err(f),
        }
    })
    .unwrap_or_else(|f| {
        let value = compute(word);
        memo.with(|m| {
            let memo = &mut *m.borrow_mut();
            let result = f(&value);
            memo.front[slot] = Some((Key::new(bytes), value.clone()));
            memo.insert(Key::new(bytes), value);
            result
        })
    })
}

/// The memoised value of `compute(word)` in `memo`, cloned.
///
/// ```
/// use kavosh::analysis::memo::{memoised, Memo};
/// thread_local!(static LENGTHS: Memo<usize> = Memo::default());
/// assert_eq!(memoised(&LENGTHS, "ایران", |w| w.chars().count()), 5);
/// assert_eq!(memoised(&LENGTHS, "ایران", |_| unreachable!()), 5);
/// ```
pub fn memoised<T: Clone>(
    memo: &'static LocalKey<Memo<T>>,
    word: &str,
    compute: impl FnOnce(&str) -> T,
) -> T {
    with_memoised(memo, word, compute, T::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local!(static STEMS: Memo<String> = Memo::default());

    fn stem(word: &str, computed: &mut usize) -> String {
        memoised(&STEMS, word, |w| {
            *computed += 1;
            w.trim_end_matches("ها").to_string()
        })
    }

    #[test]
    fn words_in_use_survive_a_full_generation_and_memory_stays_bounded() {
        let mut computed = 0;
        assert_eq!(stem("کشورها", &mut computed), "کشور");
        // Fill more than two generations with other words, using «کشورها»
        // now and then, as a corpus does with its frequent words.
        for i in 0..(2 * CAPACITY + 10) {
            stem(&format!("واژه{i}ها"), &mut computed);
            if i % 1000 == 0 {
                stem("کشورها", &mut computed);
            }
            STEMS.with(|m| assert!(m.borrow().len() <= 2 * CAPACITY));
        }
        assert_eq!(computed, 2 * CAPACITY + 11, "«کشورها» was computed once");
        assert_eq!(stem("کشورها", &mut computed), "کشور");
        assert_eq!(computed, 2 * CAPACITY + 11);
        // The first words, never used again, are gone.
        stem("واژه1ها", &mut computed);
        assert_eq!(computed, 2 * CAPACITY + 12);
    }
}
