//! `POST /api/auth/signup|login|login/mfa|logout`: the first-party JSON API (email and
//! password in, and a code for a user with a second factor; tokens out), and the
//! signed-in user's own organization memberships (accept an invitation, leave).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portcullis_idp::{AfterPassword, Login, Secret, model::UserRow};
use portcullis_proto::requests::{
    AcceptInvitationRequest, LoginMfaRequest, LoginRequest, LogoutRequest, SignupRequest,
};
use portcullis_proto::{LoginResponse, MfaRequired, UserView};

use super::{IssuerCaller, no_store};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::state::AppState;

pub(crate) fn user_view(user: &UserRow) -> UserView {
    UserView {
        id: user.id.clone(),
        email: user.email.clone(),
        name: user.name.clone(),
        email_verified: user.email_verified,
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

/// Signs up with email and password.
///
/// By default the answer is 202 for a new and a taken address alike, and a link confirms
/// the address; with `allow_unverified_email` the tokens come at once (201) and a taken
/// address is refused (409).
#[utoipa::path(
    post,
    path = portcullis_proto::paths::SIGNUP,
    operation_id = "signup",
    tag = "Auth",
    request_body = portcullis_proto::requests::SignupRequest,
    responses(
        (status = 201, description = "Signed up and signed in (only with `allow_unverified_email`)", body = portcullis_proto::LoginResponse),
        (status = 202, description = "Check your email", body = portcullis_proto::MessageBody),
        (status = 400, description = "The body or a parameter is invalid", body = portcullis_proto::MessageBody),
        (status = 409, description = "An account with this email already exists (only with `allow_unverified_email`)", body = portcullis_proto::MessageBody),
        (status = 429, description = "Too many requests from this address (with `Retry-After`)", body = portcullis_proto::MessageBody),
        (status = 503, description = "The database is unavailable (with `Retry-After`)", body = portcullis_proto::MessageBody)
    )
)]
pub(crate) async fn signup(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<SignupRequest>,
) -> Result<Response, ApiError> {
    let SignupRequest {
        email,
        password,
        name,
        audience,
    } = body;
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

/// Signs in with email and password.
///
/// Returns an access token for the audience and a rotating refresh token; for a user
/// with a second factor, instead `mfa_required` and the `mfa_token` that
/// `POST /api/auth/login/mfa` answers with a code (within `expires_in` seconds).
#[utoipa::path(
    post,
    path = portcullis_proto::paths::LOGIN,
    operation_id = "login",
    tag = "Auth",
    request_body = portcullis_proto::requests::LoginRequest,
    responses(
        (status = 200, description = "Signed in, or (`mfa_required`) a code is owed first", body = portcullis_proto::LoginAnswer),
        (status = 400, description = "The body or a parameter is invalid", body = portcullis_proto::MessageBody),
        (status = 401, description = "Invalid email or password", body = portcullis_proto::MessageBody),
        (status = 403, description = "The account must sign in with a second factor and has none: it is set up on the hosted sign-in", body = portcullis_proto::MessageBody),
        (status = 429, description = "Too many requests from this address, or failed logins for this account (with `Retry-After`)", body = portcullis_proto::MessageBody),
        (status = 503, description = "The database is unavailable (with `Retry-After`)", body = portcullis_proto::MessageBody)
    )
)]
pub(crate) async fn login(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let LoginRequest {
        email,
        password,
        audience,
        organization,
    } = body;
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
    let outcome = match &result {
        Ok(AfterPassword::SignedIn(_)) => "success",
        Ok(AfterPassword::SecondFactor(_)) => "second_factor",
        Err(_) => "failure",
    };
    metrics::counter!("portcullis_logins_total", "outcome" => outcome).increment(1);
    Ok(match result? {
        AfterPassword::SignedIn(login) => login_response(StatusCode::OK, login),
        AfterPassword::SecondFactor(challenge) => {
            let body = MfaRequired::new(challenge.token.expose().to_owned(), challenge.expires_in);
            no_store(Json(body).into_response())
        }
    })
}

