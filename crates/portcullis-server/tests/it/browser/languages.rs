//! Hosted pages and mail in the user's language: `ui_locales` first (carried through
//! the forms), then `Accept-Language`, then English; hostile values fall back to
//! English; JSON API bodies stay English.

use std::time::Duration;

use portcullis_server::{Clock, ServerConfig};
use serde_json::json;

use super::*;
use crate::helpers::{root_token, servers, servers_with};

fn lang_of(html: &str) -> &str {
    html.split("<html lang=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("(none)")
}

#[tokio::test]
async fn ui_locales_beat_accept_language_and_ride_along_the_forms() {
    for (backend, s) in servers().await {
        setup(&s).await;
        // The browser's language, region falling back to the language.
        let mut b = Browser::speaking("de-AT, en;q=0.5");
        let (status, _, html) = b.get(&authorize_url(&s, "")).await;
        assert_eq!(status, 200, "{backend}: {html}");
        assert_eq!(lang_of(&html), "de", "{backend}");
        assert!(html.contains("dir=\"ltr\""));
        assert!(
            html.contains("<title>Anmelden</title>"),
            "{backend}: {html}"
        );
        assert!(
            html.contains("weiter zu <strong>Test SPA</strong>"),
            "{backend}: {html}"
        );
        // The application's choice wins, and the form carries it on.
        let mut b = Browser::speaking("de");
        let (_, _, html) = b.get(&authorize_url(&s, "&ui_locales=ja%20fr")).await;
        assert_eq!(lang_of(&html), "ja", "{backend}");
        let mut form = hidden_fields(&html);
        assert!(
            form.contains(&("ui_locales".into(), "ja fr".into())),
            "{backend}: {form:?}"
        );
        form.push(("email".into(), "ada@example.com".into()));
        form.push(("password".into(), "not the password".into()));
        let (status, _, page) = b.post_form(&s.url("/authorize/login"), &form).await;
        assert_eq!(status, 401, "{backend}");
        assert_eq!(
            lang_of(&page),
            "ja",
            "{backend}: the posted form's ui_locales"
        );
        assert!(
            page.contains("メールアドレスまたはパスワードが正しくありません"),
            "{backend}: {page}"
        );
        // The links of the page carry it too.
        assert!(page.contains("ui_locales=ja+fr"), "{backend}: {page}");
        // An expired form says so in the page's language.
        let mut stale = form.clone();
        stale.retain(|(k, _)| k != "csrf");
        stale.push(("csrf".into(), "forged".into()));
        let (status, _, page) = Browser::speaking("es")
            .post_form(&s.url("/authorize/login"), &stale)
            .await;
        assert_eq!(status, 403, "{backend}");
        assert_eq!(lang_of(&page), "ja", "{backend}: {page}");
        assert!(
            page.contains("このフォームの有効期限が切れました"),
            "{backend}: {page}"
        );
        // A refused request, on the error page, in the browser's language.
        let (status, _, page) = Browser::speaking("fr-CA")
            .get(&s.url("/authorize?client_id=nobody"))
            .await;
        assert_eq!(status, 400, "{backend}");
        assert_eq!(lang_of(&page), "fr", "{backend}");
        assert!(
            page.contains("Cette application n’est pas enregistrée."),
            "{backend}: {page}"
        );
        // No preference: English.
        let (_, _, html) = Browser::new().get(&authorize_url(&s, "")).await;
        assert_eq!(lang_of(&html), "en", "{backend}");
    }
}

#[tokio::test]
async fn hostile_language_values_fall_back_to_english_without_error() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let huge = "de-DE-x-".repeat(2000);
        let many: String = (0..500)
            .map(|i| format!("x{i};q=0.{i}, "))
            .collect::<String>()
            + "de";
        let weird = "de;q=2, fr;q=abc, *;q=1, ;;;, es;q=0, ja;q=-1, ../../etc";
        for accept in [
            huge.as_str(),
            many.as_str(),
            weird,
            "*",
            "",
            "q=1",
            "i-klingon",
        ] {
            let (status, _, html) = Browser::speaking(accept).get(&authorize_url(&s, "")).await;
            assert_eq!(status, 200, "{backend}: {accept:.40}");
            assert_eq!(lang_of(&html), "en", "{backend}: {accept:.40}");
        }
        for ui in [
            urlencode(&"ja ".repeat(2000)),
            urlencode("<script>alert(1)</script>"),
            urlencode("\u{0}\u{1b}[31m"),
            urlencode("tlh x-pirate"),
            (0..200).map(|i| format!("x{i}+")).collect(),
        ] {
            let (status, _, html) = Browser::new()
                .get(&authorize_url(&s, &format!("&ui_locales={ui}")))
                .await;
            assert_eq!(status, 200, "{backend}: {ui:.40}");
            assert_eq!(lang_of(&html), "en", "{backend}: {ui:.40}");
            assert!(!html.contains("<script>alert"), "{backend}");
        }
    }
}

