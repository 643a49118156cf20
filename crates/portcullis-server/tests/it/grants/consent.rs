//! Third-party clients: the consent page, silent authorization that never grants what
//! the user did not allow, and withdrawing a consent (the user's own and the
//! administrator's).

use portcullis_idp::ClientSpec;
use reqwest::Method;
use serde_json::{Value, json};

use super::*;
use crate::browser::{Browser, CLIENT, REDIRECT, VERIFIER, exchange, hidden_fields, setup};
use crate::helpers::{API, Reply, TestServer, refresh, root_token, send, servers, token_for};

/// A third-party browser client "Elsewhere" that may request [`API`]; its id.
async fn third_party_client(s: &TestServer) -> String {
    let redirects = [THIRD_REDIRECT.to_owned()];
    let spec = ClientSpec {
        name: "Elsewhere",
        confidential: false,
        audience: Some(API),
        third_party: true,
        redirect_uris: &redirects,
        ..ClientSpec::default()
    };
    let (client, _) = s.server.idp().register_client(&spec, T).await.unwrap();
    client.info.id
}

/// `b` signs in at the first-party app as ada: single sign-on from then on.
async fn signed_in(s: &TestServer) -> Browser {
    let mut b = Browser::new();
    let url = request(s, CLIENT, REDIRECT, "openid", Some(API), "");
    let (status, headers, _) = sign_in_at(s, &mut b, &url, ADA).await;
    assert_eq!(status, 302);
    code(&headers, REDIRECT);
    b
}

/// The consent page `url` shows, answered with `decision`.
async fn answer_consent(
    s: &TestServer,
    b: &mut Browser,
    url: &str,
    decision: &str,
) -> (u16, reqwest::header::HeaderMap, String) {
    fill_in(s, b, url, "/authorize/consent", &[("decision", decision)]).await
}

