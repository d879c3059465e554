//! Transliteration of names the lexicon does not know: a Latin word becomes
//! a pattern of its possible Persian spellings (Lavrov → لاوروف), a Persian
//! word a pattern of its Latin spellings (لاوروف → lavrov), and only the
//! terms of the index's own term dictionary that match the pattern are
//! searched. The patterns are regular expressions run as automata over
//! tantivy's term dictionary (an FST), so no guess list is ever searched.

use std::collections::HashMap;

use tantivy::schema::Field;

use crate::analysis::is_stop_word;
use tantivy::Searcher;

/// At most this many spellings of one name are searched.
pub const MAX_SPELLINGS: usize = 3;

/// Latin letter groups and the Persian letters they may stand for, longest first.
/// Vowels are optional inside a word: Persian leaves short vowels unwritten.
const LATIN: &[(&str, &str)] = &[
    ("kh", "(خ|ق)"),
    ("gh", "(غ|ق|گ|گه)"),
    ("sh", "ش"),
    ("ch", "(چ|ک)"),
    ("zh", "ژ"),
    ("th", "(ت|ث)"),
    ("ph", "ف"),
    ("ck", "ک"),
    ("dj", "ج"),
    ("ts", "تس"),
    ("ou", "و"),
    ("oo", "و"),
    ("ee", "ی"),
    ("ea", "ی"),
    ("ie", "ی"),
    ("ey", "(ی|ای)"),
    ("ei", "(ی|ای)"),
    ("ay", "(ای|ی)"),
    ("ai", "(ای|ی)"),
    ("ia", "(یا|ی)"),
    ("b", "ب"),
    ("c", "(ک|س)"),
    ("d", "(د|ض)"),
    ("f", "ف"),
    ("g", "(گ|ق|غ)"),
    ("h", "(ه|ح)?"),
    ("j", "(ج|ژ)"),
    ("k", "(ک|ق)"),
    ("l", "ل"),
    ("m", "م"),
    ("n", "ن"),
    ("p", "پ"),
    ("q", "ق"),
    ("r", "ر"),
    ("s", "(س|ص|ث|ز)"),
    ("t", "(ت|ط)"),
    ("v", "(و|ف)"),
    ("w", "و"),
    ("x", "(کس|خ)"),
    ("z", "(ز|ذ|ض|ظ)"),
    ("y", "ی"),
    ("a", "(ا|ع)?"),
    ("e", "(ی|ا)?"),
    ("i", "(ی)?"),
    ("o", "(و)?"),
    ("u", "(و)?"),
];

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// The pattern of the Persian spellings of a Latin word, or `None` when the
/// word is not a plain Latin name (digits, too short).
///
/// ```
/// use kavosh::bilingual::transliterate::latin_to_persian;
/// assert_eq!(latin_to_persian("Baku").unwrap(), "ب(ا|ع)?(ک|ق)(و)?");
/// ```
pub fn latin_to_persian(word: &str) -> Option<String> {
    let word = word.to_lowercase();
    if word.chars().count() < 3 || !word.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let mut previous: Option<&str> = None;
    while i < chars.len() {
        let c = chars[i];
        // A doubled consonant is written once.
        if previous.is_some_and(|p| p.len() == 1 && p.starts_with(c)) && !is_vowel(c) {
            i += 1;
            continue;
        }
        let first = i == 0;
        let last = i + 1 == chars.len();
        if first && is_vowel(c) {
            let (pattern, len) = match (c, chars.get(1)) {
                ('a', _) => ("(ا|ع)", 1),
                ('e', _) => ("(ا|ای|ع)", 1),
                ('i', _) => ("(ای|ا|ع)", 1),
                ('o', Some('u')) => ("او", 2),
                ('o', _) => ("(او|ا)", 1),
                _ => ("(او|ا)", 1),
            };
            out.push_str(pattern);
            previous = None;
            i += len;
            continue;
        }
        if matches!(chars[i..], ['i', 'a'] | ['y', 'a']) {
            out.push_str("(یه|یا)"); // Russia → روسیه, Crimea → کریمه
            break;
        }
        if last && c == 'a' {
            out.push_str("(ا|ه)");
            break;
        }
        if last && c == 'e' {
            out.push_str("(ه|ی)?");
            break;
        }
        let rest: String = chars[i..].iter().collect();
        let (group, pattern) = LATIN.iter().find(|(g, _)| rest.starts_with(g)).copied()?;
        out.push_str(pattern);
        previous = Some(group);
        i += group.chars().count();
    }
    Some(out)
}

