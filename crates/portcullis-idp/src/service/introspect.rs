//! Checking the issuer's own tokens: access tokens (signature, claims, live session) and
//! refresh tokens (by hash), for the issuer's own endpoints and introspection (RFC 7662).

use portcullis_jwt::{NumericDate, Validation, Verifier};
use serde_json::{Map, Value};

use super::Idp;
use super::grant::{GrantDecision, GrantError};
use crate::error::Result;
use crate::ids::token_hash;
use crate::secret::Secret;
use crate::store::SessionRow;

/// What an active token is.
#[derive(Debug, Clone)]
pub enum ActiveToken {
    /// A valid access token, with its claims.
    Access(Map<String, Value>),
    /// A working API key, with what it grants now ([`Idp::api_key_grant`]).
    ApiKey {
        /// The key.
        key: Box<crate::store::ApiKeyRow>,
        /// Its audience and permissions, narrowed to what its owner holds.
        grant: GrantDecision,
    },
    /// A usable refresh token: its session, and when it expires.
    Refresh {
        /// The session.
        session: SessionRow,
        /// Earliest of idle and absolute expiry.
        expires_at: i64,
    },
}

/// Which access tokens an endpoint of the issuer itself accepts (RFC 8725 §3.9: a token
/// minted for another API is not a credential here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnAudience {
    /// Only tokens whose `aud` is the issuer: every endpoint that changes something.
    Issuer,
    /// Tokens for the issuer, and tokens for any API that were granted the `openid`
    /// scope: OpenID Connect's userinfo, which an OIDC client calls with the access
    /// token it got for its API.
    IssuerOrOpenId,
}

/// Whether `claims` say `aud` is `audience` (a string, or an array holding it).
fn audience_is(claims: &Map<String, Value>, audience: &str) -> bool {
    match claims.get("aud") {
        Some(Value::String(a)) => a == audience,
        Some(Value::Array(all)) => all.iter().any(|a| a.as_str() == Some(audience)),
        _ => false,
    }
}

/// Whether `claims` grant the `openid` scope.
fn has_openid_scope(claims: &Map<String, Value>) -> bool {
    claims
        .get("scope")
        .and_then(Value::as_str)
        .is_some_and(|s| s.split_whitespace().any(|x| x == "openid"))
}

impl Idp {
    /// Verifies an access token presented to one of the issuer's own endpoints: valid,
    /// live session, and minted for the issuer as `rule` says. `None` otherwise.
    pub async fn verify_own_access_token(
        &self,
        token: &str,
        rule: OwnAudience,
        now: i64,
    ) -> Result<Option<Map<String, Value>>> {
        let Some(claims) = self.verify_access_token(token, now).await? else {
            return Ok(None);
        };
        let accepted = audience_is(&claims, &self.config().issuer)
            || (rule == OwnAudience::IssuerOrOpenId && has_openid_scope(&claims));
        Ok(accepted.then_some(claims))
    }

    /// Verifies one of this issuer's access tokens, for any audience, and checks that its
    /// session (if it has one) has not been revoked. `None` if it is not valid now.
    pub async fn verify_access_token(
        &self,
        token: &str,
        now: i64,
    ) -> Result<Option<Map<String, Value>>> {
        let validation = Validation::new(self.config().issuer.clone(), "")
            .insecure_skip_audience()
            .require_typ("at+jwt");
        let verifier = Verifier::new(validation);
        let at = NumericDate::from_secs(now);
        let keys = self
            .keys()
            .verifying_keys(now, self.config().access_ttl + 300, false)
            .await?;
        let verified = match verifier.verify(token, &keys, at) {
            Ok(v) => v,
            // A failure is checked once more against the current set (as every check
            // was before the cache), so a key published seconds ago is never missed.
            Err(_) => match verifier.verify(
                token,
                &*self
                    .keys()
                    .verifying_keys(now, self.config().access_ttl + 300, true)
                    .await?,
                at,
            ) {
                Ok(v) => v,
                Err(_) => return Ok(None),
            },
        };
        let claims = verified.claims.into_raw();
        if let Some(sid) = claims.get("sid").and_then(Value::as_str) {
            let live = self
                .store()
                .session(sid)
                .await?
                .is_some_and(|s| s.revoked_at.is_none() && s.expires_at > now);
            if !live {
                return Ok(None);
            }
        }
        Ok(Some(claims))
    }

    /// Whatever `token` is (API key, access or refresh token), whether it is active now,
    /// as the client `caller` may learn it: a refresh token is active only to the client
    /// it was issued to (RFC 7009 §2.1 by analogy: nobody else may use it, so for them it
    /// is nothing).
    pub async fn introspect(
        &self,
        token: &Secret,
        caller: &str,
        now: i64,
    ) -> Result<Option<ActiveToken>> {
        let raw = token.expose();
        if let Some(key) = self.check_api_key(token, now).await? {
            return match self.api_key_grant(&key).await {
                Ok(grant) => Ok(Some(ActiveToken::ApiKey {
                    key: Box::new(key),
                    grant,
                })),
                // Its API or its organization is gone: the key opens nothing.
                Err(GrantError::Failed(e)) => Err(e),
                Err(_) => Ok(None),
            };
        }
        if raw.split('.').count() == 3 {
            return Ok(self
                .verify_access_token(raw, now)
                .await?
                .map(ActiveToken::Access));
        }
        let Some(status) = self.store().refresh_status(&token_hash(raw)).await? else {
            return Ok(None);
        };
        let session = status.session;
        let expires_at = status.idle_expires_at.min(session.expires_at);
        if status.used
            || session.revoked_at.is_some()
            || expires_at <= now
            || session.client_id != caller
        {
            return Ok(None);
        }
        Ok(Some(ActiveToken::Refresh {
            session,
            expires_at,
        }))
    }
}
