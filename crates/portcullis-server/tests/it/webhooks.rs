//! Audit events delivered to a webhook: signed, retried after a failure, filtered.
//! Time is the server's manual clock; the signature is checked by an HMAC-SHA256
//! computed here from the documented format, not by the code that signs.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_lc_rs::hmac;
use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use portcullis_idp::Idp;
use portcullis_server::Clock;
use serde_json::{Value, json};

use crate::helpers::servers_reaching_loopback_at;

type Received = Arc<Mutex<Vec<(HeaderMap, String)>>>;

/// A receiver on port 0 that fails its first request, then accepts.
async fn receiver() -> (String, Received) {
    let got: Received = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&got);
    let app = Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: String| {
            let seen = Arc::clone(&seen);
            async move {
                let mut all = seen.lock().unwrap();
                all.push((headers, body));
                if all.len() == 1 {
                    StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    StatusCode::NO_CONTENT
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, got)
}

/// Hex HMAC-SHA256, straight from aws-lc-rs.
fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    let tag = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, key), message);
    tag.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_test_hmac_matches_rfc_4231() {
    // RFC 4231 §4.3, test case 2.
    assert_eq!(
        hmac_sha256_hex(b"Jefe", b"what do ya want for nothing?"),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}

#[test]
fn the_signature_header_matches_a_vector_computed_elsewhere() {
    // Computed with OpenSSL, outside this code:
    // printf '%s' '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_test
    assert_eq!(
        portcullis_idp::webhook_signature(b"whsec_test", 1_700_000_000, br#"{"id":"evt_1"}"#),
        "t=1700000000,v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925"
    );
}

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Delivery {
    action: String,
    target: String,
    id: String,
    headers: HeaderMap,
    body: String,
}

/// The requests received, in order.
fn received(got: &Received) -> Vec<Delivery> {
    got.lock()
        .unwrap()
        .iter()
        .map(|(headers, body)| {
            let event: Value = serde_json::from_str(body).unwrap();
            let text = |k: &str| event[k].as_str().unwrap_or_default().to_owned();
            Delivery {
                action: text("action"),
                target: text("target"),
                id: text("id"),
                headers: headers.clone(),
                body: body.clone(),
            }
        })
        .collect()
}

/// Waits (polling; the worker ticks every second) until `ready` holds for what the
/// receiver got.
async fn until(got: &Received, ready: impl Fn(&[Delivery]) -> bool) {
    for _ in 0..300 {
        if ready(&received(got)) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "the receiver never got what was expected: {:?}",
        received(got)
    );
}

/// Proves the worker has finished every attempt it could make at the current time:
/// an event recorded now is delivered in a later tick than anything already due, and a
/// second one recorded after that arrives only once that tick is over.
async fn settle(idp: &Idp, got: &Received, clock: &Clock, name: &str) {
    for step in ["a", "b"] {
        let target = format!("{name}-{step}");
        let probe = portcullis_idp::AuditEvent::new(portcullis_idp::AuditAction::LoginFailure);
        idp.audit(probe.on(&target), clock.now()).await;
        until(got, |all| all.iter().any(|d| d.target == target)).await;
    }
}

#[tokio::test]
async fn events_are_signed_retried_and_filtered() {
    let start = 1_800_000_000;
    let clock = Clock::manual(start);
    for (backend, s) in servers_reaching_loopback_at(clock.clone()).await {
        let (url, got) = receiver().await;
        let idp = s.server.idp();
        let (hook, secret) = idp
            .create_webhook(&url, "login.", clock.now())
            .await
            .unwrap();
        assert!(
            idp.create_webhook("http://evil.example/hook", "*", 0)
                .await
                .is_err(),
            "{backend}: plain HTTP off loopback"
        );
        assert!(idp.create_webhook(&url, "Not An Action", 0).await.is_err());
        // A filter that can never match is refused as the typo it is.
        for never in ["login.failur", "never.fired.", "login"] {
            assert!(idp.create_webhook(&url, never, 0).await.is_err(), "{never}");
        }
        let failed_at = clock.now();
        s.signup("ada@example.com").await; // user.signup: not subscribed
        let r = s
            .post_json(
                "/api/auth/login",
                &json!({"email": "ada@example.com", "password": "wrong password"}),
            )
            .await;
        assert_eq!(r.status, 401);
        // The first attempt is refused (500).
        until(&got, |all| !all.is_empty()).await;
        let first = received(&got).remove(0);
        assert_eq!(
            (first.action.as_str(), first.target.as_str()),
            ("login.failure", "ada@example.com"),
            "{backend}: the sign-up was filtered out"
        );
        let attempts_of_first = |all: &[Delivery]| all.iter().filter(|d| d.id == first.id).count();
        // The documented first backoff is 5 s: no retry 4 s later...
        clock.advance(4);
        settle(idp, &got, &clock, "after-4s").await;
        assert_eq!(
            attempts_of_first(&received(&got)),
            1,
            "{backend}: retried too early"
        );
        // ... and one at 5 s.
        clock.advance(1);
        until(&got, |all| attempts_of_first(all) == 2).await;
        let all = received(&got);
        let retry = all.iter().rfind(|d| d.id == first.id).unwrap();
        assert_eq!(retry.body, first.body, "{backend}: the same event");
        assert_eq!(retry.headers["portcullis-event-id"], first.id.as_str());
        // `t=<delivery time>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
        let signature = retry.headers["portcullis-signature"].to_str().unwrap();
        let t = failed_at + 5;
        let mac = hmac_sha256_hex(
            secret.expose().as_bytes(),
            format!("{t}.{}", retry.body).as_bytes(),
        );
        assert_eq!(signature, format!("t={t},v1={mac}"), "{backend}");
        assert!(
            !retry.body.contains("wrong password"),
            "no secrets in events"
        );
        // Only subscribed actions were sent.
        assert!(
            all.iter().all(|d| d.action.starts_with("login.")),
            "{backend}: {all:?}"
        );
        // The receiver answers before the worker records the success: wait for the record.
        let mut deliveries = idp.deliveries_of(&hook.id).await.unwrap();
        for _ in 0..100 {
            if deliveries.iter().all(|d| d.delivered_at.is_some()) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            deliveries = idp.deliveries_of(&hook.id).await.unwrap();
        }
        assert_eq!(deliveries.len(), 3, "{backend}: the failure and two probes");
        assert!(
            deliveries.iter().all(|d| d.delivered_at.is_some()),
            "{backend}: all delivered: {deliveries:?}"
        );
        let attempts: Vec<i64> = deliveries.iter().map(|d| d.attempts).collect();
        assert_eq!(
            attempts.iter().filter(|a| **a == 2).count(),
            1,
            "{backend}: {attempts:?}"
        );
    }
}
