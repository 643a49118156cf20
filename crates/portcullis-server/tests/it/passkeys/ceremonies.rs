//! The JSON ceremonies: a passkey registered and signing in alone, with `amr` saying
//! how; and every answer they must refuse (a replayed or expired ceremony, another
//! challenge, another site, no user verification, another user's credential, a counter
//! that went backwards, malformed and oversized responses, cross-origin and stale
//! sessions).

use portcullis_server::Clock;
use serde_json::{Value, json};

use super::*;
use crate::browser::Browser;
use crate::mfa::T0;

/// A hostile answer: what it is, how it is made from an honest one, the status and the
/// words of its refusal.
type Case = (
    &'static str,
    Box<dyn Fn(&mut SoftPasskey, &Value) -> Value>,
    u16,
    &'static str,
);

const FINISH: &str = "/api/auth/passkeys/authenticate/finish";

/// Posts `credential` for `ceremony` to the sign-in's finish.
async fn finish(
    s: &TestServer,
    b: &mut Browser,
    ceremony: &Value,
    credential: &Value,
) -> (u16, Value) {
    let (status, _, answer) = b
        .post_json(
            &s.url(FINISH),
            None,
            &json!({"ceremony": ceremony, "credential": credential}),
        )
        .await;
    (status, answer)
}

#[tokio::test]
async fn a_passkey_registers_and_signs_in_alone_with_amr_saying_how() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        s.signup("ada@example.com").await;
        let mut b = signed_in(&s, "ada@example.com").await;
        // Registration asks for user verification and, for signing in alone, a
        // discoverable credential.
        let begun = begin(&s, &mut b, "register/begin", &json!({})).await;
        let selection = &begun["options"]["publicKey"]["authenticatorSelection"];
        assert_eq!(selection["userVerification"], "required", "{backend}");
        assert_eq!(selection["residentKey"], "preferred", "{backend}");
        assert_eq!(begun["options"]["publicKey"]["rp"]["id"], "localhost");
        let mut device = soft(&s);
        device.counter = 1;
        let listed = register(&s, &mut b, &mut device, "Laptop").await;
        assert_eq!(
            (listed["name"].as_str(), listed["synced"].as_bool()),
            (Some("Laptop"), Some(false))
        );
        let mut synced = soft(&s);
        synced.synced = true;
        let listed = register(&s, &mut b, &mut synced, "Phone").await;
        assert_eq!(listed["synced"], true, "{backend}");

        // Alone, in a fresh browser: a device-bound passkey says hwk, a synced one swk.
        let mut fresh = Browser::new();
        let (status, answer) = sign_in_alone(&s, &mut fresh, &mut device).await;
        assert_eq!(status, 200, "{backend}: {answer}");
        assert_eq!(answer["amr"], json!(["hwk", "user", "mfa"]), "{backend}");
        assert!(fresh.has_session(), "{backend}: the browser session is set");
        let mut other = Browser::new();
        let (status, answer) = sign_in_alone(&s, &mut other, &mut synced).await;
        assert_eq!(status, 200, "{backend}: {answer}");
        assert_eq!(answer["amr"], json!(["swk", "user", "mfa"]), "{backend}");

        // The counter, the time of use and the flags are kept.
        let (_, _, page) = b.get(&s.url("/api/auth/passkeys")).await;
        let list: Vec<Value> = serde_json::from_str(&page).unwrap();
        assert_eq!(list.len(), 2, "{backend}: {list:?}");
        assert!(list.iter().all(|p| p["last_used_at"] == T0), "{backend}");
        let ada_id = s
            .server
            .idp()
            .find_user("ada@example.com")
            .await
            .unwrap()
            .id;
        let stored = s.server.idp().passkeys(&ada_id).await.unwrap();
        let laptop = stored.iter().find(|p| p.name == "Laptop").unwrap();
        let phone = stored.iter().find(|p| p.name == "Phone").unwrap();
        assert_eq!(laptop.sign_count, 2, "{backend}: the counter moved on");
        assert!(
            phone.backup_eligible && phone.backup_state && !laptop.backup_eligible,
            "{backend}"
        );

        // Audited: enrolled twice, used twice.
        let enrolled = audited(&s, "factor.enrolled").await;
        assert_eq!(enrolled.len(), 2, "{backend}");
        assert_eq!(enrolled[0]["type"], "passkey");
        let used = audited(&s, "factor.used").await;
        assert_eq!(used.len(), 2, "{backend}");
    }
}

