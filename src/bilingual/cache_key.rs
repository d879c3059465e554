//! The key of a lexicon cache file, in a file of its own so that `build.rs`
//! can include it and make the key of the shipped lexicon at build time
//! ([`super::cache::builtin_key`]).

use xxhash_rust::xxh3::xxh3_64;

/// The first bytes of a cache file (a new layout takes a new number).
pub const MAGIC: &[u8; 8] = b"KVBLEX02";

/// The key of a cache made by analyzer `version`, from analysis sources
/// hashed to `fingerprint`, of the lexicon text `tsv`.
pub fn key(version: &str, fingerprint: &str, tsv: &str) -> u64 {
    let mut seed = Vec::with_capacity(tsv.len() + 64);
    seed.extend_from_slice(MAGIC);
    for part in [version, fingerprint, tsv] {
        seed.extend_from_slice(part.as_bytes());
        seed.push(0);
    }
    xxh3_64(&seed)
}
