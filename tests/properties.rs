//! Hostile input, as property tests: arbitrary Unicode, Persian-heavy text
//! full of the characters the analyzer treats specially (ZWNJ, diacritics,
//! tatweel, Arabic letters, Persian digits, bidi marks, presentation
//! forms), and arbitrary bytes, through the analyzer, the query parser,
//! highlights and snippets, every corpus reader and encoding, and date
//! parsing. None may panic, and each keeps its promises (spans on character
//! boundaries, in order, inside the text; normalisation idempotent; a plan
//! or a usage error).
//!
//! CI runs proptest's default number of cases (256 per property);
//! `bench/fuzz.sh` runs them with `PROPTEST_CASES=100000`.

use std::path::Path;

use kavosh::analysis::Analyzer;
use kavosh::corpus::{read_file, Date, SourceFile};
use kavosh::query::QueryPlan;
use kavosh::search::highlight::{match_spans, to_char_spans};
use kavosh::search::snippet::{make_snippet, SnippetOptions, ELLIPSIS};
use kavosh::search::Filter;
use kavosh::Error;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// proptest's default configuration (which reads `PROPTEST_CASES`), with
/// failing inputs saved beside this file so that later runs replay them.
fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/properties.proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

/// Characters that kavosh's analysis treats specially, and their neighbours.
const SPECIAL: &[char] = &[
    '\u{200C}',
    '\u{200D}',
    '\u{200E}',
    '\u{200F}',
    '\u{202A}',
    '\u{202B}',
    '\u{202C}',
    '\u{2066}',
    '\u{2069}',
    '\u{FEFF}',
    '\u{00AD}', // invisible marks
    '\u{064B}',
    '\u{064E}',
    '\u{0650}',
    '\u{0651}',
    '\u{0652}',
    '\u{0670}',
    '\u{0640}', // diacritics, tatweel
    'ي',
    'ى',
    'ئ',
    'ك',
    'ة',
    'ۀ',
    'أ',
    'إ',
    'ٱ',
    'آ',
    'ؤ',
    'ء', // Arabic letters
    '\u{FEF5}',
    '\u{FB8A}',
    '\u{FEE0}',
    '\u{FDF2}', // presentation forms
    '۰',
    '۱',
    '۲',
    '۹',
    '٠',
    '٣',
    '٩', // Persian and Arabic-Indic digits
    '،',
    '؛',
    '؟',
    '«',
    '»',
    '.',
    ':',
    '-',
    '"',
    '|',
    '(',
    ')',
    '/',
    '\'', // punctuation, query syntax
    ' ',
    ' ',
    '\n',
    '\t',
    '\r',
    '\u{00A0}',
    '\u{2009}', // spaces
    'é',
    'ß',
    'İ',
    'ﬁ',
    '\u{0301}',
    'Ω',
    'ж',
    '中',
    '😀',
    '\u{1F3FD}', // Latin and others
];

/// Persian and English words, affixes and clitics, for text that looks
/// like the corpus.
const WORDS: &[&str] = &[
    "ایران",
    "روسیه",
    "کشور",
    "کشورهای",
    "ها",
    "های",
    "می",
    "نمی",
    "شود",
    "هسته",
    "ای",
    "تر",
    "ترین",
    "خلیجفارس",
    "دریای",
    "خزر",
    "کشتیرانی",
    "بوشهر",
    "اروپایی",
    "مذاکرات",
    "OR",
    "-",
    "Caspian",
    "Persian",
    "Gulf",
    "the",
    "of",
    "Putin",
    "1386",
    "۱۳۹۱",
    "مهر",
    "ان.پی.تی",
    "«",
    "»",
    "\"",
    "AND",
    "NOT",
    "*",
    "?",
    "~",
    "^",
];

/// Arbitrary Unicode strings.
fn any_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<char>(), 0..120).prop_map(String::from_iter)
}

/// Persian-heavy text: words, special characters and Arabic-block letters.
fn persian_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(WORDS).prop_map(str::to_string),
        3 => proptest::sample::select(SPECIAL).prop_map(String::from),
        2 => (0x0600u32..0x0700).prop_map(|c| char::from_u32(c).unwrap().to_string()),
        1 => any::<char>().prop_map(String::from),
        2 => Just(" ".to_string()),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

/// Either kind of text.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![any_text(), persian_text()]
}

