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

use super::authorize::{
    csrf_ok, finish_form, parse, redirect_with_query, secure_cookies, session_cookie,
};
use crate::pages::{self, LoggedOut, LogoutConfirm};
use crate::state::AppState;

/// `GET /logout`.
pub(crate) async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    match parse(raw.unwrap_or_default().as_bytes()) {
        Ok(map) => end_session(&state, &headers, &map, false).await,
        Err(page) => *page,
    }
}

/// `POST /logout`: the same parameters as a form (the specification allows both), and
/// the confirmation form's answer.
pub(crate) async fn logout_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match parse(&body) {
        Ok(map) => end_session(&state, &headers, &map, true).await,
        Err(page) => *page,
    }
}

fn unavailable() -> Response {
    pages::error_page(
        StatusCode::SERVICE_UNAVAILABLE,
        "The service is temporarily unavailable. Please try again.",
    )
}

async fn end_session(
    state: &AppState,
    headers: &HeaderMap,
    map: &HashMap<String, String>,
    posted: bool,
) -> Response {
    let now = state.clock.now();
    let hint = match map.get("id_token_hint") {
        Some(token) => match state.idp.logout_hint(token, now).await {
            Ok(hint) => hint,
            Err(e) => {
                tracing::warn!(error = %e, "id_token_hint not checked");
                return unavailable();
            }
        },
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
    let secret = pages::cookie(headers, session_cookie(state)).map(|s| Secret::new(s.to_owned()));
    if let Some(secret) = &secret {
        let user = match state.idp.browser_session(secret, now).await {
            Ok(session) => session.map(|(user, _)| user),
            Err(e) => {
                tracing::warn!(error = %e, "browser session not read");
                return unavailable();
            }
        };
        if let Some(user) = user {
            let confirmed = hint.as_ref().is_some_and(|h| h.user_id == user)
                || (posted && csrf_ok(state, headers, map));
            if !confirmed {
                return confirm(state, client, map, target.as_deref());
            }
            if let Err(e) = state.idp.browser_logout(secret, now).await {
                tracing::warn!(error = %e, "browser session not ended");
                return unavailable();
            }
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
        None => pages::render(StatusCode::OK, &LoggedOut),
    };
    res.headers_mut().append(
        header::SET_COOKIE,
        pages::set_cookie(session_cookie(state), "", 0, "Lax", secure_cookies(state)),
    );
    res
}

/// The confirmation page: a form posting the same request back with a CSRF token.
fn confirm(
    state: &AppState,
    client: Option<String>,
    map: &HashMap<String, String>,
    target: Option<&str>,
) -> Response {
    let Ok(csrf) = portcullis_idp::random_token() else {
        return unavailable();
    };
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
    finish_form(state, target, &csrf, pages::render(StatusCode::OK, &page))
}
