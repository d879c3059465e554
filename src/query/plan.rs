//! From parsed syntax to what is searched: each group of the query becomes a
//! [`Concept`] with one or more [`Matcher`]s, all in analysed form.
//!
//! Besides the terms as typed, a concept also matches the same words glued
//! together: text that lost its ZWNJs writes «خلیجفارس», «راهآهن»,
//! «هاشمیرفسنجانی», and a user types «خلیج فارس». So adjacent Persian
//! words of a query are also searched as one glued term (pairs and
//! triples), and phrases in every glued variant.

use super::syntax::{self, Item, Syntax};
use crate::analysis::{is_stop_word, Analyzer, Script, Token};
use crate::error::{Error, Result};

/// At most this many concepts are searched; the rest of a long query is dropped
/// with a warning.
pub const MAX_CONCEPTS: usize = 32;
/// A phrase is searched in at most this many glued variants.
const MAX_PHRASE_VARIANTS: usize = 16;
/// Glued variants are built for runs of at most this many words.
const MAX_GLUE: usize = 3;

/// One way to match: a term or a sequence of terms at consecutive positions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Matcher {
    /// A single analysed term.
    Term(String),
    /// Analysed terms at consecutive positions.
    Phrase(Vec<String>),
}

/// Where a matcher came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The words as typed.
    Typed,
    /// Adjacent words of the query glued into one (a lost ZWNJ or space).
    Glued,
}

/// Something the passage should contain: alternatives, any of which counts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Concept {
    /// What the user typed for it.
    pub label: String,
    /// The matchers, with where each came from.
    pub alternatives: Vec<(Matcher, Origin)>,
    /// A stop word: it adds to the score but is not required.
    pub optional: bool,
}

impl Concept {
    fn new(label: String) -> Self {
        Concept {
            label,
            alternatives: Vec::new(),
            optional: false,
        }
    }

    fn add(&mut self, matcher: Matcher, origin: Origin) {
        if !self.alternatives.iter().any(|(m, _)| *m == matcher) {
            self.alternatives.push((matcher, origin));
        }
    }
}

/// The analysed query.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct QueryPlan {
    /// What to look for, in query order.
    pub concepts: Vec<Concept>,
    /// Passages matching any of these are excluded.
    pub excluded: Vec<Matcher>,
    /// What was ignored or reinterpreted.
    pub warnings: Vec<String>,
}

impl QueryPlan {
    /// Analyses `query` with `analyzer`.
    ///
    /// Fails with [`Error::Query`] when nothing searchable is left.
    ///
    /// ```
    /// use kavosh::analysis::Analyzer;
    /// use kavosh::query::{Matcher, QueryPlan};
    /// let plan = QueryPlan::parse("خلیج فارس", &Analyzer::default()).unwrap();
    /// assert_eq!(plan.concepts.len(), 2);
    /// // each word also matches the glued spelling of the two
    /// assert!(plan.concepts[0].alternatives.iter().any(|(m, _)| *m == Matcher::Term("خلیجفارس".into())));
    /// ```
    pub fn parse(query: &str, analyzer: &Analyzer) -> Result<QueryPlan> {
        Self::from_syntax(syntax::parse(query), analyzer)
    }

    /// Analyses already parsed syntax.
    pub fn from_syntax(syntax: Syntax, analyzer: &Analyzer) -> Result<QueryPlan> {
        let mut plan = QueryPlan {
            warnings: syntax.warnings,
            ..QueryPlan::default()
        };
        let mut run: Vec<String> = Vec::new();
        for group in syntax.groups {
            match group.alternatives.as_slice() {
                [Item::Word(word)] => run.push(word.clone()),
                alternatives => {
                    plan.add_run(&run, analyzer);
                    run.clear();
                    plan.add_group(alternatives, analyzer);
                }
            }
        }
        plan.add_run(&run, analyzer);

        for item in &syntax.excluded {
            let text = item_text(item);
            let tokens = analyzer.analyze(text);
            match tokens.len() {
                0 => plan
                    .warnings
                    .push(format!("ignored -{text}: nothing searchable in it")),
                1 => plan.excluded.push(Matcher::Term(tokens[0].term.clone())),
                _ => plan.excluded.extend(phrase_variants(&tokens)),
            }
        }

        if plan.concepts.len() > MAX_CONCEPTS {
            plan.concepts.truncate(MAX_CONCEPTS);
            plan.warnings.push(format!(
                "the query is long: only its first {MAX_CONCEPTS} words were searched"
            ));
        }
        if plan.concepts.is_empty() {
            return Err(Error::Query(if plan.excluded.is_empty() {
                "the query has no word to search for".to_string()
            } else {
                "the query only excludes words: add a word to search for".to_string()
            }));
        }
        if plan.concepts.iter().all(|c| c.optional) {
            for concept in &mut plan.concepts {
                concept.optional = false;
            }
        }
        Ok(plan)
    }