/// Consents to `third` for `scope` and returns the tokens.
async fn consent_and_exchange(s: &TestServer, b: &mut Browser, third: &str, scope: &str) -> Reply {
    let url = request(s, third, THIRD_REDIRECT, scope, Some(API), "");
    let (status, headers, html) = answer_consent(s, b, &url, "allow").await;
    assert_eq!(status, 302, "{html}");
    let r = exchange(
        s,
        &code(&headers, THIRD_REDIRECT),
        VERIFIER,
        THIRD_REDIRECT,
        third,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r
}

#[tokio::test]
async fn silent_authorization_never_grants_what_the_user_did_not_consent_to() {
    for (backend, s) in servers().await {
        setup(&s).await;
        s.server.idp().assign_role(ADA, "admin", T).await.unwrap();
        let third = third_party_client(&s).await;
        let mut b = signed_in(&s).await;
        let asked = "openid profile read:admin-messages read:messages";
        let silent = request(&s, &third, THIRD_REDIRECT, asked, Some(API), "&prompt=none");
        let interactive = request(&s, &third, THIRD_REDIRECT, asked, Some(API), "");
        let consent_required = |headers: &reqwest::header::HeaderMap| {
            outcome(headers, THIRD_REDIRECT) == (Some("consent_required".into()), None)
        };
        let (status, headers, _) = b.get(&silent).await;
        assert_eq!(status, 302, "{backend}");
        assert!(consent_required(&headers), "{backend}: no consent yet");

        // Interactively: the consent page names the client, the audience and what is
        // asked that the user holds (not `read:messages`).
        let (status, headers, html) = b.get(&interactive).await;
        assert_eq!(status, 200, "{backend}: {html}");
        for shown in [
            "Elsewhere",
            API,
            "<code>openid</code>",
            "<code>profile</code>",
            "<code>read:admin-messages</code>",
        ] {
            assert!(html.contains(shown), "{backend}: {shown} in {html}");
        }
        assert!(!html.contains("<code>read:messages</code>"), "{backend}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{backend}: {csp}");

        // A forged form (its CSRF value not the cookie's) consents to nothing.
        let mut forged: Vec<(String, String)> = hidden_fields(&html)
            .into_iter()
            .filter(|(k, _)| k != "csrf")
            .collect();
        forged.push(("csrf".into(), "forged".into()));
        forged.push(("decision".into(), "allow".into()));
        let (status, _, _) = b
            .post_form(&format!("{}/authorize/consent", s.base), &forged)
            .await;
        assert_eq!(status, 403, "{backend}");
        let (_, headers, _) = b.get(&silent).await;
        assert!(
            consent_required(&headers),
            "{backend}: a forged form consents to nothing"
        );

        // Denied: the client hears access_denied, and nothing is remembered.
        let (status, headers, _) = answer_consent(&s, &mut b, &interactive, "deny").await;
        assert_eq!(status, 302, "{backend}");
        assert_eq!(
            outcome(&headers, THIRD_REDIRECT),
            (Some("access_denied".into()), None)
        );
        let (_, headers, _) = b.get(&silent).await;
        assert!(
            consent_required(&headers),
            "{backend}: a denial consents to nothing"
        );

        // Allowed: the tokens carry what was shown and the user holds.
        let r = consent_and_exchange(&s, &mut b, &third, asked).await;
        let expected = "openid profile read:admin-messages";
        assert_eq!(r.body["scope"], expected, "{backend}");
        assert_eq!(
            granted(&r),
            (expected.into(), json!(["read:admin-messages"])),
            "{backend}"
        );

        // Remembered: silently, the same or less.
        let r = silent_tokens(&s, &mut b, &silent, &third, THIRD_REDIRECT).await;
        assert_eq!(r.body["scope"], expected, "{backend}");
        let less = request(
            &s,
            &third,
            THIRD_REDIRECT,
            "openid",
            Some(API),
            "&prompt=none",
        );
        let r = silent_tokens(&s, &mut b, &less, &third, THIRD_REDIRECT).await;
        // A third-party client's token carries only granted permissions.
        assert_eq!(granted(&r), ("openid".into(), json!([])), "{backend}");
        // More than was consented to is asked for again.
        let more = request(
            &s,
            &third,
            THIRD_REDIRECT,
            &format!("{asked} email"),
            Some(API),
            "&prompt=none",
        );
        let (_, headers, _) = b.get(&more).await;
        assert!(
            consent_required(&headers),
            "{backend}: email was never allowed"
        );
    }
}

#[tokio::test]
async fn the_user_and_the_administrator_withdraw_a_consent() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let third = third_party_client(&s).await;
        let mut b = signed_in(&s).await;
        let scope = "openid profile offline_access";
        let r = consent_and_exchange(&s, &mut b, &third, scope).await;

        // The user's own list, with a token minted for the issuer itself.
        let own = token_for(&s, ADA, s.server.issuer()).await;
        let listed = s.get("/api/auth/consents", Some(&own)).await;
        assert_eq!(listed.status, 200, "{backend}: {}", listed.text);
        assert_eq!(listed.body[0]["client_id"], third.as_str(), "{backend}");
        assert_eq!(listed.body[0]["client_name"], "Elsewhere", "{backend}");
        assert_eq!(listed.body[0]["audience"], API, "{backend}");
        assert_eq!(
            listed.body[0]["scopes"],
            json!(["openid", "profile", "offline_access"]),
            "{backend}"
        );
        // A token for another API is not the user's own key to this.
        let other = token_for(&s, ADA, API).await;
        assert_eq!(
            s.get("/api/auth/consents", Some(&other)).await.status,
            401,
            "{backend}"
        );
        let path = format!("/api/auth/consents/{third}");
        let (status, _) = send(&s, Method::DELETE, &path, &other, None).await;
        assert_eq!(status, 401, "{backend}");

        let root = root_token(&s).await;
        let sessions = "/api/admin/users/ada@example.com/sessions";
        let of_third = |list: &Value| {
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["client_id"] == third.as_str())
                .count()
        };
        let (_, list) = send(&s, Method::GET, sessions, &root, None).await;
        assert_eq!(of_third(&list), 1, "{backend}: {list}");
        let (status, _) = send(&s, Method::DELETE, &path, &own, None).await;
        assert_eq!(status, 204, "{backend}");
        let (_, list) = send(&s, Method::GET, sessions, &root, None).await;
        assert_eq!(
            of_third(&list),
            0,
            "{backend}: the client's sessions are revoked"
        );
        let ended = refresh(&s, refresh_token(&r)).await;
        assert_eq!(
            ended.body["error"], "invalid_grant",
            "{backend}: the client's session ended"
        );
        let silent = request(
            &s,
            &third,
            THIRD_REDIRECT,
            "openid profile",
            Some(API),
            "&prompt=none",
        );
        let (_, headers, _) = b.get(&silent).await;
        assert_eq!(
            outcome(&headers, THIRD_REDIRECT),
            (Some("consent_required".into()), None),
            "{backend}"
        );
        let (status, _) = send(&s, Method::DELETE, &path, &own, None).await;
        assert_eq!(status, 404, "{backend}: nothing left to withdraw");

        // The administrator sees and withdraws it too.
        let r = consent_and_exchange(&s, &mut b, &third, scope).await;
        let (status, list) = send(&s, Method::GET, ADA_CONSENTS, &root, None).await;
        assert_eq!(status, 200, "{backend}: {list}");
        assert_eq!(list[0]["client_id"], third.as_str(), "{backend}");
        let admin_path = format!("{ADA_CONSENTS}/{third}");
        let (status, _) = send(&s, Method::DELETE, &admin_path, &root, None).await;
        assert_eq!(status, 204, "{backend}");
        let ended = refresh(&s, refresh_token(&r)).await;
        assert_eq!(ended.body["error"], "invalid_grant", "{backend}");
        let (status, list) = send(&s, Method::GET, ADA_CONSENTS, &root, None).await;
        assert_eq!((status, list), (200, json!([])), "{backend}");
    }
}

