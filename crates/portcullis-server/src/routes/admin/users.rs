//! `/api/admin/users…`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use portcullis::Require;
use portcullis_idp::store::MAX_PAGE;
use portcullis_proto::{Page, UserView};

use super::{AdminRead, AdminWrite, query};
use crate::body::JsonObject;
use crate::error::ApiError;
use crate::routes::auth_api::user_view;
use crate::state::AppState;

pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<UserView>>, ApiError> {
    let q = query(raw.as_deref())?;
    let limit = match q.get("limit") {
        None => 50,
        Some(l) => l
            .parse::<i64>()
            .ok()
            .filter(|l| (1..=MAX_PAGE).contains(l))
            .ok_or_else(|| {
                ApiError::BadRequest(format!("limit must be between 1 and {MAX_PAGE}"))
            })?,
    };
    let users = state
        .idp
        .store()
        .list_users(
            q.get("search").map(String::as_str),
            q.get("after").map(String::as_str),
            limit,
        )
        .await?;
    let full = i64::try_from(users.len()).ok() == Some(limit);
    let next_after = users.last().filter(|_| full).map(|u| u.id.clone());
    Ok(Json(Page {
        items: users.iter().map(user_view).collect(),
        next_after,
    }))
}

pub(crate) async fn get(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(user): Path<String>,
) -> Result<Json<UserView>, ApiError> {
    Ok(Json(user_view(&state.idp.find_user(&user).await?)))
}

pub(crate) async fn create(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = JsonObject::parse(&headers, &body)?;
    let email = body.required("email")?;
    let password = body.required("password")?;
    let name = body.optional("name")?;
    let user = state
        .idp
        .create_user(&email, password, name, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(user_view(&user))).into_response())
}

pub(crate) async fn disable(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(user): Path<String>,
) -> Result<Json<UserView>, ApiError> {
    Ok(Json(user_view(
        &state.idp.disable_user(&user, state.clock.now()).await?,
    )))
}
