//! JWKS and discovery documents.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use portcullis_proto::ProviderMetadata;

use crate::error::ApiError;
use crate::state::AppState;

fn cacheable(state: &AppState, mut res: Response) -> Response {
    if let Ok(v) = HeaderValue::from_str(&format!("public, max-age={}", state.jwks_max_age)) {
        res.headers_mut().insert(header::CACHE_CONTROL, v);
    }
    res
}

/// The public signing keys (RFC 7517 JWK set).
#[utoipa::path(
    get,
    path = portcullis_proto::paths::JWKS,
    operation_id = "jwks",
    tag = "Discovery",
    responses(
        (status = 200, description = "The key set: `{\"keys\": [...]}`", body = Object),
        (status = 503, description = "The database is unavailable (with `Retry-After`)", body = portcullis_proto::MessageBody)
    )
)]
pub(crate) async fn jwks(State(state): State<AppState>) -> Result<Response, ApiError> {
    let set = state
        .idp
        .keys()
        .jwks(state.clock.now(), state.retain_retired_keys)
        .await?;
    Ok(cacheable(&state, Json(set).into_response()))
}

pub(crate) fn metadata(state: &AppState) -> ProviderMetadata {
    let algs: Vec<&str> = state
        .idp
        .signing_algorithms()
        .into_iter()
        .map(|a| a.name())
        .collect();
    let mut metadata = ProviderMetadata::for_issuer(&state.idp.config().issuer, &algs);
    metadata.acr_values_supported = portcullis_idp::Acr::ALL
        .iter()
        .map(|a| a.as_str().to_owned())
        .collect();
    metadata
}

/// OpenID Connect discovery metadata.
#[utoipa::path(
    get,
    path = portcullis_proto::paths::OPENID_CONFIGURATION,
    operation_id = "openid_configuration",
    tag = "Discovery",
    responses(
        (status = 200, description = "The provider metadata", body = portcullis_proto::ProviderMetadata)
    )
)]
pub(crate) async fn openid_configuration(State(state): State<AppState>) -> Response {
    cacheable(&state, Json(metadata(&state)).into_response())
}

/// OAuth 2.0 authorization server metadata (RFC 8414).
///
/// The same document as OpenID Connect discovery.
#[utoipa::path(
    get,
    path = portcullis_proto::paths::OAUTH_METADATA,
    operation_id = "oauth_authorization_server",
    tag = "Discovery",
    responses(
        (status = 200, description = "The provider metadata", body = portcullis_proto::ProviderMetadata)
    )
)]
pub(crate) async fn oauth_metadata(state: State<AppState>) -> Response {
    openid_configuration(state).await
}
