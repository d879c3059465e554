//! The language of a passage: Persian (`fa`) or English (`en`), from the
//! script of its letters, and language tags as sources write them.

use crate::analysis::Script;

/// Persian.
pub const PERSIAN: &str = "fa";
/// English.
pub const ENGLISH: &str = "en";

/// The language of `text` from its letters: `fa` when most are Arabic
/// script, `en` when most are Latin; `None` when it has no letter of either
/// (numbers, punctuation) or as many of each.
///
/// ```
/// use kavosh::corpus::lang::detect;
/// assert_eq!(detect("نیروگاه بوشهر با همکاری روسیه ساخته شد."), Some("fa"));
/// assert_eq!(detect("The Bushehr plant was built with Russian help."), Some("en"));
/// assert_eq!(detect("پوتین (Putin) به تهران سفر کرد."), Some("fa"));
/// assert_eq!(detect("۱۳۹۱ - 2012"), None);
/// ```
pub fn detect(text: &str) -> Option<&'static str> {
    let (mut arabic, mut latin) = (0usize, 0usize);
    // The letters of each script, counted with fast paths: ASCII, and the
    // Persian letters (every one alphabetic), which are nearly all of the
    // text; `char::is_alphabetic`'s slow table lookup only for the rest of
    // the two scripts' blocks. Other characters count for neither.
    for c in text.chars() {
        if c.is_ascii() {
            latin += usize::from(c.is_ascii_alphabetic());
        } else if Script::is_arabic_letter(c) {
            arabic += 1;
        } else if Script::is_arabic_char(c) {
            arabic += usize::from(c.is_alphabetic());
        } else if Script::is_latin_char(c) {
            latin += usize::from(c.is_alphabetic());
        }
    }
    match arabic.cmp(&latin) {
        std::cmp::Ordering::Greater => Some(PERSIAN),
        std::cmp::Ordering::Less => Some(ENGLISH),
        std::cmp::Ordering::Equal => None,
    }
}

/// A language tag as a source gives it (`fa-IR`, `EN`, `Persian`, `farsi`)
/// as a lowercase primary tag (`fa`, `en`); other languages keep their
/// primary tag (`ar`, `de`). `None` for an empty tag.
///
/// ```
/// use kavosh::corpus::lang::normalise_tag;
/// assert_eq!(normalise_tag("fa-IR").as_deref(), Some("fa"));
/// assert_eq!(normalise_tag("Farsi").as_deref(), Some("fa"));
/// assert_eq!(normalise_tag("en_US").as_deref(), Some("en"));
/// assert_eq!(normalise_tag(" "), None);
/// ```
pub fn normalise_tag(tag: &str) -> Option<String> {
    let primary = tag
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_lowercase();
    match primary.as_str() {
        "" => None,
        "fa" | "fas" | "per" | "persian" | "farsi" | "فارسی" => Some(PERSIAN.to_string()),
        "en" | "eng" | "english" => Some(ENGLISH.to_string()),
        _ => Some(primary),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_paragraphs() {
        // fa-news-irnews2020 and en-news-tehrantimes (mixed-mini)
        assert_eq!(
            detect("«دومینیکا / Dominica» با نام رسمی قلمرو همسود دومینیکا کشوری است جزیره\u{200c}ای در دریای کارائیب که پایتخت آن روسو است."),
            Some(PERSIAN)
        );
        assert_eq!(
            detect("TEHRAN – Iranian Ambassador to Russia Kazem Jalali has met with the Russian president’s Special Representative for the Shanghai Cooperation Organization (SCO) Bakhtiar Hakimov."),
            Some(ENGLISH)
        );
        // Arabic keyboard letters and diacritics are still Persian script
        assert_eq!(detect("كشتيراني ميان بندر انزلي"), Some(PERSIAN));
        assert_eq!(detect("بِسْمِ اللَّهِ"), Some(PERSIAN));
    }

    #[test]
    fn mixed_text_goes_to_the_majority_of_letters() {
        assert_eq!(detect("Rosatom روس اتم"), Some(ENGLISH));
        assert_eq!(detect("شرکت Rosatom روسیه"), Some(PERSIAN));
        assert_eq!(detect("ab اب"), None);
        assert_eq!(detect(""), None);
        assert_eq!(detect("Москва"), None, "Cyrillic is neither");
    }

    /// The counting as first written: every alphabetic character, by block.
    fn reference(text: &str) -> Option<&'static str> {
        let (mut arabic, mut latin) = (0usize, 0usize);
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            if Script::is_arabic_char(c) {
                arabic += 1;
            } else if Script::is_latin_char(c) {
                latin += 1;
            }
        }
        match arabic.cmp(&latin) {
            std::cmp::Ordering::Greater => Some(PERSIAN),
            std::cmp::Ordering::Less => Some(ENGLISH),
            std::cmp::Ordering::Equal => None,
        }
    }

    #[test]
    fn fast_paths_count_as_is_alphabetic_does() {
        // Every character of the Basic Multilingual Plane against one Latin
        // letter and against one Persian letter: the balance tips exactly
        // when the character counts for a script.
        for c in (0..=0xFFFFu32).filter_map(char::from_u32) {
            for other in ["a", "ب"] {
                let text = format!("{c}{other}");
                assert_eq!(detect(&text), reference(&text), "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn tags() {
        assert_eq!(normalise_tag("FA").as_deref(), Some("fa"));
        assert_eq!(normalise_tag("fas").as_deref(), Some("fa"));
        assert_eq!(normalise_tag("en-GB").as_deref(), Some("en"));
        assert_eq!(normalise_tag("ar").as_deref(), Some("ar"));
        assert_eq!(normalise_tag(""), None);
    }
}
