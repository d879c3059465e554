//! Saved article pages (`.html`, `.htm`), parsed with scraper (html5ever,
//! the browsers' parsing algorithm, so broken markup parses as a browser
//! would show it).
//!
//! * Title: `og:title`, else the first `<h1>`, else `<title>`.
//! * Text: the `[itemprop=articleBody]`, else the largest `<article>`, else
//!   `<main>`, else the body; `script`, `style`, `nav`, `header`, `footer`,
//!   `aside`, forms, hidden elements, elements whose class or id says
//!   menu/share/related/comments/ads…, and blocks that are mostly links
//!   are skipped.
//! * `<p>`, `<li>`, `<blockquote>`, `<div>` text… are paragraphs, `<br>`
//!   breaks lines, `<h2>`–`<h6>` are sections; `<pre>` keeps its lines
//!   (hard-wrapped text is rejoined), `<pre><code>` is skipped.
//! * Date: `article:published_time`, `datePublished`, `<time datetime>`, or
//!   a «تاریخ انتشار : …» line anywhere on the page; language: `<html lang>`.
//! * Charset: [`sniff_charset`] reads `<meta charset>` (UTF-8 default,
//!   Windows-1256 and the other WHATWG encodings supported).
//!
//! Passages' lines are found by looking up the start of their text in the
//! source, in document order.

use ego_tree::iter::Edge;
use ego_tree::NodeRef;
use encoding_rs::Encoding;
use scraper::{ElementRef, Html, Node, Selector};

use super::lang::normalise_tag;
use super::outline::Outline;
use super::text::{parse_metadata, Meta};
use super::{parse_date, Article, Date};

/// How much of a page's start is searched for its `<meta charset>`.
const CHARSET_SNIFF_BYTES: usize = 4096;

/// How far ahead of the last passage a passage's text is looked for.
const LINE_SEARCH_WINDOW: usize = 1024 * 1024;

/// A text longer than this is no metadata line.
const METADATA_MAX_CHARS: usize = 200;

/// The encoding a page declares in its first bytes: `<meta charset="…">`
/// or `<meta http-equiv="Content-Type" content="text/html; charset=…">`.
///
/// ```
/// use kavosh::corpus::html::sniff_charset;
/// let page = br#"<html><head><META http-equiv="Content-Type" content="text/html; charset=windows-1256">"#;
/// assert_eq!(sniff_charset(page), Some(encoding_rs::WINDOWS_1256));
/// assert_eq!(sniff_charset(b"<meta charset='utf-8'>"), Some(encoding_rs::UTF_8));
/// assert_eq!(sniff_charset(b"<p>charset=windows-1256</p>"), None);
/// ```
pub fn sniff_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(CHARSET_SNIFF_BYTES)];
    let head = head.to_ascii_lowercase();
    let mut rest = head.as_slice();
    while let Some(at) = find(rest, b"<meta") {
        let tag = &rest[at..];
        let tag = &tag[..find(tag, b">").unwrap_or(tag.len())];
        if let Some(c) = find(tag, b"charset=") {
            let value = &tag[c + b"charset=".len()..];
            let value = value
                .strip_prefix(b"\"")
                .or_else(|| value.strip_prefix(b"'"))
                .unwrap_or(value);
            let end = value
                .iter()
                .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                .unwrap_or(value.len());
            if let Some(encoding) = Encoding::for_label(&value[..end]) {
                return Some(encoding);
            }
        }
        rest = &rest[at + 5..];
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("a valid built-in selector")
}

/// Elements whose content is never article text.
fn is_skipped_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "header"
            | "footer"
            | "aside"
            | "form"
            | "button"
            | "select"
            | "textarea"
            | "input"
            | "label"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "math"
            | "canvas"
            | "img"
            | "picture"
            | "video"
            | "audio"
            | "map"
            | "menu"
            | "dialog"
            | "head"
    )
}

/// Words of a class or id that mark page furniture.
fn is_boilerplate_word(word: &str) -> bool {
    matches!(
        word,
        "nav"
            | "navbar"
            | "navigation"
            | "menu"
            | "footer"
            | "header"
            | "masthead"
            | "sidebar"
            | "share"
            | "sharing"
            | "social"
            | "related"
            | "comment"
            | "comments"
            | "breadcrumb"
            | "breadcrumbs"
            | "ad"
            | "ads"
            | "advert"
            | "advertisement"
            | "banner"
            | "cookie"
            | "newsletter"
            | "subscribe"
            | "popup"
            | "modal"
            | "tags"
            | "toolbar"
            | "print"
            | "pagination"
    )
}

