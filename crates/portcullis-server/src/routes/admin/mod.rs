//! The admin API (`/api/admin/*`), protected by the guard itself: a bearer token for the
//! audience `<issuer>api/admin` with `admin:read` (reads) or `admin:write` (changes).

pub(crate) mod api_keys;
mod apis;
mod audit;
mod clients;
mod connections;
mod consents;
mod errors;
mod factors;
mod invitations;
mod keys;
mod mfa_policy;
mod org_sso;
mod orgs;
mod roles;
mod sessions;
mod users;
mod webhooks;

use std::collections::HashMap;

use portcullis::{Policy, StaticPolicy};
use portcullis_proto::admin::{ADMIN_READ, ADMIN_WRITE};
use portcullis_proto::{MembershipView, OrgView, Page};

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

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

/// The admin routes and their OpenAPI operations, relative to `/api/admin`. Each
/// handler's `#[utoipa::path]` declares its method and path once; each `routes!` group
/// holds the handlers of one path, served there and documented together.
pub(crate) fn routes() -> OpenApiRouter<AppState> {
    let groups = [
        routes!(audit::list),
        routes!(users::list, users::create),
        routes!(users::get, users::update, users::delete),
        routes!(users::disable),
        routes!(factors::reset),
        routes!(mfa_policy::get),
        routes!(mfa_policy::require_org, mfa_policy::lift_org),
        routes!(mfa_policy::require_role, mfa_policy::lift_role),
        routes!(mfa_policy::require_client, mfa_policy::lift_client),
        routes!(sessions::list, sessions::revoke_all),
        routes!(sessions::revoke),
        routes!(consents::list),
        routes!(consents::revoke),
        routes!(roles::assign, roles::unassign),
        routes!(apis::list, apis::create),
        routes!(apis::get, apis::delete),
        routes!(apis::permissions, apis::add_permission),
        routes!(apis::remove_permission),
        routes!(roles::list, roles::create),
        routes!(roles::get, roles::delete),
        routes!(roles::grant, roles::revoke),
        routes!(clients::list, clients::create),
        routes!(clients::get, clients::update, clients::delete),
        routes!(orgs::list, orgs::create),
        routes!(orgs::get),
        routes!(orgs::members),
        routes!(org_sso::list, org_sso::add),
        routes!(org_sso::remove),
        routes!(org_sso::require, org_sso::lift),
        routes!(invitations::list, orgs::invite),
        routes!(invitations::revoke),
        routes!(orgs::set_member, orgs::remove_member),
        routes!(api_keys::list, api_keys::create),
        routes!(api_keys::revoke),
        routes!(connections::list, connections::create),
        routes!(connections::get, connections::update, connections::delete),
        routes!(connections::identities),
        routes!(connections::unlink),
        routes!(webhooks::list, webhooks::create),
        routes!(webhooks::delete),
        routes!(keys::list),
        routes!(keys::rotate),
    ];
    groups
        .into_iter()
        .fold(OpenApiRouter::default(), |router, group| {
            // A group naming two paths would serve every handler of it on both.
            debug_assert_eq!(group.1.paths.len(), 1, "one path per routes! group");
            router.routes(group)
        })
}

/// [`routes`], with every successful change audited (the caller adds the guard outside).
pub(crate) fn router(state: AppState) -> OpenApiRouter<AppState> {
    routes().route_layer(axum::middleware::from_fn_with_state(
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
            portcullis_idp::model::MAX_PAGE,
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

pub(crate) fn org_view(org: portcullis_idp::model::OrgRow) -> OrgView {
    OrgView {
        metadata: serde_json::from_str(&org.metadata).unwrap_or_else(|_| serde_json::json!({})),
        id: org.id,
        name: org.name,
        slug: org.slug,
        created_at: org.created_at,
    }
}

pub(crate) fn membership_view(m: portcullis_idp::model::MembershipRow) -> MembershipView {
    MembershipView {
        org_id: m.org_id,
        org_slug: m.org_slug,
        user_id: m.user_id,
        email: m.email,
        role: m.role,
    }
}
