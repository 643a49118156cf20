//! The page an invitation's link opens (`/join?token=…`): it shows what the invitation
//! offers, and signing in with the invited address accepts it (and starts a browser
//! session, so the apps that use this issuer sign in without asking again).

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use portcullis_idp::IdpError;

use super::error::PageError;
use super::form::{field, form_page, new_csrf, parse, posted_form};
use super::page::{Join, message};
use super::session::with_session;
use crate::state::AppState;

fn unusable() -> Response {
    message(
        StatusCode::BAD_REQUEST,
        "Invitation not valid",
        "This invitation is invalid, already used, withdrawn or expired. Ask for a new one.",
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

/// `POST /join`: signs in with the invited address and accepts.
pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let map = posted_form(&state, &headers, &body, "Open the invitation link again.")?;
    let token = field(&map, "token");
    let now = state.clock.now();
    let signed_in = match state
        .idp
        .browser_login(
            field(&map, "email"),
            field(&map, "password").to_owned(),
            now,
        )
        .await
    {
        Ok(signed_in) => signed_in,
        Err(IdpError::InvalidCredentials) => {
            return invitation_page(
                &state,
                token,
                Some("Invalid email or password"),
                StatusCode::UNAUTHORIZED,
            )
            .await;
        }
        Err(e) => return Err(e.into()),
    };
    let user_id = &signed_in.session.user_id;
    let res = match state.idp.accept_invitation(token, user_id, now).await {
        Ok(m) => message(
            StatusCode::OK,
            "Welcome",
            &format!("You joined {} as {}.", m.org_slug, m.role),
        ),
        Err(IdpError::InvalidGrant(why)) => {
            message(StatusCode::FORBIDDEN, "Invitation not accepted", why)
        }
        Err(IdpError::Conflict(why)) => {
            message(StatusCode::CONFLICT, "Invitation not accepted", &why)
        }
        // Signed in all the same: the session cookie goes with the error page.
        Err(e) => PageError::from(e).into_response(),
    };
    Ok(with_session(&state, &signed_in.secret, res))
}
