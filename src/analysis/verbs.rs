//! Persian verb forms to one lemma across their two stems.
//!
//! A Persian verb has a past stem (دید) and a present stem (بین) that often
//! share no letters: «ندیدم», «میدیدیم», «دیدهام», «ببینم» and «میبینند»
//! are all forms of «دیدن». The stem pairs are `data/fa-verbs.tsv` (built by
//! `examples/build_verbs.rs`); the lemma is the infinitive, past stem +
//! «ن», so every form above becomes the one term «دیدن».
//!
//! Only forms that are unmistakably verbal are taken:
//!
//! * a stem with a verb prefix: «می»/«نمی» + either stem, «ب»/«ن» + the
//!   present stem, «ن» + the past stem, with a personal ending (the «ی»
//!   glide before «ا»: «بیاید», «نیاورد»);
//! * the past stem with «م», «یم», «ند» (دیدم, کردند); the perfect: past
//!   stem + «ه» + «ام»/«است»/«ایم»/«اید»/«اند» (دیدهام, کردهاند), and the
//!   negative participle (ندیده);
//! * the present stem with «د», «ند», «یم», «ید» and no prefix (the
//!   subjunctive of compound verbs: «استفاده کند»), only when the word is
//!   not far more frequent than its prefixed forms — «مانند» («like») and
//!   «خرد» («wisdom») are not verbs — except for the verbs whose present
//!   never takes «می» (دارد, باشد, خواهد).
//!
//! Never: a bare stem (دید «view», نشست «meeting», بین «between»), a bare
//! participle (گذشته, داده, بسته are adjectives and nouns as often), the
//! second person singular «ی» (بدهی «debt», روی «on», بینی «nose»,
//! کردی «Kurdish») or the unprefixed «شدید» («severe»), and any word the
//! word list shows with the plural «ها» — a verb form never takes it, a
//! noun does (نبرد «battle» → نبردها, روند «trend» → روندها, رود «river»).
//!
//! The table is compiled in and parsed on first use into two small hash
//! maps over slices of the embedded text (53 lines, 1.5 KB: about 30 µs,
//! measured by `examples/verb_table_cost.rs`).

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::lexicon::Lexicon;
use super::persian_stem::{cut_prefix, cut_suffix};
use super::stopwords::is_stop_word;

const VERBS_TSV: &str = include_str!("../../data/fa-verbs.tsv");

/// An unprefixed present form is taken as a verb only when it is at most
/// this many times as frequent as its prefixed forms (میکند, نکند, بکند).
pub const UNPREFIXED_RATIO: u32 = 2;
/// A word whose plural in «ها» is seen at least once per this many
/// occurrences of the word (and at least [`NOUN_PLURAL_MIN`] times) is a noun.
pub const NOUN_PLURAL_PER: u32 = 50;
/// See [`NOUN_PLURAL_PER`].
pub const NOUN_PLURAL_MIN: u32 = 3;

/// A negative form without a personal ending (نکرد, ندیده) is taken as a
/// verb only when it is at most this many hundredths as frequent as the
/// positive form: negation is the marked case, so a much more frequent
/// «ن» word is another word (نزد «at», نبرد «battle», نشسته «seated»).
pub const NEGATIVE_PERCENT: u32 = 15;

/// Verbs with at least this much corpus evidence (the weight column of
/// `data/fa-verbs.tsv`) are treated as auxiliaries: the sixteen commonest,
/// down to «گذاشتن». On the question set `fa-qa-dev` gathering their forms
/// lowered MRR@10 from 0.735 to 0.731; without them it is 0.735.
pub const COMMON_VERB_WEIGHT: u32 = 1000;

