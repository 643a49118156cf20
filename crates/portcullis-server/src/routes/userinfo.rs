//! `GET` and `POST /userinfo` (OpenID Connect Core §5.3).

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use portcullis_idp::OwnAudience;

use super::{no_store, unauthorized};
use crate::error::ApiError;
use crate::state::AppState;

/// The user behind an access token (OpenID Connect userinfo).
///
/// Takes access tokens minted for the issuer, and access tokens for any API that were
/// granted the `openid` scope (what an OpenID Connect client holds).
#[utoipa::path(
    get,
    path = portcullis_proto::paths::USERINFO,
    operation_id = "userinfo",
    tag = "OAuth",
    responses(
        (status = 200, description = "The user", body = portcullis_proto::UserInfo),
        (status = 401, description = "No access token, or not a valid one (with `WWW-Authenticate: Bearer`)", body = portcullis_proto::MessageBody),
        (status = 503, description = "The database is unavailable (with `Retry-After`)", body = portcullis_proto::MessageBody)
    ),
    security(("access_token" = []))
)]
pub(crate) async fn userinfo(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    // OpenID Connect: the access token a client got with `openid` is good here, for
    // whichever API it was minted; other tokens only if minted for the issuer.
    let sub = match super::token_subject(&state, &headers, OwnAudience::IssuerOrOpenId).await {
        Ok(sub) => sub,
        Err(res) => return Ok(res),
    };
    let Some(user) = state.idp.user_by_id(&sub).await? else {
        return Ok(unauthorized(Some("invalid_token")));
    };
    let body = portcullis_proto::UserInfo {
        sub: user.id,
        email: user.email,
        email_verified: user.email_verified,
        name: user.name,
    };
    Ok(no_store(Json(body).into_response()))
}

/// The user behind an access token, asked with `POST` (OpenID Connect Core §5.3.1).
#[utoipa::path(
    post,
    path = portcullis_proto::paths::USERINFO,
    operation_id = "userinfo_post",
    tag = "OAuth",
    responses(
        (status = 200, description = "The user", body = portcullis_proto::UserInfo),
        (status = 401, description = "No access token, or not a valid one (with `WWW-Authenticate: Bearer`)", body = portcullis_proto::MessageBody),
        (status = 503, description = "The database is unavailable (with `Retry-After`)", body = portcullis_proto::MessageBody)
    ),
    security(("access_token" = []))
)]
pub(crate) async fn userinfo_post(
    state: State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    userinfo(state, headers).await
}
