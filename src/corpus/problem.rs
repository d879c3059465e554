//! What can be wrong with a corpus file, a line or a paragraph of it, said
//! as `PATH[:LINE]: what is wrong; what to do`.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{MAX_FILE_BYTES, MAX_PARAGRAPH_BYTES, MAX_RECORD_BYTES};

/// Why a file, or a part of it, was not indexed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProblemKind {
    /// The file could not be read (permissions, I/O error).
    Unreadable {
        /// The operating system's message.
        error: String,
    },
    /// A JSON line or file is not UTF-8 (JSON must be).
    NotUtf8 {
        /// Offset of the first byte that is not UTF-8.
        byte_offset: usize,
    },
    /// The bytes are no text kavosh can decode: not UTF-8 or UTF-16 (with a
    /// BOM), and not plausible Windows-1256 Persian either.
    Undecodable {
        /// Offset of the first byte that is not UTF-8.
        byte_offset: usize,
    },
    /// The file is empty or holds only whitespace.
    Empty,
    /// No paragraph was found (only headings or metadata, or an empty record text).
    NoPassages,
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge {
        /// The file's size.
        bytes: u64,
    },
    /// One line of a JSON Lines file is larger than [`MAX_RECORD_BYTES`].
    RecordTooLong {
        /// The line's size.
        bytes: u64,
    },
    /// One paragraph is larger than [`MAX_PARAGRAPH_BYTES`].
    ParagraphTooLong {
        /// The paragraph's size.
        bytes: u64,
    },
    /// A line (JSON Lines) or file (JSON) is not valid JSON.
    MalformedJson {
        /// 1-based column (in characters of the line) where parsing failed.
        column: usize,
        /// The parser's message.
        error: String,
    },
    /// A JSON value that is not a usable record.
    BadRecord {
        /// What is wrong with it.
        reason: String,
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
    /// The file changed or disappeared while it was being indexed: what
    /// was read of it is not kept, and the next run reads it again.
    ChangedWhileRead,
    /// The file has more problems than are listed one by one.
    MoreProblems {
        /// How many were not listed.
        count: usize,
    },
}

/// A file, line or paragraph that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The file, as found on disk.
    pub path: PathBuf,
    /// The 1-based line of the file the problem is on, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// What is wrong with it.
    #[serde(flatten)]
    pub kind: ProblemKind,
}

impl Problem {
    /// A problem with a whole file.
    pub fn file(path: impl Into<PathBuf>, kind: ProblemKind) -> Problem {
        Problem {
            path: path.into(),
            line: None,
            kind,
        }
    }
}

const MIB: u64 = 1024 * 1024;

/// A size as people read it: `700 KiB`, `1 MiB`, `173.9 MiB`.
fn size(bytes: u64) -> String {
    if bytes < MIB {
        format!("{} KiB", bytes.div_ceil(1024))
    } else if bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    }
}

