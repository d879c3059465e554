//! kavosh (کاوش, "search"): bilingual Persian/English full-text search over
//! paragraphs, built on [tantivy](https://docs.rs/tantivy).
//!
//! The crate is the whole engine; the `kavosh` binary only parses arguments
//! and prints. Each concern has its module:
//!
//! | module | concern |
//! |---|---|
//! | [`analysis`] | the Persian/English analyzer: tokenizer and one filter per normalisation |
//! | [`corpus`] | finding article files and splitting them into passages, sections, metadata |
//! | [`index`] | the tantivy schema, opening and (re)building an index |
//! | [`query`] | the query syntax and its analysed plan, built into tantivy queries in code |
//! | [`search`] | ranking, hits, highlights and snippets |
//! | [`output`] | JSON and text printing |
//!
//! # Example
//!
//! ```
//! use kavosh::{SearchIndex, SearchOptions};
//! use kavosh::index::{IndexOptions, SilentProgress};
//!
//! // A corpus folder with one article: a title, a section heading, one
//! // passage per line.
//! let corpus = tempfile::tempdir()?;
//! std::fs::write(
//!     corpus.path().join("caspian.txt"),
//!     "روابط ایران و روسیه\n\
//!      دریای خزر\n\
//!      كشتيراني میان بندر انزلی و آستاراخان در سال ۱۳۸۶ گسترش یافت.\n\
//!      نیروگاه هسته‌ای بوشهر با همکاری روسیه ساخته شد.\n",
//! )?;
//!
//! // Build an index, then search it: Arabic letters, ZWNJ and Persian digits
//! // in the text are found by their plain spellings.
//! let dir = tempfile::tempdir()?;
//! let index = SearchIndex::open_or_create(dir.path())?;
//! index.rebuild(&[corpus.path().to_path_buf()], &IndexOptions::default(), &SilentProgress)?;
//!
//! let results = index.search("کشتیرانی 1386", &SearchOptions::default())?;
//! let hit = &results.hits[0];
//! assert_eq!((hit.doc.as_str(), hit.line), ("caspian.txt", 3));
//! assert_eq!(hit.title, "روابط ایران و روسیه");
//! assert_eq!(hit.section.as_deref(), Some("دریای خزر"));
//! assert_eq!(hit.highlights, [[0, 8], [44, 48]]); // «كشتيراني» and «۱۳۸۶», in characters
//!
//! let results = index.search("هسته ای", &SearchOptions::default())?;
//! assert_eq!(results.hits[0].line, 4);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

pub mod analysis;
pub mod bilingual;
pub mod corpus;
pub mod error;
pub mod index;
pub mod output;
pub mod query;
pub mod search;

pub use error::{Error, Result};
pub use index::SearchIndex;
pub use search::{Hit, SearchOptions, SearchResults};
