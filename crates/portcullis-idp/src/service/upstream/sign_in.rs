//! Signing in through another identity provider. The server sends the browser to the
//! provider with a fresh `state`, `nonce` and PKCE verifier ([`Idp::start_upstream_login`]),
//! takes them back once, on the callback ([`Idp::take_upstream_login`]), verifies the
//! provider's ID token against them, and hands over what it says
//! ([`Idp::federated_sign_in`]):
//!
//! - the provider's subject finds the user (the email never does, once linked);
//! - a new subject with an address that has no account creates one (just in time), if
//!   the provider says it verified the address;
//! - a new subject with an address that has an account is linked to it only when the
//!   provider says it verified the address; otherwise it is refused (the owner of the
//!   account links it after signing in);
//! - then on as after any first step (`amr` `["fed"]`): the user's own second factor,
//!   or its setup when a policy requires one.

use std::fmt;

use serde_json::json;

use super::Connection;
use crate::error::{IdpError, Result};
use crate::ids::{new_id, new_token, random_token, token_hash};
use crate::secret::Secret;
use crate::service::audit::{AuditAction, AuditEvent};
use crate::service::second_step::AfterPassword;
use crate::service::{BrowserSignIn, Idp};
use crate::store::{IdentityRow, UpstreamLoginRow, UserRow};
use crate::{Email, FirstFactor};

/// How long a sign-in sent to a provider may take to come back.
pub const UPSTREAM_LOGIN_TTL: i64 = 10 * 60;
/// The longest authorization request a sign-in resumes (its query string).
const MAX_RESUME_BYTES: usize = 8 * 1024;
/// The longest `state` read at all.
const MAX_STATE_BYTES: usize = 128;

/// A sign-in to send to a provider.
#[derive(Debug, Clone)]
pub struct UpstreamLogin {
    /// The connection.
    pub connection: Connection,
    /// The `state` parameter (only its hash is stored).
    pub state: Secret,
    /// The `nonce` the ID token must carry.
    pub nonce: String,
    /// The PKCE code verifier (its S256 challenge goes to the provider).
    pub verifier: Secret,
    /// The authorization request to resume afterwards (a query string); empty when
    /// linking.
    pub resume: String,
    /// The signed-in user the identity is to be linked to (started from the account
    /// page), instead of a sign-in.
    pub link_to: Option<String>,
}

/// What a provider's verified ID token (and user info) says of the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamClaims {
    /// `sub`: the key of the identity.
    pub subject: String,
    /// `email`, if given.
    pub email: Option<String>,
    /// `email_verified` is `true`.
    pub email_verified: bool,
    /// `name`, if given.
    pub name: Option<String>,
}

/// Why a sign-in through a provider was refused: safe to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FederationRefusal {
    /// The provider gave no email, and the identity is not linked to an account.
    NoEmail,
    /// The provider did not say it verified the email, and an account needs one.
    EmailNotVerified,
    /// An account with this email exists; the provider does not vouch for the address,
    /// so its owner must sign in and link the identity.
    AccountExists,
    /// The account is disabled.
    AccountDisabled,
    /// The user's organization requires its own connection for sign-in.
    SsoRequired,
}

impl fmt::Display for FederationRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NoEmail => "the provider gave no email address",
            Self::EmailNotVerified => "the provider has not verified the email address",
            Self::AccountExists => {
                "an account with this email exists: sign in with it to link this provider"
            }
            Self::AccountDisabled => "the account is disabled",
            Self::SsoRequired => "your organization requires signing in through its single sign-on",
        })
    }
}

impl Idp {
    /// Starts a sign-in through the enabled connection `connection` (id or name) that
    /// resumes `resume` (an authorization request's query) when it comes back.
    pub async fn start_upstream_login(
        &self,
        connection: &str,
        resume: &str,
        now: i64,
    ) -> Result<UpstreamLogin> {
        self.start_upstream(connection, resume, None, now).await
    }

    /// Starts linking the signed-in user `user_id` to their account at `connection`:
    /// the provider's answer links instead of signing in ([`Idp::link_identity`]).
    pub async fn start_upstream_link(
        &self,
        connection: &str,
        user_id: &str,
        now: i64,
    ) -> Result<UpstreamLogin> {
        self.start_upstream(connection, "", Some(user_id), now)
            .await
    }

    async fn start_upstream(
        &self,
        connection: &str,
        resume: &str,
        link_to: Option<&str>,
        now: i64,
    ) -> Result<UpstreamLogin> {
        let connection = self.connection(connection).await?;
        if !connection.enabled {
            return Err(IdpError::NotFound("connection"));
        }
        if resume.len() > MAX_RESUME_BYTES {
            return Err(IdpError::invalid("the authorization request is too long"));
        }
        let state = new_token("pus")?;
        let nonce = random_token()?;
        // 43 base64url characters: a valid RFC 7636 verifier (256 random bits).
        let verifier = random_token()?;
        let row = UpstreamLoginRow {
            connection_id: connection.id.clone(),
            nonce: nonce.clone(),
            verifier: verifier.clone(),
            resume: resume.to_owned(),
            link_user_id: link_to.map(str::to_owned),
        };
        self.store()
            .insert_upstream_login(&token_hash(&state), &row, now + UPSTREAM_LOGIN_TTL)
            .await?;
        Ok(UpstreamLogin {
            connection,
            state: Secret::new(state),
            nonce,
            verifier: Secret::new(verifier),
            resume: resume.to_owned(),
            link_to: link_to.map(str::to_owned),
        })
    }

