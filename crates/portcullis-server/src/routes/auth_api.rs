//! `POST /api/auth/signup|login|logout`: the first-party JSON API (seed `004_*`), and
//! the signed-in user's own organization memberships (accept an invitation, leave).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use portcullis_idp::{Login, Secret, store::UserRow};
use portcullis_proto::{LoginResponse, UserView};

use super::no_store;
use crate::body::JsonObject;
use crate::error::ApiError;
use crate::state::AppState;

pub(crate) fn user_view(user: &UserRow) -> UserView {
    UserView {
        id: user.id.clone(),
        email: user.email.clone(),
        name: user.name.clone(),
        email_verified: user.email_verified != 0,
        created_at: user.created_at,
    }
}

fn login_response(status: StatusCode, login: Login) -> Response {
    let body = LoginResponse {
        user: user_view(&login.user),
        access_token: login.access.token,
        refresh_token: login.refresh_token.expose().to_owned(),
        token_type: "Bearer".into(),
        expires_in: login.access.expires_in,
    };
    no_store((status, Json(body)).into_response())
}

pub(crate) async fn signup(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = JsonObject::parse(&headers, &body)?;
    let email = body.required("email")?;
    let password = body.required("password")?;
    let name = body.optional("name")?;
    let audience = body.optional("audience")?;
    if state.idp.config().require_verified_email {
        // The same answer for a new and a taken address (no account enumeration).
        state
            .idp
            .register(&email, password, name, None, state.clock.now())
            .await?;
        metrics::counter!("portcullis_signups_total").increment(1);
        return Ok((
            StatusCode::ACCEPTED,
            Json(serde_json::json!({
                "message": "Check your email: follow the link we sent to confirm the address, then sign in."
            })),
        )
            .into_response());
    }
    let login = state
        .idp
        .signup(
            &email,
            password,
            name,
            audience.as_deref(),
            state.clock.now(),
        )
        .await?;
    metrics::counter!("portcullis_signups_total").increment(1);
    Ok(login_response(StatusCode::CREATED, login))
}

pub(crate) async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = JsonObject::parse(&headers, &body)?;
    let email = body.required("email")?;
    let password = body.required("password")?;
    let audience = body.optional("audience")?;
    let organization = body.optional("organization")?;
    let result = state
        .idp
        .login_to(
            &email,
            password,
            audience.as_deref(),
            organization.as_deref(),
            state.clock.now(),
        )
        .await;
    let outcome = if result.is_ok() { "success" } else { "failure" };
    metrics::counter!("portcullis_logins_total", "outcome" => outcome).increment(1);
    Ok(login_response(StatusCode::OK, result?))
}

pub(crate) async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = JsonObject::parse(&headers, &body)?;
    let token = Secret::new(body.required("refresh_token")?);
    state.idp.logout(&token, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /api/auth/invitations/accept` with `{"token": …}` and the invited user's access
/// token as `Authorization: Bearer`.
pub(crate) async fn accept_invitation(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let sub = match super::token_subject(&state, &headers).await {
        Ok(sub) => sub,
        Err(res) => return Ok(res),
    };
    let body = JsonObject::parse(&headers, &body)?;
    let token = body.required("token")?;
    let m = match state.idp.accept_invitation(&token, &sub, now).await {
        Ok(m) => m,
        Err(portcullis_idp::IdpError::InvalidGrant(why)) => {
            return Ok((
                StatusCode::FORBIDDEN,
                Json(portcullis_proto::MessageBody::new(why)),
            )
                .into_response());
        }
        Err(e) => return Err(e.into()),
    };
    Ok(Json(crate::routes::admin::membership_view(m)).into_response())
}

/// `POST /api/auth/orgs/{org}/leave` with the member's access token as
/// `Authorization: Bearer`: the signed-in user leaves the organization (id or slug).
/// 404 if they are not a member; 409 for its last owner.
pub(crate) async fn leave_org(
    State(state): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let sub = match super::token_subject(&state, &headers).await {
        Ok(sub) => sub,
        Err(res) => return Ok(res),
    };
    state.idp.leave_org(&org, &sub, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
