//! The issuer's two error boundaries, each with one mapping to HTTP:
//! [`ApiError`] for the first-party JSON API (`{"message": …}`, the guard's shape too) and
//! [`OAuthFailure`] for the OAuth endpoints (RFC 6749 §5.2 bodies).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portcullis_idp::IdpError;
use portcullis_proto::{MessageBody, OAuthError, OAuthErrorCode};

/// A failure of a `/api/*` endpoint.
#[derive(Debug)]
pub enum ApiError {
    /// 400 with a message naming the problem.
    BadRequest(String),
    /// 401 `Invalid email or password`.
    InvalidCredentials,
    /// 401 for a refresh token that cannot be used.
    InvalidRefreshToken,
    /// 401 `Invalid code`: a second-factor code that is wrong, malformed or used.
    InvalidCode,
    /// 401 for a login's second step that is unknown, expired, done or given up.
    SignInExpired,
    /// A passkey ceremony refused: 400 (malformed, expired or replayed, another
    /// challenge or site), 401 (not verified, unknown credential, counter regression),
    /// 404 (passkeys off on this issuer) or 409 (already registered), with why.
    Passkey(portcullis_idp::PasskeyRefusal),
    /// 401: no browser session (the hosted pages' cookie), or one too old to change how
    /// the user signs in; the message says which.
    SignInAgain(&'static str),
    /// 403: a cookie-authenticated request from another origin.
    CrossOrigin,
    /// 403: the account must use a second factor and has none; the hosted sign-in sets
    /// one up.
    SecondFactorRequired,
    /// 409: an existing account, a taken name, the last owner of an organization.
    Conflict(String),
    /// 404.
    NotFound(&'static str),
    /// 413: a body over the server's limit.
    PayloadTooLarge,
    /// 429 with `Retry-After`: too many failed logins for this account.
    TooManyAttempts(i64),
    /// 429 with `Retry-After`: too many wrong second-factor codes for this account.
    TooManyCodes(i64),
    /// 503 with `Retry-After`.
    Unavailable,
    /// 500; the cause is logged, never shown.
    Internal,
}

impl From<IdpError> for ApiError {
    fn from(e: IdpError) -> Self {
        match e {
            IdpError::InvalidInput(m) | IdpError::InvalidScope(m) | IdpError::InvalidTarget(m) => {
                Self::BadRequest(m)
            }
            IdpError::EmailTaken => {
                Self::Conflict("An account with this email already exists".into())
            }
            IdpError::Conflict(m) => Self::Conflict(m),
            IdpError::InvalidCredentials | IdpError::InvalidClient => Self::InvalidCredentials,
            IdpError::InvalidGrant(_) => Self::InvalidRefreshToken,
            IdpError::InvalidCode => Self::InvalidCode,
            IdpError::SignInExpired => Self::SignInExpired,
            IdpError::Passkey(r) => Self::Passkey(r),
            IdpError::Federation(r) => Self::Conflict(r.to_string()),
            IdpError::SecondFactorRequired => Self::SecondFactorRequired,
            IdpError::UnknownAudience => {
                Self::BadRequest("audience is not a registered API".into())
            }
            IdpError::NotFound(what) => Self::NotFound(what),
            IdpError::Throttled { retry_after } => Self::TooManyAttempts(retry_after),
            e if e.is_unavailable() => {
                tracing::warn!(error = %e, "dependency unavailable");
                Self::Unavailable
            }
            e => {
                tracing::error!(error = %e, "internal error");
                Self::Internal
            }
        }
    }
}

impl ApiError {
    /// The error of an endpoint that checks second-factor codes: throttling there is
    /// about codes, and a password reset does not lift it.
    pub(crate) fn from_code_check(e: IdpError) -> Self {
        match e {
            IdpError::Throttled { retry_after } => Self::TooManyCodes(retry_after),
            e => e.into(),
        }
    }
}

/// 429 with `message` and `Retry-After: secs`.
fn too_many(secs: i64, message: String) -> Response {
    let mut res = (
        StatusCode::TOO_MANY_REQUESTS,
        Json(MessageBody::new(message)),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

fn retry_after(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    res
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            Self::BadRequest(m) => (StatusCode::BAD_REQUEST, m),
            Self::InvalidCredentials => {
                (StatusCode::UNAUTHORIZED, "Invalid email or password".into())
            }
            Self::InvalidRefreshToken => (
                StatusCode::UNAUTHORIZED,
                "Invalid or expired refresh token".into(),
            ),
            Self::Conflict(m) => (StatusCode::CONFLICT, m),
            Self::Passkey(r) => (passkey_status(r), r.to_string()),
            Self::SignInAgain(why) => (StatusCode::UNAUTHORIZED, why.to_owned()),
            Self::CrossOrigin => (
                StatusCode::FORBIDDEN,
                "Requests with the browser session must come from this issuer's own pages".into(),
            ),
            Self::SecondFactorRequired => (
                StatusCode::FORBIDDEN,
                format!(
                    "This account must sign in with a second factor: set one up by signing in on the hosted page ({})",
                    portcullis_proto::paths::AUTHORIZE
                ),
            ),
            Self::NotFound(what) => (StatusCode::NOT_FOUND, format!("{what} not found")),
            Self::InvalidCode => (StatusCode::UNAUTHORIZED, "Invalid code".into()),
            Self::SignInExpired => (
                StatusCode::UNAUTHORIZED,
                "The sign-in expired or is already complete: sign in again with your password"
                    .into(),
            ),
            Self::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "Payload Too Large".into()),
            Self::TooManyAttempts(secs) => {
                return too_many(
                    secs,
                    // Also the answer to a second sign-in while one is being checked (a
                    // double submit): "sign-in attempts", not "failed attempts".
                    format!(
                        "Too many sign-in attempts for this account; try again in {}, or reset your password ({} emails a link)",
                        crate::error::wait_for(secs),
                        portcullis_proto::paths::FORGOT_PASSWORD
                    ),
                );
            }
            Self::TooManyCodes(secs) => {
                return too_many(
                    secs,
                    format!(
                        "Too many wrong codes; try again in {}",
                        crate::error::wait_for(secs)
                    ),
                );
            }
            Self::Unavailable => {
                let body = (
                    StatusCode::SERVICE_UNAVAILABLE,
                    Json(MessageBody::new("Service Unavailable")),
                );
                return retry_after(body.into_response());
            }
            Self::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal Server Error".into(),
            ),
        };
        (status, Json(MessageBody::new(message))).into_response()
    }
}

