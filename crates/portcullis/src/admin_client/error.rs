//! [`AdminError`]: what an admin API call can fail with.

use reqwest::StatusCode;

/// Why an admin API call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AdminError {
    /// The client is misconfigured (bad URL).
    #[error("admin client configuration: {0}")]
    Config(String),
    /// The issuer was unreachable or the answer was cut.
    #[error("admin API unreachable: {0}")]
    Transport(String),
    /// The client's credentials or permissions were refused (401/403).
    #[error("admin API refused the client: {0}")]
    Unauthorized(String),
    /// The thing asked for does not exist (404).
    #[error("not found: {0}")]
    NotFound(String),
    /// The request was refused (400/409/422): the message says why.
    #[error("refused: {0}")]
    Refused(String),
    /// The issuer answered something unexpected (5xx, or a body that does not parse).
    #[error("admin API error: {0}")]
    Protocol(String),
}

impl AdminError {
    pub(crate) fn transport(e: reqwest::Error) -> Self {
        Self::Transport(if e.is_timeout() {
            "timed out".into()
        } else {
            "request failed".into()
        })
    }

    pub(crate) fn from_status(status: StatusCode, body: &str) -> Self {
        let message = serde_json::from_str::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v["message"].as_str().map(str::to_owned))
            .unwrap_or_else(|| status.to_string());
        match status {
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Self::Unauthorized(message),
            StatusCode::NOT_FOUND => Self::NotFound(message),
            s if s.is_client_error() => Self::Refused(message),
            _ => Self::Protocol(message),
        }
    }
}
