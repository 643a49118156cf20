//! The second step of a sign-in. A user with a second factor (a confirmed authenticator
//! app, or a passkey) who gives the right password gets no session yet, but a challenge: an opaque token (stored only as
//! its hash) that lives [`SECOND_STEP_TTL`] seconds, is good for one sign-in, and is given
//! up after [`MAX_CODE_FAILURES`] wrong answers. Answered with a code from the app, a
//! recovery code or one of the user's passkeys, it becomes the session (a JSON login's tokens, or a browser session),
//! whose tokens say how the user signed in (`amr`, [`AuthMethods`]).
//!
//! Codes are checked as passwords are ([`super::throttle`]), counted per user rather
//! than per challenge: one check at a time per account across nodes, and doubling
//! delays after a few wrong codes, which a right password does not clear.

use serde_json::json;

use super::audit::{AuditAction, AuditEvent};
use super::passkeys::SecondFactorAnswer;
use super::recovery::{Code, recovery_hash};
use super::totp::matching_step;
use super::{BrowserSignIn, Idp, Login};
use crate::error::{IdpError, Result};
use crate::ids::{new_token, token_hash};
use crate::secret::Secret;
use crate::store::{ChallengeRow, UserRow};
use crate::{FirstFactor, SecondFactor as Factor};

/// How long the second step waits for its code.
pub const SECOND_STEP_TTL: i64 = 5 * 60;
/// Wrong codes after which a second step is given up (the password is asked again).
pub const MAX_CODE_FAILURES: i64 = 5;
/// No challenge token is longer (anything longer is unknown, unread).
const MAX_CHALLENGE_BYTES: usize = 128;

/// A sign-in waiting for its second factor.
#[derive(Debug, Clone)]
pub struct MfaChallenge {
    /// The opaque token that names it in the second step.
    pub token: Secret,
    /// Seconds left to answer it.
    pub expires_in: i64,
    /// The user has an authenticator app (a code from it answers).
    pub totp: bool,
    /// The user has passkeys (one of them answers).
    pub passkey: bool,
    /// The user has no second factor but must use one: the authenticator app to set up
    /// now, whose first code answers this step ([`Idp::complete_browser_enrolment`]),
    /// and why.
    pub enrolment: Option<super::Enrolment>,
}

/// What a right password leads to: the sign-in, or, for a user with a second factor,
/// the challenge its code must answer first.
#[derive(Debug, Clone)]
#[must_use]
pub enum AfterPassword<T> {
    /// Signed in.
    SignedIn(T),
    /// A code is owed first.
    SecondFactor(MfaChallenge),
}

impl<T> AfterPassword<T> {
    /// The sign-in, if no second step is owed.
    pub fn signed_in(self) -> Option<T> {
        match self {
            Self::SignedIn(t) => Some(t),
            Self::SecondFactor(_) => None,
        }
    }
}

/// What a second step continues.
pub(crate) enum Continuation {
    /// The JSON login, with what it asked for.
    Api {
        audience: Option<String>,
        organization: Option<String>,
    },
    /// A hosted sign-in page.
    Browser,
}

impl Continuation {
    fn kind(&self) -> &'static str {
        match self {
            Self::Api { .. } => "api",
            Self::Browser => "browser",
        }
    }
}

impl Idp {
    /// Whether sign-in asks the user for a second factor.
    pub(crate) async fn has_second_factor(&self, user_id: &str) -> Result<bool> {
        Ok(self.totp_confirmed(user_id).await? || self.store().passkey_count(user_id).await? > 0)
    }

    /// Whether the user has a confirmed authenticator app.
    async fn totp_confirmed(&self, user_id: &str) -> Result<bool> {
        Ok(self
            .store()
            .totp_factor(user_id)
            .await?
            .is_some_and(|f| f.confirmed_at.is_some()))
    }

    /// Opens the second step of a sign-in whose first step (`first`) was right.
    pub(crate) async fn open_second_step(
        &self,
        user_id: &str,
        first: FirstFactor,
        next: Continuation,
        now: i64,
    ) -> Result<MfaChallenge> {
        self.open_challenge(user_id, next.kind(), first, next, now)
            .await
    }

