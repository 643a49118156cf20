//! `/api/admin/roles…` and `/api/admin/users/{user}/roles/{role}`: roles, the API
//! permissions they grant, and who has them.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portcullis::Require;
use portcullis_idp::model::RoleRow;
use portcullis_proto::admin::ADMIN_ROLE;
use portcullis_proto::requests::CreateRoleRequest;
use portcullis_proto::{GrantView, Page, RoleView};

use super::errors::AdminErrors;
use super::{AdminRead, AdminWrite, PageQuery};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::state::AppState;

async fn view(state: &AppState, role: RoleRow) -> Result<RoleView, ApiError> {
    let grants = state.idp.role_grants(&role.id).await?;
    Ok(RoleView {
        id: role.id,
        name: role.name,
        description: role.description,
        created_at: role.created_at,
        permissions: grants
            .into_iter()
            .map(|g| GrantView {
                api: g.api,
                permission: g.permission,
            })
            .collect(),
    })
}

/// Lists roles, by name.
#[utoipa::path(
    get,
    path = "/roles",
    operation_id = "list_roles",
    tag = "Admin: roles",
    params(portcullis_proto::requests::PageParams),
    responses(
        AdminErrors,
        (status = 200, description = "A page of roles", body = portcullis_proto::Page<portcullis_proto::RoleView>)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<RoleView>>, ApiError> {
    let page = PageQuery::only(raw.as_deref())?;
    let roles = state
        .idp
        .list_roles(page.after.as_deref(), page.limit)
        .await?;
    let mut views = Vec::with_capacity(roles.len());
    for role in roles {
        views.push(view(&state, role).await?);
    }
    Ok(Json(page.page(views, |r| r.name.clone(), |r| r)))
}

/// Creates a role.
///
/// It grants nothing until permissions are granted to it.
#[utoipa::path(
    post,
    path = "/roles",
    operation_id = "create_role",
    tag = "Admin: roles",
    request_body = portcullis_proto::requests::CreateRoleRequest,
    responses(
        AdminErrors,
        (status = 201, description = "The new role", body = portcullis_proto::RoleView),
        (status = 409, description = "A role with this name already exists", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn create(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CreateRoleRequest>,
) -> Result<Response, ApiError> {
    let role = state
        .idp
        .new_role(&body.name, body.description.as_deref(), state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(view(&state, role).await?)).into_response())
}

/// Shows a role and what it grants.
#[utoipa::path(
    get,
    path = "/roles/{role}",
    operation_id = "get_role",
    tag = "Admin: roles",
    params(("role" = String, Path, description = "The role: id (`rol_…`) or name")),
    responses(
        AdminErrors,
        (status = 200, description = "The role", body = portcullis_proto::RoleView),
        (status = 404, description = "No such role", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn get(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(role): Path<String>,
) -> Result<Json<RoleView>, ApiError> {
    let role = state.idp.find_role(&role).await?;
    Ok(Json(view(&state, role).await?))
}

/// Deletes a role.
///
/// The built-in admin role cannot be deleted (409).
#[utoipa::path(
    delete,
    path = "/roles/{role}",
    operation_id = "delete_role",
    tag = "Admin: roles",
    params(("role" = String, Path, description = "The role: id (`rol_…`) or name")),
    responses(
        AdminErrors,
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such role", body = portcullis_proto::MessageBody),
        (status = 409, description = "The built-in admin role cannot be deleted", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn delete(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(role): Path<String>,
) -> Result<Response, ApiError> {
    let found = state.idp.find_role(&role).await?;
    if found.name == ADMIN_ROLE {
        return Err(ApiError::Conflict(format!(
            "the role {ADMIN_ROLE} is built in and cannot be deleted"
        )));
    }
    state.idp.delete_role(&found.id, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The role grants an existing permission of an API.
///
/// Idempotent.
#[utoipa::path(
    put,
    path = "/roles/{role}/permissions/{api}/{permission}",
    operation_id = "grant_permission",
    tag = "Admin: roles",
    params(("role" = String, Path, description = "The role: id (`rol_…`) or name"), ("api" = String, Path, description = "The API: id (`api_…`) or identifier (URL-encoded)"), ("permission" = String, Path, description = "The permission name")),
    responses(
        AdminErrors,
        (status = 204, description = "Granted"),
        (status = 404, description = "No such role, API or permission", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn grant(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path((role, api, permission)): Path<(String, String, String)>,
) -> Result<Json<RoleView>, ApiError> {
    state
        .idp
        .grant_role(&role, &api, &permission, state.clock.now())
        .await?;
    let role = state.idp.find_role(&role).await?;
    Ok(Json(view(&state, role).await?))
}

/// The role stops granting a permission.
///
/// The built-in admin role keeps the admin API's permissions (409).
#[utoipa::path(
    delete,
    path = "/roles/{role}/permissions/{api}/{permission}",
    operation_id = "revoke_permission",
    tag = "Admin: roles",
    params(("role" = String, Path, description = "The role: id (`rol_…`) or name"), ("api" = String, Path, description = "The API: id (`api_…`) or identifier (URL-encoded)"), ("permission" = String, Path, description = "The permission name")),
    responses(
        AdminErrors,
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such role, API or permission", body = portcullis_proto::MessageBody),
        (status = 409, description = "The admin role keeps the admin API's permissions", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn revoke(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path((role, api, permission)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let builtin = state.idp.find_role(&role).await?.name == ADMIN_ROLE
        && state.idp.find_api(&api).await?.identifier == super::apis::admin_audience(&state);
    if builtin {
        return Err(ApiError::Conflict(format!(
            "the role {ADMIN_ROLE} keeps the admin API's permissions"
        )));
    }
    state
        .idp
        .revoke_role(&role, &api, &permission, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Gives a user a role.
///
/// Their next tokens carry its permissions. Idempotent.
#[utoipa::path(
    put,
    path = "/users/{user}/roles/{role}",
    operation_id = "assign_role",
    tag = "Admin: roles",
    params(portcullis_proto::requests::UserPath, ("role" = String, Path, description = "The role: id (`rol_…`) or name")),
    responses(
        AdminErrors,
        (status = 204, description = "Assigned"),
        (status = 404, description = "No such user or role", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn assign(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path((user, role)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    state
        .idp
        .assign_role(&user, &role, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Takes a role from a user.
#[utoipa::path(
    delete,
    path = "/users/{user}/roles/{role}",
    operation_id = "unassign_role",
    tag = "Admin: roles",
    params(portcullis_proto::requests::UserPath, ("role" = String, Path, description = "The role: id (`rol_…`) or name")),
    responses(
        AdminErrors,
        (status = 204, description = "Taken away"),
        (status = 404, description = "No such user or role, or the user does not have it", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn unassign(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path((user, role)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    state
        .idp
        .unassign_role(&user, &role, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
