//! JSON records: `.jsonl` files (one record per line, read line by line)
//! and `.json` files (one record, or an array of records).
//!
//! A record is an object with `text` (paragraphs separated by `\n`) and
//! optional `id`, `title`, `date`, `lang` and `news_id`; other fields are
//! ignored. The text is split like a plain-text file: one paragraph per
//! line, or hard-wrapped lines rejoined, headings as sections.

use std::fs::File;
use std::io::{BufRead, BufReader};

use serde_json::{Map, Value};

use super::encoding::{EncodingSource, TextEncoding};
use super::lang::normalise_tag;
use super::read::Output;
use super::text::parse_plain_body;
use super::{parse_date, Article, Date, ProblemKind, MAX_RECORD_BYTES};

/// A string or number field of a record, as a string.
fn scalar(map: &Map<String, Value>, key: &str) -> Option<String> {
    match map.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Turns one JSON record into an article of `doc`, whose passages are all
/// on `line`. A record without an `id` is called `fallback_id`; without a
/// `title`, it takes a heading that opens its text, else its id.
/// `Err` says why the value is not a usable record.
///
/// ```
/// use kavosh::corpus::records::parse_record;
/// let record = serde_json::json!({
///     "id": "irnews-tabnak_data_866", "title": "طبیعت زیبای دومینیکا",
///     "date": "2020-02-25", "lang": "fa",
///     "text": "دومینیکا کشوری است جزیره‌ای در دریای کارائیب که پایتخت آن روسو است.\nدومینیکا از جزایر بادپناه است."});
/// let article = parse_record("news.jsonl", record, 12, "news.jsonl:12").unwrap();
/// assert_eq!(article.id, "irnews-tabnak_data_866");
/// assert_eq!(article.date.as_deref(), Some("2020-02-25"));
/// assert_eq!(article.passages.len(), 2);
/// assert_eq!((article.passages[1].line, article.passages[1].paragraph), (12, 2));
/// assert!(parse_record("news.jsonl", serde_json::json!({"id": 1}), 3, "x").is_err());
/// ```
pub fn parse_record(
    doc: &str,
    value: Value,
    line: u32,
    fallback_id: &str,
) -> Result<Article, String> {
    let Value::Object(mut map) = value else {
        return Err(format!("a JSON {}, not an object", kind_of(&value)));
    };
    let text = match map.remove("text") {
        Some(Value::String(text)) => text,
        Some(Value::Array(parts)) if parts.iter().all(Value::is_string) => parts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("\n"),
        None | Some(Value::Null) => return Err("no \"text\" field".into()),
        Some(other) => return Err(format!("\"text\" is a {}, not a string", kind_of(&other))),
    };
    let id = scalar(&map, "id").unwrap_or_else(|| fallback_id.to_string());
    let title = scalar(&map, "title");

    let mut article = Article::new(doc, &id);
    article.date = scalar(&map, "date")
        .as_deref()
        .and_then(parse_date)
        .map(Date::iso);
    article.lang = scalar(&map, "lang").as_deref().and_then(normalise_tag);
    article.news_id = scalar(&map, "news_id");

    let body = parse_plain_body(&text, title.is_none());
    article.title = title.or(body.title).unwrap_or(id);
    article.passages = body.passages;
    for passage in &mut article.passages {
        passage.line = line;
    }
    let stated = article.lang.clone();
    article.complete(stated.as_deref());
    Ok(article)
}

/// The message of a JSON error without serde_json's "at line L column C".
fn json_error(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    }
}

/// serde_json's column (1-based, in bytes) as a 1-based column in
/// characters of `line`, as editors count them.
fn char_column(line: &str, byte_column: usize) -> usize {
    line.char_indices()
        .take_while(|&(i, _)| i + 1 < byte_column)
        .count()
        + 1
}

/// One line read with a bound on its length.
struct BoundedLine {
    /// The line's length in bytes, without its `\n`.
    len: usize,
    /// True when it was longer than the bound (its bytes were not kept).
    too_long: bool,
}

