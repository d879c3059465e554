//! The analysis chain: tokenizer → token filters, the same at index and at
//! query time.
//!
//! | step | module | what it does |
//! |---|---|---|
//! | 1 | [`tokenizer`] | UAX #29 words, byte offsets into the original text |
//! | 2 | [`invisible`] | drops ZWNJ, ZWJ, bidi marks, BOM, soft hyphen |
//! | 3 | [`diacritics`] | drops harakat, tanwin, shadda, sukun, superscript alef, tatweel |
//! | 4 | [`persian_letters`] | ي ى ئ → ی, ك → ک, ة ۀ → ه, أ إ آ ٱ → ا, ؤ → و, presentation forms |
//! | 5 | [`digits`] | Persian and Arabic-Indic digits → ASCII |
//! | 6 | [`affix_joiner`] | «می شود» → «میشود», «هسته ای» → «هستهای»; the ezafe «خانه‌ی», «خانه ی» → «خانه» |
//! | 7 | [`decompound`] | «خلیجفارس» → «خلیجفارس» + «خلیج» «فارس» (parts at consecutive positions) |
//! | 8 | [`persian_stem`] | light stemming: «کشورهای» → «کشور», «اروپایی» → «اروپا», never «ایران» → «ایر»; verb forms to their infinitive ([`verbs`]): «ببینم» → «دیدن» |
//! | 9 | [`latin`] | lowercase and accent folding for Latin script |
//! | 10 | [`english_stem`] | Snowball English stemming for Latin script |
//!
//! Filters only change a token's term (and, when joining, widen its span), so
//! offsets always point into the original text. Tokens whose term became
//! empty are dropped and positions renumbered densely at the end, so phrases
//! see no gaps. New filters slot into [`Analyzer::default_filters`].

pub mod affix_joiner;
pub mod decompound;
pub mod diacritics;
pub mod digits;
pub mod english_stem;
pub mod filter;
pub mod invisible;
pub mod latin;
pub mod lexicon;
pub mod memo;
pub mod normalize;
pub mod persian_letters;
pub mod persian_stem;
pub mod stopwords;
pub mod tantivy_adapter;
pub mod token;
pub mod tokenizer;
pub mod verbs;
mod version;
pub mod word_memo;
pub mod word_table;

use std::sync::Arc;

pub use affix_joiner::AffixJoiner;
pub use decompound::Decompounder;
pub use diacritics::Diacritics;
pub use digits::Digits;
pub use english_stem::EnglishStemmer;
pub use filter::TokenFilter;
pub use invisible::InvisibleMarks;
pub use latin::LatinFolding;
pub use normalize::normalize;
pub use persian_letters::PersianLetters;
pub use persian_stem::PersianStemmer;
pub use stopwords::{is_question_word, is_stop_word};
pub use tantivy_adapter::KavoshTokenizer;
pub use token::{Script, Token};
pub use tokenizer::WordTokenizer;

/// The name under which the analyzer is registered with tantivy.
pub const ANALYZER_NAME: &str = "kavosh";

pub use version::ANALYZER_VERSION;

/// How far [`Analyzer::chain`] goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    /// Normalised words.
    Surface,
    /// Plus glued compounds split into their words.
    Words,
    /// Plus Persian and English stemming.
    Stemmed,
}

/// Tokenizer plus an ordered chain of filters.
///
/// ```
/// use kavosh::analysis::Analyzer;
/// let analyzer = Analyzer::default();
/// // Arabic letters, ZWNJ and Persian digits all fold to one form.
/// assert_eq!(analyzer.terms("كشتيراني"), ["کشتیرانی"]);
/// assert_eq!(analyzer.terms("هسته‌ای"), analyzer.terms("هسته ای"));
/// assert_eq!(analyzer.terms("۱۳۸۶"), ["1386"]);
/// ```
#[derive(Debug, Clone)]
pub struct Analyzer {
    tokenizer: WordTokenizer,
    filters: Arc<Vec<Box<dyn TokenFilter>>>,
    /// For the chains of [`Analyzer::chain`], their stage: their per-word
    /// steps are memoised per word ([`word_memo`]).
    stage: Option<Stage>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer::of_stage(Stage::Stemmed)
    }
}

impl Analyzer {
    /// An analyzer with the given filter chain.
    pub fn new(filters: Vec<Box<dyn TokenFilter>>) -> Self {
        Analyzer {
            tokenizer: WordTokenizer,
            filters: Arc::new(filters),
            stage: None,
        }
    }

    /// The chain up to `stage`, its per-word steps memoised.
    fn of_stage(stage: Stage) -> Self {
        let filters = Self::chain(stage);
        debug_assert_eq!(filters[word_memo::HEAD].name(), AffixJoiner.name());
        Analyzer {
            stage: Some(stage),
            ..Analyzer::new(filters)
        }
    }

    /// kavosh's standard chain, in order (see the module docs).
    pub fn default_filters() -> Vec<Box<dyn TokenFilter>> {
        Self::chain(Stage::Stemmed)
    }

