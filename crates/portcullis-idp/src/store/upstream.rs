//! Other identity providers: `connections`, the users' `identities` at them, and the
//! `upstream_logins` sent to them and not back yet.

use super::{Store, is_unique_violation};
use crate::error::{IdpError, Result};

/// A connection to another identity provider.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConnectionRow {
    /// `con_…`.
    pub id: String,
    /// What `connection=` names (lowercase letters, digits, `-`).
    pub name: String,
    /// What the sign-in button says.
    pub display_name: String,
    /// `oidc`.
    pub kind: String,
    /// The provider's issuer identifier (its discovery document is under it).
    pub issuer: String,
    /// This issuer's client id at the provider.
    pub client_id: String,
    /// The client secret, sealed under the master key (bound to the id); `None` for a
    /// public client.
    pub sealed_secret: Option<Vec<u8>>,
    /// The scopes asked for, separated by spaces.
    pub scopes: String,
    /// A flag: offered on the sign-in page.
    #[sqlx(try_from = "crate::store::columns::Flag")]
    pub enabled: bool,
    /// NumericDate.
    pub created_at: i64,
    /// The organization that owns it, if any: who signs in through it joins it.
    pub org_id: Option<String>,
}

const CONNECTION_COLUMNS: &str = "id, name, display_name, kind, issuer, client_id, sealed_secret, scopes, enabled, created_at, org_id";

/// A user's account at a provider.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct IdentityRow {
    /// The connection.
    pub connection_id: String,
    /// The provider's `sub`.
    pub subject: String,
    /// The user.
    pub user_id: String,
    /// The email the provider last gave, if any.
    pub email: Option<String>,
    /// NumericDate of the link.
    pub created_at: i64,
    /// NumericDate of the last sign-in through it.
    pub last_used_at: i64,
}

/// A sign-in sent to a provider.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct UpstreamLoginRow {
    pub connection_id: String,
    pub nonce: String,
    pub verifier: String,
    pub resume: String,
    /// The signed-in user to link the identity to (from the account page), instead of a
    /// sign-in.
    pub link_user_id: Option<String>,
}

