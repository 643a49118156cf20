//! `/api/auth/passkeys…`: the JSON half of passkey ceremonies, which the hosted pages'
//! script (`/assets/passkeys.js`) calls around `navigator.credentials.create` / `.get`.
//!
//! These endpoints take the browser session cookie of the hosted pages, not a bearer
//! token: passkeys are bound to the issuer's origin, so only its own pages can use them.
//! Every request must be JSON (a cross-site page cannot send that without a CORS
//! preflight, which this issuer never grants) and, when the browser names its `Origin`,
//! come from the issuer's origin. Registering needs a sign-in within
//! [`RECENT_SIGN_IN`] seconds.
//!
//! A sign-in with a passkey alone ends here (`authenticate/finish` sets the session
//! cookie) or, on the sign-in page of an authorization request, in the page's form
//! (`POST /authorize/passkey`), which goes on to the code, consent or organization as a
//! password sign-in does. A passkey answering a sign-in's second step is posted with the
//! second step's form.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portcullis_idp::model::{BrowserSession, PasskeyRow};
use portcullis_idp::{PasskeyCeremony, Secret};
use portcullis_proto::requests::{
    PasskeyAuthenticateBeginRequest, PasskeyAuthenticateFinishRequest, PasskeyRegisterFinishRequest,
};
use portcullis_proto::{PasskeyCeremonyView, PasskeySignedIn, PasskeyView};

use super::hosted::session::{signed_in, with_session};
use super::no_store;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::state::AppState;

/// Changing how a user signs in needs a sign-in this recent (seconds), by the browser
/// session's `auth_time`.
pub(crate) const RECENT_SIGN_IN: i64 = 10 * 60;
/// The largest body a passkey endpoint reads (a credential is well under 4 KiB).
pub(crate) const BODY_LIMIT: usize = 32 * 1024;

/// Whether a request that carries the browser session comes from this issuer's pages:
/// a browser names the page's origin in `Origin` on every POST; without it (not a
/// browser), there is no cookie to ride on.
pub(crate) fn same_origin(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let own = url::Url::parse(&state.idp.config().issuer)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default();
    origin.to_str().is_ok_and(|o| o == own)
}

/// The caller of a passkey endpoint that needs a signed-in browser: its session.
pub(crate) struct BrowserCaller(pub(crate) BrowserSession);

impl axum::extract::FromRequestParts<AppState> for BrowserCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, ApiError> {
        if !same_origin(state, &parts.headers) {
            return Err(ApiError::CrossOrigin);
        }
        signed_in(state, &parts.headers)
            .await
            .map(Self)
            .ok_or(ApiError::SignInAgain(
                "Requires a browser session: sign in on this issuer's pages first",
            ))
    }
}

/// [`BrowserCaller`] whose sign-in is at most [`RECENT_SIGN_IN`] seconds old.
pub(crate) struct RecentBrowserCaller(pub(crate) BrowserSession);

impl axum::extract::FromRequestParts<AppState> for RecentBrowserCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, ApiError> {
        let BrowserCaller(session) = BrowserCaller::from_request_parts(parts, state).await?;
        if state.clock.now() - session.auth_time > RECENT_SIGN_IN {
            return Err(ApiError::SignInAgain(
                "Sign in again: changing how you sign in needs a sign-in within the last 10 minutes",
            ));
        }
        Ok(Self(session))
    }
}

/// A passkey as the account page and the API show it.
pub(crate) fn view(p: &PasskeyRow) -> PasskeyView {
    PasskeyView {
        id: p.id.clone(),
        name: p.name.clone(),
        created_at: p.created_at,
        last_used_at: p.last_used_at,
        synced: p.backup_eligible,
        backed_up: p.backup_state,
    }
}

fn ceremony_view(c: PasskeyCeremony) -> Response {
    let body = PasskeyCeremonyView {
        ceremony: c.token.expose().to_owned(),
        options: c.options,
        expires_in: c.expires_in,
    };
    no_store(Json(body).into_response())
}

