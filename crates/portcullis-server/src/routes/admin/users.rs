//! `/api/admin/users…`.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portcullis::Require;
use portcullis_idp::UserUpdate;
use portcullis_idp::model::{MAX_PAGE, UserRow};
use portcullis_proto::requests::{CreateUserRequest, UpdateUserRequest};
use portcullis_proto::{AdminUserView, Page};

use super::errors::AdminErrors;
use super::{AdminRead, AdminWrite, PageQuery, query};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::routes::auth_api::user_view;
use crate::state::AppState;

pub(crate) fn admin_user_view(user: &UserRow) -> AdminUserView {
    AdminUserView {
        user: user_view(user),
        disabled: user.disabled,
    }
}

/// Lists users, by id.
///
/// `search` filters by part of the email.
#[utoipa::path(
    get,
    path = "/users",
    operation_id = "list_users",
    tag = "Admin: users",
    params(portcullis_proto::requests::UserListParams),
    responses(
        AdminErrors,
        (status = 200, description = "A page of users", body = portcullis_proto::Page<portcullis_proto::AdminUserView>)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<AdminUserView>>, ApiError> {
    let q = query(raw.as_deref())?;
    let page = PageQuery::parse(&q, 50, MAX_PAGE)?;
    let users = state
        .idp
        .list_users(
            q.get("search").map(String::as_str),
            page.after.as_deref(),
            page.limit,
        )
        .await?;
    Ok(Json(page.page(
        users,
        |u| u.id.clone(),
        |u| admin_user_view(&u),
    )))
}

/// Shows a user.
#[utoipa::path(
    get,
    path = "/users/{user}",
    operation_id = "get_user",
    tag = "Admin: users",
    params(portcullis_proto::requests::UserPath),
    responses(
        AdminErrors,
        (status = 200, description = "The user", body = portcullis_proto::AdminUserView),
        (status = 404, description = "No such user", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn get(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(user): Path<String>,
) -> Result<Json<AdminUserView>, ApiError> {
    Ok(Json(admin_user_view(&state.idp.find_user(&user).await?)))
}

/// Creates a user with a password.
#[utoipa::path(
    post,
    path = "/users",
    operation_id = "create_user",
    tag = "Admin: users",
    request_body = portcullis_proto::requests::CreateUserRequest,
    responses(
        AdminErrors,
        (status = 201, description = "The new user", body = portcullis_proto::AdminUserView),
        (status = 409, description = "An account with this email already exists", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn create(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CreateUserRequest>,
) -> Result<Response, ApiError> {
    let user = state
        .idp
        .create_user(&body.email, body.password, body.name, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(admin_user_view(&user))).into_response())
}

/// Changes a user.
///
/// Any of `name` (a string, or `null` to clear it), `email` (re-normalized, must be free,
/// becomes unverified), `disabled` (`false` re-enables the account).
#[utoipa::path(
    patch,
    path = "/users/{user}",
    operation_id = "update_user",
    tag = "Admin: users",
    params(portcullis_proto::requests::UserPath),
    request_body = portcullis_proto::requests::UpdateUserRequest,
    responses(
        AdminErrors,
        (status = 200, description = "The changed user", body = portcullis_proto::AdminUserView),
        (status = 404, description = "No such user", body = portcullis_proto::MessageBody),
        (status = 409, description = "The email belongs to another account", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn update(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(user): Path<String>,
    ApiJson(body): ApiJson<UpdateUserRequest>,
) -> Result<Json<AdminUserView>, ApiError> {
    let change = UserUpdate {
        name: body.name,
        email: body.email,
        disabled: body.disabled,
    };
    if change.name.is_none() && change.email.is_none() && change.disabled.is_none() {
        return Err(ApiError::BadRequest(
            "nothing to change: give name, email or disabled".into(),
        ));
    }
    let user = state
        .idp
        .update_user(&user, change, state.clock.now())
        .await?;
    Ok(Json(admin_user_view(&user)))
}

/// Deletes a user and what hangs off them.
///
/// Their sessions, memberships, roles and API keys go too; the last owner of an
/// organization cannot be deleted (409).
#[utoipa::path(
    delete,
    path = "/users/{user}",
    operation_id = "delete_user",
    tag = "Admin: users",
    params(portcullis_proto::requests::UserPath),
    responses(
        AdminErrors,
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such user", body = portcullis_proto::MessageBody),
        (status = 409, description = "The user is the last owner of an organization", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn delete(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(user): Path<String>,
) -> Result<Response, ApiError> {
    state.idp.delete_user(&user, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Disables a user: no login, no refresh.
#[utoipa::path(
    post,
    path = "/users/{user}/disable",
    operation_id = "disable_user",
    tag = "Admin: users",
    params(portcullis_proto::requests::UserPath),
    responses(
        AdminErrors,
        (status = 200, description = "The disabled user", body = portcullis_proto::AdminUserView),
        (status = 404, description = "No such user", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn disable(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(user): Path<String>,
) -> Result<Json<AdminUserView>, ApiError> {
    Ok(Json(admin_user_view(
        &state.idp.disable_user(&user, state.clock.now()).await?,
    )))
}
