//! The page an invitation's link opens (`/join?token=…`): it shows what the invitation
//! offers, and signing in with the invited address accepts it (and starts a browser
//! session, so the apps that use this issuer sign in without asking again).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use portcullis_idp::IdpError;

use super::authorize::{csrf_ok, finish_form, parse, with_session};
use crate::pages::{self, Join, message};
use crate::state::AppState;

fn unusable() -> Response {
    message(
        StatusCode::BAD_REQUEST,
        "Invitation not valid",
        "This invitation is invalid, already used, withdrawn or expired. Ask for a new one.",
    )
}

fn unavailable() -> Response {
    pages::error_page(
        StatusCode::SERVICE_UNAVAILABLE,
        "The service is temporarily unavailable. Please try again.",
    )
}

/// The form, for an invitation that can still be accepted.
async fn form_page(
    state: &AppState,
    token: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let offer = match state.idp.invitation_offer(token, state.clock.now()).await {
        Ok(Some(offer)) => offer,
        Ok(None) => return unusable(),
        Err(_) => return unavailable(),
    };
    let Ok(csrf) = portcullis_idp::random_token() else {
        return unavailable();
    };
    let (org_name, role, invited) = offer;
    let page = Join {
        org_name: &org_name,
        role: &role,
        invited: &invited,
        token,
        csrf: &csrf,
        error,
    };
    finish_form(state, None, &csrf, pages::render(status, &page))
}

pub(crate) async fn form(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let map = match parse(raw.unwrap_or_default().as_bytes()) {
        Ok(m) => m,
        Err(p) => return *p,
    };
    let token = map.get("token").map(String::as_str).unwrap_or_default();
    if token.is_empty() || token.len() > 200 {
        return unusable();
    }
    form_page(&state, token, None, StatusCode::OK).await
}

pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let map: HashMap<String, String> = match parse(&body) {
        Ok(m) => m,
        Err(p) => return *p,
    };
    if !csrf_ok(&state, &headers, &map) {
        return pages::error_page(
            StatusCode::FORBIDDEN,
            "This form has expired. Open the invitation link again.",
        );
    }
    let field = |k: &str| map.get(k).map(String::as_str).unwrap_or_default();
    let token = field("token");
    let now = state.clock.now();
    let (secret, user_id, _) = match state
        .idp
        .browser_login(field("email"), field("password").to_owned(), now)
        .await
    {
        Ok(signed_in) => signed_in,
        Err(IdpError::InvalidCredentials) => {
            return form_page(
                &state,
                token,
                Some("Invalid email or password"),
                StatusCode::UNAUTHORIZED,
            )
            .await;
        }
        Err(IdpError::Throttled { retry_after }) => {
            return pages::too_many_attempts(retry_after);
        }
        Err(e) => {
            tracing::warn!(error = %e, "sign-in to join failed");
            return unavailable();
        }
    };
    let res = match state.idp.accept_invitation(token, &user_id, now).await {
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
        Err(e) => {
            tracing::warn!(error = %e, "invitation not accepted");
            unavailable()
        }
    };
    with_session(&state, &secret, res)
}