    /// Takes back the sign-in with this `state`, once: `None` when it is unknown, used
    /// or expired.
    pub async fn take_upstream_login(
        &self,
        state: &str,
        now: i64,
    ) -> Result<Option<UpstreamLogin>> {
        if state.is_empty() || state.len() > MAX_STATE_BYTES {
            return Ok(None);
        }
        let Some(row) = self
            .store()
            .take_upstream_login(&token_hash(state), now)
            .await?
        else {
            return Ok(None);
        };
        let connection = self.connection(&row.connection_id).await?;
        Ok(Some(UpstreamLogin {
            connection,
            state: Secret::new(state.to_owned()),
            nonce: row.nonce,
            verifier: Secret::new(row.verifier),
            resume: row.resume,
            link_to: row.link_user_id,
        }))
    }

    /// Signs in the user the provider of `connection` vouched for (its ID token
    /// verified), for a hosted sign-in to `client_id`: finds, links or creates the
    /// account as the module says, then goes on as after any first step.
    pub async fn federated_sign_in(
        &self,
        connection: &Connection,
        claims: &UpstreamClaims,
        client_id: &str,
        wants_two_factors: bool,
        now: i64,
    ) -> Result<AfterPassword<BrowserSignIn>> {
        let user = self.federated_user(connection, claims, now).await?;
        if user.disabled {
            return Err(IdpError::Federation(FederationRefusal::AccountDisabled));
        }
        self.join_through(connection, &user.id, now).await?;
        self.audit(
            AuditEvent::new(AuditAction::ConnectionUsed)
                .by(&user.id)
                .on(&connection.id)
                .with(json!({ "name": connection.name })),
            now,
        )
        .await;
        self.after_first_factor(
            &user.id,
            FirstFactor::Federated,
            Some((client_id, wants_two_factors)),
            now,
        )
        .await
    }

    /// Links the identity the provider of `connection` vouched for to the signed-in user
    /// `user_id` (who proved their account by signing in). Refused
    /// ([`IdpError::Conflict`]) when the identity belongs to another user. Audited.
    pub async fn link_identity(
        &self,
        connection: &Connection,
        claims: &UpstreamClaims,
        user_id: &str,
        now: i64,
    ) -> Result<()> {
        match self
            .store()
            .identity(&connection.id, &claims.subject)
            .await?
        {
            Some(existing) if existing.user_id == user_id => return Ok(()),
            Some(_) => {
                return Err(IdpError::conflict(
                    "this account at the provider is linked to another user",
                ));
            }
            None => {}
        }
        let email = claims
            .email
            .as_deref()
            .and_then(|e| Email::parse(e).ok())
            .map(|e| e.as_str().to_owned());
        self.store()
            .insert_identity(&IdentityRow {
                connection_id: connection.id.clone(),
                subject: claims.subject.clone(),
                user_id: user_id.to_owned(),
                email,
                created_at: now,
                last_used_at: now,
            })
            .await?;
        self.audit(
            AuditEvent::new(AuditAction::IdentityLinked)
                .by(user_id)
                .on(user_id)
                .with(json!({ "connection": connection.name, "subject": claims.subject, "via": "account page" })),
            now,
        )
        .await;
        Ok(())
    }

    /// The account of the identity: linked, linked now, or created now.
    async fn federated_user(
        &self,
        connection: &Connection,
        claims: &UpstreamClaims,
        now: i64,
    ) -> Result<UserRow> {
        let email = claims
            .email
            .as_deref()
            .and_then(|e| Email::parse(e).ok())
            .map(|e| e.as_str().to_owned());
        if let Some(identity) = self
            .store()
            .identity(&connection.id, &claims.subject)
            .await?
        {
            self.store()
                .touch_identity(&connection.id, &claims.subject, email.as_deref(), now)
                .await?;
            return self
                .store()
                .user_by_id(&identity.user_id)
                .await?
                .ok_or(IdpError::NotFound("user"));
        }
        let Some(email) = email else {
            return Err(IdpError::Federation(FederationRefusal::NoEmail));
        };
        let user = match self.store().user_by_email(&email).await? {
            Some(existing) if claims.email_verified => {
                if !existing.email_verified {
                    self.store().set_email_verified(&existing.id, now).await?;
                }
                existing
            }
            Some(_) => return Err(IdpError::Federation(FederationRefusal::AccountExists)),
            None if claims.email_verified || !self.config().require_verified_email => {
                self.create_federated_user(connection, claims, &email, now)
                    .await?
            }
            None => return Err(IdpError::Federation(FederationRefusal::EmailNotVerified)),
        };
        self.store()
            .insert_identity(&IdentityRow {
                connection_id: connection.id.clone(),
                subject: claims.subject.clone(),
                user_id: user.id.clone(),
                email: Some(email),
                created_at: now,
                last_used_at: now,
            })
            .await?;
        self.audit(
            AuditEvent::new(AuditAction::IdentityLinked)
                .by(&user.id)
                .on(&user.id)
                .with(json!({ "connection": connection.name, "subject": claims.subject })),
            now,
        )
        .await;
        Ok(user)
    }

    /// A new account for a provider's user: no password (the empty hash matches none).
    async fn create_federated_user(
        &self,
        connection: &Connection,
        claims: &UpstreamClaims,
        email: &str,
        now: i64,
    ) -> Result<UserRow> {
        let name = claims
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| n.chars().take(200).collect());
        let user = UserRow {
            id: new_id("usr")?,
            email: email.to_owned(),
            password_hash: String::new(),
            name,
            email_verified: claims.email_verified,
            disabled: false,
            created_at: now,
        };
        self.store().insert_user(&user).await?;
        tracing::info!(user_id = %user.id, connection = %connection.name, "user signed up through a provider");
        self.audit(
            AuditEvent::new(AuditAction::UserSignup)
                .by(&user.id)
                .on(&user.id)
                .with(json!({ "verified": user.email_verified, "connection": connection.name })),
            now,
        )
        .await;
        Ok(user)
    }
}
