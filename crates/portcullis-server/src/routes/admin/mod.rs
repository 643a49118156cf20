//! The admin API (`/api/admin/*`), protected by the guard itself: a bearer token for the
//! audience `<issuer>api/admin` with `admin:read` (reads) or `admin:write` (changes).

mod api_keys;
mod audit;
mod keys;
mod orgs;
mod users;
mod webhooks;

use std::collections::HashMap;

use axum::Router;
use axum::routing::{delete, get, post, put};
use portcullis::{Policy, StaticPolicy};
use portcullis_proto::admin::{ADMIN_READ, ADMIN_WRITE};
use portcullis_proto::{MembershipView, OrgView};

use crate::error::ApiError;
use crate::state::AppState;

/// Reads need `admin:read`.
pub(crate) struct AdminRead;
impl StaticPolicy for AdminRead {
    fn policy() -> Policy {
        Policy::permission(ADMIN_READ)
    }
}

/// Changes need `admin:write`.
pub(crate) struct AdminWrite;
impl StaticPolicy for AdminWrite {
    fn policy() -> Policy {
        Policy::permission(ADMIN_WRITE)
    }
}

/// The admin routes, relative to `/api/admin` (the caller adds the guard outside).
pub(crate) fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/audit", get(audit::list))
        .route("/users", get(users::list).post(users::create))
        .route("/users/{user}", get(users::get))
        .route("/users/{user}/disable", post(users::disable))
        .route("/orgs", post(orgs::create))
        .route("/orgs/{org}", get(orgs::get))
        .route("/orgs/{org}/members", get(orgs::members))
        .route("/orgs/{org}/invitations", post(orgs::invite))
        .route(
            "/orgs/{org}/members/{user}",
            put(orgs::set_member).delete(orgs::remove_member),
        )
        .route("/api-keys", get(api_keys::list).post(api_keys::create))
        .route("/api-keys/{id}", delete(api_keys::revoke))
        .route("/webhooks", get(webhooks::list).post(webhooks::create))
        .route("/webhooks/{id}", delete(webhooks::delete))
        .route("/keys", get(keys::list))
        .route("/keys/rotate", post(keys::rotate))
        .route_layer(axum::middleware::from_fn_with_state(
            state,
            audit::record_changes,
        ))
}

/// Query parameters, each at most once, with JSON errors.
pub(crate) fn query(raw: Option<&str>) -> Result<HashMap<String, String>, ApiError> {
    let mut map = HashMap::new();
    for (k, v) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        if map.insert(k.to_string(), v.into_owned()).is_some() {
            return Err(ApiError::BadRequest(format!(
                "query parameter {k} is repeated"
            )));
        }
    }
    Ok(map)
}

pub(crate) fn org_view(org: portcullis_idp::store::OrgRow) -> OrgView {
    OrgView {
        metadata: serde_json::from_str(&org.metadata).unwrap_or_else(|_| serde_json::json!({})),
        id: org.id,
        name: org.name,
        slug: org.slug,
        created_at: org.created_at,
    }
}

pub(crate) fn membership_view(m: portcullis_idp::store::MembershipRow) -> MembershipView {
    MembershipView {
        org_id: m.org_id,
        org_slug: m.org_slug,
        user_id: m.user_id,
        email: m.email,
        role: m.role,
    }
}
