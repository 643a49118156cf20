//! `/reset-password?token=…`: the link of a reset mail, and the new password.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use portcullis_idp::IdpError;

use super::error::PageError;
use super::form::{field, form_page, new_csrf, parse, posted_form};
use super::page::{Reset, message};
use crate::state::AppState;

/// The form for a new password, carrying the link's token.
fn page(
    state: &AppState,
    token: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let csrf = new_csrf()?;
    let page = Reset {
        csrf: &csrf,
        token,
        error,
    };
    Ok(form_page(state, None, &csrf, status, &page))
}

/// `GET /reset-password`.
pub(crate) async fn form(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let map = parse(raw.unwrap_or_default().as_bytes())?;
    page(&state, field(&map, "token"), None, StatusCode::OK)
}

/// `POST /reset-password`: a weak password shows the form again (the link still
/// works); a used or expired link says so.
pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let map = posted_form(
        &state,
        &headers,
        &body,
        "Open the link from your email again.",
    )?;
    let token = field(&map, "token");
    let password = field(&map, "password").to_owned();
    match state
        .idp
        .reset_password(token, password, state.clock.now())
        .await
    {
        Ok(()) => Ok(message(
            StatusCode::OK,
            "Password changed",
            "Your password is changed and every session is signed out. Sign in again from your app.",
        )),
        Err(IdpError::InvalidInput(m)) => page(&state, token, Some(&m), StatusCode::BAD_REQUEST),
        Err(IdpError::InvalidGrant(_)) => Ok(message(
            StatusCode::BAD_REQUEST,
            "Link expired",
            "This link is invalid, already used or expired. Ask for a new one.",
        )),
        Err(e) => Err(e.into()),
    }
}
