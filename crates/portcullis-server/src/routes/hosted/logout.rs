//! `GET` and `POST /logout`: OpenID Connect RP-Initiated Logout 1.0.
//!
//! The browser session ends only when the request shows that the user wants it: a valid
//! `id_token_hint` naming the signed-in user (only the application holds one), or the
//! confirmation form (a CSRF-protected POST from this origin). Anything else, such as a
//! plain link or image on another site, gets the confirmation page and ends nothing.
//! The return address must be a post-logout URI registered for the client.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use portcullis_idp::{LogoutHint, Secret};

use super::error::PageError;
use super::form::{csrf_ok, form_page, new_csrf, parse};
use super::page::{self, LoggedOut, LogoutConfirm};
use super::redirect::redirect_with_query;
use super::session::{secure_cookies, session_cookie};
use crate::state::AppState;

/// `GET /logout`.
pub(crate) async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let map = parse(raw.unwrap_or_default().as_bytes())?;
    end_session(&state, &headers, &map, false).await
}

/// `POST /logout`: the same parameters as a form (the specification allows both), and
/// the confirmation form's answer.
pub(crate) async fn logout_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let map = parse(&body)?;
    end_session(&state, &headers, &map, true).await
}

async fn end_session(
    state: &AppState,
    headers: &HeaderMap,
    map: &HashMap<String, String>,
    posted: bool,
) -> Result<Response, PageError> {
    let now = state.clock.now();
    let hint = match map.get("id_token_hint") {
        Some(token) => state.idp.logout_hint(token, now).await?,
        None => None,
    };
    // A hint issued to another client than the one named proves nothing (RP-Initiated
    // Logout §2: they must match).
    let hint: Option<LogoutHint> =
        hint.filter(|h| map.get("client_id").is_none_or(|c| *c == h.client_id));
    let client = map
        .get("client_id")
        .cloned()
        .or_else(|| hint.as_ref().map(|h| h.client_id.clone()));
    let target = match (&client, map.get("post_logout_redirect_uri")) {
        (Some(client), Some(uri)) => {
            match state.idp.store().redirect_uris(client, "logout").await {
                Ok(registered) if registered.contains(uri) => Some(uri.clone()),
                _ => None,
            }
        }
        _ => None,
    };
    let secret = page::cookie(headers, session_cookie(state)).map(|s| Secret::new(s.to_owned()));
    if let Some(secret) = &secret {
        let user = state
            .idp
            .browser_session(secret, now)
            .await?
            .map(|s| s.user_id);
        if let Some(user) = user {
            let confirmed = hint.as_ref().is_some_and(|h| h.user_id == user)
                || (posted && csrf_ok(state, headers, map));
            if !confirmed {
                return confirm(state, client, map, target.as_deref());
            }
            state.idp.browser_logout(secret, now).await?;
        }
    }
    let mut res = match target {
        Some(uri) => {
            let pairs: Vec<(&str, &str)> = map
                .get("state")
                .map(|s| ("state", s.as_str()))
                .into_iter()
                .collect();
            redirect_with_query(&uri, &pairs)
        }
        None => page::render(StatusCode::OK, &LoggedOut),
    };
    res.headers_mut().append(
        header::SET_COOKIE,
        page::set_cookie(session_cookie(state), "", 0, "Lax", secure_cookies(state)),
    );
    Ok(res)
}

/// The confirmation page: a form posting the same request back with a CSRF token.
fn confirm(
    state: &AppState,
    client: Option<String>,
    map: &HashMap<String, String>,
    target: Option<&str>,
) -> Result<Response, PageError> {
    let csrf = new_csrf()?;
    let mut params: Vec<(&'static str, String)> = Vec::new();
    if let Some(client) = client {
        params.push(("client_id", client));
    }
    for key in ["post_logout_redirect_uri", "state"] {
        if let Some(v) = map.get(key) {
            params.push((key, v.clone()));
        }
    }
    let page = LogoutConfirm {
        csrf: &csrf,
        params,
    };
    Ok(form_page(state, target, &csrf, StatusCode::OK, &page))
}
