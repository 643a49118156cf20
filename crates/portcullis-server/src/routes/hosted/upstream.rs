//! Signing in through another identity provider.
//!
//! - `/authorize?…&connection=NAME` (the sign-in page's "Continue with …" links; also
//!   `kc_idp_hint`, Keycloak's name for it) sends the browser to the provider, with a
//!   `state` kept in a cookie of this browser.
//! - `GET /upstream/callback`: the provider's answer. Only in the browser that started
//!   the sign-in (the cookie), only once (the stored `state`), only from the provider it
//!   went to (RFC 9207 `iss`, the ID token's `iss`); then on as after a password. Every
//!   failure is a plain page saying what to do; nothing bounces between redirects.

use std::collections::HashMap;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use portcullis_idp::{Acr, FederationRefusal, IdpError, UPSTREAM_LOGIN_TTL, UpstreamLogin};
use portcullis_proto::paths;

use super::error::PageError;
use super::form::{field, form_context, params_of, parse};
use super::page;
use super::redirect::refused;
use super::session::secure_cookies;
use super::sign_in::after_first_factor;
use crate::i18n::{text, text_with};
use crate::state::AppState;
use crate::upstream::UpstreamError;

/// The cookie binding a sign-in sent to a provider to this browser.
fn state_cookie(state: &AppState) -> &'static str {
    if secure_cookies(state) {
        "__Host-portcullis_upstream"
    } else {
        "portcullis_upstream"
    }
}

/// The callback URL every provider sends its answer to (what operators register there).
pub(crate) fn callback_url(state: &AppState) -> String {
    format!(
        "{}{}",
        state.idp.config().issuer.trim_end_matches('/'),
        paths::UPSTREAM_CALLBACK
    )
}

/// The connection an authorization request asks to go straight to, if any.
pub(crate) fn requested_connection(map: &HashMap<String, String>) -> Option<&str> {
    map.get("connection")
        .or_else(|| map.get("kc_idp_hint"))
        .map(String::as_str)
        .filter(|c| !c.is_empty())
}

