//! What the index holds, file by file: read back from the index itself (the
//! `doc`, `hash` and `article` fast columns of the passages), so it can never
//! be out of step with the passages, whatever happened to an earlier run.

use std::collections::{HashMap, HashSet};

use tantivy::Searcher;

use super::schema::Fields;
use crate::error::Result;

/// One file as the index holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexedFile {
    /// The hash of the file's bytes when it was indexed (see
    /// [`file_hash`](super::hash::file_hash)).
    pub hash: u64,
    /// Its passages in the index.
    pub passages: u64,
    /// Its articles in the index.
    pub articles: u64,
}

/// The files of an index, by document path.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    files: HashMap<String, IndexedFile>,
}

impl Manifest {
    /// Reads the files of the searcher's commit. Time is linear in the
    /// passages (a few fast-column reads each), memory in the files and
    /// articles; no stored document is read.
    pub fn read(searcher: &Searcher, fields: &Fields) -> Result<Manifest> {
        let schema = searcher.schema();
        let (doc_name, hash_name, article_name) = (
            schema.get_field_name(fields.doc),
            schema.get_field_name(fields.hash),
            schema.get_field_name(fields.article),
        );
        let mut files: HashMap<String, IndexedFile> = HashMap::new();
        let mut articles_seen = HashSet::new();
        for segment in searcher.segment_readers() {
            let columns = segment.fast_fields();
            let Some(docs) = columns.str(doc_name)? else {
                continue;
            };
            let hashes = columns.u64(hash_name)?;
            let articles = columns.u64(article_name)?;
            // Per term ordinal of `doc` in this segment: (hash, passages, articles).
            let mut by_ord: HashMap<u64, IndexedFile> = HashMap::new();
            for doc in segment.doc_ids_alive() {
                let Some(ord) = docs.term_ords(doc).next() else {
                    continue;
                };
                let file = by_ord.entry(ord).or_insert(IndexedFile {
                    hash: hashes.first(doc).unwrap_or(0),
                    passages: 0,
                    articles: 0,
                });
                file.passages += 1;
                if articles.first(doc).is_some_and(|a| articles_seen.insert(a)) {
                    file.articles += 1;
                }
            }
            let mut name = String::new();
            for (ord, found) in by_ord {
                docs.ord_to_str(ord, &mut name)
                    .map_err(tantivy::TantivyError::from)?;
                let file = files.entry(name.clone()).or_insert(IndexedFile {
                    passages: 0,
                    articles: 0,
                    ..found
                });
                file.passages += found.passages;
                file.articles += found.articles;
            }
        }
        Ok(Manifest { files })
    }

    /// The file indexed under `doc`, if any.
    pub fn get(&self, doc: &str) -> Option<&IndexedFile> {
        self.files.get(doc)
    }

    /// Document paths of the indexed files, in no particular order.
    pub fn docs(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// How many files the index holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when the index holds no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl FromIterator<(String, IndexedFile)> for Manifest {
    fn from_iter<I: IntoIterator<Item = (String, IndexedFile)>>(iter: I) -> Self {
        Manifest {
            files: iter.into_iter().collect(),
        }
    }
}
