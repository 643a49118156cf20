//! `POST /oauth/token`: `refresh_token` and `client_credentials` grants.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use portcullis_idp::Secret;
use portcullis_proto::{OAuthErrorCode, TokenResponse};

use super::no_store;
use crate::body::Form;
use crate::error::OAuthFailure;
use crate::state::AppState;

/// Client credentials from `client_secret_basic` or `client_secret_post` (never both).
pub(crate) fn client_credentials(
    headers: &HeaderMap,
    form: &Form,
) -> Result<Option<(String, Secret)>, OAuthFailure> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .map(|v| {
            let v = v
                .to_str()
                .map_err(|_| OAuthFailure::invalid_request("malformed Authorization header"))?;
            let (scheme, rest) = v.split_once(' ').unwrap_or((v, ""));
            if !scheme.eq_ignore_ascii_case("basic") {
                return Err(OAuthFailure::invalid_request(
                    "only Basic client authentication is accepted",
                ));
            }
            let decoded = STANDARD
                .decode(rest.trim())
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| OAuthFailure::invalid_request("malformed Basic credentials"))?;
            let (id, secret) = decoded
                .split_once(':')
                .ok_or_else(|| OAuthFailure::invalid_request("malformed Basic credentials"))?;
            // RFC 6749 §2.3.1: both parts are form-urlencoded before Basic encoding.
            let unescape = |s: &str| {
                url::form_urlencoded::parse(format!("x={s}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            };
            Ok((unescape(id), Secret::new(unescape(secret))))
        })
        .transpose()?;
    let post = match (form.get("client_id"), form.get("client_secret")) {
        (Some(id), Some(secret)) => Some((id.to_owned(), Secret::new(secret.to_owned()))),
        _ => None,
    };
    match (basic, post) {
        (Some(_), Some(_)) => Err(OAuthFailure::invalid_request(
            "client credentials sent in two ways",
        )),
        (Some(c), None) | (None, Some(c)) => Ok(Some(c)),
        (None, None) => Ok(None),
    }
}

/// The OAuth 2.0 token endpoint.
///
/// Grants: `authorization_code` (PKCE S256), `refresh_token` (rotated; reuse revokes the
/// session) and `client_credentials`. Every grant is decided by one rule: the audience
/// must be one the client may request (`invalid_target` otherwise, RFC 8707), and the
/// scope is narrowed to what the subject holds, the client may use and the user
/// consented to; the answer's `scope` is what was granted. Clients authenticate with HTTP Basic
/// (`client_secret_basic`) or with `client_id` and `client_secret` in the form
/// (`client_secret_post`), never both; public clients send only `client_id`.
#[utoipa::path(
    post,
    path = portcullis_proto::paths::TOKEN,
    operation_id = "token",
    tag = "OAuth",
    request_body(content = portcullis_proto::requests::TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Tokens (never cached); with `id_token` for OpenID Connect codes", body = portcullis_proto::TokenResponse),
        (status = 400, description = "`invalid_request`, `invalid_grant`, `invalid_scope`, `invalid_target`, `unsupported_grant_type`, …", body = portcullis_proto::OAuthError),
        (status = 401, description = "`invalid_client` (with `WWW-Authenticate: Basic`)", body = portcullis_proto::OAuthError),
        (status = 429, description = "Too many requests from this address (with `Retry-After`; the rate limiter answers before the endpoint, in the `{\"message\": …}` shape)", body = portcullis_proto::MessageBody),
        (status = 503, description = "`temporarily_unavailable` (with `Retry-After`)", body = portcullis_proto::OAuthError)
    ),
    security(("client_basic" = []), ())
)]
pub(crate) async fn token(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, OAuthFailure> {
    let form = Form::parse(&headers, &body)?;
    let now = state.clock.now();
    let grant_type = form.required("grant_type")?;
    let target =
        portcullis_idp::one_target(form.get("audience"), form.get("resource")).map_err(|why| {
            OAuthFailure::new(StatusCode::BAD_REQUEST, OAuthErrorCode::InvalidTarget, why)
        })?;
    let response = match grant_type {
        "refresh_token" => {
            let token = Secret::new(form.required("refresh_token")?.to_owned());
            let authenticated = match client_credentials(&headers, &form)? {
                Some((id, secret)) => Some(state.idp.authenticate_client(&id, &secret).await?.id),
                None => None,
            };
            let refreshed = state
                .idp
                .refresh_for(
                    &token,
                    form.get("client_id"),
                    authenticated.as_deref(),
                    target,
                    form.get("scope"),
                    now,
                )
                .await?;
            TokenResponse::bearer(
                refreshed.access.token,
                refreshed.access.expires_in,
                Some(refreshed.refresh_token.expose().to_owned()),
                Some(refreshed.scope),
            )
        }
        "authorization_code" => {
            let code = Secret::new(form.required("code")?.to_owned());
            let client = match client_credentials(&headers, &form)? {
                Some((id, secret)) => state.idp.client_for_token(&id, Some(&secret)).await?,
                None => {
                    let id = form.required("client_id")?;
                    state.idp.client_for_token(id, None).await?
                }
            };
            let grant = state
                .idp
                .exchange_code(
                    &code,
                    &client,
                    form.get("redirect_uri"),
                    form.get("code_verifier"),
                    target,
                    now,
                )
                .await?;
            let body = TokenResponse {
                id_token: grant.id_token,
                ..TokenResponse::bearer(
                    grant.access.token,
                    grant.access.expires_in,
                    grant.refresh_token.map(|t| t.expose().to_owned()),
                    Some(grant.scope),
                )
            };
            metrics::counter!("portcullis_tokens_issued_total", "grant" => "authorization_code")
                .increment(1);
            return Ok(no_store(Json(body).into_response()));
        }
        "client_credentials" => {
            let Some((id, secret)) = client_credentials(&headers, &form)? else {
                return Err(OAuthFailure::new(
                    StatusCode::UNAUTHORIZED,
                    OAuthErrorCode::InvalidClient,
                    "client authentication is required",
                ));
            };
            let client = state.idp.authenticate_client(&id, &secret).await?;
            let grant = state
                .idp
                .client_credentials(&client, target, form.get("scope"), now)
                .await?;
            TokenResponse::bearer(
                grant.access.token,
                grant.access.expires_in,
                None,
                Some(grant.scope),
            )
        }
        other => {
            return Err(OAuthFailure::new(
                StatusCode::BAD_REQUEST,
                OAuthErrorCode::UnsupportedGrantType,
                format!("grant_type {other:?} is not supported"),
            ));
        }
    };
    metrics::counter!("portcullis_tokens_issued_total", "grant" => grant_type.to_owned())
        .increment(1);
    Ok(no_store(Json(response).into_response()))
}
