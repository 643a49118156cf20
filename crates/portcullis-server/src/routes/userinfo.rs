//! `GET /userinfo` (OpenID Connect Core §5.3) and `POST /oauth/introspect` (RFC 7662).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use portcullis_idp::{ActiveToken, Secret};
use portcullis_proto::{IntrospectionResponse, OAuthErrorCode};
use serde_json::{Value, json};

use super::{no_store, unauthorized};
use crate::body::Form;
use crate::error::{ApiError, OAuthFailure};
use crate::state::AppState;

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
    let body = json!({
        "sub": user.id,
        "email": user.email,
        "email_verified": user.email_verified != 0,
        "name": user.name,
    });
    Ok(no_store(Json(body).into_response()))
}

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
