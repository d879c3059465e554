//! A light Persian stemmer: plural, comparative, «ی»/«ای» and pronominal
//! endings and the verb prefixes «می»/«نمی», removed only where it is safe.
//!
//! Over-stemming is the classic failure of Persian stemmers (ایران → ایر,
//! علی → عل). Every rule here is guarded:
//!
//! * a minimum stem length, and an exception list of words whose ending is
//!   part of the root (تنها, باران, آسمان, دوران, عملیات, …);
//! * the risky endings («ان», «ات», pronouns, «ی» after a vowel) are removed
//!   only when what remains is a frequent word of the [`Lexicon`] — and for
//!   pronouns only when the whole word is much rarer than that stem
//!   (کشورش → کشور, but روش, ارتش, سازمان stay);
//! * «ی» after a consonant is removed only from rare words of a frequent
//!   stem (نیروگاهی → نیروگاه), never from common ones (کشتی ≠ کشت,
//!   همکاری ≠ همکار, علی, جمهوری, ماهی); verbs keep their personal endings
//!   (میدهند → دهند, never هند);
//! * a plural «ات», «ان», «گان» leaves a singular of at least three letters
//!   (صفات ≠ صف, یگان ≠ یه), and an «ان»/«گان» plural far more frequent
//!   than its singular is a word of its own (خبرگان ≠ خبره).
//!
//! Forms of the verbs in `data/fa-verbs.tsv` go to their infinitive first
//! ([`Verbs`]: ندیدم, ببینم, میبینند → دیدن); the glued ezafe after a silent
//! «ه» comes off (خانهی → خانه), and «اتی» adjectives meet their noun
//! (تسلیحاتی → تسلیحات).

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use super::filter::{rewrite_terms, TokenFilter};
use super::lexicon::Lexicon;
use super::persian_letters::fold_letter;
use super::stopwords::is_stop_word;
use super::token::{Script, Token};
use super::verbs::Verbs;

/// A stem must keep at least this many letters.
const MIN_STEM: usize = 2;
/// What remains after a risky ending must be seen this often.
const STEM_MIN_COUNT: u32 = 20;
/// A word seen fewer times than this is rare: a final «ی» after a consonant
/// is removed from it when its stem is a known word.
const RARE_WORD: u32 = 10;
/// The verb form left after «می» must be seen this often.
const VERB_MIN_COUNT: u32 = 5;
/// A pronominal ending is removed only when the word is this many times rarer than its stem.
const PRONOUN_RATIO: u32 = 20;
/// «های» is read as «ه» + «ای» only when that word is this many times more
/// frequent than the plural reading's bare plural.
const HEH_READING_RATIO: u32 = 10;
/// An «ان» or «گان» plural is not removed when the word is this many times
/// more frequent than its singular: it is a word of its own (خبرگان is not
/// خبره). (Not for «ات»: حیوانات is six times حیوان and still its plural.)
const PLURAL_RATIO: u32 = 5;
/// A singular the plural rules «ات», «ان» and «گان» leave must keep this
/// many letters: Arabic singulars are triliteral, and shorter remainders are
/// where the ending belongs to the word (صفات ≠ صف, دوات ≠ دو, یگان ≠ یه).
const MIN_SINGULAR: usize = 3;
/// A participle or agent noun in «ده»/«ته» takes the plural «گان»
/// (رزمندگان → رزمنده) when the singular was seen this often, or is a
/// compound of two frequent words (کشتهشدگان → کشته + شده).
const GAN_SINGULAR_MIN: u32 = 3;

