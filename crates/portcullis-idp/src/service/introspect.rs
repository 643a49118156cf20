//! Checking the issuer's own tokens: access tokens (signature, claims, live session) and
//! refresh tokens (by hash), for `/userinfo` and introspection (RFC 7662).

use portcullis_jwt::{NumericDate, Validation, Verifier};
use serde_json::{Map, Value};

use super::Idp;
use crate::error::Result;
use crate::ids::token_hash;
use crate::secret::Secret;
use crate::store::SessionRow;

/// What an active token is.
#[derive(Debug, Clone)]
pub enum ActiveToken {
    /// A valid access token, with its claims.
    Access(Map<String, Value>),
    /// A working API key.
    ApiKey(crate::store::ApiKeyRow),
    /// A usable refresh token: its session, and when it expires.
    Refresh {
        /// The session.
        session: SessionRow,
        /// Earliest of idle and absolute expiry.
        expires_at: i64,
    },
}

impl Idp {
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

    /// Whatever `token` is (access or refresh), whether it is active now.
    pub async fn introspect(&self, token: &Secret, now: i64) -> Result<Option<ActiveToken>> {
        let raw = token.expose();
        if let Some(key) = self.check_api_key(token, now).await? {
            return Ok(Some(ActiveToken::ApiKey(key)));
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
        if status.used || session.revoked_at.is_some() || expires_at <= now {
            return Ok(None);
        }
        Ok(Some(ActiveToken::Refresh {
            session,
            expires_at,
        }))
    }
}
