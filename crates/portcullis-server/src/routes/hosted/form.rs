//! What every hosted form shares: parameters parsed strictly, the authorization
//! request carried along as hidden fields, and the double-submit CSRF check.

use std::collections::HashMap;

use askama::Template;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use portcullis_idp::{Authorize, AuthorizeParams};

use super::error::PageError;
use super::page;
use super::redirect::refused;
use super::session::{csrf_cookie, secure_cookies};
use crate::i18n::text_with;
use crate::state::AppState;

/// The authorization request's parameters that a form carries on to its next step.
const FORWARDED: [&str; 15] = [
    "client_id",
    "redirect_uri",
    "response_type",
    "code_challenge",
    "code_challenge_method",
    "state",
    "nonce",
    "scope",
    "audience",
    "resource",
    "organization",
    "prompt",
    "max_age",
    "acr_values",
    "ui_locales",
];

/// A query string or form body as a map; a repeated parameter is refused (which value
/// counts would otherwise depend on who reads it).
pub(crate) fn parse(raw: &[u8]) -> Result<HashMap<String, String>, PageError> {
    let mut map = HashMap::new();
    for (k, v) in url::form_urlencoded::parse(raw) {
        if map.insert(k.to_string(), v.into_owned()).is_some() {
            return Err(PageError::BadRequest(text_with(
                "error-repeated-parameter",
                "name",
                &k,
            )));
        }
    }
    Ok(map)
}

/// The authorization request the parameters describe (unchecked).
pub(crate) fn params_of(map: &HashMap<String, String>) -> AuthorizeParams {
    let get = |k: &str| map.get(k).cloned();
    AuthorizeParams {
        client_id: get("client_id"),
        redirect_uri: get("redirect_uri"),
        response_type: get("response_type"),
        code_challenge: get("code_challenge"),
        code_challenge_method: get("code_challenge_method"),
        state: get("state"),
        nonce: get("nonce"),
        scope: get("scope"),
        audience: get("audience"),
        resource: get("resource"),
        prompt: get("prompt"),
        login_hint: get("login_hint"),
        max_age: get("max_age"),
        acr_values: get("acr_values"),
        organization: get("organization"),
    }
}

/// What every hosted form carries: a fresh CSRF token, the authorization request's
/// parameters as hidden fields, and the same as a query string (for links).
pub(crate) struct FormContext {
    pub csrf: String,
    pub params: Vec<(&'static str, String)>,
    pub query: String,
}

/// The [`FormContext`] of a page showing the request in `map`.
pub(crate) fn form_context(map: &HashMap<String, String>) -> Result<FormContext, PageError> {
    let csrf = new_csrf()?;
    let params: Vec<(&'static str, String)> = FORWARDED
        .iter()
        .filter_map(|k| map.get(*k).map(|v| (*k, v.clone())))
        .collect();
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params.iter().map(|(k, v)| (*k, v.as_str())))
        .finish();
    Ok(FormContext {
        csrf,
        params,
        query,
    })
}

/// A fresh CSRF token for a form.
pub(crate) fn new_csrf() -> Result<String, PageError> {
    portcullis_idp::random_token().map_err(|e| PageError::Unavailable(e.to_string()))
}

/// A page holding a form: `template` rendered with `status`, the CSRF cookie set, and a
/// CSP whose `form-action` allows the request's redirect origin (Chromium applies
/// `form-action` to the redirect that follows a post).
pub(crate) fn form_page(
    state: &AppState,
    redirect_uri: Option<&str>,
    csrf: &str,
    status: StatusCode,
    template: &impl Template,
) -> Response {
    let mut res = page::render(status, template);
    let origin = redirect_uri
        .and_then(|r| url::Url::parse(r).ok())
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default();
    if let Ok(csp) = HeaderValue::from_str(&page::csp(&origin, false)) {
        res.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    res.headers_mut().append(
        header::SET_COOKIE,
        page::set_cookie(
            csrf_cookie(state),
            csrf,
            3600,
            "Strict",
            secure_cookies(state),
        ),
    );
    res
}

/// A posted form's fields, if its CSRF field matches its cookie; otherwise
/// [`PageError::FormExpired`] saying `then` (a message of the catalogue).
pub(crate) fn posted_form(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
    then: &'static str,
) -> Result<HashMap<String, String>, PageError> {
    let map = parse(body)?;
    if csrf_ok(state, headers, &map) {
        Ok(map)
    } else {
        Err(PageError::FormExpired(then))
    }
}

/// A hosted form of an authorization request, posted: its fields (CSRF-checked) and
/// the request they carry, checked again.
pub(crate) async fn posted_request(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(HashMap<String, String>, Authorize), PageError> {
    let map = posted_form(state, headers, body, "error-go-back")?;
    match state.idp.check_authorize(&params_of(&map)).await {
        Ok(req) => Ok((map, req)),
        Err(e) => Err(PageError::answer(refused(state, e))),
    }
}

/// Whether the form's CSRF field matches its cookie.
pub(crate) fn csrf_ok(
    state: &AppState,
    headers: &HeaderMap,
    map: &HashMap<String, String>,
) -> bool {
    match (page::cookie(headers, csrf_cookie(state)), map.get("csrf")) {
        (Some(c), Some(f)) => {
            !c.is_empty() && portcullis_idp::constant_time_eq(c.as_bytes(), f.as_bytes())
        }
        _ => false,
    }
}

/// The field `name`, or `""`.
pub(crate) fn field<'a>(map: &'a HashMap<String, String>, name: &str) -> &'a str {
    map.get(name).map(String::as_str).unwrap_or_default()
}
