//! Related forms of a query word: derivation and plural forms the index
//! keeps apart, searched as weak alternatives.
//!
//! The index stems lightly so that words stay apart that must («کشتی» is
//! not «کشت», «ملی» not «مل»). A question typed into a search box often
//! uses another form of the word the passage has: «چه سالی» for «سال»,
//! «چرب» for «چربی», «آلوده» for «آلودگی», «پستاندار» for «پستانداران»,
//! «ساخته» for «ساخت». On the query side only, each Persian word also
//! matches such related forms — as an alternative of low weight
//! ([`Origin::Derived`]), and only a form the index's term dictionary
//! holds. Nothing changes at index time, so nothing is over-stemmed there:
//! the word as typed always ranks first.
//!
//! The forms ([`related_forms`]):
//! * the adjective or abstract-noun «ی» taken off or put on: سالی ~ سال,
//!   چرب ~ چربی;
//! * «ه» ~ «گی» (آلوده ~ آلودگی) and the plural «گان» of a word in «ه»;
//! * the plurals «ان» and «ها/های/هایی» the stemmer keeps whole when glued
//!   (پستاندار ~ پستانداران, گلبول ~ گلبولهای);
//! * a past participle ~ its past stem and infinitive (ساخته ~ ساخت, ساختن).

use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use super::{Matcher, Origin, QueryPlan};
use crate::analysis::{is_question_word, is_stop_word, Script};
use crate::bilingual::Expansion;

/// What a match through a related form is worth, relative to the word as
/// typed (also capped at the related form's own IDF by the ranking model).
pub const DERIVED_BOOST: f32 = 0.7;

/// At most this many related forms are searched per word.
const MAX_FORMS: usize = 4;

/// The shortest stem (in letters) a related form may leave.
const MIN_STEM: usize = 2;

fn strip<'a>(term: &'a str, suffix: &str) -> Option<&'a str> {
    let stem = term.strip_suffix(suffix)?;
    (stem.chars().count() >= MIN_STEM).then_some(stem)
}

/// Candidate related forms of an analysed Persian term, most likely first
/// (whether they are words is for the index to say).
///
/// ```
/// use kavosh::query::relax::related_forms;
/// assert!(related_forms("سالی").contains(&"سال".to_string()));
/// assert!(related_forms("چرب").contains(&"چربی".to_string()));
/// assert!(related_forms("الوده").contains(&"الودگی".to_string()));
/// ```
pub fn related_forms(term: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |form: String| {
        if form != term && !out.contains(&form) {
            out.push(form);
        }
    };
    if term.chars().count() < 3 {
        return Vec::new();
    }
    if let Some(stem) = strip(term, "گی") {
        // آلودگی → آلوده, زندگی → زنده
        push(format!("{stem}ه"));
    }
    if let Some(stem) = strip(term, "گان") {
        // رزمندگان → رزمنده
        push(format!("{stem}ه"));
    }
    if let Some(stem) = strip(term, "ی") {
        // سالی → سال, عواملی → عوامل
        push(stem.to_string());
    }
    if let Some(stem) = term.strip_suffix('ه') {
        if stem.chars().count() >= MIN_STEM {
            // آلوده → آلودگی
            push(format!("{stem}گی"));
            if stem.ends_with('ت') || stem.ends_with('د') {
                // a past participle: ساخته → ساخت, ساختن
                push(stem.to_string());
                push(format!("{stem}ن"));
            }
        }
    } else if !term.ends_with('ی') {
        // چرب → چربی
        push(format!("{term}ی"));
    }
    if let Some(stem) = strip(term, "ان") {
        if stem.chars().count() >= 4 {
            // پستانداران → پستاندار
            push(stem.to_string());
        }
    } else if !term.ends_with('ه') && !term.ends_with('ی') {
        // پستاندار → پستانداران
        push(format!("{term}ان"));
    }
    // Plurals glued without a ZWNJ the stemmer leaves whole: گلبولهای
    for plural in ["ها", "های", "هایی"] {
        push(format!("{term}{plural}"));
    }
    out
}

/// Adds to every Persian word of `plan` its related forms found among the
/// terms of `field` ([`Origin::Derived`]), and lists them in
/// [`QueryPlan::expansions`].
pub fn relax(plan: &mut QueryPlan, searcher: &Searcher, field: Field) {
    let in_index = |term: &str| {
        searcher
            .doc_freq(&Term::from_field_text(field, term))
            .is_ok_and(|df| df > 0)
    };
    let mut expansions = Vec::new();
    for concept in &mut plan.concepts {
        if concept.optional {
            continue;
        }
        let typed: Vec<String> = concept
            .alternatives
            .iter()
            .filter_map(|(m, origin)| match (m, origin) {
                (Matcher::Term(t), Origin::Typed) => Some(t.clone()),
                _ => None,
            })
            .collect();
        for term in typed {
            if Script::of(&term) != Script::Persian {
                continue;
            }
            let forms = related_forms(&term)
                .into_iter()
                .filter(|f| !is_stop_word(f) && !is_question_word(f) && in_index(f))
                .take(MAX_FORMS);
            for form in forms {
                let matcher = Matcher::Term(form.clone());
                if concept.alternatives.iter().any(|(m, _)| *m == matcher) {
                    continue;
                }
                concept.add(matcher, Origin::Derived);
                expansions.push(Expansion {
                    query: concept.label.clone(),
                    text: form,
                    origin: Origin::Derived,
                    source: None,
                    category: None,
                });
            }
        }
    }
    plan.expansions.extend(expansions);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(t: &str) -> Vec<String> {
        related_forms(t)
    }

    #[test]
    fn adjective_and_abstract_noun_i() {
        assert!(forms("سالی").contains(&"سال".into()));
        assert!(forms("عواملی").contains(&"عوامل".into()));
        assert!(forms("افغانی").contains(&"افغان".into()));
        assert!(forms("چرب").contains(&"چربی".into()));
        assert!(forms("جمهور").contains(&"جمهوری".into()));
    }

    #[test]
    fn he_and_gi() {
        assert!(forms("الوده").contains(&"الودگی".into()));
        assert_eq!(forms("الودگی")[0], "الوده");
        assert!(forms("رزمندگان").contains(&"رزمنده".into()));
    }

    #[test]
    fn plurals_kept_whole_by_the_stemmer() {
        assert!(forms("پستاندار").contains(&"پستانداران".into()));
        assert!(forms("پستانداران").contains(&"پستاندار".into()));
        assert!(forms("گلبول").contains(&"گلبولهای".into()));
    }

    #[test]
    fn participles_meet_their_stem() {
        assert!(forms("ساخته").contains(&"ساخت".into()));
        assert!(forms("ساخته").contains(&"ساختن".into()));
        // not every word in «ه» is a participle: «خانه» has no stem «خان»
        assert!(!forms("خانه").contains(&"خان".into()));
    }

    #[test]
    fn short_words_and_traps() {
        assert!(forms("کی").is_empty());
        // «ایران» and «تهران» keep their «ان»: the stem left is too short
        assert!(!forms("ایران").contains(&"ایر".into()));
        assert!(!forms("تهران").contains(&"تهر".into()));
    }
}