/// Words whose ending looks like a suffix but belongs to the root.
const EXCEPTIONS: &[&str] = &[
    // …ها
    "تنها",
    "تنهایی",
    "انتها",
    "اژدها",
    "بها",
    "رها",
    "ابتها",
    "کهربا",
    // …ان (places, names and roots)
    "ایران",
    "تهران",
    "جهان",
    "میدان",
    "آسمان",
    "باران",
    "پایان",
    "انسان",
    "جوان",
    "زمان",
    "مکان",
    "امکان",
    "دوران",
    "جبران",
    "بحران",
    "عمران",
    "کرمان",
    "فرمان",
    "آلمان",
    "مهمان",
    "گرگان",
    "کاشان",
    "آبادان",
    "سودان",
    "قربان",
    "جریان",
    "گروگان",
    "یگان",
    "رایگان",
    "بازرگان",
    "پادگان",
    "ارگان",
    "ریگان",
    "کنگان",
    "چانگان",
    "کوگان",
    "درگان",
    "مهرگان",
    "شایگان",
    "خدایگان",
    "دهگان",
    "بنیان",
    "دیوان",
    "ارمغان",
    "سلطان",
    "شیطان",
    "پیمان",
    "سامان",
    "درمان",
    "ایمان",
    "آرمان",
    "سازمان",
    "ساختمان",
    "قهرمان",
    "زبان",
    "خیابان",
    "بیابان",
    "استان",
    "داستان",
    "کیهان",
    "خراسان",
    "گیلان",
    "زنجان",
    "همدان",
    "سمنان",
    "اصفهان",
    "لبنان",
    "یونان",
    "عمان",
    "توران",
    "شمیران",
    "رمضان",
    "آبان",
    "کاروان",
    "نشان",
    "روان",
    "گمان",
    "کمان",
    "چنان",
    "چنین",
    "بیان",
    "توان",
    "پنهان",
    "باستان",
    "دندان",
    "نردبان",
    "ریسمان",
    "کهکشان",
    "مرجان",
    "ویران",
    "حیوان",
    "دیوان",
    "پهلوان",
    "نگهبان",
    "دربان",
    "باغبان",
    "مهربان",
    "ارزان",
    "گران",
    "لرزان",
    "درخشان",
    "خندان",
    "شتابان",
    "پریشان",
    "افشان",
    "ایشان",
    "میان",
    "نان",
    "خان",
    "جان",
    "کان",
    "سپاهان",
    "سیستان",
    "سلمان",
    "عثمان",
    "لقمان",
    "سلیمان",
    "کنعان",
    "عرفان",
    "فرقان",
    "قران",
    "برهان",
    "حسان",
    "میلان",
    "پیکان",
    "مسلمان",
    "تابان",
    "کیوان",
    "تبیان",
    "سیمان",
    "تومان",
    "گفتمان",
    "مهران",
    "لیوان",
    "ماهان",
    "تهرانی",
    // …ات
    "حیات",
    "ثبات",
    "نجات",
    "زکات",
    "سادات",
    "اوقات",
    "ملاقات",
    "عملیات",
    "ادبیات",
    "مالیات",
    "فرات",
    "برات",
    "صلوات",
    "نبات",
    "مات",
    "الات",
    "آلات",
    "امارات",
    "مجازات",
    "شکلات",
    "صادرات",
    "واردات",
    "مناسبات",
    "دیپلمات",
    // …تر, …ترین
    "بستر",
    "فیلتر",
    "دختر",
    "دفتر",
    "دکتر",
    "چتر",
    "شتر",
    "کبوتر",
    "اختر",
    "انگشتر",
    "متر",
    "کیلومتر",
    "لیتر",
    "تیتر",
    "تئاتر",
    "کاتر",
    "استر",
    "اکستر",
    "پوستر",
    "اوستر",
    // …ش, …م, …ت (pronouns)
    "بارش",
    "روش",
    "ارتش",
    "دانش",
    "کوشش",
    "پوشش",
    "بخش",
    "نقش",
    "تلاش",
    "آتش",
    "خویش",
    "پیش",
    "بیش",
    "نمایش",
    "گزارش",
    "افزایش",
    "کاهش",
    "ارزش",
    "مردم",
    "خانم",
    "فیلم",
    "کتابت",
    "درست",
    "دوست",
    "پوست",
    "سالم",
    "عالم",
    "ایدت",
    "هیات",
    "هیئت",
    // …ی after a vowel
    "برای",
    "آرای",
    "چای",
    "وای",
    "نای",
    "هوای",
    "پهلوی",
    // verbs and nouns after می
    "میلاد",
    "میعاد",
    "میلیارد",
    "میلیون",
    "میدان",
    "میزان",
    "میهمان",
    "میزبان",
    "میزبانی",
    "میهمانی",
    "میراث",
    "میخانه",
    "میهن",
    "میوه",
    "میانه",
    "میکده",
    "میانی",
    "میزگرد",
    "میمند",
    // Names of people and places in the bilingual lexicon whose ending only
    // looks like a suffix (پزشکیان is not the plural of پزشکی, nor ولایتی
    // an adjective of ولایت here): kept whole, so a search for the name
    // does not find the common word. `lexicon_names_are_not_over_stemmed`
    // finds new ones.
    "پزشکیان",
    "ولایتی",
    "سنایی",
    "صفری",
    "رحمان",
    "کمالوندی",
    "کاترین",
    "گویان",
    "مالت",
    "کاپان",
    "هیلی",
];

/// Spoken forms of the commonest verbs, after «می»/«نمی», whose stem
/// differs from the written one (میشه = میشود, نمیتونه = نمیتواند).
const SPOKEN_VERBS: &[(&str, &str)] = &[
    ("شه", "شود"),
    ("شن", "شوند"),
    ("تونه", "تواند"),
    ("تونن", "توانند"),
    ("تونم", "توانم"),
    ("دونه", "داند"),
    ("دونن", "دانند"),
    ("دونم", "دانم"),
    ("گه", "گوید"),
    ("گن", "گویند"),
    ("ده", "دهد"),
    ("دن", "دهند"),
    ("ره", "رود"),
    ("رن", "روند"),
    ("خواد", "خواهد"),
    ("خوان", "خواهند"),
];

/// Plurals whose singular no rule finds (analysed form).
const IRREGULAR: &[(&str, &str)] = &[
    ("خدمات", "خدمت"),
    ("اخبار", "خبر"),
    ("اسلحه", "سلاح"),
    ("ادیان", "دین"),
];

fn normalise(word: &str) -> String {
    word.chars()
        .filter_map(|c| {
            if c == '\u{200c}' {
                None
            } else {
                Some(fold_letter(c).unwrap_or(c))
            }
        })
        .collect()
}

fn exceptions() -> &'static FxHashSet<String> {
    static SET: OnceLock<FxHashSet<String>> = OnceLock::new();
    SET.get_or_init(|| EXCEPTIONS.iter().map(|w| normalise(w)).collect())
}

/// `word` without `suffix` when it ends with it: `str::strip_suffix`,
/// compared byte by byte from the end (the last letter tells most
/// candidates apart) and without a call to `memcmp` for a few bytes.
#[inline(always)]
pub(super) fn cut_suffix<'w>(word: &'w str, suffix: &str) -> Option<&'w str> {
    let (w, s) = (word.as_bytes(), suffix.as_bytes());
    let at = w.len().checked_sub(s.len())?;
    let mut i = s.len();
    while i > 0 {
        i -= 1;
        if w[at + i] != s[i] {
            return None;
        }
    }
    // A whole UTF-8 suffix matched: `at` begins a character.
    word.get(..at)
}

/// `word` without `prefix` when it begins with it (see [`cut_suffix`]).
#[inline(always)]
pub(super) fn cut_prefix<'w>(word: &'w str, prefix: &str) -> Option<&'w str> {
    let (w, p) = (word.as_bytes(), prefix.as_bytes());
    if w.len() < p.len() || (0..p.len()).any(|i| w[i] != p[i]) {
        return None;
    }
    word.get(p.len()..)
}

