//! From parsed syntax to what is searched: each group of the query becomes a
//! [`Concept`] with one or more [`Matcher`]s, all in analysed form.
//!
//! Besides the terms as typed, a concept also matches the same words glued
//! together: text that lost its ZWNJs writes «خلیجفارس», «راهآهن». Glued
//! words the decompounder knows are split in the index, so the words of the
//! query find them directly; for the others (names such as «ایگورسرگیف»)
//! adjacent Persian words of a query are also searched as one glued term
//! (pairs and triples), and phrases in every glued variant.

use super::syntax::{self, Item, Syntax};
use crate::analysis::{is_question_word, is_stop_word, Analyzer, Script, Token};
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The words as typed.
    Typed,
    /// Adjacent words of the query glued into one (a lost ZWNJ or space).
    Glued,
    /// The parts of a glued word of the query, as a phrase.
    Split,
    /// A translation from the bilingual lexicon.
    Lexicon,
    /// A spelling of a name in the other script, found in the index.
    Transliteration,
    /// A correction of a misspelled word ([`super::typo`]); the grade
    /// grows with the edit cost and with the correction's rank among the
    /// word's corrections.
    Typo(u8),
    /// A lexicon translation of a correction («Caspain» → Caspian → «دریای خزر»).
    TypoTranslation,
    /// A related form of a typed word found in the index («سالی» → «سال»,
    /// [`super::relax`]).
    Derived,
}

impl serde::Serialize for Origin {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(match self {
            Origin::Typed => "typed",
            Origin::Glued => "glued",
            Origin::Split => "split",
            Origin::Lexicon => "lexicon",
            Origin::Transliteration => "transliteration",
            Origin::Typo(_) | Origin::TypoTranslation => "typo",
            Origin::Derived => "derived",
        })
    }
}

impl Origin {
    /// How much a match of this origin counts: what was typed (in any
    /// spelling) 2, a lexicon translation, a typo correction or a related
    /// form 1, a transliteration or a translation of a correction 0.
    pub fn tier(self) -> u8 {
        match self {
            Origin::Typed | Origin::Glued | Origin::Split => 2,
            Origin::Lexicon | Origin::Typo(_) | Origin::Derived => 1,
            Origin::Transliteration | Origin::TypoTranslation => 0,
        }
    }

    /// The weight of a match of this origin in the score.
    pub fn boost(self) -> f32 {
        if let Origin::Typo(grade) = self {
            // Below a translation, above a transliteration.
            return (0.5 - 0.04 * f32::from(grade)).max(0.32);
        }
        if self == Origin::TypoTranslation {
            return 0.25;
        }
        if self == Origin::Derived {
            return super::relax::DERIVED_BOOST;
        }
        match self.tier() {
            2 => 1.0,
            1 => 0.6,
            _ => 0.3,
        }
    }
}

/// Something the passage should contain: alternatives, any of which counts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Concept {
    /// What the user typed for it.
    pub label: String,
    /// The matchers, with where each came from.
    pub alternatives: Vec<(Matcher, Origin)>,
    /// A stop or question word: not searched and never part of the score
    /// (it would lift passages merely by being there), unless the query has
    /// nothing else.
    pub optional: bool,
    /// For a word of a run of bare words, the run's number: bilingual
    /// expansion may join adjacent words of one run into a phrase.
    #[serde(skip)]
    pub run: Option<usize>,
}

impl Concept {
    /// An empty concept for what the user typed as `label`.
    pub fn new(label: String) -> Self {
        Concept {
            label,
            run: None,
            alternatives: Vec::new(),
            optional: false,
        }
    }

