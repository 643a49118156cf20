//! `/api/auth/mfa…`: the signed-in user's second factor, with an access token minted for
//! the issuer itself (a token for another API is refused): set up an authenticator app
//! (its secret and QR code once), confirm it with a first code (the recovery codes
//! once), remove it with a code.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portcullis_idp::Secret;
use portcullis_proto::requests::MfaCodeRequest;
use portcullis_proto::{RecoveryCodesView, SecondFactorsView, TotpEnrollmentView};
use qrcode::QrCode;
use qrcode::render::svg;

use super::{IssuerCaller, no_store};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::state::AppState;

/// The QR code of `text` as an SVG document (no XML prologue, so it can also be
/// inlined into HTML).
pub(crate) fn qr_svg(text: &str) -> Result<String, ApiError> {
    let code = QrCode::new(text.as_bytes()).map_err(|e| {
        tracing::error!(error = %e, "QR code not drawn");
        ApiError::Internal
    })?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .build();
    Ok(match image.split_once("?>") {
        Some((_, svg)) => svg.to_owned(),
        None => image,
    })
}

/// Shows the signed-in user's second factors.
#[utoipa::path(
    get,
    path = portcullis_proto::paths::MFA,
    operation_id = "get_my_second_factors",
    tag = "Auth",
    responses(
        (status = 200, description = "Whether an authenticator app is set up, and the recovery codes left", body = portcullis_proto::SecondFactorsView),
        (status = 401, description = "No access token, or not one for the issuer itself (with `WWW-Authenticate: Bearer`)", body = portcullis_proto::MessageBody)
    ),
    security(("issuer_token" = []))
)]
pub(crate) async fn status(
    State(state): State<AppState>,
    IssuerCaller(sub): IssuerCaller,
) -> Result<Response, ApiError> {
    let factors = state.idp.second_factors(&sub).await?;
    Ok(Json(SecondFactorsView {
        totp: factors.totp,
        recovery_codes_left: factors.recovery_codes_left,
    })
    .into_response())
}

/// Starts setting up an authenticator app.
///
/// Answers the secret, its `otpauth://` URI and that URI's QR code, shown this once;
/// the app counts for sign-in only after `POST /api/auth/mfa/totp/confirm`. Starting
/// again replaces an unconfirmed app.
#[utoipa::path(
    post,
    path = portcullis_proto::paths::MFA_TOTP,
    operation_id = "start_totp",
    tag = "Auth",
    responses(
        (status = 200, description = "The new secret, its URI and QR code", body = portcullis_proto::TotpEnrollmentView),
        (status = 401, description = "No access token, or not one for the issuer itself (with `WWW-Authenticate: Bearer`)", body = portcullis_proto::MessageBody),
        (status = 409, description = "An authenticator app is already set up: remove it first", body = portcullis_proto::MessageBody)
    ),
    security(("issuer_token" = []))
)]
pub(crate) async fn start(
    State(state): State<AppState>,
    IssuerCaller(sub): IssuerCaller,
) -> Result<Response, ApiError> {
    let enrollment = state.idp.start_totp(&sub, state.clock.now()).await?;
    let body = TotpEnrollmentView {
        qr_svg: qr_svg(enrollment.uri.expose())?,
        secret: enrollment.secret.expose().to_owned(),
        otpauth_uri: enrollment.uri.expose().to_owned(),
    };
    Ok(no_store(Json(body).into_response()))
}

/// Confirms the new authenticator app with its first code.
///
/// From now on sign-in asks for a code. Answers ten recovery codes, shown this once.
#[utoipa::path(
    post,
    path = portcullis_proto::paths::MFA_TOTP_CONFIRM,
    operation_id = "confirm_totp",
    tag = "Auth",
    request_body = portcullis_proto::requests::MfaCodeRequest,
    responses(
        (status = 200, description = "Confirmed; the recovery codes", body = portcullis_proto::RecoveryCodesView),
        (status = 400, description = "The body or a parameter is invalid", body = portcullis_proto::MessageBody),
        (status = 401, description = "Invalid code; or no access token, or not one for the issuer itself (with `WWW-Authenticate: Bearer`)", body = portcullis_proto::MessageBody),
        (status = 404, description = "No authenticator app waiting for confirmation", body = portcullis_proto::MessageBody)
    ),
    security(("issuer_token" = []))
)]
pub(crate) async fn confirm(
    State(state): State<AppState>,
    IssuerCaller(sub): IssuerCaller,
    ApiJson(body): ApiJson<MfaCodeRequest>,
) -> Result<Response, ApiError> {
    let code = Secret::new(body.code);
    let codes = state
        .idp
        .confirm_totp(&sub, code.expose(), state.clock.now())
        .await?;
    let body = RecoveryCodesView {
        recovery_codes: codes.iter().map(|c| c.expose().to_owned()).collect(),
    };
    Ok(no_store(Json(body).into_response()))
}

/// Removes the authenticator app and the recovery codes.
///
/// Takes a code from the app or a recovery code (checked and throttled as at sign-in);
/// an app never confirmed goes without one.
#[utoipa::path(
    post,
    path = portcullis_proto::paths::MFA_TOTP_REMOVE,
    operation_id = "remove_totp",
    tag = "Auth",
    request_body = portcullis_proto::requests::MfaCodeRequest,
    responses(
        (status = 204, description = "Removed: sign-in asks for the password only"),
        (status = 400, description = "The body or a parameter is invalid", body = portcullis_proto::MessageBody),
        (status = 401, description = "Invalid code; or no access token, or not one for the issuer itself (with `WWW-Authenticate: Bearer`)", body = portcullis_proto::MessageBody),
        (status = 404, description = "No authenticator app is set up", body = portcullis_proto::MessageBody),
        (status = 429, description = "Too many wrong codes for this account (with `Retry-After`)", body = portcullis_proto::MessageBody)
    ),
    security(("issuer_token" = []))
)]
pub(crate) async fn remove(
    State(state): State<AppState>,
    IssuerCaller(sub): IssuerCaller,
    ApiJson(body): ApiJson<MfaCodeRequest>,
) -> Result<Response, ApiError> {
    let code = Secret::new(body.code);
    state
        .idp
        .remove_totp(&sub, code.expose(), state.clock.now())
        .await
        .map_err(ApiError::from_code_check)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[cfg(test)]
mod tests {
    use super::qr_svg;

    #[test]
    fn the_qr_code_is_an_svg_document_without_prologue() {
        let svg = qr_svg("otpauth://totp/id.example.com:ada%40example.com?secret=AAAA").unwrap();
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{svg}"
        );
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("<script") && !svg.contains("href"));
    }
}
