//! ② The one async step: token → issuer → keys → verification → [`Principal`].

use std::sync::Arc;
use std::time::Instant;

use portcullis_jwt::{Claims, Jws, NumericDate, VerifyError};

use crate::keys::KeySource;
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
        self.verify_uncached(token, now).await
    }

    /// Verifies a token at `now` without looking in the cache (the caller just did).
    pub(crate) async fn verify_uncached(
        &self,
        token: &str,
        now: NumericDate,
    ) -> Result<Principal, GuardError> {
        let started = Instant::now();
        let result = self.verify(token, now).await;
        metrics::histogram!("portcullis_verify_seconds").record(started.elapsed().as_secs_f64());
        let outcome = match &result {
            Ok(_) => "ok",
            Err(e) => e.reason(),
        };
        metrics::counter!("portcullis_verifications_total", "outcome" => outcome).increment(1);
        if let Err(e) = &result {
            tracing::debug!(reason = e.reason(), "token refused");
        }
        result
    }

    async fn verify(&self, token: &str, now: NumericDate) -> Result<Principal, GuardError> {
        if let (Some(introspector), false) = (&self.introspector, token.contains('.')) {
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
        let index = self
            .issuers
            .iter()
            .position(|i| i.accepts_issuer(iss))
            .ok_or(GuardError::InvalidToken(TokenProblem::UnknownIssuer))?;
        let kid = jws.header().kid.as_deref();
        let snap = self.issuers[index]
            .snapshot_for(kid, tokio::time::Instant::now())
            .await?;
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
                principal.clone(),
                valid_until,
                index,
                snap.generation,
                key_id.as_deref(),
            );
        }
        tracing::trace!(issuer = %snap.issuer(), kid = ?key_id, "token verified");
        Ok(principal)
    }
}
