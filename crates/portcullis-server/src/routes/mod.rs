//! One module per group of endpoints.

pub(crate) mod admin;
pub(crate) mod auth_api;
pub(crate) mod authorize;
pub(crate) mod email_links;
pub(crate) mod health;
pub(crate) mod revoke;
pub(crate) mod signup;
pub(crate) mod token;
pub(crate) mod userinfo;
pub(crate) mod wellknown;

use axum::http::{HeaderValue, header};
use axum::response::Response;

/// The bearer token of a request, parsed exactly as the guard parses it (scheme
/// case-insensitive, RFC 6750 charset, one token). `Err` for a malformed header.
pub(crate) fn bearer_token(
    headers: &axum::http::HeaderMap,
) -> Result<Option<&str>, portcullis::AuthError> {
    portcullis::TokenSource::header_only().extract_from(headers, &axum::http::Uri::default())
}

/// Token-bearing answers must not be cached (RFC 6749 §5.1).
pub(crate) fn no_store(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    res
}
