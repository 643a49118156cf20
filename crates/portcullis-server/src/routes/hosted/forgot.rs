//! `/forgot-password`: asks for the address a reset link goes to.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::error::PageError;
use super::form::{field, form_page, new_csrf, posted_form};
use super::page::{Forgot, message};
use crate::i18n::text;
use crate::state::AppState;

/// `GET /forgot-password`.
pub(crate) async fn form(State(state): State<AppState>) -> Result<Response, PageError> {
    let csrf = new_csrf()?;
    Ok(form_page(
        &state,
        None,
        &csrf,
        StatusCode::OK,
        &Forgot { csrf: &csrf },
    ))
}

/// `POST /forgot-password`: the same answer, in the same time, whether an account
/// exists or not.
pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let map = posted_form(&state, &headers, &body, "then-try-again")?;
    // Queued, not done here: the answer takes as long for an unknown address as for a
    // known one (see `mail_requests`).
    let locale = portcullis_i18n::current();
    if !state
        .mail
        .reset(field(&map, "email"), locale, state.clock.now())
    {
        tracing::warn!("password reset dropped: too many requests are waiting");
    }
    Ok(message(
        StatusCode::OK,
        &text("check-email-title"),
        &text("forgot-sent"),
    ))
}
