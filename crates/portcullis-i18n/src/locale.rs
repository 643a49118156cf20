//! [`Locale`]: a language the catalogue has, and which way it is written.

use crate::catalogue::catalogue;

/// A language of the catalogue: the name of its folder under `locales/` (`en`, `de`,
/// `ja`, …). Only the catalogue's languages exist as values, so a page can never be
/// asked for a language it does not have.
///
/// ```
/// use portcullis_i18n::{Direction, Locale};
/// let de = Locale::find("DE").unwrap();
/// assert_eq!(de.tag(), "de");
/// assert_eq!(de.direction(), Direction::Ltr);
/// assert!(Locale::find("tlh").is_none());
/// assert_eq!(Locale::default(), Locale::ENGLISH);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Locale(&'static str);

/// Which way a language is written: the `dir` attribute of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left (Arabic, Hebrew, Persian, …).
    Rtl,
}

impl Direction {
    /// `ltr` or `rtl`, as HTML's `dir` attribute spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ltr => "ltr",
            Self::Rtl => "rtl",
        }
    }
}

impl Locale {
    /// English: the language every other one falls back to.
    pub const ENGLISH: Self = Self("en");

    /// The language tag (`de`), as `<html lang>` and `ui_locales` spell it.
    pub fn tag(self) -> &'static str {
        self.0
    }

    /// The catalogue's language whose tag is `tag` (ASCII case ignored); no fallback
    /// to a shorter tag (that is [`negotiate`](crate::negotiate)'s job).
    pub fn find(tag: &str) -> Option<Self> {
        Self::all().find(|l| l.0.eq_ignore_ascii_case(tag))
    }

    /// Every language of the catalogue, in the order of their tags.
    pub fn all() -> impl Iterator<Item = Self> {
        catalogue().languages().map(Self)
    }

    /// Which way the language is written: its catalogue's `language-direction`
    /// message (`rtl` or anything else, meaning left to right).
    pub fn direction(self) -> Direction {
        catalogue().direction(self)
    }

    /// Wraps a tag taken from the catalogue itself.
    pub(crate) fn from_catalogue(tag: &'static str) -> Self {
        Self(tag)
    }
}

impl Default for Locale {
    fn default() -> Self {
        Self::ENGLISH
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}
