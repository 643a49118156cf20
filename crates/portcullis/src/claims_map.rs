//! ③ Reading identity out of claims, across issuers: Auth0 (`permissions`, `scope`,
//! `org_id`), Clerk (`sid`, `azp`, `org_*` and the v2 `o` object), Keycloak
//! (`realm_access.roles`), RFC 9068 (`client_id`, `scope`), and configurable claim paths.
//!
//! `permissions` are platform-wide. Organization grants (`org_permissions`, Clerk's
//! `o.per`) stay apart and pass only organization policies ([`crate::Policy::org_permission`]),
//! unless an API opts in with [`ClaimsMapping::merge_org_permissions`].

use serde_json::{Map, Value};

/// Which claims hold roles and permissions, for issuers that use custom names
/// (e.g. an Auth0 action adding `https://example.com/roles`).
///
/// By default permissions come from `permissions` only: what the caller may do across
/// the whole platform. What an organization role grants inside that organization
/// (`org_permissions`, Clerk's `o.per`) is read separately, by
/// [`crate::Principal::org_permissions`] and [`crate::Policy::org_permission`].
///
/// ```
/// use portcullis::ClaimsMapping;
/// let m = ClaimsMapping::default().roles_claim("https://example.com/roles");
/// # let _ = m;
/// ```
#[derive(Debug, Clone)]
pub struct ClaimsMapping {
    roles: Vec<String>,
    permissions: Vec<String>,
}

impl Default for ClaimsMapping {
    fn default() -> Self {
        ClaimsMapping {
            roles: vec!["roles".into(), "realm_access.roles".into()],
            permissions: vec!["permissions".into()],
        }
    }
}

impl ClaimsMapping {
    /// Also read roles from this claim (a dotted path such as `resource_access.api.roles`
    /// is followed through objects; a claim name containing dots is tried whole first).
    pub fn roles_claim(mut self, path: impl Into<String>) -> Self {
        self.roles.insert(0, path.into());
        self
    }

    /// Also read permissions from this claim.
    pub fn permissions_claim(mut self, path: impl Into<String>) -> Self {
        self.permissions.insert(0, path.into());
        self
    }

    /// Also counts the active organization's grants (`org_permissions`, Clerk's `o.per`)
    /// as permissions, so they pass [`crate::Policy::permission`].
    ///
    /// Only for an API whose every permission check is about the organization the token
    /// is for (one tenant per deployment, say). Elsewhere it lets an organization owner,
    /// whose organization role may grant anything inside the organization, pass
    /// platform-wide checks; use [`crate::Policy::org_permission`] for organization
    /// routes instead.
    ///
    /// ```
    /// use portcullis::ClaimsMapping;
    /// let single_tenant = ClaimsMapping::default().merge_org_permissions();
    /// # let _ = single_tenant;
    /// ```
    pub fn merge_org_permissions(self) -> Self {
        ORG_PERMISSION_CLAIMS
            .iter()
            .fold(self, |m, claim| m.permissions_claim(*claim))
    }

    pub(crate) fn roles(&self, claims: &Map<String, Value>) -> Vec<String> {
        collect(claims, &self.roles)
    }

    pub(crate) fn permissions(&self, claims: &Map<String, Value>) -> Vec<String> {
        collect(claims, &self.permissions)
    }
}

/// Where a token says what it grants inside its active organization.
const ORG_PERMISSION_CLAIMS: [&str; 2] = ["org_permissions", "o.per"];

/// The permissions a token grants inside its active organization only (`org_permissions`,
/// or Clerk v2's `o.per`).
pub(crate) fn org_permissions(claims: &Map<String, Value>) -> Vec<String> {
    collect(claims, &ORG_PERMISSION_CLAIMS.map(str::to_owned))
}

/// Follows `path` through objects; a key containing dots is tried whole first.
pub(crate) fn lookup<'a>(claims: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    if let Some(v) = claims.get(path) {
        return Some(v);
    }
    let (head, rest) = path.split_once('.')?;
    lookup(claims.get(head)?.as_object()?, rest)
}

/// Strings from every listed claim: arrays of strings, or space-separated strings.
fn collect(claims: &Map<String, Value>, paths: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for path in paths {
        match lookup(claims, path) {
            Some(Value::Array(items)) => {
                out.extend(items.iter().filter_map(Value::as_str).map(str::to_owned));
            }
            Some(Value::String(s)) => out.extend(s.split_whitespace().map(str::to_owned)),
            _ => {}
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// OAuth scopes: `scope` (space-separated, RFC 9068) or `scp` (string or array).
pub(crate) fn scopes(claims: &Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    for name in ["scope", "scp"] {
        match claims.get(name) {
            Some(Value::String(s)) => out.extend(s.split_whitespace().map(str::to_owned)),
            Some(Value::Array(items)) => {
                out.extend(items.iter().filter_map(Value::as_str).map(str::to_owned))
            }
            _ => {}
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A string claim at one of several paths, first found wins.
pub(crate) fn first_str(claims: &Map<String, Value>, paths: &[&str]) -> Option<String> {
    paths
        .iter()
        .find_map(|p| lookup(claims, p).and_then(Value::as_str))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn providers() {
        let auth0 = map(json!({"permissions":["read:admin-messages"],"scope":"openid profile"}));
        assert_eq!(
            ClaimsMapping::default().permissions(&auth0),
            ["read:admin-messages"]
        );
        assert_eq!(scopes(&auth0), ["openid", "profile"]);
        let keycloak = map(json!({"realm_access":{"roles":["admin","user"]},"scp":["a"]}));
        assert_eq!(ClaimsMapping::default().roles(&keycloak), ["admin", "user"]);
        assert_eq!(scopes(&keycloak), ["a"]);
        let clerk_v2 =
            map(json!({"o":{"id":"org_1","rol":"admin","slg":"acme","per":"read write"}}));
        assert_eq!(
            first_str(&clerk_v2, &["org_id", "o.id"]).as_deref(),
            Some("org_1")
        );
        assert!(
            ClaimsMapping::default().permissions(&clerk_v2).is_empty(),
            "organization grants are not platform permissions"
        );
        assert_eq!(
            ClaimsMapping::default()
                .merge_org_permissions()
                .permissions(&clerk_v2),
            ["read", "write"]
        );
        let custom = map(json!({"https://example.com/roles":["editor"]}));
        assert_eq!(
            ClaimsMapping::default()
                .roles_claim("https://example.com/roles")
                .roles(&custom),
            ["editor"]
        );
    }

    #[test]
    fn hostile_shapes_are_ignored() {
        let weird = map(json!({"roles":[1,{"a":2},"ok"],"permissions":{"x":1},"scope":5}));
        assert_eq!(ClaimsMapping::default().roles(&weird), ["ok"]);
        assert!(ClaimsMapping::default().permissions(&weird).is_empty());
        assert!(scopes(&weird).is_empty());
    }
}
