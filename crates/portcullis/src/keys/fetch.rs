//! One bounded HTTP GET: no redirects, connect and total timeouts, a size cap, and the
//! `Cache-Control: max-age` of the answer.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::{Client, StatusCode, Url};

/// Why a fetch failed. Logged, counted, never shown to clients.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FetchError {
    #[error("request failed: {0}")]
    Transport(String),
    #[error("unexpected status {0}")]
    Status(StatusCode),
    #[error("response larger than {0} bytes")]
    TooLarge(usize),
    #[error("invalid document: {0}")]
    Invalid(String),
    #[error("discovered issuer {found:?} differs from the configured {expected:?}")]
    IssuerMismatch { expected: String, found: String },
    #[error("refused URL: {0}")]
    Url(String),
}

/// Transport limits for key fetches.
#[derive(Debug, Clone)]
pub(crate) struct FetchLimits {
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) max_body: usize,
}

impl Default for FetchLimits {
    fn default() -> Self {
        FetchLimits {
            connect_timeout: Duration::from_secs(2),
            timeout: Duration::from_secs(5),
            max_body: 256 * 1024,
        }
    }
}

/// The HTTP client: no redirects, no proxy discovery, timeouts from `limits`.
pub(crate) fn client(limits: &FetchLimits) -> Result<Client, crate::BuildError> {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(limits.connect_timeout)
        .timeout(limits.timeout)
        .user_agent(concat!("portcullis/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| crate::BuildError::HttpClient(e.to_string()))
}

/// GETs `url`, requiring 200 and at most `max_body` bytes. Returns the body and the
/// `max-age` of the response (`Some(0)` for `no-cache`/`no-store`).
pub(crate) async fn get(
    client: &Client,
    url: &Url,
    max_body: usize,
) -> Result<(Bytes, Option<Duration>), FetchError> {
    let mut res = client
        .get(url.clone())
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(|e| FetchError::Transport(without_url(&e)))?;
    if res.status() != StatusCode::OK {
        return Err(FetchError::Status(res.status()));
    }
    if res
        .content_length()
        .is_some_and(|len| len > max_body as u64)
    {
        return Err(FetchError::TooLarge(max_body));
    }
    let max_age = res
        .headers()
        .get(reqwest::header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_max_age);
    let mut body = BytesMut::new();
    while let Some(chunk) = res
        .chunk()
        .await
        .map_err(|e| FetchError::Transport(without_url(&e)))?
    {
        if body.len() + chunk.len() > max_body {
            return Err(FetchError::TooLarge(max_body));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body.freeze(), max_age))
}

fn without_url(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "connection failed".to_owned()
    } else {
        e.to_string()
    }
}

/// `max-age=N` → N seconds; `no-cache`/`no-store` → 0; otherwise nothing.
pub(crate) fn parse_max_age(value: &str) -> Option<Duration> {
    let mut found = None;
    for directive in value.split(',').map(str::trim) {
        let lower = directive.to_ascii_lowercase();
        if lower == "no-cache" || lower == "no-store" {
            return Some(Duration::ZERO);
        }
        if let Some(n) = lower.strip_prefix("max-age=") {
            found = n
                .trim_matches('"')
                .parse::<u64>()
                .ok()
                .map(Duration::from_secs);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_control() {
        assert_eq!(
            parse_max_age("public, max-age=300"),
            Some(Duration::from_secs(300))
        );
        assert_eq!(
            parse_max_age("Max-Age=\"60\""),
            Some(Duration::from_secs(60))
        );
        assert_eq!(parse_max_age("no-store"), Some(Duration::ZERO));
        assert_eq!(parse_max_age("public"), None);
        assert_eq!(parse_max_age("max-age=-1"), None);
    }
}
