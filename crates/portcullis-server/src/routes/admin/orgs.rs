//! `/api/admin/orgs…`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use portcullis::Require;
use portcullis_proto::{MembershipView, OrgView};

use super::{AdminRead, AdminWrite, membership_view, org_view};
use crate::body::JsonObject;
use crate::error::ApiError;
use crate::state::AppState;

pub(crate) async fn create(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = JsonObject::parse(&headers, &body)?;
    let name = body.required("name")?;
    let slug = body.required("slug")?;
    let owner = body.optional("owner")?;
    let metadata = body.value("metadata");
    let org = state
        .idp
        .create_org(&name, &slug, metadata, owner.as_deref(), state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(org_view(org))).into_response())
}

pub(crate) async fn get(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<Json<OrgView>, ApiError> {
    Ok(Json(org_view(state.idp.find_org(&org).await?)))
}

pub(crate) async fn members(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<Json<Vec<MembershipView>>, ApiError> {
    let org = state.idp.find_org(&org).await?;
    let members = state.idp.store().members_of_org(&org.id).await?;
    Ok(Json(members.into_iter().map(membership_view).collect()))
}

pub(crate) async fn set_member(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path((org, user)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<MembershipView>, ApiError> {
    let body = JsonObject::parse(&headers, &body)?;
    let role = body.required("role")?;
    let m = state
        .idp
        .set_member(&org, &user, &role, state.clock.now())
        .await?;
    Ok(Json(membership_view(m)))
}

pub(crate) async fn remove_member(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path((org, user)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    state
        .idp
        .remove_member(&org, &user, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Body: `email`, optional `role` (default `member`). The link goes by email.
pub(crate) async fn invite(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = JsonObject::parse(&headers, &body)?;
    let email = body.required("email")?;
    let role = body
        .optional("role")?
        .unwrap_or_else(|| "member".to_owned());
    let expires_at = state
        .idp
        .invite(&org, &email, &role, state.clock.now())
        .await?;
    let answer = serde_json::json!({ "email": email.trim().to_lowercase(), "role": role, "expires_at": expires_at });
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}
