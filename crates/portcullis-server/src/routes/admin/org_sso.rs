//! `/api/admin/orgs/{org}/domains…` and `/api/admin/orgs/{org}/sso-required`: an
//! organization's email domains (sent to its connection from the sign-in page) and
//! whether its connection is the only way in for them.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portcullis::Require;
use portcullis_proto::OrgDomainView;
use portcullis_proto::requests::AddOrgDomainRequest;

use super::errors::AdminErrors;
use super::{AdminRead, AdminWrite};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::state::AppState;

fn view(d: portcullis_idp::model::OrgDomainRow) -> OrgDomainView {
    OrgDomainView {
        domain: d.domain,
        verified_by: d.verified_by,
        created_at: d.created_at,
    }
}

/// Records that an organization owns an email domain.
///
/// An administrator's statement: from then on, an address in the domain is sent from the
/// sign-in page to the organization's connection (home realm discovery). A domain
/// belongs to one organization at most (409 otherwise).
#[utoipa::path(
    post,
    path = "/orgs/{org}/domains",
    operation_id = "add_org_domain",
    tag = "Admin: organizations",
    params(("org" = String, Path, description = "The organization: id (`org_…`) or slug")),
    request_body = portcullis_proto::requests::AddOrgDomainRequest,
    responses(
        AdminErrors,
        (status = 201, description = "The domain", body = portcullis_proto::OrgDomainView),
        (status = 404, description = "No such organization", body = portcullis_proto::MessageBody),
        (status = 409, description = "The domain belongs to an organization already", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn add(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(org): Path<String>,
    ApiJson(body): ApiJson<AddOrgDomainRequest>,
) -> Result<Response, ApiError> {
    let d = state
        .idp
        .add_org_domain(&org, &body.domain, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(view(d))).into_response())
}

/// An organization's email domains.
#[utoipa::path(
    get,
    path = "/orgs/{org}/domains",
    operation_id = "list_org_domains",
    tag = "Admin: organizations",
    params(("org" = String, Path, description = "The organization: id (`org_…`) or slug")),
    responses(
        AdminErrors,
        (status = 200, description = "The domains", body = Vec<portcullis_proto::OrgDomainView>),
        (status = 404, description = "No such organization", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<Json<Vec<OrgDomainView>>, ApiError> {
    let domains = state.idp.org_domains(&org).await?;
    Ok(Json(domains.into_iter().map(view).collect()))
}

/// Removes an email domain of an organization.
#[utoipa::path(
    delete,
    path = "/orgs/{org}/domains/{domain}",
    operation_id = "remove_org_domain",
    tag = "Admin: organizations",
    params(
        ("org" = String, Path, description = "The organization: id (`org_…`) or slug"),
        ("domain" = String, Path, description = "The domain")
    ),
    responses(
        AdminErrors,
        (status = 204, description = "Removed"),
        (status = 404, description = "No such organization or domain", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn remove(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path((org, domain)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    state
        .idp
        .remove_org_domain(&org, &domain, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Makes the organization's connection the only way in for its domains' users.
///
/// Their password, emailed codes and passkeys stop signing them in (the hosted sign-in
/// sends them to the connection; the JSON login refuses them).
#[utoipa::path(
    put,
    path = "/orgs/{org}/sso-required",
    operation_id = "require_org_sso",
    tag = "Admin: organizations",
    params(("org" = String, Path, description = "The organization: id (`org_…`) or slug")),
    responses(
        AdminErrors,
        (status = 204, description = "Required"),
        (status = 404, description = "No such organization", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn require(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<StatusCode, ApiError> {
    state
        .idp
        .set_org_require_sso(&org, true, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Lets the organization's domains' users sign in other ways again.
#[utoipa::path(
    delete,
    path = "/orgs/{org}/sso-required",
    operation_id = "lift_org_sso",
    tag = "Admin: organizations",
    params(("org" = String, Path, description = "The organization: id (`org_…`) or slug")),
    responses(
        AdminErrors,
        (status = 204, description = "Lifted"),
        (status = 404, description = "No such organization", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn lift(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<StatusCode, ApiError> {
    state
        .idp
        .set_org_require_sso(&org, false, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
