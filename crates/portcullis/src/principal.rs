//! ③ The verified identity of a request: who, from where, allowed to do what.

use std::sync::Arc;

use portcullis_jwt::{Claims, NumericDate};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::claims_map::{self, ClaimsMapping};

/// Who is calling: read from a verified token once, shared cheaply (`Arc`) thereafter.
///
/// `C` is your own typed claims (default `()`: none); see [`Principal::with_claims`] and
/// [`crate::Authenticated`].
///
/// ```
/// # use portcullis::Principal;
/// fn greet(principal: &Principal) -> String {
///     format!("Hello user with ID {}", principal.subject())
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Principal<C = ()> {
    inner: Arc<PrincipalData>,
    custom: C,
}

/// What kind of credential a [`Principal`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenKind {
    /// A JWT verified locally with the issuer's keys.
    Jwt,
    /// An opaque token (an API key) the issuer confirmed by introspection.
    Introspected,
}

#[derive(Debug)]
struct PrincipalData {
    kind: TokenKind,
    subject: String,
    session_id: Option<String>,
    client_id: Option<String>,
    org_id: Option<String>,
    org_slug: Option<String>,
    org_role: Option<String>,
    org_permissions: Vec<String>,
    permissions: Vec<String>,
    scopes: Vec<String>,
    roles: Vec<String>,
    issuer: String,
    audiences: Vec<String>,
    expires_at: NumericDate,
    claims: Value,
}

impl Principal {
    /// From an introspection answer shaped as claims.
    pub(crate) fn from_introspection(claims: Claims, mapping: &ClaimsMapping) -> Principal {
        let mut principal = Self::from_claims(claims, mapping);
        if let Some(data) = Arc::get_mut(&mut principal.inner) {
            data.kind = TokenKind::Introspected;
        }
        principal
    }

    pub(crate) fn from_claims(claims: Claims, mapping: &ClaimsMapping) -> Principal {
        let audiences = claims.audiences().to_vec();
        let expires_at = claims.expires_at();
        let raw: Map<String, Value> = claims.into_raw();
        let s = |paths: &[&str]| claims_map::first_str(&raw, paths);
        let data = PrincipalData {
            kind: TokenKind::Jwt,
            subject: s(&["sub"]).unwrap_or_default(),
            session_id: s(&["sid"]),
            client_id: s(&["client_id", "azp"]),
            org_id: s(&["org_id", "o.id"]),
            org_slug: s(&["org_slug", "org_name", "o.slg"]),
            org_role: s(&["org_role", "o.rol"]),
            org_permissions: claims_map::org_permissions(&raw),
            permissions: mapping.permissions(&raw),
            scopes: claims_map::scopes(&raw),
            roles: mapping.roles(&raw),
            issuer: s(&["iss"]).unwrap_or_default(),
            audiences,
            expires_at,
            claims: Value::Object(raw),
        };
        Principal {
            inner: Arc::new(data),
            custom: (),
        }
    }

    /// The same identity with your own claims, typed.
    ///
    /// ```
    /// #[derive(Clone, serde::Deserialize)]
    /// struct Tenant { tenant_id: String }
    /// # fn f(principal: &portcullis::Principal) -> Result<(), serde_json::Error> {
    /// let typed = principal.with_claims::<Tenant>()?;
    /// println!("{}", typed.custom().tenant_id);
    /// # Ok(()) }
    /// ```
    pub fn with_claims<C: DeserializeOwned + 'static>(
        &self,
    ) -> Result<Principal<C>, serde_json::Error> {
        let custom = if std::any::TypeId::of::<C>() == std::any::TypeId::of::<()>() {
            // `()` means "no custom claims": nothing to read.
            C::deserialize(&Value::Null)?
        } else {
            C::deserialize(&self.inner.claims)?
        };
        Ok(Principal {
            inner: Arc::clone(&self.inner),
            custom,
        })
    }
}

impl<C> Principal<C> {
    /// Your typed claims.
    pub fn custom(&self) -> &C {
        &self.custom
    }

