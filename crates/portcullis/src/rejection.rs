//! The one mapping from [`GuardError`] to HTTP: status, `WWW-Authenticate` (RFC 6750 §3),
//! body (selectable format), and the opt-in debug header.

use std::sync::Arc;

use http::Response;
use http::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderValue, RETRY_AFTER, WWW_AUTHENTICATE};

use crate::GuardError;

/// The name of the opt-in debug header carrying the machine-readable reason.
pub const DEBUG_REASON_HEADER: &str = "x-portcullis-reason";

type CustomBody = dyn Fn(&GuardError) -> serde_json::Value + Send + Sync;

/// How error bodies are written.
///
/// ```
/// use portcullis::{GuardError, ErrorFormat};
/// let custom = ErrorFormat::custom(|e: &GuardError| serde_json::json!({ "status": e.message() }));
/// # let _ = custom;
/// ```
#[derive(Clone, Default)]
pub enum ErrorFormat {
    /// `{"message": "Requires authentication"}` (default): the body Auth0's Express
    /// middleware answers with, which Node clients of such APIs already parse.
    #[default]
    Message,
    /// RFC 9457 `application/problem+json`: `{"type","title","status"}`.
    ProblemJson,
    /// Your own JSON body; status and headers stay as the table says.
    Custom(Arc<CustomBody>),
}

impl ErrorFormat {
    /// A custom JSON body.
    pub fn custom(f: impl Fn(&GuardError) -> serde_json::Value + Send + Sync + 'static) -> Self {
        ErrorFormat::Custom(Arc::new(f))
    }
}

impl std::fmt::Debug for ErrorFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ErrorFormat::Message => "Message",
            ErrorFormat::ProblemJson => "ProblemJson",
            ErrorFormat::Custom(_) => "Custom(..)",
        })
    }
}

/// How rejections are rendered: body format, realm, debug header.
#[derive(Debug, Clone)]
pub struct ResponseConfig {
    pub(crate) format: ErrorFormat,
    pub(crate) realm: String,
    pub(crate) debug_header: bool,
}

impl Default for ResponseConfig {
    fn default() -> Self {
        ResponseConfig {
            format: ErrorFormat::Message,
            realm: "api".to_owned(),
            debug_header: false,
        }
    }
}

/// An [`GuardError`] with the settings to render it: what handlers and layers return.
#[derive(Debug, Clone)]
pub struct Rejection {
    error: GuardError,
    config: Arc<ResponseConfig>,
}

impl Rejection {
    /// Pairs an error with its rendering settings.
    pub fn new(error: GuardError, config: Arc<ResponseConfig>) -> Self {
        Rejection { error, config }
    }

    /// Renders with the default settings (`{"message": …}` bodies, realm `api`).
    pub fn with_defaults(error: GuardError) -> Self {
        Self::new(error, Arc::new(ResponseConfig::default()))
    }

    /// The error.
    pub fn error(&self) -> &GuardError {
        &self.error
    }

    /// Builds the HTTP response, for any body type that can be made from a `String`.
    ///
    /// ```
    /// use portcullis::{GuardError, Rejection};
    /// let res: http::Response<String> = Rejection::with_defaults(GuardError::MissingCredentials).into_http();
    /// assert_eq!(res.status(), 401);
    /// assert_eq!(res.headers()["www-authenticate"], "Bearer realm=\"api\"");
    /// assert_eq!(res.body(), r#"{"message":"Requires authentication"}"#);
    /// ```
    pub fn into_http<B: From<String>>(self) -> Response<B> {
        let status = self.error.status();
        let (body, content_type) = match &self.config.format {
            ErrorFormat::Message => (
                serde_json::json!({ "message": self.error.message() }),
                "application/json",
            ),
            ErrorFormat::ProblemJson => (
                serde_json::json!({
                    "type": "about:blank",
                    "title": self.error.message(),
                    "status": status.as_u16(),
                }),
                "application/problem+json",
            ),
            ErrorFormat::Custom(f) => (f(&self.error), "application/json"),
        };
        let mut res = Response::new(B::from(body.to_string()));
        *res.status_mut() = status;
        let headers = res.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(challenge) = self.challenge()
            && let Ok(v) = HeaderValue::from_str(&challenge)
        {
            headers.insert(WWW_AUTHENTICATE, v);
        }
        match &self.error {
            GuardError::RateLimited { retry_after } => {
                let secs = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
                headers.insert(RETRY_AFTER, HeaderValue::from(secs.max(1)));
            }
            GuardError::KeysUnavailable => {
                headers.insert(RETRY_AFTER, HeaderValue::from_static("5"));
            }
            _ => {}
        }
        if self.config.debug_header {
            headers.insert(
                DEBUG_REASON_HEADER,
                HeaderValue::from_static(self.error.reason()),
            );
        }
        res
    }

