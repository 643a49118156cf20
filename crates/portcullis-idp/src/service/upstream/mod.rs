//! Other identity providers users sign in with ("Continue with …"): connections to
//! OpenID Connect providers, administered here; the sign-in through one is in
//! [`sign_in`]. This crate keeps the connections, the pending sign-ins and the users'
//! identities; the HTTP side (discovery, the code exchange, the ID token's keys) is the
//! server's, through the outbound policy.

mod organizations;
mod sign_in;

use serde_json::json;

pub use organizations::{SSO_MEMBER_ROLE, SsoRoute};
pub use sign_in::{FederationRefusal, UPSTREAM_LOGIN_TTL, UpstreamClaims, UpstreamLogin};

use super::Idp;
use super::audit::{AuditAction, AuditEvent};
use crate::error::{IdpError, Result};
use crate::ids::new_id;
use crate::secret::Secret;
use crate::store::{ConnectionRow, IdentityRow};

/// The longest connection name.
pub const MAX_CONNECTION_NAME: usize = 40;
/// The longest display name of a connection.
const MAX_DISPLAY_NAME: usize = 80;
/// The longest client id or secret accepted.
const MAX_CLIENT_FIELD: usize = 512;

/// A connection to create, as an administrator describes it.
#[derive(Debug, Clone)]
pub struct ConnectionSpec {
    /// What `connection=` names: 1 to 40 lowercase letters, digits and `-`.
    pub name: String,
    /// What the sign-in button says ("Acme SSO").
    pub display_name: String,
    /// The provider's issuer identifier; its discovery document is at
    /// `{issuer}/.well-known/openid-configuration`. Must pass the outbound policy.
    pub issuer: String,
    /// This issuer's client id at the provider.
    pub client_id: String,
    /// The client secret (`None`: a public client, PKCE only).
    pub client_secret: Option<Secret>,
    /// Scopes to ask for besides `openid` (default `email profile`).
    pub scopes: Option<String>,
    /// The organization (id or slug) that owns it: who signs in through it joins it.
    pub organization: Option<String>,
}

/// A connection as administrators and pages see it: never its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// `con_…`.
    pub id: String,
    /// What `connection=` names.
    pub name: String,
    /// What the sign-in button says.
    pub display_name: String,
    /// `oidc`.
    pub kind: String,
    /// The provider's issuer identifier.
    pub issuer: String,
    /// This issuer's client id at the provider.
    pub client_id: String,
    /// Whether a client secret is stored.
    pub has_secret: bool,
    /// The scopes asked for (always with `openid`).
    pub scopes: String,
    /// Offered on the sign-in page and usable.
    pub enabled: bool,
    /// NumericDate.
    pub created_at: i64,
    /// The organization that owns it (`org_…`), if any.
    pub org_id: Option<String>,
}

impl From<ConnectionRow> for Connection {
    fn from(r: ConnectionRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            display_name: r.display_name,
            kind: r.kind,
            issuer: r.issuer,
            client_id: r.client_id,
            has_secret: r.sealed_secret.is_some(),
            scopes: r.scopes,
            enabled: r.enabled,
            created_at: r.created_at,
            org_id: r.org_id,
        }
    }
}

/// Whether `name` is a connection name: 1 to [`MAX_CONNECTION_NAME`] lowercase ASCII
/// letters, digits and `-`, not starting with `-`.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_CONNECTION_NAME
        && !name.starts_with('-')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The scopes asked for: `openid` first, then the rest, each a plain token.
fn scopes_of(requested: Option<&str>) -> Result<String> {
    let requested = requested.unwrap_or("email profile");
    let mut scopes = vec!["openid"];
    for s in requested.split_whitespace() {
        if s.len() > 100
            || !s
                .bytes()
                .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\')
        {
            return Err(IdpError::invalid("scopes must be plain words"));
        }
        if !scopes.contains(&s) {
            scopes.push(s);
        }
    }
    Ok(scopes.join(" "))
}

impl Idp {
    /// Creates a connection to an OpenID Connect provider (enabled). The issuer URL must
    /// pass the outbound policy; the secret is stored sealed. Audited.
    pub async fn create_connection(&self, spec: ConnectionSpec, now: i64) -> Result<Connection> {
        if !valid_name(&spec.name) {
            return Err(IdpError::invalid(format!(
                "name must be 1 to {MAX_CONNECTION_NAME} lowercase letters, digits and '-'"
            )));
        }
        let display_name = spec.display_name.trim();
        if display_name.is_empty() || display_name.chars().count() > MAX_DISPLAY_NAME {
            return Err(IdpError::invalid(format!(
                "display_name must be 1 to {MAX_DISPLAY_NAME} characters"
            )));
        }
        self.config()
            .outbound
            .parse(&spec.issuer)
            .map_err(|e| IdpError::invalid(format!("issuer {e}")))?;
        if spec.client_id.is_empty() || spec.client_id.len() > MAX_CLIENT_FIELD {
            return Err(IdpError::invalid("client_id must be 1 to 512 bytes"));
        }
        let org_id = match &spec.organization {
            Some(org) => Some(self.find_org(org).await?.id),
            None => None,
        };
        let id = new_id("con")?;
        let sealed_secret = match &spec.client_secret {
            Some(s) if s.expose().is_empty() || s.expose().len() > MAX_CLIENT_FIELD => {
                return Err(IdpError::invalid("client_secret must be 1 to 512 bytes"));
            }
            Some(s) => Some(self.keys().seal(s.expose().as_bytes(), id.as_bytes())?),
            None => None,
        };
        let row = ConnectionRow {
            id,
            name: spec.name,
            display_name: display_name.to_owned(),
            kind: "oidc".to_owned(),
            // The issuer identifier exactly as given (ID tokens' `iss` must equal it).
            issuer: spec.issuer,
            client_id: spec.client_id,
            sealed_secret,
            scopes: scopes_of(spec.scopes.as_deref())?,
            enabled: true,
            created_at: now,
            org_id,
        };
        self.store().insert_connection(&row).await?;
        self.audit(
            AuditEvent::new(AuditAction::ConnectionCreated)
                .on(&row.id)
                .with(json!({ "name": row.name, "issuer": row.issuer })),
            now,
        )
        .await;
        Ok(row.into())
    }

