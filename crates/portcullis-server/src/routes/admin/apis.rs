//! `/api/admin/apis…`: APIs (resource servers, the audiences of tokens) and their
//! permissions.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portcullis::Require;
use portcullis_idp::model::{ApiRow, PermissionRow};
use portcullis_proto::requests::{CreateApiRequest, CreatePermissionRequest};
use portcullis_proto::{ApiView, Page, PermissionView};

use super::errors::AdminErrors;
use super::{AdminRead, AdminWrite, PageQuery};
use crate::error::ApiError;
use crate::extract::ApiJson;
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

/// Lists APIs (resource servers), by identifier.
#[utoipa::path(
    get,
    path = "/apis",
    operation_id = "list_apis",
    tag = "Admin: APIs",
    params(portcullis_proto::requests::PageParams),
    responses(
        AdminErrors,
        (status = 200, description = "A page of APIs", body = portcullis_proto::Page<portcullis_proto::ApiView>)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<ApiView>>, ApiError> {
    let page = PageQuery::only(raw.as_deref())?;
    let apis = state
        .idp
        .list_apis(page.after.as_deref(), page.limit)
        .await?;
    Ok(Json(page.page(apis, |a| a.identifier.clone(), view)))
}

/// Registers an API, optionally with permissions.
#[utoipa::path(
    post,
    path = "/apis",
    operation_id = "create_api",
    tag = "Admin: APIs",
    request_body = portcullis_proto::requests::CreateApiRequest,
    responses(
        AdminErrors,
        (status = 201, description = "The new API", body = portcullis_proto::ApiView),
        (status = 409, description = "An API with this identifier already exists", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn create(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CreateApiRequest>,
) -> Result<Response, ApiError> {
    let name = body.name.unwrap_or_default();
    let permissions = body.permissions.unwrap_or_default();
    let permissions: Vec<&str> = permissions.iter().map(String::as_str).collect();
    let api = state
        .idp
        .create_api(&body.identifier, &name, &permissions, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(view(api))).into_response())
}

/// Shows an API.
#[utoipa::path(
    get,
    path = "/apis/{api}",
    operation_id = "get_api",
    tag = "Admin: APIs",
    params(("api" = String, Path, description = "The API: id (`api_…`) or identifier (URL-encoded)")),
    responses(
        AdminErrors,
        (status = 200, description = "The API", body = portcullis_proto::ApiView),
        (status = 404, description = "No such API", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn get(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(api): Path<String>,
) -> Result<Json<ApiView>, ApiError> {
    Ok(Json(view(state.idp.find_api(&api).await?)))
}

/// Deletes an API with its permissions and every grant of them.
///
/// The admin API itself cannot be deleted (409).
#[utoipa::path(
    delete,
    path = "/apis/{api}",
    operation_id = "delete_api",
    tag = "Admin: APIs",
    params(("api" = String, Path, description = "The API: id (`api_…`) or identifier (URL-encoded)")),
    responses(
        AdminErrors,
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such API", body = portcullis_proto::MessageBody),
        (status = 409, description = "The admin API cannot be deleted", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
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

/// Lists an API's permissions, by name.
#[utoipa::path(
    get,
    path = "/apis/{api}/permissions",
    operation_id = "list_permissions",
    tag = "Admin: APIs",
    params(("api" = String, Path, description = "The API: id (`api_…`) or identifier (URL-encoded)"), portcullis_proto::requests::PageParams),
    responses(
        AdminErrors,
        (status = 200, description = "A page of permissions", body = portcullis_proto::Page<portcullis_proto::PermissionView>),
        (status = 404, description = "No such API", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:read"]))
)]
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
        .list_permissions(&api.id, page.after.as_deref(), page.limit)
        .await?;
    Ok(Json(page.page(rows, |p| p.name.clone(), permission_view)))
}

/// Adds a permission to an API.
#[utoipa::path(
    post,
    path = "/apis/{api}/permissions",
    operation_id = "create_permission",
    tag = "Admin: APIs",
    params(("api" = String, Path, description = "The API: id (`api_…`) or identifier (URL-encoded)")),
    request_body = portcullis_proto::requests::CreatePermissionRequest,
    responses(
        AdminErrors,
        (status = 201, description = "The new permission", body = portcullis_proto::PermissionView),
        (status = 404, description = "No such API", body = portcullis_proto::MessageBody),
        (status = 409, description = "The API has this permission already", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn add_permission(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(api): Path<String>,
    ApiJson(body): ApiJson<CreatePermissionRequest>,
) -> Result<Response, ApiError> {
    let CreatePermissionRequest { name, description } = body;
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

/// Removes a permission from an API and from every role and client granting it.
#[utoipa::path(
    delete,
    path = "/apis/{api}/permissions/{permission}",
    operation_id = "delete_permission",
    tag = "Admin: APIs",
    params(("api" = String, Path, description = "The API: id (`api_…`) or identifier (URL-encoded)"), ("permission" = String, Path, description = "The permission name")),
    responses(
        AdminErrors,
        (status = 204, description = "Removed"),
        (status = 404, description = "No such API or permission", body = portcullis_proto::MessageBody),
        (status = 409, description = "The admin API's permissions cannot be removed", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
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