/// Sends the browser to the provider of `connection` for the request in `map`.
pub(crate) async fn start(
    state: &AppState,
    map: &HashMap<String, String>,
    connection: &str,
) -> Result<Response, PageError> {
    let resume = form_context(map)?.query;
    let login = match state
        .idp
        .start_upstream_login(connection, &resume, state.clock.now())
        .await
    {
        Ok(login) => login,
        Err(IdpError::NotFound(_)) => {
            return Ok(failure_page(
                StatusCode::BAD_REQUEST,
                &text_with("upstream-unknown", "name", connection),
                Some(&resume),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    redirect_to_provider(state, &login, Some(&resume)).await
}

/// Sends the browser to the provider for `login`, its `state` in this browser's cookie;
/// a page saying so when the provider cannot be reached (with a way back to `resume`).
pub(crate) async fn redirect_to_provider(
    state: &AppState,
    login: &UpstreamLogin,
    resume: Option<&str>,
) -> Result<Response, PageError> {
    let url = match state
        .upstreams
        .authorization_url(login, &callback_url(state))
        .await
    {
        Ok(url) => url,
        Err(e) => return Ok(upstream_failed(&e, resume)),
    };
    let mut res = Redirect::to(&url).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        page::set_cookie(
            state_cookie(state),
            login.state.expose(),
            UPSTREAM_LOGIN_TTL,
            "Lax",
            secure_cookies(state),
        ),
    );
    Ok(page::secure(res))
}

/// `GET /upstream/callback`: the provider's answer.
pub(crate) async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let map = parse(raw.unwrap_or_default().as_bytes())?;
    let sent_state = field(&map, "state");
    let ours = page::cookie(&headers, state_cookie(&state)).unwrap_or_default();
    if sent_state.is_empty()
        || !portcullis_idp::constant_time_eq(ours.as_bytes(), sent_state.as_bytes())
    {
        return Ok(failure_page(
            StatusCode::BAD_REQUEST,
            &text("upstream-other-browser"),
            None,
        ));
    }
    let now = state.clock.now();
    let Some(login) = state.idp.take_upstream_login(sent_state, now).await? else {
        return Ok(failure_page(
            StatusCode::BAD_REQUEST,
            &text("upstream-expired"),
            None,
        ));
    };
    let resume = (!login.resume.is_empty()).then_some(login.resume.as_str());
    if let Some(error) = map.get("error") {
        // The provider's error code, if it is one (a plain word), never its prose.
        let code: String = error
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(64)
            .collect();
        tracing::info!(connection = %login.connection.name, error = %code, "the provider refused the sign-in");
        return Ok(cleared(
            &state,
            failure_page(
                StatusCode::BAD_REQUEST,
                &text_with("upstream-refused", "error", &code),
                resume,
            ),
        ));
    }
    let secret = state.idp.connection_secret(&login.connection.id).await?;
    let claims = match state
        .upstreams
        .finish(
            &login,
            secret.as_ref(),
            field(&map, "code"),
            map.get("iss").map(String::as_str),
            &callback_url(&state),
            now,
        )
        .await
    {
        Ok(claims) => claims,
        Err(e) => return Ok(cleared(&state, upstream_failed(&e, resume))),
    };
    if let Some(user_id) = &login.link_to {
        return Ok(cleared(
            &state,
            linked(&state, &headers, &login, user_id, &claims).await?,
        ));
    }
    let resumed = parse(login.resume.as_bytes())?;
    let req = match state.idp.check_authorize(&params_of(&resumed)).await {
        Ok(r) => r,
        Err(e) => return Ok(refused(&state, e)),
    };
    let wants_two_factors = !req.acr_values.satisfied_by(Acr::SingleFactor);
    let result = state
        .idp
        .federated_sign_in(
            &login.connection,
            &claims,
            &req.client_id,
            wants_two_factors,
            now,
        )
        .await;
    let res = match result {
        Ok(after) => without_redirect(after_first_factor(&state, &req, &resumed, after).await?),
        Err(IdpError::Federation(why)) => {
            failure_page(StatusCode::FORBIDDEN, &text(refusal_message(why)), resume)
        }
        Err(e) => return Err(e.into()),
    };
    Ok(cleared(&state, res))
}

/// `res`, a redirect turned into a page that goes on at once. A chain of redirects that
/// began with a form is held, every hop, to that form's CSP `form-action` (Chromium):
/// after a provider's form (a Portcullis provider allows its own origin and this
/// callback's, not the client's), or after this issuer's sign-in form on its way to a
/// provider. A page ends the chain.
pub(crate) fn without_redirect(res: Response) -> Response {
    if !res.status().is_redirection() {
        return res;
    }
    let Some(url) = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
    else {
        return res;
    };
    let mut page = page::render(StatusCode::OK, &page::Continue { url: &url });
    // Keep the cookies the redirect set (the session).
    for cookie in res.headers().get_all(header::SET_COOKIE) {
        page.headers_mut()
            .append(header::SET_COOKIE, cookie.clone());
    }
    page
}

/// Links the identity to the signed-in user who asked for it from the account page, and
/// goes back there.
async fn linked(
    state: &AppState,
    headers: &HeaderMap,
    login: &UpstreamLogin,
    user_id: &str,
    claims: &portcullis_idp::UpstreamClaims,
) -> Result<Response, PageError> {
    let same_user = super::session::signed_in(state, headers)
        .await
        .is_some_and(|s| s.user_id == *user_id);
    if !same_user {
        return Ok(failure_page(
            StatusCode::BAD_REQUEST,
            &text("upstream-other-browser"),
            None,
        ));
    }
    match state
        .idp
        .link_identity(&login.connection, claims, user_id, state.clock.now())
        .await
    {
        Ok(()) => Ok(Redirect::to(paths::ACCOUNT_SECURITY).into_response()),
        Err(IdpError::Conflict(_)) => Ok(failure_page(
            StatusCode::CONFLICT,
            &text("upstream-linked-elsewhere"),
            None,
        )),
        Err(e) => Err(e.into()),
    }
}

/// The catalogue's sentence for a refusal.
pub(super) fn refusal_message(why: FederationRefusal) -> &'static str {
    match why {
        FederationRefusal::SsoRequired => "upstream-sso-required",
        FederationRefusal::NoEmail => "upstream-no-email",
        FederationRefusal::EmailNotVerified => "upstream-email-not-verified",
        FederationRefusal::AccountExists => "upstream-account-exists",
        FederationRefusal::AccountDisabled => "upstream-account-disabled",
    }
}

/// `res` with the state cookie cleared.
fn cleared(state: &AppState, mut res: Response) -> Response {
    res.headers_mut().append(
        header::SET_COOKIE,
        page::set_cookie(state_cookie(state), "", 0, "Lax", secure_cookies(state)),
    );
    res
}

/// The page for a provider that could not be reached or answered wrongly.
fn upstream_failed(e: &UpstreamError, resume: Option<&str>) -> Response {
    tracing::warn!(error = %e, "sign-in through a provider failed");
    let (status, message) = match e {
        UpstreamError::Unreachable(_) => (StatusCode::BAD_GATEWAY, "upstream-unreachable"),
        UpstreamError::Provider(_) => (StatusCode::BAD_GATEWAY, "upstream-bad-answer"),
        UpstreamError::WrongIssuer => (StatusCode::BAD_REQUEST, "upstream-wrong-issuer"),
    };
    failure_page(status, &text(message), resume)
}

/// A page saying what went wrong, with a way back to the sign-in page of the request
/// (`resume`) when there is one.
fn failure_page(status: StatusCode, message: &str, resume: Option<&str>) -> Response {
    match resume {
        Some(query) => page::message_with_link(
            status,
            &text("upstream-failed-title"),
            message,
            format!("{}?{query}", paths::AUTHORIZE),
            &text("back-to-sign-in"),
        ),
        None => page::message(status, &text("upstream-failed-title"), message),
    }
}
