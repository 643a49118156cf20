//! The account page's own sign-in (`POST /account/security/sign-in`, and its second
//! step, `POST /account/security/mfa`): the password (then a code or a passkey for a
//! user with a second factor) starts a new browser session, the one before it ends, and
//! the browser goes back to `/account/security`, where changes are now allowed. A
//! passkey alone signs in through the JSON endpoint and the page reloads.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use portcullis_idp::{AfterPassword, BrowserSignIn, IdpError, Secret};
use portcullis_proto::paths;

use super::account::{Shown, THEN, render};
use super::error::PageError;
use super::form::{field, posted_form};
use super::page;
use super::second_factor::{self, Refusal};
use super::session::{session_cookie, with_session};
use crate::i18n::text;
use crate::state::AppState;

/// `POST /account/security/sign-in`: the password.
pub(crate) async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let map = posted_form(&state, &headers, &body, THEN)?;
    let now = state.clock.now();
    match state
        .idp
        .browser_login(
            field(&map, "email"),
            field(&map, "password").to_owned(),
            now,
        )
        .await
    {
        Ok(AfterPassword::SignedIn(signed_in)) => Ok(back(&state, &headers, &signed_in).await),
        Ok(AfterPassword::SecondFactor(challenge)) => {
            second_factor::page(
                &state,
                paths::ACCOUNT_MFA,
                None,
                Vec::new(),
                challenge.token.expose(),
                None,
            )
            .await
        }
        Err(IdpError::InvalidCredentials) => {
            render(
                &state,
                None,
                Shown::error(text("signin-invalid")),
                StatusCode::UNAUTHORIZED,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /account/security/mfa`: the second step of that sign-in.
pub(crate) async fn mfa(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let map = posted_form(&state, &headers, &body, THEN)?;
    let challenge = Secret::new(field(&map, "mfa_token").to_owned());
    let ceremony = Secret::new(field(&map, "ceremony").to_owned());
    let answer = second_factor::answer(&map, &ceremony);
    match state
        .idp
        .answer_browser_login(&challenge, answer, state.clock.now())
        .await
    {
        Ok(signed_in) => Ok(back(&state, &headers, &signed_in).await),
        Err(e) => match second_factor::refusal(e)? {
            Refusal::Again {
                why,
                status,
                retry_after,
            } => {
                second_factor::page(
                    &state,
                    paths::ACCOUNT_MFA,
                    None,
                    Vec::new(),
                    challenge.expose(),
                    Some((&why, status, retry_after)),
                )
                .await
            }
            Refusal::Expired => {
                let shown = Shown::error(text("signin-expired"));
                render(&state, None, shown, StatusCode::UNAUTHORIZED).await
            }
        },
    }
}

/// Back to the account page with the new session; the browser's previous session ends.
async fn back(state: &AppState, headers: &HeaderMap, signed_in: &BrowserSignIn) -> Response {
    if let Some(old) = page::cookie(headers, session_cookie(state)) {
        let old = Secret::new(old.to_owned());
        if let Err(e) = state.idp.browser_logout(&old, state.clock.now()).await {
            tracing::warn!(error = %e, "previous browser session not ended");
        }
    }
    let res = Redirect::to(paths::ACCOUNT_SECURITY).into_response();
    with_session(state, &signed_in.secret, res)
}
