//! Opaque tokens through RFC 7662 introspection, against a real HTTP introspection
//! endpoint on port 0 that counts the calls it gets.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use portcullis::{Guard, Introspection, IssuerConfig};
use portcullis_testkit::{DEFAULT_AUDIENCE, TestIssuer};
use serde_json::{Value, json};
use tokio::sync::watch;

use crate::helpers::{app, get_with};

/// An introspection endpoint: fixed answers by token (`{"active":false}` otherwise),
/// a call counter, and a gate that holds every answer until opened.
#[derive(Clone)]
struct Endpoint {
    answers: Arc<Mutex<HashMap<String, Value>>>,
    calls: Arc<AtomicUsize>,
    arrived: watch::Sender<usize>,
    open: watch::Sender<bool>,
}

async fn answer(State(e): State<Endpoint>, body: String) -> axum::Json<Value> {
    e.calls.fetch_add(1, Ordering::SeqCst);
    e.arrived.send_modify(|n| *n += 1);
    let _ = e.open.subscribe().wait_for(|open| *open).await;
    let token = url::form_urlencoded::parse(body.as_bytes())
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let known = e.answers.lock().unwrap().get(&token).cloned();
    axum::Json(known.unwrap_or_else(|| json!({"active": false})))
}

impl Endpoint {
    async fn spawn() -> (Self, String) {
        let e = Endpoint {
            answers: Arc::default(),
            calls: Arc::default(),
            arrived: watch::channel(0).0,
            open: watch::channel(true).0,
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/introspect", listener.local_addr().unwrap());
        let router = Router::new()
            .route("/introspect", post(answer))
            .with_state(e.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        (e, url)
    }

    fn answer(&self, token: &str, answer: Value) {
        self.answers
            .lock()
            .unwrap()
            .insert(token.to_owned(), answer);
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

fn guard_with(issuer: &TestIssuer, introspection: Introspection) -> Guard {
    Guard::builder()
        .issuer(IssuerConfig::discover(issuer.issuer()).audience(DEFAULT_AUDIENCE))
        .introspection(introspection)
        .debug_reason_header(true)
        .build()
        .unwrap()
}

/// An API key of a Portcullis issuer, as its introspection answers it.
fn key_answer(issuer: &TestIssuer, aud: Value) -> Value {
    json!({
        "active": true, "sub": "user_9", "iss": issuer.issuer(), "token_type": "Bearer",
        "token_use": "api_key", "aud": aud, "permissions": ["read:admin-messages"],
        "exp": 4_000_000_000_i64,
    })
}

#[tokio::test]
async fn only_access_tokens_for_this_api_are_let_in() {
    let issuer = TestIssuer::spawn().await;
    let (endpoint, url) = Endpoint::spawn().await;
    let app = app(&guard_with(
        &issuer,
        Introspection::new(&url, "api", "secret"),
    ));
    let key = "pcl_key_for_this_api";
    endpoint.answer(key, key_answer(&issuer, json!(DEFAULT_AUDIENCE)));
    let r = get_with(&app, "/admin", Some(key)).await;
    assert_eq!((r.status.as_u16(), r.body.as_str()), (200, "admin"));
    // RFC 7662 lets `aud` be an array.
    let listed = "pcl_key_listing_this_api";
    endpoint.answer(
        listed,
        key_answer(&issuer, json!(["https://b.example.com", DEFAULT_AUDIENCE])),
    );
    assert_eq!(get_with(&app, "/me", Some(listed)).await.status, 200);

    let without = |field: &str| {
        let mut a = key_answer(&issuer, json!(DEFAULT_AUDIENCE));
        a.as_object_mut().unwrap().remove(field);
        a
    };
    let mut refresh = key_answer(&issuer, json!(DEFAULT_AUDIENCE));
    refresh["token_use"] = json!("refresh_token");
    let mut typed_refresh = without("token_use");
    typed_refresh["token_type"] = json!("refresh_token");
    let other_api = key_answer(&issuer, json!("https://b.example.com"));
    let cases = [
        ("pcl_refresh", refresh, "wrong_type"),
        ("pcl_refresh_typed", typed_refresh, "wrong_type"),
        ("pcl_untyped", without("token_type"), "wrong_type"),
        ("pcl_other_api", other_api.clone(), "wrong_audience"),
        ("pcl_no_aud", without("aud"), "missing_claim"),
        ("pcl_unknown", json!({"active": false}), "inactive_token"),
    ];
    for (token, answer, reason) in cases {
        endpoint.answer(token, answer);
        let r = get_with(&app, "/me", Some(token)).await;
        assert_eq!((r.status.as_u16(), r.reason()), (401, reason), "{token}");
        // The refusal is cached like any negative answer.
        let before = endpoint.calls();
        assert_eq!(get_with(&app, "/me", Some(token)).await.status, 401);
        assert_eq!(endpoint.calls(), before, "{token}");
    }

    // An API that skips the audience check takes a key for any audience.
    let anywhere = Guard::builder()
        .issuer(IssuerConfig::discover(issuer.issuer()).insecure_skip_audience())
        .introspection(Introspection::new(&url, "api", "secret"))
        .build()
        .unwrap();
    endpoint.answer("pcl_other_api_2", other_api);
    assert!(anywhere.authenticate("pcl_other_api_2").await.is_ok());
}

#[tokio::test]
async fn tokens_that_cannot_be_the_issuers_cost_no_call() {
    let issuer = TestIssuer::spawn().await;
    let (endpoint, url) = Endpoint::spawn().await;
    let api = app(&guard_with(
        &issuer,
        Introspection::new(&url, "api", "secret"),
    ));
    let long = format!("pcl_{}", "a".repeat(253));
    for token in ["random", "prt_a_refresh_token", "PCL_upper", long.as_str()] {
        let r = get_with(&api, "/me", Some(token)).await;
        assert_eq!(
            (r.status.as_u16(), r.reason()),
            (401, "not_a_jwt"),
            "{token}"
        );
    }
    assert_eq!(endpoint.calls(), 0, "refused without asking the issuer");
    // At the length limit (256 bytes) it is asked.
    let longest = format!("pcl_{}", "a".repeat(252));
    assert_eq!(get_with(&api, "/me", Some(&longest)).await.status, 401);
    assert_eq!(endpoint.calls(), 1);

    // Other issuers' prefixes, configured.
    let custom = app(&guard_with(
        &issuer,
        Introspection::new(&url, "api", "secret")
            .token_prefixes(["sk_live_"])
            .max_token_len(20),
    ));
    endpoint.answer("sk_live_1", key_answer(&issuer, json!(DEFAULT_AUDIENCE)));
    assert_eq!(
        get_with(&custom, "/me", Some("sk_live_1")).await.status,
        200
    );
    assert_eq!(get_with(&custom, "/me", Some("pcl_x")).await.status, 401);
    let too_long = format!("sk_live_{}", "1".repeat(13));
    assert_eq!(get_with(&custom, "/me", Some(&too_long)).await.status, 401);
    assert_eq!(endpoint.calls(), 2);
}

#[tokio::test]
async fn concurrent_lookups_of_one_token_share_one_call() {
    let issuer = TestIssuer::spawn().await;
    let (endpoint, url) = Endpoint::spawn().await;
    let guard = guard_with(&issuer, Introspection::new(&url, "api", "secret"));
    let key = "pcl_wanted_by_many";
    endpoint.answer(key, key_answer(&issuer, json!(DEFAULT_AUDIENCE)));
    for (token, expect_ok) in [("pcl_unknown_to_all", false), (key, true)] {
        endpoint.open.send_replace(false);
        let before = endpoint.calls();
        let mut arrived = endpoint.arrived.subscribe();
        arrived.mark_unchanged();
        let mut requests = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let guard = guard.clone();
            requests.spawn(async move { guard.authenticate(token).await.is_ok() });
        }
        // Every request task runs before the endpoint sees the first call (one thread):
        // all eight are waiting when the answer is let through.
        arrived.changed().await.unwrap();
        endpoint.open.send_replace(true);
        let results = requests.join_all().await;
        assert_eq!(results, vec![expect_ok; 8], "{token}");
        assert_eq!(
            endpoint.calls() - before,
            1,
            "{token}: one call for eight requests"
        );
    }
}

/// SECURITY.md: a revoked API key stops working within the introspection cache's
/// lifetime, 30 s by default. The answer is cached until then (no call), and refused
/// from then on. Time moves on tokio's paused clock.
#[tokio::test]
async fn a_revoked_key_is_refused_once_its_cached_answer_ends() {
    const PROMISED_TTL: u64 = 30;
    let issuer = TestIssuer::spawn().await;
    let (endpoint, url) = Endpoint::spawn().await;
    let app = app(&guard_with(
        &issuer,
        Introspection::new(&url, "api", "secret"),
    ));
    let key = "pcl_key_revoked_later";
    endpoint.answer(key, key_answer(&issuer, json!(DEFAULT_AUDIENCE)));
    assert_eq!(get_with(&app, "/me", Some(key)).await.status, 200);
    assert_eq!(endpoint.calls(), 1);
    // The issuer revokes the key.
    endpoint.answer(key, json!({"active": false}));
    let wait = |secs: u64| async move {
        tokio::time::pause();
        tokio::time::advance(std::time::Duration::from_secs(secs)).await;
        // Back on the real clock before any network wait (a paused clock would jump
        // to a request timeout while a socket is quiet).
        tokio::time::resume();
    };
    wait(PROMISED_TTL - 1).await;
    assert_eq!(get_with(&app, "/me", Some(key)).await.status, 200, "cached");
    assert_eq!(endpoint.calls(), 1);
    wait(1).await;
    assert_eq!(
        get_with(&app, "/me", Some(key)).await.status,
        401,
        "refused"
    );
    assert_eq!(endpoint.calls(), 2);
}