/// True for an element that is page furniture rather than article text.
fn is_skipped(element: ElementRef) -> bool {
    let e = element.value();
    if is_skipped_tag(e.name()) || e.attr("hidden").is_some() {
        return true;
    }
    if e.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = e.attr("style") {
        let style: String = style.split_whitespace().collect();
        if style.to_ascii_lowercase().contains("display:none") {
            return true;
        }
    }
    if let Some(role) = e.attr("role") {
        if matches!(
            role,
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "search"
                | "menu"
                | "menubar"
                | "dialog"
        ) {
            return true;
        }
    }
    let names = e.attr("class").into_iter().chain(e.attr("id"));
    names
        .flat_map(|n| n.split(|c: char| !c.is_ascii_alphanumeric()))
        .any(|w| is_boilerplate_word(&w.to_ascii_lowercase()))
}

/// Elements that start and end a block of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Text with its runs of HTML whitespace made single spaces.
fn collapse(text: &str) -> String {
    text.split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Finds the lines of passages in the source, in document order.
struct LineFinder<'a> {
    source: &'a str,
    cursor: usize,
    line: u32,
}

impl LineFinder<'_> {
    /// The line where `text` (a text node as parsed) next occurs: its start
    /// up to a character the source may have escaped is looked for, else
    /// its first word; the last line found when neither is found.
    fn locate(&mut self, text: &str) -> u32 {
        let text = text.trim_start();
        let probe_end = text
            .char_indices()
            .find(|&(i, c)| i >= 40 || matches!(c, '&' | '<' | '>' | '"' | '\'' | '\u{a0}'))
            .map_or(text.len(), |(i, _)| i);
        let probe = text[..probe_end].trim_end();
        let first_word = probe.split_whitespace().next().unwrap_or("");
        let mut end = (self.cursor + LINE_SEARCH_WINDOW).min(self.source.len());
        while !self.source.is_char_boundary(end) {
            end -= 1;
        }
        let window = &self.source[self.cursor..end];
        let found = [probe, first_word]
            .into_iter()
            .filter(|p| p.chars().count() >= 2)
            .find_map(|p| window.find(p));
        if let Some(at) = found {
            self.line += window[..at].matches('\n').count() as u32;
            self.cursor += at;
        }
        self.line
    }
}

/// The text block being read.
#[derive(Default)]
struct Block {
    line: u32,
    text: String,
    /// Characters of `text` inside links.
    linked: usize,
}

/// Walks the content of a page into an outline.
struct Walker<'a> {
    outline: Outline,
    lines: LineFinder<'a>,
    block: Block,
    /// Inside a heading: its level and text.
    heading: Option<(u8, String)>,
    /// Depth inside links and inside `<pre>`.
    links: usize,
    pre: usize,
}

