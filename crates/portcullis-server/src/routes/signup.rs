//! The hosted sign-up page (`/authorize/signup`), inside an authorization request. By
//! default it answers "check your email" whether the address is new or taken; the
//! confirmation link leads back to the sign-in page. With `allow_unverified_email` the
//! new user is signed in and returned to the app at once.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use portcullis_idp::{Authorize, IdpError};

use super::authorize::{
    csrf_ok, finish_form, form_context, params_of, parse, refused, send_code, with_session,
};
use crate::pages::{self, Message, SignUp};
use crate::state::AppState;

fn page(
    state: &AppState,
    req: &Authorize,
    map: &HashMap<String, String>,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let ctx = match form_context(map) {
        Ok(c) => c,
        Err(page) => return *page,
    };
    let field = |k: &str| map.get(k).map(String::as_str).unwrap_or_default();
    let page = SignUp {
        client_name: &req.client_name,
        error,
        csrf: &ctx.csrf,
        email: field("email"),
        name: field("name"),
        params: ctx.params.clone(),
        query: ctx.query.clone(),
    };
    finish_form(
        state,
        Some(&req.redirect_uri),
        &ctx.csrf,
        pages::render(status, &page),
    )
}

pub(crate) async fn form(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let map = match parse(raw.unwrap_or_default().as_bytes()) {
        Ok(m) => m,
        Err(p) => return *p,
    };
    match state.idp.check_authorize(&params_of(&map)).await {
        Ok(req) => page(&state, &req, &map, None, StatusCode::OK),
        Err(e) => refused(&state, e),
    }
}

pub(crate) async fn submit(
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
            "This form has expired. Go back to the application and try again.",
        );
    }
    let req = match state.idp.check_authorize(&params_of(&map)).await {
        Ok(r) => r,
        Err(e) => return refused(&state, e),
    };
    let now = state.clock.now();
    let email = map.get("email").map(String::as_str).unwrap_or_default();
    let password = map.get("password").cloned().unwrap_or_default();
    let name = map.get("name").cloned();
    if state.idp.config().require_verified_email {
        return register(&state, &req, &map, email, password, name).await;
    }
    let created = state.idp.signup(email, password, name, None, now).await;
    let user = match created {
        Ok(login) => {
            if let Err(e) = state.idp.logout(&login.refresh_token, now).await {
                tracing::warn!(error = %e, "sign-up session not closed");
            }
            login.user
        }
        Err(IdpError::InvalidInput(m)) => {
            return page(&state, &req, &map, Some(&m), StatusCode::BAD_REQUEST);
        }
        Err(IdpError::EmailTaken) => {
            return page(
                &state,
                &req,
                &map,
                Some("An account with this email already exists. Sign in instead."),
                StatusCode::CONFLICT,
            );
        }
        Err(e) => {
            tracing::warn!(error = %e, "hosted sign-up failed");
            return pages::error_page(
                StatusCode::SERVICE_UNAVAILABLE,
                "The service is temporarily unavailable. Please try again.",
            );
        }
    };
    if let Err(e) = state.idp.send_verification(&user.id, now).await {
        tracing::warn!(error = %e, "verification email not queued");
    }
    let secret = match state.idp.start_browser_session(&user.id, now).await {
        Ok(s) => s,
        Err(_) => return pages::error_page(StatusCode::SERVICE_UNAVAILABLE, "Please sign in."),
    };
    let res = send_code(&state, &req, &user.id, now).await;
    with_session(&state, &secret, res)
}

/// Sign-up without account enumeration: the same page for a new and a taken address.
async fn register(
    state: &AppState,
    req: &Authorize,
    map: &HashMap<String, String>,
    email: &str,
    password: String,
    name: Option<String>,
) -> Response {
    let ctx = match form_context(map) {
        Ok(c) => c,
        Err(page) => return *page,
    };
    let now = state.clock.now();
    match state
        .idp
        .register(email, password, name, Some(&ctx.query), now)
        .await
    {
        Ok(()) => pages::render(
            StatusCode::OK,
            &Message {
                title: "Check your email",
                message: "We sent a link to confirm your address. Follow it, then sign in.",
                link: Some((format!("/authorize?{}", ctx.query), "Back to sign in")),
            },
        ),
        Err(IdpError::InvalidInput(m)) => page(state, req, map, Some(&m), StatusCode::BAD_REQUEST),
        Err(e) => {
            tracing::warn!(error = %e, "hosted sign-up failed");
            pages::error_page(
                StatusCode::SERVICE_UNAVAILABLE,
                "The service is temporarily unavailable. Please try again.",
            )
        }
    }
}
