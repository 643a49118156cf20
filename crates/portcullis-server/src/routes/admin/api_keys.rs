//! `/api/admin/api-keys…`.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portcullis::Require;
use portcullis_idp::KeyOwner;
use portcullis_idp::model::ApiKeyRow;
use portcullis_proto::requests::CreateApiKeyRequest;
use portcullis_proto::{ApiKeyView, CreatedApiKey};

use super::errors::AdminErrors;
use super::{AdminRead, AdminWrite, query};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::routes::no_store;
use crate::state::AppState;

/// The longest lifetime of an API key: ten years, in seconds.
pub(crate) const MAX_API_KEY_LIFETIME: i64 = 10 * 365 * 24 * 3600;

fn view(idp: &portcullis_idp::Idp, k: ApiKeyRow) -> ApiKeyView {
    ApiKeyView {
        audience: idp.api_key_audience(&k),
        permissions: k
            .permissions
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
        id: k.id,
        name: k.name,
        user_id: k.user_id,
        org_id: k.org_id,
        created_at: k.created_at,
        expires_at: k.expires_at,
        revoked_at: k.revoked_at,
        last_used_at: k.last_used_at,
    }
}

/// Creates an API key for a user or an organization, for one API.
///
/// The key works at the API named by `audience` (default: the issuer's default audience)
/// and is refused by every other. The answer shows the key, once; only its hash is stored.
#[utoipa::path(
    post,
    path = "/api-keys",
    operation_id = "create_api_key",
    tag = "Admin: API keys",
    request_body = portcullis_proto::requests::CreateApiKeyRequest,
    responses(
        AdminErrors,
        (status = 201, description = "The key and what was stored", body = portcullis_proto::CreatedApiKey),
        (status = 400, description = "The body or a parameter is invalid, or the audience is not a registered API", body = portcullis_proto::MessageBody),
        (status = 404, description = "No such user or organization", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn create(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CreateApiKeyRequest>,
) -> Result<Response, ApiError> {
    let owner = match (&body.user, &body.org) {
        (Some(u), None) => KeyOwner::User(u),
        (None, Some(o)) => KeyOwner::Org(o),
        _ => {
            return Err(ApiError::BadRequest(
                "exactly one of user or org is required".into(),
            ));
        }
    };
    let now = state.clock.now();
    let expires_at = match body.expires_in {
        None => None,
        Some(secs) if (1..=MAX_API_KEY_LIFETIME).contains(&secs) => Some(now + secs),
        Some(_) => {
            return Err(ApiError::BadRequest(
                "expires_in must be a number of seconds, at most ten years".into(),
            ));
        }
    };
    let created = state
        .idp
        .create_api_key(
            &body.name,
            owner,
            body.audience.as_deref(),
            body.permissions.as_deref().unwrap_or_default(),
            expires_at,
            now,
        )
        .await?;
    let body = CreatedApiKey {
        key: created.key.expose().to_owned(),
        api_key: view(&state.idp, created.row),
    };
    Ok(no_store((StatusCode::CREATED, Json(body)).into_response()))
}

/// Lists the API keys of a user or an organization, without secrets.
#[utoipa::path(
    get,
    path = "/api-keys",
    operation_id = "list_api_keys",
    tag = "Admin: API keys",
    params(portcullis_proto::requests::ApiKeyListParams),
    responses(
        AdminErrors,
        (status = 200, description = "The keys", body = Vec<portcullis_proto::ApiKeyView>),
        (status = 404, description = "No such user or organization", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Vec<ApiKeyView>>, ApiError> {
    let q = query(raw.as_deref())?;
    let (user, org) = match (q.get("user"), q.get("org")) {
        (Some(u), None) => (Some(state.idp.find_user(u).await?.id), None),
        (None, Some(o)) => (None, Some(state.idp.find_org(o).await?.id)),
        _ => {
            return Err(ApiError::BadRequest(
                "exactly one of user or org is required".into(),
            ));
        }
    };
    let keys = state
        .idp
        .api_keys_of(user.as_deref(), org.as_deref())
        .await?;
    Ok(Json(
        keys.into_iter().map(|k| view(&state.idp, k)).collect(),
    ))
}

/// Revokes an API key.
#[utoipa::path(
    delete,
    path = "/api-keys/{id}",
    operation_id = "revoke_api_key",
    tag = "Admin: API keys",
    params(("id" = String, Path, description = "The key id (`key_…`)")),
    responses(
        AdminErrors,
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such API key", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn revoke(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    state.idp.revoke_api_key(&id, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
