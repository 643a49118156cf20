//! The hosted sign-in of a user with an authenticator app: the right password leads to
//! a second page asking for the code, and only a right code sets the session cookie and
//! sends the authorization code; the tokens say how the user signed in (`amr`). The
//! invitation page asks the same. Time moves on the servers' manual clock.

use portcullis_server::Clock;
use serde_json::{Value, json};

use super::*;
use crate::mfa::{T0, enroll, servers, totp, wrong_code};

const PW: &str = "correct horse battery";

pub(crate) fn has_session_cookie(b: &Browser) -> bool {
    b.cookies
        .iter()
        .any(|(k, _)| k.contains("portcullis_session"))
}

/// Posts the second-factor page `page` (its hidden fields) with `code` to `action`.
async fn post_code(
    s: &TestServer,
    b: &mut Browser,
    page: &str,
    action: &str,
    code: &str,
) -> (u16, reqwest::header::HeaderMap, String) {
    let form = form_with(page, &[("code", code)]);
    b.post_form(&s.url(action), &form).await
}

/// The `amr` of the tokens the redirect's authorization code is exchanged for (the ID
/// token and the access token say the same).
pub(crate) async fn amr_at_redirect(s: &TestServer, headers: &reqwest::header::HeaderMap) -> Value {
    let (base, pairs) = location_params(headers);
    assert_eq!(
        (base.as_str(), param(&pairs, "state")),
        (REDIRECT, Some("xyz"))
    );
    let t = exchange(
        s,
        param(&pairs, "code").unwrap(),
        VERIFIER,
        REDIRECT,
        CLIENT,
    )
    .await;
    assert_eq!(t.status, 200, "{}", t.text);
    let amr = claims(t.body["id_token"].as_str().unwrap())["amr"].clone();
    assert_eq!(claims(t.body["access_token"].as_str().unwrap())["amr"], amr);
    amr
}

#[tokio::test]
async fn the_hosted_sign_in_asks_for_the_code_before_the_session() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let ada = enroll(&s, &clock, "ada@example.com").await;
        let mut b = Browser::new();
        let (status, headers, page) = sign_in(&s, &mut b, "ada@example.com", PW).await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(page.contains("Two-step verification"), "{backend}: {page}");
        assert!(page.contains("action=\"/authorize/mfa\""), "{backend}");
        assert!(
            !has_session_cookie(&b),
            "{backend}: no session before the code"
        );
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("http://localhost:4040"));
        // A forged post (no CSRF field) changes nothing.
        let forged: Vec<(String, String)> =
            form_with(&page, &[("code", &totp(&ada.secret, T0 + 30))])
                .into_iter()
                .filter(|(k, _)| k != "csrf")
                .collect();
        let (status, _, _) = b.post_form(&s.url("/authorize/mfa"), &forged).await;
        assert_eq!(status, 403, "{backend}");
        // A wrong code: the page again, saying so; still no session.
        let (status, _, page) = post_code(
            &s,
            &mut b,
            &page,
            "/authorize/mfa",
            &wrong_code(&ada.secret, clock.now()),
        )
        .await;
        assert_eq!(status, 401, "{backend}: {page}");
        assert!(
            page.contains("Invalid code") && page.contains("mfa_token"),
            "{backend}"
        );
        assert!(!has_session_cookie(&b), "{backend}");
        // The right code: the authorization code, and the session cookie.
        clock.advance(30);
        let code = totp(&ada.secret, clock.now());
        let (status, headers, body) = post_code(&s, &mut b, &page, "/authorize/mfa", &code).await;
        assert_eq!(status, 302, "{backend}: {body}");
        assert!(has_session_cookie(&b), "{backend}: signed in now");
        let otp = json!(["pwd", "otp", "mfa"]);
        assert_eq!(amr_at_redirect(&s, &headers).await, otp, "{backend}");
        // Single sign-on: the next authorization states the same sign-in, without a page.
        let (status, headers, _) = b.get(&authorize_url(&s, "")).await;
        assert_eq!(status, 302, "{backend}");
        assert_eq!(amr_at_redirect(&s, &headers).await, otp, "{backend}");
        // A recovery code signs in too: `mfa` without `otp`.
        let mut other = Browser::new();
        let (_, _, page) = sign_in(&s, &mut other, "ada@example.com", PW).await;
        let recovery = &ada.recovery_codes[0];
        let (status, headers, _) =
            post_code(&s, &mut other, &page, "/authorize/mfa", recovery).await;
        assert_eq!(status, 302, "{backend}");
        assert_eq!(amr_at_redirect(&s, &headers).await, json!(["pwd", "mfa"]));
        // A code after the five minutes: back to the password.
        let mut late = Browser::new();
        let (_, _, page) = sign_in(&s, &mut late, "ada@example.com", PW).await;
        clock.advance(301);
        let code = totp(&ada.secret, clock.now());
        let (status, _, page) = post_code(&s, &mut late, &page, "/authorize/mfa", &code).await;
        assert_eq!(status, 401, "{backend}: {page}");
        assert!(
            page.contains("expired") && page.contains("name=\"password\""),
            "{backend}"
        );
        assert!(!has_session_cookie(&late), "{backend}");
        // A user without an authenticator app signs in at once, with `pwd`.
        s.signup("bob@example.com").await;
        let mut bob = Browser::new();
        let (status, headers, _) = sign_in(&s, &mut bob, "bob@example.com", PW).await;
        assert_eq!(status, 302, "{backend}");
        assert_eq!(
            amr_at_redirect(&s, &headers).await,
            json!(["pwd"]),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn the_invitation_page_asks_for_the_code_too() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let ada = enroll(&s, &clock, "ada@example.com").await;
        let idp = s.server.idp();
        idp.create_org("Acme Inc.", "acme", None, None, T0)
            .await
            .unwrap();
        idp.invite("acme", "ada@example.com", "admin", T0)
            .await
            .unwrap();
        let mail = idp.outbox(Some("ada@example.com"), 5).await.unwrap();
        let body = &mail
            .iter()
            .find(|m| m.body.contains("/join?token="))
            .unwrap()
            .body;
        let link = link_in(body, &format!("{}/join?token=", s.base));
        let mut b = Browser::new();
        let (_, _, page) = b.get(&link).await;
        let form = form_with(&page, &[("email", "ada@example.com"), ("password", PW)]);
        let (status, _, page) = b.post_form(&s.url("/join"), &form).await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(page.contains("action=\"/join/mfa\""), "{backend}: {page}");
        assert!(!has_session_cookie(&b), "{backend}");
        let (status, _, page) = post_code(
            &s,
            &mut b,
            &page,
            "/join/mfa",
            &wrong_code(&ada.secret, clock.now()),
        )
        .await;
        assert_eq!(status, 401, "{backend}: {page}");
        let acme = idp.org("acme").await.unwrap().unwrap();
        let ada_id = idp.find_user("ada@example.com").await.unwrap().id;
        assert!(
            idp.membership(&acme.id, &ada_id).await.unwrap().is_none(),
            "{backend}"
        );
        clock.advance(30);
        let (status, _, page) = post_code(
            &s,
            &mut b,
            &page,
            "/join/mfa",
            &totp(&ada.secret, clock.now()),
        )
        .await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(
            page.contains("You joined acme as admin"),
            "{backend}: {page}"
        );
        assert!(has_session_cookie(&b), "{backend}");
    }
}
