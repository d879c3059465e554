//! Plain-text articles: paragraphs, section headings and metadata lines.
//!
//! * Paragraphs are either the non-empty lines (one paragraph per line, as
//!   web text is usually saved) or, for hard-wrapped text, blocks of lines
//!   separated by blank lines. [`Layout::detect`] decides which.
//! * Metadata lines at the top («تاریخ انتشار : ۱۷ مهر ۱۳۹۱ - ۰۷:۵۰»,
//!   «شناسه خبر : ۲۴۲۱۶۰», `Title: …`) become fields, not passages.
//! * Headings (short lines without closing punctuation, followed by text)
//!   are not passages: they label the passages under them as their section.

use super::lang::normalise_tag;
use super::{Article, Passage};
use crate::analysis::digits::fold_digit;

/// A heading has at most this many characters…
const HEADING_MAX_CHARS: usize = 80;
/// …and at most this many words.
const HEADING_MAX_WORDS: usize = 12;
/// Metadata lines are looked for among the first lines only.
const METADATA_MAX_LINES: usize = 8;

/// How the paragraphs of a text file are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Every non-empty line is a paragraph.
    LinePerParagraph,
    /// Lines are wrapped at a fixed width; paragraphs are blocks separated by
    /// blank lines (or, without blank lines, end at a short line that closes
    /// a sentence).
    HardWrapped {
        /// The width the text is wrapped at, in characters.
        width: usize,
    },
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', '؟', ':', '؛', ';', '»', '"', '…'])
}

impl Layout {
    /// Looks at the lengths and endings of the non-empty lines: hard-wrapped
    /// text has many lines of similar, modest length that stop mid-sentence.
    pub fn detect(lines: &[&str]) -> Layout {
        let mut lengths: Vec<usize> = lines
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .map(|l| l.chars().count())
            .collect();
        if lengths.len() < 4 {
            return Layout::LinePerParagraph;
        }
        let open_ended = lines
            .iter()
            .filter(|l| !l.trim().is_empty() && !ends_sentence(l))
            .count();
        lengths.sort_unstable();
        let p90 = lengths[lengths.len() * 9 / 10];
        let median = lengths[lengths.len() / 2];
        let wrapped = p90 <= 110 && median >= 30 && open_ended * 2 > lengths.len();
        if wrapped {
            Layout::HardWrapped { width: p90 }
        } else {
            Layout::LinePerParagraph
        }
    }
}

/// A paragraph-or-heading candidate: its first line (1-based) and its text,
/// exactly as in the source.
struct Block<'a> {
    line: u32,
    text: &'a str,
    single_line: bool,
}

/// Splits `content` into blocks according to `layout`, starting at line
/// index `from` (0-based).
fn blocks<'a>(
    content: &'a str,
    lines: &[(usize, &'a str)],
    from: usize,
    layout: Layout,
) -> Vec<Block<'a>> {
    let mut out = Vec::new();
    match layout {
        Layout::LinePerParagraph => {
            for (i, (_, line)) in lines.iter().enumerate().skip(from) {
                if !line.trim().is_empty() {
                    out.push(Block {
                        line: i as u32 + 1,
                        text: line,
                        single_line: true,
                    });
                }
            }
        }
        Layout::HardWrapped { width } => {
            let mut start: Option<usize> = None;
            let close = |start: usize, end: usize, out: &mut Vec<Block<'a>>| {
                let (from_byte, _) = lines[start];
                let (last_byte, last) = lines[end];
                out.push(Block {
                    line: start as u32 + 1,
                    text: &content[from_byte..last_byte + last.len()],
                    single_line: start == end,
                });
            };
            for (i, &(_, line)) in lines.iter().enumerate().skip(from) {
                if line.trim().is_empty() {
                    if let Some(s) = start.take() {
                        close(s, i - 1, &mut out);
                    }
                    continue;
                }
                if start.is_none() {
                    start = Some(i);
                }
                let short = line.trim().chars().count() * 4 < width * 3;
                if short && ends_sentence(line) {
                    close(start.take().unwrap_or(i), i, &mut out);
                }
            }
            if let Some(s) = start {
                close(s, lines.len() - 1, &mut out);
            }
        }
    }
    out
}

fn is_heading_candidate(block: &Block) -> bool {
    let text = block.text.trim();
    block.single_line
        && !text.is_empty()
        // more bytes than the longest heading can have (4 a character):
        // most paragraphs are told apart without counting their letters
        && text.len() <= HEADING_MAX_CHARS * 4
        && text.chars().count() <= HEADING_MAX_CHARS
        && text.split_whitespace().count() <= HEADING_MAX_WORDS
        && !text.ends_with([
            '.', '!', '?', '؟', ':', '؛', ';', ',', '،', ')', '»', '"', '…', '-',
        ])
}