    /// Opens a challenge of `kind` continuing `next`, after `first`.
    pub(crate) async fn open_challenge(
        &self,
        user_id: &str,
        kind: &str,
        first: FirstFactor,
        next: Continuation,
        now: i64,
    ) -> Result<MfaChallenge> {
        let token = new_token("pmc")?;
        let kind = kind.to_owned();
        let (audience, organization) = match next {
            Continuation::Api {
                audience,
                organization,
            } => (audience, organization),
            Continuation::Browser => (None, None),
        };
        let row = ChallengeRow {
            user_id: user_id.to_owned(),
            kind,
            audience,
            organization,
            failures: 0,
            expires_at: now.saturating_add(SECOND_STEP_TTL),
            used_at: None,
            first_factor: first,
        };
        self.store()
            .insert_challenge(&token_hash(&token), &row)
            .await?;
        tracing::info!(
            user_id,
            first = first.as_str(),
            "first step right; second factor asked"
        );
        Ok(MfaChallenge {
            token: Secret::new(token),
            expires_in: SECOND_STEP_TTL,
            totp: self.totp_confirmed(user_id).await?,
            passkey: self.store().passkey_count(user_id).await? > 0,
            enrolment: None,
        })
    }

    /// Finishes a JSON login ([`Idp::login_to`]) with the code for its challenge: the
    /// tokens, for the audience and organization the login asked for. A wrong code is
    /// [`IdpError::InvalidCode`] (the challenge stays, up to [`MAX_CODE_FAILURES`]); an
    /// unknown, expired, used or given-up challenge is [`IdpError::SignInExpired`]; too
    /// many wrong codes for the account are [`IdpError::Throttled`].
    pub async fn complete_login(&self, challenge: &Secret, code: &str, now: i64) -> Result<Login> {
        let (row, user, factor) = self
            .answer_challenge(challenge, "api", SecondFactorAnswer::Code(code), now)
            .await?;
        self.finish_login(
            user,
            row.audience.as_deref(),
            row.organization.as_deref(),
            factor.after(row.first_factor),
            now,
        )
        .await
    }

    /// Finishes a hosted sign-in ([`Idp::browser_login`]) with the code for its
    /// challenge: the browser session. Refusals as [`Idp::complete_login`].
    pub async fn complete_browser_login(
        &self,
        challenge: &Secret,
        code: &str,
        now: i64,
    ) -> Result<BrowserSignIn> {
        self.answer_browser_login(challenge, SecondFactorAnswer::Code(code), now)
            .await
    }

    /// Finishes a hosted sign-in with a code or a passkey
    /// ([`Idp::start_passkey_second_step`]). A refused passkey is [`IdpError::Passkey`]
    /// (and counts as a wrong answer); the rest as [`Idp::complete_login`].
    pub async fn answer_browser_login(
        &self,
        challenge: &Secret,
        answer: SecondFactorAnswer<'_>,
        now: i64,
    ) -> Result<BrowserSignIn> {
        let (row, user, factor) = self
            .answer_challenge(challenge, "browser", answer, now)
            .await?;
        self.finish_browser_login(&user.id, factor.after(row.first_factor), now)
            .await
    }