    /// Adds an alternative unless the same matcher is there already.
    pub fn add(&mut self, matcher: Matcher, origin: Origin) {
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
    /// Translations and transliterations added by bilingual expansion.
    pub expansions: Vec<crate::bilingual::Expansion>,
    /// The query is a question: it has a question word («چرا», «کدام»,
    /// «چه», «what»…) or a question mark. Its answer is a passage about
    /// what it asks, which opens with it ([`crate::search::rank`]'s lead
    /// part counts for questions only).
    #[serde(skip)]
    pub question: bool,
    /// Runs of bare words seen so far (numbers [`Concept::run`]).
    #[serde(skip)]
    runs: usize,
}

impl QueryPlan {
    /// Analyses `query` with `analyzer`.
    ///
    /// Fails with [`Error::Query`] when nothing searchable is left.
    ///
    /// ```
    /// use kavosh::analysis::Analyzer;
    /// use kavosh::query::{Matcher, QueryPlan};
    /// let plan = QueryPlan::parse("ایگور سرگیف", &Analyzer::default()).unwrap();
    /// assert_eq!(plan.concepts.len(), 2);
    /// // each word also matches the glued spelling of the two
    /// assert!(plan.concepts[0].alternatives.iter().any(|(m, _)| *m == Matcher::Term("ایگورسرگیف".into())));
    /// ```
    pub fn parse(query: &str, analyzer: &Analyzer) -> Result<QueryPlan> {
        let mut plan = Self::from_syntax(syntax::parse(query), analyzer)?;
        plan.question |= query.contains(['?', '؟']);
        Ok(plan)
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
            let words = group_words(&tokens);
            match words.as_slice() {
                [] => plan
                    .warnings
                    .push(format!("ignored -{text}: nothing searchable in it")),
                [word] => plan
                    .excluded
                    .extend(word.matchers().into_iter().map(|(m, _)| m)),
                _ => plan
                    .excluded
                    .extend(phrase_variants(text, &words, analyzer)),
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
        let words = group_words(&tokens);
        if words.is_empty() {
            self.warnings
                .push(format!("ignored «{text}»: nothing searchable in it"));
            return;
        }
        let first = self.concepts.len();
        let run = self.runs;
        self.runs += 1;
        for word in &words {
            let mut concept = Concept::new(word.whole.original(&text).to_string());
            let term = &word.whole.term;
            let question = is_question_word(term);
            self.question |= question;
            concept.optional = is_stop_word(term) || question;
            concept.run = Some(run);
            for (matcher, origin) in word.matchers() {
                concept.add(matcher, origin);
            }
            self.concepts.push(concept);
        }
        // Glued spellings of 2 and 3 adjacent Persian words.
        for n in 2..=MAX_GLUE {
            for start in 0..words.len().saturating_sub(n - 1) {
                if let Some(glued) = glue(&text, &words[start..start + n], analyzer) {
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
            let text = item_text(item);
            let tokens = analyzer.analyze(text);
            let words = group_words(&tokens);
            match words.as_slice() {
                [] => self.warnings.push(format!(
                    "ignored {}: nothing searchable in it",
                    item_label(item)
                )),
                [word] => {
                    for (matcher, origin) in word.matchers() {
                        concept.add(matcher, origin);
                    }
                }
                _ => {
                    for (i, variant) in phrase_variants(text, &words, analyzer)
                        .into_iter()
                        .enumerate()
                    {
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

/// A word of an analysed text: its token and, for a glued compound the
/// decompounder split, its parts (they share the whole token's span).
pub(crate) struct Word<'a> {
    pub(crate) whole: &'a Token,
    pub(crate) parts: Vec<&'a Token>,
}

impl Word<'_> {
    /// The whole word, and its parts as a phrase when it was split.
    fn matchers(&self) -> Vec<(Matcher, Origin)> {
        let mut out = vec![(Matcher::Term(self.whole.term.clone()), Origin::Typed)];
        if !self.parts.is_empty() {
            out.push((
                Matcher::Phrase(self.parts.iter().map(|t| t.term.clone()).collect()),
                Origin::Split,
            ));
        }
        out
    }

    /// The terms at consecutive positions that stand for this word: its parts
    /// when it was split, else the word itself.
    pub(crate) fn positional_terms(&self) -> Vec<String> {
        if self.parts.is_empty() {
            vec![self.whole.term.clone()]
        } else {
            self.parts.iter().map(|t| t.term.clone()).collect()
        }
    }
}

pub(crate) fn group_words(tokens: &[Token]) -> Vec<Word<'_>> {
    let mut words: Vec<Word> = Vec::new();
    for token in tokens {
        match words.last_mut() {
            Some(word) if (word.whole.start, word.whole.end) == (token.start, token.end) => {
                word.parts.push(token)
            }
            _ => words.push(Word {
                whole: token,
                parts: Vec::new(),
            }),
        }
    }
    words
}

/// The term of adjacent Persian words written glued together, analysed as the
/// index analyses a glued word; `None` when they are not all Persian or when
/// the glued word would be split again into these parts (then the words
/// themselves already match it).
fn glue(text: &str, words: &[Word], analyzer: &Analyzer) -> Option<String> {
    if words.len() < 2 || words.iter().any(|w| w.whole.script != Script::Persian) {
        return None;
    }
    let glued: String = words
        .iter()
        .map(|w| w.whole.original(text))
        .collect::<Vec<_>>()
        .join("");
    let tokens = analyzer.analyze(&glued);
    match group_words(&tokens).as_slice() {
        [word] if word.parts.is_empty() => Some(word.whole.term.clone()),
        _ => None,
    }
}

/// The phrase as typed first, then variants where runs of 2–3 adjacent
/// Persian words are glued. A variant of one term is a term matcher.
fn phrase_variants(text: &str, words: &[Word], analyzer: &Analyzer) -> Vec<Matcher> {
    fn walk(
        text: &str,
        words: &[Word],
        analyzer: &Analyzer,
        at: usize,
        current: &mut Vec<String>,
        out: &mut Vec<Vec<String>>,
    ) {
        if out.len() >= MAX_PHRASE_VARIANTS {
            return;
        }
        if at == words.len() {
            if !out.contains(current) {
                out.push(current.clone());
            }
            return;
        }
        let mark = current.len();
        current.extend(words[at].positional_terms());
        walk(text, words, analyzer, at + 1, current, out);
        current.truncate(mark);
        for n in 2..=MAX_GLUE {
            if at + n <= words.len() {
                if let Some(glued) = glue(text, &words[at..at + n], analyzer) {
                    current.push(glued);
                    walk(text, words, analyzer, at + n, current, out);
                    current.truncate(mark);
                }
            }
        }
    }
    let mut variants: Vec<Vec<String>> = Vec::new();
    walk(text, words, analyzer, 0, &mut Vec::new(), &mut variants);
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
        assert_eq!(matchers(&p.concepts[0]), [term("شود")]);
        assert_eq!(matchers(&plan("هسته ای").concepts[0]), [term("هسته")]);
    }

    #[test]
    fn glued_spellings_are_alternatives() {
        // Names the decompounder does not know: searched glued as well.
        let p = plan("ایگور سرگیف");
        assert_eq!(
            matchers(&p.concepts[0]),
            [term("ایگور"), term("ایگورسرگیف")]
        );
        assert_eq!(
            matchers(&p.concepts[1]),
            [term("سرگیف"), term("ایگورسرگیف")]
        );
        assert_eq!(p.concepts[1].alternatives.last().unwrap().1, Origin::Glued);
        // Words the decompounder splits need no glued alternative: the index
        // holds the glued word's parts at consecutive positions.
        let p = plan("هاشمی رفسنجانی");
        assert_eq!(matchers(&p.concepts[0]), [term("هاشمی")]);
    }

    #[test]
    fn a_glued_word_in_the_query_matches_whole_or_as_its_parts() {
        let p = plan("خلیجفارس");
        assert_eq!(p.concepts.len(), 1);
        assert_eq!(
            matchers(&p.concepts[0]),
            [term("خلیجفارس"), phrase(&["خلیج", "فارس"])]
        );
        assert_eq!(p.concepts[0].alternatives[1].1, Origin::Split);
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
        assert_eq!(matchers(&p.concepts[0]), [phrase(&["شورا", "امنیت"])]);
        // A glued word inside a phrase stands as its parts.
        let p = plan("«خلیجفارس ایران»");
        assert_eq!(
            matchers(&p.concepts[0])[0],
            phrase(&["خلیج", "فارس", "ایران"])
        );
        // Unknown names are also searched glued.
        let m = matchers(&plan("«ایگور سرگیف گفت»").concepts[0]);
        assert_eq!(m[0], phrase(&["ایگور", "سرگیف", "گفت"]));
        assert!(m.contains(&phrase(&["ایگورسرگیف", "گفت"])));
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
    fn questions_are_told_by_their_question_words_or_mark() {
        for q in [
            "چرا دریا نمک دارد",
            "جنگ صفین در چه سالی اتفاق افتاد",
            "کدام کشور بزرگترین تولید کننده زعفران است",
            "ایران چقدر نفت دارد",
            "طول سال در عطارد؟",
            "how does a bat see in the dark",
        ] {
            assert!(plan(q).question, "{q}");
        }
        // Words that only contain a question word («چهره», «کیش», «چهار»)
        // and keyword queries are not questions.
        for q in [
            "زلزله بم",
            "چهره جزیره کیش",
            "چهار فصل",
            "نیروگاه اتمی بوشهر",
            "Caspian sea",
        ] {
            assert!(!plan(q).question, "{q}");
        }
    }

    #[test]
    fn exclusions() {
        let p = plan("کشتی -دریای");
        assert_eq!(p.excluded, [term("دریا")]);
        let p = plan("کشتی -\"دریای خزر\"");
        assert_eq!(p.excluded, [phrase(&["دریا", "خزر"])]);
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
