//! The code flow end to end through the hosted pages: tokens, SSO, logout, refusals.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use super::*;
use crate::helpers::{API, servers};

#[tokio::test]
async fn code_flow_with_pkce_issues_tokens_and_an_id_token() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let mut b = Browser::new();
        let (status, headers, body) =
            sign_in(&s, &mut b, "ada@example.com", "correct horse battery").await;
        assert_eq!(status, 302, "{backend}: {body}");
        let (base, pairs) = location_params(&headers);
        assert_eq!(base, REDIRECT);
        assert_eq!(param(&pairs, "state"), Some("xyz"));
        let code = param(&pairs, "code").unwrap().to_owned();
        let t = exchange(&s, &code, VERIFIER, REDIRECT, CLIENT).await;
        assert_eq!(t.status, 200, "{backend}: {}", t.text);
        assert!(
            t.body["refresh_token"].is_string(),
            "public clients get refresh tokens"
        );
        let id_token = t.body["id_token"].as_str().unwrap();
        let payload: Value = serde_json::from_slice(
            &URL_SAFE_NO_PAD
                .decode(id_token.split('.').nth(1).unwrap())
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            (
                payload["aud"].as_str(),
                payload["nonce"].as_str(),
                payload["email"].as_str()
            ),
            (Some(CLIENT), Some("n-0S6"), Some("ada@example.com"))
        );
        assert!(payload["auth_time"].is_i64() && payload["sid"].is_string());
        let guard = portcullis::Guard::builder()
            .issuer(portcullis::IssuerConfig::discover(s.server.issuer()).audience(API))
            .build()
            .unwrap();
        let auth = guard
            .authenticate(t.body["access_token"].as_str().unwrap())
            .await
            .unwrap();
        assert_eq!(auth.client_id(), Some(CLIENT), "{backend}");
        // The code is single use; replaying it revokes what it issued.
        let replay = exchange(&s, &code, VERIFIER, REDIRECT, CLIENT).await;
        assert_eq!(
            (replay.status, replay.body["error"].as_str()),
            (400, Some("invalid_grant")),
            "{backend}"
        );
        let refresh = t.body["refresh_token"].as_str().unwrap();
        let r = s
            .post_form(
                "/oauth/token",
                &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
            )
            .await;
        assert_eq!(
            r.status, 400,
            "{backend}: the first exchange's session is revoked"
        );
        // Single sign-on: the next authorization needs no password; prompt=login asks again.
        let (status, headers, _) = b.get(&authorize_url(&s, "")).await;
        assert_eq!(status, 302, "{backend}");
        assert!(param(&location_params(&headers).1, "code").is_some());
        assert_eq!(b.get(&authorize_url(&s, "&prompt=login")).await.0, 200);
        // Logout with the ID token as hint ends it: back to the form, and prompt=none
        // says login_required.
        let (status, headers, _) = b
            .get(&format!(
                "{}/logout?client_id={CLIENT}&post_logout_redirect_uri={}&id_token_hint={id_token}",
                s.base,
                urlencode("http://localhost:4040/")
            ))
            .await;
        assert_eq!(
            (status, headers["location"].to_str().unwrap()),
            (302, "http://localhost:4040/"),
            "{backend}"
        );
        assert_eq!(b.get(&authorize_url(&s, "")).await.0, 200);
        let (_, headers, _) = b.get(&authorize_url(&s, "&prompt=none")).await;
        assert_eq!(
            param(&location_params(&headers).1, "error"),
            Some("login_required")
        );
        let (status, headers, _) = b
            .get(&format!(
                "{}/logout?client_id={CLIENT}&post_logout_redirect_uri={}",
                s.base,
                urlencode("https://evil.example/")
            ))
            .await;
        assert_eq!(
            status, 200,
            "{backend}: unregistered post-logout URI: a page, not a redirect"
        );
        assert!(!headers.contains_key("location"));
    }
}

