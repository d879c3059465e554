//! The token type that flows through the analysis chain.

use serde::Serialize;

/// The writing system of a token, decided from its first letter.
///
/// Filters use it to apply only where they make sense: Persian letter
/// folding to Arabic-script tokens, lowercasing and English stemming to
/// Latin-script ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    /// Arabic script: Persian (and Arabic) words.
    Persian,
    /// Latin script: English and other European words.
    Latin,
    /// Digits only (any digit system).
    Number,
    /// Letters of any other script (Cyrillic, Greek, CJK, …).
    Other,
}

impl Script {
    /// True for code points of the Arabic script blocks, presentation forms included.
    pub fn is_arabic_char(c: char) -> bool {
        matches!(c as u32,
            0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF
            | 0x1EE00..=0x1EEFF)
    }

    /// True for Latin letters: ASCII and the accented Latin blocks.
    pub fn is_latin_char(c: char) -> bool {
        c.is_ascii_alphabetic() || is_latin_extended(c)
    }

    /// True for the letters of the Persian/Arabic alphabet (not marks,
    /// tatweel, digits or punctuation). A table lookup, much cheaper than
    /// `char::is_alphabetic` outside ASCII.
    #[inline]
    pub const fn is_arabic_letter(c: char) -> bool {
        matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{066E}' | '\u{066F}' | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}' | '\u{06EF}' | '\u{06FA}'..='\u{06FC}' | '\u{06FF}')
    }

    /// True for letters and digits, with fast paths for ASCII and Persian.
    #[inline]
    pub fn is_word_char(c: char) -> bool {
        if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            Script::is_arabic_letter(c) || c.is_alphanumeric()
        }
    }

    /// The script of a piece of text: that of its first letter, or
    /// [`Script::Number`] when it has digits and no letter.
    pub fn of(text: &str) -> Script {
        for c in text.chars() {
            if c == '\u{0640}' {
                continue; // tatweel only stretches a letter
            }
            if Script::is_arabic_letter(c) || (Script::is_arabic_char(c) && c.is_alphabetic()) {
                return Script::Persian;
            }
            if c.is_ascii_alphabetic() {
                return Script::Latin;
            }
            if c.is_alphabetic() {
                return if Script::is_latin_char(c) {
                    Script::Latin
                } else {
                    Script::Other
                };
            }
        }
        Script::Number
    }
}

fn is_latin_extended(c: char) -> bool {
    matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF)
}

/// One token: the normalised term that is indexed, where it came from in the
/// original text, and its position.
///
/// `start..end` are byte offsets into the ORIGINAL text: filters change
/// `term`, never the offsets, so a highlight always covers the characters the
/// user wrote (diacritics, tatweel and ZWNJ included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    /// The normalised form that goes into the index.
    pub term: String,
    /// Byte offset of the token's first character in the original text.
    pub start: usize,
    /// Byte offset just past the token's last character in the original text.
    pub end: usize,
    /// Position in the token sequence (phrases need consecutive positions).
    pub position: usize,
    /// Writing system of the token.
    pub script: Script,
}

impl Token {
    /// The original characters this token was made from.
    pub fn original<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_letter_table_agrees_with_unicode() {
        for c in '\u{0600}'..='\u{06FF}' {
            if Script::is_arabic_letter(c) {
                assert!(c.is_alphabetic(), "U+{:04X}", c as u32);
            }
            assert_eq!(
                Script::is_word_char(c),
                c.is_alphanumeric(),
                "U+{:04X}",
                c as u32
            );
        }
        for c in ['ی', 'ک', 'پ', 'چ', 'ژ', 'گ', 'ا', 'آ', 'ء'] {
            assert!(Script::is_arabic_letter(c), "{c}");
        }
        for c in ['\u{0640}', '\u{064E}', '\u{0670}', '،', '؟', '۱'] {
            assert!(!Script::is_arabic_letter(c), "{c}");
        }
    }

    #[test]
    fn script_of_real_words() {
        assert_eq!(Script::of("ایران"), Script::Persian);
        assert_eq!(Script::of("كشتي"), Script::Persian);
        assert_eq!(Script::of("Caspian"), Script::Latin);
        assert_eq!(Script::of("Café"), Script::Latin);
        assert_eq!(Script::of("۱۳۸۶"), Script::Number);
        assert_eq!(Script::of("2005"), Script::Number);
        assert_eq!(
            Script::of("2ـ"),
            Script::Number,
            "tatweel is not a letter of its own"
        );
        assert_eq!(Script::of("Москва"), Script::Other);
    }
}
