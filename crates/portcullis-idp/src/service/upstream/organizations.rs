//! Enterprise single sign-on: an organization owns connections and email domains. A user
//! whose address is in one of its domains is sent to its connection from the sign-in
//! page (home realm discovery); whoever signs in through an organization's connection
//! joins it with the role `member`; an organization can require its connection of the
//! users in its domains, and then no other way of signing in counts for them.

use serde_json::json;

use super::Connection;
use crate::error::{IdpError, Result};
use crate::service::Idp;
use crate::service::audit::{AuditAction, AuditEvent};
use crate::store::OrgDomainRow;
use crate::{AuthMethods, FirstFactor};

/// The role who joins an organization through its connection gets.
pub const SSO_MEMBER_ROLE: &str = "member";

/// Where a sign-in for an address goes: the organization's connection, and whether it
/// is the only way in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoRoute {
    /// The connection's name (what `connection=` says).
    pub connection: String,
    /// The organization requires its connection of the users in its domains.
    pub required: bool,
}

/// `domain` in its normal form, if it is a domain name: lowercase ASCII labels of
/// letters, digits and `-`, at least two, at most 253 bytes.
fn normal_domain(domain: &str) -> Option<String> {
    let d = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = d.split('.').collect();
    let ok = d.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
    ok.then_some(d)
}

/// The domain of a normalized address.
fn domain_of(email: &str) -> Option<&str> {
    email.rsplit_once('@').map(|(_, d)| d)
}

impl Idp {
    /// Records that an organization owns `domain`, as an administrator states. Audited.
    pub async fn add_org_domain(&self, org: &str, domain: &str, now: i64) -> Result<OrgDomainRow> {
        let org = self.find_org(org).await?;
        let domain = normal_domain(domain).ok_or_else(|| {
            IdpError::invalid("domain must be a domain name, such as example.com")
        })?;
        let row = OrgDomainRow {
            domain,
            org_id: org.id.clone(),
            verified_by: "admin".to_owned(),
            created_at: now,
        };
        self.store().insert_org_domain(&row).await?;
        self.audit(
            AuditEvent::new(AuditAction::OrgDomainAdded)
                .on(&org.id)
                .with(json!({ "domain": row.domain })),
            now,
        )
        .await;
        Ok(row)
    }

    /// An organization's domains.
    pub async fn org_domains(&self, org: &str) -> Result<Vec<OrgDomainRow>> {
        let org = self.find_org(org).await?;
        self.store().org_domains(&org.id).await
    }

    /// Removes a domain of an organization. Audited.
    pub async fn remove_org_domain(&self, org: &str, domain: &str, now: i64) -> Result<()> {
        let org = self.find_org(org).await?;
        let domain = normal_domain(domain).ok_or(IdpError::NotFound("domain"))?;
        if !self.store().delete_org_domain(&org.id, &domain).await? {
            return Err(IdpError::NotFound("domain"));
        }
        self.audit(
            AuditEvent::new(AuditAction::OrgDomainRemoved)
                .on(&org.id)
                .with(json!({ "domain": domain })),
            now,
        )
        .await;
        Ok(())
    }

    /// Requires (or stops requiring) an organization's connection of the users in its
    /// domains. Audited.
    pub async fn set_org_require_sso(&self, org: &str, on: bool, now: i64) -> Result<()> {
        let org = self.find_org(org).await?;
        self.store().set_require_sso(&org.id, on).await?;
        self.audit(
            AuditEvent::new(AuditAction::OrgSsoRequirement)
                .on(&org.id)
                .with(json!({ "required": on })),
            now,
        )
        .await;
        Ok(())
    }

    /// Makes an organization (id or slug) the owner of a connection, or nobody's.
    pub async fn set_connection_org(
        &self,
        connection: &str,
        org: Option<&str>,
        now: i64,
    ) -> Result<Connection> {
        let c = self.connection(connection).await?;
        let org_id = match org {
            Some(org) => Some(self.find_org(org).await?.id),
            None => None,
        };
        self.store()
            .set_connection_org(&c.id, org_id.as_deref())
            .await?;
        self.audit(
            AuditEvent::new(AuditAction::ConnectionUpdated)
                .on(&c.id)
                .with(json!({ "organization": org_id })),
            now,
        )
        .await;
        self.connection(&c.id).await
    }

    /// Where a sign-in for `email` goes, if its domain belongs to an organization with
    /// an enabled connection.
    pub async fn sso_route(&self, email: &str) -> Result<Option<SsoRoute>> {
        let Some(email) = crate::Email::parse(email).ok() else {
            return Ok(None);
        };
        let Some(domain) = domain_of(email.as_str()) else {
            return Ok(None);
        };
        Ok(self.store().domain_route(domain).await?.map(|r| SsoRoute {
            connection: r.connection,
            required: r.require_sso,
        }))
    }

    /// Refuses a sign-in made without the organization's connection by a user whose
    /// domain requires it.
    pub(crate) async fn check_sso_requirement(&self, email: &str, amr: AuthMethods) -> Result<()> {
        if matches!(amr, AuthMethods::Steps(FirstFactor::Federated, _)) {
            return Ok(());
        }
        match self.sso_route(email).await? {
            Some(route) if route.required => {
                Err(IdpError::Federation(super::FederationRefusal::SsoRequired))
            }
            _ => Ok(()),
        }
    }

    /// Makes whoever signed in through an organization's connection a member of it.
    pub(crate) async fn join_through(
        &self,
        connection: &Connection,
        user_id: &str,
        now: i64,
    ) -> Result<()> {
        let Some(org_id) = &connection.org_id else {
            return Ok(());
        };
        if self.store().membership(org_id, user_id).await?.is_some() {
            return Ok(());
        }
        self.store()
            .upsert_membership(org_id, user_id, SSO_MEMBER_ROLE, now)
            .await?;
        self.audit(
            AuditEvent::new(AuditAction::OrgMemberSet).on(user_id).with(
                json!({ "org": org_id, "role": SSO_MEMBER_ROLE, "connection": connection.name }),
            ),
            now,
        )
        .await;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::normal_domain;

    #[test]
    fn domains_are_read_strictly() {
        assert_eq!(normal_domain("Acme.COM."), Some("acme.com".into()));
        assert_eq!(
            normal_domain("a-b.example.co.uk"),
            Some("a-b.example.co.uk".into())
        );
        for bad in [
            "", "com", "a..b", "-a.com", "a-.com", "a_b.com", "ä.com", "a.com/x", "@a.com",
        ] {
            assert_eq!(normal_domain(bad), None, "{bad}");
        }
    }
}
