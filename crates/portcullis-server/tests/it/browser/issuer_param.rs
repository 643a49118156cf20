//! RFC 9207: every authorization response, success or error, names the issuer in
//! `iss`, and discovery says so.

use super::*;
use crate::helpers::servers;

/// The `iss` of a redirect back to the client, checked against discovery's `issuer`.
async fn assert_iss(s: &TestServer, headers: &reqwest::header::HeaderMap, what: &str) {
    let issuer = s.get("/.well-known/openid-configuration", None).await.body["issuer"]
        .as_str()
        .unwrap()
        .to_owned();
    let (base, pairs) = location_params(headers);
    assert_eq!(base, REDIRECT, "{what}");
    let all: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "iss")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(
        all,
        [issuer.as_str()],
        "{what}: exactly one iss, the issuer's"
    );
}

#[tokio::test]
async fn every_authorization_response_names_the_issuer() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let d = s.get("/.well-known/openid-configuration", None).await;
        assert_eq!(
            d.body["authorization_response_iss_parameter_supported"], true,
            "{backend}"
        );
        let mut b = Browser::new();
        // prompt=none without a session: login_required.
        let (status, headers, _) = b.get(&authorize_url(&s, "&prompt=none")).await;
        assert_eq!(status, 302, "{backend}");
        assert_eq!(
            param(&location_params(&headers).1, "error"),
            Some("login_required")
        );
        assert_iss(&s, &headers, &format!("{backend}: login_required")).await;
        // A request refused at the redirect URI.
        let url = authorize_url(&s, "").replace("response_type=code", "response_type=token");
        let (status, headers, _) = b.get(&url).await;
        assert_eq!(status, 302, "{backend}");
        assert_eq!(
            param(&location_params(&headers).1, "error"),
            Some("unsupported_response_type")
        );
        assert_iss(&s, &headers, &format!("{backend}: refused request")).await;
        // The sign-in form's code.
        let (status, headers, _) =
            sign_in(&s, &mut b, "ada@example.com", "correct horse battery").await;
        assert_eq!(status, 302, "{backend}");
        assert!(param(&location_params(&headers).1, "code").is_some());
        assert_iss(&s, &headers, &format!("{backend}: sign-in")).await;
        // Single sign-on's code.
        let (_, headers, _) = b.get(&authorize_url(&s, "")).await;
        assert!(param(&location_params(&headers).1, "code").is_some());
        assert_iss(&s, &headers, &format!("{backend}: single sign-on")).await;
        // Organizations: refused (not a member) and chosen on the chooser page.
        let idp = s.server.idp();
        for (name, slug, owner) in [
            ("Acme", "acme", Some("ada@example.com")),
            ("Globex", "globex", Some("ada@example.com")),
            ("Initech", "initech", None),
        ] {
            idp.create_org(name, slug, None, owner, 1).await.unwrap();
        }
        let (_, headers, _) = b.get(&authorize_url(&s, "&organization=initech")).await;
        assert_eq!(
            param(&location_params(&headers).1, "error"),
            Some("access_denied")
        );
        assert_iss(&s, &headers, &format!("{backend}: not a member")).await;
        let (status, _, page) = b.get(&authorize_url(&s, "&organization=select")).await;
        assert_eq!(status, 200, "{backend}: the chooser");
        let href = chooser_link(&page, "globex");
        let (_, headers, _) = b.get(&format!("{}{href}", s.base)).await;
        assert!(param(&location_params(&headers).1, "code").is_some());
        assert_iss(&s, &headers, &format!("{backend}: chosen organization")).await;
        // The sign-up form's code (accounts are usable at once in these servers).
        let mut fresh = Browser::new();
        let (_, _, html) = fresh
            .get(&authorize_url(&s, "").replace("/authorize?", "/authorize/signup?"))
            .await;
        let mut form = hidden_fields(&html);
        form.push(("email".into(), "new@example.com".into()));
        form.push(("password".into(), "a long enough passphrase".into()));
        let (status, headers, body) = fresh
            .post_form(&format!("{}/authorize/signup", s.base), &form)
            .await;
        assert_eq!(status, 302, "{backend}: {body}");
        assert!(param(&location_params(&headers).1, "code").is_some());
        assert_iss(&s, &headers, &format!("{backend}: sign-up")).await;
    }
}
