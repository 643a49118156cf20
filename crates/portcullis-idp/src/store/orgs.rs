//! Organizations, their roles, and memberships.

use super::{Store, is_unique_violation};
use crate::error::{IdpError, Result};

/// An organization.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrgRow {
    /// `org_…`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Unique, URL-safe.
    pub slug: String,
    /// A JSON object, opaque to Portcullis.
    pub metadata: String,
    /// NumericDate.
    pub created_at: i64,
}

/// One user's membership in one organization.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MembershipRow {
    /// The organization.
    pub org_id: String,
    /// Its slug.
    pub org_slug: String,
    /// Its display name.
    pub org_name: String,
    /// The user.
    pub user_id: String,
    /// The user's email.
    pub email: String,
    /// The role's name.
    pub role: String,
}

/// Adds a member, or changes the role of one.
const UPSERT_MEMBERSHIP: &str =
    "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role";
const ORG_COLUMNS: &str = "id, name, slug, metadata, created_at";
const MEMBERSHIP_SELECT: &str =
    "SELECT m.org_id, o.slug AS org_slug, o.name AS org_name, m.user_id, u.email, m.role
     FROM memberships m JOIN organizations o ON o.id = m.org_id JOIN users u ON u.id = m.user_id";

impl Store {
    /// Creates an organization; the slug must be free.
    pub async fn insert_org(&self, org: &OrgRow) -> Result<()> {
        sqlx::query("INSERT INTO organizations (id, name, slug, metadata, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&org.id)
            .bind(&org.name)
            .bind(&org.slug)
            .bind(&org.metadata)
            .bind(org.created_at)
            .execute(self.pool())
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    IdpError::conflict("an organization with this slug already exists")
                } else {
                    e.into()
                }
            })?;
        Ok(())
    }

    /// The organization with this id or slug.
    pub async fn org(&self, id_or_slug: &str) -> Result<Option<OrgRow>> {
        let sql = format!("SELECT {ORG_COLUMNS} FROM organizations WHERE id = $1 OR slug = $1");
        Ok(sqlx::query_as(&sql)
            .bind(id_or_slug)
            .fetch_optional(self.pool())
            .await?)
    }

    /// Adds a member or changes their role.
    pub async fn upsert_membership(
        &self,
        org_id: &str,
        user_id: &str,
        role: &str,
        now: i64,
    ) -> Result<()> {
        sqlx::query(UPSERT_MEMBERSHIP)
            .bind(org_id)
            .bind(user_id)
            .bind(role)
            .bind(now)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Sets (`Some(role)`) or removes (`None`) a membership unless that would leave the
    /// organization without a holder of `owner_role`; `false` then, and nothing changes.
    /// Atomic across nodes: the organization's row is write-locked first (a no-op
    /// update), so concurrent changes to one organization take turns and each counts
    /// the owners the previous one left.
    pub async fn change_membership_keeping(
        &self,
        org_id: &str,
        user_id: &str,
        role: Option<&str>,
        owner_role: &str,
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("UPDATE organizations SET id = id WHERE id = $1")
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
        let current: Option<String> =
            sqlx::query_scalar("SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2")
                .bind(org_id)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
        let loses_owner = current.as_deref() == Some(owner_role) && role != Some(owner_role);
        if loses_owner {
            let owners: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND role = $2",
            )
            .bind(org_id)
            .bind(owner_role)
            .fetch_one(&mut *tx)
            .await?;
            if owners <= 1 {
                tx.rollback().await?;
                return Ok(false);
            }
        }
        match role {
            Some(role) => {
                sqlx::query(UPSERT_MEMBERSHIP)
                    .bind(org_id)
                    .bind(user_id)
                    .bind(role)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            None => {
                sqlx::query("DELETE FROM memberships WHERE org_id = $1 AND user_id = $2")
                    .bind(org_id)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(true)
    }

    /// One membership.
    pub async fn membership(&self, org_id: &str, user_id: &str) -> Result<Option<MembershipRow>> {
        let sql = format!("{MEMBERSHIP_SELECT} WHERE m.org_id = $1 AND m.user_id = $2");
        Ok(sqlx::query_as(&sql)
            .bind(org_id)
            .bind(user_id)
            .fetch_optional(self.pool())
            .await?)
    }

    /// A user's memberships, by organization slug.
    pub async fn memberships_of_user(&self, user_id: &str) -> Result<Vec<MembershipRow>> {
        let sql = format!("{MEMBERSHIP_SELECT} WHERE m.user_id = $1 ORDER BY o.slug");
        Ok(sqlx::query_as(&sql)
            .bind(user_id)
            .fetch_all(self.pool())
            .await?)
    }

    /// An organization's members, by email.
    pub async fn members_of_org(&self, org_id: &str) -> Result<Vec<MembershipRow>> {
        let sql = format!("{MEMBERSHIP_SELECT} WHERE m.org_id = $1 ORDER BY u.email");
        Ok(sqlx::query_as(&sql)
            .bind(org_id)
            .fetch_all(self.pool())
            .await?)
    }

    /// How many members hold `role` in the organization.
    pub async fn count_role(&self, org_id: &str, role: &str) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND role = $2")
                .bind(org_id)
                .bind(role)
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// The slugs of the organizations in which the user is the only holder of `role`.
    pub async fn orgs_where_only(&self, user_id: &str, role: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT o.slug FROM memberships m JOIN organizations o ON o.id = m.org_id
             WHERE m.user_id = $1 AND m.role = $2
             AND (SELECT COUNT(*) FROM memberships m2 WHERE m2.org_id = m.org_id AND m2.role = $2) = 1
             ORDER BY o.slug",
        )
        .bind(user_id)
        .bind(role)
        .fetch_all(self.pool())
        .await?)
    }

    /// The rank of an organization role.
    pub async fn org_role_rank(&self, role: &str) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT rank FROM org_roles WHERE name = $1")
                .bind(role)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Defines (or re-ranks) an organization role.
    pub async fn upsert_org_role(&self, name: &str, rank: i64, now: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO org_roles (name, rank, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET rank = excluded.rank",
        )
        .bind(name)
        .bind(rank)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Organization roles, highest rank first.
    pub async fn org_roles(&self) -> Result<Vec<(String, i64)>> {
        Ok(
            sqlx::query_as("SELECT name, rank FROM org_roles ORDER BY rank DESC, name")
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// Lets an organization role grant an API permission (idempotent).
    pub async fn grant_org_role_permission(
        &self,
        role: &str,
        api_id: &str,
        permission: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO org_role_permissions (role, api_id, permission) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(role)
        .bind(api_id)
        .bind(permission)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The permissions an organization role grants on an API, sorted.
    pub async fn org_role_permissions(&self, role: &str, api_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT permission FROM org_role_permissions WHERE role = $1 AND api_id = $2 ORDER BY permission",
        )
        .bind(role)
        .bind(api_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Every permission of an API that some organization role grants: what an
    /// organization can hold there.
    pub async fn org_grantable_permissions(&self, api_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT permission FROM org_role_permissions WHERE api_id = $1 ORDER BY permission",
        )
        .bind(api_id)
        .fetch_all(self.pool())
        .await?)
    }
}

/// What an invitation offers, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InvitationOffer {
    /// The organization's display name.
    pub org_name: String,
    /// The role the invitation gives.
    pub role: String,
    /// The address invited (normalized).
    pub invited: String,
}

/// A pending invitation.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InvitationRow {
    /// The organization.
    pub org_id: String,
    /// Who is invited (normalized email).
    pub email: String,
    /// The role they get.
    pub role: String,
    /// NumericDate.
    pub expires_at: i64,
}

impl Store {
    /// Stores an invitation by the hash of its token.
    pub async fn insert_invitation(&self, hash: &str, inv: &InvitationRow, now: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO invitations (hash, org_id, email, role, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(hash)
        .bind(&inv.org_id)
        .bind(&inv.email)
        .bind(&inv.role)
        .bind(now)
        .bind(inv.expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Spends an unexpired, unaccepted invitation whose email is `email`, atomically.
    pub async fn accept_invitation(
        &self,
        hash: &str,
        email: &str,
        now: i64,
    ) -> Result<Option<InvitationRow>> {
        let spent = sqlx::query(
            "UPDATE invitations SET accepted_at = $1 WHERE hash = $2 AND email = $3 AND accepted_at IS NULL AND expires_at > $1",
        )
        .bind(now)
        .bind(hash)
        .bind(email)
        .execute(self.pool())
        .await?
        .rows_affected();
        if spent != 1 {
            return Ok(None);
        }
        Ok(sqlx::query_as(
            "SELECT org_id, email, role, expires_at FROM invitations WHERE hash = $1",
        )
        .bind(hash)
        .fetch_optional(self.pool())
        .await?)
    }
}

impl Store {
    /// Makes an invitation accepted at `accepted_at` pending again (the acceptance was
    /// refused after the invitation was claimed).
    pub async fn reopen_invitation(&self, hash: &str, accepted_at: i64) -> Result<()> {
        sqlx::query(
            "UPDATE invitations SET accepted_at = NULL WHERE hash = $1 AND accepted_at = $2",
        )
        .bind(hash)
        .bind(accepted_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}

/// A pending invitation, as administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PendingInvitation {
    /// Its id: the hash of its token (the token itself is never stored).
    pub id: String,
    /// Who is invited.
    pub email: String,
    /// The role they get.
    pub role: String,
    /// NumericDate.
    pub created_at: i64,
    /// NumericDate.
    pub expires_at: i64,
}

impl Store {
    /// An organization's invitations neither accepted nor expired, newest first, at most
    /// `limit`.
    pub async fn pending_invitations(
        &self,
        org_id: &str,
        now: i64,
        limit: i64,
    ) -> Result<Vec<PendingInvitation>> {
        Ok(sqlx::query_as(
            "SELECT hash AS id, email, role, created_at, expires_at FROM invitations
             WHERE org_id = $1 AND accepted_at IS NULL AND expires_at > $2
             ORDER BY created_at DESC, hash LIMIT $3",
        )
        .bind(org_id)
        .bind(now)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// Withdraws a pending invitation. Returns whether there was one.
    pub async fn delete_invitation(&self, org_id: &str, id: &str) -> Result<bool> {
        Ok(sqlx::query(
            "DELETE FROM invitations WHERE org_id = $1 AND hash = $2 AND accepted_at IS NULL",
        )
        .bind(org_id)
        .bind(id)
        .execute(self.pool())
        .await?
        .rows_affected()
            > 0)
    }
}

impl Store {
    /// Organizations by id, after the cursor `after`, whose name or
    /// slug contains `search` (case-insensitively), at most `limit`.
    pub async fn list_orgs(
        &self,
        search: Option<&str>,
        after: Option<&str>,
        limit: i64,
    ) -> Result<Vec<OrgRow>> {
        let pattern = format!(
            "%{}%",
            super::like_escape(&search.unwrap_or_default().to_lowercase())
        );
        let sql = format!(
            "SELECT {ORG_COLUMNS} FROM organizations
             WHERE id > $1 AND (LOWER(name) LIKE $2 ESCAPE '\\' OR slug LIKE $2 ESCAPE '\\')
             ORDER BY id LIMIT $3"
        );
        Ok(sqlx::query_as(&sql)
            .bind(after.unwrap_or(""))
            .bind(pattern)
            .bind(limit.clamp(1, super::MAX_PAGE))
            .fetch_all(self.pool())
            .await?)
    }
}

impl Store {
    /// What an unused, unexpired invitation offers: the organization's name, the role,
    /// the invited address.
    pub async fn invitation_offer(&self, hash: &str, now: i64) -> Result<Option<InvitationOffer>> {
        Ok(sqlx::query_as(
            "SELECT o.name AS org_name, i.role, i.email AS invited FROM invitations i JOIN organizations o ON o.id = i.org_id
             WHERE i.hash = $1 AND i.accepted_at IS NULL AND i.expires_at > $2",
        )
        .bind(hash)
        .bind(now)
        .fetch_optional(self.pool())
        .await?)
    }
}