#[tokio::test]
async fn exchanges_that_do_not_match_are_refused() {
    for (backend, s) in servers().await {
        setup(&s).await;
        s.server
            .idp()
            .ensure_public_client(
                "spa_other",
                "Other",
                &[API],
                &["http://localhost:5050/cb"],
                &[],
                1_800_000_000,
            )
            .await
            .unwrap();
        let mut b = Browser::new();
        for (verifier, redirect, client, why) in [
            (
                "wrong-verifier-wrong-verifier-wrong-verifier-0",
                REDIRECT,
                CLIENT,
                "wrong verifier",
            ),
            (
                VERIFIER,
                "http://localhost:4040/other",
                CLIENT,
                "other redirect_uri",
            ),
            (VERIFIER, REDIRECT, "spa_other", "other client"),
            ("short", REDIRECT, CLIENT, "malformed verifier"),
        ] {
            let (_, headers, _) = if b.cookies.iter().any(|(k, _)| k == "portcullis_session") {
                b.get(&authorize_url(&s, "")).await
            } else {
                sign_in(&s, &mut b, "ada@example.com", "correct horse battery").await
            };
            let code = param(&location_params(&headers).1, "code")
                .unwrap()
                .to_owned();
            let r = exchange(&s, &code, verifier, redirect, client).await;
            assert_eq!(
                (r.status, r.body["error"].as_str()),
                (400, Some("invalid_grant")),
                "{backend}: {why}: {}",
                r.text
            );
        }
        let unknown_client = exchange(&s, "pac_x", VERIFIER, REDIRECT, "nope").await;
        assert_eq!(unknown_client.status, 401, "{backend}");
        let forged = exchange(&s, "pac_forged", VERIFIER, REDIRECT, CLIENT).await;
        assert_eq!(forged.body["error"], "invalid_grant");
    }
}

#[tokio::test]
async fn authorization_requests_are_checked_before_anything_redirects() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let mut b = Browser::new();
        let base = authorize_url(&s, "");
        // Bad client or redirect URI: an error page, never a redirect (no open redirect).
        for url in [
            base.replace(&format!("client_id={CLIENT}"), "client_id=nope"),
            base.replace(&urlencode(REDIRECT), &urlencode("https://evil.example/cb")),
            format!("{base}&client_id={CLIENT}"),
        ] {
            let (status, headers, _) = b.get(&url).await;
            assert_eq!(status, 400, "{backend}: {url}");
            assert!(!headers.contains_key("location"), "{backend}: {url}");
        }
        // Valid redirect URI: errors go back to the client with state.
        for (find, replace, error) in [
            (
                "&code_challenge_method=S256",
                "&code_challenge_method=plain",
                "invalid_request",
            ),
            ("&code_challenge_method=S256", "", "invalid_request"),
            (
                "response_type=code",
                "response_type=token",
                "unsupported_response_type",
            ),
            (
                &format!("&audience={}", urlencode(API)),
                "&audience=https%3A%2F%2Fnope",
                "invalid_target",
            ),
        ] {
            let (status, headers, _) = b.get(&base.replace(find, replace)).await;
            assert_eq!(status, 302, "{backend}: {replace}");
            let (to, pairs) = location_params(&headers);
            assert_eq!(
                (to.as_str(), param(&pairs, "error"), param(&pairs, "state")),
                (REDIRECT, Some(error), Some("xyz")),
                "{backend}: {replace}"
            );
        }
        let no_pkce = base.split("&code_challenge=").next().unwrap().to_owned() + "&state=xyz";
        let (_, headers, _) = b.get(&no_pkce).await;
        assert_eq!(
            param(&location_params(&headers).1, "error"),
            Some("invalid_request"),
            "{backend}: PKCE required"
        );
    }
}

