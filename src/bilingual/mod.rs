//! English ↔ Persian search: the bilingual lexicon, transliteration of
//! names it does not know, and the expansion of a query plan with both.

pub mod cache;
mod cache_key;
pub mod expand;
pub mod lexicon;
pub mod transliterate;

pub use expand::{expand, Expansion};
pub use lexicon::{BilingualLexicon, Translation};
