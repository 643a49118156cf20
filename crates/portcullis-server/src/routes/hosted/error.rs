//! [`PageError`]: every way a hosted page fails, and the one place each becomes a page.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portcullis_idp::IdpError;

use super::page;
use crate::i18n::{text, text_with};

/// Why a hosted page answers with something other than what was asked for.
#[derive(Debug)]
pub(crate) enum PageError {
    /// The request itself is wrong (a repeated parameter, say): 400 with why.
    BadRequest(String),
    /// The form's CSRF value does not match its cookie: 403. The catalogue's message
    /// says what to do next (`then-open-invitation`).
    FormExpired(&'static str),
    /// A form of a signed-in step posted after the browser's sign-in ended: 401.
    SignedOut,
    /// The account must wait before its next password attempt: 429 with `Retry-After`,
    /// offering the emailed reset link as the way out.
    Throttled {
        /// Seconds to wait.
        retry_after: i64,
    },
    /// Storage, keys or the random source failed: 503, with the cause logged.
    Unavailable(String),
    /// Not a failure of the page: the flow ends here with this answer (an OAuth error
    /// sent back to the client's redirect URI, the organization chooser).
    Answer(Box<Response>),
}

impl PageError {
    /// Ends the flow with `res`.
    pub(crate) fn answer(res: Response) -> Self {
        Self::Answer(Box::new(res))
    }
}

impl From<IdpError> for PageError {
    fn from(e: IdpError) -> Self {
        match e {
            IdpError::Throttled { retry_after } => Self::Throttled { retry_after },
            IdpError::Federation(why) => {
                Self::BadRequest(text(super::upstream::refusal_message(why)))
            }
            e => Self::Unavailable(e.to_string()),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            Self::BadRequest(why) => page::error_page(StatusCode::BAD_REQUEST, &why),
            Self::FormExpired(then) => page::error_page(
                StatusCode::FORBIDDEN,
                &text_with("form-expired", "then", &text(then)),
            ),
            Self::SignedOut => {
                page::error_page(StatusCode::UNAUTHORIZED, &text("error-signed-out"))
            }
            Self::Throttled { retry_after } => page::too_many_attempts(retry_after),
            Self::Unavailable(cause) => {
                tracing::warn!(error = %cause, "hosted page unavailable");
                page::error_page(StatusCode::SERVICE_UNAVAILABLE, &text("error-unavailable"))
            }
            Self::Answer(res) => *res,
        }
    }
}