/// The light Persian stemmer, as a token filter over Persian tokens.
///
/// ```
/// use kavosh::analysis::PersianStemmer;
/// let s = PersianStemmer::new();
/// assert_eq!(s.stem("کشورهای"), "کشور");
/// assert_eq!(s.stem("نیروگاههای"), "نیروگاه");
/// assert_eq!(s.stem("اروپایی"), "اروپا");
/// assert_eq!(s.stem("بزرگترین"), "بزرگ");
/// assert_eq!(s.stem("ایران"), "ایران");
/// assert_eq!(s.stem("میدهند"), "دهند");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct PersianStemmer {
    lexicon: &'static Lexicon,
}

impl Default for PersianStemmer {
    fn default() -> Self {
        Self::new()
    }
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

impl PersianStemmer {
    /// A stemmer over kavosh's Persian word list.
    pub fn new() -> Self {
        PersianStemmer {
            lexicon: Lexicon::persian(),
        }
    }

    fn known(&self, word: &str) -> bool {
        self.lexicon.count(word) >= STEM_MIN_COUNT
            && char_len(word) >= MIN_STEM
            && !is_stop_word(word)
    }

    /// How often the word `a` + `b` was seen, without building it.
    fn count2(&self, a: &str, b: &str) -> u32 {
        self.lexicon.count_concat(a, b)
    }

    /// The stem of an analysed Persian word (letters already folded).
    pub fn stem(&self, word: &str) -> String {
        self.stem_if_changed(word)
            .unwrap_or_else(|| word.to_string())
    }

    /// The stem when it differs from the word (no allocation otherwise).
    pub fn stem_if_changed(&self, word: &str) -> Option<String> {
        self.with_stem(word, |stem| stem.map(String::from))
    }

    /// `f` of the stem when it differs from the word. (No memo of its own:
    /// the analyzer's word memo ([`super::word_memo`]) is in front of it.)
    pub(super) fn with_stem<R>(&self, word: &str, f: impl FnOnce(Option<&str>) -> R) -> R {
        // The commonest words are the shortest, and too short to stem (as
        // `stem_word` would find).
        if word.len() < 3 || char_len(word) < 3 {
            return f(None);
        }
        let stem = self.stem_word(word);
        f((*stem != *word).then_some(&*stem))
    }

