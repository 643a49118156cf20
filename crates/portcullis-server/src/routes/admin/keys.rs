//! `/api/admin/keys…`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use portcullis::Require;
use portcullis_idp::Rotation;
use portcullis_proto::{KeyView, RotationView};

use super::{AdminRead, AdminWrite};
use crate::error::ApiError;
use crate::state::AppState;

/// Lists the signing keys, public facts only.
#[utoipa::path(
    get,
    path = "/keys",
    operation_id = "list_keys",
    tag = "Admin: keys",
    responses(
        (status = 200, description = "The keys", body = Vec<portcullis_proto::KeyView>)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
) -> Result<Json<Vec<KeyView>>, ApiError> {
    let keys = state.idp.signing_keys().await?;
    Ok(Json(
        keys.into_iter()
            .map(|k| KeyView {
                kid: k.kid,
                alg: k.alg,
                state: k.state.to_string(),
                created_at: k.created_at,
                activated_at: k.activated_at,
                retired_at: k.retired_at,
            })
            .collect(),
    ))
}

/// Takes one key rotation step.
///
/// Stages a new key, or promotes the staged one once it has been published long enough.
/// The body may set `publish_delay` (seconds; default the server's `key_publish_delay`).
#[utoipa::path(
    post,
    path = "/keys/rotate",
    operation_id = "rotate_keys",
    tag = "Admin: keys",
    request_body = Option<portcullis_proto::requests::RotateKeysRequest>,
    responses(
        (status = 200, description = "What the step did", body = portcullis_proto::RotationView),
        (status = 400, description = "The body or a parameter is invalid", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn rotate(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<RotationView>, ApiError> {
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
        Rotation::Staged { kid } => RotationView {
            result: "staged".into(),
            kid,
            until: None,
        },
        Rotation::Promoted { kid } => RotationView {
            result: "promoted".into(),
            kid,
            until: None,
        },
        Rotation::Waiting { kid, until } => RotationView {
            result: "waiting".into(),
            kid,
            until: Some(until),
        },
    };
    Ok(Json(answer))
}