    /// A run of bare words, analysed as one text so that affixes typed apart
    /// («می شود») join their word as they do in the index.
    fn add_run(&mut self, words: &[String], analyzer: &Analyzer) {
        if words.is_empty() {
            return;
        }
        let text = words.join(" ");
        let tokens = analyzer.analyze(&text);
        if tokens.is_empty() {
            self.warnings
                .push(format!("ignored «{text}»: nothing searchable in it"));
            return;
        }
        let first = self.concepts.len();
        for token in &tokens {
            let mut concept = Concept::new(token.original(&text).to_string());
            concept.optional = is_stop_word(&token.term);
            concept.add(Matcher::Term(token.term.clone()), Origin::Typed);
            self.concepts.push(concept);
        }
        // Glued spellings of 2 and 3 adjacent Persian words.
        for n in 2..=MAX_GLUE {
            for start in 0..tokens.len().saturating_sub(n - 1) {
                let window = &tokens[start..start + n];
                if let Some(glued) = glue(window) {
                    for concept in &mut self.concepts[first + start..first + start + n] {
                        concept.add(Matcher::Term(glued.clone()), Origin::Glued);
                    }
                }
            }
        }
    }

    /// A phrase or an OR group: one concept with all alternatives.
    fn add_group(&mut self, alternatives: &[Item], analyzer: &Analyzer) {
        let label = alternatives
            .iter()
            .map(item_label)
            .collect::<Vec<_>>()
            .join(" OR ");
        let mut concept = Concept::new(label);
        for item in alternatives {
            let tokens = analyzer.analyze(item_text(item));
            match tokens.len() {
                0 => self.warnings.push(format!(
                    "ignored {}: nothing searchable in it",
                    item_label(item)
                )),
                1 => concept.add(Matcher::Term(tokens[0].term.clone()), Origin::Typed),
                _ => {
                    for (i, variant) in phrase_variants(&tokens).into_iter().enumerate() {
                        concept.add(variant, if i == 0 { Origin::Typed } else { Origin::Glued });
                    }
                }
            }
        }
        if !concept.alternatives.is_empty() {
            self.concepts.push(concept);
        }
    }

    /// Every term and phrase the passages are searched for (not the excluded).
    pub fn positive_matchers(&self) -> impl Iterator<Item = &Matcher> {
        self.concepts
            .iter()
            .flat_map(|c| c.alternatives.iter().map(|(m, _)| m))
    }
}

fn item_text(item: &Item) -> &str {
    match item {
        Item::Word(w) | Item::Phrase(w) => w,
    }
}

fn item_label(item: &Item) -> String {
    match item {
        Item::Word(w) => w.clone(),
        Item::Phrase(p) => format!("\"{p}\""),
    }
}

/// The glued term of adjacent Persian tokens, if they are all Persian.
fn glue(tokens: &[Token]) -> Option<String> {
    if tokens.len() < 2 || tokens.iter().any(|t| t.script != Script::Persian) {
        return None;
    }
    Some(tokens.iter().map(|t| t.term.as_str()).collect())
}

