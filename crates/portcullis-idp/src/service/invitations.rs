//! Inviting people into an organization by email: a single-use link, valid 7 days,
//! that only the invited address can accept.

use serde_json::json;

use super::Idp;
use crate::email::Email;
use crate::error::{IdpError, Result};
use crate::ids::{new_token, token_hash};
use crate::store::{InvitationRow, MembershipRow, PendingInvitation};

/// Invitations live a week.
pub const INVITATION_TTL: i64 = 7 * 24 * 3600;

impl Idp {
    /// Invites `email` into `org` with `role`; the link goes to the outbox. Returns
    /// when the invitation expires.
    pub async fn invite(&self, org: &str, email: &str, role: &str, now: i64) -> Result<i64> {
        let org = self.find_org(org).await?;
        let email = Email::parse(email)?;
        if self.store().org_role_rank(role).await?.is_none() {
            return Err(IdpError::invalid(format!(
                "role {role:?} is not an organization role"
            )));
        }
        let token = new_token("pin")?;
        let inv = InvitationRow {
            org_id: org.id.clone(),
            email: email.as_str().to_owned(),
            role: role.to_owned(),
            expires_at: now + INVITATION_TTL,
        };
        self.store()
            .insert_invitation(&token_hash(&token), &inv, now)
            .await?;
        let body = format!(
            "You are invited to join {} as {role}.\n\nSign in (or sign up) with this address, then accept with the token:\n\n{token}\n\n(POST {}api/auth/invitations/accept with your access token; the invitation works once, for 7 days.)\n",
            org.name,
            self.config().issuer,
        );
        self.send_mail(
            email.as_str(),
            &format!("Join {} on Portcullis", org.name),
            body,
            now,
        )
        .await?;
        self.audit(
            "org.invited",
            None,
            Some(email.as_str()),
            json!({ "org": org.id, "role": role }),
            now,
        )
        .await;
        Ok(inv.expires_at)
    }

    /// Accepts an invitation as the user `user_id`, whose email must be the invited one.
    pub async fn accept_invitation(
        &self,
        token: &str,
        user_id: &str,
        now: i64,
    ) -> Result<MembershipRow> {
        let user = self
            .store()
            .user_by_id(user_id)
            .await?
            .ok_or(IdpError::NotFound("user"))?;
        let inv = self
            .store()
            .accept_invitation(&token_hash(token), &user.email, now)
            .await?
            .ok_or(IdpError::InvalidGrant(
                "the invitation is invalid, used, expired, or for another address",
            ))?;
        self.store()
            .upsert_membership(&inv.org_id, &user.id, &inv.role, now)
            .await?;
        self.audit(
            "org.invitation_accepted",
            Some(&user.id),
            Some(&inv.org_id),
            json!({ "role": inv.role }),
            now,
        )
        .await;
        self.store()
            .membership(&inv.org_id, &user.id)
            .await?
            .ok_or(IdpError::NotFound("membership"))
    }
}

/// At most this many pending invitations are listed (they expire within a week).
pub const MAX_PENDING_INVITATIONS: i64 = 500;

impl Idp {
    /// The pending invitations of `org` (id or slug), newest first.
    pub async fn pending_invitations(&self, org: &str, now: i64) -> Result<Vec<PendingInvitation>> {
        let org = self.find_org(org).await?;
        self.store()
            .pending_invitations(&org.id, now, MAX_PENDING_INVITATIONS)
            .await
    }

    /// Withdraws a pending invitation: its link stops working. [`IdpError::NotFound`]
    /// when there is no such pending invitation in `org`.
    pub async fn revoke_invitation(&self, org: &str, id: &str, now: i64) -> Result<()> {
        let org = self.find_org(org).await?;
        if !self.store().delete_invitation(&org.id, id).await? {
            return Err(IdpError::NotFound("invitation"));
        }
        self.audit(
            "org.invitation_revoked",
            None,
            None,
            json!({ "org": org.id }),
            now,
        )
        .await;
        Ok(())
    }
}
