//! Organizations: creation, members and their roles, organization roles and what they
//! grant.

use serde_json::Value;

use super::Idp;
use super::audit::{AuditAction, AuditEvent};
use crate::error::{IdpError, Result};
use crate::ids::new_id;
use crate::store::{MembershipRow, OrgRow};

/// The role that can never be left empty.
pub const OWNER_ROLE: &str = "owner";

/// Checks a slug: 1–64 of `a-z`, `0-9`, `-`, not starting or ending with `-`.
fn check_slug(slug: &str) -> Result<()> {
    let ok = !slug.is_empty()
        && slug.len() <= 64
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(IdpError::invalid(
            "slug must be 1 to 64 lowercase letters, digits or dashes, not starting or ending with a dash",
        ))
    }
}

fn check_role_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b':');
    if ok {
        Ok(())
    } else {
        Err(IdpError::invalid(
            "role must be 1 to 64 letters, digits, '_', '-' or ':'",
        ))
    }
}

/// The refusal to leave an organization without an owner.
pub(crate) fn last_owner(slug: &str) -> IdpError {
    IdpError::conflict(format!(
        "an organization must keep at least one owner: make someone else an owner of {slug} first"
    ))
}

impl Idp {
    /// Creates an organization, with `owner_email` (if given) as its first owner.
    pub async fn create_org(
        &self,
        name: &str,
        slug: &str,
        metadata: Option<Value>,
        owner_email: Option<&str>,
        now: i64,
    ) -> Result<OrgRow> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(IdpError::invalid(
                "name is required (at most 200 characters)",
            ));
        }
        check_slug(slug)?;
        let metadata = match metadata {
            None => "{}".to_owned(),
            Some(v @ Value::Object(_)) => {
                let text = v.to_string();
                if text.len() > 16 * 1024 {
                    return Err(IdpError::invalid("metadata must be at most 16 KiB"));
                }
                text
            }
            Some(_) => return Err(IdpError::invalid("metadata must be a JSON object")),
        };
        let owner = match owner_email {
            Some(email) => Some(self.find_user(email).await?),
            None => None,
        };
        let org = OrgRow {
            id: new_id("org")?,
            name: name.to_owned(),
            slug: slug.to_owned(),
            metadata,
            created_at: now,
        };
        self.store().insert_org(&org).await?;
        if let Some(owner) = owner {
            self.store()
                .upsert_membership(&org.id, &owner.id, OWNER_ROLE, now)
                .await?;
        }
        tracing::info!(org_id = %org.id, "organization created");
        self.audit(
            AuditEvent::new(AuditAction::OrgCreated)
                .on(&org.id)
                .with(serde_json::json!({ "slug": org.slug })),
            now,
        )
        .await;
        Ok(org)
    }

    /// The organization with this id or slug.
    pub async fn find_org(&self, id_or_slug: &str) -> Result<OrgRow> {
        self.store()
            .org(id_or_slug)
            .await?
            .ok_or(IdpError::NotFound("organization"))
    }

    /// Adds a user to an organization with a role, or changes their role. The last
    /// owner cannot be demoted.
    pub async fn set_member(
        &self,
        org: &str,
        user: &str,
        role: &str,
        now: i64,
    ) -> Result<MembershipRow> {
        let org = self.find_org(org).await?;
        let user = self.find_user(user).await?;
        if self.store().org_role_rank(role).await?.is_none() {
            return Err(IdpError::invalid(format!(
                "role {role:?} is not an organization role"
            )));
        }
        if !self
            .store()
            .change_membership_keeping(&org.id, &user.id, Some(role), OWNER_ROLE, now)
            .await?
        {
            return Err(last_owner(&org.slug));
        }
        self.audit(
            AuditEvent::new(AuditAction::OrgMemberSet)
                .on(&user.id)
                .with(serde_json::json!({ "org": org.id, "role": role })),
            now,
        )
        .await;
        self.store()
            .membership(&org.id, &user.id)
            .await?
            .ok_or(IdpError::NotFound("membership"))
    }

    /// Removes a member. The last owner cannot be removed ([`IdpError::Conflict`]).
    pub async fn remove_member(&self, org: &str, user: &str, now: i64) -> Result<()> {
        let org = self.find_org(org).await?;
        let user = self.find_user(user).await?;
        let current = self
            .store()
            .membership(&org.id, &user.id)
            .await?
            .ok_or(IdpError::NotFound("membership"))?;
        self.end_membership(&org, &current, None, now).await
    }

    /// The user `user_id` (a token's `sub`) leaves the organization with this id or
    /// slug. Someone who is not a member gets [`IdpError::NotFound`] (`organization`),
    /// exactly as for an organization that does not exist; the last owner cannot leave
    /// ([`IdpError::Conflict`]).
    pub async fn leave_org(&self, org: &str, user_id: &str, now: i64) -> Result<()> {
        let org = self
            .store()
            .org(org)
            .await?
            .ok_or(IdpError::NotFound("organization"))?;
        let current = self
            .store()
            .membership(&org.id, user_id)
            .await?
            .ok_or(IdpError::NotFound("organization"))?;
        self.end_membership(&org, &current, Some(user_id), now)
            .await
    }

    /// Deletes a membership unless it is the organization's last owner; audited with
    /// `actor` (`None`: an administrator).
    async fn end_membership(
        &self,
        org: &OrgRow,
        m: &MembershipRow,
        actor: Option<&str>,
        now: i64,
    ) -> Result<()> {
        if !self
            .store()
            .change_membership_keeping(&org.id, &m.user_id, None, OWNER_ROLE, now)
            .await?
        {
            return Err(last_owner(&org.slug));
        }
        let event = match actor {
            Some(actor) => AuditEvent::new(AuditAction::OrgMemberLeft).by(actor),
            None => AuditEvent::new(AuditAction::OrgMemberRemoved),
        };
        self.audit(
            event
                .on(&m.user_id)
                .with(serde_json::json!({ "org": org.id })),
            now,
        )
        .await;
        Ok(())
    }

    /// Defines an organization role (or changes its rank): `owner` 300, `admin` 200 and
    /// `member` 100 exist from the start.
    pub async fn define_org_role(&self, name: &str, rank: i64, now: i64) -> Result<()> {
        check_role_name(name)?;
        self.store().upsert_org_role(name, rank, now).await
    }

    /// Lets an organization role grant permissions of an API inside the organization.
    pub async fn grant_org_role(
        &self,
        role: &str,
        api_identifier: &str,
        permissions: &[&str],
    ) -> Result<()> {
        if self.store().org_role_rank(role).await?.is_none() {
            return Err(IdpError::NotFound("organization role"));
        }
        let api = self
            .store()
            .api_by_identifier(api_identifier)
            .await?
            .ok_or(IdpError::NotFound("API"))?;
        for p in permissions {
            self.add_permission(&api.id, p).await?;
            self.store()
                .grant_org_role_permission(role, &api.id, p)
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_role_names() {
        for good in ["acme", "a", "acme-corp-2"] {
            assert!(check_slug(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "-acme",
            "acme-",
            "Acme",
            "ac me",
            "acme/x",
            &"a".repeat(65),
        ] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
        assert!(check_role_name("billing:admin").is_ok());
        assert!(check_role_name("has space").is_err());
    }
}
