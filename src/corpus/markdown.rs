//! Markdown articles (`.md`), parsed with pulldown-cmark (CommonMark).
//!
//! * The first heading, when no paragraph comes before it, is the title
//!   (a `#` heading there repeats a front matter title and is dropped);
//!   later headings are sections, nested by level («بخش › زیربخش»).
//! * Paragraphs, list items and the paragraphs of block quotes are
//!   passages, as text without markup (links keep their text).
//! * Code blocks, HTML blocks and images are skipped.
//! * A YAML front matter (`---` … `---`) may give `title:`, `date:`,
//!   `lang:`, `id:` (the same labels as a text file's metadata lines).

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::lang::normalise_tag;
use super::outline::Outline;
use super::text::{parse_metadata, Meta};
use super::Article;

/// Maps byte offsets of a text to 1-based line numbers.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    fn line(&self, offset: usize) -> u32 {
        self.starts.partition_point(|&s| s <= offset) as u32
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// What is being read at a point of the document.
#[derive(Debug, Default)]
struct State {
    /// Depth inside skipped content (code, HTML blocks, images).
    skipped: usize,
    /// Inside the front matter.
    front_matter: bool,
    front_matter_text: String,
    /// Inside a heading: its level and text so far.
    heading: Option<(u8, String)>,
    /// The text block being read: its first line and text so far.
    block: Option<(u32, String)>,
}

impl State {
    fn flush(&mut self, outline: &mut Outline) {
        if let Some((line, text)) = self.block.take() {
            outline.block(line, &text);
        }
    }

    fn text(&mut self, text: &str, span: &Range<usize>, lines: &LineIndex) {
        if self.skipped > 0 {
        } else if self.front_matter {
            self.front_matter_text.push_str(text);
        } else if let Some((_, heading)) = &mut self.heading {
            heading.push_str(text);
        } else {
            let (_, block) = self
                .block
                .get_or_insert_with(|| (lines.line(span.start), String::new()));
            block.push_str(text);
        }
    }
}

/// Applies the front matter's `label: value` lines to the article.
fn front_matter(article: &mut Article, text: &str) {
    for line in text.lines() {
        let unquote = |v: &str| v.trim().trim_matches(['"', '\'']).to_string();
        if let Some((label, value)) = line.split_once(':') {
            if label.trim().eq_ignore_ascii_case("id") && !value.trim().is_empty() {
                article.id = unquote(value);
                continue;
            }
        }
        match parse_metadata(line) {
            Some(Meta::Title(v)) => article.title = unquote(&v),
            Some(Meta::Published(v)) => article.published = Some(unquote(&v)),
            Some(Meta::NewsId(v)) => article.news_id = Some(unquote(&v)),
            Some(Meta::Lang(v)) => article.lang = normalise_tag(&unquote(&v)),
            None => {}
        }
    }
}

