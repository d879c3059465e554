//! The analysis chain's version, in a file of its own so that `build.rs`
//! can include it (the key of the lexicon cache is made at build time).

/// Version of the analysis chain. Stored in every index; an index built by
/// another version must be rebuilt, because its terms would not match the
/// terms this version makes of a query.
pub const ANALYZER_VERSION: &str = "kavosh-fa-en-5";
