//! Looking users up, listing and disabling them, and minting test tokens.

use super::tokens::Grant;
use super::{AccessToken, Idp};
use crate::email::Email;
use crate::error::{IdpError, Result};
use crate::store::UserRow;

impl Idp {
    /// The user with this id (`usr_…`) or email.
    pub async fn find_user(&self, id_or_email: &str) -> Result<UserRow> {
        let found = if id_or_email.starts_with("usr_") {
            self.store().user_by_id(id_or_email).await?
        } else {
            let email = Email::parse(id_or_email)?;
            self.store().user_by_email(email.as_str()).await?
        };
        found.ok_or(IdpError::NotFound("user"))
    }

    /// Disables a user: no login, no refresh, every session revoked at once.
    pub async fn disable_user(&self, id_or_email: &str, now: i64) -> Result<UserRow> {
        let user = self.find_user(id_or_email).await?;
        self.store().set_user_disabled(&user.id, true, now).await?;
        tracing::info!(user_id = %user.id, "user disabled");
        self.audit(
            "user.disabled",
            None,
            Some(&user.id),
            serde_json::json!({}),
            now,
        )
        .await;
        self.find_user(&user.id).await
    }

    /// Mints an access token for `sub` and `audience` with the given permissions, without
    /// a session (like Auth0's "Test" tab): for trying an API by hand and for tests.
    pub async fn mint_test_token(
        &self,
        sub: &str,
        audience: Option<&str>,
        permissions: Vec<String>,
        now: i64,
    ) -> Result<AccessToken> {
        if sub.trim().is_empty() {
            return Err(IdpError::invalid("subject is required"));
        }
        let (audience, _) = self.resolve_audience(audience).await?;
        let scope = permissions.join(" ");
        self.mint(
            Grant {
                sub,
                client_id: "portcullis-cli",
                audience: &audience,
                scope: &scope,
                sid: None,
                permissions,
                org: None,
            },
            now,
        )
        .await
    }
}

impl Idp {
    /// Registers the admin API (audience `audience`, permissions `read` and `write`) and
    /// the role granting both, unless they exist. Safe to call at every start.
    pub async fn ensure_admin_api(
        &self,
        audience: &str,
        read: &str,
        write: &str,
        role: &str,
        now: i64,
    ) -> Result<()> {
        if self.store().api_by_identifier(audience).await?.is_none() {
            match self
                .create_api(audience, "Portcullis admin API", &[read, write], now)
                .await
            {
                Ok(_) | Err(IdpError::InvalidInput(_)) => {}
                Err(e) => return Err(e),
            }
        }
        if self.store().role_id(role).await?.is_none() {
            match self.create_role(role, audience, &[read, write], now).await {
                Ok(_) | Err(IdpError::InvalidInput(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}
