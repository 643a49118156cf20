//! Audit events delivered to a webhook: signed, retried after a failure, filtered.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use serde_json::Value;

use crate::helpers::{servers_reaching_loopback, wrong_login};

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

#[tokio::test]
async fn events_are_signed_retried_and_filtered() {
    // The receiver listens on loopback: the test opts into the development setting.
    for (backend, s) in servers_reaching_loopback().await {
        let (url, got) = receiver().await;
        let idp = s.server.idp();
        let (hook, secret) = idp
            .create_webhook(&url, "login.", 1_800_000_000)
            .await
            .unwrap();
        assert!(
            idp.create_webhook("http://evil.example/hook", "*", 0)
                .await
                .is_err(),
            "{backend}: plain HTTP off loopback"
        );
        assert!(idp.create_webhook(&url, "Not An Action", 0).await.is_err());
        s.signup("ada@example.com").await; // user.signup: not subscribed
        assert_eq!(wrong_login(&s, "ada@example.com").await.status, 401);
        // First attempt fails (500), the retry 5 s later succeeds.
        for _ in 0..150 {
            if got.lock().unwrap().len() >= 2 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let all = got.lock().unwrap().clone();
        assert_eq!(all.len(), 2, "{backend}: one failure, one retry");
        let (headers, body) = &all[1];
        let event: Value = serde_json::from_str(body).unwrap();
        assert_eq!(
            (event["action"].as_str(), event["target"].as_str()),
            (Some("login.failure"), Some("ada@example.com")),
            "{backend}"
        );
        assert_eq!(
            headers["portcullis-event-id"],
            event["id"].as_str().unwrap()
        );
        // The signature is the HMAC of "<t>.<body>" with the secret shown at creation.
        let sig = headers["portcullis-signature"].to_str().unwrap();
        let t: i64 = sig
            .trim_start_matches("t=")
            .split(',')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(
            sig,
            portcullis_idp::webhook_signature(secret.expose().as_bytes(), t, body.as_bytes()),
            "{backend}"
        );
        assert_ne!(
            sig,
            portcullis_idp::webhook_signature(b"whsec_other", t, body.as_bytes())
        );
        let deliveries = idp.store().deliveries_of(&hook.id).await.unwrap();
        assert_eq!(
            deliveries.len(),
            1,
            "{backend}: the sign-up was filtered out"
        );
        assert_eq!(deliveries[0].0, 2);
        assert!(deliveries[0].1.is_some(), "{backend}: delivered");
        assert!(!body.contains("wrong password"), "no secrets in events");
    }
}
