//! Which files an incremental run must read: the files found on disk,
//! compared by content hash with what the index holds.

use std::collections::HashSet;

use serde::Serialize;

use super::manifest::{IndexedFile, Manifest};
use crate::corpus::SourceFile;

/// A file found on disk with the hash of its bytes, or the error that kept
/// it from being hashed.
pub type HashedFile = (SourceFile, std::io::Result<u64>);

/// A file to read, with its hash.
#[derive(Debug, Clone)]
pub struct ToRead {
    /// The file.
    pub file: SourceFile,
    /// The hash of its bytes.
    pub hash: u64,
    /// True when the index holds an older version of it (its passages are
    /// deleted first).
    pub changed: bool,
}

/// What an incremental run does with each file.
#[derive(Debug, Default)]
pub struct Changes {
    /// New and changed files, to read.
    pub to_read: Vec<ToRead>,
    /// Files the index holds with the same hash: not read again.
    pub unchanged: Vec<(SourceFile, IndexedFile)>,
    /// Files that could not be hashed (unreadable), with the error.
    pub unreadable: Vec<(SourceFile, std::io::Error)>,
    /// Document paths whose passages the run deletes: files gone from disk,
    /// changed and unreadable ones that the index holds.
    pub deleted: Vec<String>,
    /// How many of `deleted` are files gone from disk.
    pub removed: usize,
}

/// How many files an indexing run added, changed, left, removed or skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FileCounts {
    /// Files read for the first time that gave passages.
    pub added: usize,
    /// Files whose content changed since they were indexed, read again
    /// (their old passages replaced).
    pub changed: usize,
    /// Files with the same content as when they were indexed: not read.
    pub unchanged: usize,
    /// Files indexed before that are no longer among the corpus paths
    /// (their passages deleted).
    pub removed: usize,
    /// Files that gave no passage: unsupported, unreadable, empty,
    /// undecodable… (their old passages, if any, deleted).
    pub skipped: usize,
}

/// Sorts the `found` files against the `indexed` ones.
///
/// ```
/// use kavosh::index::changes::compare;
/// use kavosh::index::manifest::Manifest;
/// use kavosh::corpus::SourceFile;
/// let file = SourceFile { path: "corpus/a.txt".into(), doc: "a.txt".into(), size: 10 };
/// let changes = compare(vec![(file, Ok(42))], &Manifest::default());
/// assert_eq!(changes.to_read.len(), 1);
/// assert!(!changes.to_read[0].changed);
/// ```
pub fn compare(found: Vec<HashedFile>, indexed: &Manifest) -> Changes {
    let mut changes = Changes::default();
    let mut present = HashSet::new();
    for (file, hash) in found {
        let before = indexed.get(&file.doc).copied();
        present.insert(file.doc.clone());
        match (hash, before) {
            (Ok(hash), Some(before)) if before.hash == hash => {
                changes.unchanged.push((file, before));
            }
            (Ok(hash), before) => {
                if before.is_some() {
                    changes.deleted.push(file.doc.clone());
                }
                changes.to_read.push(ToRead {
                    file,
                    hash,
                    changed: before.is_some(),
                });
            }
            (Err(error), before) => {
                if before.is_some() {
                    changes.deleted.push(file.doc.clone());
                }
                changes.unreadable.push((file, error));
            }
        }
    }
    let mut gone: Vec<String> = indexed
        .docs()
        .filter(|doc| !present.contains(*doc))
        .map(str::to_string)
        .collect();
    gone.sort();
    changes.removed = gone.len();
    changes.deleted.extend(gone);
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(doc: &str) -> SourceFile {
        SourceFile {
            path: format!("corpus/{doc}").into(),
            doc: doc.to_string(),
            size: 100,
        }
    }

    fn indexed(hash: u64) -> IndexedFile {
        IndexedFile {
            hash,
            passages: 3,
            articles: 1,
        }
    }

    #[test]
    fn new_changed_unchanged_removed_and_unreadable() {
        let manifest: Manifest = [
            ("fa/bushehr.txt".to_string(), indexed(1)),
            ("fa/caspian.md".to_string(), indexed(2)),
            ("news/old.jsonl".to_string(), indexed(3)),
            ("news/locked.jsonl".to_string(), indexed(4)),
        ]
        .into_iter()
        .collect();
        let denied = || std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let changes = compare(
            vec![
                (file("fa/bushehr.txt"), Ok(1)),
                (file("fa/caspian.md"), Ok(20)),
                (file("en/tehrantimes.jsonl"), Ok(5)),
                (file("news/locked.jsonl"), Err(denied())),
                (file("news/new-locked.jsonl"), Err(denied())),
            ],
            &manifest,
        );
        let unchanged: Vec<&str> = changes
            .unchanged
            .iter()
            .map(|(f, _)| f.doc.as_str())
            .collect();
        assert_eq!(unchanged, ["fa/bushehr.txt"]);
        let to_read: Vec<(&str, u64, bool)> = changes
            .to_read
            .iter()
            .map(|r| (r.file.doc.as_str(), r.hash, r.changed))
            .collect();
        assert_eq!(
            to_read,
            [
                ("fa/caspian.md", 20, true),
                ("en/tehrantimes.jsonl", 5, false)
            ]
        );
        assert_eq!(changes.unreadable.len(), 2);
        assert_eq!(
            changes.deleted,
            ["fa/caspian.md", "news/locked.jsonl", "news/old.jsonl"]
        );
        assert_eq!(changes.removed, 1);
    }

    #[test]
    fn an_empty_index_reads_everything() {
        let changes = compare(
            vec![(file("a.txt"), Ok(1)), (file("b.txt"), Ok(1))],
            &Manifest::default(),
        );
        assert_eq!(changes.to_read.len(), 2);
        assert!(changes.deleted.is_empty() && changes.unchanged.is_empty());
    }
}
