//! The hosted consent page of third-party clients: shown after sign-in (or over single
//! sign-on) when the user has not yet allowed the client what it asks for, and its form
//! (`POST /authorize/consent`, CSRF-protected like the sign-in form).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use portcullis_idp::{Authorize, GrantError};

use super::authorize::{
    authorization_response, finish_form, form_context, membership_for, posted_request, send_code,
};
use crate::pages::{self, Consent};
use crate::state::AppState;

/// What the OpenID Connect scopes mean, for the page.
fn meaning(scope: &str) -> Option<&'static str> {
    match scope {
        "openid" => Some("sign you in"),
        "profile" => Some("your name"),
        "email" => Some("your email address"),
        "offline_access" => Some("stay signed in"),
        _ => None,
    }
}

/// The consent page for `req`, asking for `scopes`.
pub(crate) fn page(
    state: &AppState,
    req: &Authorize,
    map: &HashMap<String, String>,
    scopes: &[String],
) -> Response {
    let ctx = match form_context(map) {
        Ok(c) => c,
        Err(page) => return *page,
    };
    let page = Consent {
        client_name: &req.client_name,
        audience: &req.audience,
        scopes: scopes.iter().map(|s| (s.as_str(), meaning(s))).collect(),
        shown: scopes.join(" "),
        csrf: &ctx.csrf,
        params: ctx.params,
    };
    finish_form(
        state,
        Some(&req.redirect_uri),
        &ctx.csrf,
        pages::render(StatusCode::OK, &page),
    )
}

/// `POST /authorize/consent`: "Allow" records the consent and continues the
/// authorization; "Deny" returns `access_denied` to the client.
pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (map, mut req) = match posted_request(&state, &headers, &body).await {
        Ok(posted) => posted,
        Err(page) => return *page,
    };
    // `prompt=consent` is answered by this very form.
    req.prompt.consent = false;
    let now = state.clock.now();
    let Some((user_id, auth_time)) = super::authorize::signed_in(&state, &headers).await else {
        return pages::error_page(
            StatusCode::UNAUTHORIZED,
            "Your sign-in has ended. Go back to the application and sign in again.",
        );
    };
    if map.get("decision").map(String::as_str) != Some("allow") {
        return authorization_response(
            &state,
            &req.redirect_uri,
            &[
                ("error", "access_denied"),
                ("error_description", "the user did not allow the request"),
                ("state", &req.state),
            ],
        );
    }
    let membership = match membership_for(&state, &req, &user_id).await {
        Ok(m) => m,
        Err(res) => return *res,
    };
    let shown = map.get("consent_scope").map(String::as_str).unwrap_or("");
    match state
        .idp
        .give_consent(&req, &user_id, membership.as_ref(), shown, now)
        .await
    {
        Ok(()) => send_code(&state, &req, &map, &user_id, auth_time).await,
        // The client's audiences changed since the page was shown: the next step says so.
        Err(GrantError::UnknownAudience | GrantError::NotAllowed(_)) => {
            send_code(&state, &req, &map, &user_id, auth_time).await
        }
        Err(e) => {
            tracing::warn!(error = ?e, "consent not recorded");
            pages::error_page(
                StatusCode::SERVICE_UNAVAILABLE,
                "The service is temporarily unavailable. Please try again.",
            )
        }
    }
}
