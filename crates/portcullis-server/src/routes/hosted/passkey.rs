//! `POST /authorize/passkey`: the sign-in page's passkey form. The page's script fills
//! in the ceremony and the browser's response and posts the form with the authorization
//! request; a passkey that signs its user in goes on exactly as a password does (the
//! code, the organization chooser or the consent page), with the browser session cookie
//! set. A refusal shows the sign-in page again, saying why.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use portcullis_idp::{IdpError, Secret};

use super::error::PageError;
use super::form::{field, posted_request};
use super::second_factor::capitalized;
use super::session::with_session;
use super::sign_in::{send_code, sign_in_page};
use crate::state::AppState;

/// `POST /authorize/passkey`.
pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let (map, req) = posted_request(&state, &headers, &body).await?;
    let ceremony = Secret::new(field(&map, "ceremony").to_owned());
    let signed_in = state
        .idp
        .passkey_sign_in(&ceremony, field(&map, "credential"), state.clock.now())
        .await;
    match signed_in {
        Ok(signed_in) => {
            let res = send_code(&state, &req, &map, &signed_in.session)
                .await
                .into_response();
            Ok(with_session(&state, &signed_in.secret, res))
        }
        Err(IdpError::Passkey(r)) => {
            sign_in_page(
                &state,
                &req,
                &map,
                Some(&format!("{}.", capitalized(&r.to_string()))),
                "",
                crate::error::passkey_status(r),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