/// The phrase as typed first, then variants where runs of 2–3 adjacent
/// Persian words are glued. A variant of one term is a term matcher.
fn phrase_variants(tokens: &[Token]) -> Vec<Matcher> {
    let mut variants: Vec<Vec<String>> = Vec::new();
    fn walk(tokens: &[Token], at: usize, current: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        if out.len() >= MAX_PHRASE_VARIANTS {
            return;
        }
        if at == tokens.len() {
            out.push(current.clone());
            return;
        }
        current.push(tokens[at].term.clone());
        walk(tokens, at + 1, current, out);
        current.pop();
        for n in 2..=MAX_GLUE {
            if at + n <= tokens.len() {
                if let Some(glued) = glue(&tokens[at..at + n]) {
                    current.push(glued);
                    walk(tokens, at + n, current, out);
                    current.pop();
                }
            }
        }
    }
    walk(tokens, 0, &mut Vec::new(), &mut variants);
    variants
        .into_iter()
        .map(|mut terms| {
            if terms.len() == 1 {
                Matcher::Term(terms.remove(0))
            } else {
                Matcher::Phrase(terms)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(q: &str) -> QueryPlan {
        QueryPlan::parse(q, &Analyzer::default()).unwrap()
    }

    fn term(t: &str) -> Matcher {
        Matcher::Term(t.to_string())
    }

    fn phrase(ts: &[&str]) -> Matcher {
        Matcher::Phrase(ts.iter().map(|t| t.to_string()).collect())
    }

    fn matchers(c: &Concept) -> Vec<Matcher> {
        c.alternatives.iter().map(|(m, _)| m.clone()).collect()
    }

    #[test]
    fn words_are_analysed_like_the_index() {
        let p = plan("كشتيراني ۱۳۸۶ Sanctions");
        let first: Vec<Matcher> = p
            .concepts
            .iter()
            .map(|c| c.alternatives[0].0.clone())
            .collect();
        assert_eq!(first, [term("کشتیرانی"), term("1386"), term("sanction")]);
    }

    #[test]
    fn spaced_affixes_join_before_searching() {
        let p = plan("می شود");
        assert_eq!(p.concepts.len(), 1);
        assert_eq!(matchers(&p.concepts[0]), [term("میشود")]);
        assert_eq!(matchers(&plan("هسته ای").concepts[0]), [term("هستهای")]);
    }

    #[test]
    fn glued_spellings_are_alternatives() {
        let p = plan("هاشمی رفسنجانی");
        assert_eq!(
            matchers(&p.concepts[0]),
            [term("هاشمی"), term("هاشمیرفسنجانی")]
        );
        assert_eq!(
            matchers(&p.concepts[1]),
            [term("رفسنجانی"), term("هاشمیرفسنجانی")]
        );
        let p = plan("اتحاد جماهیر شوروی");
        assert!(matchers(&p.concepts[1]).contains(&term("اتحادجماهیرشوروی")));
        assert_eq!(p.concepts[1].alternatives.last().unwrap().1, Origin::Glued);
    }

    #[test]
    fn latin_words_are_not_glued() {
        let p = plan("Persian Gulf");
        assert_eq!(matchers(&p.concepts[0]), [term("persian")]);
    }

    #[test]
    fn phrases_and_their_glued_variants() {
        let p = plan("\"شورای امنیت\"");
        assert_eq!(p.concepts.len(), 1);
        assert_eq!(
            matchers(&p.concepts[0]),
            [phrase(&["شورای", "امنیت"]), term("شورایامنیت")]
        );
        let p = plan("«راه آهن ایران»");
        let m = matchers(&p.concepts[0]);
        assert_eq!(m[0], phrase(&["راه", "اهن", "ایران"]));
        assert!(m.contains(&phrase(&["راهاهن", "ایران"])));
        assert!(m.contains(&term("راهاهنایران")));
    }

    #[test]
    fn single_word_phrase_is_a_term() {
        assert_eq!(matchers(&plan("«بوشهر»").concepts[0]), [term("بوشهر")]);
    }

    #[test]
    fn or_group_is_one_concept() {
        let p = plan("Putin OR پوتین خزر");
        assert_eq!(p.concepts.len(), 2);
        assert_eq!(matchers(&p.concepts[0]), [term("putin"), term("پوتین")]);
        assert_eq!(p.concepts[0].label, "Putin OR پوتین");
    }

    #[test]
    fn stop_words_are_optional_unless_alone() {
        let p = plan("کشتی در دریا");
        let optional: Vec<bool> = p.concepts.iter().map(|c| c.optional).collect();
        assert_eq!(optional, [false, true, false]);
        let p = plan("در از");
        assert!(p.concepts.iter().all(|c| !c.optional));
    }

    #[test]
    fn exclusions() {
        let p = plan("کشتی -دریای");
        assert_eq!(p.excluded, [term("دریای")]);
        let p = plan("کشتی -\"دریای خزر\"");
        assert_eq!(p.excluded[0], phrase(&["دریای", "خزر"]));
        assert!(p.excluded.contains(&term("دریایخزر")));
    }

    #[test]
    fn nothing_to_search_is_a_clear_error() {
        let a = Analyzer::default();
        for q in ["", "   ", "!!! ؟؟", "\"\"", "-", "ـــ"] {
            let err = QueryPlan::parse(q, &a).unwrap_err();
            assert!(err.to_string().contains("no word to search"), "{q}: {err}");
        }
        let err = QueryPlan::parse("-روسیه", &a).unwrap_err();
        assert!(err.to_string().contains("only excludes"));
    }

    #[test]
    fn very_long_queries_are_capped_with_a_warning() {
        let q = "ایران روسیه خزر ".repeat(700); // ~ 10 KB
        let p = plan(&q);
        assert_eq!(p.concepts.len(), MAX_CONCEPTS);
        assert!(p.warnings.iter().any(|w| w.contains("long")));
    }
}