    /// Drops the typed claims.
    pub fn untyped(&self) -> Principal {
        Principal {
            inner: Arc::clone(&self.inner),
            custom: (),
        }
    }

    /// The user (or machine client) id: `sub`. Empty if the token had none.
    pub fn subject(&self) -> &str {
        &self.inner.subject
    }

    /// The session id (`sid`), if any.
    pub fn session_id(&self) -> Option<&str> {
        self.inner.session_id.as_deref()
    }

    /// Whether this came from a JWT or from an introspected opaque token (API key).
    pub fn token_kind(&self) -> TokenKind {
        self.inner.kind
    }

    /// The OAuth client the token was issued to (`client_id`, else `azp`).
    pub fn client_id(&self) -> Option<&str> {
        self.inner.client_id.as_deref()
    }

    /// The active organization id (`org_id`, or Clerk's `o.id`).
    pub fn org_id(&self) -> Option<&str> {
        self.inner.org_id.as_deref()
    }

    /// The active organization slug (`org_slug`, or Clerk's `o.slg`).
    pub fn org_slug(&self) -> Option<&str> {
        self.inner.org_slug.as_deref()
    }

    /// The role in the active organization (`org_role`, or Clerk's `o.rol`).
    pub fn org_role(&self) -> Option<&str> {
        self.inner.org_role.as_deref()
    }

    /// Permissions granted inside the active organization only (`org_permissions`, or
    /// Clerk's `o.per`), sorted; empty without an active organization.
    pub fn org_permissions(&self) -> &[String] {
        if self.inner.org_id.is_some() {
            &self.inner.org_permissions
        } else {
            &[]
        }
    }

    /// Whether the token grants this permission inside its active organization.
    ///
    /// A platform-wide `permissions` entry does not count: an organization-scoped
    /// check asks what the caller may do in *this* organization.
    pub fn has_org_permission(&self, p: &str) -> bool {
        self.org_permissions()
            .binary_search_by(|x| x.as_str().cmp(p))
            .is_ok()
    }

    /// Platform-wide permissions (`permissions`, or configured claims), sorted. Grants of
    /// an organization role are not here unless the mapping merges them
    /// ([`ClaimsMapping::merge_org_permissions`]); see [`Principal::org_permissions`].
    pub fn permissions(&self) -> &[String] {
        &self.inner.permissions
    }

    /// OAuth scopes (`scope` or `scp`), sorted.
    pub fn scopes(&self) -> &[String] {
        &self.inner.scopes
    }

    /// Roles (`roles`, Keycloak's `realm_access.roles`, or configured claims), sorted.
    pub fn roles(&self) -> &[String] {
        &self.inner.roles
    }

    /// Whether the token grants this permission.
    pub fn has_permission(&self, p: &str) -> bool {
        self.inner
            .permissions
            .binary_search_by(|x| x.as_str().cmp(p))
            .is_ok()
    }

    /// Whether the token grants this scope.
    pub fn has_scope(&self, s: &str) -> bool {
        self.inner
            .scopes
            .binary_search_by(|x| x.as_str().cmp(s))
            .is_ok()
    }

    /// Whether the token carries this role.
    pub fn has_role(&self, r: &str) -> bool {
        self.inner
            .roles
            .binary_search_by(|x| x.as_str().cmp(r))
            .is_ok()
    }

    /// The issuer (`iss`).
    pub fn issuer(&self) -> &str {
        &self.inner.issuer
    }

    /// The audiences (`aud`).
    pub fn audiences(&self) -> &[String] {
        &self.inner.audiences
    }

    /// When the token expires.
    pub fn expires_at(&self) -> NumericDate {
        self.inner.expires_at
    }

    /// Every claim, as received.
    pub fn claims(&self) -> &Map<String, Value> {
        match &self.inner.claims {
            Value::Object(map) => map,
            _ => unreachable_empty(),
        }
    }

    /// One claim.
    pub fn claim(&self, name: &str) -> Option<&Value> {
        self.claims().get(name)
    }
}

fn unreachable_empty() -> &'static Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Map::new)
}
