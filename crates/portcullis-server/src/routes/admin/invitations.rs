//! `/api/admin/orgs/{org}/invitations…`: the pending invitations, and withdrawing one.
//! Sending one is `orgs::invite`.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portcullis::Require;
use portcullis_proto::{InvitationView, Page};

use super::errors::AdminErrors;
use super::{AdminRead, AdminWrite, query_only};
use crate::error::ApiError;
use crate::state::AppState;

/// Lists an organization's pending invitations, newest first.
///
/// Pending: neither accepted nor expired (they live 7 days). At most 500, in one page.
#[utoipa::path(
    get,
    path = "/orgs/{org}/invitations",
    operation_id = "list_invitations",
    tag = "Admin: organizations",
    params(("org" = String, Path, description = "The organization: id (`org_…`) or slug")),
    responses(
        AdminErrors,
        (status = 200, description = "The pending invitations (one page)", body = portcullis_proto::Page<portcullis_proto::InvitationView>),
        (status = 404, description = "No such organization", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(org): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<InvitationView>>, ApiError> {
    query_only(raw.as_deref(), &[])?;
    let pending = state
        .idp
        .pending_invitations(&org, state.clock.now())
        .await?;
    Ok(Json(Page {
        items: pending
            .into_iter()
            .map(|i| InvitationView {
                id: i.id,
                email: i.email,
                role: i.role,
                created_at: i.created_at,
                expires_at: i.expires_at,
            })
            .collect(),
        next_after: None,
    }))
}

/// Withdraws a pending invitation: its link stops working.
#[utoipa::path(
    delete,
    path = "/orgs/{org}/invitations/{id}",
    operation_id = "revoke_invitation",
    tag = "Admin: organizations",
    params(
        ("org" = String, Path, description = "The organization: id (`org_…`) or slug"),
        ("id" = String, Path, description = "The invitation's id, from the list")
    ),
    responses(
        AdminErrors,
        (status = 204, description = "Withdrawn"),
        (status = 404, description = "No such organization, or no such pending invitation", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn revoke(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path((org, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    state
        .idp
        .revoke_invitation(&org, &id, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
