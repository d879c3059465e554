//! English stemming (Snowball English, the stemmer tantivy ships) for
//! Latin-script tokens: "sanctions" → "sanction", "railways" → "railway".

use rust_stemmers::{Algorithm, Stemmer};

use super::filter::{rewrite_terms, TokenFilter};
use super::token::{Script, Token};

/// Stems Latin-script tokens with the Snowball English algorithm.
///
/// ```
/// use kavosh::analysis::{EnglishStemmer, TokenFilter, WordTokenizer};
/// let text = "sanctions pipelines";
/// let mut tokens = WordTokenizer.tokenize(text);
/// EnglishStemmer::new().apply(text, &mut tokens);
/// assert_eq!(tokens[0].term, "sanction");
/// assert_eq!(tokens[1].term, "pipelin");
/// ```
pub struct EnglishStemmer {
    stemmer: Stemmer,
}

impl EnglishStemmer {
    /// The Snowball English stemmer.
    pub fn new() -> Self {
        EnglishStemmer {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }

    /// The stem of one lowercase English word.
    pub fn stem<'a>(&self, word: &'a str) -> std::borrow::Cow<'a, str> {
        self.stemmer.stem(word)
    }
}

impl Default for EnglishStemmer {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for EnglishStemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EnglishStemmer")
    }
}

impl TokenFilter for EnglishStemmer {
    fn name(&self) -> &'static str {
        "english-stem"
    }

    fn apply(&self, _text: &str, tokens: &mut Vec<Token>) {
        rewrite_terms(tokens, |token, out| {
            if token.script != Script::Latin {
                return false;
            }
            match self.stemmer.stem(&token.term) {
                std::borrow::Cow::Borrowed(_) => false,
                std::borrow::Cow::Owned(stem) => {
                    out.push_str(&stem);
                    true
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{LatinFolding, WordTokenizer};

    fn run(text: &str) -> Vec<String> {
        let mut tokens = WordTokenizer.tokenize(text);
        LatinFolding.apply(text, &mut tokens);
        EnglishStemmer::new().apply(text, &mut tokens);
        tokens.into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn plurals_and_verb_forms_meet() {
        assert_eq!(run("sanctions"), run("sanction"));
        assert_eq!(run("railways"), run("railway"));
        assert_eq!(run("Nations"), run("nation"));
        assert_eq!(run("cooperating"), run("cooperation"));
        assert_eq!(run("visited"), run("visits"));
    }

    #[test]
    fn persian_and_numbers_untouched() {
        assert_eq!(run("کشورها 2005"), ["کشورها", "2005"]);
    }
}