#[tokio::test]
async fn the_sign_in_form_refuses_forgery_and_wrong_passwords_alike() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let mut b = Browser::new();
        let (_, _, html) = b.get(&authorize_url(&s, "")).await;
        let mut form = hidden_fields(&html);
        form.push(("email".into(), "ada@example.com".into()));
        form.push(("password".into(), "correct horse battery".into()));
        // Without the CSRF cookie (a cross-site post), or with another token: refused.
        let mut stranger = Browser::new();
        assert_eq!(
            stranger
                .post_form(&format!("{}/authorize/login", s.base), &form)
                .await
                .0,
            403,
            "{backend}"
        );
        let mut tampered = form.clone();
        tampered[0].1 = "forged".into();
        assert_eq!(
            b.post_form(&format!("{}/authorize/login", s.base), &tampered)
                .await
                .0,
            403,
            "{backend}"
        );
        // Wrong password and unknown email: the same page.
        let (s1, _, wrong) = sign_in(
            &s,
            &mut Browser::new(),
            "ada@example.com",
            "wrong password!",
        )
        .await;
        let (s2, _, unknown) = sign_in(
            &s,
            &mut Browser::new(),
            "nobody@example.com",
            "wrong password!",
        )
        .await;
        assert_eq!((s1, s2), (401, 401), "{backend}");
        assert!(
            wrong.contains("Invalid email or password")
                && unknown.contains("Invalid email or password")
        );
        assert!(
            !wrong.contains("wrong password!"),
            "{backend}: the password is never echoed"
        );
        // CORS: the registered app's origin may call the token endpoint; others may not.
        let pre = |origin: &'static str| {
            s.http
                .request(reqwest::Method::OPTIONS, s.url("/oauth/token"))
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .send()
        };
        let ok = pre("http://localhost:4040").await.unwrap();
        assert_eq!(
            ok.headers()["access-control-allow-origin"],
            "http://localhost:4040",
            "{backend}"
        );
        let evil = pre("https://evil.example").await.unwrap();
        assert!(
            evil.headers().get("access-control-allow-origin").is_none(),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn refresh_tokens_stay_with_their_client() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let mut b = Browser::new();
        let (_, headers, _) = sign_in(&s, &mut b, "ada@example.com", "correct horse battery").await;
        let code = param(&location_params(&headers).1, "code")
            .unwrap()
            .to_owned();
        let t = exchange(&s, &code, VERIFIER, REDIRECT, CLIENT).await;
        let refresh = t.body["refresh_token"].as_str().unwrap().to_owned();
        let other = s
            .post_form(
                "/oauth/token",
                &[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", &refresh),
                    ("client_id", "spa_other"),
                ],
            )
            .await;
        assert_eq!(
            (other.status, other.body["error"].as_str()),
            (400, Some("invalid_grant")),
            "{backend}"
        );
        // The refused attempt did not spend it: the right client still can.
        let ok = s
            .post_form(
                "/oauth/token",
                &[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", &refresh),
                    ("client_id", CLIENT),
                ],
            )
            .await;
        assert_eq!(ok.status, 200, "{backend}: {}", ok.text);
    }
}

#[tokio::test]
async fn deleting_a_client_kills_its_refresh_tokens() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let root = crate::helpers::root_token(&s).await;
        let (_, headers, _) = sign_in(
            &s,
            &mut Browser::new(),
            "ada@example.com",
            "correct horse battery",
        )
        .await;
        let code = param(&location_params(&headers).1, "code")
            .unwrap()
            .to_owned();
        let t = exchange(&s, &code, VERIFIER, REDIRECT, CLIENT).await;
        // It refreshes while the client exists.
        let r = crate::helpers::refresh(&s, t.body["refresh_token"].as_str().unwrap()).await;
        assert_eq!(r.status, 200, "{backend}: {}", r.text);
        let live = r.body["refresh_token"].as_str().unwrap().to_owned();
        let (status, _) = crate::helpers::send(
            &s,
            reqwest::Method::DELETE,
            &format!("/api/admin/clients/{CLIENT}"),
            &root,
            None,
        )
        .await;
        assert_eq!(status, 204, "{backend}");
        let r = crate::helpers::refresh(&s, &live).await;
        assert_eq!(
            (r.status, r.body["error"].as_str()),
            (400, Some("invalid_grant")),
            "{backend}: {}",
            r.text
        );
    }
}

fn link_in(body: &str, path: &str) -> String {
    let start = body.find(path).unwrap();
    let rest = &body[start..];
    rest.split_whitespace().next().unwrap().to_owned()
}

