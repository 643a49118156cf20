//! Opaque tokens (API keys): checked by OAuth 2.0 token introspection (RFC 7662) at the
//! issuer, with a short, bounded cache of positive and negative answers.

use std::sync::Arc;
use std::time::{Duration, Instant};

use http::HeaderValue;
use portcullis_jwt::{Claims, NumericDate};
use quick_cache::sync::Cache;
use serde_json::{Map, Value};
use url::Url;

use crate::{Auth, AuthError, BuildError, ClaimsMapping, TokenProblem};

/// Where and how to introspect opaque tokens.
///
/// ```
/// use portcullis::{Guard, IssuerConfig, Introspection};
/// let guard = Guard::builder()
///     .issuer(IssuerConfig::discover("https://id.example.com/").audience("https://api.example.com"))
///     .introspection(Introspection::new(
///         "https://id.example.com/oauth/introspect",
///         "cli_api",
///         "pcs_secret",
///     ))
///     .build();
/// assert!(guard.is_ok());
/// ```
#[derive(Clone)]
pub struct Introspection {
    pub(crate) endpoint: String,
    pub(crate) client_id: String,
    pub(crate) client_secret: zeroize::Zeroizing<String>,
    pub(crate) positive_ttl: Duration,
    pub(crate) negative_ttl: Duration,
    pub(crate) capacity: usize,
}

impl std::fmt::Debug for Introspection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Introspection")
            .field("endpoint", &self.endpoint)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("positive_ttl", &self.positive_ttl)
            .field("negative_ttl", &self.negative_ttl)
            .finish()
    }
}

impl Introspection {
    /// Introspect at `endpoint`, authenticating as a client (`client_secret_basic`).
    /// Answers are cached for 30 s (active) and 5 s (inactive), 10 000 tokens at most.
    pub fn new(
        endpoint: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        Self {
            endpoint: endpoint.into(),
            client_id: client_id.into(),
            client_secret: zeroize::Zeroizing::new(client_secret.into()),
            positive_ttl: Duration::from_secs(30),
            negative_ttl: Duration::from_secs(5),
            capacity: 10_000,
        }
    }

    /// How long an active answer is trusted (a revoked key works at most this long).
    pub fn positive_ttl(mut self, ttl: Duration) -> Self {
        self.positive_ttl = ttl;
        self
    }

    /// How long an inactive answer is remembered.
    pub fn negative_ttl(mut self, ttl: Duration) -> Self {
        self.negative_ttl = ttl;
        self
    }

    /// How many answers are cached at most.
    pub fn cache_capacity(mut self, capacity: usize) -> Self {
        self.capacity = capacity;
        self
    }
}

#[derive(Clone)]
struct Entry {
    auth: Option<Auth>,
    until: Instant,
}

/// The request-path side of [`Introspection`].
pub(crate) struct Introspector {
    url: Url,
    authorization: HeaderValue,
    client: reqwest::Client,
    cache: Cache<String, Entry>,
    positive_ttl: Duration,
    negative_ttl: Duration,
    issuer: String,
    audiences: Option<Vec<String>>,
}

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

impl Introspector {
    pub(crate) fn new(
        config: &Introspection,
        url: Url,
        client: reqwest::Client,
        issuer: String,
        audiences: Option<Vec<String>>,
    ) -> Result<Self, BuildError> {
        use base64::Engine as _;
        // RFC 6749 §2.3.1: id and secret are form-encoded before Basic encoding.
        let pair = format!(
            "{}:{}",
            encode(&config.client_id),
            encode(&config.client_secret)
        );
        let mut authorization = HeaderValue::from_str(&format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        ))
        .map_err(|_| {
            BuildError::HttpClient("introspection credentials are not a valid header".into())
        })?;
        authorization.set_sensitive(true);
        Ok(Self {
            url,
            authorization,
            client,
            cache: Cache::new(config.capacity.max(1)),
            positive_ttl: config.positive_ttl,
            negative_ttl: config.negative_ttl,
            issuer,
            audiences,
        })
    }

    /// The token's identity, from the cache or the issuer.
    pub(crate) async fn authenticate(
        &self,
        token: &str,
        now: NumericDate,
        mapping: &ClaimsMapping,
    ) -> Result<Auth, AuthError> {
        let inactive = || AuthError::InvalidToken(TokenProblem::Inactive);
        if let Some(entry) = self.cache.get(token).filter(|e| e.until > Instant::now()) {
            return entry.auth.ok_or_else(inactive);
        }
        let answer = self.ask(token).await?;
        let auth = self.to_auth(answer, now, mapping);
        let ttl = match &auth {
            Some(a) => {
                let left = u64::try_from(a.expires_at().as_secs() - now.as_secs()).unwrap_or(0);
                self.positive_ttl.min(Duration::from_secs(left))
            }
            None => self.negative_ttl,
        };
        self.cache.insert(
            token.to_owned(),
            Entry {
                auth: auth.clone(),
                until: Instant::now() + ttl,
            },
        );
        auth.ok_or_else(inactive)
    }

    async fn ask(&self, token: &str) -> Result<Map<String, Value>, AuthError> {
        let unavailable = |what: &str| {
            tracing::warn!(problem = what, "token introspection failed");
            AuthError::KeysUnavailable
        };
        let res = self
            .client
            .post(self.url.clone())
            .header(http::header::AUTHORIZATION, self.authorization.clone())
            .header(http::header::ACCEPT, "application/json")
            .form(&[("token", token)])
            .send()
            .await
            .map_err(|_| unavailable("transport"))?;
        if res.status() != reqwest::StatusCode::OK {
            return Err(unavailable("status"));
        }
        if res.content_length().is_some_and(|l| l > 64 * 1024) {
            return Err(unavailable("too large"));
        }
        let body = res.bytes().await.map_err(|_| unavailable("transport"))?;
        if body.len() > 64 * 1024 {
            return Err(unavailable("too large"));
        }
        match serde_json::from_slice(&body) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(unavailable("not a JSON object")),
        }
    }

    /// An active answer as an [`Auth`]; `None` when inactive or not acceptable here.
    fn to_auth(
        &self,
        mut answer: Map<String, Value>,
        now: NumericDate,
        mapping: &ClaimsMapping,
    ) -> Option<Auth> {
        if answer.get("active") != Some(&Value::Bool(true)) {
            return None;
        }
        match answer.get("iss").and_then(Value::as_str) {
            Some(iss) if !crate::keys::url::same_issuer(iss, &self.issuer) => return None,
            _ => {}
        }
        if let (Some(accepted), Some(aud)) = (&self.audiences, answer.get("aud")) {
            let auds: Vec<&str> = match aud {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => return None,
            };
            if !auds.iter().any(|a| accepted.iter().any(|x| x == a)) {
                return None;
            }
        }
        let limit =
            now.as_secs() + i64::try_from(self.positive_ttl.as_secs()).unwrap_or(i64::MAX / 2);
        let exp = match answer.get("exp").map(Value::as_i64) {
            Some(Some(exp)) if exp <= now.as_secs() => return None,
            Some(Some(exp)) => exp.min(limit),
            Some(None) => return None,
            None => limit,
        };
        answer.remove("active");
        answer.insert("exp".into(), exp.into());
        answer.insert("iss".into(), self.issuer.clone().into());
        let payload = serde_json::to_vec(&answer).ok()?;
        let claims = Claims::from_payload(&payload).ok()?;
        Some(Auth::from_introspection(claims, mapping))
    }
}

/// Shared by every clone of the guard.
pub(crate) type SharedIntrospector = Arc<Introspector>;
