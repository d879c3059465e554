//! Printing results, separated from searching: JSON for tools, text for
//! people (with ANSI colour only when asked for).

pub mod json;
pub mod text;
pub mod trec;

/// Whether to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always colour, even when piped or with `NO_COLOR`.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Resolves `Auto` against the terminal and the `NO_COLOR` convention
    /// (<https://no-color.org>: set and not empty disables colour).
    pub fn resolve(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}
