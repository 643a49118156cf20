//! The second step of a hosted sign-in: for a user with an authenticator app or a
//! passkey, the sign-in form's right password leads to this page (it asks for a code, or
//! a passkey through the page's script), and only a right answer starts the browser
//! session. `POST /authorize/mfa` continues an
//! authorization request; the invitation page's second step (`/join/mfa`) shows the same
//! page and reads its answer with [`refusal`].

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portcullis_idp::{Authorize, IdpError, SecondFactorAnswer, Secret};
use portcullis_proto::paths;

use super::error::PageError;
use super::form::{field, form_context, form_page, new_csrf, posted_request};
use super::page::SecondFactor;
use super::session::with_session;
use super::sign_in::{send_code, sign_in_page};
use crate::i18n::{text, text_num};
use crate::state::AppState;

/// What a refused code leads to.
pub(crate) enum Refusal {
    /// The page again, with why, its status and how long to wait (`Retry-After`).
    Again {
        why: String,
        status: StatusCode,
        retry_after: Option<i64>,
    },
    /// The challenge is gone (expired, used, given up): the password again.
    Expired,
}

/// How the page tells a refused code; an outage stays an error.
pub(crate) fn refusal(e: IdpError) -> Result<Refusal, PageError> {
    match e {
        IdpError::InvalidCode => Ok(Refusal::Again {
            why: text("mfa-invalid"),
            status: StatusCode::UNAUTHORIZED,
            retry_after: None,
        }),
        IdpError::Throttled { retry_after } => Ok(Refusal::Again {
            why: text_num("mfa-throttled", "seconds", retry_after),
            status: StatusCode::TOO_MANY_REQUESTS,
            retry_after: Some(retry_after),
        }),
        IdpError::SignInExpired => Ok(Refusal::Expired),
        IdpError::Passkey(r) => Ok(Refusal::Again {
            why: format!("{}.", capitalized(&r.to_string())),
            status: crate::error::passkey_status(r),
            retry_after: None,
        }),
        e => Err(e.into()),
    }
}

/// `text` with its first letter upper-case (a refusal's message as a sentence).
pub(crate) fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A second step's answer as its form posts it: a passkey (`ceremony` and
/// `credential`, filled in by the page's script) or a `code`.
pub(crate) fn answer<'a>(
    map: &'a HashMap<String, String>,
    ceremony: &'a Secret,
) -> SecondFactorAnswer<'a> {
    let credential = field(map, "credential");
    if credential.is_empty() {
        SecondFactorAnswer::Code(field(map, "code"))
    } else {
        SecondFactorAnswer::Passkey {
            ceremony,
            credential,
        }
    }
}

/// The page asking for a code (or a passkey, for a user who has one): it posts
/// `mfa_token` and `params` to `action`. `redirect_uri` is where the step after it may
/// redirect (for the CSP).
pub(crate) async fn page(
    state: &AppState,
    action: &'static str,
    redirect_uri: Option<&str>,
    params: Vec<(&'static str, String)>,
    mfa_token: &str,
    refused: Option<(&str, StatusCode, Option<i64>)>,
) -> Result<Response, PageError> {
    let csrf = new_csrf()?;
    let (error, status, retry_after) = match refused {
        Some((why, status, retry_after)) => (Some(why), status, retry_after),
        None => (None, StatusCode::OK, None),
    };
    let factors = state
        .idp
        .second_step_factors(&Secret::new(mfa_token.to_owned()), state.clock.now())
        .await?;
    let passkey = factors.is_some_and(|f| f.passkeys > 0) && state.idp.passkeys_available();
    let template = SecondFactor {
        action,
        error,
        csrf: &csrf,
        mfa_token,
        params,
        totp: factors.is_none_or(|f| f.totp),
        script: passkey.then(super::script::url),
    };
    let mut res = form_page(state, redirect_uri, &csrf, status, &template);
    if passkey {
        res = super::page::allow_script(res);
    }
    if let Some(v) = retry_after.and_then(|s| HeaderValue::from_str(&s.to_string()).ok()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    Ok(res)
}

/// The page for the sign-in form of the authorization request in `map`.
pub(crate) async fn for_request(
    state: &AppState,
    req: &Authorize,
    map: &HashMap<String, String>,
    mfa_token: &str,
    refused: Option<(&str, StatusCode, Option<i64>)>,
) -> Result<Response, PageError> {
    let params = form_context(map)?.params;
    page(
        state,
        paths::AUTHORIZE_MFA,
        Some(&req.redirect_uri),
        params,
        mfa_token,
        refused,
    )
    .await
}

/// `POST /authorize/mfa`: the code, then on as [`send_code`] says, with the browser
/// session cookie set.
pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let (map, req) = posted_request(&state, &headers, &body).await?;
    let challenge = Secret::new(field(&map, "mfa_token").to_owned());
    let ceremony = Secret::new(field(&map, "ceremony").to_owned());
    let result = state
        .idp
        .answer_browser_login(&challenge, answer(&map, &ceremony), state.clock.now())
        .await;
    match result {
        Ok(signed_in) => {
            let res = send_code(&state, &req, &map, &signed_in.session)
                .await
                .into_response();
            Ok(with_session(&state, &signed_in.secret, res))
        }
        Err(e) => match refusal(e)? {
            Refusal::Again {
                why,
                status,
                retry_after,
            } => {
                for_request(
                    &state,
                    &req,
                    &map,
                    challenge.expose(),
                    Some((&why, status, retry_after)),
                )
                .await
            }
            Refusal::Expired => {
                sign_in_page(
                    &state,
                    &req,
                    &map,
                    Some(&text("signin-expired")),
                    "",
                    StatusCode::UNAUTHORIZED,
                )
                .await
            }
        },
    }
}