/// A metadata line at the top of a file (or in a Markdown front matter, or
/// anywhere in an HTML page): `label : value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Meta {
    Published(String),
    NewsId(String),
    Title(String),
    Lang(String),
}

/// Reads `label : value` lines: «تاریخ انتشار : …», «شناسه خبر : …»,
/// `Title:`, `Date:`, `Lang:`…
pub(crate) fn parse_metadata(line: &str) -> Option<Meta> {
    let (label, value) = line.split_once([':', '：'])?;
    let label: String = label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let value = value
        .trim()
        .trim_end_matches(|c: char| c.is_whitespace() || c == '،' || c == ',')
        .trim();
    if value.is_empty() || label.chars().count() > 30 {
        return None;
    }
    let label = label.replace(['ي', 'ى'], "ی").replace('ك', "ک");
    match label.as_str() {
        "تاریخ انتشار" | "زمان انتشار" | "تاریخ" | "date" | "published" => {
            Some(Meta::Published(value.to_string()))
        }
        "شناسه خبر" | "کد خبر" | "شناسه" | "id" | "news id" => Some(
            Meta::NewsId(value.chars().map(|c| fold_digit(c).unwrap_or(c)).collect()),
        ),
        "عنوان" | "title" => Some(Meta::Title(value.to_string())),
        "زبان" | "lang" | "language" => Some(Meta::Lang(value.to_string())),
        _ => None,
    }
}

/// A title from a file name: «iran-russia_relations.txt» → "iran russia relations".
pub(crate) fn title_from_doc(doc: &str) -> String {
    let name = doc.rsplit('/').next().unwrap_or(doc);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    stem.replace(['-', '_'], " ").trim().to_string()
}

/// The lines of `content` with the byte offset where each starts, without
/// their line endings.
fn lines_of(content: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for raw in content.split('\n') {
        lines.push((offset, raw.strip_suffix('\r').unwrap_or(raw)));
        offset += raw.len() + 1;
    }
    lines
}

/// Splits `text` into paragraphs as laid out by `layout`: every non-empty
/// line, or blocks of hard-wrapped lines. Gives each paragraph's 0-based
/// line within `text` and the paragraph, a slice of `text`.
///
/// ```
/// use kavosh::corpus::text::{split_paragraphs, Layout};
/// let text = "روابط ایران و روسیه در دو دهه گذشته\nفراز و نشیب داشته است.\n\nدریای خزر";
/// let found = split_paragraphs(text, Layout::HardWrapped { width: 40 });
/// assert_eq!(found, [(0, "روابط ایران و روسیه در دو دهه گذشته\nفراز و نشیب داشته است."), (3, "دریای خزر")]);
/// assert_eq!(split_paragraphs(text, Layout::LinePerParagraph).len(), 3);
/// ```
pub fn split_paragraphs(text: &str, layout: Layout) -> Vec<(u32, &str)> {
    let lines = lines_of(text);
    blocks(text, &lines, 0, layout)
        .into_iter()
        .map(|b| (b.line - 1, b.text))
        .collect()
}

/// Passages and (when asked for) a title found in a body of text.
#[derive(Debug, Default)]
pub(crate) struct Body {
    /// A heading that stands before every paragraph, when `title_wanted`.
    pub title: Option<String>,
    /// The paragraphs, with 1-based lines of the body's text.
    pub passages: Vec<Passage>,
}

/// Paragraphs and headings of the lines from index `from` on: the layout
/// is detected, headings label the passages under them, and a first
/// heading is the title when `title_wanted`.
fn parse_body(content: &str, lines: &[(usize, &str)], from: usize, title_wanted: bool) -> Body {
    let body: Vec<&str> = lines[from..].iter().map(|(_, l)| *l).collect();
    let layout = Layout::detect(&body);
    let blocks = blocks(content, lines, from, layout);

    // Headings only make sense among real paragraphs: in a file of short
    // lines (a list, a poem) every line is a passage.
    let candidates = blocks.iter().filter(|b| is_heading_candidate(b)).count();
    let use_headings = candidates * 2 <= blocks.len();

    let mut found = Body::default();
    let mut section: Option<String> = None;
    let mut heading_run = false;
    for (i, block) in blocks.iter().enumerate() {
        let is_last = i + 1 == blocks.len();
        if use_headings && !is_last && is_heading_candidate(block) {
            let heading = block.text.trim().to_string();
            if title_wanted && i == 0 {
                found.title = Some(heading);
                continue;
            }
            section = Some(match (heading_run, section.take()) {
                (true, Some(parent)) => format!("{parent} › {heading}"),
                _ => heading,
            });
            heading_run = true;
            continue;
        }
        heading_run = false;
        let number = found.passages.len() as u32 + 1;
        found.passages.push(Passage::new(
            number,
            block.line,
            section.clone(),
            block.text,
        ));
    }
    found
}