/// Lists the signed-in browser's passkeys.
#[utoipa::path(
    get,
    path = portcullis_proto::paths::PASSKEYS,
    operation_id = "list_my_passkeys",
    tag = "Passkeys",
    responses(
        (status = 200, description = "The passkeys, oldest first", body = Vec<portcullis_proto::PasskeyView>),
        (status = 401, description = "No browser session", body = portcullis_proto::MessageBody),
        (status = 403, description = "Sent from another origin", body = portcullis_proto::MessageBody)
    ),
    security(("browser_session" = []))
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    BrowserCaller(session): BrowserCaller,
) -> Result<Response, ApiError> {
    let passkeys = state.idp.passkeys(&session.user_id).await?;
    let body: Vec<PasskeyView> = passkeys.iter().map(view).collect();
    Ok(no_store(Json(body).into_response()))
}

/// Begins registering a passkey.
///
/// Answers the options for `navigator.credentials.create` (user verification required,
/// a discoverable credential preferred, the user's passkeys excluded) and the ceremony
/// that `register/finish` completes within `expires_in` seconds, once.
#[utoipa::path(
    post,
    path = portcullis_proto::paths::PASSKEYS_REGISTER_BEGIN,
    operation_id = "begin_passkey_registration",
    tag = "Passkeys",
    responses(
        (status = 200, description = "The options and the ceremony", body = portcullis_proto::PasskeyCeremonyView),
        (status = 401, description = "No browser session, or a sign-in older than 10 minutes", body = portcullis_proto::MessageBody),
        (status = 403, description = "Sent from another origin", body = portcullis_proto::MessageBody),
        (status = 404, description = "Passkeys are not available on this issuer (an IP address as its host)", body = portcullis_proto::MessageBody),
        (status = 409, description = "The account has the most passkeys allowed", body = portcullis_proto::MessageBody)
    ),
    security(("browser_session" = []))
)]
pub(crate) async fn register_begin(
    State(state): State<AppState>,
    RecentBrowserCaller(session): RecentBrowserCaller,
) -> Result<Response, ApiError> {
    let ceremony = state
        .idp
        .start_passkey_registration(&session.user_id, state.clock.now())
        .await?;
    Ok(ceremony_view(ceremony))
}

/// Finishes registering a passkey.
///
/// Checks the new credential against the ceremony (its challenge, this issuer's origin,
/// user verification) and stores it under `name`. From now on a password sign-in asks
/// for a passkey (or another second factor) too.
#[utoipa::path(
    post,
    path = portcullis_proto::paths::PASSKEYS_REGISTER_FINISH,
    operation_id = "finish_passkey_registration",
    tag = "Passkeys",
    request_body = portcullis_proto::requests::PasskeyRegisterFinishRequest,
    responses(
        (status = 201, description = "Registered", body = portcullis_proto::PasskeyView),
        (status = 400, description = "The body is invalid; the credential is malformed, answers another challenge or site; the ceremony expired or was used", body = portcullis_proto::MessageBody),
        (status = 401, description = "No browser session or not a recent one; the authenticator did not verify the user", body = portcullis_proto::MessageBody),
        (status = 403, description = "Sent from another origin", body = portcullis_proto::MessageBody),
        (status = 404, description = "Passkeys are not available on this issuer", body = portcullis_proto::MessageBody),
        (status = 409, description = "The credential is registered already", body = portcullis_proto::MessageBody)
    ),
    security(("browser_session" = []))
)]
pub(crate) async fn register_finish(
    State(state): State<AppState>,
    RecentBrowserCaller(session): RecentBrowserCaller,
    ApiJson(body): ApiJson<PasskeyRegisterFinishRequest>,
) -> Result<Response, ApiError> {
    let row = state
        .idp
        .finish_passkey_registration(
            &session.user_id,
            &Secret::new(body.ceremony),
            &body.name,
            &body.credential.to_string(),
            state.clock.now(),
        )
        .await?;
    Ok(no_store(
        (StatusCode::CREATED, Json(view(&row))).into_response(),
    ))
}