#[tokio::test]
async fn sign_up_verify_forget_and_reset_through_the_hosted_pages() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let mut b = Browser::new();
        let (status, _, html) = b
            .get(&authorize_url(&s, "").replace("/authorize?", "/authorize/signup?"))
            .await;
        assert_eq!(status, 200, "{backend}: {html}");
        let mut form = hidden_fields(&html);
        form.extend([
            ("email".into(), "Bea@Example.com".into()),
            ("password".into(), "short".into()),
            ("name".into(), "Bea".into()),
        ]);
        let (status, _, again) = b
            .post_form(&format!("{}/authorize/signup", s.base), &form)
            .await;
        assert_eq!(status, 400, "{backend}");
        assert!(
            again.contains("at least 8 characters"),
            "{backend}: the policy says why"
        );
        let mut form = hidden_fields(&again);
        form.extend([
            ("email".into(), "Bea@Example.com".into()),
            ("password".into(), "a long enough passphrase".into()),
        ]);
        let (status, headers, body) = b
            .post_form(&format!("{}/authorize/signup", s.base), &form)
            .await;
        assert_eq!(status, 302, "{backend}: {body}");
        let code = param(&location_params(&headers).1, "code")
            .unwrap()
            .to_owned();
        assert_eq!(
            exchange(&s, &code, VERIFIER, REDIRECT, CLIENT).await.status,
            200,
            "{backend}"
        );
        // The verification link is in the outbox, works once.
        let idp = s.server.idp();
        let mail = idp
            .store()
            .outbox(Some("bea@example.com"), 10)
            .await
            .unwrap();
        assert_eq!(mail.len(), 1, "{backend}");
        let link = link_in(
            &mail[0].body,
            &s.server.issuer()[..s.server.issuer().len() - 1],
        );
        let path = link.trim_start_matches(&s.base);
        let verified = s.get(path, None).await;
        assert_eq!(verified.status, 200, "{backend}: {link}: {}", verified.text);
        assert!(
            idp.find_user("bea@example.com")
                .await
                .unwrap()
                .email_verified
        );
        assert_eq!(s.get(path, None).await.status, 400, "{backend}: single use");
        // Forgot password: the same answer for unknown addresses, and no mail for them.
        // The form answers before the request is handled; one worker handles requests
        // in order, so once bea's mail is there, nobody's request is done too.
        let (_, _, forgot) = b.get(&format!("{}/forgot-password", s.base)).await;
        for email in ["nobody@example.com", "bea@example.com"] {
            let mut f = hidden_fields(&forgot);
            f.push(("email".into(), email.into()));
            let (status, _, page) = b
                .post_form(&format!("{}/forgot-password", s.base), &f)
                .await;
            assert_eq!(status, 200, "{backend}");
            assert!(page.contains("If an account exists"), "{backend}");
        }
        let reset = format!(
            "{}{}",
            s.base,
            super::links::mailed_path(&s, "bea@example.com", "/reset-password").await
        );
        assert!(
            idp.store()
                .outbox(Some("nobody@example.com"), 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            reset.contains("/reset-password?token="),
            "{backend}: {reset}"
        );
        let (status, _, reset_page) = b.get(&reset).await;
        assert_eq!(status, 200);
        let mut f = hidden_fields(&reset_page);
        f.push(("password".into(), "a brand new passphrase".into()));
        let (status, _, done) = b.post_form(&format!("{}/reset-password", s.base), &f).await;
        assert_eq!(status, 200, "{backend}: {done}");
        let old = s.post_json("/api/auth/login", &serde_json::json!({"email": "bea@example.com", "password": "a long enough passphrase"})).await;
        assert_eq!(old.status, 401, "{backend}");
        let new = s.post_json("/api/auth/login", &serde_json::json!({"email": "bea@example.com", "password": "a brand new passphrase"})).await;
        assert_eq!(new.status, 200, "{backend}");
        // The browser session was ended by the reset.
        assert_eq!(
            b.get(&authorize_url(&s, "")).await.0,
            200,
            "{backend}: asked to sign in again"
        );
        let (_, _, reset_page) = b.get(&reset).await;
        let mut f = hidden_fields(&reset_page);
        f.push(("password".into(), "yet another passphrase".into()));
        let (status, _, _) = b.post_form(&format!("{}/reset-password", s.base), &f).await;
        assert_eq!(status, 400, "{backend}: a reset link works once");
    }
}