/// Past stems of the verbs whose present takes no «می» (دارد, باشد, خواهد).
const PRESENT_WITHOUT_MI: &[&str] = &["داشت", "بود", "خواست"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prefix {
    None,
    /// «می», «نمی»: continuous and present.
    Mi,
    /// «ن»: negation.
    Neg,
    /// «ب»: subjunctive and imperative.
    Subj,
}

const PREFIXES: &[(&str, Prefix)] = &[
    ("", Prefix::None),
    ("ب", Prefix::Subj),
    ("ن", Prefix::Neg),
    ("می", Prefix::Mi),
    ("نمی", Prefix::Mi),
];

/// Personal endings after the present stem (not «ی»: see the module docs).
const PRESENT_ENDINGS: &[&str] = &["ند", "یم", "ید", "د", "م"];
/// Personal endings after the past stem.
/// (The first three are the ones taken without a prefix.)
const PAST_ENDINGS: &[&str] = &["ند", "یم", "م", "ید", ""];
/// The copula after a past participle: the perfect (دیدهام, کردهاند).
const PERFECT: &[&str] = &["ام", "است", "ایم", "اید", "اند"];

#[derive(Debug, Clone, Copy)]
struct Verb {
    past: &'static str,
    present: &'static str,
    weight: u32,
}

impl Verb {
    /// The copula, the passive and modal auxiliaries and the commonest light
    /// verbs: verbs whose own forms are stop words (بودن, شدن, کردن, داشتن,
    /// توانستن, دادن) or that are as common as they are (گفتن, رفتن,
    /// گرفتن, رسیدن, زدن, …: [`COMMON_VERB_WEIGHT`]). They carry grammar
    /// rather than content (in «تصمیم گرفتند» the noun carries the meaning),
    /// so gathering their forms only makes one concept match nearly every
    /// passage; their forms keep the light stemmer's rules (میکند → کند).
    fn is_auxiliary(&self) -> bool {
        self.weight >= COMMON_VERB_WEIGHT
            || is_stop_word(self.past)
            || is_stop_word(&format!("{}د", self.present))
    }
}

/// The table of verbs: past and present stems to their verb.
#[derive(Debug, Default)]
pub struct Verbs {
    past: FxHashMap<&'static str, Verb>,
    present: FxHashMap<&'static str, Verb>,
    /// The letters a verb form can end with: the last letters of the
    /// endings, of the past stems (which take no ending in «نکرد») and «ه»
    /// (ندیده).
    finals: Vec<char>,
}

impl Verbs {
    /// Parses `past<TAB>present<TAB>weight` lines; `#` lines are comments.
    /// A stem claimed by two verbs belongs to the one with more weight.
    pub fn parse(tsv: &'static str) -> Verbs {
        let mut verbs = Verbs::default();
        for line in tsv.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let (Some(past), Some(present), Some(weight)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let Ok(weight) = weight.trim().parse() else {
                continue;
            };
            if past.is_empty() || present.is_empty() {
                continue;
            }
            let verb = Verb {
                past,
                present,
                weight,
            };
            for (map, stem) in [(&mut verbs.past, past), (&mut verbs.present, present)] {
                let slot = map.entry(stem).or_insert(verb);
                if slot.weight < weight {
                    *slot = verb;
                }
            }
        }
        let endings = PAST_ENDINGS.iter().chain(PERFECT).chain(PRESENT_ENDINGS);
        let lasts = endings
            .chain(verbs.past.keys())
            .filter_map(|w| w.chars().next_back());
        for last in lasts.chain(['ه']) {
            if !verbs.finals.contains(&last) {
                verbs.finals.push(last);
            }
        }
        verbs
    }

    /// The table shipped with kavosh.
    ///
    /// ```
    /// let verbs = kavosh::analysis::verbs::Verbs::persian();
    /// assert!(verbs.len() >= 40);
    /// ```
    pub fn persian() -> &'static Verbs {
        static VERBS: OnceLock<Verbs> = OnceLock::new();
        VERBS.get_or_init(|| Verbs::parse(VERBS_TSV))
    }

    /// Number of past stems in the table.
    pub fn len(&self) -> usize {
        self.past.len()
    }

    /// True when the table is empty.
    pub fn is_empty(&self) -> bool {
        self.past.is_empty()
    }

    /// The lemma (infinitive) of an analysed Persian word when it is a verb
    /// form, judged with the word list `words`.
    ///
    /// ```
    /// use kavosh::analysis::{lexicon::Lexicon, verbs::Verbs};
    /// let (verbs, words) = (Verbs::persian(), Lexicon::persian());
    /// for form in ["ندیدم", "میدیدیم", "دیدهام", "ببینم", "میبینند"] {
    ///     assert_eq!(verbs.lemma(form, words).as_deref(), Some("دیدن"));
    /// }
    /// assert_eq!(verbs.lemma("دید", words), None); // a bare stem may be a noun
    /// assert_eq!(verbs.lemma("نبرد", words), None); // «battle»: نبردها
    /// ```
    pub fn lemma(&self, word: &str, words: &Lexicon) -> Option<String> {
        // Most words end in a letter no verb form ends in.
        if !word
            .chars()
            .next_back()
            .is_some_and(|c| self.finals.contains(&c))
        {
            return None;
        }
        if self.past.contains_key(word) || self.present.contains_key(word) {
            return None;
        }
        // The forms are found first, the word list asked after: most words
        // are no verb form, and are told so without it.
        // The analysis with the shortest prefix wins (نشستند is «نشستن»,
        // not «ن» + «شستن»), then the verb with more weight.
        let mut best: Option<(usize, Verb)> = None;
        let mut consider = |prefix: &str, verb: Verb| {
            let better = match best {
                None => true,
                Some((len, b)) => {
                    prefix.len() < len || (prefix.len() == len && verb.weight > b.weight)
                }
            };
            if better {
                best = Some((prefix.len(), verb));
            }
        };
        for &(prefix, kind) in PREFIXES {
            let Some(rest) = cut_prefix(word, prefix) else {
                continue;
            };
            if rest.chars().count() < 2 {
                continue;
            }
            if kind != Prefix::Subj {
                for (e, ending) in PAST_ENDINGS.iter().enumerate() {
                    // Without a prefix only «ند», «یم», «م».
                    if kind == Prefix::None && e >= 3 {
                        continue;
                    }
                    if let Some(verb) =
                        cut_suffix(rest, ending).and_then(|s| stem_of(&self.past, s, kind))
                    {
                        if kind == Prefix::Neg
                            && ending.is_empty()
                            && !rare_negative(words, word, rest)
                        {
                            continue;
                        }
                        consider(prefix, verb);
                    }
                }
            }
            if matches!(kind, Prefix::None | Prefix::Neg) {
                let participle = |rest: &str| {
                    rest.strip_suffix('ه')
                        .and_then(|s| stem_of(&self.past, s, kind))
                };
                for copula in PERFECT {
                    if let Some(verb) = cut_suffix(rest, copula).and_then(participle) {
                        consider(prefix, verb);
                    }
                }
                if kind == Prefix::Neg && rare_negative(words, word, rest) {
                    if let Some(verb) = participle(rest) {
                        consider(prefix, verb);
                    }
                }
            }
            for ending in PRESENT_ENDINGS {
                let Some(stem) = cut_suffix(rest, ending) else {
                    continue;
                };
                let Some(verb) = stem_of(&self.present, stem, kind) else {
                    continue;
                };
                if kind == Prefix::None {
                    let without_mi = PRESENT_WITHOUT_MI.contains(&verb.past);
                    if (*ending == "م" && !without_mi) || stem.chars().count() < 2 {
                        continue;
                    }
                    let glide = if word.starts_with('ا') { "ی" } else { "" };
                    let prefixed = words.count(&format!("می{word}"))
                        + words.count(&format!("ن{glide}{word}"))
                        + words.count(&format!("ب{glide}{word}"));
                    if !without_mi && words.count(word) > prefixed.saturating_mul(UNPREFIXED_RATIO)
                    {
                        continue;
                    }
                }
                consider(prefix, verb);
            }
        }
        let (_, verb) = best?;
        // A word the list shows with the plural «ها» or «های» is a noun.
        let plurals = words.count_concat(word, "ها") + words.count_concat(word, "های");
        if plurals >= NOUN_PLURAL_MIN
            && plurals.saturating_mul(NOUN_PLURAL_PER) >= words.count(word)
        {
            return None;
        }
        (!verb.is_auxiliary()).then(|| format!("{}ن", verb.past))
    }
}

