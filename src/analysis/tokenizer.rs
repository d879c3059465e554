//! Word tokenizer: Unicode word boundaries (UAX #29).
//!
//! Persian needs no special segmentation rule here: the ZWNJ (U+200C) and the
//! other invisible marks are `Extend`/`Format` characters in UAX #29, so
//! «می‌شود» stays one word, and «ان.پی.تی» stays one word like "U.S.".
//! Segments without a letter or digit (punctuation, spaces) are skipped.
//!
//! Most of a text is words of plain letters and digits between spaces, and
//! those are found without the Unicode tables (see
//! [`WordTokenizer::tokenize_into`]); the rest goes through
//! `unicode-segmentation`. Both give exactly the same tokens: the unit tests
//! compare them on real text and `tests/properties.rs` on random text.

use unicode_segmentation::UnicodeSegmentation;

use super::token::{Script, Token};

/// Longest term kept, in characters. Longer runs (base64, URLs glued into
/// text) are cut at a character boundary, not dropped, so that no word is
/// lost silently; tantivy's own limit is in bytes (about 20 Persian letters
/// with its default filter), which would drop real Persian compounds.
pub const MAX_TERM_CHARS: usize = 120;

/// Splits text into word tokens with byte offsets into the original text.
///
/// ```
/// use kavosh::analysis::WordTokenizer;
/// let tokens = WordTokenizer.tokenize("روابط ایران و روسیه (2012)");
/// let words: Vec<&str> = tokens.iter().map(|t| t.term.as_str()).collect();
/// assert_eq!(words, ["روابط", "ایران", "و", "روسیه", "2012"]);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct WordTokenizer;

/// Persian and Arabic-Indic digits (`Numeric` in UAX #29).
const fn is_arabic_digit(c: char) -> bool {
    matches!(c, '\u{06F0}'..='\u{06F9}' | '\u{0660}'..='\u{0669}')
}

/// Characters of the `ALetter` and `Numeric` word-break classes that need
/// no table: ASCII letters and digits, the Persian/Arabic letters, Persian
/// and Arabic-Indic digits. UAX #29 never breaks between two of them (rules
/// WB5, WB8, WB9, WB10), so a run of them is one word.
fn is_plain_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || Script::is_arabic_letter(c) || is_arabic_digit(c)
}

/// [`ARABIC_BLOCK`] of a letter.
const LETTER: u8 = 1;

/// [`ARABIC_BLOCK`] of a digit.
const DIGIT: u8 = 2;

/// For each character of U+0600 to U+06FF: [`LETTER`] for
/// [`Script::is_arabic_letter`], [`DIGIT`] for Persian and Arabic-Indic
/// digits, 0 for the others.
const ARABIC_BLOCK: [u8; 256] = {
    let mut table = [0; 256];
    let mut i = 0;
    while i < 256 {
        if let Some(c) = char::from_u32(0x0600 + i as u32) {
            if Script::is_arabic_letter(c) {
                table[i] = LETTER;
            } else if is_arabic_digit(c) {
                table[i] = DIGIT;
            }
        }
        i += 1;
    }
    table
};

/// ZERO WIDTH NON-JOINER in UTF-8.
const ZWNJ: [u8; 3] = [0xE2, 0x80, 0x8C];