impl Walker<'_> {
    fn flush(&mut self) {
        let block = std::mem::take(&mut self.block);
        let text: Vec<&str> = block.text.lines().map(str::trim).collect();
        let text = text.join("\n");
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        let mostly_links = block.linked * 10 >= chars * 7;
        let metadata = !text.contains('\n')
            && text.chars().count() <= METADATA_MAX_CHARS
            && matches!(
                parse_metadata(&text),
                Some(Meta::Published(_) | Meta::NewsId(_))
            );
        if chars > 0 && !mostly_links && !metadata {
            self.outline.block(block.line, &text);
        }
    }

    fn text(&mut self, raw: &str) {
        if let Some((_, heading)) = &mut self.heading {
            heading.push(' ');
            heading.push_str(raw);
            return;
        }
        let text = if self.pre > 0 {
            raw.replace("\r\n", "\n")
        } else {
            let mut text = collapse(raw);
            if raw.starts_with(|c: char| c.is_ascii_whitespace()) {
                text.insert(0, ' ');
            }
            if raw.ends_with(|c: char| c.is_ascii_whitespace()) && !text.ends_with(' ') {
                text.push(' ');
            }
            text
        };
        if self.block.text.trim().is_empty() && !text.trim().is_empty() {
            self.block.line = self.lines.locate(raw);
        }
        if self.links > 0 {
            self.block.linked += text.chars().filter(|c| !c.is_whitespace()).count();
        }
        self.block.text.push_str(&text);
    }

    /// Reads the content under `root`; an `<h1>` before any text is the
    /// page's headline, not a section.
    fn walk(&mut self, root: NodeRef<Node>) {
        let mut skipped: Option<NodeRef<Node>> = None;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => {
                    if skipped.is_some() {
                        continue;
                    }
                    match node.value() {
                        Node::Text(text) => self.text(text),
                        Node::Element(e) => {
                            let element = ElementRef::wrap(node).expect("an element node");
                            let name = e.name();
                            let code_block =
                                name == "pre" && element.select(&selector("code")).next().is_some();
                            if node != root && (is_skipped(element) || code_block) {
                                skipped = Some(node);
                            } else if let Some(level) = heading_level(name) {
                                self.flush();
                                self.heading = Some((level, String::new()));
                            } else if name == "br" {
                                self.block.text.push('\n');
                            } else if is_block(name) {
                                self.flush();
                                self.pre += usize::from(name == "pre");
                            } else if name == "a" {
                                self.links += 1;
                            }
                        }
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    if let Some(s) = skipped {
                        if s == node {
                            skipped = None;
                        }
                        continue;
                    }
                    let Node::Element(e) = node.value() else {
                        continue;
                    };
                    let name = e.name();
                    if heading_level(name).is_some() {
                        if let Some((level, text)) = self.heading.take() {
                            if level > 1 || self.outline.has_blocks() {
                                self.outline.heading(level, &text);
                            }
                        }
                    } else if is_block(name) {
                        self.flush();
                        self.pre -= usize::from(name == "pre" && self.pre > 0);
                    } else if name == "a" {
                        self.links = self.links.saturating_sub(1);
                    }
                }
            }
        }
        self.flush();
    }
}

/// How deep elements may nest before their tags are dropped (their text is
/// kept). Real pages nest a few dozen deep; the HTML parser checks the stack
/// of open elements at each tag, so a page nested 100,000 deep would take
/// minutes.
pub const MAX_HTML_DEPTH: usize = 256;

/// Elements that have no end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "param"
            | "keygen"
    )
}

/// Elements often left open, which the parser closes by itself when a
/// sibling starts (`<p>`, `<li>`, `<td>`…): they do not deepen a page.
fn closes_itself(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "td"
            | "th"
            | "tr"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "tbody"
            | "thead"
            | "tfoot"
            | "colgroup"
            | "caption"
            | "rb"
            | "rt"
            | "rp"
    )
}

/// `html` with the tags nested deeper than [`MAX_HTML_DEPTH`] removed (a
/// removed tag leaves a space, and its line breaks, so words and line
/// numbers stay), found by a linear scan of the tags; unchanged when
/// nothing nests that deep.
///
/// ```
/// use kavosh::corpus::html::{parse_html, MAX_HTML_DEPTH};
/// let n = 20_000;
/// let page = format!("<body>{}<p>نیروگاه بوشهر</p>{}</body>", "<div>".repeat(n), "</div>".repeat(n));
/// let article = parse_html("deep.html", &page); // in milliseconds: unlimited, 6 s
/// assert_eq!(article.passages[0].text, "نیروگاه بوشهر");
/// # assert!(MAX_HTML_DEPTH < n);
/// ```
fn limit_nesting(html: &str) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut out: Option<String> = None;
    let (mut copied, mut at) = (0, 0);
    while let Some(offset) = bytes[at..].iter().position(|&b| b == b'<') {
        let start = at + offset;
        let closing = bytes.get(start + 1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            at = start + 1;
            continue;
        }
        let name_end = bytes[name_start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |p| name_start + p);
        let end = bytes[name_end..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |p| name_end + p + 1);
        let name = html[name_start..name_end].to_ascii_lowercase();
        let self_closing = end >= 2 && bytes[end - 2] == b'/';
        let too_deep = if closes_itself(&name) {
            false
        } else if is_void(&name) || self_closing {
            depth >= MAX_HTML_DEPTH
        } else if closing {
            let deep = depth > MAX_HTML_DEPTH;
            depth = depth.saturating_sub(1);
            deep
        } else {
            depth += 1;
            depth > MAX_HTML_DEPTH
        };
        if too_deep {
            let out = out.get_or_insert_with(|| String::with_capacity(html.len()));
            out.push_str(&html[copied..start]);
            out.push(' ');
            out.extend(html[start..end].chars().filter(|&c| c == '\n'));
            copied = end;
        }
        at = end;
    }
    match out {
        Some(mut out) => {
            out.push_str(&html[copied..]);
            std::borrow::Cow::Owned(out)
        }
        None => std::borrow::Cow::Borrowed(html),
    }
}

