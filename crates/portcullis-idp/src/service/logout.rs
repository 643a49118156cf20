//! RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): what an
//! `id_token_hint` proves.

use portcullis_jwt::{Claims, NumericDate, Validation, Verifier};

use super::Idp;
use super::oidc::BROWSER_SESSION_TTL;
use crate::error::Result;

/// What a valid `id_token_hint` says: which user the relying party signed in, and the
/// relying party itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoutHint {
    /// The user (`sub`).
    pub user_id: String,
    /// The client the ID token was issued to (`aud`).
    pub client_id: String,
}

impl Idp {
    /// Checks an `id_token_hint`: an ID token this issuer signed (any of its published
    /// keys, `typ` `JWT`, exact `iss`, one audience). An expired one is accepted, as the
    /// specification asks, for as long as a browser session could have outlived it;
    /// what it may end is decided by the caller (the user's own session only). `None`
    /// for anything else, an access token included.
    pub async fn logout_hint(&self, token: &str, now: i64) -> Result<Option<LogoutHint>> {
        let verifier = Verifier::new(Validation::new(self.config().issuer.clone(), ""));
        let retain = self.config().access_ttl + 300;
        let keys = self.keys().verifying_keys(now, retain, false).await?;
        let signed = match verifier.verify_signature(token, &keys) {
            Ok(s) => s,
            // A key published seconds ago is never missed: one fresh read.
            Err(_) => {
                let keys = self.keys().verifying_keys(now, retain, true).await?;
                match verifier.verify_signature(token, &keys) {
                    Ok(s) => s,
                    Err(_) => return Ok(None),
                }
            }
        };
        let (jws, _) = signed;
        if !jws.header().typ_is("JWT") {
            return Ok(None);
        }
        let Ok(claims) = Claims::from_payload(jws.payload()) else {
            return Ok(None);
        };
        let stale = claims.expires_at() < NumericDate::from_secs(now - BROWSER_SESSION_TTL);
        let (Some(sub), [aud]) = (claims.subject(), claims.audiences()) else {
            return Ok(None);
        };
        if claims.issuer() != Some(self.config().issuer.as_str()) || stale {
            return Ok(None);
        }
        Ok(Some(LogoutHint {
            user_id: sub.to_owned(),
            client_id: aud.clone(),
        }))
    }
}
