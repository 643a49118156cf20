//! Signing in to an organization through the hosted pages: `organization=<id|slug>`
//! names it, `organization=select` lets a member of several choose; the access token
//! then carries the organization, and a non-member is refused.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use super::*;
use crate::helpers::servers;

fn claims(token: &str) -> Value {
    serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(token.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap()
}

async fn sign_in_with(
    s: &TestServer,
    b: &mut Browser,
    extra: &str,
) -> (u16, reqwest::header::HeaderMap, String) {
    let (status, _, html) = b.get(&authorize_url(s, extra)).await;
    assert_eq!(status, 200, "{html}");
    let mut form = hidden_fields(&html);
    form.push(("email".into(), "ada@example.com".into()));
    form.push(("password".into(), "correct horse battery".into()));
    b.post_form(&format!("{}/authorize/login", s.base), &form)
        .await
}

async fn org_of_code(s: &TestServer, headers: &reqwest::header::HeaderMap) -> Value {
    let (_, pairs) = location_params(headers);
    let code = param(&pairs, "code").expect("a code").to_owned();
    let t = exchange(s, &code, VERIFIER, REDIRECT, CLIENT).await;
    assert_eq!(t.status, 200, "{}", t.text);
    claims(t.body["access_token"].as_str().unwrap())
}

#[tokio::test]
async fn the_hosted_page_signs_in_to_a_named_or_chosen_organization() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let idp = s.server.idp();
        for (name, slug) in [("Acme Inc.", "acme"), ("Globex", "globex")] {
            idp.create_org(name, slug, None, Some("ada@example.com"), 1)
                .await
                .unwrap();
        }
        idp.create_org("Initech", "initech", None, None, 1)
            .await
            .unwrap();
        // Named by slug: the token is for that organization.
        let mut b = Browser::new();
        let (status, headers, body) = sign_in_with(&s, &mut b, "&organization=acme").await;
        assert_eq!(status, 302, "{backend}: {body}");
        let c = org_of_code(&s, &headers).await;
        assert_eq!(
            (c["org_slug"].as_str(), c["org_role"].as_str()),
            (Some("acme"), Some("owner")),
            "{backend}: {c}"
        );
        assert!(
            c["org_id"]
                .as_str()
                .is_some_and(|id| id.starts_with("org_"))
        );
        // Not a member: access_denied at the redirect URI, with the state.
        let (status, headers, _) = b.get(&authorize_url(&s, "&organization=initech")).await;
        assert_eq!(status, 302, "{backend}");
        let (_, pairs) = location_params(&headers);
        assert_eq!(param(&pairs, "error"), Some("access_denied"), "{backend}");
        assert_eq!(param(&pairs, "state"), Some("xyz"), "{backend}");
        assert!(param(&pairs, "code").is_none());
        // Malformed: refused before anything else.
        let (_, headers, _) = b
            .get(&authorize_url(&s, "&organization=%3Cscript%3E"))
            .await;
        assert_eq!(
            param(&location_params(&headers).1, "error"),
            Some("invalid_request"),
            "{backend}"
        );
        // select: a member of two chooses on the page; each choice is a link.
        let mut b = Browser::new();
        let (status, _, page) = sign_in_with(&s, &mut b, "&organization=select").await;
        assert_eq!(status, 200, "{backend}: the chooser");
        assert!(page.contains("Choose an organization") && page.contains("Acme Inc."));
        assert!(
            !page.contains("Initech"),
            "{backend}: only memberships are offered"
        );
        let href = chooser_link(&page, "globex");
        let (status, headers, _) = b.get(&format!("{}{href}", s.base)).await;
        assert_eq!(
            status, 302,
            "{backend}: the session signs in without a password"
        );
        let c = org_of_code(&s, &headers).await;
        assert_eq!(c["org_slug"], "globex", "{backend}: {c}");
    }
}