#[tokio::test]
async fn a_third_party_client_stays_signed_in_only_with_offline_access() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let third = third_party_client(&s).await;
        let mut b = signed_in(&s).await;
        let r = consent_and_exchange(&s, &mut b, &third, "openid profile").await;
        assert!(
            r.body.get("refresh_token").is_none(),
            "{backend}: no refresh token without offline_access: {}",
            r.text
        );
        assert!(r.body["access_token"].is_string(), "{backend}");
        let r = consent_and_exchange(&s, &mut b, &third, "openid offline_access").await;
        let token = refresh_token(&r).to_owned();
        let again = refresh(&s, &token).await;
        assert_eq!(again.status, 200, "{backend}: {}", again.text);
        // A first-party client needs no such scope (its own app keeps its user signed in).
        let first = request(&s, CLIENT, REDIRECT, "openid", Some(API), "&prompt=none");
        let r = silent_tokens(&s, &mut b, &first, CLIENT, REDIRECT).await;
        assert!(r.body["refresh_token"].is_string(), "{backend}: {}", r.text);
    }
}

#[tokio::test]
async fn prompt_consent_asks_again_and_prompt_none_stands_alone() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let third = third_party_client(&s).await;
        let mut b = signed_in(&s).await;
        consent_and_exchange(&s, &mut b, &third, "openid profile").await;
        // Consent is remembered, yet prompt=consent shows the page again …
        let again = request(
            &s,
            &third,
            THIRD_REDIRECT,
            "openid profile",
            Some(API),
            "&prompt=consent",
        );
        let (status, _, html) = b.get(&again).await;
        assert_eq!(status, 200, "{backend}: {html}");
        assert!(html.contains("Elsewhere"), "{backend}: {html}");
        // … and once answered, the code follows (no second page).
        let (status, headers, html) = answer_consent(&s, &mut b, &again, "allow").await;
        assert_eq!(status, 302, "{backend}: {html}");
        code(&headers, THIRD_REDIRECT);
        // Denied this time: the client hears access_denied.
        let (_, headers, _) = answer_consent(&s, &mut b, &again, "deny").await;
        assert_eq!(
            outcome(&headers, THIRD_REDIRECT),
            (Some("access_denied".into()), None),
            "{backend}"
        );
        // A first-party client has nothing to consent to: straight to the code.
        let first = request(&s, CLIENT, REDIRECT, "openid", Some(API), "&prompt=consent");
        let (status, headers, html) = b.get(&first).await;
        assert_eq!(status, 302, "{backend}: {html}");
        code(&headers, REDIRECT);
        // `none` with anything else, or a value this server cannot honour: invalid_request.
        for bad in ["none%20consent", "login%20none", "select_account"] {
            let url = request(
                &s,
                &third,
                THIRD_REDIRECT,
                "openid",
                Some(API),
                &format!("&prompt={bad}"),
            );
            let (status, headers, html) = b.get(&url).await;
            assert_eq!(status, 302, "{backend}: {bad}: {html}");
            assert_eq!(
                outcome(&headers, THIRD_REDIRECT),
                (Some("invalid_request".into()), None),
                "{backend}: {bad}"
            );
        }
    }
}

