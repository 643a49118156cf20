//! ② The one async step: token → issuer → keys → verification → [`Principal`].

use std::sync::Arc;
use std::time::Instant;

use portcullis_jwt::{Claims, Jws, NumericDate, VerifyError};

use crate::keys::{KeySource, Snapshot};
use crate::verified_cache::VerifiedCache;
use crate::{ClaimsMapping, GuardError, Principal, ResponseConfig, TokenProblem, TokenSource};

/// Everything the request path needs, shared by every clone of the guard.
pub(crate) struct Authenticator {
    pub(crate) issuers: Vec<KeySource>,
    pub(crate) cache: Option<VerifiedCache>,
    pub(crate) mapping: ClaimsMapping,
    pub(crate) source: TokenSource,
    pub(crate) response: Arc<ResponseConfig>,
    pub(crate) max_token_len: usize,
    pub(crate) introspector: Option<crate::introspection::SharedIntrospector>,
}

impl Authenticator {
    /// A cached result for exactly this token, without any parsing.
    pub(crate) fn cached(&self, token: &str, now: NumericDate) -> Option<Principal> {
        let principal = self.cache.as_ref()?.get(token, now, &self.issuers)?;
        metrics::counter!("portcullis_verifications_total", "outcome" => "cached").increment(1);
        Some(principal.checked_at_time(now))
    }

    /// Verifies a token at `now` (cache first).
    pub(crate) async fn authenticate(
        &self,
        token: &str,
        now: NumericDate,
    ) -> Result<Principal, GuardError> {
        if let Some(principal) = self.cached(token, now) {
            return Ok(principal);
        }
        if let Some(result) = self.verify_ready(token, now) {
            return result;
        }
        self.verify_uncached(token, now).await
    }

    /// Verifies a token at `now` without looking in the cache, if that needs no waiting:
    /// `None` when the issuer's keys must be fetched first or the token is for
    /// introspection (then [`Authenticator::verify_uncached`]). The common case (keys
    /// loaded) runs here, without a future, a boxed task or copies of the request.
    pub(crate) fn verify_ready(
        &self,
        token: &str,
        now: NumericDate,
    ) -> Option<Result<Principal, GuardError>> {
        if self.introspects(token) {
            return None;
        }
        let started = Instant::now();
        let result = match self.parse(token) {
            Err(e) => Err(e),
            Ok(parsed) => {
                let snap = self.issuers[parsed.issuer].snapshot_ready(
                    parsed.jws.header().kid.as_deref(),
                    tokio::time::Instant::now(),
                )?;
                self.finish(token, parsed, &snap, now)
            }
        };
        Some(record(result, started))
    }

    /// Verifies a token at `now` without looking in the cache (the caller just did).
    pub(crate) async fn verify_uncached(
        &self,
        token: &str,
        now: NumericDate,
    ) -> Result<Principal, GuardError> {
        let started = Instant::now();
        let result = self.verify(token, now).await;
        record(result, started)
    }

    /// Whether this token goes to the issuer's introspection endpoint (an opaque token,
    /// when introspection is configured).
    fn introspects(&self, token: &str) -> bool {
        self.introspector.is_some() && !token.contains('.')
    }

    async fn verify(&self, token: &str, now: NumericDate) -> Result<Principal, GuardError> {
        if let (Some(introspector), true) = (&self.introspector, self.introspects(token)) {
            // Only the issuer's own opaque tokens cost a call; others are refused here.
            if !introspector.may_be_issuers(token) {
                return Err(GuardError::InvalidToken(TokenProblem::NotAJwt));
            }
            // A cached answer was let in earlier: this request is let in now.
            return introspector
                .authenticate(token, now, &self.mapping)
                .await
                .map(|p| p.checked_at_time(now));
        }
        let parsed = self.parse(token)?;
        let snap = self.issuers[parsed.issuer]
            .snapshot_for(
                parsed.jws.header().kid.as_deref(),
                tokio::time::Instant::now(),
            )
            .await?;
        self.finish(token, parsed, &snap, now)
    }

    /// Everything that needs no keys: the compact form, the claims, the issuer.
    fn parse<'t>(&self, token: &'t str) -> Result<Parsed<'t>, GuardError> {
        let jws = Jws::parse(token, self.max_token_len).map_err(|e| match e {
            VerifyError::Malformed(_) if !token.contains('.') => {
                GuardError::InvalidToken(TokenProblem::NotAJwt)
            }
            other => GuardError::token(other),
        })?;
        let claims = Claims::from_payload(jws.payload()).map_err(GuardError::token)?;
        let iss = claims
            .issuer()
            .ok_or(GuardError::token(VerifyError::MissingClaim("iss")))?;
        let issuer = self
            .issuers
            .iter()
            .position(|i| i.accepts_issuer(iss))
            .ok_or(GuardError::InvalidToken(TokenProblem::UnknownIssuer))?;
        Ok(Parsed {
            jws,
            claims,
            issuer,
        })
    }

    /// The signature and the claim rules with the issuer's keys, then the principal
    /// (cached when the token is worth caching).
    fn finish(
        &self,
        token: &str,
        parsed: Parsed<'_>,
        snap: &Snapshot,
        now: NumericDate,
    ) -> Result<Principal, GuardError> {
        let Parsed {
            jws,
            claims,
            issuer,
        } = parsed;
        let key_id = snap
            .verifier
            .verify_parsed(&jws, &snap.keys)
            .map_err(GuardError::token)?;
        snap.verifier
            .check_claims(jws.header(), &claims, now)
            .map_err(GuardError::token)?;
        let validation = snap.verifier.validation();
        let mut valid_until = claims
            .expires_at()
            .saturating_add(validation.clock_leeway());
        if let (Some(max_age), Some(iat)) = (validation.max_age_limit(), claims.issued_at()) {
            valid_until = valid_until.min(
                iat.saturating_add(max_age)
                    .saturating_add(validation.clock_leeway()),
            );
        }
        let principal = Principal::from_claims(claims, &self.mapping, now);
        if let Some(cache) = &self.cache {
            cache.insert(
                token,
                jws.signature(),
                &principal,
                valid_until,
                issuer,
                snap.generation,
                key_id.as_deref(),
            );
        }
        tracing::trace!(issuer = %snap.issuer(), kid = ?key_id, "token verified");
        Ok(principal)
    }
}

/// A token read but not yet checked against its issuer's keys.
struct Parsed<'t> {
    jws: Jws<'t>,
    claims: Claims,
    /// Index of the issuer its `iss` names.
    issuer: usize,
}

/// Records the outcome of one verification in the metrics and the debug log.
fn record(
    result: Result<Principal, GuardError>,
    started: Instant,
) -> Result<Principal, GuardError> {
    metrics::histogram!("portcullis_verify_seconds").record(started.elapsed().as_secs_f64());
    match &result {
        // A literal label: the metrics macros build a key without allocating.
        Ok(_) => {
            metrics::counter!("portcullis_verifications_total", "outcome" => "ok").increment(1)
        }
        Err(e) => {
            metrics::counter!("portcullis_verifications_total", "outcome" => e.reason())
                .increment(1);
            tracing::debug!(reason = e.reason(), "token refused");
        }
    }
    result
}
