//! `GET /assets/passkeys.js`: the one script of the hosted pages, served from this
//! origin (so the pages' CSP allows `script-src 'self'` and nothing else). Pages name it
//! with its content hash in the query ([`url`]), so it is cached for a year and a new
//! version is a new URL; its ETag is the same hash.

use std::sync::OnceLock;

use aws_lc_rs::digest;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portcullis_proto::paths;

/// The script.
const SCRIPT: &str = include_str!("../../../templates/passkeys.js");

/// The first 16 hex digits of the script's SHA-256.
fn hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        digest::digest(&digest::SHA256, SCRIPT.as_bytes())
            .as_ref()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect()
    })
}

/// The URL pages load the script from: its path and content hash.
pub(crate) fn url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| format!("{}?v={}", paths::PASSKEYS_SCRIPT, hash()))
}

/// The script, cached for a year (immutable: the URL changes with it), or 304 for a
/// browser that has this version.
pub(crate) async fn script(headers: HeaderMap) -> Response {
    let etag = format!("\"{}\"", hash());
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut res = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
            SCRIPT,
        )
            .into_response()
    };
    let h = res.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    res
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_url_names_the_content() {
        assert_eq!(super::hash().len(), 16);
        assert!(super::url().starts_with("/assets/passkeys.js?v="));
        // The script never builds code from strings or writes markup.
        for banned in ["eval(", "innerHTML", "new Function", "document.write"] {
            assert!(!super::SCRIPT.contains(banned), "{banned}");
        }
    }
}
