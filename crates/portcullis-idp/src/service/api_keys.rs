//! API keys: opaque, long-lived credentials of a user or an organization, shown once,
//! stored hashed, checked by introspection.

use super::Idp;
use super::audit::{AuditAction, AuditEvent};
use super::grant::{ConsentMode, GrantDecision, GrantError, GrantRequest, Requester, Subject};
use crate::error::{IdpError, Result};
use crate::ids::{new_id, new_token, token_hash};
use crate::secret::Secret;
use crate::store::ApiKeyRow;

/// Every API key starts with this, so leaked keys are recognizable (secret scanners) and
/// the guard can tell them from JWTs.
pub const API_KEY_PREFIX: &str = "pcl";

/// Who an API key acts as.
#[derive(Debug, Clone, Copy)]
pub enum KeyOwner<'a> {
    /// A user (id or email): a personal key.
    User(&'a str),
    /// An organization (id or slug).
    Org(&'a str),
}

/// A new key: the secret is shown this once.
#[derive(Debug, Clone)]
pub struct NewApiKey {
    /// What is stored.
    pub row: ApiKeyRow,
    /// The key itself.
    pub key: Secret,
}

impl Idp {
    /// Creates an API key for the API `audience` (a registered API's identifier;
    /// `None`: the issuer's default audience), with `permissions`, valid until
    /// `expires_at` if given. Introspection answers the audience as `aud`, so the key
    /// works at that API only.
    ///
    /// The owner must hold every permission now ([`Idp::decide_grant`]): a user
    /// through roles, an organization through what its roles grant on the API; each
    /// use narrows the key again to what its owner holds then.
    pub async fn create_api_key(
        &self,
        name: &str,
        owner: KeyOwner<'_>,
        audience: Option<&str>,
        permissions: &[String],
        expires_at: Option<i64>,
        now: i64,
    ) -> Result<NewApiKey> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(IdpError::invalid(
                "name is required (at most 200 characters)",
            ));
        }
        if permissions.len() > 100
            || permissions.iter().any(|p| {
                p.is_empty()
                    || p.len() > 200
                    || !p
                        .chars()
                        .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\')
            })
        {
            return Err(IdpError::invalid(
                "permissions must be at most 100 visible ASCII words",
            ));
        }
        if expires_at.is_some_and(|t| t <= now) {
            return Err(IdpError::invalid("expires_at must be in the future"));
        }
        let audience = match audience {
            Some(requested) => Some(self.resolve_audience(Some(requested)).await?.0),
            None => None,
        };
        let (user_id, org_id) = match owner {
            KeyOwner::User(u) => (Some(self.find_user(u).await?.id), None),
            KeyOwner::Org(o) => (None, Some(self.find_org(o).await?.id)),
        };
        let key = new_token(API_KEY_PREFIX)?;
        let row = ApiKeyRow {
            id: new_id("key")?,
            name: name.to_owned(),
            user_id,
            org_id,
            permissions: permissions.join(" "),
            audience,
            created_at: now,
            expires_at,
            revoked_at: None,
            last_used_at: None,
        };
        if !permissions.is_empty() {
            let decision = self
                .api_key_grant(&row)
                .await
                .map_err(GrantError::for_request)?;
            let held = decision
                .org
                .as_ref()
                .map_or(&decision.permissions, |o| &o.permissions);
            let missing: Vec<&str> = permissions
                .iter()
                .map(String::as_str)
                .filter(|p| !held.iter().any(|h| h == p))
                .collect();
            if !missing.is_empty() {
                return Err(IdpError::invalid(format!(
                    "the key's owner does not hold {} on {}",
                    missing.join(", "),
                    self.api_key_audience(&row)
                )));
            }
        }
        self.store().insert_api_key(&row, &token_hash(&key)).await?;
        tracing::info!(key_id = %row.id, "API key created");
        let owner = row.user_id.clone().or_else(|| row.org_id.clone());
        self.audit(AuditEvent::new(AuditAction::ApiKeyCreated).on(&row.id).with(serde_json::json!({ "owner": owner, "audience": row.audience, "permissions": row.permissions })), now)
        .await;
        Ok(NewApiKey {
            row,
            key: Secret::new(key),
        })
    }

    /// The API a key is for: its audience, or for a key without one (created without,
    /// or before keys had audiences) the issuer's default audience as configured now.
    pub fn api_key_audience(&self, key: &ApiKeyRow) -> String {
        let config = self.config();
        key.audience
            .clone()
            .or_else(|| config.default_audience.clone())
            .unwrap_or_else(|| config.issuer.clone())
    }

    /// What a key grants now, by the rule of every grant ([`Idp::decide_grant`]): its
    /// permissions narrowed to what its owner holds on the key's API. An organization's
    /// grants come back in [`GrantDecision::org`], never as platform-wide permissions.
    pub async fn api_key_grant(
        &self,
        key: &ApiKeyRow,
    ) -> std::result::Result<GrantDecision, GrantError> {
        let org = match &key.org_id {
            Some(id) => Some(self.store().org(id).await?.ok_or_else(|| {
                GrantError::NotAllowed("the key's organization no longer exists".into())
            })?),
            None => None,
        };
        let subject = match (&org, &key.user_id) {
            (Some(org), _) => Subject::Org(org),
            (None, Some(user)) => Subject::User {
                id: user,
                membership: None,
            },
            (None, None) => {
                return Err(GrantError::NotAllowed("the key has no owner".into()));
            }
        };
        let audience = self.api_key_audience(key);
        self.decide_grant(GrantRequest {
            requester: Requester::ApiKey,
            subject,
            audience: Some(&audience),
            scope: Some(&key.permissions),
            consent: ConsentMode::Narrow,
        })
        .await
    }

    /// The key behind `secret`, if it works now (not revoked, not expired, its user not
    /// disabled). Records the use.
    pub async fn check_api_key(&self, secret: &Secret, now: i64) -> Result<Option<ApiKeyRow>> {
        if !secret.expose().starts_with(&format!("{API_KEY_PREFIX}_")) {
            return Ok(None);
        }
        let Some(key) = self
            .store()
            .api_key_by_hash(&token_hash(secret.expose()))
            .await?
        else {
            return Ok(None);
        };
        if key.revoked_at.is_some() || key.expires_at.is_some_and(|t| t <= now) {
            return Ok(None);
        }
        let owner_disabled = match &key.user_id {
            Some(user) => self
                .store()
                .user_by_id(user)
                .await?
                .is_none_or(|u| u.disabled),
            None => false,
        };
        if owner_disabled {
            return Ok(None);
        }
        self.store().touch_api_key(&key.id, now).await?;
        Ok(Some(key))
    }

    /// Revokes a key by id; unknown ids are [`IdpError::NotFound`].
    pub async fn revoke_api_key(&self, id: &str, now: i64) -> Result<()> {
        if self.store().revoke_api_key(id, now).await? {
            tracing::info!(key_id = %id, "API key revoked");
            self.audit(AuditEvent::new(AuditAction::ApiKeyRevoked).on(id), now)
                .await;
            Ok(())
        } else {
            Err(IdpError::NotFound("API key"))
        }
    }
}
