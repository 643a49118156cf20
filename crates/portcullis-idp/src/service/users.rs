//! Looking users up, changing, disabling and deleting them, and minting test tokens.

use serde_json::json;

use super::audit::{AuditAction, AuditEvent};
use super::orgs::OWNER_ROLE;
use super::tokens::Grant;
use super::{AccessToken, Idp};
use crate::email::Email;
use crate::error::{IdpError, Result};
use crate::store::UserRow;

/// A change to a user: each `None` stays as it is.
#[derive(Debug, Clone, Default)]
pub struct UserUpdate {
    /// The display name; `Some(None)` (or an empty name) clears it.
    pub name: Option<Option<String>>,
    /// A new email: normalized, must be free, and unverified until verified again.
    pub email: Option<String>,
    /// Disable (every session revoked) or re-enable.
    pub disabled: Option<bool>,
}

/// A display name: trimmed, empty is none, at most 200 characters.
pub(crate) fn check_name(name: Option<String>) -> Result<Option<String>> {
    let name = name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    if name
        .as_ref()
        .is_some_and(|n| n.chars().count() > 200 || n.chars().any(char::is_control))
    {
        return Err(IdpError::invalid(
            "name must be at most 200 characters, without control characters",
        ));
    }
    Ok(name)
}

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
        self.audit(AuditEvent::new(AuditAction::UserDisabled).on(&user.id), now)
            .await;
        self.find_user(&user.id).await
    }

    /// Changes a user's name, email or disabled state.
    pub async fn update_user(
        &self,
        id_or_email: &str,
        change: UserUpdate,
        now: i64,
    ) -> Result<UserRow> {
        let user = self.find_user(id_or_email).await?;
        let name = change.name.map(check_name).transpose()?;
        let email = change.email.as_deref().map(Email::parse).transpose()?;
        let email_changed = email.as_ref().is_some_and(|e| e.as_str() != user.email);
        let mut changed = Vec::new();
        changed.extend(name.is_some().then_some("name"));
        changed.extend(email_changed.then_some("email"));
        if !changed.is_empty() {
            let name = name.unwrap_or_else(|| user.name.clone());
            let email = email.as_ref().map_or(user.email.as_str(), Email::as_str);
            self.store()
                .update_profile(&user.id, name.as_deref(), email, email_changed, now)
                .await?;
        }
        if let Some(disabled) = change.disabled.filter(|d| *d != (user.disabled)) {
            self.store()
                .set_user_disabled(&user.id, disabled, now)
                .await?;
            changed.push("disabled");
        }
        if !changed.is_empty() {
            tracing::info!(user_id = %user.id, "user updated");
            self.audit(
                AuditEvent::new(AuditAction::UserUpdated)
                    .on(&user.id)
                    .with(json!({ "changed": changed })),
                now,
            )
            .await;
        }
        self.find_user(&user.id).await
    }

    /// Deletes a user and everything hanging off them (sessions, refresh tokens,
    /// browser sessions, API keys, memberships, roles, email links). The last owner of
    /// an organization cannot be deleted ([`IdpError::Conflict`]).
    pub async fn delete_user(&self, id_or_email: &str, now: i64) -> Result<()> {
        let user = self.find_user(id_or_email).await?;
        let owned = self.store().orgs_where_only(&user.id, OWNER_ROLE).await?;
        if !owned.is_empty() {
            return Err(IdpError::conflict(format!(
                "the user is the last owner of {}: make someone else an owner first",
                owned.join(", ")
            )));
        }
        if !self.store().delete_user(&user.id).await? {
            return Err(IdpError::NotFound("user"));
        }
        tracing::info!(user_id = %user.id, "user deleted");
        self.audit(AuditEvent::new(AuditAction::UserDeleted).on(&user.id), now)
            .await;
        Ok(())
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
                sign_in: None,
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
                Ok(_) | Err(IdpError::Conflict(_)) => {}
                Err(e) => return Err(e),
            }
        }
        if self.store().role_id(role).await?.is_none() {
            match self.create_role(role, audience, &[read, write], now).await {
                Ok(_) | Err(IdpError::Conflict(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// Reads (and worker bookkeeping) that the server and the CLI go through `Idp` for.
impl Idp {
    /// The user with this (normalized) address, if any.
    pub async fn user_by_email(&self, email: &str) -> crate::Result<Option<crate::store::UserRow>> {
        self.store().user_by_email(email).await
    }

    /// The user with this id, if any.
    pub async fn user_by_id(&self, id: &str) -> crate::Result<Option<crate::store::UserRow>> {
        self.store().user_by_id(id).await
    }

    /// A page of users, by id after `after`, optionally matching `search`.
    pub async fn list_users(
        &self,
        search: Option<&str>,
        after: Option<&str>,
        limit: i64,
    ) -> crate::Result<Vec<crate::store::UserRow>> {
        self.store().list_users(search, after, limit).await
    }
}

impl Idp {
    /// Marks a user's address as confirmed without a link (seeding, imports), audited.
    pub async fn mark_email_verified(&self, user_id: &str, now: i64) -> crate::Result<()> {
        self.store().set_email_verified(user_id, now).await?;
        let event = super::audit::AuditEvent::new(super::audit::AuditAction::EmailVerified);
        self.audit(
            event
                .on(user_id)
                .with(serde_json::json!({ "by": "administrator" })),
            now,
        )
        .await;
        Ok(())
    }
}
