//! The hosted sign-up page (`/authorize/signup`), inside an authorization request. By
//! default it answers "check your email" whether the address is new or taken; the
//! confirmation link leads back to the sign-in page. With `allow_unverified_email` the
//! new user is signed in and returned to the app at once.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use portcullis_idp::{Authorize, IdpError, MIN_PASSWORD_CHARS};

use super::brand::{self, Brand};
use super::error::PageError;
use super::form::{field, form_context, form_page, params_of, parse, posted_request};
use super::page::{self, Message, SignUp};
use super::redirect::refused;
use super::session::with_session;
use super::sign_in::send_code;
use crate::i18n::{text, translate_domain};
use crate::state::AppState;

async fn page(
    state: &AppState,
    req: &Authorize,
    map: &HashMap<String, String>,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let ctx = form_context(map)?;
    let brand = brand::for_client(state, &req.client_id).await;
    let page = SignUp {
        client_name: Brand::client_name(brand.as_ref(), &req.client_name),
        brand: brand.clone(),
        min_password: MIN_PASSWORD_CHARS as i64,
        error,
        csrf: &ctx.csrf,
        email: field(map, "email"),
        name: field(map, "name"),
        params: ctx.params.clone(),
        query: ctx.query.clone(),
        connections: super::sign_in::connection_links(state, &ctx.query).await?,
    };
    let res = form_page(state, Some(&req.redirect_uri), &ctx.csrf, status, &page);
    Ok(brand::allow_logo(res, brand.as_ref()))
}

/// `GET /authorize/signup`.
pub(crate) async fn form(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let map = parse(raw.unwrap_or_default().as_bytes())?;
    match state.idp.check_authorize(&params_of(&map)).await {
        Ok(req) => page(&state, &req, &map, None, StatusCode::OK).await,
        Err(e) => Ok(refused(&state, e)),
    }
}

/// `POST /authorize/signup`.
pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let (map, req) = posted_request(&state, &headers, &body).await?;
    let now = state.clock.now();
    let email = field(&map, "email");
    let password = field(&map, "password").to_owned();
    let name = map.get("name").cloned();
    if state.idp.config().require_verified_email {
        return register(&state, &req, &map, email, password, name).await;
    }
    let user = match state.idp.signup(email, password, name, None, now).await {
        Ok(login) => {
            // The hosted flow signs the browser in; the JSON login's session is not needed.
            if let Err(e) = state.idp.logout(&login.refresh_token, now).await {
                tracing::warn!(error = %e, "sign-up session not closed");
            }
            login.user
        }
        Err(IdpError::InvalidInput(m)) => {
            let why = translate_domain(&m);
            return page(&state, &req, &map, Some(&why), StatusCode::BAD_REQUEST).await;
        }
        Err(IdpError::EmailTaken) => {
            let why = text("signup-taken");
            return page(&state, &req, &map, Some(&why), StatusCode::CONFLICT).await;
        }
        Err(e) => return Err(e.into()),
    };
    if let Err(e) = state.idp.send_verification(&user.id, now).await {
        tracing::warn!(error = %e, "verification email not queued");
    }
    let signed_in = state.idp.start_browser_session(&user.id, now).await?;
    let res = send_code(&state, &req, &map, &signed_in.session)
        .await
        .into_response();
    Ok(with_session(&state, &signed_in.secret, res))
}

/// Sign-up without account enumeration: the same page for a new and a taken address.
async fn register(
    state: &AppState,
    req: &Authorize,
    map: &HashMap<String, String>,
    email: &str,
    password: String,
    name: Option<String>,
) -> Result<Response, PageError> {
    let ctx = form_context(map)?;
    let now = state.clock.now();
    match state
        .idp
        .register(email, password, name, Some(&ctx.query), now)
        .await
    {
        Ok(()) => Ok(page::render(
            StatusCode::OK,
            &Message {
                title: &text("check-email-title"),
                message: &text("signup-check-email"),
                link: Some((
                    format!("/authorize?{}", ctx.query),
                    &text("back-to-sign-in"),
                )),
            },
        )),
        Err(IdpError::InvalidInput(m)) => {
            let why = translate_domain(&m);
            page(state, req, map, Some(&why), StatusCode::BAD_REQUEST).await
        }
        Err(e) => Err(e.into()),
    }
}
