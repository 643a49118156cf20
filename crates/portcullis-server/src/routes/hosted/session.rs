//! The browser's sign-in (single sign-on) and the cookies of the hosted pages.

use axum::http::{HeaderMap, header};
use axum::response::Response;
use portcullis_idp::store::BrowserSession;
use portcullis_idp::{BROWSER_SESSION_TTL, Secret};

use super::page;
use crate::state::AppState;

/// The live browser session behind the request's session cookie. `None` without a
/// cookie, for an ended session, or when it cannot be read.
pub(crate) async fn signed_in(state: &AppState, headers: &HeaderMap) -> Option<BrowserSession> {
    let secret = page::cookie(headers, session_cookie(state))?;
    state
        .idp
        .browser_session(&Secret::new(secret.to_owned()), state.clock.now())
        .await
        .ok()
        .flatten()
}

/// Adds the browser session cookie (single sign-on) to `res`.
pub(crate) fn with_session(state: &AppState, secret: &Secret, mut res: Response) -> Response {
    res.headers_mut().append(
        header::SET_COOKIE,
        page::set_cookie(
            session_cookie(state),
            secret.expose(),
            BROWSER_SESSION_TTL,
            "Lax",
            secure_cookies(state),
        ),
    );
    res
}

/// Whether cookies are `Secure` (and `__Host-` prefixed): on an https issuer.
pub(crate) fn secure_cookies(state: &AppState) -> bool {
    state.idp.config().issuer.starts_with("https://")
}

/// The browser session cookie's name on this issuer ([`page::session_cookie`]).
pub(crate) fn session_cookie(state: &AppState) -> &'static str {
    page::session_cookie(secure_cookies(state))
}

/// The CSRF cookie's name on this issuer ([`page::csrf_cookie`]).
pub(crate) fn csrf_cookie(state: &AppState) -> &'static str {
    page::csrf_cookie(secure_cookies(state))
}
