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
    strings(paths.iter().map(|path| lookup(claims, path)))
}

/// Strings from each value found: arrays of strings, or space-separated strings; sorted,
/// without duplicates.
fn strings<'v>(values: impl IntoIterator<Item = Option<&'v Value>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        match value {
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

/// The first of these values that is a string.
fn first_string<const N: usize>(values: [Option<&Value>; N]) -> Option<String> {
    values
        .into_iter()
        .flatten()
        .find_map(Value::as_str)
        .map(str::to_owned)
}

/// The claims a [`crate::Principal`] is read from, found in one pass over the token's
/// members. Why: looking each name and alias up in the map (`client_id` then `azp`,
/// `org_id` then Clerk's `o.id`, …) took about twenty string searches per token.
#[derive(Default)]
pub(crate) struct Known<'a> {
    pub(crate) iss: Option<&'a Value>,
    pub(crate) sub: Option<&'a Value>,
    pub(crate) sid: Option<&'a Value>,
    client_id: Option<&'a Value>,
    azp: Option<&'a Value>,
    org_id: Option<&'a Value>,
    org_slug: Option<&'a Value>,
    org_name: Option<&'a Value>,
    org_role: Option<&'a Value>,
    org_permissions: Option<&'a Value>,
    /// Clerk v2's organization object, and members literally named `o.id`, `o.slg`,
    /// `o.rol`, `o.per` (a name with dots is read whole first, as in [`lookup`]).
    o: Option<&'a Value>,
    o_id: Option<&'a Value>,
    o_slg: Option<&'a Value>,
    o_rol: Option<&'a Value>,
    o_per: Option<&'a Value>,
    scope: Option<&'a Value>,
    scp: Option<&'a Value>,
    pub(crate) amr: Option<&'a Value>,
    pub(crate) acr: Option<&'a Value>,
    pub(crate) fva: Option<&'a Value>,
    pub(crate) iat: Option<&'a Value>,
    pub(crate) auth_time: Option<&'a Value>,
}

impl<'a> Known<'a> {
    /// One pass over `claims`.
    pub(crate) fn of(claims: &'a Map<String, Value>) -> Self {
        let mut known = Known::default();
        for (name, value) in claims {
            let slot = match name.as_str() {
                "iss" => &mut known.iss,
                "sub" => &mut known.sub,
                "sid" => &mut known.sid,
                "client_id" => &mut known.client_id,
                "azp" => &mut known.azp,
                "org_id" => &mut known.org_id,
                "org_slug" => &mut known.org_slug,
                "org_name" => &mut known.org_name,
                "org_role" => &mut known.org_role,
                "org_permissions" => &mut known.org_permissions,
                "o" => &mut known.o,
                "o.id" => &mut known.o_id,
                "o.slg" => &mut known.o_slg,
                "o.rol" => &mut known.o_rol,
                "o.per" => &mut known.o_per,
                "scope" => &mut known.scope,
                "scp" => &mut known.scp,
                "amr" => &mut known.amr,
                "acr" => &mut known.acr,
                "fva" => &mut known.fva,
                "iat" => &mut known.iat,
                "auth_time" => &mut known.auth_time,
                _ => continue,
            };
            *slot = Some(value);
        }
        known
    }

    /// `o.<member>` as [`lookup`] reads it: the member literally named so, else the
    /// member of the `o` object.
    fn clerk(&self, literal: Option<&'a Value>, member: &str) -> Option<&'a Value> {
        literal.or_else(|| self.o?.as_object()?.get(member))
    }

    /// A string claim by itself.
    pub(crate) fn string(value: Option<&'a Value>) -> Option<String> {
        first_string([value])
    }

    /// The OAuth client: `client_id`, else `azp`.
    pub(crate) fn client_id(&self) -> Option<String> {
        first_string([self.client_id, self.azp])
    }

    /// The active organization: `org_id`, else Clerk's `o.id`.
    pub(crate) fn org_id(&self) -> Option<String> {
        first_string([self.org_id, self.clerk(self.o_id, "id")])
    }

    /// `org_slug`, else `org_name`, else Clerk's `o.slg`.
    pub(crate) fn org_slug(&self) -> Option<String> {
        first_string([self.org_slug, self.org_name, self.clerk(self.o_slg, "slg")])
    }

    /// `org_role`, else Clerk's `o.rol`.
    pub(crate) fn org_role(&self) -> Option<String> {
        first_string([self.org_role, self.clerk(self.o_rol, "rol")])
    }

    /// The permissions a token grants inside its active organization only
    /// (`org_permissions`, or Clerk v2's `o.per`).
    pub(crate) fn org_permissions(&self) -> Vec<String> {
        strings([self.org_permissions, self.clerk(self.o_per, "per")])
    }

    /// OAuth scopes: `scope` (space-separated, RFC 9068) or `scp` (string or array).
    pub(crate) fn scopes(&self) -> Vec<String> {
        strings([self.scope, self.scp])
    }
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
        assert_eq!(Known::of(&auth0).scopes(), ["openid", "profile"]);
        let keycloak = map(json!({"realm_access":{"roles":["admin","user"]},"scp":["a"]}));
        assert_eq!(ClaimsMapping::default().roles(&keycloak), ["admin", "user"]);
        assert_eq!(Known::of(&keycloak).scopes(), ["a"]);
        let clerk_v2 =
            map(json!({"o":{"id":"org_1","rol":"admin","slg":"acme","per":"read write"}}));
        assert_eq!(Known::of(&clerk_v2).org_id().as_deref(), Some("org_1"));
        assert_eq!(Known::of(&clerk_v2).org_permissions(), ["read", "write"]);
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
    fn known_reads_what_lookup_reads() {
        // A member literally named `o.id` wins over the `o` object, even when it is not a
        // string (then there is no organization id), exactly as `lookup` resolves paths.
        let literal = map(json!({"o.id":"lit","o":{"id":"nested","slg":"s"}}));
        assert_eq!(Known::of(&literal).org_id().as_deref(), Some("lit"));
        assert_eq!(Known::of(&literal).org_slug().as_deref(), Some("s"));
        let not_string = map(json!({"o.id":5,"o":{"id":"nested"}}));
        assert_eq!(Known::of(&not_string).org_id(), None);
        let first_string = map(json!({"client_id":5,"azp":"app","org_slug":["x"],"org_name":"n"}));
        assert_eq!(Known::of(&first_string).client_id().as_deref(), Some("app"));
        assert_eq!(Known::of(&first_string).org_slug().as_deref(), Some("n"));
        let both = map(json!({"scope":"b a","scp":["c","a"]}));
        assert_eq!(Known::of(&both).scopes(), ["a", "b", "c"]);
        for claims in [&literal, &not_string, &first_string, &both] {
            let known = Known::of(claims);
            for (path, got) in [
                ("o.id", known.clerk(known.o_id, "id")),
                ("o.slg", known.clerk(known.o_slg, "slg")),
                ("o.per", known.clerk(known.o_per, "per")),
            ] {
                assert_eq!(got, lookup(claims, path), "{path} in {claims:?}");
            }
        }
    }

    #[test]
    fn hostile_shapes_are_ignored() {
        let weird = map(json!({"roles":[1,{"a":2},"ok"],"permissions":{"x":1},"scope":5}));
        assert_eq!(ClaimsMapping::default().roles(&weird), ["ok"]);
        assert!(ClaimsMapping::default().permissions(&weird).is_empty());
        assert!(Known::of(&weird).scopes().is_empty());
    }
}
