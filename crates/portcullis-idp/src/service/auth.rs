//! Sign-up, login (optionally into an organization), refresh-token rotation, logout.

use super::registration::NewAccount;
use super::tokens::{Grant, OrgClaims};
use super::{AccessToken, FIRST_PARTY_CLIENT, Idp};
use crate::email::Email;
use crate::error::{IdpError, Result};
use crate::ids::{new_id, new_token, token_hash};
use crate::password::MAX_PASSWORD_BYTES;
use crate::secret::Secret;
use serde_json::json;

use crate::store::{MembershipRow, RefreshOutcome, SessionRow, UserRow};

/// A successful sign-up or login.
#[derive(Debug, Clone)]
pub struct Login {
    /// The user.
    pub user: UserRow,
    /// The access token.
    pub access: AccessToken,
    /// The first refresh token of the new session.
    pub refresh_token: Secret,
}

/// A successful refresh.
#[derive(Debug, Clone)]
pub struct Refreshed {
    /// A new access token.
    pub access: AccessToken,
    /// The rotated refresh token (the presented one is now spent).
    pub refresh_token: Secret,
    /// The session's scope.
    pub scope: String,
}

const FIRST_PARTY_SCOPE: &str = "openid offline_access";

/// Whom a new session's tokens are for.
pub(crate) struct SessionTarget<'a> {
    pub client_id: &'a str,
    pub scope: &'a str,
    pub audience: &'a str,
    pub api_id: Option<&'a str>,
}

impl Idp {
    /// Creates an account and signs it in at once: the address is not confirmed yet,
    /// and an address that has an account is refused with [`IdpError::EmailTaken`].
    /// Deployments that must not reveal which addresses have accounts use
    /// [`register`](Self::register) instead.
    pub async fn signup(
        &self,
        email: &str,
        password: String,
        name: Option<String>,
        audience: Option<&str>,
        now: i64,
    ) -> Result<Login> {
        let account = NewAccount::parse(email, password, name)?;
        let (audience, api_id) = self.resolve_audience(audience).await?;
        let user = self.create_account(account, false, now).await?;
        self.start_session(user, &audience, api_id.as_deref(), None, now)
            .await
    }

    /// Checks email and password and starts a session. Unknown email, wrong password
    /// and disabled account give the same error after the same work.
    pub async fn login(
        &self,
        email: &str,
        password: String,
        audience: Option<&str>,
        now: i64,
    ) -> Result<Login> {
        self.login_to(email, password, audience, None, now).await
    }

    /// As [`login`](Self::login), with an active organization (id or slug) whose
    /// `org_id`, `org_slug`, `org_role` and `org_permissions` go into the tokens. A user
    /// who is not a member gets [`IdpError::NotFound`] (`organization`), exactly as for
    /// an organization that does not exist.
    pub async fn login_to(
        &self,
        email: &str,
        password: String,
        audience: Option<&str>,
        organization: Option<&str>,
        now: i64,
    ) -> Result<Login> {
        let (audience, api_id) = self.resolve_audience(audience).await?;
        let user = self.check_password(email, password, now).await?;
        let membership = match organization {
            Some(org) => Some(self.membership_of(org, &user.id).await?),
            None => None,
        };
        tracing::info!(user_id = %user.id, "user logged in");
        self.audit(
            "login.success",
            Some(&user.id),
            Some(&user.id),
            json!({ "organization": organization }),
            now,
        )
        .await;
        self.start_session(user, &audience, api_id.as_deref(), membership, now)
            .await
    }

