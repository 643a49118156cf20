//! `/reset-password?token=…`: the link of a reset mail, and the new password.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use portcullis_idp::{IdpError, MIN_PASSWORD_CHARS};

use super::error::PageError;
use super::form::{field, form_page, new_csrf, parse, posted_form};
use super::page::{Reset, message};
use crate::i18n::{text, translate_domain};
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
        min_password: MIN_PASSWORD_CHARS as i64,
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
    let map = posted_form(&state, &headers, &body, "then-open-email-link")?;
    let token = field(&map, "token");
    let password = field(&map, "password").to_owned();
    match state
        .idp
        .reset_password(token, password, state.clock.now())
        .await
    {
        Ok(()) => Ok(message(
            StatusCode::OK,
            &text("reset-done-title"),
            &text("reset-done"),
        )),
        Err(IdpError::InvalidInput(m)) => {
            let why = translate_domain(&m);
            page(&state, token, Some(&why), StatusCode::BAD_REQUEST)
        }
        Err(IdpError::InvalidGrant(_)) => Ok(message(
            StatusCode::BAD_REQUEST,
            &text("link-expired-title"),
            &text("reset-link-expired"),
        )),
        Err(e) => Err(e.into()),
    }
}
