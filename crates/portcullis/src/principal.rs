//! ③ The verified identity of a request: who, from where, allowed to do what.

use std::sync::Arc;

use portcullis_jwt::{Claims, NumericDate};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::claims_map::{ClaimsMapping, Known};

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
    /// When the guard let this request in (a cached verification is reused across
    /// requests; this is not).
    checked_at: NumericDate,
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
    sign_in: SignIn,
    claims: Value,
}

/// How the user signed in, as the token states it.
#[derive(Debug, Default)]
struct SignIn {
    amr: Vec<String>,
    acr: Option<String>,
    auth_time: Option<NumericDate>,
    multi_factor: bool,
}

impl SignIn {
    /// `amr`, `acr` and `auth_time` (OpenID Connect), or Clerk's `fva` (minutes since
    /// the first and the second factor were verified, `-1` for never, as of `iat`).
    fn from_claims(known: &Known<'_>) -> SignIn {
        let amr: Vec<String> = match known.amr {
            Some(Value::Array(values)) => values
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        let acr = known.acr.and_then(Value::as_str).map(str::to_owned);
        let fva: Option<(i64, i64)> = match known.fva.and_then(Value::as_array) {
            Some(v) if v.len() == 2 => v[0].as_i64().zip(v[1].as_i64()),
            _ => None,
        };
        let iat = known.iat.and_then(Value::as_i64);
        let auth_time = match (known.auth_time.and_then(Value::as_i64), fva, iat) {
            (Some(t), _, _) => Some(NumericDate::from_secs(t)),
            (None, Some((first, _)), Some(iat)) if first >= 0 => Some(NumericDate::from_secs(
                iat.saturating_sub(first.saturating_mul(60)),
            )),
            _ => None,
        };
        let multi_factor = amr.iter().any(|m| m == "mfa")
            || acr.as_deref().is_some_and(|a| {
                a == crate::ACR_MULTI_FACTOR || a == crate::ACR_PHISHING_RESISTANT
            })
            || fva.is_some_and(|(_, second)| second >= 0);
        SignIn {
            amr,
            acr,
            auth_time,
            multi_factor,
        }
    }
}

impl Principal {
    /// From an introspection answer shaped as claims.
    pub(crate) fn from_introspection(
        claims: Claims,
        mapping: &ClaimsMapping,
        now: NumericDate,
    ) -> Principal {
        let mut principal = Self::from_claims(claims, mapping, now);
        if let Some(data) = Arc::get_mut(&mut principal.inner) {
            data.kind = TokenKind::Introspected;
        }
        principal
    }

    /// The identity in verified claims, let in at `now`.
    pub(crate) fn from_claims(
        claims: Claims,
        mapping: &ClaimsMapping,
        now: NumericDate,
    ) -> Principal {
        let audiences = claims.audiences().to_vec();
        let expires_at = claims.expires_at();
        let raw: Map<String, Value> = claims.into_raw();
        let known = Known::of(&raw);
        let mut data = PrincipalData {
            kind: TokenKind::Jwt,
            subject: Known::string(known.sub).unwrap_or_default(),
            session_id: Known::string(known.sid),
            client_id: known.client_id(),
            org_id: known.org_id(),
            org_slug: known.org_slug(),
            org_role: known.org_role(),
            org_permissions: known.org_permissions(),
            permissions: mapping.permissions(&raw),
            scopes: known.scopes(),
            roles: mapping.roles(&raw),
            issuer: Known::string(known.iss).unwrap_or_default(),
            audiences,
            expires_at,
            sign_in: SignIn::from_claims(&known),
            claims: Value::Null,
        };
        // `known` borrows `raw`: the map moves in once every field is read.
        data.claims = Value::Object(raw);
        Principal {
            inner: Arc::new(data),
            custom: (),
            checked_at: now,
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
            checked_at: self.checked_at,
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
            checked_at: self.checked_at,
        }
    }

    /// The same identity, let in at `now` (a verification reused from the cache).
    pub(crate) fn checked_at_time(mut self, now: NumericDate) -> Self {
        self.checked_at = now;
        self
    }

    /// When the guard let this request in.
    pub fn checked_at(&self) -> NumericDate {
        self.checked_at
    }

    /// How the user proved who they are (`amr`, RFC 8176 values such as `pwd`, `otp`,
    /// `hwk`, `mfa`); empty when the token does not say.
    pub fn amr(&self) -> &[String] {
        &self.inner.sign_in.amr
    }

    /// The authentication context class of the sign-in (`acr`), if the token states it.
    pub fn acr(&self) -> Option<&str> {
        self.inner.sign_in.acr.as_deref()
    }

    /// When the user signed in (`auth_time`; for Clerk's session tokens, worked out
    /// from `fva` to the minute).
    pub fn auth_time(&self) -> Option<NumericDate> {
        self.inner.sign_in.auth_time
    }

    /// How long ago the user signed in, as of [`Principal::checked_at`]; `None` when the
    /// token does not say when.
    pub fn auth_age(&self) -> Option<std::time::Duration> {
        let since = self.checked_at.as_secs() - self.auth_time()?.as_secs();
        Some(std::time::Duration::from_secs(
            u64::try_from(since).unwrap_or(0),
        ))
    }

    /// Whether the user signed in with two factors: `amr` contains `mfa`, `acr` is
    /// [`crate::ACR_MULTI_FACTOR`] or [`crate::ACR_PHISHING_RESISTANT`], or Clerk's
    /// `fva` shows a verified second factor.
    pub fn is_multi_factor(&self) -> bool {
        self.inner.sign_in.multi_factor
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
