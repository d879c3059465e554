//! Reading the corpus: finding article files and turning each into an
//! [`Article`] of passages (paragraphs) with their section, line and metadata.
//!
//! Reading never stops at a bad file: [`read_article`] returns a [`Problem`]
//! that names the file and says what to do, and the indexer reports it and
//! goes on with the rest.

pub mod date;
pub mod discover;
pub mod lang;
pub mod text;

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

pub use discover::{discover, Discovery, SourceFile};
pub use text::parse_text;

/// Files larger than this are reported and skipped (split them first).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// One article, split into passages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// Path of the file relative to the corpus root, with `/` separators.
    pub doc: String,
    /// The article's id: its file path for text files.
    pub id: String,
    /// Title: a `Title:` metadata line, else derived from the file name.
    pub title: String,
    /// Publication line as written, e.g. «۱۷ مهر ۱۳۹۱ - ۰۷:۵۰».
    pub published: Option<String>,
    /// News id from a «شناسه خبر» / «کد خبر» / `ID:` line, in ASCII digits.
    pub news_id: Option<String>,
    /// The paragraphs, in order.
    pub passages: Vec<Passage>,
}

/// One paragraph of an article: the unit that is indexed and returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Passage {
    /// 1-based number of the paragraph within its article (headings and
    /// metadata lines are not counted).
    pub paragraph: u32,
    /// 1-based line of the source file where the paragraph starts.
    pub line: u32,
    /// The heading the paragraph stands under, if any.
    pub section: Option<String>,
    /// The paragraph exactly as in the source.
    pub text: String,
}

/// Why a file was not indexed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProblemKind {
    /// The file could not be read (permissions, I/O error).
    Unreadable {
        /// The operating system's message.
        error: String,
    },
    /// The bytes are not UTF-8.
    NotUtf8 {
        /// Offset of the first byte that is not UTF-8.
        byte_offset: usize,
    },
    /// The file is empty or holds only whitespace.
    Empty,
    /// The file has no paragraph (only headings or metadata).
    NoPassages,
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge {
        /// The file's size.
        bytes: u64,
    },
    /// The extension is not one kavosh reads.
    Unsupported {
        /// The file's extension, lowercased.
        extension: String,
    },
    /// Two files map to the same document path.
    Duplicate {
        /// The document path both files map to.
        doc: String,
    },
}

/// A file that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The file, as found on disk.
    pub path: PathBuf,
    /// What is wrong with it.
    #[serde(flatten)]
    pub kind: ProblemKind,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.kind {
            ProblemKind::Unreadable { error } => write!(f, "{path}: cannot read it ({error}); check its permissions"),
            ProblemKind::NotUtf8 { byte_offset } => write!(
                f,
                "{path}: not valid UTF-8 (first bad byte at offset {byte_offset}); convert it, e.g. `iconv -f WINDOWS-1256 -t UTF-8`"
            ),
            ProblemKind::Empty => write!(f, "{path}: empty file, nothing to index"),
            ProblemKind::NoPassages => write!(f, "{path}: no paragraph found (only headings or metadata lines)"),
            ProblemKind::TooLarge { bytes } => write!(
                f,
                "{path}: {} MiB is larger than the {} MiB limit for one file; split it into several files",
                bytes / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            ProblemKind::Unsupported { extension } => {
                write!(f, "{path}: unsupported format '.{extension}' (kavosh reads .txt files), skipped")
            }
            ProblemKind::Duplicate { doc } => {
                write!(f, "{path}: another file is already indexed as '{doc}', skipped")
            }
        }
    }
}

/// Reads one file of the corpus and splits it into an article.
pub fn read_article(file: &SourceFile) -> Result<Article, Problem> {
    let problem = |kind| Problem {
        path: file.path.clone(),
        kind,
    };
    if file.size > MAX_FILE_BYTES {
        return Err(problem(ProblemKind::TooLarge { bytes: file.size }));
    }
    let bytes = std::fs::read(&file.path).map_err(|e| {
        problem(ProblemKind::Unreadable {
            error: e.to_string(),
        })
    })?;
    let content = std::str::from_utf8(&bytes).map_err(|e| {
        problem(ProblemKind::NotUtf8 {
            byte_offset: e.valid_up_to(),
        })
    })?;
    if content.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(problem(ProblemKind::Empty));
    }
    let article = parse_text(&file.doc, content);
    if article.passages.is_empty() {
        return Err(problem(ProblemKind::NoPassages));
    }
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn source(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> SourceFile {
        let path = dir.path().join(name);
        std::fs::File::create(&path)
            .unwrap()
            .write_all(bytes)
            .unwrap();
        SourceFile {
            size: bytes.len() as u64,
            doc: name.to_string(),
            path,
        }
    }

    #[test]
    fn reads_a_utf8_article() {
        let dir = tempfile::tempdir().unwrap();
        let f = source(
            &dir,
            "a.txt",
            "دریای خزر\nروابط ایران و روسیه در دریای خزر گسترش یافت.\n".as_bytes(),
        );
        let article = read_article(&f).unwrap();
        assert_eq!(article.passages.len(), 1);
        assert_eq!(
            article.title, "دریای خزر",
            "a heading before any paragraph is the title"
        );
        assert_eq!(article.doc, "a.txt");
    }

    #[test]
    fn windows_1256_is_reported_not_garbled() {
        let dir = tempfile::tempdir().unwrap();
        // «ایران» in Windows-1256.
        let f = source(&dir, "cp1256.txt", &[0xC7, 0xED, 0xD1, 0xC7, 0xE4, b'\n']);
        let err = read_article(&f).unwrap_err();
        assert_eq!(err.kind, ProblemKind::NotUtf8 { byte_offset: 0 });
        assert!(err.to_string().contains("iconv"));
    }

    #[test]
    fn empty_and_blank_files() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            read_article(&source(&dir, "e.txt", b"")).unwrap_err().kind,
            ProblemKind::Empty
        );
        assert_eq!(
            read_article(&source(&dir, "b.txt", b" \n\n\t\n"))
                .unwrap_err()
                .kind,
            ProblemKind::Empty
        );
        assert_eq!(
            read_article(&source(&dir, "bom.txt", "\u{feff}\n".as_bytes()))
                .unwrap_err()
                .kind,
            ProblemKind::Empty
        );
    }

    #[test]
    fn too_large_is_checked_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = source(&dir, "big.txt", b"x");
        f.size = MAX_FILE_BYTES + 1;
        assert!(matches!(
            read_article(&f).unwrap_err().kind,
            ProblemKind::TooLarge { .. }
        ));
    }

    #[test]
    fn unreadable_file() {
        let f = SourceFile {
            path: PathBuf::from("/nonexistent/kavosh/x.txt"),
            doc: "x.txt".into(),
            size: 1,
        };
        let err = read_article(&f).unwrap_err();
        assert!(matches!(err.kind, ProblemKind::Unreadable { .. }));
        assert!(err.to_string().contains("/nonexistent/kavosh/x.txt"));
    }
}