/// Reads the next line into `buf` (without its `\n`), keeping at most
/// `max` bytes: a longer line is consumed and measured but not stored.
/// `None` at the end of the input.
fn read_bounded_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<BoundedLine>> {
    buf.clear();
    let mut line = BoundedLine {
        len: 0,
        too_long: false,
    };
    let mut any = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(any.then_some(line));
        }
        any = true;
        let newline = memchr::memchr(b'\n', chunk);
        let part = &chunk[..newline.unwrap_or(chunk.len())];
        line.len += part.len();
        if line.len > max {
            line.too_long = true;
            buf.clear();
        } else {
            buf.extend_from_slice(part);
        }
        let used = newline.map_or(chunk.len(), |n| n + 1);
        reader.consume(used);
        if newline.is_some() {
            return Ok(Some(line));
        }
    }
}

/// Reads a JSON Lines file, streaming it line by line. JSON is UTF-8 (a BOM
/// is allowed); a file with a UTF-16 BOM (as PowerShell writes them) is
/// decoded whole first.
pub(crate) fn read_json_lines_file(out: &mut Output) {
    let mut reader = match File::open(&out.file.path) {
        Ok(file) => BufReader::with_capacity(64 * 1024, file),
        Err(e) => {
            let error = e.to_string();
            return out.problem(None, ProblemKind::Unreadable { error });
        }
    };
    let head = match reader.fill_buf() {
        Ok(head) => head,
        Err(e) => {
            let error = e.to_string();
            return out.problem(None, ProblemKind::Unreadable { error });
        }
    };
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        if let Some(text) = out.read_text() {
            read_json_lines(text.as_bytes(), out);
        }
        return;
    }
    out.encoding(if head.starts_with(UTF8_BOM) {
        TextEncoding {
            source: EncodingSource::Bom,
            ..TextEncoding::UTF8
        }
    } else {
        TextEncoding::UTF8
    });
    read_json_lines(reader, out);
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// `bytes` as text if they are UTF-8: checked with SIMD instructions (most
/// of a Persian record is multi-byte letters, which the standard library
/// checks one by one), and again by the standard library only to say where
/// the first bad byte is.
fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes),
    }
}

/// Reads a JSON Lines stream: each non-blank line is one record, a bad line
/// is a problem with its line number and the others are read.
fn read_json_lines(mut reader: impl BufRead, out: &mut Output) {
    let doc = out.file.doc.clone();
    let mut buf = Vec::new();
    let mut number: u32 = 0;
    let mut records = 0usize;
    while !out.stopped() {
        let line = match read_bounded_line(&mut reader, &mut buf, MAX_RECORD_BYTES) {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(e) => {
                out.problem(
                    Some(number + 1),
                    ProblemKind::Unreadable {
                        error: e.to_string(),
                    },
                );
                return;
            }
        };
        number = number.saturating_add(1);
        if line.too_long {
            records += 1;
            out.problem(
                Some(number),
                ProblemKind::RecordTooLong {
                    bytes: line.len as u64,
                },
            );
            continue;
        }
        let mut bytes = buf.as_slice();
        if number == 1 {
            bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        records += 1;
        let text = match utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let byte_offset = e.valid_up_to();
                out.problem(Some(number), ProblemKind::NotUtf8 { byte_offset });
                continue;
            }
        };
        let value: Value = match serde_json::from_str(text) {
            Ok(value) => value,
            Err(e) => {
                let error = json_error(&e);
                let column = char_column(text, e.column());
                out.problem(Some(number), ProblemKind::MalformedJson { column, error });
                continue;
            }
        };
        match parse_record(&doc, value, number, &format!("{doc}:{number}")) {
            Ok(article) => out.article(article, Some(number)),
            Err(reason) => out.problem(Some(number), ProblemKind::BadRecord { reason }),
        }
    }
    if records == 0 {
        out.problem(None, ProblemKind::Empty);
    }
}

