//! Which URLs the guard may fetch keys from: https, or plain http only on loopback
//! unless `allow_insecure_http` was set explicitly.

use std::net::IpAddr;

use reqwest::Url;

use crate::BuildError;

/// Parses `raw` and applies the transport policy.
pub(crate) fn checked_url(raw: &str, allow_insecure_http: bool) -> Result<Url, BuildError> {
    let url = Url::parse(raw).map_err(|_| BuildError::InvalidUrl {
        url: raw.to_owned(),
        why: "not a URL",
    })?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(BuildError::InvalidUrl {
            url: raw.to_owned(),
            why: "no host",
        });
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(BuildError::InvalidUrl {
            url: raw.to_owned(),
            why: "credentials in the URL",
        });
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if allow_insecure_http || is_loopback(&url) => Ok(url),
        "http" => Err(BuildError::InsecureHttp(raw.to_owned())),
        _ => Err(BuildError::InvalidUrl {
            url: raw.to_owned(),
            why: "only http and https are supported",
        }),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Compares issuer URLs the way users write them: a trailing slash does not matter.
pub(crate) fn same_issuer(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        assert!(checked_url("https://tenant.auth0.com/", false).is_ok());
        assert!(checked_url("http://127.0.0.1:8080/", false).is_ok());
        assert!(checked_url("http://127.9.9.9/", false).is_ok());
        assert!(checked_url("http://[::1]:9/", false).is_ok());
        assert!(checked_url("http://localhost:3000", false).is_ok());
        assert_eq!(
            checked_url("http://auth.example.com/", false),
            Err(BuildError::InsecureHttp("http://auth.example.com/".into()))
        );
        assert!(checked_url("http://auth.example.com/", true).is_ok());
        assert!(checked_url("ftp://x/", true).is_err());
        assert!(checked_url("file:///etc/passwd", true).is_err());
        assert!(checked_url("https://user:pw@x/", true).is_err());
        assert!(checked_url("not a url", true).is_err());
    }

    #[test]
    fn trailing_slash() {
        assert!(same_issuer("https://a/", "https://a"));
        assert!(!same_issuer("https://a/", "https://b/"));
    }
}
