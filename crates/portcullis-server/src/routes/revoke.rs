//! `POST /oauth/revoke` (RFC 7009): ends the session of a refresh token.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use portcullis_idp::Secret;

use crate::body::Form;
use crate::error::OAuthFailure;
use crate::state::AppState;

/// Revokes a refresh token and its session (RFC 7009).
///
/// Client credentials are optional, but checked when given. Only the client a token was
/// issued to revokes it: a confidential client authenticating, a public client naming
/// itself (`client_id`) or not at all. Another client's token, unknown tokens and access
/// tokens answer 200 too, and nothing changes (RFC 7009 §2.1, §2.2).
#[utoipa::path(
    post,
    path = portcullis_proto::paths::REVOKE,
    operation_id = "revoke",
    tag = "OAuth",
    request_body(content = portcullis_proto::requests::TokenFormRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Revoked (or nothing to revoke)"),
        (status = 400, description = "`invalid_request`", body = portcullis_proto::OAuthError),
        (status = 401, description = "`invalid_client` (with `WWW-Authenticate: Basic`)", body = portcullis_proto::OAuthError),
        (status = 429, description = "Too many requests from this address (with `Retry-After`; the rate limiter answers before the endpoint, in the `{\"message\": …}` shape)", body = portcullis_proto::MessageBody),
        (status = 503, description = "`temporarily_unavailable` (with `Retry-After`)", body = portcullis_proto::OAuthError)
    ),
    security(("client_basic" = []), ())
)]
pub(crate) async fn revoke(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, OAuthFailure> {
    let form = Form::parse(&headers, &body)?;
    // Client credentials are optional (first-party sessions are public clients), but
    // when given they must be right.
    let authenticated = match super::token::client_credentials(&headers, &form)? {
        Some((id, secret)) => Some(state.idp.authenticate_client(&id, &secret).await?.id),
        None => None,
    };
    let token = Secret::new(form.required("token")?.to_owned());
    // Access tokens are self-contained JWTs and expire on their own; revoking one is a
    // no-op, and unknown tokens answer 200 too (RFC 7009 §2.2).
    state
        .idp
        .revoke_for(
            &token,
            form.get("client_id"),
            authenticated.as_deref(),
            state.clock.now(),
        )
        .await?;
    Ok(StatusCode::OK.into_response())
}