#[tokio::test]
async fn ceremonies_are_single_use_and_short_lived() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        s.signup("ada@example.com").await;
        let mut b = signed_in(&s, "ada@example.com").await;
        let mut key = soft(&s);
        register(&s, &mut b, &mut key, "Key").await;
        let mut fresh = Browser::new();
        // A replay of a response that signed in: the ceremony is spent.
        let begun = begin(&s, &mut fresh, "authenticate/begin", &json!({})).await;
        let credential = key.get(&begun["options"]);
        assert_eq!(
            finish(&s, &mut fresh, &begun["ceremony"], &credential)
                .await
                .0,
            200
        );
        let (status, answer) = finish(&s, &mut fresh, &begun["ceremony"], &credential).await;
        assert_eq!(status, 400, "{backend}: {answer}");
        assert!(
            answer["message"]
                .as_str()
                .unwrap()
                .contains("expired or was already used")
        );
        // A refused answer spends it too: no second try with the same challenge.
        let begun = begin(&s, &mut fresh, "authenticate/begin", &json!({})).await;
        let (status, _) = finish(&s, &mut fresh, &begun["ceremony"], &json!({"id": "x"})).await;
        assert_eq!(status, 400, "{backend}");
        let credential = key.get(&begun["options"]);
        let (status, answer) = finish(&s, &mut fresh, &begun["ceremony"], &credential).await;
        assert_eq!(status, 400, "{backend}: {answer}");
        // Five minutes, then gone.
        let begun = begin(&s, &mut fresh, "authenticate/begin", &json!({})).await;
        assert_eq!(begun["expires_in"], 300);
        let credential = key.get(&begun["options"]);
        clock.advance(301);
        let (status, answer) = finish(&s, &mut fresh, &begun["ceremony"], &credential).await;
        assert_eq!(status, 400, "{backend}: {answer}");
        // A registration ceremony is not a sign-in's (and the other way round).
        s.signup("bob@example.com").await;
        let mut b = signed_in(&s, "bob@example.com").await;
        let begun = begin(&s, &mut b, "register/begin", &json!({})).await;
        let credential = key.get(&begun["options"]);
        let (status, _) = finish(&s, &mut b, &begun["ceremony"], &credential).await;
        assert_eq!(status, 400, "{backend}");
    }
}

#[tokio::test]
async fn hostile_answers_are_refused_with_a_clear_error() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        s.signup("ada@example.com").await;
        s.signup("bob@example.com").await;
        let mut ada_browser = signed_in(&s, "ada@example.com").await;
        let mut ada = soft(&s);
        ada.counter = 10;
        register(&s, &mut ada_browser, &mut ada, "Ada's key").await;
        let mut bob_browser = signed_in(&s, "bob@example.com").await;
        let mut bob = soft(&s);
        register(&s, &mut bob_browser, &mut bob, "Bob's key").await;
        let mut b = Browser::new();
        let cases: Vec<Case> = vec![
            (
                "another challenge",
                Box::new(|k, _| k.assert_with("c29tZSBvdGhlciBjaGFsbGVuZ2U")),
                400,
                "another challenge",
            ),
            (
                "another site",
                Box::new(|k, o| {
                    let real = std::mem::replace(&mut k.origin, "http://localhost:1".into());
                    let c = k.get(o);
                    k.origin = real;
                    c
                }),
                400,
                "another site",
            ),
            (
                "another relying party",
                Box::new(|k, o| {
                    let real = std::mem::replace(&mut k.rp_id, "example.com".into());
                    let c = k.get(o);
                    k.rp_id = real;
                    c
                }),
                400,
                "another site",
            ),
            (
                "no user verification",
                Box::new(|k, o| {
                    k.verify_user = false;
                    let c = k.get(o);
                    k.verify_user = true;
                    c
                }),
                401,
                "did not verify you",
            ),
            (
                "a forged signature",
                Box::new(|k, o| {
                    let mut c = k.get(o);
                    c["response"]["signature"] = json!("MEUCIQDhAAAA");
                    c
                }),
                401,
                "could not be verified",
            ),
            (
                "malformed client data",
                Box::new(|k, o| {
                    let mut c = k.get(o);
                    c["response"]["clientDataJSON"] = json!("bm90IGpzb24");
                    c
                }),
                400,
                "malformed",
            ),
            (
                "not base64",
                Box::new(|k, o| {
                    let mut c = k.get(o);
                    c["response"]["authenticatorData"] = json!("!!!");
                    c
                }),
                400,
                "malformed",
            ),
            (
                "oversized client data",
                Box::new(|k, o| {
                    let mut c = k.get(o);
                    c["response"]["clientDataJSON"] = json!("A".repeat(20_000));
                    c
                }),
                400,
                "malformed",
            ),
            (
                "not a credential",
                Box::new(|_, _| json!(["x"])),
                400,
                "malformed",
            ),
            (
                "a handle of no user",
                Box::new(|k, o| {
                    let mut c = k.get(o);
                    c["response"]["userHandle"] = json!("AAAAAAAAAAAAAAAAAAAAAA");
                    c
                }),
                401,
                "not registered for this account",
            ),
        ];
        for (what, answer, status, says) in &cases {
            let begun = begin(&s, &mut b, "authenticate/begin", &json!({})).await;
            let credential = answer(&mut ada, &begun["options"]);
            let (got, body) = finish(&s, &mut b, &begun["ceremony"], &credential).await;
            assert_eq!(got, *status, "{backend}: {what}: {body}");
            let message = body["message"].as_str().unwrap_or_default();
            assert!(message.contains(says), "{backend}: {what}: {message}");
            assert!(!b.has_session(), "{backend}: {what}: no session");
        }
        // Bob's credential presented with Ada's handle: refused, whoever signed it.
        let begun = begin(&s, &mut b, "authenticate/begin", &json!({})).await;
        bob.user_handle = ada.user_handle.clone();
        let credential = bob.get(&begun["options"]);
        let (status, body) = finish(&s, &mut b, &begun["ceremony"], &credential).await;
        assert_eq!(status, 401, "{backend}: {body}");
        // A counter that went backwards (a cloned authenticator): refused, and the
        // passkey still works from its real counter.
        ada.counter = 5;
        let begun = begin(&s, &mut b, "authenticate/begin", &json!({})).await;
        let credential = ada.get(&begun["options"]);
        let (status, body) = finish(&s, &mut b, &begun["ceremony"], &credential).await;
        assert_eq!(status, 401, "{backend}: {body}");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("counter went backwards")
        );
        ada.counter = 20;
        let (status, body) = sign_in_alone(&s, &mut b, &mut ada).await;
        assert_eq!(status, 200, "{backend}: {body}");
        // The refusals are audited against the user.
        let failures = audited(&s, "factor.failure").await;
        assert!(
            failures
                .iter()
                .any(|f| f["reason"].as_str().unwrap().contains("counter")),
            "{backend}: {failures:?}"
        );
        // A body over the passkey endpoints' limit is refused before it is read.
        let big = json!({"ceremony": "pwc_x", "credential": {"id": "A".repeat(40 * 1024)}});
        let (status, _, _) = b.post_json(&s.url(FINISH), None, &big).await;
        assert_eq!(status, 413, "{backend}");
    }
}

