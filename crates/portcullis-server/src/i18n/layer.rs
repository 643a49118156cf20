//! The middleware choosing a request's language.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// A posted form is read for its `ui_locales` only when it says it is at most this
/// long: hosted forms are far smaller, and anything else is left to its handler (and
/// its body limit) untouched.
const PEEK_LIMIT: u64 = 16 * 1024;

/// The parameter naming the languages an application asks for (OpenID Connect Core
/// §3.1.2.1), carried along by the hosted forms.
const UI_LOCALES: &str = "ui_locales";

/// Chooses the request's language and serves the request in it; the choice is also
/// in the request's extensions ([`portcullis_i18n::Locale`]).
pub(crate) async fn negotiate(req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let mut ui_locales = parts.uri.query().and_then(|q| param(q.as_bytes()));
    let body = if ui_locales.is_none() && small_form(&parts) {
        match axum::body::to_bytes(body, PEEK_LIMIT as usize).await {
            Ok(bytes) => {
                ui_locales = param(&bytes);
                Body::from(bytes)
            }
            // Longer than it said, or broken off: nothing for a handler to read either.
            Err(_) => return StatusCode::BAD_REQUEST.into_response(),
        }
    } else {
        body
    };
    let accept = parts
        .headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let locale = portcullis_i18n::negotiate(ui_locales.as_deref(), accept);
    parts.extensions.insert(locale);
    portcullis_i18n::scope(locale, next.run(Request::from_parts(parts, body))).await
}

/// A form post that declares a length within [`PEEK_LIMIT`].
fn small_form(parts: &axum::http::request::Parts) -> bool {
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let length = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    parts.method == Method::POST && is_form && length.is_some_and(|l| l <= PEEK_LIMIT)
}

/// The first `ui_locales` of a query string or form body.
fn param(raw: &[u8]) -> Option<String> {
    url::form_urlencoded::parse(raw)
        .find(|(k, _)| k == UI_LOCALES)
        .map(|(_, v)| v.into_owned())
}