/// The script of `piece` ([`Script::of`]) when it is one word that needs
/// no table: plain word characters ([`is_plain_word_char`]), and ZWNJs
/// after the first. UAX #29 never breaks between two plain word
/// characters, and a ZWNJ (`Extend`) belongs to the character before it
/// and is transparent to the rules around it (WB4). `None` for any other
/// piece. One pass over the bytes: the two-byte characters of U+0600 to
/// U+06FF are decoded here, all others are not plain.
fn plain_word(piece: &[u8]) -> Option<Script> {
    let mut script = None;
    let mut i = 0;
    while let Some(&b) = piece.get(i) {
        if b < 0x80 {
            if b.is_ascii_alphabetic() {
                script.get_or_insert(Script::Latin);
            } else if !b.is_ascii_digit() {
                return None;
            }
            i += 1;
        } else if (0xD8..=0xDB).contains(&b) {
            // U+0600 to U+06FF: the low two bits of the lead byte and six
            // of the next give the character's place in the block.
            let low = *piece.get(i + 1)?;
            match ARABIC_BLOCK[usize::from(b & 0x03) << 6 | usize::from(low & 0x3F)] {
                LETTER => {
                    script.get_or_insert(Script::Persian);
                }
                DIGIT => {}
                _ => return None,
            }
            i += 2;
        } else if i > 0 && piece[i..].starts_with(&ZWNJ) {
            i += ZWNJ.len();
        } else {
            return None;
        }
    }
    Some(script.unwrap_or(Script::Number))
}

/// Length of the punctuation mark `bytes` starts with, or 0: ASCII
/// punctuation but the underscore (`ExtendNumLet` in UAX #29), «, », and
/// the Arabic comma, semicolon and question mark. None of them is joined
/// by UAX #29 to what is next to it unless a letter or digit stands on its
/// other side too (WB6, WB7, WB11, WB12).
fn punctuation_len(bytes: &[u8]) -> usize {
    match bytes {
        [b, ..] if b.is_ascii_punctuation() && *b != b'_' => 1,
        [0xC2, 0xAB | 0xBB, ..] | [0xD8, 0x8C | 0x9B | 0x9F, ..] => 2,
        _ => 0,
    }
}

/// The word of a piece made of punctuation marks ([`punctuation_len`]),
/// then a [`plain_word`], then punctuation marks: its span in the piece and
/// its script, or `Some(None)` for a piece of punctuation marks only (no
/// word). UAX #29 breaks around each mark there: a letter or digit is on
/// at most one side of it. `None` for any other piece.
fn word_between_punctuation(piece: &[u8]) -> Option<Option<(usize, usize, Script)>> {
    let mut start = 0;
    while let n @ 1.. = punctuation_len(&piece[start..]) {
        start += n;
    }
    if start == piece.len() {
        return Some(None);
    }
    let mut end = start;
    while end < piece.len() && punctuation_len(&piece[end..]) == 0 {
        end += 1;
    }
    let script = plain_word(&piece[start..end])?;
    let mut at = end;
    while at < piece.len() {
        match punctuation_len(&piece[at..]) {
            0 => return None,
            n => at += n,
        }
    }
    Some(Some((start, end, script)))
}

