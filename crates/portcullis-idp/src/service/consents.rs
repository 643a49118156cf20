//! Consent to third-party clients: given on the hosted page, listed and withdrawn by
//! the user and by administrators.

use serde_json::json;

use super::Idp;
use super::audit::{AuditAction, AuditEvent};
use super::authorize::Authorize;
use super::grant::{GrantError, scope_values};
use crate::error::{IdpError, Result};
use crate::store::{ConsentRow, MembershipRow};

impl Idp {
    /// Records that the signed-in user allows the request's client what the request
    /// would be granted, among the scopes the consent page showed (`shown`); added to
    /// what the user allowed that client for that audience before.
    pub async fn give_consent(
        &self,
        req: &Authorize,
        user_id: &str,
        membership: Option<&MembershipRow>,
        shown: &str,
        now: i64,
    ) -> std::result::Result<(), GrantError> {
        let decided = self.decide_for_request(req, user_id, membership).await;
        let asked = match decided {
            Err(GrantError::ConsentRequired(asked)) => asked,
            Ok(_) => return Ok(()),
            Err(e) => return Err(e),
        };
        let shown = scope_values(shown);
        let earlier = self
            .store()
            .consent(user_id, &req.client_id, &req.audience)
            .await?
            .unwrap_or_default();
        let mut scope: Vec<&str> = scope_values(&earlier);
        for s in asked.iter().filter(|s| shown.contains(&s.as_str())) {
            if !scope.contains(&s.as_str()) {
                scope.push(s);
            }
        }
        let scope = scope.join(" ");
        self.store()
            .upsert_consent(user_id, &req.client_id, &req.audience, &scope, now)
            .await?;
        self.audit(
            AuditEvent::new(AuditAction::ConsentGranted)
                .by(user_id)
                .on(&req.client_id)
                .with(json!({ "audience": req.audience, "scope": scope })),
            now,
        )
        .await;
        Ok(())
    }

    /// The consents the user (id or email) gave, by client and audience.
    pub async fn consents(&self, user: &str) -> Result<Vec<ConsentRow>> {
        let user = self.find_user(user).await?;
        self.store().consents_of_user(&user.id).await
    }

    /// Withdraws the user's (id or email) consents to a client: its sessions for the
    /// user are revoked and its pending codes dropped. [`IdpError::NotFound`] if there
    /// was no consent. `by` says who did it (`user` or `admin`), for the audit log.
    pub async fn revoke_consent(
        &self,
        user: &str,
        client_id: &str,
        by: &str,
        now: i64,
    ) -> Result<()> {
        let user = self.find_user(user).await?;
        if !self
            .store()
            .revoke_consents(&user.id, client_id, now)
            .await?
        {
            return Err(IdpError::NotFound("consent"));
        }
        self.audit(
            AuditEvent::new(AuditAction::ConsentRevoked)
                .by(&user.id)
                .on(client_id)
                .with(json!({ "by": by })),
            now,
        )
        .await;
        Ok(())
    }
}