    /// The second factors that can answer a live browser sign-in's second step (for its
    /// page); `None` when the step is gone.
    pub async fn second_step_factors(
        &self,
        challenge: &Secret,
        now: i64,
    ) -> Result<Option<super::SecondFactors>> {
        match self.live_challenge(challenge, "browser", now).await {
            Ok(row) => self.second_factors(&row.user_id).await.map(Some),
            Err(IdpError::SignInExpired) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The live (unexpired, unspent, not given up) challenge of `kind`, or
    /// [`IdpError::SignInExpired`].
    pub(crate) async fn live_challenge(
        &self,
        challenge: &Secret,
        kind: &str,
        now: i64,
    ) -> Result<ChallengeRow> {
        if challenge.expose().len() > MAX_CHALLENGE_BYTES {
            return Err(IdpError::SignInExpired);
        }
        match self
            .store()
            .challenge(&token_hash(challenge.expose()))
            .await?
        {
            Some(row)
                if row.kind == kind
                    && row.used_at.is_none()
                    && row.expires_at > now
                    && row.failures < MAX_CODE_FAILURES =>
            {
                Ok(row)
            }
            _ => Err(IdpError::SignInExpired),
        }
    }

    /// Checks `answer` against the live challenge of `kind`, and spends the challenge
    /// when it is right.
    async fn answer_challenge(
        &self,
        challenge: &Secret,
        kind: &str,
        answer: SecondFactorAnswer<'_>,
        now: i64,
    ) -> Result<(ChallengeRow, UserRow, Factor)> {
        let row = self.live_challenge(challenge, kind, now).await?;
        let hash = token_hash(challenge.expose());
        let factor = match answer {
            SecondFactorAnswer::Code(code) => {
                self.check_second_factor(&row.user_id, code, now).await?
            }
            SecondFactorAnswer::Passkey {
                ceremony,
                credential,
            } => match self
                .check_passkey_factor(&row.user_id, ceremony, credential, now)
                .await
            {
                Ok(factor) => Some(factor),
                Err(e @ IdpError::Passkey(_)) => {
                    self.store().fail_challenge(&hash).await?;
                    return Err(e);
                }
                Err(e) => return Err(e),
            },
        };
        let Some(factor) = factor else {
            self.store().fail_challenge(&hash).await?;
            return Err(IdpError::InvalidCode);
        };
        // Single use: of two right answers (another node, a replay) one signs in.
        if !self
            .store()
            .spend_challenge(&hash, MAX_CODE_FAILURES, now)
            .await?
        {
            return Err(IdpError::SignInExpired);
        }
        let user = self
            .store()
            .user_by_id(&row.user_id)
            .await?
            .filter(|u| !u.disabled)
            .ok_or(IdpError::SignInExpired)?;
        Ok((row, user, factor))
    }

    /// Checks a code of the user (from the authenticator app, or a recovery code, which
    /// is then spent), one at a time per account and throttled like passwords; audited
    /// either way. `None` for a wrong, malformed or replayed code.
    pub(crate) async fn check_second_factor(
        &self,
        user_id: &str,
        code: &str,
        now: i64,
    ) -> Result<Option<Factor>> {
        let attempt = self.reserve_attempt(user_id, now).await?;
        let factor = self.code_proves(user_id, code, now).await?;
        let (action, details) = match factor {
            Some(Factor::Totp) => (AuditAction::FactorUsed, json!({ "type": "totp" })),
            Some(Factor::RecoveryCode) => (
                AuditAction::RecoveryCodeUsed,
                json!({ "left": self.store().recovery_codes_left(user_id).await? }),
            ),
            // Codes prove no passkey; passkeys are checked (and audited) on their own.
            Some(Factor::Passkey { .. }) | None => (AuditAction::FactorFailure, json!({})),
        };
        match factor {
            Some(_) => attempt.succeeded().await?,
            None => {
                tracing::info!(user_id, "second factor refused");
                attempt.failed(now).await?;
            }
        }
        let event = AuditEvent::new(action).by(user_id).on(user_id);
        self.audit(event.with(details), now).await;
        Ok(factor)
    }

    /// Checks a passkey answer of the user, one at a time per account and throttled like
    /// codes.
    async fn check_passkey_factor(
        &self,
        user_id: &str,
        ceremony: &Secret,
        credential: &str,
        now: i64,
    ) -> Result<Factor> {
        let attempt = self.reserve_attempt(user_id, now).await?;
        match self
            .verify_passkey_of(user_id, ceremony, credential, now)
            .await
        {
            Ok(used) => {
                attempt.succeeded().await?;
                Ok(Factor::Passkey {
                    synced: used.synced,
                })
            }
            Err(e) => {
                tracing::info!(user_id, "passkey refused at the second step");
                attempt.failed(now).await?;
                Err(e)
            }
        }
    }

    /// Which factor `code` proves for the user, spending what it used (the time step,
    /// the recovery code); `None` if it proves none.
    async fn code_proves(&self, user_id: &str, code: &str, now: i64) -> Result<Option<Factor>> {
        match Code::parse(code) {
            None => Ok(None),
            Some(Code::Totp(digits)) => {
                let Some(factor) = self
                    .store()
                    .totp_factor(user_id)
                    .await?
                    .filter(|f| f.confirmed_at.is_some())
                else {
                    return Ok(None);
                };
                let secret = self
                    .keys()
                    .open(&factor.sealed_secret, user_id.as_bytes())?;
                let Some(step) = matching_step(&secret, &digits, now)? else {
                    return Ok(None);
                };
                let fresh = self.store().accept_totp_step(user_id, step).await?;
                Ok(fresh.then_some(Factor::Totp))
            }
            Some(Code::Recovery(normal)) => {
                let hash = recovery_hash(user_id, &normal);
                let unused = self.store().use_recovery_code(user_id, &hash, now).await?;
                Ok(unused.then_some(Factor::RecoveryCode))
            }
        }
    }
}
