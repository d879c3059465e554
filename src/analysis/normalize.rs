//! The normalised text: every word as the analyzer reads it before
//! decompounding and stemming, for tools that want kavosh's spelling of a
//! text (and for comparing spellings the way kavosh does).

use std::sync::OnceLock;

use super::invisible::is_invisible;
use super::tokenizer::MAX_TERM_CHARS;
use super::Analyzer;

/// `text` with each word replaced by its normalised form, as the analyzer's
/// first stage makes it (see [`Analyzer::surface`]): Arabic letters become
/// Persian (ك → ک, ي → ی), diacritics and tatweel are dropped, Persian and
/// Arabic-Indic digits become ASCII, a detached affix joins its word
/// without ZWNJ («هسته ای», «هسته‌ای» → «هستهای»), Latin letters are
/// lowercased and their accents folded. Between words the text stays as it
/// was (spaces, punctuation, line breaks), less its invisible marks (ZWNJ,
/// bidi marks, BOM). A run of more than [`MAX_TERM_CHARS`] letters (no
/// word: base64, glued URLs), whose term the analyzer cuts, is kept as
/// written.
///
/// Two texts normalise alike exactly when kavosh matches them word for word
/// without stemming, and normalising twice changes nothing more.
///
/// ```
/// use kavosh::analysis::normalize;
/// assert_eq!(normalize("كشتيراني هسته ای"), "کشتیرانی هستهای");
/// assert_eq!(normalize("می‌شود، ۱۳۸۶."), "میشود، 1386.");
/// assert_eq!(normalize("کِشتیِ اروپـا"), "کشتی اروپا");
/// ```
pub fn normalize(text: &str) -> String {
    static SURFACE: OnceLock<Analyzer> = OnceLock::new();
    let tokens = SURFACE.get_or_init(Analyzer::surface).analyze(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let keep_visible = |out: &mut String, gap: &str| {
        out.extend(gap.chars().filter(|&c| !is_invisible(c)));
    };
    for token in &tokens {
        if token.start < at {
            continue; // within a word already written
        }
        keep_visible(&mut out, &text[at..token.start]);
        let original = token.original(text);
        if original.chars().nth(MAX_TERM_CHARS).is_some() {
            keep_visible(&mut out, original);
        } else {
            out.push_str(&token.term);
        }
        at = token.end;
    }
    keep_visible(&mut out, &text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persian_spellings_fold_to_one() {
        for (text, expected) in [
            ("كشتيراني", "کشتیرانی"),
            ("سوريه و اسرائيل", "سوریه و اسراییل"),
            ("می‌شود", "میشود"),
            ("می شود", "میشود"),
            ("هسته‌ای", "هستهای"),
            ("نیروگاه هسته ای بوشهر", "نیروگاه هستهای بوشهر"),
            ("کِشتی", "کشتی"),
            ("اروپـــا", "اروپا"),
            ("۱۳۸۶", "1386"),
            ("٢٠٠٥", "2005"),
            ("مؤسسه", "موسسه"),
        ] {
            assert_eq!(normalize(text), expected, "{text}");
        }
    }

    #[test]
    fn what_lies_between_words_stays() {
        assert_eq!(
            normalize("«بوشهر»، ايران؛ ۱۷ مهر ۱۳۹۱ - ۰۷:۵۰\nRosatom’s Bushehr."),
            "«بوشهر»، ایران؛ 17 مهر 1391 - 07:50\nrosatom's bushehr."
        );
        assert_eq!(normalize(""), "");
        assert_eq!(normalize(" ، . "), " ، . ");
        // Invisible marks go between words too.
        assert_eq!(normalize("\u{200f}ایران\u{200c} \u{feff}"), "ایران ");
    }

    #[test]
    fn stemming_and_glued_words_are_left_alone() {
        // Normalising is not stemming: plurals and glued compounds stay.
        assert_eq!(normalize("کشورهای خلیجفارس"), "کشورهای خلیجفارس");
    }

    #[test]
    fn the_article_normalises_to_the_same_words_and_is_a_fixed_point() {
        let article = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/iran-russia-relations-two-decades.txt"
        ))
        .unwrap();
        let exact = Analyzer::exact();
        let stemmed = Analyzer::default();
        for line in article.lines() {
            let normal = normalize(line);
            assert_eq!(exact.terms(&normal), exact.terms(line), "{line}");
            assert_eq!(stemmed.terms(&normal), stemmed.terms(line), "{line}");
            assert_eq!(normalize(&normal), normal, "{line}");
        }
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let junk = "\u{202e}\u{0000}\u{200c}\u{200c}ـــ «» \u{feff}-- \"\" ً ٍ";
        let _ = normalize(junk);
        assert_eq!(normalize(&"ك".repeat(100)), "ک".repeat(100));
        // Longer than any word: kept, not cut.
        let run = "ك".repeat(MAX_TERM_CHARS + 1);
        assert_eq!(normalize(&format!("{run} ي")), format!("{run} ی"));
    }
}