    /// The user with this email and password, or [`IdpError::InvalidCredentials`] after
    /// the same work whether the email exists or not. Rehashes on success when the
    /// parameters changed. Records the outcome.
    pub(crate) async fn check_password(
        &self,
        email: &str,
        password: String,
        now: i64,
    ) -> Result<UserRow> {
        let password = Secret::new(password);
        if password.expose().len() > MAX_PASSWORD_BYTES {
            return Err(IdpError::InvalidCredentials);
        }
        let normalized = Email::parse(email).ok();
        // Reserved before any hashing: one check in flight per email, across nodes.
        let attempt = match &normalized {
            Some(e) => Some(self.reserve_attempt(e.as_str(), now).await?),
            None => None,
        };
        let user = match &normalized {
            Some(email) => self.store().user_by_email(email.as_str()).await?,
            None => None,
        };
        let verdict = self
            .hasher()
            .verify(user.as_ref().map(|u| u.password_hash.as_str()), &password)
            .await?;
        let user = match user {
            Some(u) if verdict.ok && u.disabled == 0 => u,
            _ => {
                tracing::info!("login failed");
                let target = normalized
                    .as_ref()
                    .map_or_else(|| "(not an email)".to_owned(), |e| e.as_str().to_owned());
                self.audit("login.failure", None, Some(&target), json!({}), now)
                    .await;
                if let Some(attempt) = attempt {
                    attempt.failed(now).await?;
                }
                return Err(IdpError::InvalidCredentials);
            }
        };
        if let Some(attempt) = attempt {
            attempt.succeeded().await?;
        }
        if verdict.needs_rehash {
            let hash = self.hasher().hash(&password).await?;
            self.store().set_password_hash(&user.id, &hash, now).await?;
            self.audit(
                "password.rehashed",
                Some(&user.id),
                Some(&user.id),
                json!({}),
                now,
            )
            .await;
        }
        if self.config().require_verified_email && user.email_verified == 0 {
            // The same answer as a wrong password: anything else would tell a stranger
            // who just registered the address that it had no account before.
            self.remind_to_verify(&user, now).await;
            return Err(IdpError::InvalidCredentials);
        }
        Ok(user)
    }

    /// The user's membership in the organization with this id or slug.
    pub(crate) async fn membership_of(&self, org: &str, user_id: &str) -> Result<MembershipRow> {
        let org = self
            .store()
            .org(org)
            .await?
            .ok_or(IdpError::NotFound("organization"))?;
        self.store()
            .membership(&org.id, user_id)
            .await?
            .ok_or(IdpError::NotFound("organization"))
    }

    async fn org_claims(&self, m: MembershipRow, api_id: Option<&str>) -> Result<OrgClaims> {
        let permissions = match api_id {
            Some(api) => self.store().org_role_permissions(&m.role, api).await?,
            None => Vec::new(),
        };
        Ok(OrgClaims {
            id: m.org_id,
            slug: m.org_slug,
            role: m.role,
            permissions,
        })
    }

    async fn user_permissions(&self, user_id: &str, api_id: Option<&str>) -> Result<Vec<String>> {
        match api_id {
            Some(api) => self.store().user_permissions(user_id, api).await,
            None => Ok(Vec::new()),
        }
    }

    async fn start_session(
        &self,
        user: UserRow,
        audience: &str,
        api_id: Option<&str>,
        membership: Option<MembershipRow>,
        now: i64,
    ) -> Result<Login> {
        let target = SessionTarget {
            client_id: FIRST_PARTY_CLIENT,
            scope: FIRST_PARTY_SCOPE,
            audience,
            api_id,
        };
        Ok(self
            .start_session_for(user, &target, membership, now)
            .await?
            .0)
    }

