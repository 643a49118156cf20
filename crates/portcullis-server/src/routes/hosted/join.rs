//! The page an invitation's link opens (`/join?token=…`): it shows what the invitation
//! offers, and signing in with the invited address (and, for a user with an
//! authenticator app, its code) accepts it and starts a browser session, so the apps
//! that use this issuer sign in without asking again.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use portcullis_idp::{AfterPassword, BrowserSignIn, IdpError, Secret};
use portcullis_proto::paths;

use super::error::PageError;
use super::form::{field, form_page, new_csrf, parse, posted_form};
use super::page::{Join, message};
use super::second_factor::{self, Refusal};
use super::session::with_session;
use crate::i18n::{text, text_args, translate_domain};
use crate::state::AppState;

fn unusable() -> Response {
    message(
        StatusCode::BAD_REQUEST,
        &text("invitation-invalid-title"),
        &text("invitation-invalid"),
    )
}

/// The form, for an invitation that can still be accepted.
async fn invitation_page(
    state: &AppState,
    token: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let Some(offer) = state.idp.invitation_offer(token, state.clock.now()).await? else {
        return Ok(unusable());
    };
    let csrf = new_csrf()?;
    let page = Join {
        org_name: &offer.org_name,
        role: &offer.role,
        invited: &offer.invited,
        token,
        csrf: &csrf,
        error,
    };
    Ok(form_page(state, None, &csrf, status, &page))
}

/// `GET /join`.
pub(crate) async fn form(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let map = parse(raw.unwrap_or_default().as_bytes())?;
    let token = field(&map, "token");
    if token.is_empty() || token.len() > 200 {
        return Ok(unusable());
    }
    invitation_page(&state, token, None, StatusCode::OK).await
}

/// `POST /join`: signs in with the invited address and accepts; for a user with an
/// authenticator app, its page first (`POST /join/mfa`).
pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let map = posted_form(&state, &headers, &body, "then-open-invitation")?;
    let token = field(&map, "token");
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
        Ok(AfterPassword::SignedIn(signed_in)) => Ok(accept(&state, token, &signed_in, now).await),
        Ok(AfterPassword::SecondFactor(challenge)) => {
            code_page(&state, token, challenge.token.expose(), None).await
        }
        Err(IdpError::InvalidCredentials) => {
            let why = text("signin-invalid");
            invitation_page(&state, token, Some(&why), StatusCode::UNAUTHORIZED).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The second step's page, carrying the invitation on.
async fn code_page(
    state: &AppState,
    token: &str,
    mfa_token: &str,
    refused: Option<(&str, StatusCode, Option<i64>)>,
) -> Result<Response, PageError> {
    let params = vec![("token", token.to_owned())];
    second_factor::page(state, paths::JOIN_MFA, None, params, mfa_token, refused).await
}

/// `POST /join/mfa`: the code of a sign-in on the invitation page, then the acceptance.
pub(crate) async fn submit_code(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let map = posted_form(&state, &headers, &body, "then-open-invitation")?;
    let token = field(&map, "token");
    let challenge = Secret::new(field(&map, "mfa_token").to_owned());
    let ceremony = Secret::new(field(&map, "ceremony").to_owned());
    let now = state.clock.now();
    match state
        .idp
        .answer_browser_login(&challenge, second_factor::answer(&map, &ceremony), now)
        .await
    {
        Ok(signed_in) => Ok(accept(&state, token, &signed_in, now).await),
        Err(e) => match second_factor::refusal(e)? {
            Refusal::Again {
                why,
                status,
                retry_after,
            } => {
                code_page(
                    &state,
                    token,
                    challenge.expose(),
                    Some((&why, status, retry_after)),
                )
                .await
            }
            Refusal::Expired => {
                let why = text("signin-expired");
                invitation_page(&state, token, Some(&why), StatusCode::UNAUTHORIZED).await
            }
        },
    }
}

/// Accepts the invitation for a browser that just signed in; the answer carries the
/// session cookie, whatever the outcome.
async fn accept(state: &AppState, token: &str, signed_in: &BrowserSignIn, now: i64) -> Response {
    let user_id = &signed_in.session.user_id;
    let res = match state.idp.accept_invitation(token, user_id, now).await {
        Ok(m) => message(
            StatusCode::OK,
            &text("join-welcome-title"),
            &text_args("join-welcome", &[("org", &m.org_slug), ("role", &m.role)]),
        ),
        Err(IdpError::InvalidGrant(why)) => message(
            StatusCode::FORBIDDEN,
            &text("invitation-refused-title"),
            &translate_domain(why),
        ),
        Err(IdpError::Conflict(why)) => message(
            StatusCode::CONFLICT,
            &text("invitation-refused-title"),
            &translate_domain(&why),
        ),
        // Signed in all the same: the session cookie goes with the error page.
        Err(e) => PageError::from(e).into_response(),
    };
    with_session(state, &signed_in.secret, res)
}
