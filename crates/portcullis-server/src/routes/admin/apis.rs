//! `/api/admin/apis…`: APIs (resource servers, the audiences of tokens) and their
//! permissions.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use portcullis::Require;
use portcullis_idp::store::{ApiRow, PermissionRow};
use portcullis_proto::{ApiView, Page, PermissionView};

use super::{AdminRead, AdminWrite, PageQuery};
use crate::body::JsonObject;
use crate::error::ApiError;
use crate::state::AppState;

fn view(api: ApiRow) -> ApiView {
    ApiView {
        id: api.id,
        identifier: api.identifier,
        name: api.name,
        created_at: api.created_at,
    }
}

fn permission_view(p: PermissionRow) -> PermissionView {
    PermissionView {
        name: p.name,
        description: p.description,
    }
}

/// The admin API's own audience: deleting it would lock every administrator out.
pub(crate) fn admin_audience(state: &AppState) -> String {
    format!(
        "{}{}",
        state.idp.config().issuer,
        portcullis_proto::admin::ADMIN_AUDIENCE_PATH
    )
}

/// `?after=<identifier>&limit=<1..=200>`, by identifier.
pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<ApiView>>, ApiError> {
    let page = PageQuery::only(raw.as_deref())?;
    let apis = state
        .idp
        .store()
        .list_apis(page.after.as_deref(), page.limit)
        .await?;
    Ok(Json(page.page(apis, |a| a.identifier.clone(), view)))
}

/// Body: `identifier`, optional `name`, optional `permissions` (array of names).
pub(crate) async fn create(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = JsonObject::parse(&headers, &body)?;
    body.only(&["identifier", "name", "permissions"])?;
    let identifier = body.required("identifier")?;
    let name = body.optional("name")?.unwrap_or_default();
    let permissions = body.strings("permissions", 100)?.unwrap_or_default();
    let permissions: Vec<&str> = permissions.iter().map(String::as_str).collect();
    let api = state
        .idp
        .create_api(&identifier, &name, &permissions, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(view(api))).into_response())
}

/// `{api}` is the id (`api_…`) or the identifier (URL-encoded).
pub(crate) async fn get(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(api): Path<String>,
) -> Result<Json<ApiView>, ApiError> {
    Ok(Json(view(state.idp.find_api(&api).await?)))
}

/// Deletes the API with its permissions and every grant of them; the admin API itself
/// cannot be deleted (409).
pub(crate) async fn delete(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(api): Path<String>,
) -> Result<Response, ApiError> {
    let found = state.idp.find_api(&api).await?;
    if found.identifier == admin_audience(&state) {
        return Err(ApiError::Conflict(
            "the admin API cannot be deleted: administrators' tokens are for it".into(),
        ));
    }
    state.idp.delete_api(&found.id, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `?after=<permission>&limit=<1..=200>`, by name.
pub(crate) async fn permissions(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(api): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<PermissionView>>, ApiError> {
    let page = PageQuery::only(raw.as_deref())?;
    let api = state.idp.find_api(&api).await?;
    let rows = state
        .idp
        .store()
        .list_permissions(&api.id, page.after.as_deref(), page.limit)
        .await?;
    Ok(Json(page.page(rows, |p| p.name.clone(), permission_view)))
}

/// Body: `name`, optional `description`. 409 if the API has it already.
pub(crate) async fn add_permission(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(api): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = JsonObject::parse(&headers, &body)?;
    body.only(&["name", "description"])?;
    let name = body.required("name")?;
    let description = body.optional("description")?;
    state
        .idp
        .create_permission(&api, &name, description.as_deref(), state.clock.now())
        .await?;
    let created = PermissionView {
        name,
        description: description
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty()),
    };
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// Removes the permission from the API and from every role and client granting it.
pub(crate) async fn remove_permission(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path((api, permission)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let api = state.idp.find_api(&api).await?;
    if api.identifier == admin_audience(&state) {
        return Err(ApiError::Conflict(
            "the admin API's permissions cannot be removed".into(),
        ));
    }
    state
        .idp
        .remove_permission(&api.id, &permission, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
