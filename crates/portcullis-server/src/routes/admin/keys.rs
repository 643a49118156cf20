//! `/api/admin/keys…`.

use axum::Json;
use axum::extract::State;
use portcullis::Require;
use portcullis_idp::Rotation;
use portcullis_proto::requests::RotateKeysRequest;
use portcullis_proto::{KeyView, RotationView};

use super::errors::AdminErrors;
use super::{AdminRead, AdminWrite};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::state::AppState;

/// Lists the signing keys, public facts only.
#[utoipa::path(
    get,
    path = "/keys",
    operation_id = "list_keys",
    tag = "Admin: keys",
    responses(
        AdminErrors,
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
        AdminErrors,
        (status = 200, description = "What the step did", body = portcullis_proto::RotationView)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn rotate(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    body: Option<ApiJson<RotateKeysRequest>>,
) -> Result<Json<RotationView>, ApiError> {
    let delay = match body.and_then(|ApiJson(b)| b.publish_delay) {
        None => state.key_publish_delay,
        Some(d) if d >= 0 => d,
        Some(_) => {
            return Err(ApiError::BadRequest(
                "publish_delay must be a non-negative integer".into(),
            ));
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