    fn stem_word<'w>(&self, word: &'w str) -> Cow<'w, str> {
        if char_len(word) < 3 || exceptions().contains(word) {
            return Cow::Borrowed(word);
        }
        if let Some((_, stem)) = IRREGULAR.iter().find(|(w, _)| *w == word) {
            return Cow::Borrowed(stem);
        }
        // Spoken third persons, as typed in search boxes: «میگیره» is
        // «میگیرد», «میگیرن» «میگیرند», «نمیتونه» «نمیتواند».
        if let Some(written) = self.written_verb(word) {
            return Cow::Owned(self.stem_word(&written).into_owned());
        }
        // Verb forms of the verbs in data/fa-verbs.tsv: to their infinitive,
        // across both stems (ندیدم, ببینم, میبینند → دیدن).
        if let Some(lemma) = Verbs::persian().lemma(word, self.lexicon) {
            return Cow::Owned(lemma);
        }
        // Verb prefixes: «می»/«نمی» + a verb form with a personal ending. The
        // bare form is rare in text (present tense always takes «می»), so the
        // «می» form being attested is enough, except for a final «ی», which
        // adjectives share (میلیونی): there the bare form must be attested.
        for prefix in ["نمی", "می"] {
            if let Some(rest) = cut_prefix(word, prefix) {
                let attested = if rest.ends_with('ی') {
                    self.lexicon.count(rest) >= VERB_MIN_COUNT
                } else {
                    self.lexicon.count(rest) > 0 || self.lexicon.count(word) >= VERB_MIN_COUNT
                };
                let verb_ending = ["د", "م", "ی", "ند", "یم", "ید", "ست"]
                    .iter()
                    .any(|e| cut_suffix(rest, e).is_some());
                if char_len(rest) >= 3 && verb_ending && attested {
                    return Cow::Borrowed(rest);
                }
            }
        }
        // «های» is ambiguous: plural «ها» + «ی» (کشورهای → کشور) or a word in
        // «ه» + «ای» (هستهای → هسته, منطقهای → منطقه). The «ه» reading wins
        // only when that word is far more frequent than the bare plural of the
        // other (سالهای stays سال: «ساله» is common, but so is «سالها»).
        for (suffix, clitic) in [("هایی", "ایی"), ("های", "ای")] {
            if let (Some(plural_stem), Some(heh_word)) =
                (cut_suffix(word, suffix), cut_suffix(word, clitic))
            {
                let bare_plural = self.count2(plural_stem, "ها");
                if self.known(heh_word)
                    && self.lexicon.count(heh_word) > bare_plural.saturating_mul(HEH_READING_RATIO)
                {
                    return Cow::Borrowed(heh_word);
                }
            }
        }
        // Plural «ها» with pronouns and «ی».
        // A word attested in the list whose stem never is, is not a plural (شانگهای).
        for suffix in [
            "هایشان",
            "هایتان",
            "هایمان",
            "هایش",
            "هایت",
            "هایم",
            "هایی",
            "های",
            "ها",
        ] {
            if let Some(rest) = cut_suffix(word, suffix) {
                let not_plural = self.lexicon.count(rest) == 0 && self.lexicon.count(word) > 0;
                if char_len(rest) >= MIN_STEM && !not_plural {
                    return Cow::Borrowed(rest);
                }
            }
        }
        // Comparative and superlative.
        if let Some(rest) = cut_suffix(word, "ترین") {
            if self.known(rest) {
                return Cow::Borrowed(rest);
            }
            return Cow::Borrowed(cut_suffix(word, "ین").unwrap_or(word));
        }
        if let Some(rest) = cut_suffix(word, "تر") {
            if self.known(rest) {
                return Cow::Borrowed(rest);
            }
        }
        // «ای» after a silent «ه»: هستهای → هسته. (A lone «ی» after «ه» is
        // not removed: the «ه» may be a consonant, ماهی ≠ ماه, بدهی ≠ بده.)
        if let Some(rest) = cut_suffix(word, "ای") {
            if rest.ends_with('ه') && self.known(rest) {
                return Cow::Borrowed(rest);
            }
        }
        if let Some(rest) = word.strip_suffix('ی') {
            // The ezafe «ی» written glued after a silent «ه» (خانهی → خانه).
            // The «ه» is silent when the word takes «ای» (خانهای) at least as
            // often as this «ی»; a consonant «ه» never does (ماهی, راهی, گروهی).
            if rest.ends_with('ه')
                && self.known(rest)
                && self.count2(rest, "ای") >= self.lexicon.count(word).max(1)
            {
                return Cow::Borrowed(rest);
            }
            // Adjectives in «اتی» meet their plural noun and its singular:
            // تسلیحاتی → تسلیحات, اطلاعاتی → اطلاعات → اطلاع.
            if cut_suffix(rest, "ات").is_some() && self.known(rest) {
                return Cow::Owned(self.stem_word(rest).into_owned());
            }
        }
        // «یی» and «ی» after a long vowel: اروپایی → اروپا, دریای → دریا.
        for suffix in ["یی", "ی"] {
            if let Some(rest) = cut_suffix(word, suffix) {
                if (rest.ends_with('ا') || rest.ends_with('و')) && self.known(rest) {
                    return Cow::Borrowed(rest);
                }
            }
        }
        // Arabic plural «ات»: مذاکرات → مذاکره, خدمات → خدمت, اطلاعات → اطلاع.
        if let Some(rest) = cut_suffix(word, "ات") {
            if char_len(rest) >= 2 && !rest.ends_with('ی') {
                // The singular in «ه» is the usual one (لحظات → لحظه, خاطرات → خاطره).
                let letters = char_len(rest);
                for ending in ["ه", "ت"] {
                    if letters + 1 >= MIN_SINGULAR
                        && self.count2(rest, ending) >= STEM_MIN_COUNT
                        && !is_stop_word(&format!("{rest}{ending}"))
                    {
                        return Cow::Owned(format!("{rest}{ending}"));
                    }
                }
                if letters >= MIN_SINGULAR && self.known(rest) {
                    return Cow::Borrowed(rest);
                }
            }
        }
        // Plural pronouns, only on a much rarer form of a frequent word: خودشان → خود.
        for suffix in ["شان", "تان", "مان"] {
            if let Some(stem) = self.strip_pronoun(word, suffix) {
                return Cow::Borrowed(stem);
            }
        }
        // Plural «ان»: نمایندگان → نماینده, دانشجویان → دانشجو, ایرانیان → ایرانی, کارشناسان → کارشناس.
        if let Some(rest) = cut_suffix(word, "گان") {
            let singular = format!("{rest}ه");
            // Participles and agent nouns in «ده»/«ته» take «گان» freely, also
            // when the singular is rare or a glued compound (رزمندگان, کشتهشدگان).
            let participle = rest.ends_with(['د', 'ت'])
                && char_len(&singular) >= MIN_SINGULAR
                && (self.lexicon.count(&singular) >= GAN_SINGULAR_MIN
                    || self.frequent_compound(&singular));
            if participle || self.singular_of(word, &singular) {
                return Cow::Owned(singular);
            }
        }
        if let Some(rest) = cut_suffix(word, "یان") {
            if (rest.ends_with('ا') || rest.ends_with('و')) && self.known(rest) {
                return Cow::Borrowed(rest);
            }
        }
        if let Some(rest) = cut_suffix(word, "ان") {
            if self.singular_of(word, rest) {
                return Cow::Borrowed(rest);
            }
        }
        // Singular pronouns, likewise: کشورش → کشور, but روش, ارتش, مردم stay.
        for suffix in ["ش", "م", "ت"] {
            if let Some(stem) = self.strip_pronoun(word, suffix) {
                return Cow::Borrowed(stem);
            }
        }
        // «ی» after a consonant only on a rare word of a frequent stem
        // (نیروگاهی → نیروگاه); common words keep it (کشتی, همکاری, ماهی).
        if let Some(rest) = word.strip_suffix('ی') {
            let rare = self.lexicon.count(word) < RARE_WORD;
            if rare && char_len(rest) >= 3 && self.known(rest) && !rest.ends_with(['ا', 'و', 'ی'])
            {
                return Cow::Borrowed(rest);
            }
        }
        Cow::Borrowed(word)
    }

    /// The written form of a spoken verb form with «می»/«نمی»: the
    /// commonest verbs from [`SPOKEN_VERBS`], others by their ending
    /// («ـه» → «ـد», «ـن» → «ـند») when the written form is a word, and a
    /// more frequent one (میوه, میانه are no verbs: «میود», «میاند» are
    /// not words).
    fn written_verb(&self, word: &str) -> Option<String> {
        let (prefix, rest) = ["نمی", "می"]
            .iter()
            .find_map(|p| cut_prefix(word, p).map(|rest| (*p, rest)))?;
        if let Some((_, written)) = SPOKEN_VERBS.iter().find(|(spoken, _)| *spoken == rest) {
            return Some(format!("{prefix}{written}"));
        }
        if char_len(rest) < 2 {
            return None;
        }
        let written = if let Some(stem) = rest.strip_suffix('ه') {
            format!("{prefix}{stem}د")
        } else if let Some(stem) = rest.strip_suffix('ن') {
            format!("{prefix}{stem}ند")
        } else {
            return None;
        };
        let attested = self.lexicon.count(&written);
        (attested >= VERB_MIN_COUNT && attested > self.lexicon.count(word)).then_some(written)
    }

    /// Whether `singular` is the singular of the plural `word`: long
    /// enough, a frequent word, and the plural not a far more frequent word
    /// of its own.
    fn singular_of(&self, word: &str, singular: &str) -> bool {
        char_len(singular) >= MIN_SINGULAR
            && self.known(singular)
            && self.lexicon.count(word) <= self.lexicon.count(singular).saturating_mul(PLURAL_RATIO)
    }

    /// Whether `word` is two frequent words glued, the second in «ده»/«ته»
    /// (کشتهشده = کشته + شده).
    fn frequent_compound(&self, word: &str) -> bool {
        word.char_indices().skip(2).any(|(i, _)| {
            let (head, tail) = word.split_at(i);
            char_len(tail) >= 3
                && (cut_suffix(tail, "ده").is_some() || cut_suffix(tail, "ته").is_some())
                && self.lexicon.count(head) >= STEM_MIN_COUNT
                && self.lexicon.count(tail) >= STEM_MIN_COUNT
        })
    }

    fn strip_pronoun<'w>(&self, word: &'w str, suffix: &str) -> Option<&'w str> {
        let rest = cut_suffix(word, suffix)?;
        let stem_count = self.lexicon.count(rest);
        let rare = self.lexicon.count(word).saturating_mul(PRONOUN_RATIO) <= stem_count;
        (char_len(rest) >= 3 && stem_count >= STEM_MIN_COUNT && rare).then_some(rest)
    }
}

