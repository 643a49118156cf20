//! The consent page of third-party clients: shown after sign-in (or over single
//! sign-on) when the user has not yet allowed the client what it asks for, or when the
//! client asks again (`prompt=consent`), and its form (`POST /authorize/consent`,
//! CSRF-protected like the sign-in form).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use portcullis_idp::{Authorize, GrantError};

use super::brand::{self, Brand};
use super::error::PageError;
use super::form::{field, form_context, form_page, posted_request};
use super::page::Consent;
use super::redirect::authorization_response;
use super::session::signed_in;
use super::sign_in::{membership_for, send_code};
use crate::state::AppState;

/// What the OpenID Connect scopes mean, for the page: the catalogue's message.
fn meaning(scope: &str) -> Option<&'static str> {
    match scope {
        "openid" => Some("consent-scope-openid"),
        "profile" => Some("consent-scope-profile"),
        "email" => Some("consent-scope-email"),
        "offline_access" => Some("consent-scope-offline_access"),
        _ => None,
    }
}

/// The consent page for `req`, asking for `scopes`.
pub(crate) async fn page(
    state: &AppState,
    req: &Authorize,
    map: &HashMap<String, String>,
    scopes: &[String],
) -> Result<Response, PageError> {
    let ctx = form_context(map)?;
    let brand = brand::for_client(state, &req.client_id).await;
    let page = Consent {
        client_name: Brand::client_name(brand.as_ref(), &req.client_name),
        brand: brand.clone(),
        audience: &req.audience,
        scopes: scopes.iter().map(|s| (s.as_str(), meaning(s))).collect(),
        shown: scopes.join(" "),
        csrf: &ctx.csrf,
        params: ctx.params,
    };
    let res = form_page(
        state,
        Some(&req.redirect_uri),
        &ctx.csrf,
        StatusCode::OK,
        &page,
    );
    Ok(brand::allow_logo(res, brand.as_ref()))
}

/// `POST /authorize/consent`: "Allow" records the consent and continues the
/// authorization; "Deny" returns `access_denied` to the client.
pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let (map, mut req) = posted_request(&state, &headers, &body).await?;
    // `prompt=consent` is answered by this very form.
    req.prompt.consent = false;
    let now = state.clock.now();
    let session = signed_in(&state, &headers)
        .await
        .ok_or(PageError::SignedOut)?;
    let user_id = session.user_id.clone();
    if field(&map, "decision") != "allow" {
        return Ok(authorization_response(
            &state,
            &req.redirect_uri,
            &[
                ("error", "access_denied"),
                ("error_description", "the user did not allow the request"),
                ("state", &req.state),
            ],
        ));
    }
    let membership = membership_for(&state, &req, &user_id).await?;
    let shown = field(&map, "consent_scope");
    match state
        .idp
        .give_consent(&req, &user_id, membership.as_ref(), shown, now)
        .await
    {
        // The client's audiences may have changed since the page was shown: the next
        // step says so.
        Ok(()) | Err(GrantError::UnknownAudience | GrantError::NotAllowed(_)) => {
            send_code(&state, &req, &map, &session).await
        }
        Err(GrantError::Failed(e)) => Err(e.into()),
        Err(GrantError::ConsentRequired(_)) => Err(PageError::Unavailable(
            "consent not recorded: the decision asked for consent again".into(),
        )),
    }
}
