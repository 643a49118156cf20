//! `/api/admin/mfa-policy` and `…/{orgs,roles,clients}/{id}/mfa-required`: who must sign
//! in with a second factor.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portcullis::Require;
use portcullis_idp::MfaTarget;
use portcullis_proto::{MfaPolicyView, MfaTargetView};

use super::errors::AdminErrors;
use super::{AdminRead, AdminWrite};
use crate::error::ApiError;
use crate::state::AppState;

/// Shows who must sign in with a second factor.
#[utoipa::path(
    get,
    path = "/mfa-policy",
    operation_id = "get_mfa_policy",
    tag = "Admin: second factors",
    responses(
        AdminErrors,
        (status = 200, description = "Everyone (configuration), and the organizations, roles and clients marked", body = MfaPolicyView)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn get(
    _: Require<AdminRead>,
    State(state): State<AppState>,
) -> Result<Json<MfaPolicyView>, ApiError> {
    let policy = state.idp.mfa_policy().await?;
    let mut view = MfaPolicyView {
        everyone: policy.everyone,
        organizations: Vec::new(),
        roles: Vec::new(),
        clients: Vec::new(),
    };
    for (target, id, name) in policy.marked {
        let list = match target {
            MfaTarget::Organization => &mut view.organizations,
            MfaTarget::Role => &mut view.roles,
            MfaTarget::Client => &mut view.clients,
        };
        list.push(MfaTargetView { id, name });
    }
    Ok(Json(view))
}

async fn set(
    state: &AppState,
    target: MfaTarget,
    id: &str,
    required: bool,
) -> Result<StatusCode, ApiError> {
    state
        .idp
        .require_mfa(target, id, required, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Requires a second factor of an organization's members.
///
/// Members without one set up an authenticator app during their next sign-in; sessions
/// already open keep going until then. Idempotent; audited (`mfa.required`).
#[utoipa::path(
    put,
    path = "/orgs/{org}/mfa-required",
    operation_id = "require_org_mfa",
    tag = "Admin: second factors",
    params(("org" = String, Path, description = "The organization: id (`org_…`) or slug")),
    responses(
        AdminErrors,
        (status = 204, description = "Required"),
        (status = 404, description = "No such organization", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn require_org(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<StatusCode, ApiError> {
    set(&state, MfaTarget::Organization, &org, true).await
}

/// Lifts an organization's requirement. Idempotent; audited (`mfa.no_longer_required`).
#[utoipa::path(
    delete,
    path = "/orgs/{org}/mfa-required",
    operation_id = "lift_org_mfa",
    tag = "Admin: second factors",
    params(("org" = String, Path, description = "The organization: id (`org_…`) or slug")),
    responses(
        AdminErrors,
        (status = 204, description = "Not required any more"),
        (status = 404, description = "No such organization", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn lift_org(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<StatusCode, ApiError> {
    set(&state, MfaTarget::Organization, &org, false).await
}

/// Requires a second factor of a role's holders (as for an organization).
#[utoipa::path(
    put,
    path = "/roles/{role}/mfa-required",
    operation_id = "require_role_mfa",
    tag = "Admin: second factors",
    params(("role" = String, Path, description = "The role: id (`rol_…`) or name")),
    responses(
        AdminErrors,
        (status = 204, description = "Required"),
        (status = 404, description = "No such role", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn require_role(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(role): Path<String>,
) -> Result<StatusCode, ApiError> {
    set(&state, MfaTarget::Role, &role, true).await
}

/// Lifts a role's requirement.
#[utoipa::path(
    delete,
    path = "/roles/{role}/mfa-required",
    operation_id = "lift_role_mfa",
    tag = "Admin: second factors",
    params(("role" = String, Path, description = "The role: id (`rol_…`) or name")),
    responses(
        AdminErrors,
        (status = 204, description = "Not required any more"),
        (status = 404, description = "No such role", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn lift_role(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(role): Path<String>,
) -> Result<StatusCode, ApiError> {
    set(&state, MfaTarget::Role, &role, false).await
}

/// Requires a second factor of whoever signs in to a client (as for an organization).
#[utoipa::path(
    put,
    path = "/clients/{client}/mfa-required",
    operation_id = "require_client_mfa",
    tag = "Admin: second factors",
    params(("client" = String, Path, description = "The client id")),
    responses(
        AdminErrors,
        (status = 204, description = "Required"),
        (status = 404, description = "No such client", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn require_client(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(client): Path<String>,
) -> Result<StatusCode, ApiError> {
    set(&state, MfaTarget::Client, &client, true).await
}

/// Lifts a client's requirement.
#[utoipa::path(
    delete,
    path = "/clients/{client}/mfa-required",
    operation_id = "lift_client_mfa",
    tag = "Admin: second factors",
    params(("client" = String, Path, description = "The client id")),
    responses(
        AdminErrors,
        (status = 204, description = "Not required any more"),
        (status = 404, description = "No such client", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn lift_client(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(client): Path<String>,
) -> Result<StatusCode, ApiError> {
    set(&state, MfaTarget::Client, &client, false).await
}
