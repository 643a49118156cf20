//! Choosing the language of a request: `ui_locales` (OpenID Connect Core §3.1.2.1, the
//! application's choice), then `Accept-Language` (RFC 9110 §12.5.4, the browser's),
//! then English. Both are untrusted input: anything too long, malformed or unknown is
//! skipped, never an error.

use crate::locale::Locale;

/// A header or parameter longer than this is ignored whole: no real preference list
/// is, and parsing it would only cost time.
pub const MAX_INPUT: usize = 1024;
/// At most this many entries of a list are considered.
pub const MAX_ENTRIES: usize = 16;
/// The longest language tag looked at (RFC 5646 §4.4.1 recommends 35 at least).
const MAX_TAG: usize = 35;

/// The language for a request with these `ui_locales` (space-separated, in order of
/// preference) and `Accept-Language` (comma-separated, weighted by `q`): the first
/// that the catalogue has, matching a tag or, failing that, a shorter prefix of it
/// (`de-AT` → `de`); English when none matches.
///
/// ```
/// use portcullis_i18n::{Locale, negotiate};
/// let tag = |ui, accept| negotiate(ui, accept).tag();
/// assert_eq!(tag(Some("ja fr"), Some("de")), "ja");
/// assert_eq!(tag(None, Some("en;q=0.5, de-AT;q=0.9")), "de");
/// assert_eq!(tag(Some("tlh"), Some("es-MX")), "es");
/// assert_eq!(tag(Some("x;;;<script>"), Some("*")), "en");
/// assert_eq!(negotiate(None, None), Locale::ENGLISH);
/// ```
pub fn negotiate(ui_locales: Option<&str>, accept_language: Option<&str>) -> Locale {
    let from_ui = ui_locales
        .filter(|v| v.len() <= MAX_INPUT)
        .and_then(|v| first_supported(v.split(' ').filter(|t| !t.is_empty())));
    if let Some(locale) = from_ui {
        return locale;
    }
    accept_language
        .filter(|v| v.len() <= MAX_INPUT)
        .and_then(|v| first_supported(by_weight(v).into_iter()))
        .unwrap_or_default()
}

/// The tags of an `Accept-Language` value, best first (equal weights keep their
/// order); `q=0` entries, `*` and malformed weights are dropped.
fn by_weight(value: &str) -> Vec<&str> {
    let mut weighted: Vec<(u16, &str)> = value
        .split(',')
        .take(MAX_ENTRIES)
        .filter_map(|entry| {
            let mut parts = entry.split(';');
            let tag = parts.next()?.trim();
            let mut q = 1000;
            for param in parts {
                let (k, v) = param.split_once('=')?;
                if k.trim().eq_ignore_ascii_case("q") {
                    q = quality(v.trim())?;
                }
            }
            (q > 0 && tag != "*").then_some((q, tag))
        })
        .collect();
    weighted.sort_by_key(|(q, _)| std::cmp::Reverse(*q));
    weighted.into_iter().map(|(_, tag)| tag).collect()
}

/// A `qvalue` (RFC 9110 §12.4.2) in thousandths: `0`, `0.5`, `1.000`; `None` if
/// malformed.
fn quality(v: &str) -> Option<u16> {
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac_value = format!("{frac:0<3}").parse::<u16>().ok()?;
    match int {
        "0" => Some(frac_value),
        "1" if frac_value == 0 => Some(1000),
        _ => None,
    }
}

/// The first tag the catalogue has, trying each tag and then its shorter prefixes
/// (RFC 4647 §3.4 lookup) before the next tag.
fn first_supported<'a>(tags: impl Iterator<Item = &'a str>) -> Option<Locale> {
    tags.take(MAX_ENTRIES)
        .filter(|t| well_formed(t))
        .find_map(|tag| {
            let mut candidate = tag;
            loop {
                if let Some(locale) = Locale::find(candidate) {
                    return Some(locale);
                }
                let (shorter, _) = candidate.rsplit_once('-')?;
                candidate = shorter;
            }
        })
}

/// Letters, digits and hyphens in subtags of 1 to 8, starting with a letter subtag:
/// the shape of RFC 5646 tags, without its registry.
fn well_formed(tag: &str) -> bool {
    tag.len() <= MAX_TAG
        && tag.split('-').enumerate().all(|(i, sub)| {
            (1..=8).contains(&sub.len())
                && if i == 0 {
                    sub.bytes().all(|b| b.is_ascii_alphabetic())
                } else {
                    sub.bytes().all(|b| b.is_ascii_alphanumeric())
                }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(ui: Option<&str>, accept: Option<&str>) -> &'static str {
        negotiate(ui, accept).tag()
    }

    #[test]
    fn ui_locales_beat_accept_language() {
        assert_eq!(tag(Some("fr"), Some("de")), "fr");
        assert_eq!(tag(Some("tlh fr-CA de"), Some("es")), "fr");
        // Nothing usable in ui_locales: the browser's choice.
        assert_eq!(tag(Some("tlh"), Some("es")), "es");
        assert_eq!(tag(Some(""), Some("ja")), "ja");
    }

    #[test]
    fn weights_are_honoured_and_regions_fall_back() {
        assert_eq!(tag(None, Some("fr;q=0.1, ja;q=0.9, de;q=0.5")), "ja");
        assert_eq!(tag(None, Some("de-AT")), "de");
        assert_eq!(tag(None, Some("zh-Hant-TW, es-419;q=0.8")), "es");
        // Equal weights keep their order.
        assert_eq!(tag(None, Some("es, fr")), "es");
        // q=0 means "not this one".
        assert_eq!(tag(None, Some("de;q=0, fr;q=0.001")), "fr");
        assert_eq!(tag(None, Some("DE-de")), "de");
        assert_eq!(tag(None, Some("ja ; q = 1.0")), "ja");
    }

    #[test]
    fn hostile_and_malformed_values_fall_back_to_english() {
        let huge = "de,".repeat(MAX_INPUT);
        assert_eq!(tag(Some(&huge), Some(&huge)), "en");
        let many = format!("{}de", "xx, ".repeat(MAX_ENTRIES));
        assert_eq!(tag(None, Some(&many)), "en");
        let many_ui = format!("{}de", "xx ".repeat(MAX_ENTRIES));
        assert_eq!(tag(Some(&many_ui), None), "en");
        for bad in [
            "*",
            ";;;",
            "de;q=2",
            "de;q=0.5000",
            "de;q=abc",
            "de;q=-1",
            "de;q",
            "../../etc/passwd",
            "<script>alert(1)</script>",
            "d\u{e9}",
            "de_DE",
            "-de",
            "de--AT",
            "123",
            "abcdefghi",
            "\u{0}de",
            ",,,,,",
        ] {
            assert_eq!(tag(Some(bad), Some(bad)), "en", "{bad:?}");
        }
    }

    #[test]
    fn quality_values() {
        assert_eq!(quality("1"), Some(1000));
        assert_eq!(quality("1.000"), Some(1000));
        assert_eq!(quality("0.8"), Some(800));
        assert_eq!(quality("0.05"), Some(50));
        assert_eq!(quality("0"), Some(0));
        assert_eq!(quality("1.5"), None);
        assert_eq!(quality("2"), None);
        assert_eq!(quality(""), None);
        assert_eq!(quality(".5"), None);
    }
}