#[tokio::test]
async fn prompt_consent_survives_the_sign_in_page() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let third = third_party_client(&s).await;
        let mut b = signed_in(&s).await;
        consent_and_exchange(&s, &mut b, &third, "openid").await;
        // A browser without a session: the sign-in page first, then the consent page
        // again (the remembered consent does not skip it).
        let mut fresh = Browser::new();
        let again = request(
            &s,
            &third,
            THIRD_REDIRECT,
            "openid",
            Some(API),
            "&prompt=consent",
        );
        let (status, _, html) = sign_in_at(&s, &mut fresh, &again, ADA).await;
        assert_eq!(
            status, 200,
            "{backend}: the consent page, not a code: {html}"
        );
        assert!(html.contains("Elsewhere"), "{backend}: {html}");
    }
}

#[tokio::test]
async fn a_sign_in_older_than_max_age_asks_for_the_password_again() {
    let clock = portcullis_server::Clock::manual(T);
    for (backend, s) in crate::helpers::servers_at(clock.clone()).await {
        setup(&s).await;
        let mut b = signed_in(&s).await;
        let signed_in_at = clock.now();
        let within = request(&s, CLIENT, REDIRECT, "openid", Some(API), "&max_age=60");
        let (status, _, _) = b.get(&within).await;
        assert_eq!(status, 302, "{backend}: a fresh sign-in is good enough");
        clock.advance(61);
        // Too old: the sign-in page, or login_required when no page may be shown.
        let (status, _, html) = b.get(&within).await;
        assert_eq!(status, 200, "{backend}: {html}");
        assert!(html.contains("password"), "{backend}: {html}");
        let silent = request(
            &s,
            CLIENT,
            REDIRECT,
            "openid",
            Some(API),
            "&max_age=60&prompt=none",
        );
        let (_, headers, _) = b.get(&silent).await;
        assert_eq!(
            outcome(&headers, REDIRECT),
            (Some("login_required".into()), None),
            "{backend}"
        );
        // Signing in again satisfies it, and the ID token says when.
        let (status, headers, html) = sign_in_at(&s, &mut b, &within, ADA).await;
        assert_eq!(status, 302, "{backend}: {html}");
        let r = exchange(&s, &code(&headers, REDIRECT), VERIFIER, REDIRECT, CLIENT).await;
        let id = claims(r.body["id_token"].as_str().unwrap());
        assert_eq!(id["auth_time"], signed_in_at + 61, "{backend}: {id}");
        // max_age must be a number of seconds.
        for bad in ["-1", "soon", "99999999999"] {
            let url = request(
                &s,
                CLIENT,
                REDIRECT,
                "openid",
                Some(API),
                &format!("&max_age={bad}"),
            );
            let (_, headers, _) = b.get(&url).await;
            assert_eq!(
                outcome(&headers, REDIRECT),
                (Some("invalid_request".into()), None),
                "{backend}: {bad}"
            );
        }
    }
}