#[tokio::test]
async fn registering_needs_a_recent_sign_in_from_the_issuers_own_pages() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        s.signup("ada@example.com").await;
        // No session: 401.
        let mut anonymous = Browser::new();
        let (status, _, body) = anonymous
            .post_json(
                &s.url("/api/auth/passkeys/register/begin"),
                None,
                &json!({}),
            )
            .await;
        assert_eq!(status, 401, "{backend}: {body}");
        let mut b = signed_in(&s, "ada@example.com").await;
        // Another origin: 403, even with the session cookie.
        let (status, _, _) = b
            .post_json(
                &s.url("/api/auth/passkeys/register/begin"),
                Some("https://evil.example"),
                &json!({}),
            )
            .await;
        assert_eq!(status, 403, "{backend}");
        // A ceremony begun by one user cannot register for another.
        let begun = begin(&s, &mut b, "register/begin", &json!({})).await;
        s.signup("bob@example.com").await;
        let mut bob = signed_in(&s, "bob@example.com").await;
        let mut key = soft(&s);
        let credential = key.create(&begun["options"]);
        let (status, _, body) = bob
            .post_json(
                &s.url("/api/auth/passkeys/register/finish"),
                None,
                &json!({"ceremony": begun["ceremony"], "name": "Stolen", "credential": credential}),
            )
            .await;
        assert_eq!(status, 400, "{backend}: {body}");
        // Ten minutes after the sign-in, changes need a new one.
        clock.advance(601);
        let (status, _, body) = b
            .post_json(
                &s.url("/api/auth/passkeys/register/begin"),
                None,
                &json!({}),
            )
            .await;
        assert_eq!(status, 401, "{backend}: {body}");
        assert!(body["message"].as_str().unwrap().contains("Sign in again"));
        // The same credential twice: 409.
        let mut b = signed_in(&s, "ada@example.com").await;
        let mut key = soft(&s);
        register(&s, &mut b, &mut key, "Key").await;
        let begun = begin(&s, &mut b, "register/begin", &json!({})).await;
        let excluded = begun["options"]["publicKey"]["excludeCredentials"].clone();
        assert_eq!(excluded[0]["id"], authenticator::b64(&key.id), "{backend}");
        let credential = key.create(&begun["options"]);
        let (status, _, body) = b
            .post_json(
                &s.url("/api/auth/passkeys/register/finish"),
                None,
                &json!({"ceremony": begun["ceremony"], "name": "Again", "credential": credential}),
            )
            .await;
        assert_eq!(status, 409, "{backend}: {body}");
        // A bad name: 400 naming it.
        let begun = begin(&s, &mut b, "register/begin", &json!({})).await;
        let credential = soft(&s).create(&begun["options"]);
        let (status, _, body) = b
            .post_json(
                &s.url("/api/auth/passkeys/register/finish"),
                None,
                &json!({"ceremony": begun["ceremony"], "name": "a\u{7}b", "credential": credential}),
            )
            .await;
        assert_eq!(status, 400, "{backend}: {body}");
    }
}

#[tokio::test]
async fn passkeys_are_off_on_an_ip_address_issuer() {
    for (backend, s) in crate::helpers::servers().await {
        let r = s
            .post_json("/api/auth/passkeys/authenticate/begin", &json!({}))
            .await;
        assert_eq!(r.status, 404, "{backend}: {}", r.text);
        assert!(r.text.contains("not available"), "{backend}");
    }
}
