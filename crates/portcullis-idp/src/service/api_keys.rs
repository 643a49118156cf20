//! API keys: opaque, long-lived credentials of a user or an organization, shown once,
//! stored hashed, checked by introspection.

use super::Idp;
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
        self.store().insert_api_key(&row, &token_hash(&key)).await?;
        tracing::info!(key_id = %row.id, "API key created");
        let owner = row.user_id.clone().or_else(|| row.org_id.clone());
        self.audit(
            "api_key.created",
            None,
            Some(&row.id),
            serde_json::json!({ "owner": owner, "audience": row.audience, "permissions": row.permissions }),
            now,
        )
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
                .is_none_or(|u| u.disabled != 0),
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
            self.audit(
                "api_key.revoked",
                None,
                Some(id),
                serde_json::json!({}),
                now,
            )
            .await;
            Ok(())
        } else {
            Err(IdpError::NotFound("API key"))
        }
    }
}
