//! Setting up a second factor during a hosted sign-in, for a user who must use one and
//! has none: the right password leads here instead of to a session. The page shows an
//! authenticator app's QR code and key; its first code (`POST /authorize/mfa/enrol`)
//! turns it on and signs in, and the recovery codes are shown once before the sign-in
//! goes on (`POST /authorize/continue`).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portcullis_idp::{Authorize, Enrolment, EnrolmentReason, MfaRequirement, MfaTarget, Secret};
use portcullis_proto::paths;

use super::error::PageError;
use super::form::{field, form_context, form_page, posted_request};
use super::page::{Enrol, RecoveryCodes};
use super::second_factor::{Refusal, refusal};
use super::session::{signed_in, with_session};
use super::sign_in::{send_code, sign_in_page};
use crate::i18n::{text, text_with};
use crate::routes::mfa::qr_svg;
use crate::state::AppState;

/// Why the user is asked, in their language.
fn reason_text(reason: &EnrolmentReason, client_name: &str) -> String {
    match reason {
        EnrolmentReason::Requested => text_with("enrol-reason-requested", "client", client_name),
        EnrolmentReason::Policy(MfaRequirement::Everyone) => text("enrol-reason-everyone"),
        EnrolmentReason::Policy(MfaRequirement::Marked { target, name, .. }) => {
            let id = match target {
                MfaTarget::Organization => "enrol-reason-organization",
                MfaTarget::Role => "enrol-reason-role",
                MfaTarget::Client => "enrol-reason-client",
            };
            text_with(id, "name", name)
        }
    }
}

/// The setup page of the authorization request in `map`.
pub(crate) fn page(
    state: &AppState,
    req: &Authorize,
    map: &HashMap<String, String>,
    mfa_token: &str,
    enrolment: &Enrolment,
    refused: Option<(&str, StatusCode, Option<i64>)>,
) -> Result<Response, PageError> {
    let ctx = form_context(map)?;
    let (error, status, retry_after) = match refused {
        Some((why, status, retry_after)) => (Some(why), status, retry_after),
        None => (None, StatusCode::OK, None),
    };
    let template = Enrol {
        action: paths::AUTHORIZE_ENROL,
        reason: reason_text(&enrolment.reason, &req.client_name),
        qr_svg: qr_svg(enrolment.setup.uri.expose())
            .map_err(|_| PageError::Unavailable("the QR code could not be drawn".into()))?,
        secret: enrolment.setup.secret.expose(),
        error,
        csrf: &ctx.csrf,
        mfa_token,
        params: ctx.params,
    };
    let mut res = form_page(state, Some(&req.redirect_uri), &ctx.csrf, status, &template);
    if let Some(v) = retry_after.and_then(|s| HeaderValue::from_str(&s.to_string()).ok()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    Ok(res)
}

/// `POST /authorize/mfa/enrol`: the new app's first code. Right: the app is on, the
/// browser is signed in, and the recovery codes are shown once. Wrong: the page again.
pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let (map, req) = posted_request(&state, &headers, &body).await?;
    let challenge = Secret::new(field(&map, "mfa_token").to_owned());
    let now = state.clock.now();
    let result = state
        .idp
        .complete_browser_enrolment(&challenge, field(&map, "code"), now)
        .await;
    match result {
        Ok(enrolled) => {
            let ctx = form_context(&map)?;
            let codes: Vec<&str> = enrolled.recovery_codes.iter().map(Secret::expose).collect();
            let template = RecoveryCodes {
                action: paths::AUTHORIZE_CONTINUE,
                codes,
                csrf: &ctx.csrf,
                params: ctx.params.clone(),
            };
            let res = form_page(
                &state,
                Some(&req.redirect_uri),
                &ctx.csrf,
                StatusCode::OK,
                &template,
            );
            Ok(with_session(&state, &enrolled.signed_in.secret, res))
        }
        Err(e) => match refusal(e)? {
            Refusal::Again {
                why,
                status,
                retry_after,
            } => match state
                .idp
                .browser_enrolment(&challenge, &req.client_id, now)
                .await?
            {
                Some(enrolment) => page(
                    &state,
                    &req,
                    &map,
                    challenge.expose(),
                    &enrolment,
                    Some((&why, status, retry_after)),
                ),
                None => expired(&state, &req, &map).await,
            },
            Refusal::Expired => expired(&state, &req, &map).await,
        },
    }
}

async fn expired(
    state: &AppState,
    req: &Authorize,
    map: &HashMap<String, String>,
) -> Result<Response, PageError> {
    sign_in_page(
        state,
        req,
        map,
        Some(&text("signin-expired")),
        "",
        StatusCode::UNAUTHORIZED,
    )
    .await
}

/// `POST /authorize/continue`: a signed-in browser goes on with its authorization
/// request (the code, the organization chooser or the consent page); without a session,
/// the sign-in page.
pub(crate) async fn resume(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let (map, req) = posted_request(&state, &headers, &body).await?;
    match signed_in(&state, &headers).await {
        Some(session) => Ok(send_code(&state, &req, &map, &session)
            .await
            .into_response()),
        None => sign_in_page(&state, &req, &map, None, "", StatusCode::OK).await,
    }
}
