//! The hosted pages: everything a browser sees of the issuer.
//!
//! One file per page (`sign_in`, `email_code`, `passkey`, `second_factor`, `sign_up`, `consent`,
//! `join`, `forgot`, `reset`, `verify`, `logout`, `account`, `account_sign_in`), and
//! what they share:
//! - [`error::PageError`], the one error type of a page handler, and the one place each
//!   failure becomes a page (`Result<Response, PageError>` is every handler's answer);
//! - `form`: strict parameter parsing, the authorization request carried along as hidden
//!   fields, the double-submit CSRF check;
//! - `session`: the browser's sign-in cookie (single sign-on) and cookie names;
//! - `redirect`: answers at the client's redirect URI, always with `iss` (RFC 9207);
//! - `page`: rendering, security headers (strict CSP, no framing, no caching);
//! - `script`: the one script (passkeys), served from this origin, allowed only on the
//!   pages that offer a passkey;
//! - `brand`: a client's name, logo and accent colour on its pages, CSP kept strict.
//!
//! Every sentence comes from the message catalogue in the request's language
//! (`crate::i18n`): `{{ t("…") }}` in templates, `text("…")` in handlers.
//!
//! A new page is a new file here with its template under `templates/`, and a line in
//! the route table (`app.rs`).

pub(crate) mod account;
pub(crate) mod account_sign_in;
pub(crate) mod brand;
pub(crate) mod consent;
pub(crate) mod email_code;
pub(crate) mod enrol;
mod error;
pub(crate) mod forgot;
mod form;
pub(crate) mod join;
pub(crate) mod logout;
pub(crate) mod page;
pub(crate) mod passkey;
mod redirect;
#[cfg(test)]
mod render_tests;
pub(crate) mod reset;
pub(crate) mod script;
pub(crate) mod second_factor;
pub(crate) mod session;
pub(crate) mod sign_in;
pub(crate) mod sign_up;
pub(crate) mod upstream;
pub(crate) mod verify;
