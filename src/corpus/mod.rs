//! Reading the corpus: finding article files and turning each into
//! [`Article`]s of passages (paragraphs) with their section, line, language
//! and metadata.
//!
//! A file holds one article (`.txt`) or many. Reading never stops at a bad
//! file, line or paragraph: [`read_file`] returns the articles it could read
//! together with [`Problem`]s that name the file (and line) and say what to
//! do, and the indexer reports them and goes on with the rest.
//!
//! | concern | file |
//! |---|---|
//! | finding files | `discover.rs` |
//! | reading one file: format by extension, limits, problems | `read.rs`, `problem.rs` |
//! | bytes to text: BOM, UTF-8, UTF-16, Windows-1256 | `encoding.rs` |
//! | plain text: paragraphs, hard-wrapped lines, headings, metadata lines | `text.rs` |
//! | JSON and JSON Lines records | `records.rs` |
//! | Markdown | `markdown.rs` |
//! | HTML pages: article text without the page furniture | `html.rs` |
//! | headings and blocks of Markdown and HTML | `outline.rs` |
//! | dates in both calendars | `date.rs` |
//! | passage language | `lang.rs` |

pub mod date;
pub mod discover;
pub mod encoding;
pub mod html;
pub mod lang;
pub mod markdown;
mod outline;
pub mod problem;
pub mod read;
pub mod records;
pub mod text;

use serde::Serialize;

pub use date::{parse_date, Date};
pub use discover::{discover, Discovery, SourceFile};
pub use encoding::TextEncoding;
pub use problem::{Problem, ProblemKind};
pub use read::{read_file, stream_file, FileRead, FileSummary, Format};
pub use text::parse_text;

/// Files of a format read whole (all but JSON Lines) larger than this are
/// reported and skipped (split them first).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// One JSON Lines record (line) larger than this is reported and skipped.
pub const MAX_RECORD_BYTES: usize = 16 * 1024 * 1024;

/// One paragraph larger than this is reported and skipped.
pub const MAX_PARAGRAPH_BYTES: u64 = 1024 * 1024;

/// One article, split into passages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// Path of the file relative to the corpus root, with `/` separators.
    pub doc: String,
    /// The article's id: its file path for a file of one article, the
    /// record's `id` for JSON records.
    pub id: String,
    /// Title: a `Title:` metadata line, a record's title, the first heading,
    /// else derived from the file name (or a record's id).
    pub title: String,
    /// Publication line as written, e.g. «۱۷ مهر ۱۳۹۱ - ۰۷:۵۰».
    pub published: Option<String>,
    /// Publication date, ISO Gregorian `YYYY-MM-DD`: a record's `date`, a
    /// page's date, or the publication line read in either calendar.
    pub date: Option<String>,
    /// The article's language if the source states it (a record's `lang`,
    /// an HTML page's `lang`), as a primary tag such as `fa` or `en`.
    pub lang: Option<String>,
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
    /// 1-based line of the source file where the paragraph starts (for a
    /// JSON record: the line the record is on).
    pub line: u32,
    /// The heading the paragraph stands under, if any.
    pub section: Option<String>,
    /// The paragraph as in the source (for Markdown and HTML: its text,
    /// without markup).
    pub text: String,
    /// Its language, `fa` or `en`: the record's `lang` where a JSON record
    /// states it, else from the script of most of its letters.
    pub lang: String,
}

impl Passage {
    /// A passage whose language [`Article::complete`] sets: the one the
    /// source states, else read from its letters.
    pub(crate) fn new(paragraph: u32, line: u32, section: Option<String>, text: &str) -> Passage {
        Passage {
            paragraph,
            line,
            section,
            lang: String::new(),
            text: text.to_string(),
        }
    }
}

impl Article {
    /// An article with no title or passages yet.
    pub(crate) fn new(doc: &str, id: &str) -> Article {
        Article {
            doc: doc.to_string(),
            id: id.to_string(),
            title: String::new(),
            published: None,
            date: None,
            lang: None,
            news_id: None,
            passages: Vec::new(),
        }
    }

    /// Fills in what follows from the rest: every passage's language (the
    /// `stated` one for all, else the one of most of its letters, or, for
    /// passages without letters, the article's language or that of most of
    /// its passages), the date from
    /// the publication line, and a missing title from the file name.
    pub(crate) fn complete(&mut self, stated: Option<&str>) {
        if self.title.is_empty() {
            self.title = text::title_from_doc(&self.doc);
        }
        if let Some(stated) = stated {
            // No need to read the letters (JSON records that state it: most
            // of a news corpus).
            for passage in &mut self.passages {
                passage.lang = stated.to_string();
            }
        } else {
            for passage in &mut self.passages {
                passage.lang = lang::detect(&passage.text).unwrap_or_default().to_string();
            }
            let persian = self
                .passages
                .iter()
                .filter(|p| p.lang == lang::PERSIAN)
                .count();
            let english = self
                .passages
                .iter()
                .filter(|p| p.lang == lang::ENGLISH)
                .count();
            let fallback = match self.lang.as_deref() {
                Some(l @ (lang::PERSIAN | lang::ENGLISH)) => l,
                _ if english > persian => lang::ENGLISH,
                _ => lang::PERSIAN,
            };
            for passage in self.passages.iter_mut().filter(|p| p.lang.is_empty()) {
                passage.lang = fallback.to_string();
            }
        }
        if self.date.is_none() {
            self.date = self
                .published
                .as_deref()
                .and_then(parse_date)
                .map(Date::iso);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(passages: &[&str], lang: Option<&str>) -> Article {
        let mut a = Article::new("news.txt", "news.txt");
        a.lang = lang.map(str::to_string);
        a.passages = passages
            .iter()
            .enumerate()
            .map(|(i, t)| Passage::new(i as u32 + 1, i as u32 + 1, None, t))
            .collect();
        a
    }

    #[test]
    fn passage_languages_come_from_their_letters() {
        let mut a = article(
            &[
                "نیروگاه بوشهر با همکاری روسیه ساخته شد.",
                "Rosatom built the Bushehr plant.",
                "۱۳۹۱ - 2012",
            ],
            None,
        );
        a.complete(None);
        let langs: Vec<&str> = a.passages.iter().map(|p| p.lang.as_str()).collect();
        assert_eq!(
            langs,
            ["fa", "en", "fa"],
            "no letters: the majority, ties to fa"
        );
    }

    #[test]
    fn a_stated_language_wins() {
        let mut a = article(&["Surah Al-Hijr, verse 5", "۱۵:۵"], Some("en"));
        a.complete(None);
        assert_eq!(
            a.passages[1].lang, "en",
            "passages without letters take the article's"
        );
        a.complete(Some("fa"));
        assert!(a.passages.iter().all(|p| p.lang == "fa"));
    }

    #[test]
    fn the_date_comes_from_the_publication_line() {
        let mut a = article(&["متن"], None);
        a.published = Some("۱۷ مهر ۱۳۹۱ - ۰۷:۵۰".into());
        a.complete(None);
        assert_eq!(a.date.as_deref(), Some("2012-10-08"));
        let mut a = article(&["متن"], None);
        a.published = Some("نامعلوم".into());
        a.complete(None);
        assert_eq!(a.date, None);
    }
}
