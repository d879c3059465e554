//! A small per-thread memo for word-level functions of the analysis chain.
//!
//! Words repeat (Zipf): the stemmer and the decompounder see the same few
//! thousand words over and over. Their results depend only on the word and
//! the shipped word list, so each thread keeps them in a map, emptied when it
//! reaches [`CAPACITY`] entries so that memory stays bounded.

use std::cell::RefCell;
use std::thread::LocalKey;

use rustc_hash::FxHashMap;

/// Entries a memo holds before it starts afresh.
pub const CAPACITY: usize = 100_000;

/// A per-thread map from words to results.
pub type Memo<T> = RefCell<FxHashMap<Box<str>, T>>;

/// The memoised value of `compute(word)` in `memo`.
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
    if let Some(hit) = memo.with(|m| m.borrow().get(word).cloned()) {
        return hit;
    }
    let value = compute(word);
    memo.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= CAPACITY {
            m.clear();
        }
        m.insert(word.into(), value.clone());
    });
    value
}
