//! Answers sent back to the client: the authorization response at its redirect URI,
//! always with `iss` (RFC 9207).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portcullis_idp::{Authorize, AuthorizeError};

use super::page;
use crate::i18n::{text, translate_domain};
use crate::state::AppState;

/// An authorization response (RFC 6749 §4.1.2 and §4.1.2.1): `redirect_uri` with these
/// query parameters and the issuer's `iss` (RFC 9207), so that a client talking to
/// several issuers can tell which one answered.
pub(crate) fn authorization_response(
    state: &AppState,
    redirect_uri: &str,
    pairs: &[(&str, &str)],
) -> Response {
    let mut pairs = pairs.to_vec();
    pairs.push(("iss", &state.idp.config().issuer));
    redirect_with_query(redirect_uri, &pairs)
}

/// `uri` with these query parameters added (a `302`).
pub(crate) fn redirect_with_query(uri: &str, pairs: &[(&str, &str)]) -> Response {
    let Ok(mut url) = url::Url::parse(uri) else {
        return page::error_page(StatusCode::BAD_REQUEST, &text("error-redirect-uri-not-url"));
    };
    if !pairs.is_empty() {
        let mut q = url.query_pairs_mut();
        for (k, v) in pairs {
            q.append_pair(k, v);
        }
    }
    let mut res = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(url.as_str()) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    page::secure(res)
}

/// A refused authorization request: an error page when the client or redirect URI is
/// in doubt, otherwise the error at the redirect URI.
pub(crate) fn refused(app: &AppState, e: AuthorizeError) -> Response {
    match e {
        AuthorizeError::Page(message) => {
            page::error_page(StatusCode::BAD_REQUEST, &translate_domain(&message))
        }
        AuthorizeError::Redirect {
            redirect_uri,
            error,
            description,
            state,
        } => {
            let mut pairs = vec![
                ("error", error),
                ("error_description", description.as_str()),
            ];
            if let Some(s) = &state {
                pairs.push(("state", s));
            }
            authorization_response(app, &redirect_uri, &pairs)
        }
    }
}

/// An OAuth error at the (checked) redirect URI of `req`.
pub(crate) fn redirect_error(
    state: &AppState,
    req: &Authorize,
    error: &str,
    description: &str,
) -> Response {
    authorization_response(
        state,
        &req.redirect_uri,
        &[
            ("error", error),
            ("error_description", description),
            ("state", &req.state),
        ],
    )
}