/// The `content` of the first `<meta>` matching `css` that is not blank.
fn meta_content(page: &Html, css: &str) -> Option<String> {
    page.select(&selector(css))
        .filter_map(|m| m.value().attr("content"))
        .map(collapse)
        .find(|c| !c.is_empty())
}

fn element_text(element: ElementRef) -> String {
    collapse(&element.text().collect::<String>())
}

/// The element holding the article text.
fn content_root(page: &Html) -> ElementRef<'_> {
    if let Some(body) = page.select(&selector("[itemprop=articleBody]")).next() {
        return body;
    }
    let largest_article = page
        .select(&selector("article"))
        .max_by_key(|a| a.text().map(str::len).sum::<usize>());
    largest_article
        .or_else(|| page.select(&selector("main, [role=main]")).next())
        .or_else(|| page.select(&selector("body")).next())
        .unwrap_or_else(|| page.root_element())
}

/// The publication line and news id written as text anywhere on the page
/// («تاریخ انتشار : ۱۷ مهر ۱۳۹۱ - ۰۷:۵۰», «کد خبر: ۲۴۲۱۶۰»).
fn metadata_lines(page: &Html, article: &mut Article) {
    for edge in page.root_element().traverse() {
        let Edge::Open(node) = edge else { continue };
        let Node::Text(text) = node.value() else {
            continue;
        };
        let in_code = node
            .parent()
            .and_then(|p| p.value().as_element())
            .is_some_and(|e| matches!(e.name(), "script" | "style"));
        let text = collapse(text);
        if in_code || text.chars().count() > METADATA_MAX_CHARS {
            continue;
        }
        match parse_metadata(&text) {
            Some(Meta::Published(v)) if article.published.is_none() => article.published = Some(v),
            Some(Meta::NewsId(v)) if article.news_id.is_none() => article.news_id = Some(v),
            _ => {}
        }
    }
}

