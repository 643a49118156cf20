//! Inviting people into an organization by email: a single-use link, valid 7 days,
//! that only the invited address can accept.

use serde_json::json;

use super::Idp;
use super::audit::{AuditAction, AuditEvent};
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
        let issuer = &self.config().issuer;
        let mail = crate::mail::invitation(
            portcullis_i18n::current(),
            &crate::mail::Invitation {
                org: &org.name,
                role,
                link: &format!("{issuer}join?token={token}"),
                endpoint: &format!("POST {issuer}api/auth/invitations/accept"),
                token: &token,
                ttl: INVITATION_TTL,
            },
        );
        self.send_mail(email.as_str(), mail, now).await?;
        self.audit(
            AuditEvent::new(AuditAction::OrgInvited)
                .on(email.as_str())
                .with(json!({ "org": org.id, "role": role })),
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
        let hash = token_hash(token);
        let inv = self
            .store()
            .accept_invitation(&hash, &user.email, now)
            .await?
            .ok_or(IdpError::InvalidGrant(
                "the invitation is invalid, used, expired, or for another address",
            ))?;
        // An owner accepting a lesser role must not leave the organization ownerless.
        if !self
            .store()
            .change_membership_keeping(
                &inv.org_id,
                &user.id,
                Some(&inv.role),
                super::OWNER_ROLE,
                now,
            )
            .await?
        {
            // Refused: the invitation stays pending (another owner may be added first).
            self.store().reopen_invitation(&hash, now).await?;
            return Err(IdpError::conflict(
                "accepting would leave the organization without an owner",
            ));
        }
        self.audit(
            AuditEvent::new(AuditAction::OrgInvitationAccepted)
                .by(&user.id)
                .on(&inv.org_id)
                .with(json!({ "role": inv.role })),
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
            AuditEvent::new(AuditAction::OrgInvitationRevoked).with(json!({ "org": org.id })),
            now,
        )
        .await;
        Ok(())
    }
}

impl Idp {
    /// What the invitation with this token offers, if it is still usable.
    pub async fn invitation_offer(
        &self,
        token: &str,
        now: i64,
    ) -> Result<Option<crate::store::InvitationOffer>> {
        self.store().invitation_offer(&token_hash(token), now).await
    }
}
