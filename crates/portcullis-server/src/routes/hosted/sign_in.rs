//! `GET /authorize` and its sign-in form (`POST /authorize/login`), and where every
//! signed-in step goes on: the code, the organization chooser or the consent page. A
//! user with a second factor goes through it first (`second_factor`); one who must have
//! one and has none sets it up (`enrol`). Sign-in by emailed code (`email_code`) goes
//! on from its code the same way.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use portcullis_idp::model::{BrowserSession, MembershipRow};
use portcullis_idp::{
    Acr, AfterPassword, Authorize, BrowserSignIn, GrantError, IdpError, OrgChoice, OrgOption,
};

use portcullis_proto::paths;

use super::brand::{self, Brand};
use super::error::PageError;
use super::form::{field, form_context, form_page, params_of, parse, posted_request};
use super::page::{self, ChooseOrg, SignIn};
use super::redirect::{authorization_response, redirect_error, refused};
use super::session::{signed_in, with_session};
use crate::i18n::text;
use crate::state::AppState;

/// `GET /authorize`: the code at once over single sign-on (unless `prompt=login`, or the
/// sign-in is older than `max_age` or weaker than `acr_values` asks), else the sign-in
/// page (`prompt=none` never shows a page: `login_required`).
pub(crate) async fn authorize(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let map = parse(raw.unwrap_or_default().as_bytes())?;
    let req = match state.idp.check_authorize(&params_of(&map)).await {
        Ok(r) => r,
        Err(e) => return Ok(refused(&state, e)),
    };
    // `prompt=login`, a sign-in older than `max_age` or weaker than `acr_values` asks:
    // sign in again.
    let now = state.clock.now();
    let session = if req.prompt.login {
        None
    } else {
        signed_in(&state, &headers)
            .await
            .filter(|s| req.accepts_sign_in(s.amr, s.auth_time, now))
    };
    // A single-factor sign-in is not reused where a policy asks for two factors.
    let session = match session {
        Some(s)
            if state
                .idp
                .sign_in_meets_mfa_policy(&s.user_id, &req.client_id, s.amr)
                .await? =>
        {
            Some(s)
        }
        _ => None,
    };
    if let Some(s) = session {
        return send_code(&state, &req, &map, &s).await;
    }
    if req.prompt.none {
        return Ok(authorization_response(
            &state,
            &req.redirect_uri,
            &[("error", "login_required"), ("state", &req.state)],
        ));
    }
    // `connection=` (or `kc_idp_hint`): straight to that provider; so is a `login_hint`
    // whose organization allows no other way in.
    if let Some(connection) = super::upstream::requested_connection(&map) {
        return super::upstream::start(&state, &map, connection).await;
    }
    if let Some(hint) = &req.login_hint
        && let Some(route) = state.idp.sso_route(hint).await?
        && route.required
    {
        return super::upstream::start(&state, &map, &route.connection).await;
    }
    sign_in_page(&state, &req, &map, None, "", StatusCode::OK).await
}

