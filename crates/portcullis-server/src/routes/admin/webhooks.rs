//! `/api/admin/webhooks…`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use portcullis::Require;
use serde_json::{Value, json};

use super::{AdminRead, AdminWrite};
use crate::body::JsonObject;
use crate::error::ApiError;
use crate::routes::no_store;
use crate::state::AppState;

/// Body: `url`, optional `events` (default `*`). Answers with the signing secret, once.
pub(crate) async fn create(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = JsonObject::parse(&headers, &body)?;
    let url = body.required("url")?;
    let events = body.optional("events")?.unwrap_or_else(|| "*".to_owned());
    let (row, secret) = state
        .idp
        .create_webhook(&url, &events, state.clock.now())
        .await?;
    let answer =
        json!({ "id": row.id, "url": row.url, "events": row.events, "secret": secret.expose() });
    Ok(no_store(
        (StatusCode::CREATED, Json(answer)).into_response(),
    ))
}

/// Webhooks with their delivery counts (never their secrets).
pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
) -> Result<Json<Vec<Value>>, ApiError> {
    let mut out = Vec::new();
    for w in state.idp.store().webhooks().await? {
        let deliveries = state.idp.store().deliveries_of(&w.id).await?;
        let delivered = deliveries.iter().filter(|(_, at, _)| at.is_some()).count();
        let last_error = deliveries.iter().rev().find_map(|(_, _, e)| e.clone());
        out.push(json!({
            "id": w.id, "url": w.url, "events": w.events, "created_at": w.created_at,
            "deliveries": deliveries.len(), "delivered": delivered, "last_error": last_error,
        }));
    }
    Ok(Json(out))
}

pub(crate) async fn delete(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if state.idp.store().delete_webhook(&id).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::NotFound("webhook"))
    }
}