/// The word before a clitic written apart from a word in «ه» (after a
/// ZWNJ or a space the affix joiner closed): «چکمه‌ای», «چکمه ای» →
/// «چکمه». Glued, «چکمهای» could also be a plural in «ها» + «ی» (the stem
/// then guesses from word counts); written apart after «ه», the «ای»,
/// «ایی» or ezafe «ی» is the clitic, while a plural is written apart
/// before «ها» («ماه‌های»).
///
/// ```
/// # use kavosh::analysis::Analyzer;
/// let a = Analyzer::default();
/// assert_eq!(a.terms("چکمه‌ای"), ["چکمه"]);
/// assert_eq!(a.terms("چکمه ای"), ["چکمه"]);
/// assert_eq!(a.terms("ماه‌های"), ["ماه"]);
/// ```
fn clitic_written_apart<'t>(original: &str, term: &'t str) -> Option<&'t str> {
    // Every clitic ends in «ی»: other terms need no look at the original.
    if !term.ends_with('ی') {
        return None;
    }
    let word = cut_suffix(term, clitic_after_gap(original)?)?;
    (word.ends_with('ه') && char_len(word) >= 2).then_some(word)
}

/// The clitics the stemmer takes off when they are written apart.
pub(crate) const CLITICS_WRITTEN_APART: [&str; 3] = ["ای", "ایی", "ی"];

/// What follows the last ZWNJ or whitespace of a token's original text,
/// when it is one of [`CLITICS_WRITTEN_APART`] (normalised): all the
/// stemmer looks at in the original text. Tokens without a ZWNJ or
/// whitespace (nearly all) are told by a scan of their bytes.
pub(crate) fn clitic_after_gap(original: &str) -> Option<&'static str> {
    // The lead bytes of every whitespace character and of the ZWNJ:
    // U+0009–U+000D, U+0020; U+0085, U+00A0 (C2); U+1680 (E1); U+2000–U+200A,
    // U+200C, U+2028, U+2029, U+202F, U+205F (E2); U+3000 (E3).
    let may_have_gap = original
        .bytes()
        .any(|b| matches!(b, 0x09..=0x0D | 0x20 | 0xC2 | 0xE1 | 0xE2 | 0xE3));
    if !may_have_gap {
        return None;
    }
    let (at, gap) = original
        .char_indices()
        .rfind(|(_, c)| *c == '\u{200C}' || c.is_whitespace())?;
    let after = &original[at + gap.len_utf8()..];
    let normalised = || after.chars().map(|c| fold_letter(c).unwrap_or(c));
    // (No ZWNJ after the last gap for `normalise` to drop.)
    CLITICS_WRITTEN_APART
        .into_iter()
        .find(|c| normalised().eq(c.chars()))
}

