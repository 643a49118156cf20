//! The language of the request being served, for code far from the request: a mail
//! queued deep inside a sign-in goes out in the language of the page that caused it.
//!
//! The issuer's router sets it once per request ([`scope`]); whatever runs inside
//! reads it with [`current`]. Work handed to another task does not inherit it: take
//! [`current`] along and [`scope`] it there again.

use std::future::Future;

use crate::locale::Locale;

tokio::task_local! {
    static CURRENT: Locale;
}

/// Runs `f` with `locale` as the [`current`] language.
///
/// ```
/// use portcullis_i18n::{Locale, current, scope};
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let ja = Locale::find("ja").unwrap();
/// assert_eq!(scope(ja, async { current() }).await, ja);
/// assert_eq!(current(), Locale::ENGLISH);
/// # });
/// ```
pub async fn scope<F: Future>(locale: Locale, f: F) -> F::Output {
    CURRENT.scope(locale, f).await
}

/// Runs the synchronous `f` with `locale` as the [`current`] language.
pub fn sync_scope<R>(locale: Locale, f: impl FnOnce() -> R) -> R {
    CURRENT.sync_scope(locale, f)
}

/// The language of the request being served; English outside any [`scope`].
pub fn current() -> Locale {
    CURRENT.try_with(|l| *l).unwrap_or_default()
}
