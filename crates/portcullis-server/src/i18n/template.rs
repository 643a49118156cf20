//! What templates and page handlers call to read the catalogue, in the language of the
//! request being served ([`portcullis_i18n::current`]).

use portcullis_i18n::{Args, Mode, catalogue, current};

/// Tests fail on a missing message or variable; serving logs it and falls back to
/// English.
const MODE: Mode = if cfg!(test) {
    Mode::Strict
} else {
    Mode::Lenient
};

/// The message `id`.
pub(crate) fn text(id: &str) -> String {
    catalogue().text(MODE, current(), id, &Args::new())
}

/// The message `id` with one string argument.
pub(crate) fn text_with(id: &str, name: &str, value: &str) -> String {
    catalogue().text(MODE, current(), id, &Args::new().str(name, value))
}

/// The message `id` with string arguments.
pub(crate) fn text_args(id: &str, args: &[(&str, &str)]) -> String {
    let args = args.iter().fold(Args::new(), |a, (n, v)| a.str(n, v));
    catalogue().text(MODE, current(), id, &args)
}

/// The message `id` with one number argument (plural forms choose by it).
pub(crate) fn text_num(id: &str, name: &str, value: i64) -> String {
    catalogue().text(MODE, current(), id, &Args::new().num(name, value))
}

/// The message `id` as HTML: its text escaped, each of `args` in `<strong>`. No
/// markup lives in the catalogue; translators move the emphasised values where their
/// language puts them.
pub(crate) fn strong(id: &str, args: &[(&str, &str)]) -> String {
    // Each value goes into Fluent as a private-use marker, found again after escaping.
    let markers: Vec<String> = (0..args.len())
        .map(|i| format!("\u{E000}{i}\u{E001}"))
        .collect();
    let fluent_args = args
        .iter()
        .zip(&markers)
        .fold(Args::new(), |a, ((name, _), marker)| a.str(name, marker));
    let formatted = catalogue().text(MODE, current(), id, &fluent_args);
    let mut html = String::with_capacity(formatted.len() + 32);
    let mut rest = formatted.as_str();
    while let Some(start) = rest.find('\u{E000}') {
        html.push_str(&escape(&rest[..start]));
        let after = &rest[start + '\u{E000}'.len_utf8()..];
        let Some(end) = after.find('\u{E001}') else {
            rest = after;
            continue;
        };
        if let Some((_, value)) = after[..end].parse::<usize>().ok().and_then(|i| args.get(i)) {
            html.push_str("<strong>");
            html.push_str(&escape(value));
            html.push_str("</strong>");
        }
        rest = &after[end + '\u{E001}'.len_utf8()..];
    }
    html.push_str(&escape(rest));
    html
}

/// Text as HTML.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\u{E000}' | '\u{E001}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The catalogue, as the templates see it: `{{ t("signin-title") }}`,
/// `{{ strong("continue-to", [("client", client_name)])|safe }}`, and the page's
/// `lang` and `dir`. Every template has these methods (askama calls a bare function
/// name as a method of the template).
pub(crate) trait Localized {
    /// [`text`].
    fn t(&self, id: &str) -> String {
        text(id)
    }

    /// [`text_with`].
    fn t_with(&self, id: &str, name: &str, value: &str) -> String {
        text_with(id, name, value)
    }

    /// [`text_num`].
    fn t_num(&self, id: &str, name: &str, value: &i64) -> String {
        text_num(id, name, *value)
    }

    /// [`strong`], for `|safe`.
    fn strong(&self, id: &str, args: &[(&str, &str)]) -> String {
        strong(id, args)
    }

    /// The language's tag, for `<html lang>`.
    fn lang(&self) -> &'static str {
        current().tag()
    }

    /// `ltr` or `rtl`, for `<html dir>`.
    fn dir(&self) -> &'static str {
        current().direction().as_str()
    }
}

impl<T: askama::Template> Localized for T {}

#[cfg(test)]
mod tests {
    use super::*;
    use portcullis_i18n::{Locale, sync_scope};

    #[test]
    fn emphasised_values_are_escaped_and_wrapped_and_the_rest_escaped_too() {
        let html = sync_scope(Locale::ENGLISH, || {
            strong(
                "continue-to",
                &[("client", "<script>alert(1)</script> & \u{E000}0\u{E001}")],
            )
        });
        assert_eq!(
            html,
            "to continue to <strong>&lt;script&gt;alert(1)&lt;/script&gt; &amp; 0</strong>"
        );
        let ja = Locale::find("ja").unwrap();
        let html = sync_scope(ja, || {
            strong(
                "consent-asks",
                &[("client", "App"), ("audience", "https://api")],
            )
        });
        assert!(
            html.starts_with("<strong>App</strong> が <strong>https://api</strong>"),
            "{html}"
        );
    }
}