    /// Starts a session for `target`; returns the login and the session id.
    pub(crate) async fn start_session_for(
        &self,
        user: UserRow,
        target: &SessionTarget<'_>,
        membership: Option<MembershipRow>,
        now: i64,
    ) -> Result<(Login, String)> {
        let (audience, api_id) = (target.audience, target.api_id);
        let config = self.config();
        let session = SessionRow {
            id: new_id("ses")?,
            user_id: user.id.clone(),
            client_id: target.client_id.to_owned(),
            audience: audience.to_owned(),
            scope: target.scope.to_owned(),
            created_at: now,
            expires_at: now + config.refresh_absolute_ttl,
            revoked_at: None,
            org_id: membership.as_ref().map(|m| m.org_id.clone()),
        };
        let refresh = new_token("prt")?;
        self.store()
            .insert_session(
                &session,
                &token_hash(&refresh),
                now + config.refresh_idle_ttl,
            )
            .await?;
        let permissions = self.user_permissions(&user.id, api_id).await?;
        let org = match membership {
            Some(m) => Some(self.org_claims(m, api_id).await?),
            None => None,
        };
        let access = self
            .mint(
                Grant {
                    sub: &user.id,
                    client_id: &session.client_id,
                    audience,
                    scope: &session.scope,
                    sid: Some(&session.id),
                    permissions,
                    org,
                },
                now,
            )
            .await?;
        Ok((
            Login {
                user,
                access,
                refresh_token: Secret::new(refresh),
            },
            session.id,
        ))
    }

    /// Spends a refresh token and issues a new pair. Reuse of a spent token revokes the
    /// whole session; permissions and organization membership are re-read, so role
    /// changes and removals apply at the next refresh.
    pub async fn refresh(&self, refresh_token: &Secret, now: i64) -> Result<Refreshed> {
        let next = new_token("prt")?;
        let outcome = self
            .store()
            .rotate_refresh(
                &token_hash(refresh_token.expose()),
                &token_hash(&next),
                now,
                self.config().refresh_idle_ttl,
            )
            .await?;
        let session = match outcome {
            RefreshOutcome::Rotated(session) => session,
            RefreshOutcome::Reused(session_id) => {
                self.audit(
                    "refresh.reuse_detected",
                    None,
                    Some(&session_id),
                    json!({}),
                    now,
                )
                .await;
                tracing::warn!("refresh token reuse detected: session revoked");
                return Err(IdpError::InvalidGrant(
                    "refresh token was already used; the session is revoked",
                ));
            }
            RefreshOutcome::Expired => {
                return Err(IdpError::InvalidGrant("refresh token expired or revoked"));
            }
            RefreshOutcome::Unknown => return Err(IdpError::InvalidGrant("unknown refresh token")),
        };
        let user = self.store().user_by_id(&session.user_id).await?;
        if user.is_none_or(|u| u.disabled != 0) {
            self.store().revoke_session(&session.id, now).await?;
            return Err(IdpError::InvalidGrant("the user is disabled"));
        }
        let api_id = self
            .store()
            .api_by_identifier(&session.audience)
            .await?
            .map(|a| a.id);
        let permissions = self
            .user_permissions(&session.user_id, api_id.as_deref())
            .await?;
        let org = match &session.org_id {
            Some(org_id) => match self.store().membership(org_id, &session.user_id).await? {
                Some(m) => Some(self.org_claims(m, api_id.as_deref()).await?),
                None => {
                    self.store().revoke_session(&session.id, now).await?;
                    return Err(IdpError::InvalidGrant(
                        "no longer a member of the organization",
                    ));
                }
            },
            None => None,
        };
        let access = self
            .mint(
                Grant {
                    sub: &session.user_id,
                    client_id: &session.client_id,
                    audience: &session.audience,
                    scope: &session.scope,
                    sid: Some(&session.id),
                    permissions,
                    org,
                },
                now,
            )
            .await?;
        Ok(Refreshed {
            access,
            refresh_token: Secret::new(next),
            scope: session.scope,
        })
    }

    /// Ends the session a refresh token belongs to. Idempotent: unknown or already
    /// revoked tokens are not an error (RFC 7009 §2.2).
    pub async fn logout(&self, refresh_token: &Secret, now: i64) -> Result<()> {
        if self
            .store()
            .revoke_session_of_refresh(&token_hash(refresh_token.expose()), now)
            .await?
        {
            tracing::info!("session revoked");
            self.audit(
                "session.revoked",
                None,
                None,
                json!({ "by": "logout" }),
                now,
            )
            .await;
        }
        Ok(())
    }
}