/// The status of a refused passkey ceremony.
pub(crate) fn passkey_status(r: portcullis_idp::PasskeyRefusal) -> StatusCode {
    use portcullis_idp::PasskeyRefusal as R;
    match r {
        R::Unavailable => StatusCode::NOT_FOUND,
        R::AlreadyRegistered => StatusCode::CONFLICT,
        R::UserNotVerified | R::UnknownCredential | R::CounterRegression | R::Invalid => {
            StatusCode::UNAUTHORIZED
        }
        _ => StatusCode::BAD_REQUEST,
    }
}

/// A failure of an `/oauth/*` endpoint.
#[derive(Debug)]
pub struct OAuthFailure {
    status: StatusCode,
    body: OAuthError,
}

impl OAuthFailure {
    /// `invalid_request` (400) with a description.
    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            OAuthErrorCode::InvalidRequest,
            description,
        )
    }

    /// Any code.
    pub fn new(status: StatusCode, code: OAuthErrorCode, description: impl Into<String>) -> Self {
        Self {
            status,
            body: OAuthError::new(code, description),
        }
    }
}

impl From<IdpError> for OAuthFailure {
    fn from(e: IdpError) -> Self {
        use OAuthErrorCode as C;
        match e {
            IdpError::InvalidInput(m) | IdpError::Conflict(m) => Self::invalid_request(m),
            IdpError::InvalidScope(m) => Self::new(StatusCode::BAD_REQUEST, C::InvalidScope, m),
            IdpError::InvalidGrant(m) => Self::new(StatusCode::BAD_REQUEST, C::InvalidGrant, m),
            IdpError::InvalidCode
            | IdpError::SignInExpired
            | IdpError::Passkey(_)
            | IdpError::SecondFactorRequired => {
                Self::new(StatusCode::BAD_REQUEST, C::InvalidGrant, "invalid code")
            }
            IdpError::InvalidCredentials => Self::new(
                StatusCode::BAD_REQUEST,
                C::InvalidGrant,
                "invalid credentials",
            ),
            IdpError::InvalidClient => Self::new(
                StatusCode::UNAUTHORIZED,
                C::InvalidClient,
                "client authentication failed",
            ),
            IdpError::UnknownAudience => Self::new(
                StatusCode::BAD_REQUEST,
                C::InvalidTarget,
                "audience is not a registered API",
            ),
            IdpError::InvalidTarget(m) => Self::new(StatusCode::BAD_REQUEST, C::InvalidTarget, m),
            IdpError::Throttled { .. } => Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                C::TemporarilyUnavailable,
                "too many sign-in attempts for this account",
            ),
            IdpError::EmailTaken | IdpError::NotFound(_) => {
                Self::invalid_request("invalid request")
            }
            e if e.is_unavailable() => {
                tracing::warn!(error = %e, "dependency unavailable");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    C::TemporarilyUnavailable,
                    "try again shortly",
                )
            }
            e => {
                tracing::error!(error = %e, "internal error");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    C::ServerError,
                    "internal error",
                )
            }
        }
    }
}

impl IntoResponse for OAuthFailure {
    fn into_response(self) -> Response {
        let mut res = (self.status, Json(self.body)).into_response();
        let headers = res.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"portcullis\""),
            );
        }
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            return retry_after(res);
        }
        res
    }
}

/// "1 second", "30 seconds": how long to wait, as a sentence says it.
pub(crate) fn wait_for(secs: i64) -> String {
    if secs == 1 {
        "1 second".to_owned()
    } else {
        format!("{secs} seconds")
    }
}