/// Byte spans are inside `text`, on character boundaries, non-empty,
/// sorted.
fn assert_spans(text: &str, spans: &[(usize, usize)]) -> Result<(), TestCaseError> {
    let mut last = 0;
    for &(start, end) in spans {
        prop_assert!(
            start < end && end <= text.len(),
            "{start}..{end} in {}",
            text.len()
        );
        prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        prop_assert!(start >= last, "in order");
        last = start;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn analyzer_tokens_are_spans_of_the_text_in_order(text in text()) {
        let analyzer = Analyzer::default();
        let tokens = analyzer.analyze(&text);
        let mut last = (0, 0);
        for token in &tokens {
            prop_assert!(token.start < token.end && token.end <= text.len());
            prop_assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
            prop_assert!((token.position, token.start) >= last, "tokens in order: {tokens:?}");
            last = (token.position, token.start);
            prop_assert!(!token.term.is_empty());
            prop_assert!(token.term.chars().count() <= 120, "terms are cut at 120 characters");
        }
        // The exact and surface chains keep the same promises.
        for analyzer in [Analyzer::exact(), Analyzer::surface()] {
            for token in analyzer.analyze(&text) {
                prop_assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
                prop_assert!(token.end <= text.len());
            }
        }
    }

    #[test]
    fn the_word_memo_gives_the_tokens_of_the_filters_one_by_one(text in text(), before in text()) {
        // Each chain looks its words up in a per-thread memo of what its
        // filters make of them: the same tokens as running the filters over
        // the text one after the other, on a fresh memo and on one that saw
        // `before` (and `text`) already.
        for analyzer in [Analyzer::default(), Analyzer::exact(), Analyzer::surface()] {
            let mut plain = Vec::new();
            analyzer.analyze_filter_by_filter(&text, &mut plain);
            let mut seen = Vec::new();
            for sample in [&text, &before, &text] {
                analyzer.analyze_into(sample, &mut seen);
            }
            prop_assert_eq!(&seen, &plain);
        }
    }

    #[test]
    fn tokenizer_fast_path_gives_unicode_segmentation_words(text in text(), before in text()) {
        // kavosh's tokenizer finds plain words between spaces itself: it
        // must find exactly the words UAX #29 finds, and overwrite every
        // token of a text tokenised before into the same vector.
        use kavosh::analysis::{Script, WordTokenizer};
        use unicode_segmentation::UnicodeSegmentation;
        let expected: Vec<(String, usize, usize, usize, Script)> = text
            .split_word_bound_indices()
            .filter(|(_, word)| word.chars().any(Script::is_word_char))
            .enumerate()
            .map(|(position, (start, word))| {
                let term: String = word.chars().take(120).collect();
                (term, start, start + word.len(), position, Script::of(word))
            })
            .collect();
        let mut tokens = WordTokenizer.tokenize(&before);
        WordTokenizer.tokenize_into(&text, &mut tokens);
        let seen: Vec<_> = tokens
            .into_iter()
            .map(|t| (t.term, t.start, t.end, t.position, t.script))
            .collect();
        prop_assert_eq!(seen, expected);
    }

    #[test]
    fn normalisation_is_idempotent(text in text()) {
        // A normalised word, normalised again, keeps every letter and digit
        // as it is (punctuation inside a term, as in «ان.پی.تی» or
        // «1386:ایران», may split it, and is not compared).
        let surface = Analyzer::surface();
        for token in surface.analyze(&text) {
            let again = surface.terms(&token.term);
            let letters = |t: &str| -> String {
                t.chars().filter(|&c| kavosh::analysis::Script::is_word_char(c)).collect()
            };
            prop_assert_eq!(
                letters(&again.concat()),
                letters(&token.term),
                "{:?} from {:?}",
                token.term,
                token.original(&text)
            );
        }
    }

    #[test]
    fn the_query_parser_gives_a_plan_or_a_usage_error(query in text()) {
        let analyzer = Analyzer::default();
        match QueryPlan::parse(&query, &analyzer) {
            Ok(plan) => {
                prop_assert!(!plan.concepts.is_empty());
                prop_assert!(plan.concepts.len() <= kavosh::query::plan::MAX_CONCEPTS);
            }
            Err(Error::Query(message)) => prop_assert!(!message.is_empty()),
            Err(other) => prop_assert!(false, "not a usage error: {other}"),
        }
        // The --exact analysis of a query too.
        let _ = QueryPlan::parse(&query, &Analyzer::exact());
    }

    #[test]
    fn highlights_and_snippets_slice_the_original_text(
        query in persian_text(),
        text in text(),
        max_chars in 0usize..400,
    ) {
        let analyzer = Analyzer::default();
        let Ok(plan) = QueryPlan::parse(&query, &analyzer) else {
            return Ok(());
        };
        let spans = match_spans(&analyzer, &plan, &text);
        assert_spans(&text, &spans)?;
        // Character spans cut the same substrings as the byte spans.
        let chars: Vec<char> = text.chars().collect();
        let char_spans = to_char_spans(&text, &spans);
        prop_assert_eq!(char_spans.len(), spans.len());
        for (&[s, e], &(bs, be)) in char_spans.iter().zip(&spans) {
            prop_assert!(s < e && e <= chars.len());
            prop_assert_eq!(chars[s..e].iter().collect::<String>(), &text[bs..be]);
        }
        let options = SnippetOptions { max_chars, ..SnippetOptions::default() };
        let snippet = make_snippet(&text, &spans, options);
        let snippet_chars: Vec<char> = snippet.text.chars().collect();
        let highlighted: Vec<String> = spans.iter().map(|&(s, e)| text[s..e].to_string()).collect();
        let mut last = 0;
        for &[s, e] in &snippet.highlights {
            prop_assert!(s < e && e <= snippet_chars.len(), "{s}..{e} in {}", snippet_chars.len());
            prop_assert!(s >= last);
            last = e;
            // A snippet highlight is (a part of) a highlight of the text,
            // whitespace folded.
            let part: String = snippet_chars[s..e].iter().collect();
            let fold = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert!(
                highlighted.iter().any(|h| fold(h).contains(&fold(&part))),
                "{part:?} not among {highlighted:?}"
            );
        }
        // Without matches, a snippet is the start of the text.
        if spans.is_empty() && !snippet.text.is_empty() {
            let first = snippet.text.split(ELLIPSIS).next().unwrap_or("");
            let fold = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert!(fold(&text).starts_with(&fold(first)), "{:?}", snippet.text);
        }
    }

    #[test]
    fn date_parsing_never_panics_and_round_trips(text in text(), days in -200_000i64..200_000) {
        if let Some(date) = kavosh::corpus::parse_date(&text) {
            prop_assert_eq!(kavosh::corpus::parse_date(&date.iso()), Some(date));
            let j = date.to_jalali();
            prop_assert_eq!(Date::from_jalali(j.year, j.month, j.day), Some(date));
        }
        match Filter::date("--after", &text) {
            Ok(_) => {}
            Err(Error::Filter(message)) => prop_assert!(message.contains("--after")),
            Err(other) => prop_assert!(false, "{other}"),
        }
        if let Some(date) = Date::from_days_since_epoch(days) {
            prop_assert_eq!(date.days_since_epoch(), days);
            let g = date.to_gregorian();
            prop_assert_eq!(Date::from_gregorian(g.year, g.month, g.day), Some(date));
            let j = date.to_jalali();
            prop_assert_eq!(Date::from_jalali(j.year, j.month, j.day), Some(date));
        }
    }
}

/// The file's bytes, as each encoding kavosh reads would hold `text`.
fn encodings(text: &str) -> Vec<Vec<u8>> {
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut utf16be = vec![0xFE, 0xFF];
    utf16be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(text);
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(text.as_bytes());
    vec![
        text.as_bytes().to_vec(),
        bom,
        utf16,
        utf16be,
        cp1256.into_owned(),
    ]
}

/// Reads `bytes` as a file with each extension kavosh reads, checking what
/// every reader promises: no panic, problems about this file, passages
/// that are not empty, at lines of the file.
fn read_as_every_format(dir: &Path, bytes: &[u8]) -> Result<(), TestCaseError> {
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    for extension in ["txt", "md", "html", "json", "jsonl"] {
        let path = dir.join(format!("input.{extension}"));
        std::fs::write(&path, bytes).unwrap();
        let file = SourceFile {
            path: path.clone(),
            doc: format!("input.{extension}"),
            size: bytes.len() as u64,
        };
        let read = read_file(&file);
        for problem in &read.problems {
            prop_assert_eq!(&problem.path, &path);
            prop_assert!(!problem.to_string().is_empty());
        }
        for article in &read.articles {
            prop_assert!(!article.passages.is_empty());
            for passage in &article.passages {
                prop_assert!(
                    !passage.text.trim().is_empty(),
                    "{extension}: empty passage"
                );
                prop_assert!(passage.line >= 1);
                // UTF-16 has a line per two bytes at most; others per byte.
                prop_assert!(
                    passage.line <= lines.max(bytes.len() as u32 / 2 + 1),
                    "{extension}: line {}",
                    passage.line
                );
                prop_assert!(passage.lang == "fa" || passage.lang == "en");
            }
        }
    }
    Ok(())
}

/// Text shaped like each format, from hostile pieces.
fn shaped(text: String, shape: u8) -> String {
    match shape % 6 {
        0 => text,
        1 => format!("# {text}\n\n{text}\n\n- {text}\n> {text}\n```\n{text}\n```\n"),
        2 => format!("<html><head><meta charset=\"utf-8\"><title>{text}</title></head><body><article><h1>{text}</h1><p>{text}</p><h2>{text}</h2><p>{text}<br>{text}</p></article></body></html>"),
        3 => serde_json::json!({"id": text, "title": text, "date": text, "lang": "fa", "text": text}).to_string(),
        4 => format!(
            "{}\n{}\n{text}\n",
            serde_json::json!({"text": text}),
            serde_json::json!([{"text": text, "date": text}])
        ),
        _ => format!("تاریخ انتشار : {text}\nشناسه خبر : {text}\nTitle: {text}\n\n{text}\n{text}\n"),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_corpus_reader_survives_arbitrary_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
    ) {
        let dir = tempfile::tempdir().unwrap();
        read_as_every_format(dir.path(), &bytes)?;
    }

    #[test]
    fn every_corpus_reader_survives_hostile_text_in_every_encoding(
        text in text(),
        shape in any::<u8>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let text = shaped(text, shape);
        for bytes in encodings(&text) {
            read_as_every_format(dir.path(), &bytes)?;
        }
    }
}
