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

pub(crate) async fn jwks(State(state): State<AppState>) -> Result<Response, ApiError> {
    let set = state
        .idp
        .keys()
        .jwks(state.clock.now(), state.retain_retired_keys)
        .await?;
    Ok(cacheable(&state, Json(set).into_response()))
}

pub(crate) fn metadata(state: &AppState) -> ProviderMetadata {
    let alg = state.idp.keys().id_token_algorithm().name();
    ProviderMetadata::for_issuer(&state.idp.config().issuer, &[alg])
}

pub(crate) async fn openid_configuration(State(state): State<AppState>) -> Response {
    cacheable(&state, Json(metadata(&state)).into_response())
}
