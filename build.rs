//! Build script: data the library embeds, prepared once at compile time.
//!
//! * `fa-words.table`: the Persian word list (`data/fa-words.tsv`) as a
//!   [`word_table`] hash table, so that no process parses it at start.
//! * `KAVOSH_ANALYSIS_FINGERPRINT`: a hash of every file the analysis
//!   depends on (`src/analysis/`, `src/bilingual/`, `data/`). Caches of
//!   analysed data written into an index folder (the analysed bilingual
//!   lexicon) carry it, so any change to the analyzer, its word lists or the
//!   lexicon makes them stale, even without a version bump.
//! * `KAVOSH_LEXICON_KEY`: the key a cache of the shipped lexicon carries
//!   (`cache_key::key` of the analyzer version, the fingerprint and
//!   `data/lexicon/en-fa.tsv`), so that no search hashes the lexicon.
//! * On Linux, the `kavosh` binary is linked at a fixed address (see
//!   [`link_binary_at_fixed_address`]).

use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "src/analysis/word_table.rs"]
mod word_table;

#[path = "src/analysis/version.rs"]
mod version;

#[allow(dead_code)]
#[path = "src/bilingual/cache_key.rs"]
mod cache_key;

/// The shipped lexicon (what `src/bilingual/lexicon.rs` includes).
const LEXICON: &str = "data/lexicon/en-fa.tsv";

/// The folders whose files the analysis depends on.
const ANALYSIS_INPUTS: [&str; 3] = ["src/analysis", "src/bilingual", "data"];

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let words = std::fs::read_to_string("data/fa-words.tsv").expect("data/fa-words.tsv");
    std::fs::write(out.join("fa-words.table"), word_table::build(&words))
        .expect("write fa-words.table");

    let mut files = Vec::new();
    for dir in ANALYSIS_INPUTS {
        println!("cargo:rerun-if-changed={dir}");
        collect(Path::new(dir), &mut files);
    }
    files.sort();
    let mut all = Vec::new();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        all.extend_from_slice(file.to_string_lossy().as_bytes());
        all.push(0);
        all.extend_from_slice(&std::fs::read(file).expect("read an analysis input"));
        all.push(0);
    }
    let fingerprint = format!("{:016x}", word_table::hash(&all));
    println!("cargo:rustc-env=KAVOSH_ANALYSIS_FINGERPRINT={fingerprint}");
    let lexicon = std::fs::read_to_string(LEXICON).expect("data/lexicon/en-fa.tsv");
    let key = cache_key::key(version::ANALYZER_VERSION, &fingerprint, &lexicon);
    println!("cargo:rustc-env=KAVOSH_LEXICON_KEY={key:016x}");
    link_binary_at_fixed_address();
}

/// Links the `kavosh` binary as a position-dependent executable on Linux.
/// As a position-independent one (the default), the dynamic loader must
/// patch about 45,000 pointers (string slices, vtables, panic locations)
/// at every start, writing 230 pages of it: a fifth of the page faults of
/// a whole `kavosh search` process. Linked at a fixed address, those
/// pointers are final in the file and only the pages a run reads are
/// mapped. The library (and the Python module built from it) stays
/// position-independent; only the binary's own load address is no longer
/// randomised, as with Go's default Linux binaries.
fn link_binary_at_fixed_address() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// Every file under `dir`, recursively.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