/// `POST /authorize/login`: the password, then on as [`send_code`] says, with the
/// browser session cookie set; for a user with an authenticator app, its page first.
pub(crate) async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let (map, req) = posted_request(&state, &headers, &body).await?;
    let email = field(&map, "email");
    let password = field(&map, "password").to_owned();
    // Home realm discovery: an address in an organization's domain goes to its
    // connection when no password was typed, or always when the organization says so.
    // (A page that goes on, not a redirect: this page's `form-action` does not name the
    // provider.)
    if let Some(route) = state.idp.sso_route(email).await?
        && (password.is_empty() || route.required)
    {
        let res = super::upstream::start(&state, &map, &route.connection).await?;
        return Ok(super::upstream::without_redirect(res));
    }
    // A request asking for two factors (`acr_values`) has a user without one set one up.
    let wants_two_factors = !req.acr_values.satisfied_by(Acr::SingleFactor);
    match state
        .idp
        .browser_login_to(
            email,
            password,
            &req.client_id,
            wants_two_factors,
            state.clock.now(),
        )
        .await
    {
        Ok(after) => after_first_factor(&state, &req, &map, after).await,
        Err(IdpError::InvalidCredentials) => {
            sign_in_page(
                &state,
                &req,
                &map,
                Some(&text("signin-invalid")),
                email,
                StatusCode::UNAUTHORIZED,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// Where a right first factor (a password, an emailed code) goes on: the session and
/// [`send_code`]; or the second step's page; or the page setting up a second factor.
pub(crate) async fn after_first_factor(
    state: &AppState,
    req: &Authorize,
    map: &HashMap<String, String>,
    after: AfterPassword<BrowserSignIn>,
) -> Result<Response, PageError> {
    match after {
        AfterPassword::SignedIn(signed_in) => {
            let res = send_code(state, req, map, &signed_in.session)
                .await
                .into_response();
            Ok(with_session(state, &signed_in.secret, res))
        }
        AfterPassword::SecondFactor(challenge) => match &challenge.enrolment {
            Some(enrolment) => {
                super::enrol::page(state, req, map, challenge.token.expose(), enrolment, None)
            }
            None => {
                super::second_factor::for_request(state, req, map, challenge.token.expose(), None)
                    .await
            }
        },
    }
}

/// The sign-in form of the request in `map`, with an error and the email typed.
pub(crate) async fn sign_in_page(
    state: &AppState,
    req: &Authorize,
    map: &HashMap<String, String>,
    error: Option<&str>,
    email: &str,
    status: StatusCode,
) -> Result<Response, PageError> {
    let ctx = form_context(map)?;
    let email = if email.is_empty() {
        req.login_hint.as_deref().unwrap_or_default()
    } else {
        email
    };
    let brand = brand::for_client(state, &req.client_id).await;
    let page = SignIn {
        client_name: Brand::client_name(brand.as_ref(), &req.client_name),
        brand: brand.clone(),
        error,
        csrf: &ctx.csrf,
        email,
        params: ctx.params.clone(),
        query: ctx.query.clone(),
        script: state.idp.passkeys_available().then(super::script::url),
        email_code: state.idp.email_sign_in_enabled(),
        connections: connection_links(state, &ctx.query).await?,
    };
    let res = form_page(state, Some(&req.redirect_uri), &ctx.csrf, status, &page);
    let res = if page.script.is_some() {
        page::allow_script(res)
    } else {
        res
    };
    Ok(brand::allow_logo(res, brand.as_ref()))
}

/// The enabled connections as the sign-in and sign-up pages link them: name, the
/// request's `/authorize` with `connection=`, what the button says.
pub(crate) async fn connection_links(
    state: &AppState,
    query: &str,
) -> Result<Vec<(String, String, String)>, PageError> {
    Ok(state
        .idp
        .enabled_connections()
        .await?
        .into_iter()
        .map(|c| {
            let href = format!("{}?{query}&connection={}", paths::AUTHORIZE, c.name);
            (c.name, href, c.display_name)
        })
        .collect())
}

/// Where a signed-in browser's authorization goes on: the code at the redirect URI, or
/// the organization chooser, or the consent page (a third-party client the user has
/// not allowed this yet; `prompt=none` gets `consent_required` instead).
///
/// Every hosted path ends here, so this is where a sign-in weaker than `acr_values`
/// asks is refused: `unmet_authentication_requirements` (OpenID Connect's error for
/// it) when the user just signed in with every factor they have, `login_required` for
/// a sign-in that grew too old on the way (`max_age`).
pub(crate) async fn send_code(
    state: &AppState,
    req: &Authorize,
    map: &HashMap<String, String>,
    signed_in: &BrowserSession,
) -> Result<Response, PageError> {
    // A session that reached a step after sign-in without the second factor a policy
    // asks for (one from before the requirement, from the invitation page): sign in
    // again, which sets the factor up.
    if !state
        .idp
        .sign_in_meets_mfa_policy(&signed_in.user_id, &req.client_id, signed_in.amr)
        .await?
    {
        return sign_in_page(
            state,
            req,
            map,
            Some(&text("signin-mfa-required")),
            "",
            StatusCode::UNAUTHORIZED,
        )
        .await;
    }
    if !req.acr_values.satisfied_by(signed_in.amr.acr()) {
        return Ok(redirect_error(
            state,
            req,
            "unmet_authentication_requirements",
            "the sign-in is weaker than acr_values asks, and the user has no stronger factor",
        ));
    }
    if !req.accepts_sign_in(signed_in.amr, signed_in.auth_time, state.clock.now()) {
        return Ok(redirect_error(
            state,
            req,
            "login_required",
            "the sign-in is older than max_age allows",
        ));
    }
    let membership = membership_for(state, req, &signed_in.user_id).await?;
    let issued = state
        .idp
        .authorize_code(req, signed_in, membership.as_ref(), state.clock.now())
        .await;
    Ok(match issued {
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
        Err(GrantError::ConsentRequired(scopes)) => {
            return super::consent::page(state, req, map, &scopes).await;
        }
        Err(GrantError::UnknownAudience) => redirect_error(
            state,
            req,
            "invalid_target",
            "audience is not a registered API",
        ),
        Err(GrantError::NotAllowed(why)) => redirect_error(state, req, "invalid_target", &why),
        Err(GrantError::Failed(e)) => return Err(e.into()),
    })
}

/// The membership the request's `organization` names for the user; the chooser,
/// `access_denied` or an outage end the flow instead.
pub(crate) async fn membership_for(
    state: &AppState,
    req: &Authorize,
    user_id: &str,
) -> Result<Option<MembershipRow>, PageError> {
    match state.idp.organization_for(req, user_id).await? {
        OrgChoice::NoOrganization => Ok(None),
        OrgChoice::Member(m) => Ok(Some(m)),
        OrgChoice::Choose(choices) => Err(PageError::answer(choose_org(req, choices))),
        OrgChoice::NotMember => Err(PageError::answer(redirect_error(
            state,
            req,
            "access_denied",
            "the user is not a member of the requested organization",
        ))),
    }
}

/// The chooser: one link per organization, each the same request naming it.
fn choose_org(req: &Authorize, choices: Vec<OrgOption>) -> Response {
    let choices = choices
        .into_iter()
        .map(|OrgOption { id, name, slug }| {
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
            if !req.acr_values.is_empty() {
                q.append_pair("acr_values", &req.acr_values.to_param());
            }
            (format!("/authorize?{}", q.finish()), name, slug)
        })
        .collect();
    page::render(
        StatusCode::OK,
        &ChooseOrg {
            client_name: &req.client_name,
            choices,
        },
    )
}
