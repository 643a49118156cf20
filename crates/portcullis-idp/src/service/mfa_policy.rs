//! Who must sign in with a second factor ("MFA required"): everyone, when the issuer is
//! configured so ([`crate::IdpConfig::mfa_required`]); the members of an organization,
//! the holders of a role and the users of a client an administrator marked. A user who
//! falls under a requirement and has no factor sets one up during the sign-in; sessions
//! started before a requirement keep going until their next sign-in.

use serde_json::json;

use super::Idp;
use super::audit::{AuditAction, AuditEvent};
use crate::AuthMethods;
use crate::error::{IdpError, Result};

/// What an administrator can mark as needing a second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MfaTarget {
    /// Every member of an organization.
    Organization,
    /// Every holder of a (platform) role.
    Role,
    /// Every sign-in to a client.
    Client,
}

impl MfaTarget {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Organization => "organization",
            Self::Role => "role",
            Self::Client => "client",
        }
    }

    fn parse(kind: &str) -> Option<MfaTarget> {
        [Self::Organization, Self::Role, Self::Client]
            .into_iter()
            .find(|t| t.as_str() == kind)
    }
}

/// Why a user must sign in with a second factor (shown to them, named in the audit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MfaRequirement {
    /// The issuer requires it of everyone.
    Everyone,
    /// One of these requires it: an organization the user belongs to, a role they hold,
    /// or the client they sign in to, with its id and display name.
    Marked {
        /// What kind of target.
        target: MfaTarget,
        /// Its id.
        id: String,
        /// Its name (an organization's or role's name, a client's display name).
        name: String,
    },
}

/// The whole policy, as the admin API shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MfaPolicy {
    /// Everyone must (configuration).
    pub everyone: bool,
    /// Marked targets with their names, by kind then id.
    pub marked: Vec<(MfaTarget, String, String)>,
}

impl Idp {
    /// Marks (`required`) or unmarks an organization (id or slug), a role (id or name)
    /// or a client (id) as needing a second factor. Idempotent; a change is audited.
    pub async fn require_mfa(
        &self,
        target: MfaTarget,
        id_or_name: &str,
        required: bool,
        now: i64,
    ) -> Result<()> {
        let (id, name) = self.mfa_target(target, id_or_name).await?;
        let changed = self
            .store()
            .set_mfa_requirement(target.as_str(), &id, required, now)
            .await?;
        if changed {
            let action = if required {
                AuditAction::MfaRequired
            } else {
                AuditAction::MfaNoLongerRequired
            };
            self.audit(
                AuditEvent::new(action)
                    .on(&id)
                    .with(json!({ "kind": target.as_str(), "name": name })),
                now,
            )
            .await;
        }
        Ok(())
    }

    /// The whole policy. Targets deleted since they were marked are left out.
    pub async fn mfa_policy(&self) -> Result<MfaPolicy> {
        let mut marked = Vec::new();
        for (kind, id) in self.store().mfa_requirements().await? {
            let Some(target) = MfaTarget::parse(&kind) else {
                continue;
            };
            match self.mfa_target(target, &id).await {
                Ok((id, name)) => marked.push((target, id, name)),
                Err(IdpError::NotFound(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(MfaPolicy {
            everyone: self.config().mfa_required,
            marked,
        })
    }

    /// Whether a sign-in made with `amr` may be used for `user_id` at `client_id`: it was
    /// made with two factors, or no policy asks for them. A browser session from before
    /// a requirement, or from a page or client none applied to, is not reused where one
    /// applies.
    pub async fn sign_in_meets_mfa_policy(
        &self,
        user_id: &str,
        client_id: &str,
        amr: AuthMethods,
    ) -> Result<bool> {
        Ok(amr.is_multi_factor()
            || self
                .mfa_required_for(user_id, Some(client_id))
                .await?
                .is_none())
    }

    /// Whether `user_id`, signing in to `client_id`, must use a second factor, and why.
    pub async fn mfa_required_for(
        &self,
        user_id: &str,
        client_id: Option<&str>,
    ) -> Result<Option<MfaRequirement>> {
        if self.config().mfa_required {
            return Ok(Some(MfaRequirement::Everyone));
        }
        let Some((kind, id)) = self.store().mfa_requirement_for(user_id, client_id).await? else {
            return Ok(None);
        };
        let target = MfaTarget::parse(&kind).ok_or(IdpError::NotFound("requirement"))?;
        // A target deleted meanwhile still counts: erring towards the second factor.
        let name = match self.mfa_target(target, &id).await {
            Ok((_, name)) => name,
            Err(IdpError::NotFound(_)) => id.clone(),
            Err(e) => return Err(e),
        };
        Ok(Some(MfaRequirement::Marked { target, id, name }))
    }

    /// The id and name of a target, found by id (or slug, or role name).
    async fn mfa_target(&self, target: MfaTarget, id_or_name: &str) -> Result<(String, String)> {
        Ok(match target {
            MfaTarget::Organization => {
                let org = self.find_org(id_or_name).await?;
                (org.id, org.name)
            }
            MfaTarget::Role => {
                let role = self.find_role(id_or_name).await?;
                (role.id, role.name)
            }
            MfaTarget::Client => {
                let client = self
                    .store()
                    .client_by_id(id_or_name)
                    .await?
                    .ok_or(IdpError::NotFound("client"))?;
                (client.id, client.name)
            }
        })
    }
}
