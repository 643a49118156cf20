//! One module per group of endpoints.

pub(crate) mod admin;
pub(crate) mod auth_api;
pub(crate) mod consents;
pub(crate) mod health;
pub(crate) mod hosted;
pub(crate) mod introspect;
pub(crate) mod mfa;
pub(crate) mod openapi;
pub(crate) mod openapi_page;
mod openapi_schemas;
pub(crate) mod passkeys;
pub(crate) mod revoke;
mod schema_limits;
pub(crate) mod token;
pub(crate) mod userinfo;
pub(crate) mod wellknown;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portcullis_proto::MessageBody;

use crate::error::ApiError;
use crate::state::AppState;

/// The bearer token of a request, parsed exactly as the guard parses it (scheme
/// case-insensitive, RFC 6750 charset, one token). `Err` for a malformed header.
pub(crate) fn bearer_token(
    headers: &axum::http::HeaderMap,
) -> Result<Option<&str>, portcullis::GuardError> {
    portcullis::TokenSource::header_only().extract_from(headers, &axum::http::Uri::default())
}

/// 401 for a request to an endpoint that takes one of this issuer's access tokens:
/// `error` is `None` when there was no token (RFC 6750 §3: no error code), otherwise
/// `invalid_token` or `invalid_request`.
pub(crate) fn unauthorized(error: Option<&str>) -> Response {
    let challenge = match error {
        Some(e) => format!("Bearer realm=\"portcullis\", error=\"{e}\""),
        None => "Bearer realm=\"portcullis\"".to_owned(),
    };
    let mut res = (
        StatusCode::UNAUTHORIZED,
        Json(MessageBody::new(if error.is_some() {
            "Bad credentials"
        } else {
            "Requires authentication"
        })),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&challenge) {
        res.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    res
}

/// The subject (`sub`) of the request's bearer token, one of this issuer's access
/// tokens whose session is live, minted for the issuer as `rule` says; otherwise the 401
/// answer (`invalid_token` for a token meant for another API).
pub(crate) async fn token_subject(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    rule: portcullis_idp::OwnAudience,
) -> Result<String, Response> {
    let token = match bearer_token(headers) {
        Ok(Some(token)) => token,
        Ok(None) => return Err(unauthorized(None)),
        Err(_) => return Err(unauthorized(Some("invalid_request"))),
    };
    let claims = state
        .idp
        .verify_own_access_token(token, rule, state.clock.now())
        .await
        .map_err(|e| ApiError::from(e).into_response())?
        .ok_or_else(|| unauthorized(Some("invalid_token")))?;
    claims
        .get("sub")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| unauthorized(Some("invalid_token")))
}

/// The caller of an endpoint of the issuer itself: the subject of a live access token
/// minted for the issuer ([`OwnAudience::Issuer`](portcullis_idp::OwnAudience)). As an
/// extractor it runs before the body is read, so a request without such a token is
/// answered 401 whatever its body says.
pub(crate) struct IssuerCaller(pub(crate) String);

impl axum::extract::FromRequestParts<AppState> for IssuerCaller {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Response> {
        token_subject(state, &parts.headers, portcullis_idp::OwnAudience::Issuer)
            .await
            .map(Self)
    }
}

/// Token-bearing answers must not be cached (RFC 6749 §5.1).
pub(crate) fn no_store(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    res
}
