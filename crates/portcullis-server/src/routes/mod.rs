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

/// Token-bearing answers must not be cached (RFC 6749 §5.1).
pub(crate) fn no_store(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    res
}
