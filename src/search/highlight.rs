//! Finding the query's matches in a passage, as spans of the original text.
//!
//! The passage is analysed again with the index's analyzer, so every match
//! the index found is found here too, and its span covers the characters as
//! written: «كشتي» with Arabic letters, «اروپـا» with tatweel, «هسته ای»
//! with a space, «۱۳۸۶» in Persian digits.

use std::collections::HashMap;

use crate::analysis::{Analyzer, Token};
use crate::query::{Matcher, QueryPlan};

/// Where a plan matches a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matches {
    /// Byte spans `[start, end)` of all matches, sorted and merged.
    pub spans: Vec<(usize, usize)>,
    /// For each concept of the plan, whether the text contains it.
    pub concepts: Vec<bool>,
}

/// Finds the concepts of `plan` in `text`, analysing it with `analyzer`.
pub fn find_matches(analyzer: &Analyzer, plan: &QueryPlan, text: &str) -> Matches {
    let tokens = analyzer.analyze(text);
    let mut spans = Vec::new();
    let mut concepts = Vec::with_capacity(plan.concepts.len());
    for concept in &plan.concepts {
        let before = spans.len();
        for (matcher, _) in &concept.alternatives {
            match matcher {
                Matcher::Term(term) => {
                    spans.extend(
                        tokens
                            .iter()
                            .filter(|t| &t.term == term)
                            .map(|t| (t.start, t.end)),
                    );
                }
                Matcher::Phrase(terms) => spans.extend(phrase_spans(&tokens, terms)),
            }
        }
        concepts.push(spans.len() > before);
    }
    Matches {
        spans: merge(spans),
        concepts,
    }
}

/// Byte spans `[start, end)` of the matches of `plan` in `text`, sorted,
/// with overlapping and touching spans merged.
///
/// ```
/// use kavosh::analysis::Analyzer;
/// use kavosh::query::QueryPlan;
/// use kavosh::search::highlight::match_spans;
/// let analyzer = Analyzer::default();
/// let plan = QueryPlan::parse("كشتي", &analyzer).unwrap();
/// let text = "حمل بار با کشتی در خزر";
/// let spans = match_spans(&analyzer, &plan, text);
/// assert_eq!(&text[spans[0].0..spans[0].1], "کشتی");
/// ```
pub fn match_spans(analyzer: &Analyzer, plan: &QueryPlan, text: &str) -> Vec<(usize, usize)> {
    find_matches(analyzer, plan, text).spans
}

/// Spans of a phrase's occurrences: its terms at consecutive positions.
fn phrase_spans(tokens: &[Token], phrase: &[String]) -> Vec<(usize, usize)> {
    let mut at: HashMap<usize, Vec<&Token>> = HashMap::new();
    for token in tokens {
        at.entry(token.position).or_default().push(token);
    }
    let mut spans = Vec::new();
    for start in tokens.iter().filter(|t| t.term == phrase[0]) {
        let mut span = (start.start, start.end);
        let matched = phrase.iter().enumerate().skip(1).all(|(k, term)| {
            at.get(&(start.position + k))
                .and_then(|ts| ts.iter().find(|t| &t.term == term))
                .is_some_and(|t| {
                    span = (span.0.min(t.start), span.1.max(t.end));
                    true
                })
        });
        if matched {
            spans.push(span);
        }
    }
    spans
}

fn merge(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    spans.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Converts byte spans of `text` to spans in Unicode scalar values (Python
/// string indices), as the JSON output gives them.
pub fn to_char_spans(text: &str, spans: &[(usize, usize)]) -> Vec<[usize; 2]> {
    let mut out = Vec::with_capacity(spans.len());
    let mut chars = 0;
    let mut byte = 0;
    let mut advance = |to: usize| {
        chars += text[byte..to].chars().count();
        byte = to;
        chars
    };
    for &(s, e) in spans {
        let start = advance(s);
        let end = advance(e);
        out.push([start, end]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans_of<'a>(query: &str, text: &'a str) -> Vec<&'a str> {
        let analyzer = Analyzer::default();
        let plan = QueryPlan::parse(query, &analyzer).unwrap();
        match_spans(&analyzer, &plan, text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn highlights_cover_the_original_characters() {
        assert_eq!(spans_of("کشتیرانی", "خطوط كشتيراني در خزر"), ["كشتيراني"]);
        assert_eq!(spans_of("اروپا", "به اروپـا رفت"), ["اروپـا"]);
        assert_eq!(spans_of("کشتی", "با کِشتی رفت"), ["کِشتی"]);
        assert_eq!(spans_of("1386", "در سال ۱۳۸۶ بود"), ["۱۳۸۶"]);
        assert_eq!(
            spans_of("هسته\u{200c}ای", "برنامه هسته ای ایران"),
            ["هسته ای"]
        );
        assert_eq!(
            spans_of("هستهای", "برنامه هسته\u{200c}ای ایران"),
            ["هسته\u{200c}ای"]
        );
        assert_eq!(spans_of("Caspian", "the CASPIAN sea"), ["CASPIAN"]);
    }

    #[test]
    fn phrases_highlight_only_where_the_words_are_in_order() {
        let text = "شورای امنیت سازمان ملل و امنیت شورای شهر";
        assert_eq!(spans_of("\"شورای امنیت\"", text), ["شورای امنیت"]);
    }

    #[test]
    fn glued_spellings_highlight() {
        assert_eq!(spans_of("خلیج فارس", "در کرانههای خلیجفارس"), ["خلیجفارس"]);
    }

    #[test]
    fn excluded_words_are_not_highlighted() {
        assert_eq!(spans_of("کشتی -دریا", "کشتی در دریا"), ["کشتی"]);
    }

    #[test]
    fn char_spans_count_scalar_values() {
        let text = "ab پوتین cd";
        let spans = [(3, 13)];
        assert_eq!(&text[3..13], "پوتین");
        assert_eq!(to_char_spans(text, &spans), [[3, 8]]);
        let text = "ایران و روسیه";
        let spans = [(0, 10), (14, 24)];
        assert_eq!(to_char_spans(text, &spans), [[0, 5], [8, 13]]);
    }
}
