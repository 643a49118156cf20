//! `/api/admin/users/{user}/sessions…`: a user's active sessions (refresh-token
//! families), listed without token material, and revoked.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portcullis::Require;
use portcullis_idp::model::SessionSummary;
use portcullis_proto::{Page, SessionView};

use super::errors::AdminErrors;
use super::{AdminRead, AdminWrite, PageQuery};
use crate::error::ApiError;
use crate::state::AppState;

fn view(s: SessionSummary) -> SessionView {
    SessionView {
        id: s.id,
        client_id: s.client_id,
        audience: s.audience,
        org_id: s.org_id,
        created_at: s.created_at,
        last_used_at: s.last_used_at,
        expires_at: s.expires_at,
        idle_expires_at: s.idle_expires_at,
    }
}

/// Lists a user's active sessions, without token material.
#[utoipa::path(
    get,
    path = "/users/{user}/sessions",
    operation_id = "list_sessions",
    tag = "Admin: users",
    params(portcullis_proto::requests::UserPath, portcullis_proto::requests::PageParams),
    responses(
        AdminErrors,
        (status = 200, description = "A page of sessions", body = portcullis_proto::Page<portcullis_proto::SessionView>),
        (status = 404, description = "No such user", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(user): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<SessionView>>, ApiError> {
    let page = PageQuery::only(raw.as_deref())?;
    let sessions = state
        .idp
        .list_sessions(&user, page.after.as_deref(), page.limit, state.clock.now())
        .await?;
    Ok(Json(page.page(sessions, |s| s.id.clone(), view)))
}

/// Revokes every session of the user (browser sign-ins too).
#[utoipa::path(
    delete,
    path = "/users/{user}/sessions",
    operation_id = "revoke_sessions",
    tag = "Admin: users",
    params(portcullis_proto::requests::UserPath),
    responses(
        AdminErrors,
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such user", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn revoke_all(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(user): Path<String>,
) -> Result<Response, ApiError> {
    state.idp.revoke_sessions(&user, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Revokes one session of the user.
#[utoipa::path(
    delete,
    path = "/users/{user}/sessions/{session}",
    operation_id = "revoke_session",
    tag = "Admin: users",
    params(portcullis_proto::requests::UserPath, ("session" = String, Path, description = "The session id (`ses_…`)")),
    responses(
        AdminErrors,
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such user or session", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn revoke(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path((user, session)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    state
        .idp
        .revoke_user_session(&user, &session, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
