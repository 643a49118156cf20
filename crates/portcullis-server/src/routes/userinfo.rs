//! `GET /userinfo` (OpenID Connect Core §5.3) and `POST /oauth/introspect` (RFC 7662).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use portcullis_idp::{ActiveToken, Secret};
use portcullis_proto::{IntrospectionResponse, OAuthErrorCode};
use serde_json::Value;

use super::{no_store, unauthorized};
use crate::body::Form;
use crate::error::{ApiError, OAuthFailure};
use crate::state::AppState;

/// The user behind an access token (OpenID Connect userinfo).
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
    let sub = match super::token_subject(&state, &headers).await {
        Ok(sub) => sub,
        Err(res) => return Ok(res),
    };
    let Some(user) = state.idp.store().user_by_id(&sub).await? else {
        return Ok(unauthorized(Some("invalid_token")));
    };
    let body = portcullis_proto::UserInfo {
        sub: user.id,
        email: user.email,
        email_verified: user.email_verified != 0,
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

/// Inspects a token (RFC 7662).
///
/// Access tokens, refresh tokens and API keys; the client must authenticate.
/// Inactive tokens answer `{"active": false}`.
#[utoipa::path(
    post,
    path = portcullis_proto::paths::INTROSPECT,
    operation_id = "introspect",
    tag = "OAuth",
    request_body(content = portcullis_proto::requests::TokenFormRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "What the token is", body = portcullis_proto::IntrospectionResponse),
        (status = 400, description = "`invalid_request`", body = portcullis_proto::OAuthError),
        (status = 401, description = "`invalid_client`: no or wrong client credentials (with `WWW-Authenticate: Basic`)", body = portcullis_proto::OAuthError),
        (status = 429, description = "Too many requests from this address (with `Retry-After`; the rate limiter answers before the endpoint, in the `{\"message\": …}` shape)", body = portcullis_proto::MessageBody),
        (status = 503, description = "`temporarily_unavailable` (with `Retry-After`)", body = portcullis_proto::OAuthError)
    ),
    security(("client_basic" = []))
)]
pub(crate) async fn introspect(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, OAuthFailure> {
    let form = Form::parse(&headers, &body)?;
    let Some((id, secret)) = super::token::client_credentials(&headers, &form)? else {
        return Err(OAuthFailure::new(
            StatusCode::UNAUTHORIZED,
            OAuthErrorCode::InvalidClient,
            "client authentication is required",
        ));
    };
    state.idp.authenticate_client(&id, &secret).await?;
    let token = Secret::new(form.required("token")?.to_owned());
    let issuer = Some(state.idp.config().issuer.clone());
    let answer = match state.idp.introspect(&token, state.clock.now()).await? {
        None => IntrospectionResponse::inactive(),
        Some(ActiveToken::ApiKey(key)) => {
            let org_slug = match &key.org_id {
                Some(id) => state.idp.store().org(id).await?.map(|o| o.slug),
                None => None,
            };
            IntrospectionResponse {
                active: true,
                scope: Some(key.permissions.clone()),
                client_id: Some(key.id.clone()),
                sub: key.user_id.clone().or_else(|| key.org_id.clone()),
                exp: key.expires_at,
                iat: Some(key.created_at),
                token_type: Some("api_key".into()),
                iss: issuer,
                permissions: Some(
                    key.permissions
                        .split_whitespace()
                        .map(str::to_owned)
                        .collect(),
                ),
                org_id: key.org_id,
                org_slug,
            }
        }
        Some(ActiveToken::Access(claims)) => IntrospectionResponse {
            active: true,
            scope: claims
                .get("scope")
                .and_then(Value::as_str)
                .map(str::to_owned),
            client_id: claims
                .get("client_id")
                .and_then(Value::as_str)
                .map(str::to_owned),
            sub: claims.get("sub").and_then(Value::as_str).map(str::to_owned),
            exp: claims.get("exp").and_then(Value::as_i64),
            iat: claims.get("iat").and_then(Value::as_i64),
            token_type: Some("access_token".into()),
            iss: issuer,
            ..IntrospectionResponse::default()
        },
        Some(ActiveToken::Refresh {
            session,
            expires_at,
        }) => IntrospectionResponse {
            active: true,
            scope: Some(session.scope),
            client_id: Some(session.client_id),
            sub: Some(session.user_id),
            exp: Some(expires_at),
            iat: None,
            token_type: Some("refresh_token".into()),
            iss: issuer,
            ..IntrospectionResponse::default()
        },
    };
    Ok(no_store(Json(answer).into_response()))
}