    /// The `WWW-Authenticate` challenge, when the status calls for one.
    fn challenge(&self) -> Option<String> {
        let realm = quote(&self.config.realm);
        Some(match &self.error {
            GuardError::MissingCredentials => format!("Bearer realm=\"{realm}\""),
            GuardError::InvalidRequest(why) => format!(
                "Bearer realm=\"{realm}\", error=\"invalid_request\", error_description=\"{}\"",
                quote(why)
            ),
            GuardError::InvalidToken(problem) => {
                let description = match problem {
                    crate::TokenProblem::Verify(portcullis_jwt::VerifyError::Expired) => {
                        "The access token expired"
                    }
                    _ => "The access token is invalid",
                };
                format!(
                    "Bearer realm=\"{realm}\", error=\"invalid_token\", error_description=\"{description}\""
                )
            }
            GuardError::InsufficientScope { required } => format!(
                "Bearer realm=\"{realm}\", error=\"insufficient_scope\", scope=\"{}\"",
                quote(required)
            ),
            GuardError::InsufficientUserAuthentication(step_up) => {
                let mut challenge = format!(
                    "Bearer realm=\"{realm}\", error=\"insufficient_user_authentication\", error_description=\"{}\"",
                    if step_up.acr_values().is_empty() {
                        "A more recent sign-in is required"
                    } else {
                        "A stronger sign-in is required"
                    }
                );
                if !step_up.acr_values().is_empty() {
                    let values = step_up.acr_values().join(" ");
                    challenge.push_str(&format!(", acr_values=\"{}\"", quote(&values)));
                }
                if let Some(age) = step_up.max_age_secs() {
                    challenge.push_str(&format!(", max_age=\"{age}\""));
                }
                challenge
            }
            _ => return None,
        })
    }
}

/// Keeps a quoted-string value well-formed: only visible ASCII and spaces, no `"` or `\`.
fn quote(s: &str) -> String {
    s.chars()
        .filter(|c| (c.is_ascii_graphic() || *c == ' ') && *c != '"' && *c != '\\')
        .collect()
}

impl axum::response::IntoResponse for Rejection {
    fn into_response(self) -> axum::response::Response {
        self.into_http()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TokenProblem;
    use portcullis_jwt::VerifyError;

    fn render(e: GuardError, format: ErrorFormat) -> Response<String> {
        let cfg = ResponseConfig {
            format,
            realm: "api".into(),
            debug_header: true,
        };
        Rejection::new(e, Arc::new(cfg)).into_http()
    }

    #[test]
    fn the_error_table() {
        let cases = [
            (
                GuardError::MissingCredentials,
                401,
                "Requires authentication",
                Some("Bearer realm=\"api\""),
            ),
            (
                GuardError::token(VerifyError::InvalidSignature),
                401,
                "Bad credentials",
                Some(
                    "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token is invalid\"",
                ),
            ),
            (
                GuardError::InvalidRequest("credentials in more than one place"),
                400,
                "Bad request",
                Some(
                    "Bearer realm=\"api\", error=\"invalid_request\", error_description=\"credentials in more than one place\"",
                ),
            ),
            (
                GuardError::InsufficientScope {
                    required: "read:admin-messages".into(),
                },
                403,
                "Permission denied",
                Some(
                    "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"read:admin-messages\"",
                ),
            ),
            (
                GuardError::InsufficientUserAuthentication(crate::StepUp::acr([
                    crate::ACR_MULTI_FACTOR,
                ])),
                401,
                "Requires a stronger sign-in",
                Some(
                    "Bearer realm=\"api\", error=\"insufficient_user_authentication\", error_description=\"A stronger sign-in is required\", acr_values=\"http://schemas.openid.net/pape/policies/2007/06/multi-factor\"",
                ),
            ),
            (
                GuardError::KeysUnavailable,
                503,
                "Service Unavailable",
                None,
            ),
            (
                GuardError::Misconfigured("no layer"),
                500,
                "Internal Server Error",
                None,
            ),
        ];
        for (err, status, message, challenge) in cases {
            let res = render(err.clone(), ErrorFormat::Message);
            assert_eq!(res.status().as_u16(), status, "{err:?}");
            assert_eq!(res.body(), &format!(r#"{{"message":"{message}"}}"#));
            assert_eq!(
                res.headers()
                    .get(WWW_AUTHENTICATE)
                    .map(|v| v.to_str().unwrap()),
                challenge
            );
            assert_eq!(res.headers()[DEBUG_REASON_HEADER], err.reason());
        }
    }

    #[test]
    fn problem_json_and_custom() {
        let res = render(
            GuardError::InvalidToken(TokenProblem::UnknownIssuer),
            ErrorFormat::ProblemJson,
        );
        assert_eq!(res.headers()[CONTENT_TYPE], "application/problem+json");
        let v: serde_json::Value = serde_json::from_str(res.body()).unwrap();
        assert_eq!(v["status"], 401);
        assert_eq!(v["title"], "Bad credentials");
        let res = render(
            GuardError::MissingCredentials,
            ErrorFormat::custom(|e| serde_json::json!({"err": e.reason()})),
        );
        assert_eq!(res.body(), r#"{"err":"missing_credentials"}"#);
    }

    #[test]
    fn retry_after_is_rounded_up() {
        let res = render(
            GuardError::RateLimited {
                retry_after: std::time::Duration::from_millis(1500),
            },
            ErrorFormat::Message,
        );
        assert_eq!(res.status(), 429);
        assert_eq!(res.headers()[RETRY_AFTER], "2");
    }

    #[test]
    fn hostile_scope_cannot_break_the_header() {
        let res = render(
            GuardError::InsufficientScope {
                required: "a\"b\\c\r\nd".into(),
            },
            ErrorFormat::Message,
        );
        assert_eq!(
            res.headers()[WWW_AUTHENTICATE],
            "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"abcd\""
        );
    }
}