    /// Every connection.
    pub async fn connections(&self) -> Result<Vec<Connection>> {
        Ok(self
            .store()
            .connections()
            .await?
            .into_iter()
            .map(Connection::from)
            .collect())
    }

    /// The enabled connections, for the sign-in page's buttons.
    pub async fn enabled_connections(&self) -> Result<Vec<Connection>> {
        Ok(self
            .connections()
            .await?
            .into_iter()
            .filter(|c| c.enabled)
            .collect())
    }

    /// The connection with this id or name.
    pub async fn connection(&self, id_or_name: &str) -> Result<Connection> {
        self.store()
            .connection(id_or_name)
            .await?
            .map(Connection::from)
            .ok_or(IdpError::NotFound("connection"))
    }

    /// The connection's client secret, unsealed (for the code exchange).
    pub async fn connection_secret(&self, id: &str) -> Result<Option<Secret>> {
        let row = self
            .store()
            .connection(id)
            .await?
            .ok_or(IdpError::NotFound("connection"))?;
        match row.sealed_secret {
            None => Ok(None),
            Some(sealed) => {
                let plain = self.keys().open(&sealed, row.id.as_bytes())?;
                let text = String::from_utf8(plain.to_vec())
                    .map_err(|_| IdpError::Keys("a sealed client secret is not text".into()))?;
                Ok(Some(Secret::new(text)))
            }
        }
    }

    /// Turns a connection on or off. Audited.
    pub async fn set_connection_enabled(
        &self,
        id_or_name: &str,
        enabled: bool,
        now: i64,
    ) -> Result<Connection> {
        let c = self.connection(id_or_name).await?;
        self.store().set_connection_enabled(&c.id, enabled).await?;
        self.audit(
            AuditEvent::new(AuditAction::ConnectionUpdated)
                .on(&c.id)
                .with(json!({ "enabled": enabled })),
            now,
        )
        .await;
        self.connection(&c.id).await
    }

    /// Deletes a connection and every identity linked through it. Audited.
    pub async fn delete_connection(&self, id_or_name: &str, now: i64) -> Result<()> {
        let c = self.connection(id_or_name).await?;
        if !self.store().delete_connection(&c.id).await? {
            return Err(IdpError::NotFound("connection"));
        }
        self.audit(
            AuditEvent::new(AuditAction::ConnectionDeleted)
                .on(&c.id)
                .with(json!({ "name": c.name })),
            now,
        )
        .await;
        Ok(())
    }

    /// A user's identities at other providers.
    pub async fn identities_of(&self, user_id: &str) -> Result<Vec<IdentityRow>> {
        self.store().identities_of(user_id).await
    }

    /// Unlinks one of a user's identities, unless it is their last way to sign in (no
    /// password, no passkey, no other identity). Audited.
    pub async fn unlink_identity(
        &self,
        user_id: &str,
        connection_id: &str,
        subject: &str,
        now: i64,
    ) -> Result<()> {
        let user = self
            .store()
            .user_by_id(user_id)
            .await?
            .ok_or(IdpError::NotFound("user"))?;
        let identities = self.store().identities_of(user_id).await?;
        let has_other_way = !user.password_hash.is_empty()
            || self.store().passkey_count(user_id).await? > 0
            || identities.len() > 1
            || self.config().email_sign_in;
        if !has_other_way {
            return Err(IdpError::conflict(
                "this identity is the user's only way to sign in",
            ));
        }
        if !self
            .store()
            .delete_identity(user_id, connection_id, subject)
            .await?
        {
            return Err(IdpError::NotFound("identity"));
        }
        self.audit(
            AuditEvent::new(AuditAction::IdentityUnlinked)
                .on(user_id)
                .with(json!({ "connection": connection_id, "subject": subject })),
            now,
        )
        .await;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_scopes_are_read_strictly() {
        for ok in ["acme", "acme-sso", "a1", &"a".repeat(MAX_CONNECTION_NAME)] {
            assert!(valid_name(ok), "{ok}");
        }
        for bad in [
            "",
            "-a",
            "Acme",
            "a b",
            "a_b",
            "é",
            &"a".repeat(MAX_CONNECTION_NAME + 1),
        ] {
            assert!(!valid_name(bad), "{bad}");
        }
        assert_eq!(scopes_of(None).unwrap(), "openid email profile");
        assert_eq!(scopes_of(Some("openid  groups")).unwrap(), "openid groups");
        assert!(scopes_of(Some("a\"b")).is_err());
    }
}
