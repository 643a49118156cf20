//! Sign-up without account enumeration (the default): the JSON sign-up answers the same
//! for a new and a taken address, sign-in waits for the confirmed address and answers
//! like a wrong password until then, and the confirmation link opens the account.

use portcullis_server::{Clock, ServerConfig};
use serde_json::json;

use crate::helpers::{API, TestServer, servers_with};

async fn default_servers() -> Vec<(&'static str, TestServer)> {
    servers_with(Clock::system(), |c| ServerConfig {
        allow_unverified_email: false,
        ..c
    })
    .await
}

fn path_of(link: &str) -> &str {
    let start = link.find("/verify-email?").unwrap();
    link[start..].split_whitespace().next().unwrap()
}

#[tokio::test]
async fn sign_up_answers_alike_for_new_and_taken_addresses() {
    for (backend, s) in default_servers().await {
        let idp = s.server.idp();
        idp.create_user("ada@example.com", "ada's own passphrase".into(), None, 1)
            .await
            .unwrap();
        let signup = |email: &'static str| {
            let s = &s;
            async move {
                s.post_json(
                    "/api/auth/signup",
                    &json!({"email": email, "password": "a new long passphrase", "audience": API}),
                )
                .await
            }
        };
        let taken = signup("ada@example.com").await;
        let new = signup("bob@example.com").await;
        assert_eq!(taken.status, 202, "{backend}: {}", taken.text);
        assert_eq!(
            (taken.status, &taken.body),
            (new.status, &new.body),
            "{backend}"
        );
        assert!(taken.body.get("access_token").is_none(), "{backend}");
        // Input is still checked, alike for both.
        for email in ["ada@example.com", "carol@example.com"] {
            let weak = s
                .post_json(
                    "/api/auth/signup",
                    &json!({"email": email, "password": "short"}),
                )
                .await;
            assert_eq!(weak.status, 400, "{backend}: {}", weak.text);
        }
        // The taken address is told; the new one gets its link.
        let ada_mail = idp.outbox(Some("ada@example.com"), 5).await.unwrap();
        assert_eq!(ada_mail.len(), 1, "{backend}");
        assert_eq!(ada_mail[0].subject, "You already have an account");
        assert!(
            !ada_mail[0].body.contains("token="),
            "{backend}: no link to take over"
        );
        // Before confirming, the right password gets the wrong-password answer.
        let login = |email: &'static str, password: &'static str| {
            let s = &s;
            async move {
                s.post_json(
                    "/api/auth/login",
                    &json!({"email": email, "password": password}),
                )
                .await
            }
        };
        let unconfirmed = login("bob@example.com", "a new long passphrase").await;
        let wrong = login("ada@example.com", "not her passphrase").await;
        assert_eq!(unconfirmed.status, 401, "{backend}: {}", unconfirmed.text);
        assert_eq!(
            (unconfirmed.status, &unconfirmed.body),
            (wrong.status, &wrong.body),
            "{backend}"
        );
        let bob_mail = idp.outbox(Some("bob@example.com"), 5).await.unwrap();
        assert_eq!(
            bob_mail.len(),
            1,
            "{backend}: no second link within ten minutes"
        );
        assert_eq!(bob_mail[0].subject, "Confirm your email address");
        // Confirmed, the account signs in; the taken address kept its own password.
        let confirm = s.get(path_of(&bob_mail[0].body), None).await;
        assert_eq!(confirm.status, 200, "{backend}");
        let ok = login("bob@example.com", "a new long passphrase").await;
        assert_eq!(ok.status, 200, "{backend}: {}", ok.text);
        assert_eq!(ok.body["user"]["email_verified"], true);
        assert_eq!(
            login("ada@example.com", "a new long passphrase")
                .await
                .status,
            401,
            "{backend}: registering a taken address changes nothing"
        );
        assert_eq!(
            login("ada@example.com", "ada's own passphrase")
                .await
                .status,
            200,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_password_reset_confirms_the_address() {
    for (backend, s) in default_servers().await {
        let idp = s.server.idp();
        idp.register(
            "dan@example.com",
            "dan's long passphrase".into(),
            None,
            None,
            1,
        )
        .await
        .unwrap();
        idp.request_password_reset("dan@example.com", 2)
            .await
            .unwrap();
        let mail = idp.outbox(Some("dan@example.com"), 5).await.unwrap();
        let reset = mail
            .iter()
            .find(|m| m.subject == "Reset your password")
            .unwrap();
        let start = reset.body.find("token=").unwrap() + "token=".len();
        let token = reset.body[start..].split_whitespace().next().unwrap();
        idp.reset_password(token, "dan's newer passphrase".into(), 3)
            .await
            .unwrap();
        let ok = s
            .post_json(
                "/api/auth/login",
                &json!({"email": "dan@example.com", "password": "dan's newer passphrase"}),
            )
            .await;
        assert_eq!(ok.status, 200, "{backend}: {}", ok.text);
    }
}
