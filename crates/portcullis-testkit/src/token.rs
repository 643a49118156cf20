//! [`TokenBuilder`]: access tokens with every claim under the test's control.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use portcullis_jwt::SigningKey;
use serde_json::{Map, Value, json};

use crate::DEFAULT_AUDIENCE;

/// Builds and signs one access token. Starts as a valid RFC 9068 token: `iss`, `aud`
/// ([`DEFAULT_AUDIENCE`]), `sub` `user_1`, `iat` now, `exp` in an hour, `typ: at+jwt`.
///
/// ```
/// use std::sync::Arc;
/// use portcullis_testkit::{TokenBuilder, keys};
///
/// let key = Arc::new(keys::es256());
/// let builder = TokenBuilder::new(key, "https://issuer.test/")
///     .sub("user_2")
///     .scope("read:messages")
///     .without("iat");
/// assert_eq!(builder.claims()["sub"], "user_2");
/// assert!(builder.claims().get("iat").is_none());
/// let token = builder.sign();
/// assert_eq!(token.split('.').count(), 3);
/// ```
#[derive(Clone)]
pub struct TokenBuilder {
    key: Arc<SigningKey>,
    claims: Map<String, Value>,
    typ: Option<String>,
}

impl std::fmt::Debug for TokenBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenBuilder")
            .field("kid", &self.key.kid())
            .field("claims", &self.claims)
            .field("typ", &self.typ)
            .finish()
    }
}

/// Seconds since the Unix epoch, now.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

impl TokenBuilder {
    /// A valid token for `issuer`, to be signed by `key`.
    pub fn new(key: Arc<SigningKey>, issuer: &str) -> Self {
        let now = now();
        let mut claims = Map::new();
        claims.insert("iss".into(), issuer.into());
        claims.insert("sub".into(), "user_1".into());
        claims.insert("aud".into(), DEFAULT_AUDIENCE.into());
        claims.insert("iat".into(), now.into());
        claims.insert("exp".into(), (now + 3600).into());
        Self {
            key,
            claims,
            typ: Some("at+jwt".into()),
        }
    }

    /// Sets `sub`.
    #[allow(clippy::should_implement_trait, reason = "named after the claim")]
    pub fn sub(self, sub: &str) -> Self {
        self.claim("sub", json!(sub))
    }

    /// Sets `iss`.
    pub fn iss(self, iss: &str) -> Self {
        self.claim("iss", json!(iss))
    }

    /// Sets `aud` to one string.
    pub fn aud(self, aud: &str) -> Self {
        self.claim("aud", json!(aud))
    }

    /// Sets `aud` to an array.
    pub fn auds(self, auds: &[&str]) -> Self {
        self.claim("aud", json!(auds))
    }

    /// Sets `exp` to now + `seconds` (negative for the past).
    pub fn exp_in(self, seconds: i64) -> Self {
        self.claim("exp", json!(now() + seconds))
    }

    /// Sets `exp` a minute in the past, well beyond any default leeway.
    pub fn expired(self) -> Self {
        self.exp_in(-60)
    }

    /// Sets `nbf` to now + `seconds`.
    pub fn nbf_in(self, seconds: i64) -> Self {
        self.claim("nbf", json!(now() + seconds))
    }

    /// Sets `iat` to an absolute NumericDate.
    pub fn iat_at(self, iat: i64) -> Self {
        self.claim("iat", json!(iat))
    }

    /// Sets `scope` (space-separated, OAuth style).
    pub fn scope(self, scope: &str) -> Self {
        self.claim("scope", json!(scope))
    }

    /// Sets `permissions` (Auth0 RBAC style array).
    pub fn permissions(self, permissions: &[&str]) -> Self {
        self.claim("permissions", json!(permissions))
    }

    /// Sets `roles`.
    pub fn roles(self, roles: &[&str]) -> Self {
        self.claim("roles", json!(roles))
    }

    /// Sets the active organization: `org_id`, `org_slug`, `org_role`.
    pub fn org(self, id: &str, slug: &str, role: &str) -> Self {
        self.claim("org_id", json!(id))
            .claim("org_slug", json!(slug))
            .claim("org_role", json!(role))
    }

    /// Sets any claim to any JSON value (including ill-typed ones, for negative tests).
    pub fn claim(mut self, name: &str, value: Value) -> Self {
        self.claims.insert(name.to_owned(), value);
        self
    }

    /// Removes a claim.
    pub fn without(mut self, name: &str) -> Self {
        self.claims.remove(name);
        self
    }

    /// Sets the header's `typ` (`None` leaves it out).
    pub fn typ(mut self, typ: Option<&str>) -> Self {
        self.typ = typ.map(str::to_owned);
        self
    }

    /// Signs with another key (its own `alg` and `kid` go in the header).
    pub fn signed_with(mut self, key: Arc<SigningKey>) -> Self {
        self.key = key;
        self
    }

    /// The claims as they will be signed.
    pub fn claims(&self) -> &Map<String, Value> {
        &self.claims
    }

    /// The compact JWS.
    #[allow(clippy::expect_used, reason = "the claims are always a JSON object")]
    pub fn sign(&self) -> String {
        self.key
            .sign_json(&self.claims, self.typ.as_deref())
            .expect("signing a JSON object cannot fail")
    }
}
