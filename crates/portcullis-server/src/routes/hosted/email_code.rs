//! Signing in with a code sent by email, when the operator turns on `email_sign_in`.
//!
//! - `POST /authorize/email` (the sign-in form's "email me a code" button, or this page's
//!   "send a new code"): a fresh handle goes into a cookie, the code is mailed off the
//!   request (`mail_requests`), and the page asking for it answers at once, the same for
//!   every address.
//! - `POST /authorize/email/code`: the code, checked for the handle in the cookie; then
//!   on as after a right password (the second step, a factor's setup, or the code for
//!   the client).
//! - `GET /authorize/email`: the mail's link. In the browser holding the handle, the
//!   page with the code filled in (a click signs in: mail scanners that follow links
//!   sign nobody in); anywhere else, a page saying to type the code where it was asked
//!   for, so a link sent to someone else signs them into nothing.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portcullis_idp::{Acr, Authorize, EMAIL_CODE_TTL, Email, IdpError, Secret};
use portcullis_proto::paths;

use super::brand::{self, Brand};
use super::error::PageError;
use super::form::{field, form_context, form_page, params_of, parse, posted_request};
use super::page::{self, EmailCode};
use super::redirect::refused;
use super::session::secure_cookies;
use super::sign_in::{after_first_factor, sign_in_page};
use crate::i18n::{text, text_num, text_with};
use crate::state::AppState;

/// The cookie holding the browser's handle on its sign-in by email, prefixed as the
/// session cookie is.
fn handle_cookie(state: &AppState) -> &'static str {
    if secure_cookies(state) {
        "__Host-portcullis_email_sign_in"
    } else {
        "portcullis_email_sign_in"
    }
}

/// The handle cookie set (`Lax`: the mail's link is a navigation from elsewhere), or
/// cleared with `max_age` 0.
fn set_handle(state: &AppState, value: &str, max_age: i64, res: &mut Response) {
    res.headers_mut().append(
        header::SET_COOKIE,
        page::set_cookie(
            handle_cookie(state),
            value,
            max_age,
            "Lax",
            secure_cookies(state),
        ),
    );
}

/// Sign-in by email is off: these paths do not exist.
pub(super) fn off() -> Response {
    page::error_page(StatusCode::NOT_FOUND, &text("error-not-found"))
}

/// `POST /authorize/email`: mails a code (if the address has an account) and asks for it.
pub(crate) async fn request(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    if !state.idp.email_sign_in_enabled() {
        return Ok(off());
    }
    let (map, req) = posted_request(&state, &headers, &body).await?;
    let email = field(&map, "email").trim();
    if Email::parse(email).is_err() {
        return sign_in_page(
            &state,
            &req,
            &map,
            Some(&text("email-code-need-email")),
            email,
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    let handle = portcullis_idp::new_email_sign_in()?;
    let link = format!(
        "{}{}?{}",
        state.idp.config().issuer.trim_end_matches('/'),
        paths::AUTHORIZE_EMAIL,
        form_context(&map)?.query
    );
    // Queued, not done here: the answer takes as long for an unknown address as for a
    // known one (see `mail_requests`).
    if !state.mail.sign_in_code(
        handle.clone(),
        email,
        link,
        portcullis_i18n::current(),
        state.clock.now(),
    ) {
        tracing::warn!("sign-in code dropped: too many requests are waiting");
    }
    let mut res = page(&state, &req, &map, email, "", None).await?;
    set_handle(&state, handle.expose(), EMAIL_CODE_TTL, &mut res);
    Ok(res)
}

/// `POST /authorize/email/code`: the code, then on as after a right password.
pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    if !state.idp.email_sign_in_enabled() {
        return Ok(off());
    }
    let (map, req) = posted_request(&state, &headers, &body).await?;
    let handle = Secret::new(
        page::cookie(&headers, handle_cookie(&state))
            .unwrap_or_default()
            .to_owned(),
    );
    let email = field(&map, "email");
    // A request asking for two factors (`acr_values`) has a user without one set one up.
    let wants_two_factors = !req.acr_values.satisfied_by(Acr::SingleFactor);
    let result = state
        .idp
        .browser_email_sign_in(
            &handle,
            email,
            field(&map, "code"),
            &req.client_id,
            wants_two_factors,
            state.clock.now(),
        )
        .await;
    match result {
        Ok(after) => {
            let mut res = after_first_factor(&state, &req, &map, after).await?;
            set_handle(&state, "", 0, &mut res);
            Ok(res)
        }
        Err(IdpError::InvalidCode) => {
            let why = text("email-code-invalid");
            page(
                &state,
                &req,
                &map,
                email,
                "",
                Some((&why, StatusCode::UNAUTHORIZED)),
            )
            .await
        }
        Err(IdpError::Throttled { retry_after }) => {
            let why = text_num("mfa-throttled", "seconds", retry_after);
            let mut res = page(
                &state,
                &req,
                &map,
                email,
                "",
                Some((&why, StatusCode::TOO_MANY_REQUESTS)),
            )
            .await?;
            if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /authorize/email`: the mail's link.
pub(crate) async fn link(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    if !state.idp.email_sign_in_enabled() {
        return Ok(off());
    }
    let map = parse(raw.unwrap_or_default().as_bytes())?;
    let req = match state.idp.check_authorize(&params_of(&map)).await {
        Ok(r) => r,
        Err(e) => return Ok(refused(&state, e)),
    };
    let (email, code) = (field(&map, "email"), field(&map, "code"));
    let holds_handle = page::cookie(&headers, handle_cookie(&state)).is_some_and(|h| !h.is_empty());
    if holds_handle {
        return page(&state, &req, &map, email, code, None).await;
    }
    Ok(elsewhere(code))
}

/// The mail's link, opened in a browser that did not ask for the code.
pub(super) fn elsewhere(code: &str) -> Response {
    page::message(
        StatusCode::OK,
        &text("email-code-elsewhere-title"),
        &text_with("email-code-elsewhere", "code", code),
    )
}

/// The page asking for the code mailed to `email` (`code` filled in when it came by the
/// link), with why the last one was refused.
async fn page(
    state: &AppState,
    req: &Authorize,
    map: &HashMap<String, String>,
    email: &str,
    code: &str,
    refused: Option<(&str, StatusCode)>,
) -> Result<Response, PageError> {
    let ctx = form_context(map)?;
    let (error, status) = match refused {
        Some((why, status)) => (Some(why), status),
        None => (None, StatusCode::OK),
    };
    let brand = brand::for_client(state, &req.client_id).await;
    let template = EmailCode {
        client_name: Brand::client_name(brand.as_ref(), &req.client_name),
        brand: brand.clone(),
        error,
        csrf: &ctx.csrf,
        email,
        code,
        params: ctx.params.clone(),
        query: ctx.query.clone(),
    };
    let res = form_page(state, Some(&req.redirect_uri), &ctx.csrf, status, &template);
    Ok(brand::allow_logo(res, brand.as_ref()).into_response())
}
