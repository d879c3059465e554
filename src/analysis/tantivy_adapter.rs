//! Plugs the [`Analyzer`] into tantivy as a `Tokenizer`, so that tantivy
//! indexes exactly the tokens `kavosh analyze` shows.

use tantivy::tokenizer::{PreTokenizedString, Token as TantivyToken, TokenStream, Tokenizer};

use super::{Analyzer, Token};

/// tantivy tokenizer running kavosh's analysis chain.
///
/// tantivy keeps one tokenizer per field in each indexing thread. The title
/// and section of an article come again with each of its passages, so the
/// tokenizer keeps the tokens of the last few short texts it analysed
/// ([`RECENT`] texts of at most [`RECENT_MAX_BYTES`]) and hands them out
/// again for the same text instead of analysing it anew.
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
    /// The last short texts analysed, with their tokens.
    recent: Vec<(String, Vec<Token>)>,
    /// The slot of `recent` the next short text replaces.
    next: usize,
    /// The tokens of the last long text.
    tokens: Vec<Token>,
}

/// How many recent texts a [`KavoshTokenizer`] keeps: the indexing threads
/// take passages from a shared queue, so an article's passages reach one
/// thread interleaved with another article's or two.
pub const RECENT: usize = 4;

/// Longest text a [`KavoshTokenizer`] keeps, in bytes: titles and headings,
/// not paragraphs, repeat.
pub const RECENT_MAX_BYTES: usize = 1024;

impl KavoshTokenizer {
    /// A tokenizer for `analyzer`.
    pub fn new(analyzer: Analyzer) -> Self {
        KavoshTokenizer {
            analyzer,
            recent: Vec::with_capacity(RECENT),
            next: 0,
            tokens: Vec::new(),
        }
    }

    /// The tokens of `text`, analysed or kept from before.
    fn tokens_of(&mut self, text: &str) -> &[Token] {
        if text.len() > RECENT_MAX_BYTES {
            self.analyzer.analyze_into(text, &mut self.tokens);
            return &self.tokens;
        }
        if let Some(i) = self.recent.iter().position(|(seen, _)| seen == text) {
            return &self.recent[i].1;
        }
        let slot = self.next;
        self.next = (self.next + 1) % RECENT;
        if slot == self.recent.len() {
            self.recent.push((String::new(), Vec::new()));
        }
        let (seen, tokens) = &mut self.recent[slot];
        seen.clear();
        seen.push_str(text);
        self.analyzer.analyze_into(text, tokens);
        tokens
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
        KavoshTokenStream {
            tokens: self.tokens_of(text).iter(),
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

    fn stream(tokenizer: &mut KavoshTokenizer, text: &str) -> Vec<(String, usize, usize)> {
        let mut stream = tokenizer.token_stream(text);
        let mut seen = Vec::new();
        while stream.advance() {
            let t = stream.token();
            seen.push((t.text.clone(), t.offset_from, t.position));
        }
        seen
    }

    #[test]
    fn a_repeated_text_gives_the_same_tokens_again() {
        let analyzer = Analyzer::default();
        let mut tokenizer = KavoshTokenizer::new(analyzer.clone());
        let title = "همکاری ایران و روسیه در نیروگاه هسته ای بوشهر";
        let other = "کشتیرانی در دریای خزر";
        let expected = |text: &str| -> Vec<(String, usize, usize)> {
            analyzer
                .analyze(text)
                .into_iter()
                .map(|t| (t.term, t.start, t.position))
                .collect()
        };
        let long = "نیروگاه بوشهر با همکاری روسیه ساخته شد. ".repeat(40);
        assert!(long.len() > RECENT_MAX_BYTES);
        let texts = [
            title,
            title,
            other,
            title,
            "",
            "",
            title,
            &long,
            &long,
            "خزر",
            "پوتین",
            "تهران",
            "مسکو",
            title,
            other,
            title,
        ];
        for text in texts {
            assert_eq!(stream(&mut tokenizer, text), expected(text), "{text}");
        }
    }
}
