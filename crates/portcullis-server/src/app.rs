//! The router: every route from [`portcullis_proto::paths`], and the limits around them.

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portcullis_proto::{MessageBody, paths};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::route_table::{Routes, ServedRoute, delete, get, post};
use crate::routes::hosted::{
    account, account_sign_in, brand, consent, email_code, enrol, forgot, join, logout, page,
    passkey, reset, script, second_factor, sign_in, sign_up, upstream, verify,
};
use crate::routes::{
    admin, auth_api, consents, health, introspect, mfa, openapi, openapi_page, passkeys, revoke,
    token, userinfo, wellknown,
};
use crate::state::AppState;

fn message(status: StatusCode, text: &str) -> Response {
    (status, axum::Json(MessageBody::new(text))).into_response()
}

/// `OPTIONS` on the browser-facing endpoints: the CORS layer answers allowed preflights
/// itself; what reaches here was not allowed.
async fn preflight() -> StatusCode {
    StatusCode::NO_CONTENT
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a handler panicked");
    message(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error")
}

/// The issuer's router with its state, body limit, timeout, panic guard and tracing.
/// `admin_guard` protects the admin API (see [`crate::Server`], which builds it to
/// verify tokens against this issuer's own JWKS).
pub fn router(
    state: AppState,
    admin_guard: &portcullis::Guard,
    body_limit: usize,
    timeout: Duration,
) -> Router {
    router_and_routes(state, admin_guard, body_limit, timeout).0
}

/// [`router`], and every route it serves. Every route is added through
/// [`Routes`], so the list is complete.
pub(crate) fn router_and_routes(
    state: AppState,
    admin_guard: &portcullis::Guard,
    body_limit: usize,
    timeout: Duration,
) -> (Router, Vec<ServedRoute>) {
    let cors = crate::cors::browser_cors(state.clone());
    // Endpoints that take credentials or create things: limited per client IP.
    let limited = Routes::new()
        .route(paths::SIGNUP, post(auth_api::signup))
        .route(paths::LOGIN, post(auth_api::login))
        .route(paths::LOGIN_MFA, post(auth_api::login_mfa))
        .route(paths::MFA_TOTP_REMOVE, post(mfa::remove))
        .route(paths::AUTHORIZE_LOGIN, post(sign_in::login))
        .route(paths::AUTHORIZE_MFA, post(second_factor::submit))
        .route(paths::AUTHORIZE_ENROL, post(enrol::submit))
        .route(paths::AUTHORIZE_CONTINUE, post(enrol::resume))
        .route(paths::AUTHORIZE_PASSKEY, post(passkey::submit))
        .route(
            paths::AUTHORIZE_EMAIL,
            get(email_code::link).post(email_code::request),
        )
        .route(paths::AUTHORIZE_EMAIL_CODE, post(email_code::submit))
        .route(paths::UPSTREAM_CALLBACK, get(upstream::callback))
        .route(
            paths::PASSKEYS_AUTHENTICATE_BEGIN,
            post(passkeys::authenticate_begin).layer(DefaultBodyLimit::max(passkeys::BODY_LIMIT)),
        )
        .route(
            paths::PASSKEYS_AUTHENTICATE_FINISH,
            post(passkeys::authenticate_finish).layer(DefaultBodyLimit::max(passkeys::BODY_LIMIT)),
        )
        .route(
            paths::PASSKEYS_REGISTER_BEGIN,
            post(passkeys::register_begin).layer(DefaultBodyLimit::max(passkeys::BODY_LIMIT)),
        )
        .route(
            paths::PASSKEYS_REGISTER_FINISH,
            post(passkeys::register_finish).layer(DefaultBodyLimit::max(passkeys::BODY_LIMIT)),
        )
        .route(paths::ACCOUNT_SIGN_IN, post(account_sign_in::sign_in))
        .route(paths::ACCOUNT_MFA, post(account_sign_in::mfa))
        .route(paths::AUTHORIZE_CONSENT, post(consent::submit))
        .route(
            paths::AUTHORIZE_SIGNUP,
            get(sign_up::form).post(sign_up::submit),
        )
        .route(paths::JOIN, get(join::form).post(join::submit))
        .route(paths::JOIN_MFA, post(join::submit_code))
        .route(
            paths::FORGOT_PASSWORD,
            get(forgot::form).post(forgot::submit),
        )
        .route(paths::RESET_PASSWORD, get(reset::form).post(reset::submit))
        .route(
            paths::TOKEN,
            post(token::token).options(preflight).layer(cors.clone()),
        )
        .route(
            paths::REVOKE,
            post(revoke::revoke).options(preflight).layer(cors.clone()),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            state.ip_limit.clone(),
            crate::ip_limit::limit,
        ));
    let (routes, served) = Routes::new()
        .nest_documented(
            paths::ADMIN,
            admin::router(state.clone()).route_layer(admin_guard.layer()),
        )
        .merge(limited)
        // Limited per authenticated client (per IP without authentication), inside.
        .route(paths::INTROSPECT, post(introspect::introspect))
        .route(paths::LOGOUT, post(auth_api::logout))
        .route(paths::ACCEPT_INVITATION, post(auth_api::accept_invitation))
        .route(paths::LEAVE_ORGANIZATION, post(auth_api::leave_org))
        .route(paths::CONSENTS, get(consents::list))
        .route(paths::CONSENT, delete(consents::revoke))
        .route(paths::MFA, get(mfa::status))
        .route(paths::MFA_TOTP, post(mfa::start))
        .route(paths::MFA_TOTP_CONFIRM, post(mfa::confirm))
        .route(paths::PASSKEYS, get(passkeys::list))
        .route(
            paths::ACCOUNT_SECURITY,
            get(account::show).post(account::submit),
        )
        .route(paths::AUTHORIZE, get(sign_in::authorize))
        .route(
            paths::END_SESSION,
            get(logout::logout).post(logout::logout_post),
        )
        .route(paths::VERIFY_EMAIL, get(verify::verify))
        .route(paths::STYLESHEET, get(page::stylesheet))
        .route(paths::PASSKEYS_SCRIPT, get(script::script))
        .route(paths::BRAND_STYLESHEET, get(brand::stylesheet))
        .route(
            paths::USERINFO,
            get(userinfo::userinfo)
                .post(userinfo::userinfo_post)
                .options(preflight)
                .layer(cors),
        )
        .route(paths::JWKS, get(wellknown::jwks))
        .route(
            paths::OPENID_CONFIGURATION,
            get(wellknown::openid_configuration),
        )
        .route(paths::OAUTH_METADATA, get(wellknown::oauth_metadata))
        .route(paths::HEALTHZ, get(health::healthz))
        .route(paths::READYZ, get(health::readyz))
        .route(paths::METRICS, get(health::metrics))
        .route(paths::OPENAPI, get(openapi::openapi_json))
        .route(paths::DOCS, get(openapi_page::docs))
        .route(paths::DOCS_STYLESHEET, get(openapi_page::stylesheet))
        .into_parts();
    let router = routes
        .fallback(|| async { message(StatusCode::NOT_FOUND, "Not Found") })
        .method_not_allowed_fallback(|| async {
            message(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed")
        })
        .with_state(state)
        .layer(axum::middleware::from_fn(crate::i18n::negotiate))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        // Spans name the path only: query strings can carry codes and link tokens.
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
        }));
    (router, served)
}
