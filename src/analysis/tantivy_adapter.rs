//! Plugs the [`Analyzer`] into tantivy as a `Tokenizer`, so that tantivy
//! indexes exactly the tokens `kavosh analyze` shows.

use tantivy::tokenizer::{PreTokenizedString, Token as TantivyToken, TokenStream, Tokenizer};

use super::{Analyzer, Token};

/// tantivy tokenizer running kavosh's analysis chain.
///
/// Register it on every opened index under [`ANALYZER_NAME`](super::ANALYZER_NAME):
///
/// ```
/// use kavosh::analysis::{Analyzer, KavoshTokenizer, ANALYZER_NAME};
/// use tantivy::tokenizer::TextAnalyzer;
/// let index = tantivy::Index::create_in_ram(tantivy::schema::Schema::builder().build());
/// index.tokenizers().register(ANALYZER_NAME, TextAnalyzer::from(KavoshTokenizer::new(Analyzer::default())));
/// ```
#[derive(Debug, Clone)]
pub struct KavoshTokenizer {
    analyzer: Analyzer,
    tokens: Vec<Token>,
}

impl KavoshTokenizer {
    /// A tokenizer for `analyzer`.
    pub fn new(analyzer: Analyzer) -> Self {
        KavoshTokenizer {
            analyzer,
            tokens: Vec::new(),
        }
    }
}

impl Analyzer {
    /// `text` analysed once, as tantivy's pre-tokenized text: for a text
    /// indexed under many documents (an article's title under each of its
    /// passages), which tantivy then does not analyse again.
    ///
    /// ```
    /// use kavosh::analysis::Analyzer;
    /// let title = Analyzer::default().pre_tokenize("روابط ایران و روسیه");
    /// let terms: Vec<&str> = title.tokens.iter().map(|t| t.text.as_str()).collect();
    /// assert_eq!(terms, ["روابط", "ایران", "و", "روسیه"]);
    /// ```
    pub fn pre_tokenize(&self, text: &str) -> PreTokenizedString {
        let tokens = self
            .analyze(text)
            .into_iter()
            .map(|token| TantivyToken {
                offset_from: token.start,
                offset_to: token.end,
                position: token.position,
                text: token.term,
                position_length: 1,
            })
            .collect();
        PreTokenizedString {
            text: text.to_string(),
            tokens,
        }
    }
}

/// The tokens of one text, handed to tantivy one by one.
pub struct KavoshTokenStream<'a> {
    tokens: std::slice::Iter<'a, Token>,
    current: TantivyToken,
}

impl Tokenizer for KavoshTokenizer {
    type TokenStream<'a> = KavoshTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> KavoshTokenStream<'a> {
        self.analyzer.analyze_into(text, &mut self.tokens);
        KavoshTokenStream {
            tokens: self.tokens.iter(),
            current: TantivyToken::default(),
        }
    }
}

impl TokenStream for KavoshTokenStream<'_> {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(token) => {
                self.current.offset_from = token.start;
                self.current.offset_to = token.end;
                self.current.position = token.position;
                self.current.position_length = 1;
                self.current.text.clear();
                self.current.text.push_str(&token.term);
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &TantivyToken {
        &self.current
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        &mut self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_matches_the_analyzer() {
        let analyzer = Analyzer::default();
        let text = "نیروگاه هسته ای بوشهر در سال ۱۳۸۶";
        let mut tokenizer = KavoshTokenizer::new(analyzer.clone());
        let mut stream = tokenizer.token_stream(text);
        let mut seen = Vec::new();
        while stream.advance() {
            let t = stream.token();
            seen.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        let expected: Vec<_> = analyzer
            .analyze(text)
            .into_iter()
            .map(|t| (t.term, t.start, t.end, t.position))
            .collect();
        assert_eq!(seen, expected);
        let pre: Vec<_> = analyzer
            .pre_tokenize(text)
            .tokens
            .into_iter()
            .map(|t| (t.text, t.offset_from, t.offset_to, t.position))
            .collect();
        assert_eq!(pre, expected);
    }
}