    /// The chain without stemming (Persian and English): what `--exact`
    /// compares words with.
    pub fn exact() -> Self {
        Analyzer::of_stage(Stage::Words)
    }

    /// The normalisation filters only: no decompounding, no stemming. This is
    /// how the word list in `data/fa-words.tsv` is counted.
    pub fn surface() -> Self {
        Analyzer::of_stage(Stage::Surface)
    }

    /// The filters up to `stage`. Latin folding comes last but before English
    /// stemming, so every stage lowercases Latin words.
    fn chain(stage: Stage) -> Vec<Box<dyn TokenFilter>> {
        let mut filters: Vec<Box<dyn TokenFilter>> = vec![
            Box::new(InvisibleMarks),
            Box::new(Diacritics),
            Box::new(PersianLetters),
            Box::new(Digits),
            Box::new(AffixJoiner),
        ];
        if stage >= Stage::Words {
            filters.push(Box::new(Decompounder::new()));
        }
        if stage >= Stage::Stemmed {
            filters.push(Box::new(PersianStemmer::new()));
        }
        filters.push(Box::new(LatinFolding));
        if stage >= Stage::Stemmed {
            filters.push(Box::new(EnglishStemmer::new()));
        }
        filters
    }

    /// Names of the filters, in order.
    pub fn filters(&self) -> Vec<&'static str> {
        self.filters.iter().map(|f| f.name()).collect()
    }

    /// Analyses `text` into tokens with offsets into `text`.
    pub fn analyze(&self, text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        self.analyze_into(text, &mut tokens);
        tokens
    }

    /// Analyses `text` into `tokens` (cleared first), reusing its allocation.
    pub fn analyze_into(&self, text: &str, tokens: &mut Vec<Token>) {
        match self.stage {
            Some(stage) => {
                word_memo::analyze(&self.tokenizer, &self.filters, stage as usize, text, tokens)
            }
            None => self.analyze_filter_by_filter(text, tokens),
        }
    }

    /// Analyses `text` into `tokens` running each filter over all tokens
    /// in turn, without the per-word memo: the tokens
    /// [`Analyzer::analyze_into`] gives, the slow way (for tests).
    pub fn analyze_filter_by_filter(&self, text: &str, tokens: &mut Vec<Token>) {
        self.tokenizer.tokenize_into(text, tokens);
        for filter in self.filters.iter() {
            filter.apply(text, tokens);
        }
        compact_positions(tokens);
    }

    /// Just the terms of `text`, in order.
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.analyze(text).into_iter().map(|t| t.term).collect()
    }
}

/// One token as `kavosh analyze` shows it: what is indexed, the word before
/// stemming, where it is in the original text, and whether it is a part of
/// a glued word.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExplainedToken {
    /// The term that is indexed and searched (stemmed).
    pub term: String,
    /// The normalised word before stemming.
    pub word: String,
    /// Start of the token in the original text, in characters.
    pub start: usize,
    /// End of the token in the original text, in characters.
    pub end: usize,
    /// Position (glued words' parts take consecutive positions).
    pub position: usize,
    /// The original characters.
    pub original: String,
    /// Writing system.
    pub script: Script,
    /// For a part of a glued word, the glued word's term.
    pub part_of: Option<String>,
}

/// Analyses `text` and explains each token (see [`ExplainedToken`]).
///
/// ```
/// let tokens = kavosh::analysis::explain("کشورهای حوزه خلیجفارس");
/// assert_eq!((tokens[0].word.as_str(), tokens[0].term.as_str()), ("کشورهای", "کشور"));
/// assert_eq!(tokens[3].term, "خلیج");
/// assert_eq!(tokens[3].part_of.as_deref(), Some("خلیجفارس"));
/// ```
pub fn explain(text: &str) -> Vec<ExplainedToken> {
    let stemmed = Analyzer::default().analyze(text);
    let words = Analyzer::exact().analyze(text);
    // Character index of every byte offset that starts a character.
    let mut char_at = vec![0usize; text.len() + 1];
    let mut chars = 0;
    for (byte, c) in text.char_indices() {
        char_at[byte] = chars;
        chars += 1;
        char_at[byte + c.len_utf8()] = chars;
    }
    let mut out: Vec<ExplainedToken> = Vec::with_capacity(stemmed.len());
    let mut whole: Option<(usize, usize, String)> = None;
    for (i, token) in stemmed.iter().enumerate() {
        let word = words
            .get(i)
            .filter(|w| (w.start, w.position) == (token.start, token.position));
        let part_of = match &whole {
            Some((start, end, term)) if (*start, *end) == (token.start, token.end) => {
                Some(term.clone())
            }
            _ => {
                whole = Some((token.start, token.end, token.term.clone()));
                None
            }
        };
        out.push(ExplainedToken {
            term: token.term.clone(),
            word: word.map_or_else(|| token.term.clone(), |w| w.term.clone()),
            start: char_at[token.start],
            end: char_at[token.end],
            position: token.position,
            original: token.original(text).to_string(),
            script: token.script,
            part_of,
        });
    }
    out
}