/// Splits a Markdown article into passages, sections and metadata.
///
/// ```
/// let md = "# روابط ایران و روسیه\n\n## انرژی\n\nنیروگاه **بوشهر** با همکاری\n[روسیه](https://fa.wikipedia.org) ساخته شد.\n\n\
///           - کشتیرانی در خزر\n- حمل کالا از راه آستارا\n\n```\ncargo run\n```\n";
/// let article = kavosh::corpus::markdown::parse_markdown("iran-russia.md", md);
/// assert_eq!(article.title, "روابط ایران و روسیه");
/// let texts: Vec<&str> = article.passages.iter().map(|p| p.text.as_str()).collect();
/// assert_eq!(texts, ["نیروگاه بوشهر با همکاری\nروسیه ساخته شد.", "کشتیرانی در خزر", "حمل کالا از راه آستارا"]);
/// assert_eq!(article.passages[0].section.as_deref(), Some("انرژی"));
/// assert_eq!((article.passages[0].line, article.passages[2].line), (5, 9));
/// ```
pub fn parse_markdown(doc: &str, content: &str) -> Article {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let lines = LineIndex::new(content);
    let mut article = Article::new(doc, doc);
    let mut outline = Outline::default();
    let mut state = State::default();
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    for (event, span) in Parser::new_ext(content, options).into_offset_iter() {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => state.front_matter = true,
            Event::End(TagEnd::MetadataBlock(_)) => {
                state.front_matter = false;
                front_matter(&mut article, &state.front_matter_text);
            }
            Event::Start(
                Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::Image { .. } | Tag::FootnoteDefinition(_),
            ) => state.skipped += 1,
            Event::End(
                TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::Image | TagEnd::FootnoteDefinition,
            ) => state.skipped = state.skipped.saturating_sub(1),
            _ if state.skipped > 0 => {}
            Event::Start(Tag::Heading { level, .. }) => {
                state.flush(&mut outline);
                state.heading = Some((level_number(level), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = state.heading.take() {
                    // A heading before any paragraph is the title; with a
                    // title from the front matter, a top heading there
                    // repeats it.
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if outline.has_blocks() || (!article.title.is_empty() && level > 1) {
                        outline.heading(level, &text);
                    } else if article.title.is_empty() {
                        article.title = text;
                    }
                }
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::BlockQuote(_))
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::BlockQuote(_))
            | Event::Rule => state.flush(&mut outline),
            Event::Text(text) | Event::Code(text) => state.text(&text, &span, &lines),
            Event::SoftBreak | Event::HardBreak => {
                let newline = if state.heading.is_some() { " " } else { "\n" };
                state.text(newline, &span, &lines);
            }
            _ => {}
        }
    }
    state.flush(&mut outline);
    article.passages = outline.into_passages();
    article.complete(None);
    article
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::read::tests::read_temp;

    /// A short article in Markdown, text from the bundled Iran–Russia study.
    const ARTICLE: &str = "---
title: \"روابط ایران و روسیه در دو دهه اخیر\"
date: 1391-07-17
lang: fa
---

مؤسسه بینالمللی مطالعات دریای خزر: این مقاله با هدف بررسی روابط تهران و مسکو در دو دهه کنونی نوشته شده است.

## همکاری‌های دو کشور

### الف ـ همکاری‌های اقتصادی

حجم مبادلات تجاری دو کشور در سال‌های اخیر
افزایش یافته است و روسیه یکی از شرکای
مهم ایران به شمار می‌رود.

* تکمیل و تجهیز بنادر در ایران و روسیه؛
* راه‌اندازی خطوط کشتیرانی برای حمل کامیون در دریای خزر؛

> قرارداد ساخت نیروگاه اتمی بوشهر نمونه‌ای از همکاری دو کشور است.

```rust
let bushehr = 1;
```

<div class=\"ad\">تبلیغات</div>

## قفقاز

منطقه قفقاز برای هر دو کشور اهمیت راهبردی دارد.
";

    #[test]
    fn front_matter_sections_lists_and_quotes() {
        let a = parse_markdown("fa/iran-russia.md", ARTICLE);
        assert_eq!(a.title, "روابط ایران و روسیه در دو دهه اخیر");
        assert_eq!(
            a.date.as_deref(),
            Some("2012-10-08"),
            "a Jalali date in the front matter"
        );
        assert_eq!(a.lang.as_deref(), Some("fa"));
        let got: Vec<(u32, Option<&str>, &str)> = a
            .passages
            .iter()
            .map(|p| {
                (
                    p.line,
                    p.section.as_deref(),
                    &p.text[..p.text.find(' ').unwrap()],
                )
            })
            .collect();
        let economy = Some("همکاری‌های دو کشور › الف ـ همکاری‌های اقتصادی");
        assert_eq!(
            got,
            [
                (7, None, "مؤسسه"),
                (13, economy, "حجم"),
                (17, economy, "تکمیل"),
                (18, economy, "راه‌اندازی"),
                (20, economy, "قرارداد"),
                (30, Some("قفقاز"), "منطقه"),
            ]
        );
        assert!(a
            .passages
            .iter()
            .all(|p| !p.text.contains("bushehr") && !p.text.contains("تبلیغات")));
        assert_eq!(
            a.passages[1].text,
            "حجم مبادلات تجاری دو کشور در سال‌های اخیر\nافزایش یافته است و روسیه یکی از شرکای\nمهم ایران به شمار می‌رود."
        );
        assert!(a.passages.iter().all(|p| p.lang == "fa"));
    }

    #[test]
    fn a_top_heading_repeating_the_front_matter_title_is_no_section() {
        let md = "---\ntitle: Caspian summit\n---\n\n# The Caspian summit in Tehran\n\nLeaders met.\n\n## Outcome\n\nA convention was signed.\n";
        let a = parse_markdown("caspian.md", md);
        assert_eq!(a.title, "Caspian summit");
        let sections: Vec<Option<&str>> = a.passages.iter().map(|p| p.section.as_deref()).collect();
        assert_eq!(sections, [None, Some("Outcome")]);
    }

    #[test]
    fn title_from_the_first_heading_or_the_file_name() {
        let a = parse_markdown(
            "notes/caspian-summit.md",
            "# The Caspian summit\n\nLeaders of the five littoral states met in Tehran.\n",
        );
        assert_eq!(a.title, "The Caspian summit");
        assert_eq!(a.passages[0].lang, "en");
        let a = parse_markdown(
            "notes/caspian-summit.md",
            "Leaders met in Tehran.\n\n# Outcome\n\nA convention was signed.\n",
        );
        assert_eq!(a.title, "caspian summit");
        assert_eq!(a.passages[1].section.as_deref(), Some("Outcome"));
    }

    #[test]
    fn text_pasted_one_paragraph_per_line_is_split() {
        // fa-news-irnews2020 (mixed-mini): one sentence per line, no blank lines
        let md = "# بیش از ۳۷۰ هزار قربانی کرونا در جهان\n\n\
روند افزایش آمار مبتلایان به بیماری کووید۱۹ که تاکنون در ۲۱۳ کشور و منطقه در جهان شیوع یافته، ادامه دارد و این بیماری همچنان در دنیا قربانی می‌گیرد.\n\
به گزارش ایسنا، تازه‌ترین آمارها حاکی از آن است که شمار قربانیان کروناویروس جدید، عامل بیماری کووید۱۹ به ۳۷۱ هزار و ۷ نفر رسیده است.\n\
همچنین بنابر تازه‌ترین آمارها تاکنون دو میلیون و ۷۳۸ هزار و ۳۰۶ نفر از بیماران مبتلا به کووید۱۹ تاکنون بهبود یافته‌اند.\n\
از میان سه میلیون و ۵۱ هزار و هفت مورد ابتلای فعال در سراسر جهان دو میلیون و ۹۹۷ هزار و ۴۹۲ مورد وضعیت خفیف داشته‌اند.\n";
        let a = parse_markdown("corona.md", md);
        let lines: Vec<u32> = a.passages.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4, 5, 6]);
    }

    #[test]
    fn read_as_a_corpus_file() {
        let read = read_temp("iran-russia.MD", ARTICLE.as_bytes());
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        assert_eq!(read.articles[0].passages.len(), 6);
        let read = read_temp("only-code.md", b"# Title\n\n```\ncode\n```\n");
        assert_eq!(
            read.problems[0].kind,
            crate::corpus::ProblemKind::NoPassages
        );
    }
}