/// Reads a JSON file's text: one record, or an array of records (all on
/// line 1, ids falling back to `DOC#N`).
pub(crate) fn read_json(content: &str, out: &mut Output) {
    let doc = out.file.doc.clone();
    let value: Value = match serde_json::from_str(content) {
        Ok(value) => value,
        Err(e) => {
            let error = json_error(&e);
            let text = content
                .lines()
                .nth(e.line().saturating_sub(1))
                .unwrap_or("");
            let (line, column) = (e.line() as u32, char_column(text, e.column()));
            out.problem(Some(line), ProblemKind::MalformedJson { column, error });
            return;
        }
    };
    match value {
        Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                match parse_record(&doc, item, 1, &format!("{doc}#{}", i + 1)) {
                    Ok(article) => out.article(article, Some(1)),
                    Err(reason) => out.problem(
                        Some(1),
                        ProblemKind::BadRecord {
                            reason: format!("item {} of the array: {reason}", i + 1),
                        },
                    ),
                }
                if out.stopped() {
                    break;
                }
            }
        }
        value => match parse_record(&doc, value, 1, &doc) {
            Ok(article) => out.article(article, Some(1)),
            Err(reason) => out.problem(Some(1), ProblemKind::BadRecord { reason }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::read::tests::{kinds, read_temp, source};
    use crate::corpus::read_file;

    /// Three real records from mixed-mini (fa-news-irnews2020, en-news-tehrantimes,
    /// fa-poetry-ganjoor48), shortened.
    const IRNEWS: &str = r#"{"id":"irnews-tabnak_data_866","title":"طبیعت زیبای دومینیکا","date":"2020-02-25","lang":"fa","text":"«دومینیکا / Dominica» با نام رسمی قلمرو همسود دومینیکا کشوری است جزیره‌ای در دریای کارائیب که پایتخت آن روسو است.\nدومینیکا از جزایر بادپناه و بخشی از منطقه آنتیل کوچک است و به خاطر طبیعت دست‌نخورده‌ای که دارد «جزیره طبیعت کارائیب» نامیده شده‌است.","news_id":"1234567","source":"tabnak"}"#;
    const TEHRAN_TIMES: &str = r#"{"id":"tehrantimes-445436","title":"Iranian Russian diplomats discuss Tehran s cooperation with","date":null,"lang":"en","text":"TEHRAN – Iranian Ambassador to Russia Kazem Jalali has met with the Russian president’s Special Representative for the Shanghai Cooperation Organization (SCO) Bakhtiar Hakimov, discussing Tehran’s cooperation with the organization.\nHakimov said Russia supports Iran’s full membership in the SCO."}"#;
    const GANJOOR: &str = r#"{"id":"ganjoor48-moulavi-00628","title":"مولانا — بخش 628","date":null,"lang":"fa","text":"گر بگویم فوت می گردد بکا\nور نگویم چون کنم شکر و ثنا\nمی فتد از دیده خون دل شها\nبین چه افتادست از دیده مرا"}"#;

    fn jsonl(lines: &[&str]) -> Vec<u8> {
        lines.join("\n").into_bytes()
    }

    #[test]
    fn json_lines_records_become_articles_on_their_lines() {
        let read = read_temp("mixed.jsonl", &jsonl(&[IRNEWS, "", TEHRAN_TIMES, GANJOOR]));
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        let ids: Vec<&str> = read.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "irnews-tabnak_data_866",
                "tehrantimes-445436",
                "ganjoor48-moulavi-00628"
            ]
        );
        let [fa, en, poem] = &read.articles[..] else {
            panic!()
        };
        assert!(read.articles.iter().all(|a| a.doc == "mixed.jsonl"));
        assert_eq!(fa.title, "طبیعت زیبای دومینیکا");
        assert_eq!(fa.date.as_deref(), Some("2020-02-25"));
        assert_eq!(fa.lang.as_deref(), Some("fa"));
        assert_eq!(fa.news_id.as_deref(), Some("1234567"));
        assert_eq!(en.date, None, "null date");
        let lines: Vec<(u32, u32)> = en.passages.iter().map(|p| (p.line, p.paragraph)).collect();
        assert_eq!(
            lines,
            [(3, 1), (3, 2)],
            "the record's line, paragraphs within it"
        );
        assert!(en.passages.iter().all(|p| p.lang == "en"));
        assert!(
            fa.passages.iter().all(|p| p.lang == "fa"),
            "the record's lang, even for a paragraph opening in Latin"
        );
        assert_eq!(
            poem.passages.len(),
            4,
            "a poem's short lines are its passages, not headings"
        );
        assert!(poem
            .passages
            .iter()
            .all(|p| p.section.is_none() && p.line == 4));
        assert_eq!(read.encoding.unwrap().to_string(), "UTF-8");
    }

    #[test]
    fn a_malformed_line_is_a_problem_and_the_others_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let broken = &IRNEWS[..IRNEWS.len() / 2];
        let f = source(
            &dir,
            "news.jsonl",
            &jsonl(&[
                TEHRAN_TIMES,
                broken,
                "[1, 2]",
                r#"{"id": "x", "title": "بی متن"}"#,
                r#"{"text": 5}"#,
                GANJOOR,
            ]),
        );
        let read = read_file(&f);
        assert_eq!(read.articles.len(), 2);
        assert_eq!(read.articles[1].passages[0].line, 6);
        let problems: Vec<String> = read.problems.iter().map(|p| p.to_string()).collect();
        let path = f.path.display().to_string();
        let column = broken.chars().count(); // at its last character
        assert!(
            problems[0].starts_with(&format!("{path}:2: malformed JSON at column {column} ")),
            "{problems:?}"
        );
        assert!(
            problems[0].contains("EOF while parsing a string"),
            "{problems:?}"
        );
        assert!(problems[1].starts_with(&format!(
            "{path}:3: not a usable record (a JSON array, not an object)"
        )));
        assert!(problems[2].contains(":4: not a usable record (no \"text\" field)"));
        assert!(
            problems[3].contains(":5: not a usable record (\"text\" is a number, not a string)")
        );
    }

    #[test]
    fn missing_fields_have_fallbacks() {
        let read = read_temp(
            "reviews.jsonl",
            &jsonl(&[
                r#"{"text": "بنا به نظر کاربران خریداری کردم، اما چندان رضایت بخش نبود."}"#,
                r#"{"id": 42, "date": "2019-11-03 10:20:00", "text": "قهوه\nبنا به نظر کاربران خریداری کردم، اما چندان رضایت بخش نبود.\nطعم آن خوب نبود."}"#,
                r#"{"id": "t1", "text": "The Caspian summit opened in Tehran.\nکشورهای حاشیه خزر در تهران گرد آمدند.", "date": "sometime"}"#,
            ]),
        );
        let [a, b, c] = &read.articles[..] else {
            panic!("{:?}", read.problems)
        };
        assert_eq!(
            (a.id.as_str(), a.title.as_str()),
            ("reviews.jsonl:1", "reviews.jsonl:1")
        );
        assert_eq!((a.lang.as_deref(), a.date.as_deref()), (None, None));
        assert_eq!(b.id, "42");
        assert_eq!(b.title, "قهوه", "a heading opening the text is the title");
        assert_eq!(b.date.as_deref(), Some("2019-11-03"));
        assert_eq!(b.passages.len(), 2);
        assert_eq!(c.date, None, "an unreadable date is left out");
        let langs: Vec<&str> = c.passages.iter().map(|p| p.lang.as_str()).collect();
        assert_eq!(
            langs,
            ["en", "fa"],
            "no lang in the record: detected per paragraph"
        );
    }

    #[test]
    fn hard_wrapped_record_text_is_rejoined() {
        let text = "The Caspian Sea is the largest enclosed body of water on\\nearth and its legal status has been disputed by the five\\nlittoral states since the collapse of the Soviet Union in\\n1991.\\n\\nIran and Russia signed an agreement on shipping and trade\\nbetween the ports of Astara, Anzali and Astrakhan, which\\nwas expected to double the cargo moved across the sea.";
        let record = format!(r#"{{"id": "wrapped", "title": "Caspian", "text": "{text}"}}"#);
        let article =
            parse_record("a.jsonl", serde_json::from_str(&record).unwrap(), 1, "x").unwrap();
        assert_eq!(article.passages.len(), 2);
        assert!(article.passages[0].text.ends_with("1991."));
    }

    #[test]
    fn empty_bom_crlf_and_non_utf8_lines() {
        let read = read_temp("e.jsonl", b"\n \n");
        assert_eq!(kinds(&read), [(None, ProblemKind::Empty)]);
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(format!("{TEHRAN_TIMES}\r\n").as_bytes());
        bytes.extend_from_slice(b"{\"text\": \"\xC7\xED\xD1\xC7\xE4\"}\r\n");
        let read = read_temp("w.jsonl", &bytes);
        assert_eq!(read.articles.len(), 1);
        assert_eq!(read.encoding.unwrap().to_string(), "UTF-8 (BOM)");
        assert_eq!(
            kinds(&read),
            [(Some(2), ProblemKind::NotUtf8 { byte_offset: 10 })]
        );
    }

    #[test]
    fn a_huge_record_is_skipped_and_the_next_line_read() {
        let huge = format!(
            r#"{{"id": "huge", "text": "{}"}}"#,
            "خزر ".repeat(MAX_RECORD_BYTES / 4)
        );
        let read = read_temp("dump.jsonl", &jsonl(&[&huge, GANJOOR]));
        assert_eq!(read.articles.len(), 1);
        assert_eq!(read.articles[0].passages[0].line, 2);
        assert_eq!(read.problems.len(), 1);
        assert_eq!(read.problems[0].line, Some(1));
        assert!(
            matches!(read.problems[0].kind, ProblemKind::RecordTooLong { bytes } if bytes > MAX_RECORD_BYTES as u64)
        );
    }

    #[test]
    fn a_line_over_the_record_limit_is_measured_not_kept() {
        let mut input: &[u8] = b"abcdef\nghi\n\nlast";
        let mut buf = Vec::new();
        let mut lines = Vec::new();
        while let Some(line) = read_bounded_line(&mut input, &mut buf, 4).unwrap() {
            lines.push((
                line.len,
                line.too_long,
                String::from_utf8(buf.clone()).unwrap(),
            ));
        }
        assert_eq!(
            lines,
            [
                (6, true, String::new()),
                (3, false, "ghi".into()),
                (0, false, String::new()),
                (4, false, "last".into())
            ]
        );
    }

    #[test]
    fn many_bad_lines_are_listed_up_to_a_limit() {
        let mut lines = vec!["{broken"; 50];
        lines.push(GANJOOR);
        let read = read_temp("bad.jsonl", &jsonl(&lines));
        assert_eq!(read.articles.len(), 1);
        assert_eq!(read.problems.len(), 21);
        assert_eq!(
            read.problems[20].kind,
            ProblemKind::MoreProblems { count: 30 }
        );
    }

    #[test]
    fn utf16_json_lines_are_decoded_whole() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in format!("{IRNEWS}\r\n{GANJOOR}\r\n").encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let read = read_temp("powershell.jsonl", &bytes);
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        assert_eq!(read.articles.len(), 2);
        assert_eq!(read.articles[1].passages[0].line, 2);
        assert_eq!(read.encoding.unwrap().to_string(), "UTF-16LE (BOM)");
    }

    #[test]
    fn json_files_hold_one_record_or_an_array() {
        let read = read_temp("one.json", IRNEWS.as_bytes());
        assert_eq!(read.articles.len(), 1);
        assert_eq!(read.articles[0].id, "irnews-tabnak_data_866");
        let array = format!("[\n  {TEHRAN_TIMES},\n  {{\"title\": \"x\"}},\n  {{\"text\": \"بین چه افتادست از دیده مرا\"}}\n]");
        let read = read_temp("many.json", array.as_bytes());
        let ids: Vec<&str> = read.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["tehrantimes-445436", "many.json#3"]);
        assert!(read
            .articles
            .iter()
            .flat_map(|a| &a.passages)
            .all(|p| p.line == 1));
        assert!(read.problems[0]
            .to_string()
            .contains(":1: not a usable record (item 2 of the array: no \"text\" field)"));
        let read = read_temp("broken.json", b"{\n  \"text\": \"a\",\n  oops\n}");
        assert_eq!(read.problems[0].line, Some(3));
        assert!(matches!(
            read.problems[0].kind,
            ProblemKind::MalformedJson { column: 3, .. }
        ));
    }
}