/// Splits a saved article page into passages, sections and metadata.
///
/// ```
/// let page = r#"<!doctype html><html lang="fa"><head><title>بوشهر - خبرگزاری</title>
/// <script>var x = "نیروگاه";</script></head><body>
/// <nav><a href="/">صفحه اصلی</a></nav>
/// <article><h1>نیروگاه بوشهر</h1>
/// <p>نیروگاه اتمی بوشهر با همکاری روسیه ساخته شد.</p>
/// <h2>سوخت</h2><p>سوخت نیروگاه را <a href="/rosatom">روس‌اتم</a> تأمین می‌کند.</p></article>
/// <footer>کلیه حقوق محفوظ است</footer></body></html>"#;
/// let article = kavosh::corpus::html::parse_html("bushehr.html", page);
/// assert_eq!(article.title, "نیروگاه بوشهر");
/// assert_eq!(article.lang.as_deref(), Some("fa"));
/// let texts: Vec<&str> = article.passages.iter().map(|p| p.text.as_str()).collect();
/// assert_eq!(texts, ["نیروگاه اتمی بوشهر با همکاری روسیه ساخته شد.", "سوخت نیروگاه را روس‌اتم تأمین می‌کند."]);
/// assert_eq!(article.passages[1].section.as_deref(), Some("سوخت"));
/// assert_eq!(article.passages[1].line, 6);
/// ```
pub fn parse_html(doc: &str, content: &str) -> Article {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let flattened = limit_nesting(content);
    let content = flattened.as_ref();
    let page = Html::parse_document(content);
    let mut article = Article::new(doc, doc);
    let root = content_root(&page);

    let first_h1 = |scope: ElementRef| {
        scope
            .select(&selector("h1"))
            .map(element_text)
            .find(|t| !t.is_empty())
    };
    article.title = meta_content(&page, r#"meta[property="og:title"]"#)
        .or_else(|| first_h1(root))
        .or_else(|| first_h1(page.root_element()))
        .or_else(|| {
            page.select(&selector("title"))
                .map(element_text)
                .find(|t| !t.is_empty())
        })
        .unwrap_or_default();
    article.lang = page
        .root_element()
        .value()
        .attr("lang")
        .and_then(normalise_tag);
    let date = meta_content(
        &page,
        r#"meta[property="article:published_time"], meta[itemprop="datePublished"], meta[name="date"], meta[name="pubdate"], meta[name="DC.date.issued"]"#,
    )
    .or_else(|| {
        page.select(&selector("time[datetime]"))
            .filter_map(|t| t.value().attr("datetime"))
            .map(str::to_string)
            .next()
    });
    article.date = date.as_deref().and_then(parse_date).map(Date::iso);
    metadata_lines(&page, &mut article);

    let mut walker = Walker {
        outline: Outline::default(),
        lines: LineFinder {
            source: content,
            cursor: 0,
            line: 1,
        },
        block: Block::default(),
        heading: None,
        links: 0,
        pre: 0,
    };
    walker.walk(*root);
    article.passages = walker.outline.into_passages();
    article.complete(None);
    article
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::read::tests::read_temp;

    /// A saved news page in the style of Persian news sites, text from the
    /// bundled Iran–Russia study, with the usual furniture around it.
    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="fa-IR" dir="rtl">
<head>
<meta charset="utf-8">
<title>روابط ایران و روسیه در دو دهه اخیر | خبرگزاری نمونه</title>
<meta property="og:title" content="روابط ایران و روسیه در دو دهه اخیر">
<script>window.dataLayer = [{"page": "نیروگاه بوشهر"}];</script>
<style>.news p { color: #333 }</style>
</head>
<body>
<header class="site-header"><a href="/">خبرگزاری نمونه</a> <form><input name="q"></form></header>
<nav id="main-menu"><ul><li><a href="/politics">سیاسی</a></li><li><a href="/economy">اقتصادی</a></li></ul></nav>
<div class="container">
<article class="news">
<h1 class="title">روابط ایران و روسیه در دو دهه اخیر</h1>
<div class="news-info">تاریخ انتشار : ۱۷ مهر ۱۳۹۱ - ۰۷:۵۰</div>
<div class="news-info">کد خبر: ۲۴۲۱۶۰</div>
<p>مؤسسه بین‌المللی مطالعات دریای خزر: این مقاله با هدف بررسی روابط تهران و
مسکو در دو دهه کنونی نوشته شده است.</p>
<h2>همکاری در زمینه انرژی</h2>
<p>قرارداد ساخت نیروگاه اتمی <strong>بوشهر</strong> در سال ۱۳۷۴ امضا شد و
حدود 300 شرکت روسی در آن کار می&zwnj;کنند.</p>
<ul>
<li>تکمیل و تجهیز بنادر در ایران و روسیه؛</li>
<li>راه‌اندازی خطوط کشتیرانی در دریای خزر؛</li>
</ul>
<blockquote>همکاری هسته‌ای دو کشور &laquo;راهبردی&raquo; است.</blockquote>
<div class="share-box"><a href="https://t.me/share">تلگرام</a> <a href="https://x.com/share">توییتر</a></div>
<h3>قفقاز</h3>
<div>منطقه قفقاز برای هر دو کشور<br>اهمیت راهبردی دارد.</div>
<pre><code>var bushehr = 1;</code></pre>
<div class="tags"><a href="/tag/russia">روسیه</a></div>
</article>
<aside><h4>پربازدیدها</h4><ul><li><a href="/1">خبر دیگر</a></li></ul></aside>
<ul class="list"><li><a href="/2">خبرهای مرتبط با روسیه</a></li></ul>
</div>
<footer><p>کلیه حقوق این سایت محفوظ است.</p></footer>
<script>console.log("end")</script>
</body>
</html>
"#;

    #[test]
    fn article_text_without_the_furniture() {
        let a = parse_html("news/242160.html", PAGE);
        assert_eq!(a.title, "روابط ایران و روسیه در دو دهه اخیر");
        assert_eq!(a.lang.as_deref(), Some("fa"));
        assert_eq!(a.published.as_deref(), Some("۱۷ مهر ۱۳۹۱ - ۰۷:۵۰"));
        assert_eq!(a.date.as_deref(), Some("2012-10-08"));
        assert_eq!(a.news_id.as_deref(), Some("242160"));
        let texts: Vec<&str> = a.passages.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "مؤسسه بین‌المللی مطالعات دریای خزر: این مقاله با هدف بررسی روابط تهران و مسکو در دو دهه کنونی نوشته شده است.",
                "قرارداد ساخت نیروگاه اتمی بوشهر در سال ۱۳۷۴ امضا شد و حدود 300 شرکت روسی در آن کار می\u{200c}کنند.",
                "تکمیل و تجهیز بنادر در ایران و روسیه؛",
                "راه‌اندازی خطوط کشتیرانی در دریای خزر؛",
                "همکاری هسته‌ای دو کشور «راهبردی» است.",
                "منطقه قفقاز برای هر دو کشور\nاهمیت راهبردی دارد.",
            ]
        );
        let sections: Vec<Option<&str>> = a.passages.iter().map(|p| p.section.as_deref()).collect();
        assert_eq!(
            sections[0], None,
            "the headline is the title, not a section"
        );
        assert_eq!(sections[1], Some("همکاری در زمینه انرژی"));
        assert_eq!(sections[5], Some("همکاری در زمینه انرژی › قفقاز"));
        let lines: Vec<u32> = a.passages.iter().map(|p| p.line).collect();
        assert_eq!(lines, [18, 21, 24, 25, 27, 30]);
        assert!(a.passages.iter().all(|p| p.lang == "fa"));
    }

    #[test]
    fn a_page_without_article_markup() {
        // an English page of the Tehran Times kind: text in divs, menus as link lists
        let page = r#"<html><head><title>Iranian, Russian diplomats discuss SCO cooperation</title>
<meta property="article:published_time" content="2020-05-31T09:12:00+04:30"></head>
<body><div class="top"><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li></ul></div>
<div class="body">
<p>TEHRAN – Iranian Ambassador to Russia Kazem Jalali has met with the Russian president’s Special Representative for the Shanghai Cooperation Organization (SCO) Bakhtiar Hakimov.</p>
<p>Hakimov said Russia supports Iran’s full membership in the SCO.</p>
</div></body></html>"#;
        let a = parse_html("tehrantimes.htm", page);
        assert_eq!(
            a.title,
            "Iranian, Russian diplomats discuss SCO cooperation"
        );
        assert_eq!(a.date.as_deref(), Some("2020-05-31"));
        assert_eq!(a.lang, None);
        assert_eq!(a.passages.len(), 2, "{:?}", a.passages);
        assert!(a.passages.iter().all(|p| p.lang == "en"));
        assert_eq!(a.passages[1].line, 6);
    }

    #[test]
    fn preformatted_hard_wrapped_text_is_rejoined() {
        let page = "<html><body><pre>\nThe Caspian Sea is the largest enclosed body of water on\nearth and its legal status has been disputed by the five\nlittoral states since the collapse of the Soviet Union in\n1991.\n\nIran and Russia signed an agreement on shipping and trade\nbetween the ports of Astara, Anzali and Astrakhan, which\nwas expected to double the cargo moved across the sea.\n</pre></body></html>";
        let a = parse_html("wrapped.html", page);
        assert_eq!(a.passages.len(), 2, "{:?}", a.passages);
        assert!(a.passages[0].text.ends_with("1991."));
        assert_eq!((a.passages[0].line, a.passages[1].line), (2, 7));
    }

    #[test]
    fn broken_and_deeply_nested_markup_never_panics() {
        let deep = format!(
            "<html><body>{}<p>دریای خزر</p></body></html>",
            "<div><span>".repeat(3_000)
        );
        let a = parse_html("deep.html", &deep);
        assert_eq!(a.passages.len(), 1);
        let a = parse_html("broken.html", "<p>نیروگاه <b>بوشهر<p>ساخته شد</i></td>");
        assert_eq!(a.passages.len(), 2);
        let a = parse_html("empty.html", "");
        assert!(a.passages.is_empty());
    }

    #[test]
    fn windows_1256_pages_are_decoded_by_their_meta_charset() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">\
<title>بوشهر</title></head><body><p>نيروگاه اتمي بوشهر با همکاري روسيه ساخته شد.</p></body></html>";
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(page);
        assert!(!unmappable);
        let read = read_temp("legacy.htm", &bytes);
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        assert_eq!(
            read.encoding.unwrap().to_string(),
            "windows-1256 (declared)"
        );
        assert_eq!(
            read.articles[0].passages[0].text,
            "نيروگاه اتمي بوشهر با همکاري روسيه ساخته شد."
        );
    }
}
