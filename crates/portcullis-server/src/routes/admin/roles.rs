//! `/api/admin/roles…` and `/api/admin/users/{user}/roles/{role}`: roles, the API
//! permissions they grant, and who has them.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use portcullis::Require;
use portcullis_idp::store::RoleRow;
use portcullis_proto::admin::ADMIN_ROLE;
use portcullis_proto::{GrantView, Page, RoleView};

use super::{AdminRead, AdminWrite, PageQuery};
use crate::body::JsonObject;
use crate::error::ApiError;
use crate::state::AppState;

async fn view(state: &AppState, role: RoleRow) -> Result<RoleView, ApiError> {
    let grants = state.idp.store().role_grants(&role.id).await?;
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

/// `?after=<role name>&limit=<1..=200>`, by name.
pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<RoleView>>, ApiError> {
    let page = PageQuery::only(raw.as_deref())?;
    let roles = state
        .idp
        .store()
        .list_roles(page.after.as_deref(), page.limit)
        .await?;
    let mut views = Vec::with_capacity(roles.len());
    for role in roles {
        views.push(view(&state, role).await?);
    }
    Ok(Json(page.page(views, |r| r.name.clone(), |r| r)))
}

/// Body: `name`, optional `description`. The role grants nothing until permissions are
/// granted to it.
pub(crate) async fn create(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = JsonObject::parse(&headers, &body)?;
    body.only(&["name", "description"])?;
    let name = body.required("name")?;
    let description = body.optional("description")?;
    let role = state
        .idp
        .new_role(&name, description.as_deref(), state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(view(&state, role).await?)).into_response())
}

/// `{role}` is the id (`rol_…`) or the name.
pub(crate) async fn get(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(role): Path<String>,
) -> Result<Json<RoleView>, ApiError> {
    let role = state.idp.find_role(&role).await?;
    Ok(Json(view(&state, role).await?))
}

/// Deletes the role; the built-in admin role cannot be deleted (409).
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

/// `PUT /roles/{role}/permissions/{api}/{permission}`: the role grants an existing
/// permission of the API (id or URL-encoded identifier). Idempotent.
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

/// `DELETE /roles/{role}/permissions/{api}/{permission}`; the built-in admin role keeps
/// the admin API's permissions (409).
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

/// `PUT /users/{user}/roles/{role}`: the user (id or email) gets the role (id or
/// name); their next tokens carry its permissions. Idempotent.
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

/// `DELETE /users/{user}/roles/{role}`: 404 if the user does not have it.
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
