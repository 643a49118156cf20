//! `POST /oauth/introspect` (RFC 7662): what a token is, as the asking client may
//! learn it.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use portcullis_idp::{ActiveToken, Secret};
use portcullis_proto::{IntrospectionResponse, OAuthErrorCode, token_use};
use serde_json::Value;

use super::no_store;
use crate::body::Form;
use crate::error::OAuthFailure;
use crate::state::AppState;

/// Inspects a token (RFC 7662).
///
/// The client must authenticate. API keys and access tokens answer `token_type: Bearer`
/// with `token_use` (`api_key`, `access_token`), `aud`, `scope`, `client_id`, `sub` and
/// `exp`; a refresh token is active only to the client it was issued to (`token_use:
/// refresh_token`). Inactive tokens answer `{"active": false}`. Calls are limited per
/// authenticated client; calls that do not authenticate, per IP.
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
        (status = 429, description = "Too many calls from this client, or without authentication from this address (with `Retry-After`; in the `{\"message\": …}` shape)", body = portcullis_proto::MessageBody),
        (status = 503, description = "`temporarily_unavailable` (with `Retry-After`)", body = portcullis_proto::OAuthError)
    ),
    security(("client_basic" = []))
)]
pub(crate) async fn introspect(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (client, token) = match authenticated(&state, &headers, &body).await {
        Ok(found) => found,
        // Unauthenticated calls (and broken ones) count against the caller's address.
        Err(failure) => {
            let peer = peer.map(|Extension(ConnectInfo(addr))| addr.ip());
            if let Err(limited) = state.ip_limit.check(peer, &headers) {
                return limited.into_response();
            }
            return failure.into_response();
        }
    };
    if let Err(limited) = state.client_limit.check(&client) {
        return limited.into_response();
    }
    match answer(&state, &token, &client).await {
        Ok(answer) => no_store(Json(answer).into_response()),
        Err(failure) => failure.into_response(),
    }
}

/// The authenticated client's id and the token it asks about.
async fn authenticated(
    state: &AppState,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<(String, Secret), OAuthFailure> {
    let form = Form::parse(headers, body)?;
    let Some((id, secret)) = super::token::client_credentials(headers, &form)? else {
        return Err(OAuthFailure::new(
            StatusCode::UNAUTHORIZED,
            OAuthErrorCode::InvalidClient,
            "client authentication is required",
        ));
    };
    let client = state.idp.authenticate_client(&id, &secret).await?;
    Ok((client.id, Secret::new(form.required("token")?.to_owned())))
}

/// What `caller` may learn about `token`.
async fn answer(
    state: &AppState,
    token: &Secret,
    caller: &str,
) -> Result<IntrospectionResponse, OAuthFailure> {
    let issuer = Some(state.idp.config().issuer.clone());
    let bearer = || Some("Bearer".to_owned());
    let claim = |claims: &serde_json::Map<String, Value>, name: &str| {
        claims.get(name).and_then(Value::as_str).map(str::to_owned)
    };
    Ok(
        match state
            .idp
            .introspect(token, caller, state.clock.now())
            .await?
        {
            None => IntrospectionResponse::inactive(),
            Some(ActiveToken::ApiKey { key, grant }) => {
                // Decided now: the key's permissions narrowed to what its owner holds;
                // an organization's grants stay organization-wide.
                let (org_id, org_slug, org_permissions) = match grant.org {
                    Some(org) => (Some(org.id), Some(org.slug), Some(org.permissions)),
                    None => (None, None, None),
                };
                IntrospectionResponse {
                    active: true,
                    scope: Some(grant.scope),
                    client_id: Some(key.id.clone()),
                    sub: key.user_id.clone().or_else(|| key.org_id.clone()),
                    exp: key.expires_at,
                    iat: Some(key.created_at),
                    token_type: bearer(),
                    token_use: Some(token_use::API_KEY.into()),
                    aud: Some(grant.audience),
                    iss: issuer,
                    permissions: Some(grant.permissions),
                    org_permissions,
                    org_id,
                    org_slug,
                }
            }
            Some(ActiveToken::Access(claims)) => IntrospectionResponse {
                active: true,
                scope: claim(&claims, "scope"),
                client_id: claim(&claims, "client_id"),
                sub: claim(&claims, "sub"),
                exp: claims.get("exp").and_then(Value::as_i64),
                iat: claims.get("iat").and_then(Value::as_i64),
                token_type: bearer(),
                token_use: Some(token_use::ACCESS_TOKEN.into()),
                aud: claim(&claims, "aud"),
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
                token_type: None,
                token_use: Some(token_use::REFRESH_TOKEN.into()),
                aud: Some(session.audience),
                iss: issuer,
                ..IntrospectionResponse::default()
            },
        },
    )
}