/// Persian letters and the Latin letter groups they may be written with.
fn persian_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ا' => "(a|aa|e|o)",
        'ب' => "b",
        'پ' => "p",
        'ت' | 'ط' => "t",
        'ث' => "(s|th)",
        'ج' => "(j|dj|g)",
        'چ' => "(ch|tch|c)",
        'ح' => "h?",
        'خ' => "(kh|h|ch|x)",
        'د' => "d",
        'ذ' => "(z|dh)",
        'ر' => "r",
        'ز' => "(z|s)",
        'ژ' => "(zh|j|g)",
        'س' => "(s|c|ss)",
        'ش' => "(sh|ch|sch)",
        'ص' => "s",
        'ض' => "(z|d)",
        'ظ' => "z",
        'ع' => "(a|e|')?",
        'غ' => "(gh|g)",
        'ف' => "(f|ph|v)",
        'ق' => "(q|gh|k|g)",
        'ک' => "(k|c|ck|ch)",
        'گ' => "g",
        'ل' => "(l|ll)",
        'م' => "(m|mm)",
        'ن' => "(n|nn)",
        'و' => "(o|u|ou|oo|v|w|ov)",
        'ه' => "(h|a|e)?",
        'ی' => "(i|y|e|ee|ey|ai|ie)",
        _ => return None,
    })
}

/// Letters that are never a vowel in Persian spelling.
fn persian_is_consonant(c: char) -> bool {
    !matches!(c, 'ا' | 'و' | 'ی' | 'ه' | 'ع')
}

/// The pattern of the Latin spellings of a Persian word (Snowball-stemmed
/// English terms included: a final `y` may stand as `i`), or `None` when the
/// word has letters outside the Persian alphabet.
pub fn persian_to_latin(word: &str) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 3 {
        return None;
    }
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if i == 0 && c == 'ا' {
            out.push_str("(a|e|i|o|u)");
            continue;
        }
        out.push_str(persian_letter(c)?);
        // Short vowels are not written in Persian: allow one after a letter
        // that is not itself a vowel letter, before the next letter.
        if c != 'ا'
            && chars
                .get(i + 1)
                .is_some_and(|&n| persian_is_consonant(n) || n == 'ه' || n == 'و')
        {
            out.push_str("[aeiou]?");
        }
    }
    Some(out)
}