impl TokenFilter for PersianStemmer {
    fn name(&self) -> &'static str {
        "persian-stem"
    }

    fn apply(&self, text: &str, tokens: &mut Vec<Token>) {
        rewrite_terms(tokens, |token, out| {
            if token.script != Script::Persian {
                return false;
            }
            if let Some(word) = clitic_written_apart(token.original(text), &token.term) {
                out.push_str(&self.stem(word));
                return true;
            }
            self.with_stem(&token.term, |stem| match stem {
                Some(stem) => {
                    out.push_str(stem);
                    true
                }
                None => false,
            })
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;
    use std::collections::HashSet;

    /// Words of names in the lexicon that are inflected common words, whose
    /// stem is rightly another word (آقای → آقا, کوه‌های → کوه).
    const INFLECTED_IN_NAMES: &[&str] = &[
        "آقای",
        "ایالات",
        "بلندی‌های",
        "مذاکرات",
        "هوایی",
        "کوه‌های",
        "گفتگوهای",
    ];

    #[test]
    fn the_byte_scan_sees_every_gap_before_a_clitic() {
        let gaps = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace() || *c == '\u{200C}');
        for gap in gaps {
            for clitic in CLITICS_WRITTEN_APART {
                let original = format!("چکمه{gap}{clitic}");
                assert_eq!(
                    clitic_after_gap(&original),
                    Some(clitic),
                    "U+{:04X}",
                    gap as u32
                );
            }
        }
        assert_eq!(clitic_after_gap("چکمه‌ای"), Some("ای"));
        assert_eq!(clitic_after_gap("چکمه ي"), Some("ی"), "Arabic yeh folds");
        assert_eq!(clitic_after_gap("چکمهای"), None);
        assert_eq!(clitic_after_gap("ماه‌های"), None);
    }

    #[test]
    fn spoken_verb_forms_meet_the_written_ones() {
        let a = Analyzer::default();
        for (spoken, written) in [
            ("میگیره", "میگیرد"),
            ("میزنه", "میزند"),
            ("میکنه", "میکند"),
            ("نمیکنن", "نمیکنند"),
            ("میگیرن", "میگیرند"),
            ("میخوره", "میخورد"),
            ("میشه", "میشود"),
            ("نمیتونه", "نمیتواند"),
            ("میدونم", "میدانم"),
            ("میره", "میرود"),
            ("میده", "میدهد"),
        ] {
            assert_eq!(a.terms(spoken), a.terms(written), "{spoken} ~ {written}");
        }
        // Nouns in «می…ه» and «می…ن» are no verbs: «میود», «میاند» are not words.
        for word in ["میوه", "میانه", "میکده", "میخانه", "میان", "میدان", "میهن"]
        {
            assert_eq!(a.terms(word), [word], "{word}");
        }
    }

    #[test]
    fn a_clitic_written_apart_after_heh_is_not_a_plural() {
        let a = Analyzer::default();
        // «چکمهای» glued is ambiguous; written apart it is «چکمه» + «ای».
        for written in ["چکمه‌ای", "چکمه ای", "چكمه اي"] {
            assert_eq!(a.terms(written), ["چکمه"], "{written}");
        }
        assert_eq!(a.terms("کشوری چکمه‌ای شکل")[1..], ["چکمه", "شکل"]);
        assert_eq!(a.terms("هسته‌ای"), a.terms("هستهای"));
        assert_eq!(a.terms("خانه‌ی ما")[0], "خانه");
        // A plural is written apart before «ها»; a consonant «ه» keeps its «ی».
        assert_eq!(a.terms("ماه‌های"), ["ماه"]);
        assert_eq!(a.terms("نامه‌های"), ["نامه"]);
        assert_eq!(a.terms("ماهی"), ["ماهی"]);
        assert_eq!(a.terms("کشور‌های"), ["کشور"]);
    }

    #[test]
    fn lexicon_names_are_not_over_stemmed() {
        // A word of a person's or a place's name in the bilingual lexicon
        // stems only to another word of such a name (آمریکای → آمریکا), or
        // is one of the inflected common words above: a name that stems to
        // a common word (پزشکیان → پزشکی) must go into EXCEPTIONS.
        const NAMES: [&str; 7] = [
            "person", "city", "country", "region", "sea", "port", "river",
        ];
        let analyzer = Analyzer::default();
        let surface = Analyzer::surface();
        let mut words = Vec::new();
        for line in include_str!("../../data/lexicon/en-fa.tsv").lines() {
            let columns: Vec<&str> = line.split('\t').collect();
            if let [_, persian, category, ..] = columns.as_slice() {
                if NAMES.contains(category) {
                    words.extend(persian.split('|').flat_map(str::split_whitespace));
                }
            }
        }
        let word_of = |w: &str| surface.terms(w).concat();
        let names: HashSet<String> = words.iter().map(|w| word_of(w)).collect();
        let allowed: HashSet<String> = INFLECTED_IN_NAMES.iter().map(|w| word_of(w)).collect();
        let mut over_stemmed = Vec::new();
        for word in &words {
            let tokens = analyzer.analyze(word);
            let [token] = tokens.as_slice() else {
                continue; // split into parts: each part is a word of its own
            };
            let whole = word_of(word);
            if token.term != whole && !names.contains(&token.term) && !allowed.contains(&whole) {
                over_stemmed.push(format!("{word} → {}", token.term));
            }
        }
        over_stemmed.sort();
        over_stemmed.dedup();
        assert!(over_stemmed.is_empty(), "{over_stemmed:?}");
        assert_eq!(PersianStemmer::new().stem("پزشکیان"), "پزشکیان");
        assert_eq!(PersianStemmer::new().stem("ایرانیان"), "ایرانی");
    }

    /// (inflected or differently spelled form, base form): must analyse alike.
    const CONFLATE: &[(&str, &str)] = &[
        // plural ها / های / هایی
        ("کشورها", "کشور"),
        ("کشورهای", "کشور"),
        ("کشورهایی", "کشور"),
        ("همکاریها", "همکاری"),
        ("همکاریهای", "همکاری"),
        ("تحریمها", "تحریم"),
        ("تحریمهای", "تحریم"),
        ("نیروگاههای", "نیروگاه"),
        ("نیروگاهها", "نیروگاه"),
        ("روزهای", "روز"),
        ("روزها", "روز"),
        ("شهرهای", "شهر"),
        ("شهرها", "شهر"),
        ("کارها", "کار"),
        ("تیمهای", "تیم"),
        ("بازیهای", "بازی"),
        ("گروههای", "گروه"),
        ("شرکتهای", "شرکت"),
        ("شرکتها", "شرکت"),
        ("فعالیتهای", "فعالیت"),
        ("رقابتهای", "رقابت"),
        ("رسانههای", "رسانه"),
        ("رسانهها", "رسانه"),
        ("سیاستهای", "سیاست"),
        ("سیاستها", "سیاست"),
        ("دولتهای", "دولت"),
        ("دولتها", "دولت"),
        ("بانکهای", "بانک"),
        ("مرزهای", "مرز"),
        ("مرزها", "مرز"),
        ("راههای", "راه"),
        ("طرحهای", "طرح"),
        ("نیازهای", "نیاز"),
        ("بخشهای", "بخش"),
        ("بخشها", "بخش"),
        ("سازمانهای", "سازمان"),
        ("سازمانها", "سازمان"),
        ("خیابانها", "خیابان"),
        ("دانشگاههای", "دانشگاه"),
        ("قیمتهای", "قیمت"),
        ("خبرها", "خبر"),
        ("سلاحهای", "سلاح"),
        ("سیستمهای", "سیستم"),
        ("قدرتهای", "قدرت"),
        ("کتابهای", "کتاب"),
        ("نامههای", "نامه"),
        ("جنگندههای", "جنگنده"),
        ("روستاهای", "روستا"),
        ("قراردادهای", "قرارداد"),
        ("خودروهای", "خودرو"),
        ("شبکههای", "شبکه"),
        ("بازارهای", "بازار"),
        ("کالاهای", "کالا"),
        ("هواپیماهای", "هواپیما"),
        ("نشستهای", "نشست"),
        ("تنشهای", "تنش"),
        ("فرصتهای", "فرصت"),
        ("کشتیهای", "کشتی"),
        ("کشتیها", "کشتی"),
        ("سالهای", "سال"),
        ("ماههای", "ماه"),
        ("استانهای", "استان"),
        // comparative and superlative
        ("بزرگتر", "بزرگ"),
        ("بزرگترین", "بزرگ"),
        ("مهمترین", "مهم"),
        ("کمتر", "کم"),
        ("بیشتر", "بیش"),
        ("کوچکترین", "کوچک"),
        ("نزدیکتر", "نزدیک"),
        ("سریعتر", "سریع"),
        ("سختتر", "سخت"),
        ("راحتتر", "راحت"),
        ("قویتر", "قوی"),
        ("پایینتر", "پایین"),
        ("تازهترین", "تازه"),
        ("بهترین", "بهتر"),
        // ezafe «ی» after a silent «ه», «گان» plurals, «اتی» adjectives, verbs
        ("خانهی", "خانه"),
        ("برنامهی", "برنامه"),
        ("رزمندگان", "رزمنده"),
        ("بازماندگان", "بازمانده"),
        ("تسلیحاتی", "تسلیحات"),
        ("اطلاعاتی", "اطلاع"),
        ("ندیدم", "دیدن"),
        ("ببینم", "دیدن"),
        ("میبینند", "دیدن"),
        // «ای» after a silent «ه»
        ("هستهای", "هسته"),
        ("منطقهای", "منطقه"),
        ("رسانهای", "رسانه"),
        ("برنامهای", "برنامه"),
        ("مصاحبهای", "مصاحبه"),
        ("نتیجهای", "نتیجه"),
        ("جادهای", "جاده"),
        ("ماهوارهای", "ماهواره"),
        ("ترکیهای", "ترکیه"),
        // Arabic plural ات
        ("اتفاقات", "اتفاق"),
        ("مذاکرات", "مذاکره"),
        ("مطالعات", "مطالعه"),
        ("اطلاعات", "اطلاع"),
        ("انتخابات", "انتخاب"),
        ("مشکلات", "مشکل"),
        ("اقدامات", "اقدام"),
        ("مقامات", "مقام"),
        ("تحقیقات", "تحقیق"),
        ("امکانات", "امکان"),
        ("معاملات", "معامله"),
        ("تغییرات", "تغییر"),
        ("حملات", "حمله"),
        ("جلسات", "جلسه"),
        ("تحولات", "تحول"),
        ("اختلافات", "اختلاف"),
        ("اعتراضات", "اعتراض"),
        ("ارتباطات", "ارتباط"),
        ("تصمیمات", "تصمیم"),
        ("مبادلات", "مبادله"),
        ("تهدیدات", "تهدید"),
        ("توضیحات", "توضیح"),
        ("لحظات", "لحظه"),
        ("خاطرات", "خاطره"),
        ("خدمات", "خدمت"),
        ("تجهیزات", "تجهیز"),
        ("اشتباهات", "اشتباه"),
        // plural ان, گان, یان
        ("نمایندگان", "نماینده"),
        ("کنندگان", "کننده"),
        ("رانندگان", "راننده"),
        ("تولیدکنندگان", "تولیدکننده"),
        ("دانشجویان", "دانشجو"),
        ("آقایان", "آقا"),
        ("ایرانیان", "ایرانی"),
        ("مسئولان", "مسئول"),
        ("کارشناسان", "کارشناس"),
        ("شهروندان", "شهروند"),
        ("کودکان", "کودک"),
        ("پزشکان", "پزشک"),
        ("کارگران", "کارگر"),
        ("دوستان", "دوست"),
        ("مردان", "مرد"),
        ("دختران", "دختر"),
        ("مدیران", "مدیر"),
        ("بیماران", "بیمار"),
        ("خبرنگاران", "خبرنگار"),
        ("فرزندان", "فرزند"),
        ("متخصصان", "متخصص"),
        ("مخالفان", "مخالف"),
        ("دشمنان", "دشمن"),
        ("سربازان", "سرباز"),
        ("معلمان", "معلم"),
        ("تحلیلگران", "تحلیلگر"),
        ("وزیران", "وزیر"),
        ("مشاوران", "مشاور"),
        ("مسلمانان", "مسلمان"),
        // «ی» / «یی» after a long vowel
        ("دریای", "دریا"),
        ("شورای", "شورا"),
        ("آقای", "آقا"),
        ("فضای", "فضا"),
        ("اعضای", "اعضا"),
        ("صدای", "صدا"),
        ("جای", "جا"),
        ("اجرای", "اجرا"),
        ("ابتدای", "ابتدا"),
        ("دنیای", "دنیا"),
        ("محتوای", "محتوا"),
        ("معنای", "معنا"),
        ("امضای", "امضا"),
        ("اروپایی", "اروپا"),
        ("اروپائی", "اروپا"),
        ("آسیایی", "آسیا"),
        ("آمریکایی", "آمریکا"),
        ("ایتالیایی", "ایتالیا"),
        ("اسپانیایی", "اسپانیا"),
        ("غذایی", "غذا"),
        ("هوایی", "هوا"),
        ("روستایی", "روستا"),
        ("دانشجویی", "دانشجو"),
        ("نیروگاهی", "نیروگاه"),
        // pronouns on a much rarer form
        ("کشورش", "کشور"),
        ("کشورشان", "کشور"),
        ("خودشان", "خود"),
        ("نامش", "نام"),
        ("قیمتش", "قیمت"),
        ("کارشان", "کار"),
        // verb prefixes, joined, with ZWNJ or with a space
        ("میشود", "شود"),
        ("میکند", "کند"),
        ("میکنند", "کنند"),
        ("میدهند", "دهند"),
        ("میرسد", "رسد"),
        ("میگوید", "گوید"),
        ("میخواهد", "خواهد"),
        ("نمیتواند", "تواند"),
        ("نمیشود", "شود"),
        ("می\u{200c}شود", "شود"),
        ("می شود", "شود"),
        ("می\u{200c}پردازند", "پردازند"),
        // ZWNJ and space spellings of affixes
        ("هسته\u{200c}ای", "هسته"),
        ("هسته ای", "هسته"),
        ("کشور\u{200c}ها", "کشور"),
        ("کشور ها", "کشور"),
        ("بزرگ\u{200c}ترین", "بزرگ"),
        ("همکاری\u{200c}های", "همکاری"),
        ("نیروگاه\u{200c}های", "نیروگاه"),
    ];

    /// Words that must stay themselves: their ending belongs to the root.
    const STAY: &[&str] = &[
        "تهران",
        "ایران",
        "جهان",
        "میدان",
        "آسمان",
        "باران",
        "پایان",
        "انسان",
        "دوران",
        "زمان",
        "سازمان",
        "ساختمان",
        "قهرمان",
        "فرمان",
        "آلمان",
        "مهمان",
        "گرگان",
        "کاشان",
        "آبادان",
        "سودان",
        "جریان",
        "گروگان",
        "بحران",
        "عمران",
        "کرمان",
        "هند",
        "میگ",
        "کشتی",
        "همکاری",
        "جمهوری",
        "علی",
        "نظامی",
        "ماهی",
        "بدهی",
        "روش",
        "ارتش",
        "بارش",
        "مردم",
        "خانم",
        "فیلم",
        "سالم",
        "درست",
        "میزبان",
        "میزبانی",
        "میلیارد",
        "امارات",
        "مجازات",
        "شکلات",
        "صادرات",
        "واردات",
        "حیات",
        "ثبات",
        "عملیات",
        "ادبیات",
        "مالیات",
        "دختر",
        "دفتر",
        "بستر",
        "فیلتر",
        "دکتر",
        "تنها",
        "انتها",
        "مسلمان",
        "گفتمان",
        "مهران",
        "پهلوی",
        "دیپلمات",
        "مناسبات",
        "برای",
        "پیمان",
        "بیان",
        "نشان",
        "روسیه",
        "خزر",
        "پوتین",
        "شانگهای",
    ];

    /// Pairs a careless stemmer conflates and kavosh must keep apart.
    const APART: &[(&str, &str)] = &[
        ("کشتی", "کشت"),
        ("همکاری", "همکار"),
        ("جمهوری", "جمهور"),
        ("نظامی", "نظام"),
        ("ماهی", "ماه"),
        ("بدهی", "بده"),
        ("باران", "بار"),
        ("آسمان", "اسم"),
        ("پایان", "پای"),
        ("انسان", "انس"),
        ("دوران", "دور"),
        ("سازمان", "ساز"),
        ("ساختمان", "ساخت"),
        ("قهرمان", "قهر"),
        ("فرمان", "فرم"),
        ("مهمان", "مهم"),
        ("گروگان", "گروه"),
        ("عمران", "عمر"),
        ("روش", "رو"),
        ("بارش", "بار"),
        ("مردم", "مرد"),
        ("خانم", "خان"),
        ("فیلم", "فیل"),
        ("سالم", "سال"),
        ("درست", "درس"),
        ("میدهند", "هند"),
        ("میزبانی", "زبانی"),
        ("امارات", "امار"),
        ("مجازات", "مجاز"),
        ("شکلات", "شکل"),
        ("صادرات", "صادر"),
        ("واردات", "وارد"),
        ("ثبات", "ثبت"),
        ("عملیات", "عملی"),
        ("مالیات", "مالی"),
        ("بستر", "بس"),
        ("فیلتر", "فیل"),
        ("بهتر", "به"),
        ("تنها", "تن"),
        ("مسلمان", "مسلم"),
        ("گفتمان", "گفت"),
        ("مهران", "مهر"),
        ("پهلوی", "پهلو"),
        ("دیپلمات", "دیپلم"),
        ("ایران", "ایر"),
        ("سالهای", "ساله"),
        ("گلهای", "گله"),
        ("ماهان", "ماه"),
        ("جهان", "جه"),
        ("نمایش", "نمای"),
        ("ارزش", "ارز"),
        ("کاهش", "کاه"),
        ("ان.پی.تی", "ان"),
        ("یگان", "یه"),
        ("صفات", "صف"),
        ("دوات", "دو"),
        ("فرات", "فر"),
        ("ریگان", "ریه"),
        ("مانند", "ماندن"),
        ("روند", "رفتن"),
    ];

    fn terms(text: &str) -> Vec<String> {
        Analyzer::default().terms(text)
    }

    #[test]
    fn inflected_forms_conflate_with_their_base() {
        assert!(CONFLATE.len() >= 150, "{} pairs", CONFLATE.len());
        let failures: Vec<String> = CONFLATE
            .iter()
            .filter(|(form, base)| terms(form) != terms(base))
            .map(|(form, base)| {
                format!("{form} → {:?} but {base} → {:?}", terms(form), terms(base))
            })
            .collect();
        assert!(
            failures.is_empty(),
            "{} of {} fail:\n{}",
            failures.len(),
            CONFLATE.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn words_whose_ending_is_part_of_the_root_stay_themselves() {
        let stemmer = PersianStemmer::new();
        let surface = Analyzer::surface();
        for word in STAY {
            let term = surface.terms(word).remove(0);
            assert_eq!(stemmer.stem(&term), term, "«{word}» must stay itself");
        }
    }

    #[test]
    fn traps_are_kept_apart() {
        assert!(APART.len() >= 50, "{} pairs", APART.len());
        let failures: Vec<String> = APART
            .iter()
            .filter(|(a, b)| terms(a) == terms(b))
            .map(|(a, b)| format!("{a} and {b} both → {:?}", terms(a)))
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn short_words_and_latin_are_untouched() {
        let stemmer = PersianStemmer::new();
        for word in ["ها", "ای", "تر", "ان", "می"] {
            assert_eq!(stemmer.stem(word), word);
        }
        assert_eq!(terms("Tehran Times"), ["tehran", "time"]);
    }
}
