//! OpenID discovery: issuer → `/.well-known/openid-configuration` → `jwks_uri`.
//! The document's `issuer` must be the configured one (OpenID Discovery §4.3).

use reqwest::{Client, Url};
use serde::Deserialize;

use super::fetch::{self, FetchError};
use super::url::{checked_url, same_issuer};

#[derive(Deserialize)]
struct ProviderMetadata {
    issuer: String,
    jwks_uri: String,
}

/// What discovery yields: the exact issuer string and the key set location.
#[derive(Debug, Clone)]
pub(crate) struct Discovered {
    pub(crate) issuer: String,
    pub(crate) jwks_uri: Url,
}

/// The discovery URL for an issuer base URL.
pub(crate) fn discovery_url(issuer_url: &Url) -> Url {
    let mut url = issuer_url.clone();
    let path = format!(
        "{}/.well-known/openid-configuration",
        url.path().trim_end_matches('/')
    );
    url.set_path(&path);
    url.set_query(None);
    url
}

/// Fetches and checks the discovery document.
pub(crate) async fn discover(
    client: &Client,
    issuer_url: &Url,
    max_body: usize,
    allow_insecure_http: bool,
) -> Result<Discovered, FetchError> {
    let (body, _) = fetch::get(client, &discovery_url(issuer_url), max_body).await?;
    check_document(&body, issuer_url, allow_insecure_http)
}

/// Parses and checks a discovery document for `issuer_url`.
pub(crate) fn check_document(
    body: &[u8],
    issuer_url: &Url,
    allow_insecure_http: bool,
) -> Result<Discovered, FetchError> {
    // Through `Value` first: it validates the whole document (a struct alone skips the
    // fields it ignores, lone-surrogate escapes and all; found by fuzzing).
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| FetchError::Invalid(format!("discovery document: {e}")))?;
    let meta: ProviderMetadata = serde_json::from_value(value)
        .map_err(|e| FetchError::Invalid(format!("discovery document: {e}")))?;
    if !same_issuer(&meta.issuer, issuer_url.as_str()) {
        return Err(FetchError::IssuerMismatch {
            expected: issuer_url.to_string(),
            found: meta.issuer,
        });
    }
    let jwks_uri = checked_url(&meta.jwks_uri, allow_insecure_http)
        .map_err(|e| FetchError::Url(e.to_string()))?;
    Ok(Discovered {
        issuer: meta.issuer,
        jwks_uri,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_must_be_valid_json_throughout() {
        let issuer = Url::parse("https://id.example.com/").unwrap();
        let good =
            br#"{"issuer":"https://id.example.com/","jwks_uri":"https://id.example.com/jwks"}"#;
        assert!(check_document(good, &issuer, false).is_ok());
        // A lone surrogate in a field we do not use: still not a valid document.
        let bad = br#"{"issuer":"https://id.example.com/","jwks_uri":"https://id.example.com/jwks","x":"\ud800"}"#;
        assert!(check_document(bad, &issuer, false).is_err());
        let http =
            br#"{"issuer":"https://id.example.com/","jwks_uri":"http://id.example.com/jwks"}"#;
        assert!(check_document(http, &issuer, false).is_err());
    }

    #[test]
    fn well_known_path() {
        let u = |s: &str| discovery_url(&Url::parse(s).unwrap()).to_string();
        assert_eq!(
            u("https://a.auth0.com"),
            "https://a.auth0.com/.well-known/openid-configuration"
        );
        assert_eq!(
            u("https://a.auth0.com/"),
            "https://a.auth0.com/.well-known/openid-configuration"
        );
        assert_eq!(
            u("https://kc/realms/x/"),
            "https://kc/realms/x/.well-known/openid-configuration"
        );
    }
}
