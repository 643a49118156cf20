//! The admin API (`/api/admin/*`), protected by the guard itself: a bearer token for the
//! audience `<issuer>api/admin` with `admin:read` (reads) or `admin:write` (changes).

pub(crate) mod api_keys;
mod apis;
mod audit;
mod clients;
mod consents;
mod doc;
mod invitations;
mod keys;
mod orgs;
mod roles;
mod sessions;
mod users;
mod webhooks;

use std::collections::HashMap;

use portcullis::{Policy, StaticPolicy};
use portcullis_proto::admin::{ADMIN_READ, ADMIN_WRITE};
use portcullis_proto::{MembershipView, OrgView, Page};

use crate::error::ApiError;
use crate::route_table::{Routes, delete, get, post, put};
use crate::state::AppState;

pub(crate) use doc::AdminApi;

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
pub(crate) fn router(state: AppState) -> Routes<AppState> {
    Routes::new()
        .route("/audit", get(audit::list))
        .route("/users", get(users::list).post(users::create))
        .route(
            "/users/{user}",
            get(users::get).patch(users::update).delete(users::delete),
        )
        .route("/users/{user}/disable", post(users::disable))
        .route(
            "/users/{user}/sessions",
            get(sessions::list).delete(sessions::revoke_all),
        )
        .route("/users/{user}/sessions/{session}", delete(sessions::revoke))
        .route("/users/{user}/consents", get(consents::list))
        .route("/users/{user}/consents/{client}", delete(consents::revoke))
        .route(
            "/users/{user}/roles/{role}",
            put(roles::assign).delete(roles::unassign),
        )
        .route("/apis", get(apis::list).post(apis::create))
        .route("/apis/{api}", get(apis::get).delete(apis::delete))
        .route(
            "/apis/{api}/permissions",
            get(apis::permissions).post(apis::add_permission),
        )
        .route(
            "/apis/{api}/permissions/{permission}",
            delete(apis::remove_permission),
        )
        .route("/roles", get(roles::list).post(roles::create))
        .route("/roles/{role}", get(roles::get).delete(roles::delete))
        .route(
            "/roles/{role}/permissions/{api}/{permission}",
            put(roles::grant).delete(roles::revoke),
        )
        .route("/clients", get(clients::list).post(clients::create))
        .route(
            "/clients/{client}",
            get(clients::get)
                .patch(clients::update)
                .delete(clients::delete),
        )
        .route("/orgs", get(orgs::list).post(orgs::create))
        .route("/orgs/{org}", get(orgs::get))
        .route("/orgs/{org}/members", get(orgs::members))
        .route(
            "/orgs/{org}/invitations",
            get(invitations::list).post(orgs::invite),
        )
        .route("/orgs/{org}/invitations/{id}", delete(invitations::revoke))
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

/// Where a page starts and how long it is: `?after=` (exclusive) and `?limit=`
/// (1..=`max`, `default` when absent).
pub(crate) struct PageQuery {
    pub(crate) after: Option<String>,
    pub(crate) limit: i64,
}

impl PageQuery {
    /// Reads `after` and `limit` from the query parameters.
    pub(crate) fn parse(
        q: &HashMap<String, String>,
        default: i64,
        max: i64,
    ) -> Result<Self, ApiError> {
        let limit = match q.get("limit") {
            None => default,
            Some(l) => l
                .parse::<i64>()
                .ok()
                .filter(|l| (1..=max).contains(l))
                .ok_or_else(|| {
                    ApiError::BadRequest(format!("limit must be between 1 and {max}"))
                })?,
        };
        Ok(Self {
            after: q.get("after").cloned(),
            limit,
        })
    }

    /// `?after=…&limit=…` alone (other parameters are refused).
    pub(crate) fn only(raw: Option<&str>) -> Result<Self, ApiError> {
        Self::parse(
            &query_only(raw, &["after", "limit"])?,
            50,
            portcullis_idp::store::MAX_PAGE,
        )
    }

    /// The page of `rows` (one query of at most `limit`): a full page says where the
    /// next one starts (`cursor` of its last row).
    pub(crate) fn page<R, V>(
        &self,
        rows: Vec<R>,
        cursor: impl Fn(&R) -> String,
        view: impl FnMut(R) -> V,
    ) -> Page<V> {
        let full = i64::try_from(rows.len()).ok() == Some(self.limit);
        let next_after = rows.last().filter(|_| full).map(cursor);
        Page {
            items: rows.into_iter().map(view).collect(),
            next_after,
        }
    }
}

/// [`query`], refusing any parameter not in `allowed`.
pub(crate) fn query_only(
    raw: Option<&str>,
    allowed: &[&str],
) -> Result<HashMap<String, String>, ApiError> {
    let q = query(raw)?;
    if let Some(k) = q.keys().find(|k| !allowed.contains(&k.as_str())) {
        let expected = if allowed.is_empty() {
            "this list takes none".to_owned()
        } else {
            format!("expected {}", allowed.join(", "))
        };
        return Err(ApiError::BadRequest(format!(
            "unknown query parameter {k} ({expected})"
        )));
    }
    Ok(q)
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
