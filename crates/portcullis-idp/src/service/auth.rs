//! Sign-up, login (optionally into an organization), refresh-token rotation, logout.

use super::audit::{AuditAction, AuditEvent};
use super::grant::{
    ConsentMode, GrantDecision, GrantError, GrantRequest, Requester, Subject, scope_values,
    within_grant,
};
use super::registration::NewAccount;
use super::second_step::{AfterPassword, Continuation};
use super::tokens::{Grant, SignIn};
use super::{AccessToken, FIRST_PARTY_CLIENT, Idp};
use crate::email::Email;
use crate::error::{IdpError, Result};
use crate::ids::{new_id, new_token, token_hash};
use crate::password::MAX_PASSWORD_BYTES;
use crate::secret::Secret;
use crate::{AuthMethods, FirstFactor};
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
    /// The scope of the new access token: the session's, narrowed to what is still
    /// allowed.
    pub scope: String,
}

const FIRST_PARTY_SCOPE: &str = "openid offline_access";

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
        self.grant_target(Requester::OwnLogin, audience)
            .await
            .map_err(GrantError::for_request)?;
        let user = self.create_account(account, false, now).await?;
        self.start_session(user, audience, None, AuthMethods::PASSWORD, now)
            .await
    }

    /// Checks email and password and starts a session, or, for a user with a second
    /// factor, opens the second step ([`Idp::complete_login`] finishes it). Unknown
    /// email, wrong password and disabled account give the same error after the same
    /// work.
    pub async fn login(
        &self,
        email: &str,
        password: String,
        audience: Option<&str>,
        now: i64,
    ) -> Result<AfterPassword<Login>> {
        self.login_to(email, password, audience, None, now).await
    }

    /// As [`login`](Self::login), with an active organization (id or slug) whose
    /// `org_id`, `org_slug`, `org_role` and `org_permissions` go into the tokens. A user
    /// who is not a member gets [`IdpError::NotFound`] (`organization`), exactly as for
    /// an organization that does not exist (for a user with a second factor, once the
    /// code was right).
    pub async fn login_to(
        &self,
        email: &str,
        password: String,
        audience: Option<&str>,
        organization: Option<&str>,
        now: i64,
    ) -> Result<AfterPassword<Login>> {
        self.grant_target(Requester::OwnLogin, audience)
            .await
            .map_err(GrantError::for_request)?;
        let user = self.check_password(email, password, now).await?;
        if self.has_second_factor(&user.id).await? {
            let next = Continuation::Api {
                audience: audience.map(str::to_owned),
                organization: organization.map(str::to_owned),
            };
            let challenge = self
                .open_second_step(&user.id, FirstFactor::Password, next, now)
                .await?;
            return Ok(AfterPassword::SecondFactor(challenge));
        }
        // A factor is set up on the hosted sign-in, never skipped here.
        if self.mfa_required_for(&user.id, None).await?.is_some() {
            return Err(IdpError::SecondFactorRequired);
        }
        self.finish_login(user, audience, organization, AuthMethods::PASSWORD, now)
            .await
            .map(AfterPassword::SignedIn)
    }

    /// The end of a JSON login whose user proved who they are (`amr`): the
    /// organization's membership, the audit event, the session.
    pub(crate) async fn finish_login(
        &self,
        user: UserRow,
        audience: Option<&str>,
        organization: Option<&str>,
        amr: AuthMethods,
        now: i64,
    ) -> Result<Login> {
        self.check_sso_requirement(&user.email, amr).await?;
        let membership = match organization {
            Some(org) => Some(self.membership_of(org, &user.id).await?),
            None => None,
        };
        tracing::info!(user_id = %user.id, "user logged in");
        self.audit(
            AuditEvent::new(AuditAction::LoginSuccess)
                .by(&user.id)
                .on(&user.id)
                .with(json!({ "organization": organization, "amr": amr.amr() })),
            now,
        )
        .await;
        self.start_session(user, audience, membership.as_ref(), amr, now)
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
            .verify(
                // An account without a password (made through another provider) takes
                // the same work as an unknown address, and matches nothing.
                user.as_ref()
                    .map(|u| u.password_hash.as_str())
                    .filter(|h| !h.is_empty()),
                &password,
            )
            .await?;
        let user = match user {
            Some(u) if verdict.ok && !u.disabled => u,
            _ => {
                tracing::info!("login failed");
                let target = normalized
                    .as_ref()
                    .map_or_else(|| "(not an email)".to_owned(), |e| e.as_str().to_owned());
                self.audit(AuditEvent::new(AuditAction::LoginFailure).on(&target), now)
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
                AuditEvent::new(AuditAction::PasswordRehashed)
                    .by(&user.id)
                    .on(&user.id),
                now,
            )
            .await;
        }
        if self.config().require_verified_email && !user.email_verified {
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

    /// A session of the issuer's own password login, decided by [`Idp::decide_grant`].
    async fn start_session(
        &self,
        user: UserRow,
        audience: Option<&str>,
        membership: Option<&MembershipRow>,
        amr: AuthMethods,
        now: i64,
    ) -> Result<Login> {
        let decision = self
            .decide_grant(GrantRequest {
                requester: Requester::OwnLogin,
                subject: Subject::User {
                    id: &user.id,
                    membership,
                },
                audience,
                scope: Some(FIRST_PARTY_SCOPE),
                consent: ConsentMode::Narrow,
            })
            .await
            .map_err(GrantError::for_request)?;
        Ok(self
            .start_session_for(
                user,
                FIRST_PARTY_CLIENT,
                decision,
                SignIn {
                    amr,
                    auth_time: now,
                },
                now,
            )
            .await?
            .0)
    }

    /// Starts a session of `client_id` carrying `decision`, for a user who signed in as
    /// `sign_in` says; returns the login and the session id.
    pub(crate) async fn start_session_for(
        &self,
        user: UserRow,
        client_id: &str,
        decision: GrantDecision,
        sign_in: SignIn,
        now: i64,
    ) -> Result<(Login, String)> {
        let config = self.config();
        let session = SessionRow {
            id: new_id("ses")?,
            user_id: user.id.clone(),
            client_id: client_id.to_owned(),
            audience: decision.audience.clone(),
            scope: decision.scope.clone(),
            created_at: now,
            expires_at: now + config.refresh_absolute_ttl,
            revoked_at: None,
            org_id: decision.org.as_ref().map(|o| o.id.clone()),
            amr: sign_in.amr,
            auth_time: sign_in.auth_time,
        };
        let refresh = new_token("prt")?;
        self.store()
            .insert_session(
                &session,
                &token_hash(&refresh),
                now + config.refresh_idle_ttl,
            )
            .await?;
        let access = self
            .mint(
                Grant {
                    sub: &user.id,
                    client_id: &session.client_id,
                    audience: &decision.audience,
                    scope: &decision.scope,
                    sid: Some(&session.id),
                    permissions: decision.permissions,
                    org: decision.org,
                    sign_in: Some(SignIn {
                        amr: session.amr,
                        auth_time: session.auth_time,
                    }),
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
    /// whole session. The grant is decided again ([`Idp::decide_grant`]) from the
    /// session's scope, so it only ever narrows: role changes, removals, a withdrawn
    /// consent or audience apply at the next refresh (the last two end the session).
    pub async fn refresh(&self, refresh_token: &Secret, now: i64) -> Result<Refreshed> {
        self.refresh_scoped(refresh_token, None, now).await
    }

    /// [`Idp::refresh`] with RFC 6749 §6's `scope`: the new access token carries only
    /// `scope` (which must be within what the session was granted, else
    /// [`IdpError::InvalidScope`]); the session, and so the next refresh, keeps its
    /// whole grant. A third-party client's session lasts only while the user's consent
    /// still covers `offline_access`.
    pub async fn refresh_scoped(
        &self,
        refresh_token: &Secret,
        scope: Option<&str>,
        now: i64,
    ) -> Result<Refreshed> {
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
                    AuditEvent::new(AuditAction::RefreshReuseDetected).on(&session_id),
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
        if user.is_none_or(|u| u.disabled) {
            self.store().revoke_session(&session.id, now).await?;
            return Err(IdpError::InvalidGrant("the user is disabled"));
        }
        let membership = match &session.org_id {
            Some(org_id) => match self.store().membership(org_id, &session.user_id).await? {
                Some(m) => Some(m),
                None => {
                    self.store().revoke_session(&session.id, now).await?;
                    return Err(IdpError::InvalidGrant(
                        "no longer a member of the organization",
                    ));
                }
            },
            None => None,
        };
        let client = match session.client_id.as_str() {
            FIRST_PARTY_CLIENT => None,
            id => Some(
                self.store()
                    .client_by_id(id)
                    .await?
                    .ok_or(IdpError::InvalidGrant("the client no longer exists"))?,
            ),
        };
        let request = |scope| GrantRequest {
            requester: client
                .as_ref()
                .map_or(Requester::OwnLogin, Requester::Client),
            subject: Subject::User {
                id: &session.user_id,
                membership: membership.as_ref(),
            },
            audience: Some(&session.audience),
            scope: Some(scope),
            consent: ConsentMode::Narrow,
        };
        let decision = match self.decide_grant(request(&session.scope)).await {
            Ok(d) => d,
            Err(e) => {
                self.store().revoke_session(&session.id, now).await?;
                return Err(e.for_existing());
            }
        };
        let third_party = client.as_ref().is_some_and(|c| !c.first_party);
        if third_party && !scope_values(&decision.scope).contains(&"offline_access") {
            self.store().revoke_session(&session.id, now).await?;
            return Err(IdpError::InvalidGrant(
                "the user no longer allows this client to stay signed in",
            ));
        }
        let decision = match scope.map(str::trim).filter(|s| !s.is_empty()) {
            None => decision,
            Some(asked) => {
                within_grant(asked, &session.scope)?;
                self.decide_grant(request(asked))
                    .await
                    .map_err(GrantError::for_existing)?
            }
        };
        let access = self
            .mint(
                Grant {
                    sub: &session.user_id,
                    client_id: &session.client_id,
                    audience: &decision.audience,
                    scope: &decision.scope,
                    sid: Some(&session.id),
                    permissions: decision.permissions,
                    org: decision.org,
                    sign_in: Some(SignIn {
                        amr: session.amr,
                        auth_time: session.auth_time,
                    }),
                },
                now,
            )
            .await?;
        Ok(Refreshed {
            access,
            refresh_token: Secret::new(next),
            scope: decision.scope,
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
                AuditEvent::new(AuditAction::SessionRevoked).with(json!({ "by": "logout" })),
                now,
            )
            .await;
        }
        Ok(())
    }
}
