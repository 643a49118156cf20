//! Pages behind emailed links: `/verify-email`, `/forgot-password`, `/reset-password`.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use portcullis_idp::IdpError;

use super::authorize::{csrf_ok, finish_form, parse};
use crate::pages::{self, Forgot, Message, Reset, message};
use crate::state::AppState;

pub(crate) async fn verify(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let map = match parse(raw.unwrap_or_default().as_bytes()) {
        Ok(m) => m,
        Err(p) => return *p,
    };
    let token = map.get("token").map(String::as_str).unwrap_or_default();
    match state.idp.verify_email(token, state.clock.now()).await {
        Ok(true) => pages::render(
            StatusCode::OK,
            &Message {
                title: "Email verified",
                message: "Thank you: your email address is confirmed.",
                // Back to the authorization request the sign-up came from; /authorize
                // checks it again, so a forged value cannot redirect anywhere.
                link: map
                    .get("continue")
                    .filter(|q| !q.is_empty())
                    .map(|q| (format!("/authorize?{q}"), "Continue to sign in")),
            },
        ),
        Ok(false) => message(
            StatusCode::BAD_REQUEST,
            "Link expired",
            "This link is invalid, already used or expired.",
        ),
        Err(_) => message(
            StatusCode::SERVICE_UNAVAILABLE,
            "Try again",
            "The service is temporarily unavailable.",
        ),
    }
}

pub(crate) async fn forgot_form(State(state): State<AppState>) -> Response {
    let Ok(csrf) = portcullis_idp::random_token() else {
        return pages::error_page(StatusCode::SERVICE_UNAVAILABLE, "Please try again.");
    };
    finish_form(
        &state,
        None,
        &csrf,
        pages::render(StatusCode::OK, &Forgot { csrf: &csrf }),
    )
}

/// The same answer, in the same time, whether an account exists or not.
pub(crate) async fn forgot_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let map = match parse(&body) {
        Ok(m) => m,
        Err(p) => return *p,
    };
    if !csrf_ok(&state, &headers, &map) {
        return pages::error_page(
            StatusCode::FORBIDDEN,
            "This form has expired. Please try again.",
        );
    }
    let email = map.get("email").map(String::as_str).unwrap_or_default();
    // Queued, not done here: the answer takes as long for an unknown address as for a
    // known one (see `password_resets`).
    if !state.resets.submit(email, state.clock.now()) {
        tracing::warn!("password reset dropped: too many requests are waiting");
    }
    message(
        StatusCode::OK,
        "Check your email",
        "If an account exists for that address, we sent it a link to choose a new password.",
    )
}

pub(crate) async fn reset_form(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let map = match parse(raw.unwrap_or_default().as_bytes()) {
        Ok(m) => m,
        Err(p) => return *p,
    };
    let token = map.get("token").cloned().unwrap_or_default();
    let Ok(csrf) = portcullis_idp::random_token() else {
        return pages::error_page(StatusCode::SERVICE_UNAVAILABLE, "Please try again.");
    };
    let page = Reset {
        csrf: &csrf,
        token: &token,
        error: None,
    };
    finish_form(&state, None, &csrf, pages::render(StatusCode::OK, &page))
}

pub(crate) async fn reset_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let map = match parse(&body) {
        Ok(m) => m,
        Err(p) => return *p,
    };
    if !csrf_ok(&state, &headers, &map) {
        return pages::error_page(
            StatusCode::FORBIDDEN,
            "This form has expired. Open the link from your email again.",
        );
    }
    let token = map.get("token").cloned().unwrap_or_default();
    let password = map.get("password").cloned().unwrap_or_default();
    match state
        .idp
        .reset_password(&token, password, state.clock.now())
        .await
    {
        Ok(()) => message(
            StatusCode::OK,
            "Password changed",
            "Your password is changed and every session is signed out. Sign in again from your app.",
        ),
        Err(IdpError::InvalidInput(m)) => {
            let Ok(csrf) = portcullis_idp::random_token() else {
                return pages::error_page(StatusCode::SERVICE_UNAVAILABLE, "Please try again.");
            };
            let page = Reset {
                csrf: &csrf,
                token: &token,
                error: Some(&m),
            };
            finish_form(
                &state,
                None,
                &csrf,
                pages::render(StatusCode::BAD_REQUEST, &page),
            )
        }
        Err(IdpError::InvalidGrant(_)) => message(
            StatusCode::BAD_REQUEST,
            "Link expired",
            "This link is invalid, already used or expired. Ask for a new one.",
        ),
        Err(_) => message(
            StatusCode::SERVICE_UNAVAILABLE,
            "Try again",
            "The service is temporarily unavailable.",
        ),
    }
}
