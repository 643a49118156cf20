//! Setting up a second factor during the sign-in, for a user who must use one
//! ([`super::MfaRequirement`], or an application asking for it with `acr_values`) and has
//! none: the right password leads to an authenticator app's setup instead of a session,
//! and its first code (checked and throttled as every code) confirms it and signs in,
//! with `amr` `["pwd", "otp", "mfa"]`. The step is a challenge like the second step's
//! (single use, [`super::SECOND_STEP_TTL`], given up after [`super::MAX_CODE_FAILURES`]
//! wrong codes), of its own kind, so a code page cannot answer it and it cannot answer
//! a code page.

use super::second_step::{AfterPassword, Continuation};
use super::{BrowserSignIn, Idp, MAX_CODE_FAILURES, MfaRequirement, TotpEnrollment};
use crate::error::{IdpError, Result};
use crate::ids::token_hash;
use crate::secret::Secret;
use crate::{FirstFactor, SecondFactor};

/// The challenge kind of a hosted sign-in that sets up its second factor.
const BROWSER_ENROLMENT: &str = "browser-enrol";

/// Why a hosted sign-in asks the user to set up a second factor now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnrolmentReason {
    /// A policy requires it of this user.
    Policy(MfaRequirement),
    /// The application asked for a sign-in with two factors (`acr_values`).
    Requested,
}

/// A hosted sign-in setting up its second factor: the app to set up, and why.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// The authenticator app's secret and URI.
    pub setup: TotpEnrollment,
    /// Why now.
    pub reason: EnrolmentReason,
}

/// A hosted sign-in finished by setting up a second factor: the session, and the recovery
/// codes to show this once.
#[derive(Debug, Clone)]
pub struct EnrolledSignIn {
    /// The browser session.
    pub signed_in: BrowserSignIn,
    /// The new recovery codes.
    pub recovery_codes: Vec<Secret>,
}

impl Idp {
    /// Checks a browser's email and password for a sign-in to `client_id`, as
    /// [`Idp::browser_login`] does, and also asks a user who has no second factor but
    /// must use one (a policy, or `wants_two_factors` from the request's `acr_values`)
    /// to set one up first: [`AfterPassword::SecondFactor`] whose
    /// [`super::MfaChallenge::enrolment`] holds the app to set up.
    pub async fn browser_login_to(
        &self,
        email: &str,
        password: String,
        client_id: &str,
        wants_two_factors: bool,
        now: i64,
    ) -> Result<AfterPassword<BrowserSignIn>> {
        self.browser_sign_in(email, password, Some((client_id, wants_two_factors)), now)
            .await
    }

    /// The password step of every hosted sign-in: the second step for a user with a
    /// factor; with `enrol_for` (the client, and whether the request asks for two
    /// factors), the factor's setup for a user who must have one; else the session.
    pub(crate) async fn browser_sign_in(
        &self,
        email: &str,
        password: String,
        enrol_for: Option<(&str, bool)>,
        now: i64,
    ) -> Result<AfterPassword<BrowserSignIn>> {
        let user = self.check_password(email, password, now).await?;
        self.after_first_factor(&user.id, FirstFactor::Password, enrol_for, now)
            .await
    }

    /// Where a hosted sign-in goes once its first step (`first`) was right: as
    /// [`Idp::browser_sign_in`] says.
    pub(crate) async fn after_first_factor(
        &self,
        user_id: &str,
        first: FirstFactor,
        enrol_for: Option<(&str, bool)>,
        now: i64,
    ) -> Result<AfterPassword<BrowserSignIn>> {
        if self.has_second_factor(user_id).await? {
            let challenge = self
                .open_second_step(user_id, first, Continuation::Browser, now)
                .await?;
            return Ok(AfterPassword::SecondFactor(challenge));
        }
        if let Some((client_id, wants_two_factors)) = enrol_for {
            let required = self.mfa_required_for(user_id, Some(client_id)).await?;
            if required.is_some() || wants_two_factors {
                let setup = self.start_totp(user_id, now).await?;
                let mut challenge = self
                    .open_challenge(
                        user_id,
                        BROWSER_ENROLMENT,
                        first,
                        Continuation::Browser,
                        now,
                    )
                    .await?;
                tracing::info!(user_id, "first step right; a second factor must be set up");
                let reason = match required {
                    Some(requirement) => EnrolmentReason::Policy(requirement),
                    None => EnrolmentReason::Requested,
                };
                challenge.enrolment = Some(Enrolment { setup, reason });
                return Ok(AfterPassword::SecondFactor(challenge));
            }
        }
        self.finish_browser_login(user_id, first.alone(), now)
            .await
            .map(AfterPassword::SignedIn)
    }

    /// The setup a live enrolment step waits for, and why (for its page after a wrong
    /// code); `None` when the step is gone or is not an enrolment.
    pub async fn browser_enrolment(
        &self,
        challenge: &Secret,
        client_id: &str,
        now: i64,
    ) -> Result<Option<Enrolment>> {
        let row = match self.live_challenge(challenge, BROWSER_ENROLMENT, now).await {
            Ok(row) => row,
            Err(IdpError::SignInExpired) => return Ok(None),
            Err(e) => return Err(e),
        };
        let Some(setup) = self.pending_totp(&row.user_id).await? else {
            return Ok(None);
        };
        let reason = match self.mfa_required_for(&row.user_id, Some(client_id)).await? {
            Some(requirement) => EnrolmentReason::Policy(requirement),
            None => EnrolmentReason::Requested,
        };
        Ok(Some(Enrolment { setup, reason }))
    }

    /// Finishes a hosted sign-in that sets up its authenticator app with the app's first
    /// code: the app is confirmed, the session starts, the recovery codes are returned.
    /// A wrong code is [`IdpError::InvalidCode`] (counted against the step and throttled
    /// per account, as every code); a gone step is [`IdpError::SignInExpired`].
    pub async fn complete_browser_enrolment(
        &self,
        challenge: &Secret,
        code: &str,
        now: i64,
    ) -> Result<EnrolledSignIn> {
        let row = self
            .live_challenge(challenge, BROWSER_ENROLMENT, now)
            .await?;
        let hash = token_hash(challenge.expose());
        let attempt = self.reserve_attempt(&row.user_id, now).await?;
        let recovery_codes = match self.confirm_totp(&row.user_id, code, now).await {
            Ok(codes) => {
                attempt.succeeded().await?;
                codes
            }
            Err(IdpError::InvalidCode) => {
                attempt.failed(now).await?;
                self.store().fail_challenge(&hash).await?;
                return Err(IdpError::InvalidCode);
            }
            // The setup was replaced or removed meanwhile: start again.
            Err(IdpError::NotFound(_)) => return Err(IdpError::SignInExpired),
            Err(e) => return Err(e),
        };
        if !self
            .store()
            .spend_challenge(&hash, MAX_CODE_FAILURES, now)
            .await?
        {
            return Err(IdpError::SignInExpired);
        }
        let signed_in = self
            .finish_browser_login(
                &row.user_id,
                SecondFactor::Totp.after(row.first_factor),
                now,
            )
            .await?;
        Ok(EnrolledSignIn {
            signed_in,
            recovery_codes,
        })
    }
}
