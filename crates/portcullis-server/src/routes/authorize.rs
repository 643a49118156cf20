//! `GET /authorize` and its sign-in form (`POST /authorize/login`). Every redirect back
//! to the client carries `iss` (RFC 9207).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portcullis_idp::store::MembershipRow;
use portcullis_idp::{
    Authorize, AuthorizeError, AuthorizeParams, BROWSER_SESSION_TTL, GrantError, IdpError,
    OrgChoice, Secret,
};

use crate::pages::{self, ChooseOrg, SignIn};
use crate::state::AppState;

const FORWARDED: [&str; 11] = [
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
];

pub(crate) fn parse(raw: &[u8]) -> Result<HashMap<String, String>, Box<Response>> {
    let mut map = HashMap::new();
    for (k, v) in url::form_urlencoded::parse(raw) {
        if map.insert(k.to_string(), v.into_owned()).is_some() {
            return Err(Box::new(pages::error_page(
                StatusCode::BAD_REQUEST,
                &format!("The parameter {k} is repeated."),
            )));
        }
    }
    Ok(map)
}

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
        organization: get("organization"),
    }
}

/// An authorization response (RFC 6749 §4.1.2 and §4.1.2.1): `redirect_uri` with these
/// query parameters and the issuer's `iss` (RFC 9207), so that a client talking to
/// several issuers can tell which one answered.
pub(crate) fn authorization_response(
    state: &AppState,
    redirect_uri: &str,
    pairs: &[(&str, &str)],
) -> Response {
    let mut pairs = pairs.to_vec();
    pairs.push(("iss", &state.idp.config().issuer));
    redirect_with_query(redirect_uri, &pairs)
}

/// `uri` with these query parameters added (a `302`).
pub(crate) fn redirect_with_query(uri: &str, pairs: &[(&str, &str)]) -> Response {
    let Ok(mut url) = url::Url::parse(uri) else {
        return pages::error_page(StatusCode::BAD_REQUEST, "The redirect_uri is not a URL.");
    };
    if !pairs.is_empty() {
        let mut q = url.query_pairs_mut();
        for (k, v) in pairs {
            q.append_pair(k, v);
        }
    }
    let mut res = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(url.as_str()) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    pages::secure(res)
}

/// A refused authorization request: an error page when the client or redirect URI is
/// in doubt, otherwise the error at the redirect URI.
pub(crate) fn refused(app: &AppState, e: AuthorizeError) -> Response {
    match e {
        AuthorizeError::Page(message) => pages::error_page(StatusCode::BAD_REQUEST, &message),
        AuthorizeError::Redirect {
            redirect_uri,
            error,
            description,
            state,
        } => {
            let mut pairs = vec![
                ("error", error),
                ("error_description", description.as_str()),
            ];
            if let Some(s) = &state {
                pairs.push(("state", s));
            }
            authorization_response(app, &redirect_uri, &pairs)
        }
    }
}

/// Where a signed-in user's authorization goes on: the code at the redirect URI, or
/// the organization chooser, or the consent page (a third-party client the user has
/// not allowed this yet; `prompt=none` gets `consent_required` instead).
pub(crate) async fn send_code(
    state: &AppState,
    req: &Authorize,
    map: &HashMap<String, String>,
    user_id: &str,
    auth_time: i64,
) -> Response {
    let membership = match membership_for(state, req, user_id).await {
        Ok(m) => m,
        Err(res) => return *res,
    };
    let issued = state
        .idp
        .authorize_code(
            req,
            user_id,
            auth_time,
            membership.as_ref(),
            state.clock.now(),
        )
        .await;
    match issued {
        Ok(code) => authorization_response(
            state,
            &req.redirect_uri,
            &[("code", code.expose()), ("state", &req.state)],
        ),
        Err(GrantError::ConsentRequired(_)) if req.prompt.none => redirect_error(
            state,
            req,
            "consent_required",
            "the user has not allowed this client yet",
        ),
        Err(GrantError::ConsentRequired(scopes)) => super::consent::page(state, req, map, &scopes),
        Err(GrantError::UnknownAudience) => redirect_error(
            state,
            req,
            "invalid_target",
            "audience is not a registered API",
        ),
        Err(GrantError::NotAllowed(why)) => redirect_error(state, req, "invalid_target", &why),
        Err(GrantError::Failed(e)) => {
            tracing::warn!(error = %e, "code not issued");
            pages::error_page(
                StatusCode::SERVICE_UNAVAILABLE,
                "The service is temporarily unavailable. Please try again.",
            )
        }
    }
}

