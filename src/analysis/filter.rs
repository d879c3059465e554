//! The token filter trait: one step of the analysis chain.

use super::token::Token;

/// One step of the analysis chain after tokenisation.
///
/// A filter sees the whole token list of a text, so that it can rewrite
/// terms one by one (most filters) or look at neighbours, merge or split
/// tokens (the affix joiner). A filter never changes a token's offsets except
/// to widen them over tokens it merges.
pub trait TokenFilter: Send + Sync + std::fmt::Debug {
    /// A short name, shown by `kavosh analyze --explain` and in docs.
    fn name(&self) -> &'static str;

    /// Rewrites the tokens of one text in place.
    fn apply(&self, text: &str, tokens: &mut Vec<Token>);
}

/// Rewrites each token's term with `f` when `f` reports a change.
///
/// `f` gets the current term and an empty scratch buffer; it writes the new
/// term into the buffer and returns `true`, or returns `false` to keep the
/// term as it is. Reusing one buffer avoids an allocation per unchanged token.
pub fn rewrite_terms(tokens: &mut [Token], mut f: impl FnMut(&Token, &mut String) -> bool) {
    let mut scratch = String::new();
    for token in tokens.iter_mut() {
        scratch.clear();
        if f(token, &mut scratch) {
            std::mem::swap(&mut token.term, &mut scratch);
        }
    }
}