/// Begins a sign-in with a passkey.
///
/// Without `mfa_token`: a sign-in with a passkey alone (no user named: the
/// authenticator offers this site's discoverable credentials; `mediation` is
/// `conditional`, for the browser's autofill). With it: the passkey answer to that
/// sign-in's second step (the user's passkeys named).
#[utoipa::path(
    post,
    path = portcullis_proto::paths::PASSKEYS_AUTHENTICATE_BEGIN,
    operation_id = "begin_passkey_sign_in",
    tag = "Passkeys",
    request_body = portcullis_proto::requests::PasskeyAuthenticateBeginRequest,
    responses(
        (status = 200, description = "The options and the ceremony", body = portcullis_proto::PasskeyCeremonyView),
        (status = 400, description = "The body is invalid", body = portcullis_proto::MessageBody),
        (status = 401, description = "The second step named is unknown, expired or done", body = portcullis_proto::MessageBody),
        (status = 403, description = "Sent from another origin", body = portcullis_proto::MessageBody),
        (status = 404, description = "Passkeys are not available on this issuer, or the user of the second step has none", body = portcullis_proto::MessageBody),
        (status = 429, description = "Too many requests from this address (with `Retry-After`)", body = portcullis_proto::MessageBody)
    )
)]
pub(crate) async fn authenticate_begin(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Option<ApiJson<PasskeyAuthenticateBeginRequest>>,
) -> Result<Response, ApiError> {
    if !same_origin(&state, &headers) {
        return Err(ApiError::CrossOrigin);
    }
    let now = state.clock.now();
    let ceremony = match body.and_then(|ApiJson(b)| b.mfa_token) {
        Some(token) => {
            state
                .idp
                .start_passkey_second_step(&Secret::new(token), now)
                .await?
        }
        None => state.idp.start_passkey_sign_in(now).await?,
    };
    Ok(ceremony_view(ceremony))
}

/// Finishes a sign-in with a passkey alone.
///
/// Checks the assertion against the ceremony (challenge, origin, user verification, the
/// credential's user and signature counter) and signs the browser in: the answer sets
/// the hosted pages' session cookie, as a password sign-in does.
#[utoipa::path(
    post,
    path = portcullis_proto::paths::PASSKEYS_AUTHENTICATE_FINISH,
    operation_id = "finish_passkey_sign_in",
    tag = "Passkeys",
    request_body = portcullis_proto::requests::PasskeyAuthenticateFinishRequest,
    responses(
        (status = 200, description = "Signed in (`Set-Cookie`: the browser session)", body = portcullis_proto::PasskeySignedIn),
        (status = 400, description = "The body is invalid; the credential is malformed, answers another challenge or site; the ceremony expired or was used", body = portcullis_proto::MessageBody),
        (status = 401, description = "The authenticator did not verify the user; the credential is unknown or another user's; its counter went backwards", body = portcullis_proto::MessageBody),
        (status = 403, description = "Sent from another origin", body = portcullis_proto::MessageBody),
        (status = 404, description = "Passkeys are not available on this issuer", body = portcullis_proto::MessageBody),
        (status = 429, description = "Too many requests from this address (with `Retry-After`)", body = portcullis_proto::MessageBody)
    )
)]
pub(crate) async fn authenticate_finish(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<PasskeyAuthenticateFinishRequest>,
) -> Result<Response, ApiError> {
    if !same_origin(&state, &headers) {
        return Err(ApiError::CrossOrigin);
    }
    let signed_in = state
        .idp
        .passkey_sign_in(
            &Secret::new(body.ceremony),
            &body.credential.to_string(),
            state.clock.now(),
        )
        .await?;
    let amr = signed_in.session.amr.amr().into_iter().map(str::to_owned);
    let res = no_store(Json(PasskeySignedIn { amr: amr.collect() }).into_response());
    Ok(with_session(&state, &signed_in.secret, res))
}