#[tokio::test]
async fn mail_goes_out_in_the_language_of_the_request_that_caused_it() {
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
        // Sign-up on a French page: the confirmation link in French.
        let mut b = Browser::speaking("fr");
        let signup = authorize_url(&s, "").replace("/authorize?", "/authorize/signup?");
        let (_, _, html) = b.get(&signup).await;
        let mut form = hidden_fields(&html);
        form.push(("email".into(), "zoe@example.com".into()));
        form.push(("password".into(), "zoe's long passphrase".into()));
        let (status, _, page) = b.post_form(&s.url("/authorize/signup"), &form).await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(page.contains("Consultez vos e-mails"), "{backend}: {page}");
        let mail = &idp.outbox(Some("zoe@example.com"), 5).await.unwrap()[0];
        assert_eq!(mail.subject, "Confirmez votre adresse e-mail", "{backend}");
        assert!(
            mail.body.contains("pendant 24 heures"),
            "{backend}: {}",
            mail.body
        );
        assert!(
            mail.body
                .lines()
                .any(|l| l.contains("/verify-email?token="))
        );
        // Forgot password on a Spanish page: the reset link in Spanish (queued, sent by
        // a worker in the page's language).
        let mut b = Browser::speaking("es-MX");
        let (_, _, html) = b.get(&s.url("/forgot-password")).await;
        assert!(
            html.contains("¿Olvidaste tu contraseña?"),
            "{backend}: {html}"
        );
        let mut form = hidden_fields(&html);
        form.push(("email".into(), "ada@example.com".into()));
        let (status, _, page) = b.post_form(&s.url("/forgot-password"), &form).await;
        assert_eq!(status, 200, "{backend}: {page}");
        let mut reset = None;
        for _ in 0..100 {
            let mails = idp.outbox(Some("ada@example.com"), 5).await.unwrap();
            if let Some(m) = mails
                .into_iter()
                .find(|m| m.body.contains("/reset-password"))
            {
                reset = Some(m);
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let reset = reset.unwrap_or_else(|| panic!("{backend}: no reset mail"));
        assert_eq!(reset.subject, "Restablece tu contraseña", "{backend}");
    }
}

#[tokio::test]
async fn an_invitation_mail_speaks_the_language_of_the_admin_call() {
    for (backend, s) in servers().await {
        let idp = s.server.idp();
        // An invitation made through the admin API: the caller's Accept-Language.
        idp.create_org("Acme", "acme", None, None, 1).await.unwrap();
        let root = root_token(&s).await;
        let res = s
            .http
            .post(s.url("/api/admin/orgs/acme/invitations"))
            .bearer_auth(&root)
            .header("accept-language", "ja")
            .json(&json!({"email": "kenji@example.com", "role": "member"}))
            .send()
            .await
            .unwrap();
        assert!(
            res.status().is_success(),
            "{backend}: {}",
            res.text().await.unwrap()
        );
        let mail = &idp.outbox(Some("kenji@example.com"), 5).await.unwrap()[0];
        assert_eq!(mail.subject, "Portcullis の Acme への招待", "{backend}");
        assert!(
            mail.body.contains("7 日間有効です"),
            "{backend}: {}",
            mail.body
        );
    }
}

#[tokio::test]
async fn json_api_errors_stay_english() {
    for (backend, s) in servers().await {
        let res = s
            .http
            .post(s.url("/api/auth/signup"))
            .header("accept-language", "de")
            .json(&json!({"email": "a@example.com", "password": "short"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{backend}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(
            body["message"], "password must be at least 8 characters",
            "{backend}"
        );
    }
}