/// Finishes a login with a second factor.
///
/// Takes the `mfa_token` of the login's answer and a code from the authenticator app
/// (or a recovery code, spent by its use); returns the tokens. A wrong code may be
/// retried with the same `mfa_token`, a few times, while it lives.
#[utoipa::path(
    post,
    path = portcullis_proto::paths::LOGIN_MFA,
    operation_id = "login_mfa",
    tag = "Auth",
    request_body = portcullis_proto::requests::LoginMfaRequest,
    responses(
        (status = 200, description = "Signed in", body = portcullis_proto::LoginResponse),
        (status = 400, description = "The body or a parameter is invalid", body = portcullis_proto::MessageBody),
        (status = 401, description = "Invalid code, or the `mfa_token` is unknown, expired, used, or given up after too many wrong codes", body = portcullis_proto::MessageBody),
        (status = 404, description = "The login named an organization the user is not a member of", body = portcullis_proto::MessageBody),
        (status = 429, description = "Too many requests from this address, or wrong codes for this account (with `Retry-After`)", body = portcullis_proto::MessageBody)
    )
)]
pub(crate) async fn login_mfa(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<LoginMfaRequest>,
) -> Result<Response, ApiError> {
    let challenge = Secret::new(body.mfa_token);
    let code = Secret::new(body.code);
    let result = state
        .idp
        .complete_login(&challenge, code.expose(), state.clock.now())
        .await;
    let outcome = if result.is_ok() { "success" } else { "failure" };
    metrics::counter!("portcullis_second_factor_total", "outcome" => outcome).increment(1);
    let login = result.map_err(ApiError::from_code_check)?;
    Ok(login_response(StatusCode::OK, login))
}

/// Ends the session of a refresh token.
#[utoipa::path(
    post,
    path = portcullis_proto::paths::LOGOUT,
    operation_id = "logout",
    tag = "Auth",
    request_body = portcullis_proto::requests::LogoutRequest,
    responses(
        (status = 204, description = "Signed out"),
        (status = 400, description = "The body or a parameter is invalid", body = portcullis_proto::MessageBody),
        (status = 401, description = "Invalid or expired refresh token", body = portcullis_proto::MessageBody),
        (status = 503, description = "The database is unavailable (with `Retry-After`)", body = portcullis_proto::MessageBody)
    )
)]
pub(crate) async fn logout(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<LogoutRequest>,
) -> Result<Response, ApiError> {
    let token = Secret::new(body.refresh_token);
    state.idp.logout(&token, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Accepts an organization invitation as the signed-in user.
///
/// Only the invited address can accept, with its own access token minted for the issuer
/// (`audience` = the issuer URL); tokens for other APIs are refused.
#[utoipa::path(
    post,
    path = portcullis_proto::paths::ACCEPT_INVITATION,
    operation_id = "accept_invitation",
    tag = "Auth",
    request_body = portcullis_proto::requests::AcceptInvitationRequest,
    responses(
        (status = 200, description = "The new membership", body = portcullis_proto::MembershipView),
        (status = 400, description = "The body or a parameter is invalid", body = portcullis_proto::MessageBody),
        (status = 401, description = "No access token, or not a valid one, or one minted for another API than the issuer (with `WWW-Authenticate: Bearer`)", body = portcullis_proto::MessageBody),
        (status = 403, description = "The invitation is invalid, expired, used, or for another address", body = portcullis_proto::MessageBody),
        (status = 503, description = "The database is unavailable (with `Retry-After`)", body = portcullis_proto::MessageBody)
    ),
    security(("access_token" = []))
)]
pub(crate) async fn accept_invitation(
    State(state): State<AppState>,
    IssuerCaller(sub): IssuerCaller,
    ApiJson(body): ApiJson<AcceptInvitationRequest>,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let m = match state.idp.accept_invitation(&body.token, &sub, now).await {
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

/// Leaves an organization as the signed-in member.
///
/// Takes an access token minted for the issuer (`audience` = the issuer URL); tokens for
/// other APIs are refused. The last owner cannot leave (409).
#[utoipa::path(
    post,
    path = portcullis_proto::paths::LEAVE_ORGANIZATION,
    operation_id = "leave_organization",
    tag = "Auth",
    params(("org" = String, Path, description = "The organization: id (`org_…`) or slug")),
    responses(
        (status = 204, description = "Left"),
        (status = 401, description = "No access token, or not a valid one, or one minted for another API than the issuer (with `WWW-Authenticate: Bearer`)", body = portcullis_proto::MessageBody),
        (status = 404, description = "No such organization, or not a member", body = portcullis_proto::MessageBody),
        (status = 409, description = "The last owner cannot leave", body = portcullis_proto::MessageBody),
        (status = 503, description = "The database is unavailable (with `Retry-After`)", body = portcullis_proto::MessageBody)
    ),
    security(("access_token" = []))
)]
pub(crate) async fn leave_org(
    State(state): State<AppState>,
    Path(org): Path<String>,
    IssuerCaller(sub): IssuerCaller,
) -> Result<Response, ApiError> {
    state.idp.leave_org(&org, &sub, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
