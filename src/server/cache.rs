//! A cache of search answers (`--cache-size`): the JSON body of a `/search`
//! answer, kept for the same request — the query exactly as given and every
//! option — until the index's reader moves to a new commit.
//!
//! Each answer is stored with the searcher generation it was computed on
//! (tantivy counts the reader's reloads). A lookup gives the current
//! generation: when it is newer than the cache's, the whole cache is emptied
//! first, so no answer of an older commit is given once a newer one is
//! searchable. An answer computed on an older generation than the cache's is
//! not stored. This is what Elasticsearch's shard request cache does
//! (invalidated on refresh). Memory is bounded in bytes (bodies and keys);
//! the least recently used answers go first.

use std::sync::Mutex;

use axum::body::Bytes;
use lru::LruCache;

use super::params::SearchRequest;

/// Answers of search requests, for one index.
pub struct AnswerCache {
    /// The most bytes the answers (and their keys) may take.
    budget: usize,
    inner: Mutex<Inner>,
}

struct Inner {
    /// The searcher generation of every stored answer.
    generation: u64,
    /// Bytes of the stored answers and keys.
    bytes: usize,
    answers: LruCache<String, Bytes>,
}

/// What the cache holds.
#[cfg(test)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// Answers stored now.
    pub answers: usize,
    /// Their bytes (keys included).
    pub bytes: usize,
    /// The generation they belong to.
    pub generation: u64,
}

impl AnswerCache {
    /// A cache of at most `budget` bytes; `None` for 0 (no cache).
    pub fn new(budget: usize) -> Option<AnswerCache> {
        (budget > 0).then(|| AnswerCache {
            budget,
            inner: Mutex::new(Inner {
                generation: 0,
                bytes: 0,
                answers: LruCache::unbounded(),
            }),
        })
    }

    /// The key of a request: the query as given (the answer repeats it) and
    /// every option, in their full form, so that two requests share a key
    /// only if the library is asked exactly the same thing.
    pub fn key(request: &SearchRequest) -> String {
        format!("{:?}\u{0}{:?}", request.query, request.options)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The stored answer to `key` if the reader is still at `generation`.
    pub fn get(&self, generation: u64, key: &str) -> Option<Bytes> {
        let mut inner = self.lock();
        inner.advance(generation);
        if inner.generation != generation {
            return None;
        }
        inner.answers.get(key).cloned()
    }

    /// Stores `answer` to `key`, computed on `generation`. An answer larger
    /// than an eighth of the budget is not stored (it would push out many).
    pub fn put(&self, generation: u64, key: String, answer: Bytes) {
        let size = key.len() + answer.len();
        if size > self.budget / 8 {
            return;
        }
        let mut inner = self.lock();
        inner.advance(generation);
        if inner.generation != generation {
            return;
        }
        if let Some(old) = inner.answers.pop(&key) {
            inner.bytes -= key.len() + old.len();
        }
        while inner.bytes + size > self.budget {
            match inner.answers.pop_lru() {
                Some((k, v)) => inner.bytes -= k.len() + v.len(),
                None => break,
            }
        }
        inner.bytes += size;
        inner.answers.put(key, answer);
    }

    /// What the cache holds now.
    #[cfg(test)]
    pub fn usage(&self) -> Usage {
        let inner = self.lock();
        Usage {
            answers: inner.answers.len(),
            bytes: inner.bytes,
            generation: inner.generation,
        }
    }
}

impl Inner {
    /// Empties the cache when `generation` is newer than its answers.
    fn advance(&mut self, generation: u64) {
        if generation > self.generation {
            self.answers.clear();
            self.bytes = 0;
            self.generation = generation;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kavosh::SearchOptions;

    fn request(query: &str) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            options: SearchOptions::default(),
        }
    }

    fn bytes(text: &str) -> Bytes {
        Bytes::from(text.to_string())
    }

    #[test]
    fn answers_are_kept_for_their_generation_only() {
        let cache = AnswerCache::new(1 << 20).unwrap();
        cache.put(3, "بوشهر".into(), bytes("{\"total_hits\":2}"));
        assert_eq!(cache.get(3, "بوشهر"), Some(bytes("{\"total_hits\":2}")));
        assert_eq!(cache.get(3, "بوشهرها"), None);
        // A new commit: the old answer is never given again.
        assert_eq!(cache.get(4, "بوشهر"), None);
        assert_eq!(cache.usage().answers, 0);
        // An answer computed on the older reader is not stored.
        cache.put(3, "بوشهر".into(), bytes("{\"total_hits\":2}"));
        assert_eq!(cache.get(4, "بوشهر"), None);
        assert_eq!(cache.usage().answers, 0);
        cache.put(4, "بوشهر".into(), bytes("{\"total_hits\":3}"));
        assert_eq!(cache.get(4, "بوشهر"), Some(bytes("{\"total_hits\":3}")));
        // A lookup with an older generation (a request that read the
        // reader before the reload) does not empty the newer answers.
        assert_eq!(cache.get(3, "بوشهر"), None);
        assert_eq!(cache.usage().answers, 1);
    }

    #[test]
    fn the_budget_bounds_the_bytes_least_recently_used_first() {
        let cache = AnswerCache::new(800).unwrap();
        for word in ["خزر", "روسیه", "پوتین", "نیروگاه"] {
            cache.put(1, word.into(), Bytes::from(vec![b'x'; 80]));
        }
        // Used again, so «خزر» is now the most recently used.
        assert!(cache.get(1, "خزر").is_some());
        for word in ["کشتیرانی", "بوشهر", "تهران", "مسکو", "آستاراخان"]
        {
            cache.put(1, word.into(), Bytes::from(vec![b'x'; 80]));
        }
        let usage = cache.usage();
        assert!(usage.bytes <= 800, "{usage:?}");
        assert!(cache.get(1, "خزر").is_some(), "recently used, kept");
        assert!(cache.get(1, "روسیه").is_none(), "least recently used, gone");
        // Storing the same key again replaces it and counts its bytes once.
        let before = cache.usage().bytes;
        cache.put(1, "خزر".into(), Bytes::from(vec![b'y'; 80]));
        assert_eq!(cache.usage().bytes, before);
        assert_eq!(cache.get(1, "خزر").unwrap()[0], b'y');
        // Too large for the budget: not stored.
        cache.put(1, "دریای خزر".into(), Bytes::from(vec![b'x'; 200]));
        assert!(cache.get(1, "دریای خزر").is_none());
        assert!(AnswerCache::new(0).is_none());
    }

    #[test]
    fn keys_differ_with_any_option_and_with_the_query_as_given() {
        let mut a = request("بوشهر");
        let plain = AnswerCache::key(&a);
        assert_eq!(plain, AnswerCache::key(&request("بوشهر")));
        assert_ne!(plain, AnswerCache::key(&request("بوشهر ")));
        a.options.limit = 11;
        assert_ne!(plain, AnswerCache::key(&a));
        let mut b = request("بوشهر");
        b.options.expand = false;
        assert_ne!(plain, AnswerCache::key(&b));
        let mut c = request("بوشهر");
        c.options.filter.lang = Some("fa".into());
        assert_ne!(plain, AnswerCache::key(&c));
    }
}