/// Paragraphs and headings of a text that has no metadata lines, such as a
/// JSON record's `text`: lines are 1-based lines of `text`.
pub(crate) fn parse_plain_body(text: &str, title_wanted: bool) -> Body {
    let lines = lines_of(text);
    parse_body(text, &lines, 0, title_wanted)
}

/// Splits a plain-text article into passages, sections and metadata.
///
/// ```
/// let text = "تاریخ انتشار : ۱۷ مهر ۱۳۹۱ - ۰۷:۵۰\nشناسه خبر : ۲۴۲۱۶۰\n\n\
///             روابط ایران و روسیه\nدریای خزر\nایران و روسیه در دریای خزر همکاری دارند.\n\
///             کشتیرانی میان دو کشور گسترش یافت.";
/// let article = kavosh::corpus::parse_text("iran-russia.txt", text);
/// assert_eq!(article.published.as_deref(), Some("۱۷ مهر ۱۳۹۱ - ۰۷:۵۰"));
/// assert_eq!(article.date.as_deref(), Some("2012-10-08"));
/// assert_eq!(article.news_id.as_deref(), Some("242160"));
/// assert_eq!(article.passages.len(), 2);
/// assert_eq!(article.passages[0].section.as_deref(), Some("دریای خزر"));
/// assert_eq!(article.passages[0].line, 6);
/// assert_eq!(article.passages[0].lang, "fa");
/// assert_eq!(article.title, "روابط ایران و روسیه");
/// ```
pub fn parse_text(doc: &str, content: &str) -> Article {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let lines = lines_of(content);
    let mut article = Article::new(doc, doc);

    // Metadata: the leading non-empty lines that parse as `label : value`.
    let mut body_start = 0;
    let mut seen_non_empty = 0;
    for (i, (_, line)) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            body_start = i + 1;
            continue;
        }
        seen_non_empty += 1;
        if seen_non_empty > METADATA_MAX_LINES {
            break;
        }
        match parse_metadata(line) {
            Some(Meta::Published(v)) => article.published = Some(v),
            Some(Meta::NewsId(v)) => article.news_id = Some(v),
            Some(Meta::Title(v)) => article.title = v,
            Some(Meta::Lang(v)) => article.lang = normalise_tag(&v),
            None => break,
        }
        body_start = i + 1;
    }

    let body = parse_body(content, &lines, body_start, article.title.is_empty());
    article.passages = body.passages;
    if let Some(title) = body.title {
        article.title = title;
    }
    article.complete(None);
    article
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_HEAD: &str = "تاریخ انتشار : ۱۷ مهر ۱۳۹۱ - ۰۷:۵۰ \u{a0}،\u{a0}\n\
شناسه خبر : ۲۴۲۱۶۰\n\
مؤسسه بینالمللی مطالعات دریای خزر 1 اشاره: این مقاله با هدف بررسی روابط تهران و مسکو در دو دهه کنونی نوشته شده است.\n\
\n\
1ـ نگاه دو دولت به یکدیگر\n\
روسیه در دوره پساشوروی به ایران به عنوان یک شریک منطقهای نگاه کرده است و این نگاه در دهه دوم تغییر کرد.\n\
ایران نیز روسیه را همسایهای قدرتمند در شمال میداند که همکاری با آن ضروری است.\n\
2ـ همکاریهای دو کشور در دوره جدید\n\
الف ـ همکاریهای اقتصادی\n\
حجم مبادلات تجاری دو کشور در سالهای اخیر افزایش یافته است.\n\
الف) تکمیل و تجهیز بنادر در ایران و روسیه؛\n\
ب) راهاندازی خطوط کشتیرانی برای حمل کامیون در دریایخزر؛\n\
و) حملونقل نفت و گاز از دریایخزر. (صفری 1384: 134)\n\
قفقاز\n\
منطقه قفقاز برای هر دو کشور اهمیت راهبردی دارد.";

    #[test]
    fn seed_metadata_becomes_fields() {
        let a = parse_text("iran-russia.txt", SEED_HEAD);
        assert_eq!(a.published.as_deref(), Some("۱۷ مهر ۱۳۹۱ - ۰۷:۵۰"));
        assert_eq!(a.news_id.as_deref(), Some("242160"));
        assert!(a.passages.iter().all(|p| !p.text.contains("شناسه خبر")));
    }

    #[test]
    fn seed_lines_are_paragraphs_with_their_line_numbers() {
        let a = parse_text("iran-russia.txt", SEED_HEAD);
        let lines: Vec<u32> = a.passages.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 6, 7, 10, 11, 12, 13, 15]);
        let numbers: Vec<u32> = a.passages.iter().map(|p| p.paragraph).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7, 8]);
        assert!(
            a.passages[0].text.starts_with("مؤسسه بینالمللی"),
            "text is kept exactly"
        );
    }

    #[test]
    fn headings_label_the_passages_under_them() {
        let a = parse_text("iran-russia.txt", SEED_HEAD);
        let sections: Vec<Option<&str>> = a.passages.iter().map(|p| p.section.as_deref()).collect();
        assert_eq!(sections[0], None);
        assert_eq!(sections[1], Some("1ـ نگاه دو دولت به یکدیگر"));
        assert_eq!(
            sections[3],
            Some("2ـ همکاریهای دو کشور در دوره جدید › الف ـ همکاریهای اقتصادی")
        );
        // list items end with ؛ or a citation: they are passages, not headings
        assert_eq!(
            sections[4],
            Some("2ـ همکاریهای دو کشور در دوره جدید › الف ـ همکاریهای اقتصادی")
        );
        assert_eq!(sections[7], Some("قفقاز"));
        assert_eq!(a.passages.len(), 8);
    }

    #[test]
    fn title_from_file_name_or_metadata() {
        assert_eq!(
            parse_text("news/iran-russia_relations.txt", SEED_HEAD).title,
            "iran russia relations"
        );
        let a = parse_text("x.txt", "Title: Iran and Russia on the Caspian\n\nThe Caspian Sea summit opened in Tehran today.");
        assert_eq!(a.title, "Iran and Russia on the Caspian");
        assert_eq!(a.passages.len(), 1);
    }

    #[test]
    fn first_short_line_before_any_paragraph_is_the_title() {
        let a = parse_text("x.txt", "روابط ایران و روسیه\nروابط دو کشور در دو دهه اخیر گسترش یافته و ابعاد تازهای پیدا کرده است.\nپاراگراف دوم این مقاله درباره دریای خزر است.");
        assert_eq!(a.title, "روابط ایران و روسیه");
        assert_eq!(a.passages.len(), 2);
        assert_eq!(a.passages[0].section, None);
    }

    #[test]
    fn hard_wrapped_blocks_are_rejoined() {
        let text = "The Caspian Sea is the largest enclosed body of water on\n\
earth and its legal status has been disputed by the five\n\
littoral states since the collapse of the Soviet Union in\n\
1991.\n\
\n\
Iran and Russia signed an agreement on shipping and trade\n\
between the ports of Astara, Anzali and Astrakhan, which\n\
was expected to double the cargo moved across the sea.\n";
        let a = parse_text("wrapped.txt", text);
        assert_eq!(a.passages.len(), 2);
        assert_eq!(a.passages[0].line, 1);
        assert_eq!(a.passages[1].line, 6);
        assert!(a.passages[0].text.ends_with("1991."));
        assert!(a.passages[1].text.contains("Astara, Anzali"));
        assert!(
            a.passages[1].text.contains('\n'),
            "stored exactly as in the source"
        );
    }

    #[test]
    fn hard_wrapped_without_blank_lines_breaks_at_short_closing_lines() {
        let text = "روابط ایران و روسیه در دو دهه گذشته فراز و نشیبهای فراوانی\n\
داشته است و دو کشور در زمینههای اقتصادی و نظامی با یکدیگر\n\
همکاری کردهاند.\n\
دریای خزر مهمترین حوزه همکاری منطقهای میان دو کشور است و\n\
کشتیرانی میان بنادر انزلی و آستاراخان رونق گرفته است و\n\
تجارت دو کشور افزایش یافته است.\n";
        let a = parse_text("fa-wrapped.txt", text);
        assert_eq!(a.passages.len(), 2, "{:?}", a.passages);
        assert_eq!(a.passages[1].line, 4);
    }

    #[test]
    fn a_poem_or_list_of_short_lines_has_no_headings() {
        let text = "بنی آدم اعضای یکدیگرند\nکه در آفرینش ز یک گوهرند\nچو عضوی به درد آورد روزگار\nدگر عضوها را نماند قرار";
        let a = parse_text("poem.txt", text);
        assert_eq!(a.passages.len(), 4);
        assert!(a.passages.iter().all(|p| p.section.is_none()));
    }

    #[test]
    fn crlf_and_bom() {
        let a = parse_text(
            "w.txt",
            "\u{feff}عنوان : خبر\r\nمتن خبر درباره بندر آستارا است.\r\nمتن دوم.\r\n",
        );
        assert_eq!(a.title, "خبر");
        assert_eq!(a.passages[0].text, "متن خبر درباره بندر آستارا است.");
        assert_eq!(a.passages[0].line, 2);
    }
}
