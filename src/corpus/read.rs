//! Reading one corpus file: its format from its extension, its bytes
//! decoded, its articles handed out one by one, and everything that goes
//! wrong collected as [`Problem`]s, never a panic or a stop.
//!
//! | extension | format | articles |
//! |---|---|---|
//! | `.txt` | plain text ([`text`]) | one |
//! | `.md` | Markdown ([`markdown`]) | one |
//! | `.html`, `.htm` | a saved article page ([`html`]) | one |
//! | `.jsonl` | JSON Lines ([`records`]), streamed line by line | one per line |
//! | `.json` | JSON: a record or an array of records | one per record |
//!
//! Files are read one at a time; JSON Lines files are streamed line by line,
//! so memory stays bounded by the largest record, not the file.

use std::path::Path;

use serde::Serialize;

use super::encoding::{self, TextEncoding};
use super::{
    html, markdown, records, text, Article, Problem, ProblemKind, SourceFile, MAX_FILE_BYTES,
    MAX_PARAGRAPH_BYTES,
};

/// At most this many problems of one file are listed; the rest are counted.
pub const MAX_PROBLEMS_PER_FILE: usize = 20;

/// The formats kavosh reads, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// `.txt`: plain text, one article.
    Text,
    /// `.md`, `.markdown`: Markdown, one article.
    Markdown,
    /// `.html`, `.htm`: a saved article page, one article.
    Html,
    /// `.jsonl`: JSON Lines, one record (article) per line.
    JsonLines,
    /// `.json`: one record, or an array of records.
    Json,
}

impl Format {
    /// The format of a file from its extension (any case), if kavosh reads it.
    ///
    /// ```
    /// use kavosh::corpus::Format;
    /// assert_eq!(Format::of("corpus/iran-russia.TXT".as_ref()), Some(Format::Text));
    /// assert_eq!(Format::of("report.pdf".as_ref()), None);
    /// ```
    pub fn of(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "jsonl" => Some(Format::JsonLines),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// All that was read from one file.
#[derive(Debug, Default)]
pub struct FileRead {
    /// The articles, in file order.
    pub articles: Vec<Article>,
    /// What was skipped (the file, some lines, some paragraphs) and why.
    pub problems: Vec<Problem>,
    /// The encoding the file was decoded with, once it was read.
    pub encoding: Option<TextEncoding>,
}

/// What [`stream_file`] did with one file.
#[derive(Debug, Default, Clone, Serialize)]
pub struct FileSummary {
    /// The encoding the file was decoded with, once it was read.
    pub encoding: Option<TextEncoding>,
    /// Articles handed out.
    pub articles: usize,
    /// Passages in them.
    pub passages: usize,
    /// What was skipped and why.
    pub problems: Vec<Problem>,
}

/// Reads one file of the corpus: all its articles, and its problems.
///
/// ```
/// use kavosh::corpus::{read_file, SourceFile};
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("bushehr.txt");
/// std::fs::write(&path, "نیروگاه بوشهر\nنیروگاه بوشهر با همکاری روسیه ساخته شد.\nThe plant was built with Russian help.")?;
/// let read = read_file(&SourceFile { size: std::fs::metadata(&path)?.len(), doc: "bushehr.txt".into(), path });
/// assert!(read.problems.is_empty());
/// let article = &read.articles[0];
/// assert_eq!(article.title, "نیروگاه بوشهر");
/// assert_eq!((article.passages[0].lang.as_str(), article.passages[1].lang.as_str()), ("fa", "en"));
/// assert_eq!(read.encoding.unwrap().to_string(), "UTF-8");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn read_file(file: &SourceFile) -> FileRead {
    let mut articles = Vec::new();
    let summary = stream_file(file, &mut |article| {
        articles.push(article);
        true
    });
    FileRead {
        articles,
        problems: summary.problems,
        encoding: summary.encoding,
    }
}

/// Reads one file of the corpus and hands each article to `sink` as soon as
/// it is read (`sink` returns `false` to stop reading). Returns what was
/// read and the problems.
pub fn stream_file(file: &SourceFile, sink: &mut dyn FnMut(Article) -> bool) -> FileSummary {
    let mut out = Output {
        file,
        sink,
        summary: FileSummary::default(),
        unlisted: 0,
        stopped: false,
    };
    match Format::of(&file.path) {
        Some(Format::Text) => {
            if let Some(content) = out.read_text() {
                out.article(text::parse_text(&file.doc, &content), None);
            }
        }
        Some(Format::Markdown) => {
            if let Some(content) = out.read_text() {
                out.article(markdown::parse_markdown(&file.doc, &content), None);
            }
        }
        Some(Format::Html) => {
            if let Some(bytes) = out.read_bytes() {
                let declared = html::sniff_charset(&bytes);
                if let Some(content) = out.decode(bytes, declared) {
                    out.article(html::parse_html(&file.doc, &content), None);
                }
            }
        }
        Some(Format::JsonLines) => records::read_json_lines_file(&mut out),
        Some(Format::Json) => {
            if let Some(content) = out.read_text() {
                records::read_json(&content, &mut out);
            }
        }
        None => out.problem(
            None,
            ProblemKind::Unsupported {
                extension: file
                    .path
                    .extension()
                    .map(|e| e.to_string_lossy().to_lowercase())
                    .unwrap_or_default(),
            },
        ),
    }
    out.finish()
}

/// Where a format's reader puts what it finds: articles go to the sink
/// (after the paragraph limit), problems to the summary.
pub(crate) struct Output<'a> {
    pub(crate) file: &'a SourceFile,
    sink: &'a mut dyn FnMut(Article) -> bool,
    summary: FileSummary,
    unlisted: usize,
    stopped: bool,
}

