//! `OrgScoped`: the organization in the path must be the token's active organization.

use axum::extract::{FromRequestParts, RawPathParams};
use http::request::Parts;

use super::outcome;
use crate::{GuardError, Principal, Rejection};

/// Path parameters that name an organization, tried in this order.
const ORG_PARAMS: [&str; 3] = ["org_id", "org", "org_slug"];

/// For routes like `/orgs/{org_id}/…`: passes only when the organization named in the
/// path (by id or slug, in a parameter called `org_id`, `org` or `org_slug`) is the
/// token's active organization. No token → 401; another organization, or none → 403.
/// Holds the caller's [`Principal`].
///
/// ```
/// use axum::{Router, routing::get};
/// use portcullis::OrgScoped;
///
/// async fn reports(caller: OrgScoped) -> String {
///     format!("reports of {}", caller.org_id().unwrap_or_default())
/// }
/// let app: Router = Router::new().route("/orgs/{org_id}/reports", get(reports));
/// # let _ = app;
/// ```
#[derive(Debug, Clone)]
pub struct OrgScoped(pub Principal);

impl std::ops::Deref for OrgScoped {
    type Target = Principal;

    fn deref(&self) -> &Principal {
        &self.0
    }
}

impl<S: Send + Sync> FromRequestParts<S> for OrgScoped {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let (principal, guard) = outcome(parts)?;
        let Some(principal) = principal.cloned() else {
            return Err(guard.rejection(GuardError::MissingCredentials));
        };
        let guard = guard.clone();
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| {
                guard.rejection(GuardError::Misconfigured(
                    "OrgScoped on a route without path parameters",
                ))
            })?;
        let named = params
            .iter()
            .find(|(name, _)| ORG_PARAMS.contains(name))
            .map(|(_, value)| value.to_owned());
        let Some(named) = named else {
            return Err(guard.rejection(GuardError::Misconfigured(
                "OrgScoped needs an {org_id}, {org} or {org_slug} path parameter",
            )));
        };
        let matches = principal.org_id() == Some(named.as_str())
            || principal.org_slug() == Some(named.as_str());
        if matches {
            Ok(OrgScoped(principal))
        } else {
            Err(guard.rejection(GuardError::InsufficientScope {
                required: format!("org:{named}"),
            }))
        }
    }
}