/// The terms of `field` in the index that match `pattern`, most frequent
/// first, at most `limit`, with how many passages contain each.
pub fn matching_terms(
    searcher: &Searcher,
    field: Field,
    pattern: &str,
    limit: usize,
) -> Vec<(String, u64)> {
    let Ok(regex) = tantivy_fst::Regex::new(pattern) else {
        return Vec::new();
    };
    let mut found: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().search(&regex).into_stream() else {
            continue;
        };
        while stream.advance() {
            match std::str::from_utf8(stream.key()) {
                Ok(term) if !is_stop_word(term) => {
                    *found.entry(term.to_string()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
                _ => {}
            }
        }
    }
    let longest = found.keys().map(|t| t.chars().count()).max().unwrap_or(0);
    let shortest_kept = if longest >= 6 { longest - 1 } else { longest };
    let mut found: Vec<(String, u64)> = found
        .into_iter()
        .filter(|(t, _)| t.chars().count() >= shortest_kept)
        .collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    found.truncate(limit);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, word: &str) -> bool {
        use tantivy_fst::Automaton;
        let regex = tantivy_fst::Regex::new(pattern).unwrap();
        let mut state = regex.start();
        for byte in word.bytes() {
            state = regex.accept(&state, byte);
        }
        regex.is_match(&state)
    }

    /// Names of the article and their Persian spelling (analysed form).
    const NAMES: &[(&str, &str)] = &[
        ("Putin", "پوتین"),
        ("Lavrov", "لاوروف"),
        ("Medvedev", "مدودف"),
        ("Yeltsin", "یلتسین"),
        ("Primakov", "پریماکف"),
        ("Kozyrev", "کوزیرف"),
        ("Gorbachev", "گورباچف"),
        ("Khatami", "خاتمی"),
        ("Rafsanjani", "رفسنجانی"),
        ("Ahmadinejad", "احمدینژاد"),
        ("Velayati", "ولایتی"),
        ("Larijani", "لاریجانی"),
        ("Moscow", "مسکو"),
        ("Tehran", "تهران"),
        ("Astara", "استارا"),
        ("Astrakhan", "استاراخان"),
        ("Bushehr", "بوشهر"),
        ("Kazakhstan", "قزاقستان"),
        ("Turkmenistan", "ترکمنستان"),
        ("Tajikistan", "تاجیکستان"),
        ("Uzbekistan", "ازبکستان"),
        ("Azerbaijan", "اذربایجان"),
        ("Armenia", "ارمنستان"),
        ("Georgia", "گرجستان"),
        ("Kosovo", "کوزوو"),
        ("Volga", "ولگا"),
        ("Caspian", "کاسپین"),
        ("Chechnya", "چچن"),
        ("Dagestan", "داغستان"),
        ("Baku", "باکو"),
        ("Ashgabat", "عشق اباد"),
        ("Anzali", "انزلی"),
        ("Gilan", "گیلان"),
        ("Mazandaran", "مازندران"),
        ("Pakistan", "پاکستان"),
        ("Afghanistan", "افغانستان"),
        ("India", "هند"),
        ("China", "چین"),
        ("Iraq", "عراق"),
        ("Syria", "سوریه"),
        ("Israel", "اسراییل"),
        ("Serbia", "صربستان"),
        ("Sergeyev", "سرگیف"),
        ("Igor", "ایگور"),
        ("Rosatom", "روس اتم"),
        ("Gazprom", "گازپروم"),
        ("Lukoil", "لوک اویل"),
        ("Kremlin", "کرملین"),
        ("Sukhoi", "سوخو"),
        ("Shanghai", "شانگهای"),
        ("Bandar", "بندر"),
        ("Mashhad", "مشهد"),
        ("Tabriz", "تبریز"),
        ("Isfahan", "اصفهان"),
    ];

    #[test]
    fn latin_names_reach_their_persian_spelling() {
        let mut reached = 0;
        let mut missed = Vec::new();
        for (latin, persian) in NAMES {
            if persian.contains(' ') {
                continue; // two words in Persian: the lexicon's job
            }
            let pattern = latin_to_persian(latin).unwrap();
            if matches(&pattern, persian) {
                reached += 1;
            } else {
                missed.push(format!("{latin} ↛ {persian}"));
            }
        }
        // Irregular spellings (India → هند, Georgia → گرجستان) are the lexicon's job.
        assert!(reached >= 40, "{reached} reached; missed: {missed:?}");
    }

    #[test]
    fn persian_names_reach_their_latin_spelling() {
        for (persian, latin) in [
            ("پوتین", "putin"),
            ("لاوروف", "lavrov"),
            ("مدودف", "medvedev"),
            ("خاتمی", "khatami"),
            ("تهران", "tehran"),
            ("بوشهر", "bushehr"),
            ("باکو", "baku"),
            ("ولگا", "volga"),
            ("گازپروم", "gazprom"),
            ("کرملین", "kremlin"),
            ("مسکو", "moscow"),
            ("رفسنجانی", "rafsanjani"),
            ("لاریجانی", "larijani"),
        ] {
            let pattern = persian_to_latin(persian).unwrap();
            assert!(matches(&pattern, latin), "{persian} ↛ {latin} ({pattern})");
        }
    }

    #[test]
    fn patterns_do_not_reach_unrelated_words() {
        for (latin, unrelated) in [
            ("Putin", "پایان"),
            ("Lavrov", "لوله"),
            ("Volga", "ولی"),
            ("Kosovo", "کشور"),
            ("Baku", "باقی"),
            ("Tehran", "تهدید"),
            ("Kremlin", "کرمان"),
            ("Medvedev", "مدیریت"),
            ("Gazprom", "گاز"),
        ] {
            assert!(
                !matches(&latin_to_persian(latin).unwrap(), unrelated),
                "{latin} must not reach {unrelated}"
            );
        }
        // English terms in the index are stemmed: "village" is "villag" there.
        for (persian, unrelated) in [
            ("پوتین", "protein"),
            ("لاوروف", "love"),
            ("ولگا", "villag"),
            ("باکو", "back"),
        ] {
            assert!(
                !matches(&persian_to_latin(persian).unwrap(), unrelated),
                "{persian} must not reach {unrelated}"
            );
        }
    }

    #[test]
    fn not_names() {
        assert_eq!(latin_to_persian("S300"), None);
        assert_eq!(latin_to_persian("ab"), None);
        assert_eq!(persian_to_latin("در"), None);
    }
}