impl WordTokenizer {
    /// Tokenises `text`; terms are the original characters, not yet normalised.
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        self.tokenize_into(text, &mut tokens);
        tokens
    }

    /// Tokenises `text` into `out` (replacing what it held), reusing its
    /// allocations: those of the vector and of the terms it held.
    ///
    /// The text is cut into pieces at runs of ASCII spaces, each piece
    /// segmented on its own: a piece of plain letters and digits only, with
    /// ZWNJs inside («می‌شود»), is one word (`plain_word`), any other
    /// goes through `unicode-segmentation`. This gives the
    /// segmentation of the whole text because UAX #29 always breaks before
    /// a space (no rule joins a character to a following space but another
    /// space), and after a run of spaces unless the next character is one
    /// that rule WB4 attaches to it (`Extend`, `Format`, `ZWJ`): the cut
    /// after a run is made only before an ASCII character or a plain word
    /// character, none of which is one. The rules that look further back
    /// or ahead (WB6, WB7, WB11, WB12, WB15, WB16) need a letter, digit,
    /// separator or regional indicator there, so a space and the end of the
    /// text look the same to them.
    pub fn tokenize_into(&self, text: &str, tokens: &mut Vec<Token>) {
        self.tokenize_reusing(text, tokens, &mut Vec::new());
    }

    /// [`WordTokenizer::tokenize_into`], also taking the terms of new
    /// tokens from `spare` and putting there those of the tokens `tokens`
    /// held beyond this text's: strings go round from text to text instead
    /// of being freed and allocated again.
    pub fn tokenize_reusing(&self, text: &str, tokens: &mut Vec<Token>, spare: &mut Vec<String>) {
        let out = &mut Out {
            tokens,
            len: 0,
            spare,
        };
        let bytes = text.as_bytes();
        let (mut piece, mut i) = (0, 0);
        while let Some(at) = memchr_space(&bytes[i..]) {
            let space = i + at;
            let mut after = space + 1;
            while bytes.get(after) == Some(&b' ') {
                after += 1;
            }
            let next = text[after..].chars().next();
            if next.is_none_or(|c| c.is_ascii() || is_plain_word_char(c)) {
                Self::piece(text, piece, space, out);
                piece = after;
            }
            i = after;
        }
        Self::piece(text, piece, text.len(), out);
        let len = out.len;
        out.spare.extend(out.tokens.drain(len..).map(|t| t.term));
    }

    /// Adds the words of `text[start..end]`, segmented on its own.
    fn piece(text: &str, start: usize, end: usize, out: &mut Out) {
        let piece = &text[start..end];
        if piece.is_empty() {
            return;
        }
        if let Some(script) = plain_word(piece.as_bytes()) {
            out.push(start, piece, script);
            return;
        }
        if let Some(word) = word_between_punctuation(piece.as_bytes()) {
            if let Some((from, to, script)) = word {
                out.push(start + from, &piece[from..to], script);
            }
            return;
        }
        for (at, word) in piece.split_word_bound_indices() {
            if word.chars().any(Script::is_word_char) {
                out.push(start + at, word, Script::of(word));
            }
        }
    }
}

/// The tokens being written: the first `len` of `tokens` are this text's,
/// the rest are a previous text's, whose terms are overwritten.
struct Out<'a> {
    tokens: &'a mut Vec<Token>,
    len: usize,
    spare: &'a mut Vec<String>,
}

impl Out<'_> {
    fn push(&mut self, start: usize, word: &str, script: Script) {
        // A term of at most MAX_TERM_CHARS bytes has at most as many characters.
        let cut = match word.len() > MAX_TERM_CHARS {
            true => word.char_indices().nth(MAX_TERM_CHARS).map(|(cut, _)| cut),
            false => None,
        };
        let term = &word[..cut.unwrap_or(word.len())];
        let (end, position) = (start + word.len(), self.len);
        match self.tokens.get_mut(self.len) {
            Some(token) => {
                token.term.clear();
                token.term.push_str(term);
                (token.start, token.end, token.position, token.script) =
                    (start, end, position, script);
            }
            None => self.tokens.push(Token {
                term: match self.spare.pop() {
                    Some(mut spare) => {
                        spare.clear();
                        spare.push_str(term);
                        spare
                    }
                    None => term.to_string(),
                },
                start,
                end,
                position,
                script,
            }),
        }
        self.len += 1;
    }
}