impl Store {
    /// Stores a connection; [`IdpError::Conflict`] if its name is taken.
    pub(crate) async fn insert_connection(&self, c: &ConnectionRow) -> Result<()> {
        let inserted = sqlx::query(
            "INSERT INTO connections (id, name, display_name, kind, issuer, client_id, sealed_secret, scopes, enabled, created_at, org_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&c.id)
        .bind(&c.name)
        .bind(&c.display_name)
        .bind(&c.kind)
        .bind(&c.issuer)
        .bind(&c.client_id)
        .bind(&c.sealed_secret)
        .bind(&c.scopes)
        .bind(super::columns::flag(c.enabled))
        .bind(c.created_at)
        .bind(&c.org_id)
        .execute(self.pool())
        .await;
        match inserted {
            Ok(_) => Ok(()),
            Err(e) if is_unique_violation(&e) => Err(IdpError::conflict(format!(
                "a connection named {} exists",
                c.name
            ))),
            Err(e) => Err(e.into()),
        }
    }

    /// Every connection, by name.
    pub(crate) async fn connections(&self) -> Result<Vec<ConnectionRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {CONNECTION_COLUMNS} FROM connections ORDER BY name"
        ))
        .fetch_all(self.pool())
        .await?)
    }

    /// The connection with this id or name.
    pub(crate) async fn connection(&self, id_or_name: &str) -> Result<Option<ConnectionRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {CONNECTION_COLUMNS} FROM connections WHERE id = $1 OR name = $1"
        ))
        .bind(id_or_name)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Turns a connection on or off; whether it exists.
    pub(crate) async fn set_connection_enabled(&self, id: &str, enabled: bool) -> Result<bool> {
        Ok(
            sqlx::query("UPDATE connections SET enabled = $1 WHERE id = $2")
                .bind(super::columns::flag(enabled))
                .bind(id)
                .execute(self.pool())
                .await?
                .rows_affected()
                == 1,
        )
    }

    /// Deletes a connection with its identities and pending sign-ins; whether it existed.
    pub(crate) async fn delete_connection(&self, id: &str) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        for sql in [
            "DELETE FROM identities WHERE connection_id = $1",
            "DELETE FROM upstream_logins WHERE connection_id = $1",
        ] {
            sqlx::query(sql).bind(id).execute(&mut *tx).await?;
        }
        let deleted = sqlx::query("DELETE FROM connections WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(deleted == 1)
    }

    /// Stores a sign-in sent to a provider under its `state`'s hash.
    pub(crate) async fn insert_upstream_login(
        &self,
        state_hash: &str,
        row: &UpstreamLoginRow,
        expires_at: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO upstream_logins (state_hash, connection_id, nonce, verifier, resume, link_user_id, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(state_hash)
        .bind(&row.connection_id)
        .bind(&row.nonce)
        .bind(&row.verifier)
        .bind(&row.resume)
        .bind(&row.link_user_id)
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Takes the live sign-in with this `state` hash, atomically: `None` when unknown,
    /// used (also by a racing request) or expired.
    pub(crate) async fn take_upstream_login(
        &self,
        state_hash: &str,
        now: i64,
    ) -> Result<Option<UpstreamLoginRow>> {
        let taken = sqlx::query(
            "UPDATE upstream_logins SET used_at = $1
             WHERE state_hash = $2 AND used_at IS NULL AND expires_at > $1",
        )
        .bind(now)
        .bind(state_hash)
        .execute(self.pool())
        .await?
        .rows_affected();
        if taken != 1 {
            return Ok(None);
        }
        Ok(sqlx::query_as(
            "SELECT connection_id, nonce, verifier, resume, link_user_id FROM upstream_logins WHERE state_hash = $1",
        )
        .bind(state_hash)
        .fetch_optional(self.pool())
        .await?)
    }

    /// The identity with this subject at this connection.
    pub(crate) async fn identity(
        &self,
        connection_id: &str,
        subject: &str,
    ) -> Result<Option<IdentityRow>> {
        Ok(sqlx::query_as(
            "SELECT connection_id, subject, user_id, email, created_at, last_used_at
             FROM identities WHERE connection_id = $1 AND subject = $2",
        )
        .bind(connection_id)
        .bind(subject)
        .fetch_optional(self.pool())
        .await?)
    }

    /// A user's identities, oldest first.
    pub(crate) async fn identities_of(&self, user_id: &str) -> Result<Vec<IdentityRow>> {
        Ok(sqlx::query_as(
            "SELECT connection_id, subject, user_id, email, created_at, last_used_at
             FROM identities WHERE user_id = $1 ORDER BY created_at, connection_id",
        )
        .bind(user_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Links an identity to a user; [`IdpError::Conflict`] if it is linked already.
    pub(crate) async fn insert_identity(&self, i: &IdentityRow) -> Result<()> {
        let inserted = sqlx::query(
            "INSERT INTO identities (connection_id, subject, user_id, email, created_at, last_used_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&i.connection_id)
        .bind(&i.subject)
        .bind(&i.user_id)
        .bind(&i.email)
        .bind(i.created_at)
        .bind(i.last_used_at)
        .execute(self.pool())
        .await;
        match inserted {
            Ok(_) => Ok(()),
            Err(e) if is_unique_violation(&e) => {
                Err(IdpError::conflict("the identity is linked already"))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Records a sign-in through an identity (and the email the provider gave now).
    pub(crate) async fn touch_identity(
        &self,
        connection_id: &str,
        subject: &str,
        email: Option<&str>,
        now: i64,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE identities SET last_used_at = $1, email = COALESCE($2, email)
             WHERE connection_id = $3 AND subject = $4",
        )
        .bind(now)
        .bind(email)
        .bind(connection_id)
        .bind(subject)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Unlinks an identity of a user; whether it was linked.
    pub(crate) async fn delete_identity(
        &self,
        user_id: &str,
        connection_id: &str,
        subject: &str,
    ) -> Result<bool> {
        Ok(sqlx::query(
            "DELETE FROM identities WHERE user_id = $1 AND connection_id = $2 AND subject = $3",
        )
        .bind(user_id)
        .bind(connection_id)
        .bind(subject)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }
}

/// An organization's email domain and where its users sign in.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrgDomainRow {
    /// The domain (lowercase).
    pub domain: String,
    /// The organization.
    pub org_id: String,
    /// How it was proved: `admin`.
    pub verified_by: String,
    /// NumericDate.
    pub created_at: i64,
}

/// Where an address's domain sends its user: the organization's connection.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(crate) struct DomainRoute {
    pub org_id: String,
    pub connection: String,
    #[sqlx(try_from = "crate::store::columns::Flag")]
    pub require_sso: bool,
}

impl Store {
    /// Records a domain of an organization; [`IdpError::Conflict`] if any organization
    /// has it already.
    pub(crate) async fn insert_org_domain(&self, d: &OrgDomainRow) -> Result<()> {
        let inserted = sqlx::query(
            "INSERT INTO org_domains (domain, org_id, verified_by, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&d.domain)
        .bind(&d.org_id)
        .bind(&d.verified_by)
        .bind(d.created_at)
        .execute(self.pool())
        .await;
        match inserted {
            Ok(_) => Ok(()),
            Err(e) if is_unique_violation(&e) => Err(IdpError::conflict(format!(
                "the domain {} belongs to an organization already",
                d.domain
            ))),
            Err(e) => Err(e.into()),
        }
    }

    /// An organization's domains.
    pub(crate) async fn org_domains(&self, org_id: &str) -> Result<Vec<OrgDomainRow>> {
        Ok(sqlx::query_as(
            "SELECT domain, org_id, verified_by, created_at FROM org_domains WHERE org_id = $1 ORDER BY domain",
        )
        .bind(org_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Removes a domain of an organization; whether it had it.
    pub(crate) async fn delete_org_domain(&self, org_id: &str, domain: &str) -> Result<bool> {
        Ok(
            sqlx::query("DELETE FROM org_domains WHERE org_id = $1 AND domain = $2")
                .bind(org_id)
                .bind(domain)
                .execute(self.pool())
                .await?
                .rows_affected()
                == 1,
        )
    }

    /// Where `domain` sends its users: the enabled connection of the organization that
    /// owns it (the oldest, if it has several).
    pub(crate) async fn domain_route(&self, domain: &str) -> Result<Option<DomainRoute>> {
        Ok(sqlx::query_as(
            "SELECT d.org_id, c.name AS connection, o.require_sso
             FROM org_domains d
             JOIN organizations o ON o.id = d.org_id
             JOIN connections c ON c.org_id = d.org_id AND c.enabled = 1
             WHERE d.domain = $1
             ORDER BY c.created_at, c.id
             LIMIT 1",
        )
        .bind(domain)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Makes an organization the owner of a connection (`None`: nobody's).
    pub(crate) async fn set_connection_org(&self, id: &str, org_id: Option<&str>) -> Result<()> {
        sqlx::query("UPDATE connections SET org_id = $1 WHERE id = $2")
            .bind(org_id)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Whether an organization's members in its domains must sign in through its
    /// connection.
    pub(crate) async fn set_require_sso(&self, org_id: &str, on: bool) -> Result<()> {
        sqlx::query("UPDATE organizations SET require_sso = $1 WHERE id = $2")
            .bind(super::columns::flag(on))
            .bind(org_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
