//! A user's sessions as administrators see them: listing and revoking.

use serde_json::json;

use super::Idp;
use super::audit::{AuditAction, AuditEvent};
use crate::error::{IdpError, Result};
use crate::store::SessionSummary;

impl Idp {
    /// One page of the user's (id or email) active sessions, by id.
    pub async fn list_sessions(
        &self,
        user: &str,
        after: Option<&str>,
        limit: i64,
        now: i64,
    ) -> Result<Vec<SessionSummary>> {
        let user = self.find_user(user).await?;
        self.store()
            .active_sessions(&user.id, now, after, limit)
            .await
    }

    /// Revokes every session of the user, browser sign-ins included: each refresh token
    /// and access token with a session stops working.
    pub async fn revoke_sessions(&self, user: &str, now: i64) -> Result<()> {
        let user = self.find_user(user).await?;
        self.store().revoke_all_sessions(&user.id, now).await?;
        self.audit(
            AuditEvent::new(AuditAction::SessionRevoked)
                .on(&user.id)
                .with(json!({ "by": "admin", "all": true })),
            now,
        )
        .await;
        Ok(())
    }

    /// Revokes one session of the user (idempotent); [`IdpError::NotFound`] if the user
    /// has no session with this id.
    pub async fn revoke_user_session(&self, user: &str, session: &str, now: i64) -> Result<()> {
        let user = self.find_user(user).await?;
        match self
            .store()
            .revoke_session_of_user(&user.id, session, now)
            .await?
        {
            None => Err(IdpError::NotFound("session")),
            Some(was_active) => {
                if was_active {
                    self.audit(
                        AuditEvent::new(AuditAction::SessionRevoked)
                            .on(session)
                            .with(json!({ "by": "admin" })),
                        now,
                    )
                    .await;
                }
                Ok(())
            }
        }
    }
}
