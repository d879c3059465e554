//! Finding the article files under the paths given to `kavosh index`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{Format, Problem, ProblemKind};
use crate::error::{Error, Result};

/// A file to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its document path: relative to the folder it was found under (or its
    /// file name when the file itself was given), with `/` separators.
    pub doc: String,
    /// Size in bytes.
    pub size: u64,
}

/// What [`discover`] found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Files to read, sorted by document path.
    pub files: Vec<SourceFile>,
    /// Files that will not be read (unsupported, duplicates, unreadable folders).
    pub problems: Vec<Problem>,
}

impl Discovery {
    /// Total size of the files to read.
    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn doc_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Walks files and folders (recursively, following links, skipping hidden
/// entries) and lists the files in them that kavosh reads (see
/// [`Format::of`]). A path that does not exist is
/// an error; everything else wrong is a [`Problem`] in the result.
pub fn discover(roots: &[PathBuf]) -> Result<Discovery> {
    let mut found = Discovery::default();
    let mut seen = HashSet::new();
    for root in roots {
        let meta = std::fs::metadata(root).map_err(|source| Error::CorpusPath {
            path: root.clone(),
            source,
        })?;
        let mut add = |path: PathBuf, doc: String, size: u64, found: &mut Discovery| {
            if Format::of(&path).is_none() {
                let extension = extension(&path);
                found
                    .problems
                    .push(Problem::file(path, ProblemKind::Unsupported { extension }));
            } else if !seen.insert(doc.clone()) {
                found
                    .problems
                    .push(Problem::file(path, ProblemKind::Duplicate { doc }));
            } else {
                found.files.push(SourceFile { path, doc, size });
            }
        };
        if meta.is_file() {
            let doc = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            add(root.clone(), doc, meta.len(), &mut found);
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.path()));
        // With several folders, documents are named under each folder's own
        // name (`fa-news/part-0001.jsonl`), so files of the same name in two
        // folders stay two documents.
        let prefix = match (roots.len() > 1, root.file_name()) {
            (true, Some(name)) => format!("{}/", name.to_string_lossy()),
            _ => String::new(),
        };
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                    let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                    let doc = format!("{prefix}{}", doc_path(rel));
                    add(entry.path().to_path_buf(), doc, size, &mut found);
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone());
                    found.problems.push(Problem::file(
                        path,
                        ProblemKind::Unreadable {
                            error: err.to_string(),
                        },
                    ));
                }
            }
        }
    }
    found.files.sort_by(|a, b| a.doc.cmp(&b.doc));
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_folders_skips_hidden_and_reports_other_formats() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("2012/oct")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join("2012/oct/iran-russia.txt"), "متن").unwrap();
        std::fs::write(root.join("b.TXT"), "متن").unwrap();
        std::fs::write(root.join(".hidden.txt"), "متن").unwrap();
        std::fs::write(root.join(".git/x.txt"), "متن").unwrap();
        std::fs::write(root.join("report.pdf"), "%PDF").unwrap();
        let found = discover(&[root.to_path_buf()]).unwrap();
        let docs: Vec<&str> = found.files.iter().map(|f| f.doc.as_str()).collect();
        assert_eq!(docs, ["2012/oct/iran-russia.txt", "b.TXT"]);
        assert_eq!(found.problems.len(), 1);
        assert!(found.problems[0].to_string().contains("report.pdf"));
        assert_eq!(found.total_bytes(), 12);
    }

    #[test]
    fn every_readable_format_is_listed() {
        let dir = tempfile::tempdir().unwrap();
        let readable = [
            "a.txt",
            "b.md",
            "c.markdown",
            "d.html",
            "e.HTM",
            "f.json",
            "g.jsonl",
        ];
        for name in readable.iter().chain(&["h.docx", "i"]) {
            std::fs::write(dir.path().join(name), "متن").unwrap();
        }
        let found = discover(&[dir.path().to_path_buf()]).unwrap();
        let docs: Vec<&str> = found.files.iter().map(|f| f.doc.as_str()).collect();
        assert_eq!(docs, readable);
        let skipped: Vec<String> = found.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(skipped.len(), 2);
        assert!(
            skipped[0].contains("h.docx: unsupported format '.docx'"),
            "{skipped:?}"
        );
        assert!(skipped[1].contains("i: no file extension"), "{skipped:?}");
    }

    #[test]
    fn a_file_root_is_named_by_its_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("seed.txt");
        std::fs::write(&file, "متن").unwrap();
        let found = discover(&[file.clone(), file]).unwrap();
        assert_eq!(found.files.len(), 1);
        assert_eq!(found.files[0].doc, "seed.txt");
        assert!(matches!(
            found.problems[0].kind,
            ProblemKind::Duplicate { .. }
        ));
    }

    #[test]
    fn several_folders_name_documents_under_their_folder() {
        let dir = tempfile::tempdir().unwrap();
        for shard in ["fa-news", "en-news"] {
            std::fs::create_dir_all(dir.path().join(shard)).unwrap();
            std::fs::write(dir.path().join(shard).join("part-0001.jsonl"), "{}").unwrap();
        }
        let roots = [dir.path().join("fa-news"), dir.path().join("en-news")];
        let found = discover(&roots).unwrap();
        let docs: Vec<&str> = found.files.iter().map(|f| f.doc.as_str()).collect();
        assert_eq!(docs, ["en-news/part-0001.jsonl", "fa-news/part-0001.jsonl"]);
        assert!(found.problems.is_empty());
        // One folder: names relative to it, as before.
        let found = discover(&roots[..1]).unwrap();
        assert_eq!(found.files[0].doc, "part-0001.jsonl");
    }

    #[test]
    fn missing_root_is_an_error() {
        let err = discover(&[PathBuf::from("/no/such/corpus")]).unwrap_err();
        assert!(err.to_string().contains("/no/such/corpus"));
    }
}
