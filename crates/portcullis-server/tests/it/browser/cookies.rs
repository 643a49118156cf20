//! The hosted pages' cookies: `__Host-` prefixed and Secure behind an https issuer, so
//! a sibling subdomain can neither plant nor replace them; plain names on http
//! loopback, where Secure cannot be set.

use portcullis_server::{Clock, ServerConfig};

use super::*;
use crate::helpers::{servers, servers_with};

fn set_cookies(headers: &reqwest::header::HeaderMap) -> Vec<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// The one `Set-Cookie` whose name is `name`.
fn cookie_named(headers: &reqwest::header::HeaderMap, name: &str) -> String {
    let all = set_cookies(headers);
    let found: Vec<&String> = all
        .iter()
        .filter(|c| c.starts_with(&format!("{name}=")))
        .collect();
    assert_eq!(found.len(), 1, "{name} in {all:?}");
    found[0].clone()
}

/// A browser holding `b`'s cookies under their plain names, as a sibling subdomain
/// could set them.
fn unprefixed(b: &Browser) -> Browser {
    let mut planted = Browser::new();
    planted.cookies = b
        .cookies
        .iter()
        .map(|(k, v)| (k.trim_start_matches("__Host-").to_owned(), v.clone()))
        .collect();
    planted
}

#[tokio::test]
async fn https_issuers_give_host_prefixed_secure_cookies_and_ignore_plain_ones() {
    let https = |c: ServerConfig| ServerConfig {
        issuer: Some("https://id.example.test/".into()),
        ..c
    };
    for (backend, s) in servers_with(Clock::system(), https).await {
        setup(&s).await;
        let mut b = Browser::new();
        let (_, headers, html) = b.get(&authorize_url(&s, "")).await;
        let csrf = cookie_named(&headers, "__Host-portcullis_csrf");
        for attr in ["; Secure", "; Path=/", "; HttpOnly", "; SameSite=Strict"] {
            assert!(csrf.contains(attr), "{backend}: {attr} in {csrf}");
        }
        assert!(!csrf.to_ascii_lowercase().contains("domain="), "{backend}");
        // A CSRF cookie under the plain name (as a sibling subdomain could set it) does
        // not pass the form's check.
        let mut form = login_fields(&html);
        form.push(("email".into(), "ada@example.com".into()));
        form.push(("password".into(), "correct horse battery".into()));
        let mut planted = unprefixed(&b);
        let (status, _, _) = planted
            .post_form(&format!("{}/authorize/login", s.base), &form)
            .await;
        assert_eq!(status, 403, "{backend}: plain-named CSRF cookie");
        // The real one signs in and sets a prefixed, Secure session cookie.
        let (status, headers, body) = b
            .post_form(&format!("{}/authorize/login", s.base), &form)
            .await;
        assert_eq!(status, 302, "{backend}: {body}");
        let session = cookie_named(&headers, "__Host-portcullis_session");
        for attr in ["; Secure", "; Path=/", "; HttpOnly"] {
            assert!(session.contains(attr), "{backend}: {attr} in {session}");
        }
        assert!(
            !session.to_ascii_lowercase().contains("domain="),
            "{backend}"
        );
        assert_eq!(b.get(&authorize_url(&s, "")).await.0, 302, "{backend}: SSO");
        // The same session secret under the plain name is not a session here.
        let mut planted = unprefixed(&b);
        assert_eq!(
            planted.get(&authorize_url(&s, "")).await.0,
            200,
            "{backend}: the plain-named cookie is ignored"
        );
    }
}

#[tokio::test]
async fn http_loopback_issuers_keep_plain_cookie_names_without_secure() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let mut b = Browser::new();
        let (_, headers, _) = b.get(&authorize_url(&s, "")).await;
        let csrf = cookie_named(&headers, "portcullis_csrf");
        assert!(!csrf.contains("Secure"), "{backend}: {csrf}");
        let (status, headers, _) =
            sign_in(&s, &mut b, "ada@example.com", "correct horse battery").await;
        assert_eq!(status, 302, "{backend}");
        let session = cookie_named(&headers, "portcullis_session");
        assert!(!session.contains("Secure"), "{backend}: {session}");
    }
}