impl fmt::Display for Problem {
    /// ```
    /// use kavosh::corpus::{Problem, ProblemKind};
    /// let p = Problem { path: "news.jsonl".into(), line: Some(7),
    ///                   kind: ProblemKind::BadRecord { reason: "no \"text\" field".into() } };
    /// assert!(p.to_string().starts_with("news.jsonl:7: not a usable record (no \"text\" field)"));
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        match &self.kind {
            ProblemKind::Unreadable { error } if error.contains("(os error 2)") => write!(
                f,
                ": it disappeared before it could be read ({error}); run `kavosh index` again if it comes back"
            ),
            ProblemKind::Unreadable { error } if error.contains("File system loop") => write!(
                f,
                ": a symbolic link loop ({error}); skipped: remove or fix the link"
            ),
            ProblemKind::Unreadable { error } => {
                write!(f, ": cannot read it ({error}); check its permissions")
            }
            ProblemKind::ChangedWhileRead => write!(
                f,
                ": it changed or disappeared while it was being indexed, so it was skipped; run `kavosh index` again to index its current content"
            ),
            ProblemKind::NotUtf8 { byte_offset } => write!(
                f,
                ": not valid UTF-8 (first bad byte at offset {byte_offset}); JSON must be UTF-8: convert it, e.g. `iconv -f WINDOWS-1256 -t UTF-8`"
            ),
            ProblemKind::Undecodable { byte_offset } => write!(
                f,
                ": not UTF-8, UTF-16 or Windows-1256 text (first byte that is not UTF-8 at offset {byte_offset}); if it is text, convert it to UTF-8, e.g. `iconv -f ENCODING -t UTF-8`"
            ),
            ProblemKind::Empty => write!(f, ": empty file, nothing to index"),
            ProblemKind::NoPassages => write!(
                f,
                ": no paragraph found (the text is empty, or only headings or metadata lines)"
            ),
            ProblemKind::TooLarge { bytes } => write!(
                f,
                ": {} is larger than the {} limit for one file of this format; split it into several files (or use JSON Lines, which has no file limit)",
                size(*bytes),
                size(MAX_FILE_BYTES)
            ),
            ProblemKind::RecordTooLong { bytes } => write!(
                f,
                ": this line is {}, larger than the {} limit for one record; split the record, the other lines are indexed",
                size(*bytes),
                size(MAX_RECORD_BYTES as u64)
            ),
            ProblemKind::ParagraphTooLong { bytes } => write!(
                f,
                ": a paragraph of {} is larger than the {} limit, skipped; break it into paragraphs (blank lines or one per line)",
                size(*bytes),
                size(MAX_PARAGRAPH_BYTES)
            ),
            ProblemKind::MalformedJson { column, error } => write!(
                f,
                ": malformed JSON at column {column} ({error}); fix or remove this record, the others are indexed"
            ),
            ProblemKind::BadRecord { reason } => write!(
                f,
                ": not a usable record ({reason}); a record is a JSON object with a \"text\" string and optional \"id\", \"title\", \"date\", \"lang\""
            ),
            ProblemKind::Unsupported { extension } => {
                if extension.is_empty() {
                    write!(f, ": no file extension, so no known format")?;
                } else {
                    write!(f, ": unsupported format '.{extension}'")?;
                }
                write!(
                    f,
                    " (kavosh reads .txt, .md, .html, .htm, .json and .jsonl files), skipped"
                )
            }
            ProblemKind::Duplicate { doc } => {
                write!(f, ": another file is already indexed as '{doc}', skipped")
            }
            ProblemKind::MoreProblems { count } => write!(
                f,
                ": {count} more problems in this file not listed; check the file's format"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_names_the_file_and_the_line_when_known() {
        let at = |line, kind| {
            Problem {
                path: "corpus/fa/news-1391.jsonl".into(),
                line,
                kind,
            }
            .to_string()
        };
        let m = at(
            Some(42),
            ProblemKind::MalformedJson {
                column: 17,
                error: "EOF while parsing a string".into(),
            },
        );
        assert!(
            m.starts_with("corpus/fa/news-1391.jsonl:42: malformed JSON at column 17"),
            "{m}"
        );
        let m = at(None, ProblemKind::Empty);
        assert_eq!(m, "corpus/fa/news-1391.jsonl: empty file, nothing to index");
        let m = at(Some(3), ProblemKind::ParagraphTooLong { bytes: 2 * MIB });
        assert!(
            m.contains(":3: a paragraph of 2 MiB is larger than the 1 MiB limit"),
            "{m}"
        );
        let m = at(
            Some(1),
            ProblemKind::RecordTooLong {
                bytes: 100 * MIB + MIB / 2,
            },
        );
        assert!(
            m.contains(":1: this line is 100.5 MiB, larger than the 16 MiB limit"),
            "{m}"
        );
    }

    #[test]
    fn serialises_with_kind_and_optional_line() {
        let p = Problem::file("a.txt", ProblemKind::Empty);
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            serde_json::json!({"path": "a.txt", "kind": "empty"})
        );
        let p = Problem {
            line: Some(2),
            ..Problem::file("a.jsonl", ProblemKind::NotUtf8 { byte_offset: 5 })
        };
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            serde_json::json!({"path": "a.jsonl", "line": 2, "kind": "not_utf8", "byte_offset": 5})
        );
    }
}