/// Whether the negative `word` is rare enough next to its positive form
/// (`rest`, without the glide) to be a verb form (see [`NEGATIVE_PERCENT`]).
fn rare_negative(words: &Lexicon, word: &str, rest: &str) -> bool {
    let positive = rest
        .strip_prefix('ی')
        .filter(|r| r.starts_with('ا'))
        .unwrap_or(rest);
    words.count(word).saturating_mul(100) <= words.count(positive).saturating_mul(NEGATIVE_PERCENT)
}

/// The verb of `stem` after a prefix of `kind`. After «ب» and «ن» a stem
/// in «ا» takes the glide «ی» (بیاید, نیامد), and never comes without it
/// («باید» is «must», not ب + آ + ید).
fn stem_of(map: &FxHashMap<&'static str, Verb>, stem: &str, kind: Prefix) -> Option<Verb> {
    if !matches!(kind, Prefix::Subj | Prefix::Neg) {
        return map.get(stem).copied();
    }
    if stem.starts_with('ا') {
        return None;
    }
    map.get(stem).copied().or_else(|| {
        let glided = stem.strip_prefix('ی').filter(|s| s.starts_with('ا'))?;
        map.get(glided).copied()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lemma(word: &str) -> Option<String> {
        Verbs::persian().lemma(word, Lexicon::persian())
    }

    #[test]
    fn both_stems_meet_in_one_lemma() {
        for (lemma_of, forms) in [
            (
                "دیدن",
                &[
                    "ندیدم",
                    "میدیدیم",
                    "دیدهام",
                    "ببینم",
                    "میبینند",
                    "دیدند",
                    "ندیده",
                    "نمیبیند",
                    "دیدهاند",
                ][..],
            ),
            ("اوردن", &["میاورد", "بیاورند", "اوردهاند", "نیاورد"]),
            ("ماندن", &["میماند", "بمانند", "ماندند", "ماندهاند"]),
            ("خوردن", &["میخورند", "بخورند", "خوردند", "نخورد"]),
            ("ساختن", &["میسازند", "بسازیم", "ساختند", "ساختهاند"]),
            ("نوشتن", &["مینویسد", "بنویسید", "نوشتند", "نوشتهاند"]),
            ("یافتن", &["مییابد", "یابد", "یافتند", "نیافت"]),
            ("نشستن", &["نشستند", "مینشیند"]),
        ] {
            for form in forms {
                assert_eq!(lemma(form).as_deref(), Some(lemma_of), "{form}");
            }
        }
    }

    #[test]
    fn auxiliaries_keep_their_forms() {
        for form in [
            "میکند",
            "کند",
            "کردند",
            "میشود",
            "شدند",
            "نشد",
            "باشیم",
            "دارد",
            "داریم",
            "بودند",
            "میتواند",
            "میدهند",
            "دادند",
            "میگویند",
            "گفتند",
            "رفتند",
            "میرود",
            "گرفتند",
        ] {
            assert_eq!(lemma(form), None, "{form}");
        }
    }

    #[test]
    fn nouns_that_look_like_verb_forms_stay() {
        for word in [
            "دید",
            "بین",
            "نشست",
            "نبرد",
            "نزد",
            "نشسته",
            "روند",
            "رود",
            "مانند",
            "خرد",
            "دهم",
            "رسم",
            "بدهی",
            "روی",
            "بینی",
            "کردی",
            "شدید",
            "گذشته",
            "داده",
            "بسته",
            "کشتی",
            "مردم",
            "امید",
            "باید",
            "شاید",
            "تولید",
            "جدید",
        ] {
            assert_eq!(lemma(word), None, "{word}");
        }
    }

    #[test]
    fn parse_keeps_the_heavier_verb_of_a_shared_stem() {
        let verbs = Verbs::parse("# c\nکرد\tکن\t100\nکند\tکن\t5\nبد\n");
        assert_eq!(verbs.len(), 2);
        assert_eq!(verbs.present["کن"].past, "کرد");
    }
}
