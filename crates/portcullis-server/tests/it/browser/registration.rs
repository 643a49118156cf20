//! The hosted sign-up page by default: "check your email" for a new and a taken address
//! alike; the confirmation link leads back into the authorization request.

use portcullis_server::{Clock, ServerConfig};

use super::*;
use crate::helpers::servers_with;

#[tokio::test]
async fn hosted_sign_up_does_not_tell_and_the_link_resumes_the_sign_in() {
    let servers = servers_with(Clock::system(), |c| ServerConfig {
        allow_unverified_email: false,
        ..c
    })
    .await;
    for (backend, s) in servers {
        let idp = s.server.idp();
        idp.create_user("ada@example.com", "ada's own passphrase".into(), None, 1)
            .await
            .unwrap();
        idp.ensure_public_client(CLIENT, "Test SPA", &[API], &[REDIRECT], &[], 1)
            .await
            .unwrap();
        let mut pages = Vec::new();
        for email in ["ada@example.com", "erin@example.com"] {
            let mut b = Browser::new();
            let signup_url = authorize_url(&s, "").replace("/authorize?", "/authorize/signup?");
            let (status, _, html) = b.get(&signup_url).await;
            assert_eq!(status, 200, "{backend}: {html}");
            let mut form = hidden_fields(&html);
            form.push(("email".into(), email.into()));
            form.push(("password".into(), "erin's long passphrase".into()));
            let (status, _, page) = b
                .post_form(&format!("{}/authorize/signup", s.base), &form)
                .await;
            assert_eq!(status, 200, "{backend}: {page}");
            assert!(page.contains("Check your email"), "{backend}: {page}");
            pages.push(page);
        }
        assert_eq!(pages[0], pages[1], "{backend}: the same page for both");
        // The new address's link confirms it and offers the way back to the app.
        let mail = idp.outbox(Some("erin@example.com"), 5).await.unwrap();
        let body = &mail[0].body;
        let start = body.find("/verify-email?").unwrap();
        let path = body[start..].split_whitespace().next().unwrap();
        let mut b = Browser::new();
        let (status, _, page) = b.get(&format!("{}{path}", s.base)).await;
        assert_eq!(status, 200, "{backend}: {page}");
        let href = page
            .split("id=\"continue\" href=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("{backend}: no continue link in {page}"))
            .replace("&amp;", "&")
            .replace("&#38;", "&")
            .replace("&#x2f;", "/")
            .replace("&#47;", "/");
        assert!(href.starts_with("/authorize?"), "{backend}: {href}");
        let (status, headers, html) = b.get(&format!("{}{href}", s.base)).await;
        assert_eq!(
            status, 200,
            "{backend}: the sign-in page of the same request: {href} -> {headers:?}"
        );
        let mut form = hidden_fields(&html);
        form.push(("email".into(), "erin@example.com".into()));
        form.push(("password".into(), "erin's long passphrase".into()));
        let (status, headers, _) = b
            .post_form(&format!("{}/authorize/login", s.base), &form)
            .await;
        assert_eq!(status, 302, "{backend}");
        let (base, pairs) = location_params(&headers);
        assert_eq!(base, REDIRECT, "{backend}");
        assert_eq!(param(&pairs, "state"), Some("xyz"), "{backend}");
        assert!(param(&pairs, "code").is_some(), "{backend}");
    }
}