impl Output<'_> {
    /// Notes a problem at `line` (of the whole file when `None`).
    pub(crate) fn problem(&mut self, line: Option<u32>, kind: ProblemKind) {
        if self.summary.problems.len() >= MAX_PROBLEMS_PER_FILE {
            self.unlisted += 1;
            return;
        }
        self.summary.problems.push(Problem {
            path: self.file.path.clone(),
            line,
            kind,
        });
    }

    /// Notes the encoding the file is read with.
    pub(crate) fn encoding(&mut self, encoding: TextEncoding) {
        self.summary.encoding = Some(encoding);
    }

    /// True once the sink asked to stop.
    pub(crate) fn stopped(&self) -> bool {
        self.stopped
    }

    /// Hands an article on: paragraphs over [`MAX_PARAGRAPH_BYTES`] are
    /// dropped with a problem each, and an article left without passages is
    /// a problem (at `line`, a record's line) rather than an article.
    pub(crate) fn article(&mut self, mut article: Article, line: Option<u32>) {
        if self.stopped {
            return;
        }
        let before = article.passages.len();
        let mut too_long = Vec::new();
        article.passages.retain(|p| {
            let keep = p.text.len() as u64 <= MAX_PARAGRAPH_BYTES;
            if !keep {
                too_long.push((p.line, p.text.len() as u64));
            }
            keep
        });
        for (at, bytes) in too_long {
            self.problem(Some(at), ProblemKind::ParagraphTooLong { bytes });
        }
        if article.passages.is_empty() {
            if before == 0 {
                self.problem(line, ProblemKind::NoPassages);
            }
            return;
        }
        self.summary.articles += 1;
        self.summary.passages += article.passages.len();
        if !(self.sink)(article) {
            self.stopped = true;
        }
    }

    /// The file's bytes, if it is not too large and can be read.
    pub(crate) fn read_bytes(&mut self) -> Option<Vec<u8>> {
        if self.file.size > MAX_FILE_BYTES {
            self.problem(
                None,
                ProblemKind::TooLarge {
                    bytes: self.file.size,
                },
            );
            return None;
        }
        match std::fs::read(&self.file.path) {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                self.problem(
                    None,
                    ProblemKind::Unreadable {
                        error: e.to_string(),
                    },
                );
                None
            }
        }
    }

    /// The file decoded to text (see [`encoding::decode`]), if it is not
    /// empty.
    pub(crate) fn read_text(&mut self) -> Option<String> {
        let bytes = self.read_bytes()?;
        self.decode(bytes, None)
    }

    /// `bytes` decoded to text, if they decode and hold more than whitespace.
    pub(crate) fn decode(
        &mut self,
        bytes: Vec<u8>,
        declared: Option<&'static encoding_rs::Encoding>,
    ) -> Option<String> {
        match encoding::decode(bytes, declared) {
            Ok((text, encoding)) => {
                self.encoding(encoding);
                if text.trim().is_empty() {
                    self.problem(None, ProblemKind::Empty);
                    return None;
                }
                Some(text)
            }
            Err(e) => {
                self.problem(
                    None,
                    ProblemKind::Undecodable {
                        byte_offset: e.byte_offset,
                    },
                );
                None
            }
        }
    }

    fn finish(mut self) -> FileSummary {
        if self.unlisted > 0 {
            self.summary.problems.push(Problem {
                path: self.file.path.clone(),
                line: None,
                kind: ProblemKind::MoreProblems {
                    count: self.unlisted,
                },
            });
        }
        self.summary
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::path::PathBuf;

    /// Writes `bytes` to `name` in `dir` and describes it as a corpus file.
    pub(crate) fn source(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> SourceFile {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        SourceFile {
            size: bytes.len() as u64,
            doc: name.to_string(),
            path,
        }
    }

    /// Reads `bytes` as a corpus file called `name` (in a temporary folder).
    pub(crate) fn read_temp(name: &str, bytes: &[u8]) -> FileRead {
        let dir = tempfile::tempdir().unwrap();
        read_file(&source(&dir, name, bytes))
    }

    /// The kinds of the problems, with their lines.
    pub(crate) fn kinds(read: &FileRead) -> Vec<(Option<u32>, ProblemKind)> {
        read.problems
            .iter()
            .map(|p| (p.line, p.kind.clone()))
            .collect()
    }

    #[test]
    fn reads_a_utf8_article() {
        let dir = tempfile::tempdir().unwrap();
        let f = source(
            &dir,
            "a.txt",
            "دریای خزر\nروابط ایران و روسیه در دریای خزر گسترش یافت.\n".as_bytes(),
        );
        let read = read_file(&f);
        let article = &read.articles[0];
        assert_eq!(article.passages.len(), 1);
        assert_eq!(
            article.title, "دریای خزر",
            "a heading before any paragraph is the title"
        );
        assert_eq!(article.doc, "a.txt");
        assert_eq!(read.encoding, Some(TextEncoding::UTF8));
    }

    #[test]
    fn windows_1256_is_decoded_and_named() {
        let dir = tempfile::tempdir().unwrap();
        // «ايران» in Windows-1256.
        let f = source(&dir, "cp1256.txt", &[0xC7, 0xED, 0xD1, 0xC7, 0xE4, b'\n']);
        let read = read_file(&f);
        assert_eq!(read.articles[0].passages[0].text, "ايران");
        assert_eq!(
            read.encoding.unwrap().to_string(),
            "windows-1256 (detected)"
        );
    }

    #[test]
    fn undecodable_bytes_are_a_problem_not_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let f = source(&dir, "scan.txt", &[0x89, b'P', b'N', b'G', 0, 0, 0, 0x0D]);
        let read = read_file(&f);
        assert!(read.articles.is_empty());
        assert_eq!(
            kinds(&read),
            [(None, ProblemKind::Undecodable { byte_offset: 0 })]
        );
        assert!(read.problems[0].to_string().contains("scan.txt: not UTF-8"));
    }

    #[test]
    fn empty_and_blank_files() {
        for (name, bytes) in [
            ("e.txt", &b""[..]),
            ("b.txt", b" \n\n\t\n"),
            ("bom.txt", "\u{feff}\n".as_bytes()),
        ] {
            let read = read_temp(name, bytes);
            assert_eq!(kinds(&read), [(None, ProblemKind::Empty)], "{name}");
        }
    }

    #[test]
    fn too_large_is_checked_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = source(&dir, "big.txt", b"x");
        f.size = MAX_FILE_BYTES + 1;
        assert!(matches!(
            read_file(&f).problems[0].kind,
            ProblemKind::TooLarge { .. }
        ));
    }

    #[test]
    fn a_paragraph_over_the_limit_is_skipped_with_its_line() {
        let long = "ایران و روسیه ".repeat(100_000); // 2.5 MB on one line
        let text = format!("روابط ایران و روسیه گسترش یافت.\n{long}\nدریای خزر دریاچه است.\n");
        let read = read_temp("long.txt", text.as_bytes());
        assert_eq!(read.articles[0].passages.len(), 2);
        assert_eq!(read.problems.len(), 1);
        assert_eq!(read.problems[0].line, Some(2));
        assert!(read.problems[0].to_string().starts_with(&format!(
            "{}:2: a paragraph of",
            read.problems[0].path.display()
        )));
        // a file that is one long line is reported once, not also as empty
        let read = read_temp("one-line.txt", long.as_bytes());
        assert!(read.articles.is_empty());
        assert_eq!(read.problems.len(), 1);
        assert!(matches!(
            read.problems[0].kind,
            ProblemKind::ParagraphTooLong { .. }
        ));
    }

    #[test]
    fn unreadable_and_unsupported_files() {
        let f = SourceFile {
            path: PathBuf::from("/nonexistent/kavosh/x.txt"),
            doc: "x.txt".into(),
            size: 1,
        };
        let read = read_file(&f);
        assert!(matches!(
            read.problems[0].kind,
            ProblemKind::Unreadable { .. }
        ));
        assert!(read.problems[0]
            .to_string()
            .contains("/nonexistent/kavosh/x.txt"));
        let f = SourceFile {
            path: PathBuf::from("notes.PDF"),
            doc: "notes.PDF".into(),
            size: 1,
        };
        assert_eq!(
            read_file(&f).problems[0].kind,
            ProblemKind::Unsupported {
                extension: "pdf".into()
            }
        );
    }

    #[test]
    fn the_sink_can_stop_the_reading() {
        let dir = tempfile::tempdir().unwrap();
        let f = source(&dir, "a.txt", "متن خبر درباره بندر آستارا است.".as_bytes());
        let mut seen = 0;
        let summary = stream_file(&f, &mut |_| {
            seen += 1;
            false
        });
        assert_eq!((seen, summary.articles, summary.passages), (1, 1, 1));
    }
}