/// An error at the (checked) redirect URI of `req`.
fn redirect_error(state: &AppState, req: &Authorize, error: &str, description: &str) -> Response {
    authorization_response(
        state,
        &req.redirect_uri,
        &[
            ("error", error),
            ("error_description", description),
            ("state", &req.state),
        ],
    )
}

/// The membership the request's `organization` names for the user; `Err` is the answer
/// instead (the chooser, `access_denied`, an outage).
pub(crate) async fn membership_for(
    state: &AppState,
    req: &Authorize,
    user_id: &str,
) -> Result<Option<MembershipRow>, Box<Response>> {
    match state.idp.organization_for(req, user_id).await {
        Ok(OrgChoice::NoOrganization) => Ok(None),
        Ok(OrgChoice::Member(m)) => Ok(Some(m)),
        Ok(OrgChoice::Choose(choices)) => Err(Box::new(choose_org(req, choices))),
        Ok(OrgChoice::NotMember) => Err(Box::new(redirect_error(
            state,
            req,
            "access_denied",
            "the user is not a member of the requested organization",
        ))),
        Err(e) => {
            tracing::warn!(error = %e, "organization not resolved");
            Err(Box::new(pages::error_page(
                StatusCode::SERVICE_UNAVAILABLE,
                "The service is temporarily unavailable. Please try again.",
            )))
        }
    }
}

/// The chooser: one link per organization, each the same request naming it.
fn choose_org(req: &Authorize, choices: Vec<(String, String, String)>) -> Response {
    let choices = choices
        .into_iter()
        .map(|(id, name, slug)| {
            let mut q = url::form_urlencoded::Serializer::new(String::new());
            q.append_pair("client_id", &req.client_id)
                .append_pair("redirect_uri", &req.redirect_uri)
                .append_pair("response_type", "code")
                .append_pair("code_challenge", &req.code_challenge)
                .append_pair("code_challenge_method", "S256")
                .append_pair("state", &req.state)
                .append_pair("scope", &req.scope)
                .append_pair("audience", &req.audience)
                .append_pair("organization", &id);
            if let Some(nonce) = &req.nonce {
                q.append_pair("nonce", nonce);
            }
            (format!("/authorize?{}", q.finish()), name, slug)
        })
        .collect();
    pages::render(
        StatusCode::OK,
        &ChooseOrg {
            client_name: &req.client_name,
            choices,
        },
    )
}

/// The live browser session behind the request's session cookie: (user id, auth
/// time). `None` without a cookie, for an ended session, or when it cannot be read.
pub(crate) async fn signed_in(state: &AppState, headers: &HeaderMap) -> Option<(String, i64)> {
    let secret = pages::cookie(headers, session_cookie(state))?;
    state
        .idp
        .browser_session(&Secret::new(secret.to_owned()), state.clock.now())
        .await
        .ok()
        .flatten()
}

/// Adds the browser session cookie (single sign-on) to `res`.
pub(crate) fn with_session(state: &AppState, secret: &Secret, mut res: Response) -> Response {
    res.headers_mut().append(
        header::SET_COOKIE,
        pages::set_cookie(
            session_cookie(state),
            secret.expose(),
            BROWSER_SESSION_TTL,
            "Lax",
            secure_cookies(state),
        ),
    );
    res
}

pub(crate) fn secure_cookies(state: &AppState) -> bool {
    state.idp.config().issuer.starts_with("https://")
}

/// The browser session cookie's name on this issuer ([`pages::session_cookie`]).
pub(crate) fn session_cookie(state: &AppState) -> &'static str {
    pages::session_cookie(secure_cookies(state))
}

/// The CSRF cookie's name on this issuer ([`pages::csrf_cookie`]).
pub(crate) fn csrf_cookie(state: &AppState) -> &'static str {
    pages::csrf_cookie(secure_cookies(state))
}

