//! The request-path side of [`Introspection`]: local filter, cache, one call per token.

use std::sync::Arc;
use std::time::Duration;

// tokio's clock, so tests can move time (`tokio::time::pause`) instead of sleeping.
use tokio::time::Instant;

use http::HeaderValue;
use portcullis_jwt::NumericDate;
use quick_cache::sync::Cache;
use serde_json::{Map, Value};
use url::Url;

use super::Introspection;
use super::answer::{Expected, to_auth};
use super::flight::Flights;
use crate::{BuildError, ClaimsMapping, GuardError, Principal, TokenProblem};

/// A cached answer: the identity, or why the token was refused.
#[derive(Clone)]
struct Entry {
    outcome: Result<Principal, TokenProblem>,
    until: Instant,
}

/// Checks opaque tokens with the issuer. Shared by every clone of the guard.
pub(crate) struct Introspector {
    config: Introspection,
    url: Url,
    authorization: HeaderValue,
    client: reqwest::Client,
    cache: Cache<String, Entry>,
    flights: Flights<Result<Principal, GuardError>>,
    issuer: String,
    audiences: Option<Vec<String>>,
}

/// Shared by every clone of the guard.
pub(crate) type SharedIntrospector = Arc<Introspector>;

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
            config: config.clone(),
            url,
            authorization,
            client,
            cache: Cache::new(config.capacity.max(1)),
            flights: Flights::default(),
            issuer,
            audiences,
        })
    }

    /// Whether this opaque token is worth asking the issuer about (prefix, length).
    pub(crate) fn may_be_issuers(&self, token: &str) -> bool {
        self.config.may_be_issuers(token)
    }

    /// The token's identity, from the cache or the issuer (one call at a time per token).
    pub(crate) async fn authenticate(
        &self,
        token: &str,
        now: NumericDate,
        mapping: &ClaimsMapping,
    ) -> Result<Principal, GuardError> {
        if let Some(entry) = self.cached(token) {
            return entry.outcome.map_err(GuardError::InvalidToken);
        }
        self.flights
            .run(token, || async {
                // A flight that ended just before this one began left its answer here.
                if let Some(entry) = self.cached(token) {
                    return entry.outcome.map_err(GuardError::InvalidToken);
                }
                let entry = self.look_up(token, now, mapping).await?;
                self.cache.insert(token.to_owned(), entry.clone());
                entry.outcome.map_err(GuardError::InvalidToken)
            })
            .await
    }

    fn cached(&self, token: &str) -> Option<Entry> {
        self.cache.get(token).filter(|e| e.until > Instant::now())
    }

    /// Asks the issuer and judges the answer.
    async fn look_up(
        &self,
        token: &str,
        now: NumericDate,
        mapping: &ClaimsMapping,
    ) -> Result<Entry, GuardError> {
        let answer = self.ask(token).await?;
        let expected = Expected {
            issuer: &self.issuer,
            audiences: self.audiences.as_deref(),
            max_exp: now.as_secs()
                + i64::try_from(self.config.positive_ttl.as_secs()).unwrap_or(i64::MAX / 2),
        };
        let outcome = to_auth(answer, &expected, now, mapping);
        let ttl = match &outcome {
            Ok(a) => {
                let left = u64::try_from(a.expires_at().as_secs() - now.as_secs()).unwrap_or(0);
                self.config.positive_ttl.min(Duration::from_secs(left))
            }
            Err(_) => self.config.negative_ttl,
        };
        Ok(Entry {
            outcome,
            until: Instant::now() + ttl,
        })
    }

    async fn ask(&self, token: &str) -> Result<Map<String, Value>, GuardError> {
        let unavailable = |what: &str| {
            tracing::warn!(problem = what, "token introspection failed");
            GuardError::KeysUnavailable
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
}
