//! `/api/admin/keys…`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use portcullis::Require;
use portcullis_idp::Rotation;
use portcullis_proto::KeyView;
use serde_json::{Value, json};

use super::{AdminRead, AdminWrite};
use crate::error::ApiError;
use crate::state::AppState;

pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
) -> Result<Json<Vec<KeyView>>, ApiError> {
    let keys = state.idp.store().keys().await?;
    Ok(Json(
        keys.into_iter()
            .map(|k| KeyView {
                kid: k.kid,
                alg: k.alg,
                state: k.state,
                created_at: k.created_at,
                activated_at: k.activated_at,
                retired_at: k.retired_at,
            })
            .collect(),
    ))
}

/// One rotation step (stage, or promote once published long enough). The body may
/// set `publish_delay` (seconds; default the server's `key_publish_delay`).
pub(crate) async fn rotate(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let delay = if body.is_empty() {
        state.key_publish_delay
    } else {
        let body = crate::body::JsonObject::parse(&headers, &body)?;
        match body.value("publish_delay") {
            None => state.key_publish_delay,
            Some(v) => v.as_i64().filter(|d| *d >= 0).ok_or_else(|| {
                ApiError::BadRequest("publish_delay must be a non-negative integer".into())
            })?,
        }
    };
    let answer = match state.idp.rotate_keys(state.clock.now(), delay).await? {
        Rotation::Staged { kid } => json!({"result": "staged", "kid": kid}),
        Rotation::Promoted { kid } => json!({"result": "promoted", "kid": kid}),
        Rotation::Waiting { kid, until } => {
            json!({"result": "waiting", "kid": kid, "until": until})
        }
    };
    Ok(Json(answer))
}
