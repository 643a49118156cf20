//! Passkeys on the hosted sign-in: the sign-in page offers one (its script, autofill on
//! the email field, a CSP allowing this origin's script only), a passkey alone goes on
//! to the authorization code as a password does, and a user with a password and a
//! passkey is asked for the passkey (or a code) at the second step. The tokens say how
//! (`amr`).

use portcullis_server::Clock;
use serde_json::json;

use super::*;
use crate::browser::mfa::amr_at_redirect;
use crate::browser::{Browser, authorize_url, setup, sign_in};
use crate::mfa::T0;

#[tokio::test]
async fn the_sign_in_page_signs_in_with_a_passkey_alone() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let mut b = signed_in(&s, "ada@example.com").await;
        let mut key = soft(&s);
        register(&s, &mut b, &mut key, "Laptop").await;

        let mut browser = Browser::new();
        let (status, headers, page) = browser.get(&authorize_url(&s, "")).await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(
            page.contains("autocomplete=\"username webauthn\""),
            "{backend}"
        );
        assert!(page.contains("data-passkey=\"sign-in-form\""), "{backend}");
        assert!(
            page.contains("<script src=\"/assets/passkeys.js?v="),
            "{backend}"
        );
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && csp.contains("connect-src 'self'"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe"), "{csp}");
        // The script fills in the passkey form and posts it.
        let begun = begin(&s, &mut browser, "authenticate/begin", &json!({})).await;
        assert_eq!(begun["options"]["mediation"], "conditional", "{backend}");
        let credential = key.get(&begun["options"]);
        let mut form = fields_of(&page, "id=\"passkey\"");
        for (k, v) in &mut form {
            if k == "ceremony" {
                *v = begun["ceremony"].as_str().unwrap().to_owned();
            } else if k == "credential" {
                *v = credential.to_string();
            }
        }
        let (status, headers, body) = browser.post_form(&s.url("/authorize/passkey"), &form).await;
        assert_eq!(status, 302, "{backend}: {body}");
        assert!(browser.has_session(), "{backend}");
        assert_eq!(
            amr_at_redirect(&s, &headers).await,
            json!(["hwk", "user", "mfa"]),
            "{backend}"
        );
        // Single sign-on carries it on.
        let (status, headers, _) = browser.get(&authorize_url(&s, "")).await;
        assert_eq!(status, 302, "{backend}");
        assert_eq!(
            amr_at_redirect(&s, &headers).await,
            json!(["hwk", "user", "mfa"])
        );
        // A replayed form: the sign-in page again, saying why, no code.
        let mut again = Browser::new();
        let (_, _, page) = again.get(&authorize_url(&s, "")).await;
        let mut replay = fields_of(&page, "id=\"passkey\"");
        for (k, v) in &mut replay {
            if k == "ceremony" {
                *v = begun["ceremony"].as_str().unwrap().to_owned();
            } else if k == "credential" {
                *v = credential.to_string();
            }
        }
        let (status, _, page) = again.post_form(&s.url("/authorize/passkey"), &replay).await;
        assert_eq!(status, 400, "{backend}: {page}");
        assert!(page.contains("already used") && page.contains("name=\"password\""));
        assert!(!again.has_session(), "{backend}");
    }
}

#[tokio::test]
async fn a_password_then_a_passkey_is_two_factors() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let mut b = signed_in(&s, "ada@example.com").await;
        let mut key = soft(&s);
        key.synced = true;
        register(&s, &mut b, &mut key, "Phone").await;
        // The JSON login asks for a second step now.
        let r = s
            .post_json(
                "/api/auth/login",
                &json!({"email": "ada@example.com", "password": PW}),
            )
            .await;
        assert_eq!(r.body["mfa_required"], true, "{backend}: {}", r.text);

        let mut browser = Browser::new();
        let (status, headers, page) = sign_in(&s, &mut browser, "ada@example.com", PW).await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(page.contains("Use your passkey") && page.contains("data-passkey=\"second-step\""));
        assert!(!browser.has_session(), "{backend}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'"), "{csp}");
        let form = fields_of(&page, "id=\"passkey\"");
        let mfa_token = form
            .iter()
            .find(|(k, _)| k == "mfa_token")
            .unwrap()
            .1
            .clone();
        // Another user's passkey does not answer Ada's step.
        s.signup("bob@example.com").await;
        let mut bob_browser = signed_in(&s, "bob@example.com").await;
        let mut bob = soft(&s);
        register(&s, &mut bob_browser, &mut bob, "Bob's").await;
        let post = |page: &str, ceremony: String, credential: String| {
            let mut form = fields_of(page, "id=\"passkey\"");
            for (k, v) in &mut form {
                if k == "ceremony" {
                    *v = ceremony.clone();
                } else if k == "credential" {
                    *v = credential.clone();
                }
            }
            form
        };
        let begun = begin(
            &s,
            &mut browser,
            "authenticate/begin",
            &json!({"mfa_token": mfa_token}),
        )
        .await;
        let allowed = &begun["options"]["publicKey"]["allowCredentials"];
        assert_eq!(
            allowed.as_array().unwrap().len(),
            1,
            "{backend}: Ada's passkeys only"
        );
        let stolen = bob.get(&begun["options"]);
        let form_post = post(
            &page,
            begun["ceremony"].as_str().unwrap().into(),
            stolen.to_string(),
        );
        let (status, _, page) = browser
            .post_form(&s.url("/authorize/mfa"), &form_post)
            .await;
        assert_eq!(status, 401, "{backend}: {page}");
        assert!(
            page.contains("not registered for this account"),
            "{backend}"
        );
        assert!(!browser.has_session(), "{backend}");
        // Her own: signed in, `pwd swk mfa`.
        let begun = begin(
            &s,
            &mut browser,
            "authenticate/begin",
            &json!({"mfa_token": mfa_token}),
        )
        .await;
        let answer = key.get(&begun["options"]);
        let form_post = post(
            &page,
            begun["ceremony"].as_str().unwrap().into(),
            answer.to_string(),
        );
        let (status, headers, page) = browser
            .post_form(&s.url("/authorize/mfa"), &form_post)
            .await;
        assert_eq!(status, 302, "{backend}: {page}");
        assert_eq!(
            amr_at_redirect(&s, &headers).await,
            json!(["pwd", "swk", "mfa"]),
            "{backend}"
        );
        // The step is spent: beginning another passkey answer for it fails.
        let (status, _, _) = browser
            .post_json(
                &s.url("/api/auth/passkeys/authenticate/begin"),
                None,
                &json!({"mfa_token": mfa_token}),
            )
            .await;
        assert_eq!(status, 401, "{backend}");
    }
}