/// Trims what normalisation left at the ends of terms that is not a letter
/// or digit («٫ؠ» → «.ؠ» → «ؠ»), drops tokens left empty («ً» after «««»
/// leaves «««»), and renumbers positions densely, keeping tokens that share
/// a position together. A term, analysed again, is then itself.
fn compact_positions(tokens: &mut Vec<Token>) {
    trim_terms(tokens);
    renumber_positions(tokens);
}

/// The trimming of [`compact_positions`].
fn trim_terms(tokens: &mut [Token]) {
    for token in tokens.iter_mut() {
        let trimmed = token.term.trim_matches(|c: char| !Script::is_word_char(c));
        if trimmed.len() != token.term.len() {
            token.term = trimmed.to_string();
        }
    }
}

/// The rest of [`compact_positions`]: empty terms dropped, positions dense.
fn renumber_positions(tokens: &mut Vec<Token>) {
    tokens.retain(|t| !t.term.is_empty());
    let mut last_old = None;
    let mut next = 0usize;
    for token in tokens.iter_mut() {
        if last_old != Some(token.position) {
            last_old = Some(token.position);
            next += 1;
        }
        token.position = next - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a() -> Analyzer {
        Analyzer::default()
    }

    #[test]
    fn the_whole_chain_on_real_text() {
        let text = "روسها در کرانههای خلیجفارس به ساختن نیروگاههستهای برای ایران سرگرم شدند";
        let terms = a().terms(text);
        // Glued compounds keep the whole word and add their parts; plurals are stemmed.
        assert_eq!(
            terms,
            [
                "روس",
                "در",
                "کرانه",
                "خلیجفارس",
                "خلیج",
                "فارس",
                "به",
                "ساختن",
                "نیروگاههست",
                "نیروگاه",
                "هسته",
                "برای",
                "ایران",
                "سرگرم",
                "شدند"
            ]
        );
    }

    #[test]
    fn arabic_letters_fold_to_persian() {
        assert_eq!(a().terms("كشتيراني"), a().terms("کشتیرانی"));
        assert_eq!(a().terms("سوريه"), ["سوریه"]);
        assert_eq!(a().terms("اسرائيل"), a().terms("اسرائیل"));
    }

    #[test]
    fn zwnj_policy_all_spellings_both_directions() {
        for (x, y, z) in [
            ("می\u{200c}شود", "میشود", "می شود"),
            ("هسته\u{200c}ای", "هستهای", "هسته ای"),
            ("احمدی\u{200c}نژاد", "احمدینژاد", "احمدینژاد"),
        ] {
            assert_eq!(a().terms(x), a().terms(y));
            assert_eq!(a().terms(y), a().terms(z));
            assert_eq!(a().terms(z), a().terms(x));
        }
    }

    #[test]
    fn digits_diacritics_tatweel() {
        assert_eq!(a().terms("۲۰۰۵"), ["2005"]);
        assert_eq!(a().terms("کِشتی"), ["کشتی"]);
        assert_eq!(a().terms("اروپـا"), ["اروپا"]);
    }

    #[test]
    fn overstemming_traps_stay_themselves() {
        for w in ["تهران", "ایران", "هند", "جهان", "میدان", "آسمان", "میگ"]
        {
            let expected = if w == "آسمان" { "اسمان" } else { w };
            assert_eq!(a().terms(w), [expected]);
        }
        assert_ne!(a().terms("میدهند"), a().terms("هند"));
    }

    #[test]
    fn latin_is_lowercased_and_stemmed() {
        assert_eq!(a().terms("Sanctions"), ["sanction"]);
        assert_eq!(a().terms("Caspian Sea"), ["caspian", "sea"]);
    }

    #[test]
    fn positions_are_dense_after_joining_and_dropping() {
        let text = "ـ نیروگاه هسته ای بوشهر ـ";
        let tokens = a().analyze(text);
        let seen: Vec<(&str, usize)> = tokens
            .iter()
            .map(|t| (t.term.as_str(), t.position))
            .collect();
        assert_eq!(seen, [("نیروگاه", 0), ("هسته", 1), ("بوشهر", 2)]);
    }

    #[test]
    fn offsets_point_at_the_original_characters() {
        let text = "سفر پوتـین به كشور ۱۳۸۶";
        for token in a().analyze(text) {
            let original = token.original(text);
            assert!(!original.is_empty());
            assert_eq!(a().terms(original), std::slice::from_ref(&token.term));
        }
    }

    #[test]
    fn mixed_persian_english() {
        assert_eq!(a().terms("Putin پوتین"), ["putin", "پوتین"]);
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let junk = "\u{202e}\u{0000}\u{200c}\u{200c}ـــ «» \u{feff}-- \"\" ً ٍ";
        let _ = a().analyze(junk);
        let long = "ک".repeat(10_000);
        assert_eq!(a().analyze(&long).len(), 1);
    }
}
