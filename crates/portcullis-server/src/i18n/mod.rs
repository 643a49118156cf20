//! The language of the issuer's pages and mail.
//!
//! - `layer`: one middleware chooses the language of every request (`ui_locales` in
//!   the query or a posted form, then `Accept-Language`, then English) and runs the
//!   request in it ([`portcullis_i18n::scope`]): pages, error pages and any mail queued
//!   while serving it speak that language.
//! - `template`: what the templates call (`{{ t("signin-title") }}`, `lang()`, `dir()`).
//! - `domain`: the sentences of the domain's input rules, shown on pages, translated.
//!
//! JSON API bodies stay English: they are a contract, not prose.

mod domain;
mod layer;
mod template;

pub(crate) use domain::translate as translate_domain;
pub(crate) use layer::negotiate;
pub(crate) use template::{Localized, text, text_args, text_num, text_with};