/// Index of the first ASCII space in `bytes`.
fn memchr_space(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of `text` as `unicode-segmentation` alone makes them
    /// (the tokenizer before its fast path).
    fn reference(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        for (start, word) in text.split_word_bound_indices() {
            if !word.chars().any(Script::is_word_char) {
                continue;
            }
            let term = match word.char_indices().nth(MAX_TERM_CHARS) {
                Some((cut, _)) => word[..cut].to_string(),
                None => word.to_string(),
            };
            out.push(Token {
                term,
                start,
                end: start + word.len(),
                position: out.len(),
                script: Script::of(word),
            });
        }
        out
    }

    /// The plain word characters up to U+07FF (Latin letters and digits,
    /// Persian and Arabic letters and digits).
    fn plain_word_chars() -> Vec<char> {
        ('\0'..='\u{07FF}')
            .filter(|&c| is_plain_word_char(c))
            .collect()
    }

    #[test]
    fn plain_word_characters_never_break_between_them() {
        let plain = plain_word_chars();
        for &a in &plain {
            for &b in &plain {
                let pair = format!("{a}{b}");
                assert_eq!(
                    pair.split_word_bounds().count(),
                    1,
                    "U+{:04X} U+{:04X}",
                    a as u32,
                    b as u32
                );
            }
        }
    }

    #[test]
    fn a_zwnj_after_a_plain_word_character_never_breaks_the_word() {
        let plain = plain_word_chars();
        for &a in &plain {
            for &b in &plain {
                for word in [
                    format!("{a}\u{200c}"),
                    format!("{a}\u{200c}{b}"),
                    format!("{a}\u{200c}\u{200c}{b}\u{200c}"),
                ] {
                    assert_eq!(word.split_word_bounds().count(), 1, "{word:?}");
                    assert_eq!(
                        plain_word(word.as_bytes()),
                        Some(Script::of(&word)),
                        "{word:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn plain_words_are_told_from_the_bytes_as_from_the_characters() {
        // Every character up to U+FFFF alone, after a plain letter, a
        // plain digit and a ZWNJ, and first: a piece is plain exactly when
        // its characters are plain word characters or inner ZWNJs, and
        // its script is then that of Script::of.
        for c in ('\0'..='\u{FFFF}').filter(|&c| c != ' ') {
            for piece in [
                format!("{c}"),
                format!("ب{c}"),
                format!("۱{c}"),
                format!("x\u{200c}{c}"),
                format!("{c}ب"),
            ] {
                let chars: Vec<char> = piece.chars().collect();
                let plain = chars
                    .iter()
                    .enumerate()
                    .all(|(i, &c)| is_plain_word_char(c) || (i > 0 && c == '\u{200c}'));
                let expected = plain.then(|| Script::of(&piece));
                assert_eq!(plain_word(piece.as_bytes()), expected, "{piece:?}");
            }
        }
    }

    #[test]
    fn punctuation_around_a_plain_word_is_cut_off_as_unicode_segmentation_cuts_it() {
        let marks: Vec<char> = ('\0'..='\u{07FF}')
            .filter(|c| punctuation_len(c.to_string().as_bytes()) > 0)
            .collect();
        assert_eq!(marks.len(), 31 + 5);
        let plain = plain_word_chars();
        let mut tokens = Vec::new();
        for &p in &marks {
            for &q in &marks {
                for &a in &plain {
                    for piece in [
                        format!("{a}{p}"),
                        format!("{p}{a}"),
                        format!("{p}{a}ب\u{200c}۱{q}"),
                        format!("{p}{q}{a}{p}{q}"),
                        format!("{p}{q}"),
                        format!("x {p}{a} {q}"),
                    ] {
                        WordTokenizer.tokenize_into(&piece, &mut tokens);
                        assert_eq!(tokens, reference(&piece), "{piece:?}");
                    }
                }
            }
        }
        // A mark between two words is not around one: the whole piece
        // goes through unicode-segmentation.
        for piece in ["U.S.", "12.5", "۱۲،۵", "ان.پی.تی", "a_b", "a-b"] {
            assert_eq!(word_between_punctuation(piece.as_bytes()), None, "{piece}");
        }
    }

    #[test]
    fn same_tokens_as_unicode_segmentation_on_real_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = vec![
            std::fs::read_to_string(root.join("corpus/iran-russia-relations-two-decades.txt"))
                .unwrap(),
            std::fs::read_to_string(root.join("tests/fixtures/english/caspian-cooperation.txt"))
                .unwrap(),
        ];
        // The corner cases of the cut after spaces: marks, joiners and
        // separators right after a space, spaces inside numbers and
        // acronyms, other scripts, emoji with skin tones, flags.
        texts.push(
            "می \u{200c}شود  \u{064e}کشور ۱۲ ،۳۴ 12 .5 ان .پی.تی U .S. a \u{0301}b \u{200d}\u{1F600} \u{1F1EE}\u{1F1F7} \u{1F1F7}  x_ _y \
             «ایران» (۲۰۱۲) Москва 中国 ｶﾀｶﾅ \u{05D0}\"\u{05D1} \r\n \t\u{00a0}ای\u{2009}ران"
                .to_string(),
        );
        // One vector reused from text to text, as the analyzer does.
        let mut tokens = Vec::new();
        for text in &texts {
            for line in text.lines().chain(std::iter::once(text.as_str())) {
                WordTokenizer.tokenize_into(line, &mut tokens);
                assert_eq!(tokens, reference(line), "{line}");
            }
        }
        let long = format!("{} و {}", "ب".repeat(300), "x".repeat(121));
        WordTokenizer.tokenize_into(&long, &mut tokens);
        assert_eq!(tokens, reference(&long));
    }

    fn words(text: &str) -> Vec<String> {
        WordTokenizer
            .tokenize(text)
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    #[test]
    fn zwnj_keeps_a_word_whole() {
        assert_eq!(
            words("این کار می\u{200c}شود"),
            ["این", "کار", "می\u{200c}شود"]
        );
        assert_eq!(
            words("برنامه هسته\u{200c}ای ایران"),
            ["برنامه", "هسته\u{200c}ای", "ایران"]
        );
    }

    #[test]
    fn persian_punctuation_separates_words() {
        assert_eq!(
            words("ایران، روسیه؛ «دریای خزر»؟"),
            ["ایران", "روسیه", "دریای", "خزر"]
        );
    }

    #[test]
    fn dotted_acronym_is_one_word() {
        assert_eq!(words("پیمان ان.پی.تی را"), ["پیمان", "ان.پی.تی", "را"]);
    }

    #[test]
    fn tatweel_and_diacritics_stay_inside_the_word() {
        assert_eq!(words("اروپـا و کِشتی"), ["اروپـا", "و", "کِشتی"]);
    }

    #[test]
    fn offsets_are_bytes_of_the_original() {
        let text = "سفر پوتین به تهران";
        for t in WordTokenizer.tokenize(text) {
            assert_eq!(&text[t.start..t.end], t.term);
        }
        let t = &WordTokenizer.tokenize(text)[1];
        assert_eq!((t.start, t.end, t.position), (7, 17, 1));
    }

    #[test]
    fn time_and_numbers() {
        assert_eq!(
            words("ساعت ۱۰:۳۰ روز ۱۷ مهر ۱۳۹۱"),
            ["ساعت", "۱۰", "۳۰", "روز", "۱۷", "مهر", "۱۳۹۱"]
        );
        assert_eq!(
            words("2ـ همکاریهای دو کشور"),
            ["2ـ", "همکاریهای", "دو", "کشور"]
        );
    }

    #[test]
    fn long_words_are_cut_not_dropped() {
        let long = "ب".repeat(300);
        let tokens = WordTokenizer.tokenize(&long);
        assert_eq!(tokens.len(), 1);
        assert_eq!(tokens[0].term.chars().count(), MAX_TERM_CHARS);
        assert_eq!(
            tokens[0].end,
            long.len(),
            "the span still covers the whole word"
        );
        // A 25-letter Persian compound (50 bytes) is kept whole.
        let compound = "اتحادجماهیرشورویسوسیالیستی";
        assert_eq!(words(compound), [compound]);
    }

    #[test]
    fn mixed_scripts() {
        let tokens = WordTokenizer.tokenize("Putin پوتین 2007");
        let scripts: Vec<Script> = tokens.iter().map(|t| t.script).collect();
        assert_eq!(scripts, [Script::Latin, Script::Persian, Script::Number]);
    }
}