/// What every hosted form carries: a fresh CSRF token, the authorization request's
/// parameters as hidden fields, and the same as a query string (for links).
pub(crate) struct FormContext {
    pub csrf: String,
    pub params: Vec<(&'static str, String)>,
    pub query: String,
}

pub(crate) fn form_context(map: &HashMap<String, String>) -> Result<FormContext, Box<Response>> {
    let csrf = portcullis_idp::random_token().map_err(|_| {
        Box::new(pages::error_page(
            StatusCode::SERVICE_UNAVAILABLE,
            "Please try again.",
        ))
    })?;
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

/// Sets the CSRF cookie and a CSP whose `form-action` allows the request's redirect
/// origin (Chromium applies `form-action` to the redirect that follows a post).
pub(crate) fn finish_form(
    state: &AppState,
    redirect_uri: Option<&str>,
    csrf: &str,
    mut res: Response,
) -> Response {
    let origin = redirect_uri
        .and_then(|r| url::Url::parse(r).ok())
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default();
    if let Ok(csp) = HeaderValue::from_str(&format!(
        "default-src 'none'; style-src 'self'; form-action 'self' {origin}; frame-ancestors 'none'; base-uri 'none'"
    )) {
        res.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    res.headers_mut().append(
        header::SET_COOKIE,
        pages::set_cookie(
            csrf_cookie(state),
            csrf,
            3600,
            "Strict",
            secure_cookies(state),
        ),
    );
    res
}

/// A hosted form of an authorization request, posted: its fields (CSRF-checked) and
/// the request they carry, checked again. `Err` is the answer instead.
pub(crate) async fn posted_request(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(HashMap<String, String>, Authorize), Box<Response>> {
    let map = parse(body)?;
    if !csrf_ok(state, headers, &map) {
        return Err(Box::new(pages::error_page(
            StatusCode::FORBIDDEN,
            "This form has expired. Go back to the application and try again.",
        )));
    }
    match state.idp.check_authorize(&params_of(&map)).await {
        Ok(req) => Ok((map, req)),
        Err(e) => Err(Box::new(refused(state, e))),
    }
}

/// Whether the form's CSRF field matches its cookie.
pub(crate) fn csrf_ok(
    state: &AppState,
    headers: &HeaderMap,
    map: &HashMap<String, String>,
) -> bool {
    match (pages::cookie(headers, csrf_cookie(state)), map.get("csrf")) {
        (Some(c), Some(f)) => {
            !c.is_empty() && portcullis_idp::constant_time_eq(c.as_bytes(), f.as_bytes())
        }
        _ => false,
    }
}

fn sign_in_page(
    state: &AppState,
    req: &Authorize,
    map: &HashMap<String, String>,
    error: Option<&str>,
    email: &str,
    status: StatusCode,
) -> Response {
    let ctx = match form_context(map) {
        Ok(c) => c,
        Err(page) => return *page,
    };
    let email = if email.is_empty() {
        req.login_hint.as_deref().unwrap_or_default()
    } else {
        email
    };
    let page = SignIn {
        client_name: &req.client_name,
        error,
        csrf: &ctx.csrf,
        email,
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

pub(crate) async fn authorize(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let map = match parse(raw.unwrap_or_default().as_bytes()) {
        Ok(m) => m,
        Err(page) => return *page,
    };
    let req = match state.idp.check_authorize(&params_of(&map)).await {
        Ok(r) => r,
        Err(e) => return refused(&state, e),
    };
    let session = if req.prompt.login {
        None
    } else {
        signed_in(&state, &headers).await
    };
    if let Some((user_id, auth_time)) = session {
        return send_code(&state, &req, &map, &user_id, auth_time).await;
    }
    if req.prompt.none {
        return authorization_response(
            &state,
            &req.redirect_uri,
            &[("error", "login_required"), ("state", &req.state)],
        );
    }
    sign_in_page(&state, &req, &map, None, "", StatusCode::OK)
}

pub(crate) async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (map, req) = match posted_request(&state, &headers, &body).await {
        Ok(posted) => posted,
        Err(page) => return *page,
    };
    let email = map.get("email").map(String::as_str).unwrap_or_default();
    let password = map.get("password").cloned().unwrap_or_default();
    match state
        .idp
        .browser_login(email, password, state.clock.now())
        .await
    {
        Ok((secret, user_id, auth_time)) => {
            let res = send_code(&state, &req, &map, &user_id, auth_time).await;
            with_session(&state, &secret, res)
        }
        Err(IdpError::Throttled { retry_after }) => pages::too_many_attempts(retry_after),
        Err(IdpError::InvalidCredentials) => sign_in_page(
            &state,
            &req,
            &map,
            Some("Invalid email or password"),
            email,
            StatusCode::UNAUTHORIZED,
        ),
        Err(e) => {
            tracing::warn!(error = %e, "hosted sign-in failed");
            pages::error_page(
                StatusCode::SERVICE_UNAVAILABLE,
                "The service is temporarily unavailable. Please try again.",
            )
        }
    }
}
