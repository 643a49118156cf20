//! `GET /verify-email?token=…`: the link a new account's confirmation mail carries.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::error::PageError;
use super::form::{field, parse};
use super::page::{self, Message, message};
use crate::i18n::text;
use crate::state::AppState;

/// Confirms the address; offers the way back to the sign-in it came from.
pub(crate) async fn verify(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let map = parse(raw.unwrap_or_default().as_bytes())?;
    let token = field(&map, "token");
    if !state.idp.verify_email(token, state.clock.now()).await? {
        return Ok(message(
            StatusCode::BAD_REQUEST,
            &text("link-expired-title"),
            &text("verify-link-expired"),
        ));
    }
    let continue_text = text("verified-continue");
    Ok(page::render(
        StatusCode::OK,
        &Message {
            title: &text("verified-title"),
            message: &text("verified"),
            // Back to the authorization request the sign-up came from; /authorize
            // checks it again, so a forged value cannot redirect anywhere.
            link: map
                .get("continue")
                .filter(|q| !q.is_empty())
                .map(|q| (format!("/authorize?{q}"), continue_text.as_str())),
        },
    ))
}
