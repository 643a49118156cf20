//! The message catalogue of the Portcullis issuer: every sentence of its hosted pages
//! and mail, in each language it speaks, as [Project Fluent](https://projectfluent.org)
//! files embedded in the binary; and the choice of language for a request.
//!
//! - [`negotiate`]: `ui_locales` first, then `Accept-Language` (weights honoured,
//!   `de-AT` → `de`), then English. Hostile or malformed values are skipped.
//! - [`catalogue`]: [`Catalogue::message`] formats a message or says why it cannot
//!   (missing, a variable not given); [`Catalogue::text`] does the same with a
//!   [`Mode`]: tests panic, serving logs and falls back to English.
//! - [`scope`] / [`current`]: the language of the request being served, for code far
//!   from the request (a mail queued deep inside a sign-in).
//!
//! ```
//! use portcullis_i18n::{Args, Mode, catalogue, negotiate};
//! let de = negotiate(None, Some("de-AT, en;q=0.5"));
//! let title = catalogue().text(Mode::Strict, de, "signin-title", &Args::new());
//! assert_eq!(title, "Anmelden");
//! ```
//!
//! # Adding a string
//! Add `my-message = …` to a file under `locales/en/` (pages in `pages.ftl`, mail in
//! `mail.ftl`), and the same id to that file in every other language folder; use it
//! (`{{ t("my-message") }}` in a template). The consistency test fails until every
//! language has it and nothing refers to a variable English does not give.
//!
//! # Adding a language
//! Copy `locales/en/` to `locales/<tag>/` (the tag as `ui_locales` spells it: `ar`,
//! `pt-BR`) and translate it; set `language-direction = rtl` for a right-to-left
//! script. Nothing else changes: the build embeds every folder.

mod catalogue;
mod locale;
mod negotiate;
mod scope;
mod variables;

pub use catalogue::{Args, Catalogue, MessageError, Mode, catalogue};
pub use locale::{Direction, Locale};
pub use negotiate::{MAX_ENTRIES, MAX_INPUT, negotiate};
pub use scope::{current, scope, sync_scope};

#[cfg(test)]
mod tests;
