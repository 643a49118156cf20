//! `/api/admin/orgs…`.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portcullis::Require;
use portcullis_idp::model::MAX_PAGE;
use portcullis_proto::requests::{CreateOrgRequest, InviteRequest, SetMemberRequest};
use portcullis_proto::{MembershipView, OrgView, Page};

use super::errors::AdminErrors;
use super::{AdminRead, AdminWrite, PageQuery, membership_view, org_view, query_only};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::state::AppState;

/// Lists organizations, by id.
///
/// `search` filters by part of the name or slug.
#[utoipa::path(
    get,
    path = "/orgs",
    operation_id = "list_orgs",
    tag = "Admin: organizations",
    params(portcullis_proto::requests::OrgListParams),
    responses(
        AdminErrors,
        (status = 200, description = "A page of organizations", body = portcullis_proto::Page<portcullis_proto::OrgView>)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<OrgView>>, ApiError> {
    let q = query_only(raw.as_deref(), &["search", "after", "limit"])?;
    let page = PageQuery::parse(&q, 50, MAX_PAGE)?;
    let orgs = state
        .idp
        .list_orgs(
            q.get("search").map(String::as_str),
            page.after.as_deref(),
            page.limit,
        )
        .await?;
    Ok(Json(page.page(orgs, |o| o.id.clone(), org_view)))
}

/// Creates an organization, optionally with an owner.
#[utoipa::path(
    post,
    path = "/orgs",
    operation_id = "create_org",
    tag = "Admin: organizations",
    request_body = portcullis_proto::requests::CreateOrgRequest,
    responses(
        AdminErrors,
        (status = 201, description = "The new organization", body = portcullis_proto::OrgView),
        (status = 404, description = "No such owner", body = portcullis_proto::MessageBody),
        (status = 409, description = "The slug is taken", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn create(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CreateOrgRequest>,
) -> Result<Response, ApiError> {
    let CreateOrgRequest {
        name,
        slug,
        owner,
        metadata,
    } = body;
    let org = state
        .idp
        .create_org(&name, &slug, metadata, owner.as_deref(), state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(org_view(org))).into_response())
}

/// Shows an organization.
#[utoipa::path(
    get,
    path = "/orgs/{org}",
    operation_id = "get_org",
    tag = "Admin: organizations",
    params(("org" = String, Path, description = "The organization: id (`org_…`) or slug")),
    responses(
        AdminErrors,
        (status = 200, description = "The organization", body = portcullis_proto::OrgView),
        (status = 404, description = "No such organization", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn get(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<Json<OrgView>, ApiError> {
    Ok(Json(org_view(state.idp.find_org(&org).await?)))
}

/// Lists the members of an organization.
#[utoipa::path(
    get,
    path = "/orgs/{org}/members",
    operation_id = "list_members",
    tag = "Admin: organizations",
    params(("org" = String, Path, description = "The organization: id (`org_…`) or slug")),
    responses(
        AdminErrors,
        (status = 200, description = "The members", body = Vec<portcullis_proto::MembershipView>),
        (status = 404, description = "No such organization", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn members(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<Json<Vec<MembershipView>>, ApiError> {
    let org = state.idp.find_org(&org).await?;
    let members = state.idp.members(&org.id).await?;
    Ok(Json(members.into_iter().map(membership_view).collect()))
}

/// Makes a user a member with a role, or changes their role.
#[utoipa::path(
    put,
    path = "/orgs/{org}/members/{user}",
    operation_id = "set_member",
    tag = "Admin: organizations",
    params(("org" = String, Path, description = "The organization: id (`org_…`) or slug"), portcullis_proto::requests::UserPath),
    request_body = portcullis_proto::requests::SetMemberRequest,
    responses(
        AdminErrors,
        (status = 200, description = "The membership", body = portcullis_proto::MembershipView),
        (status = 404, description = "No such organization or user", body = portcullis_proto::MessageBody),
        (status = 409, description = "The last owner cannot be demoted", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn set_member(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path((org, user)): Path<(String, String)>,
    ApiJson(body): ApiJson<SetMemberRequest>,
) -> Result<Json<MembershipView>, ApiError> {
    let m = state
        .idp
        .set_member(&org, &user, &body.role, state.clock.now())
        .await?;
    Ok(Json(membership_view(m)))
}

/// Removes a member.
///
/// The last owner cannot be removed (409).
#[utoipa::path(
    delete,
    path = "/orgs/{org}/members/{user}",
    operation_id = "remove_member",
    tag = "Admin: organizations",
    params(("org" = String, Path, description = "The organization: id (`org_…`) or slug"), portcullis_proto::requests::UserPath),
    responses(
        AdminErrors,
        (status = 204, description = "Removed"),
        (status = 404, description = "No such organization or member", body = portcullis_proto::MessageBody),
        (status = 409, description = "The last owner cannot be removed", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
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

/// Invites someone by email.
///
/// The link goes by email (valid 7 days, single use), never in the answer.
#[utoipa::path(
    post,
    path = "/orgs/{org}/invitations",
    operation_id = "invite_member",
    tag = "Admin: organizations",
    params(("org" = String, Path, description = "The organization: id (`org_…`) or slug")),
    request_body = portcullis_proto::requests::InviteRequest,
    responses(
        AdminErrors,
        (status = 201, description = "The invitation", body = portcullis_proto::CreatedInvitation),
        (status = 404, description = "No such organization", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn invite(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(org): Path<String>,
    ApiJson(body): ApiJson<InviteRequest>,
) -> Result<Response, ApiError> {
    let email = body.email;
    let role = body.role.unwrap_or_else(|| "member".to_owned());
    let expires_at = state
        .idp
        .invite(&org, &email, &role, state.clock.now())
        .await?;
    let answer = portcullis_proto::CreatedInvitation {
        email: email.trim().to_lowercase(),
        role,
        expires_at,
    };
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}
