//! Minting RFC 9068 access tokens.

use serde_json::{Value, json};

use super::Idp;
use crate::AuthMethods;
use crate::error::{IdpError, Result};
use crate::ids::new_id;

/// A signed access token and its lifetime.
#[derive(Debug, Clone)]
pub struct AccessToken {
    /// The compact JWS.
    pub token: String,
    /// Seconds until it expires.
    pub expires_in: u64,
}

/// Who the token is for and what it carries.
pub(crate) struct Grant<'a> {
    pub sub: &'a str,
    pub client_id: &'a str,
    pub audience: &'a str,
    pub scope: &'a str,
    pub sid: Option<&'a str>,
    pub permissions: Vec<String>,
    pub org: Option<OrgClaims>,
    /// How and when the user signed in; `None` for tokens that no sign-in stands behind
    /// (client credentials, test tokens).
    pub sign_in: Option<SignIn>,
}

/// How and when a user signed in, as a token states it: `amr` (RFC 8176), `acr` (the
/// class [`AuthMethods::acr`] gives) and `auth_time` (OpenID Connect Core §2), so a
/// resource server can ask for a stronger or more recent sign-in (RFC 9470).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SignIn {
    pub amr: AuthMethods,
    pub auth_time: i64,
}

impl SignIn {
    /// Adds `amr`, `acr` and `auth_time` to a token's claims.
    pub(crate) fn add_to(self, claims: &mut serde_json::Map<String, Value>) {
        claims.insert("amr".into(), self.amr.amr().into());
        claims.insert("acr".into(), self.amr.acr().as_str().into());
        claims.insert("auth_time".into(), self.auth_time.into());
    }
}

/// The active organization, as a token states it (`org_id`, `org_slug`, `org_role`,
/// `org_permissions`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgClaims {
    /// The organization's id.
    pub id: String,
    /// Its slug.
    pub slug: String,
    /// The member's role in it; `None` when the organization acts itself (its API key).
    pub role: Option<String>,
    /// What the token may do inside the organization only.
    pub permissions: Vec<String>,
}

impl Idp {
    /// The audience a request names, checked: a registered API, the configured default,
    /// or (when nothing is named or configured) the issuer itself.
    pub(crate) async fn resolve_audience(
        &self,
        requested: Option<&str>,
    ) -> Result<(String, Option<String>)> {
        let config = self.config();
        let audience = match requested.map(str::trim).filter(|a| !a.is_empty()) {
            Some(a) => a.to_owned(),
            None => config
                .default_audience
                .clone()
                .unwrap_or_else(|| config.issuer.clone()),
        };
        if audience == config.issuer {
            return Ok((audience, None));
        }
        match self.store().api_by_identifier(&audience).await? {
            Some(api) => Ok((audience, Some(api.id))),
            None => Err(IdpError::UnknownAudience),
        }
    }

    pub(crate) async fn mint(&self, grant: Grant<'_>, now: i64) -> Result<AccessToken> {
        let ttl = self.config().access_ttl;
        let mut claims = json!({
            "iss": self.config().issuer,
            "sub": grant.sub,
            "aud": grant.audience,
            "iat": now,
            "exp": now + ttl,
            "jti": new_id("at")?,
            "client_id": grant.client_id,
            "scope": grant.scope,
            "permissions": grant.permissions,
        });
        if let Value::Object(map) = &mut claims {
            if let Some(sid) = grant.sid {
                map.insert("sid".into(), sid.into());
            }
            if let Some(sign_in) = grant.sign_in {
                sign_in.add_to(map);
            }
            if let Some(org) = grant.org {
                map.insert("org_id".into(), org.id.into());
                map.insert("org_slug".into(), org.slug.into());
                if let Some(role) = org.role {
                    map.insert("org_role".into(), role.into());
                }
                map.insert("org_permissions".into(), org.permissions.into());
            }
        }
        let key = self.keys().signer().await?;
        let token = key
            .sign_json(&claims, Some("at+jwt"))
            .map_err(|e| IdpError::Keys(e.to_string()))?;
        Ok(AccessToken {
            token,
            expires_in: u64::try_from(ttl).unwrap_or(0),
        })
    }
}
