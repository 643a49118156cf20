//! The remote key cache against a real issuer: rotation, kid floods, outages, slow
//! issuers, cold starts, and refused documents.
//!
//! Time is tokio's clock: tests pause it once the issuer has been reached, move it with
//! `tokio::time::advance`, and resume it before waiting on the network (a paused clock
//! would jump to the next timer, such as a request timeout, while a socket is quiet).

use std::time::Duration;

use axum::Router;
use portcullis::{Guard, IssuerConfig, JwksOptions};
use portcullis_testkit::{DEFAULT_AUDIENCE, TestIssuer, keys};

use crate::helpers::{app, fast_jwks, get_with, guard_for};

/// Lets every task run, with the clock paused (yielding never moves it), until `done`.
async fn until(what: &str, done: impl Fn() -> bool) {
    let give_up = std::time::Instant::now() + Duration::from_secs(20);
    while !done() {
        assert!(
            std::time::Instant::now() < give_up,
            "never happened: {what}"
        );
        tokio::task::yield_now().await;
    }
}

/// The test app with these options, its keys loaded by a first request that passes.
async fn loaded_app(issuer: &TestIssuer, options: JwksOptions) -> Router {
    let app = app(&guard_with(issuer, options));
    let r = get_with(&app, "/me", Some(&issuer.token().sign())).await;
    assert_eq!(r.status, 200, "{}", r.reason());
    app
}

fn guard_with(issuer: &TestIssuer, options: JwksOptions) -> Guard {
    Guard::builder()
        .issuer(IssuerConfig::discover(issuer.issuer()).audience(DEFAULT_AUDIENCE))
        .jwks_options(options)
        .debug_reason_header(true)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_newly_published_key_works_on_its_first_request() {
    let issuer = TestIssuer::spawn().await;
    let app = loaded_app(&issuer, fast_jwks()).await;
    let before = issuer.jwks_fetches();
    let new_kid = issuer.rotate();
    let token = issuer.token().sign();
    let r = get_with(&app, "/me", Some(&token)).await;
    assert_eq!(r.status, 200, "signed by {new_kid}: {}", r.reason());
    assert_eq!(issuer.jwks_fetches(), before + 1, "exactly one refetch");
}

#[tokio::test]
async fn a_flood_of_random_kids_costs_one_fetch() {
    let issuer = TestIssuer::spawn().await;
    let options = JwksOptions {
        unknown_kid_cooldown: Duration::from_secs(60),
        ..fast_jwks()
    };
    let app = loaded_app(&issuer, options).await;
    let before = issuer.jwks_fetches();
    let attacker = std::sync::Arc::new(
        portcullis_jwt::SigningKey::generate(portcullis_jwt::Algorithm::ES256).unwrap(),
    );
    let mut tasks = Vec::new();
    for i in 0..200 {
        let key = std::sync::Arc::new(
            portcullis_jwt::SigningKey::from_pkcs8_der(
                portcullis_jwt::Algorithm::ES256,
                &attacker.to_pkcs8_der().unwrap(),
            )
            .unwrap()
            .with_kid(format!("random-{i}")),
        );
        let token = issuer.token().signed_with(key).sign();
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            get_with(&app, "/me", Some(&token)).await
        }));
    }
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!((r.status.as_u16(), r.reason()), (401, "unknown_key"));
    }
    assert!(
        issuer.jwks_fetches() <= before + 1,
        "{} fetches",
        issuer.jwks_fetches() - before
    );
}

#[tokio::test]
async fn unknown_issuers_cause_no_fetch() {
    let issuer = TestIssuer::spawn().await;
    let app = app(&guard_for(&issuer));
    let r = get_with(
        &app,
        "/me",
        Some(&issuer.token().iss("https://evil.example/").sign()),
    )
    .await;
    assert_eq!((r.status.as_u16(), r.reason()), (401, "unknown_issuer"));
    assert_eq!(issuer.jwks_fetches() + issuer.discovery_fetches(), 0);
}

#[tokio::test]
async fn known_keys_keep_working_while_the_issuer_is_down() {
    let issuer = TestIssuer::spawn().await;
    issuer.set_cache_control(Some("max-age=0"));
    let options = JwksOptions {
        min_refresh: Duration::from_millis(50),
        ..fast_jwks()
    };
    let app = loaded_app(&issuer, options).await;
    issuer.set_down(true);
    tokio::time::pause();
    tokio::time::advance(Duration::from_secs(3600)).await;
    // An hour stale, within max_stale (6 h): still served (a fresh token, so no cache
    // hit), without waiting for the refetch the stale set triggers.
    let r = get_with(&app, "/me", Some(&issuer.token().sub("other").sign())).await;
    assert_eq!(r.status, 200, "{}", r.reason());
}

#[tokio::test]
async fn stale_keys_are_bounded() {
    let issuer = TestIssuer::spawn().await;
    issuer.set_cache_control(Some("max-age=0"));
    let options = JwksOptions {
        min_refresh: Duration::from_secs(10),
        max_stale: Duration::from_secs(20),
        ..fast_jwks()
    };
    let app = loaded_app(&issuer, options).await;
    issuer.set_down(true);
    tokio::time::pause();
    let loaded = issuer.jwks_fetched_at();
    assert_eq!(loaded.len(), 1, "one fetch so far");
    // Fresh for min_refresh (max-age=0 asks for less), then stale for max_stale: the
    // keys serve until then (counted from the request, which came before the answer).
    let last_good = loaded[0] + Duration::from_secs(10 + 20);
    tokio::time::advance(last_good - tokio::time::Instant::now()).await;
    let r = get_with(&app, "/me", Some(&issuer.token().sub("other").sign())).await;
    assert_eq!(r.status, 200, "still within max_stale: {}", r.reason());
    // A second later (the answer came within it) they are too old.
    tokio::time::advance(Duration::from_secs(1)).await;
    tokio::time::resume();
    let r = get_with(&app, "/me", Some(&issuer.token().sub("third").sign())).await;
    assert_eq!(
        (r.status.as_u16(), r.body.as_str()),
        (503, r#"{"message":"Service Unavailable"}"#)
    );
}

#[tokio::test]
async fn cold_start_with_the_issuer_down_is_503_then_recovers() {
    let issuer = TestIssuer::spawn().await;
    issuer.set_down(true);
    let options = JwksOptions {
        retry_backoff: Duration::from_secs(10),
        ..fast_jwks()
    };
    let app = app(&guard_with(&issuer, options));
    let token = issuer.token().sign();
    let r = get_with(&app, "/me", Some(&token)).await;
    assert_eq!(
        (r.status.as_u16(), r.body.as_str()),
        (503, r#"{"message":"Service Unavailable"}"#)
    );
    assert_eq!(r.reason(), "keys_unavailable");
    // Public behaviour is unaffected: no token is still 401, not 503.
    assert_eq!(get_with(&app, "/me", None).await.status, 401);
    // Back up, but within the backoff nobody asks it.
    issuer.set_down(false);
    tokio::time::pause();
    let asked = issuer.discovery_fetches() + issuer.jwks_fetches();
    let r = get_with(&app, "/me", Some(&token)).await;
    assert_eq!((r.status.as_u16(), r.reason()), (503, "keys_unavailable"));
    assert_eq!(issuer.discovery_fetches() + issuer.jwks_fetches(), asked);
    // Once the backoff has passed, the next request loads the keys.
    tokio::time::advance(Duration::from_secs(10)).await;
    tokio::time::resume();
    assert_eq!(get_with(&app, "/me", Some(&token)).await.status, 200);
}

#[tokio::test]
async fn a_slow_issuer_does_not_stall_requests_that_do_not_need_it() {
    let issuer = TestIssuer::spawn().await;
    let app = loaded_app(&issuer, fast_jwks()).await;
    issuer.rotate();
    let unknown = issuer.token().sign();
    issuer.set_delay(Duration::from_secs(3));
    let fetches = issuer.jwks_fetches();
    let slow = {
        let app = app.clone();
        tokio::spawn(async move { get_with(&app, "/me", Some(&unknown)).await })
    };
    // The unknown kid's fetch has reached the issuer, which sits on it for 3 s.
    until("the refetch", || issuer.jwks_fetches() > fetches).await;
    tokio::time::pause();
    // The old key is still published and known: verified without waiting for the
    // fetch. With the clock paused, anything that waits lets it run to the next timer,
    // and the first is this deadline: passing it means the request waited.
    let old_key = std::sync::Arc::new(keys::es256());
    let known = issuer.token().sub("fast").signed_with(old_key).sign();
    let fast = tokio::time::timeout(
        Duration::from_millis(500),
        get_with(&app, "/me", Some(&known)),
    )
    .await;
    assert_eq!(
        fast.expect("a known key must not wait for the slow fetch")
            .status,
        200
    );
    assert!(!slow.is_finished(), "the fetch is still out");
    // The fetch times out (1 s in these options, before the issuer's 3 s): the new kid
    // is refused, not hung.
    let r = slow.await.unwrap();
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn refused_documents_never_yield_keys() {
    for setup in ["mismatch", "redirect", "oversized", "garbage", "empty"] {
        let issuer = TestIssuer::spawn().await;
        match setup {
            "mismatch" => issuer.set_discovery_issuer(Some("https://evil.example/")),
            "redirect" => issuer.set_redirect(Some("http://127.0.0.1:9/")),
            "oversized" => issuer.set_jwks_body(Some(format!(
                "{{\"keys\":[],\"pad\":\"{}\"}}",
                "x".repeat(300_000)
            ))),
            "garbage" => issuer.set_jwks_body(Some("<html>".into())),
            _ => issuer.set_jwks_body(Some(r#"{"keys":[]}"#.into())),
        }
        let app = app(&guard_for(&issuer));
        let r = get_with(&app, "/me", Some(&issuer.token().sign())).await;
        assert_eq!(
            (r.status.as_u16(), r.reason()),
            (503, "keys_unavailable"),
            "{setup}"
        );
    }
}

#[tokio::test]
async fn cache_control_drives_the_refresh_timer() {
    let issuer = TestIssuer::spawn().await;
    issuer.set_cache_control(Some("public, max-age=60"));
    let options = JwksOptions {
        min_refresh: Duration::ZERO,
        ..fast_jwks()
    };
    let app = loaded_app(&issuer, options).await;
    tokio::time::pause();
    // Each refresh comes once the last answer's max-age has run out, not before (nor
    // an extra one right after start-up), and brings the keys published meanwhile.
    for refresh in 1..=2 {
        let before = issuer.jwks_fetched_at();
        assert_eq!(before.len(), refresh, "{before:?}");
        let last = *before.last().unwrap();
        issuer.rotate();
        // Just before: an early refresh would be started here, and stamped before
        // the 60 s mark (yielding gives it every chance to arrive).
        tokio::time::advance(last + Duration::from_secs(59) - tokio::time::Instant::now()).await;
        for _ in 0..1000 {
            tokio::task::yield_now().await;
        }
        // Past it (the timer naps at least 100 ms at a time).
        tokio::time::advance(Duration::from_millis(1_200)).await;
        until("the refresh", || issuer.jwks_fetches() > refresh).await;
        let at = issuer.jwks_fetched_at()[refresh];
        assert!(
            at >= last + Duration::from_secs(60) && at < last + Duration::from_secs(61),
            "refresh {refresh} came {:?} after the last fetch",
            at - last
        );
        // The rotated key works: a request for it joins the refresh if it is still
        // on its way (one fetch at a time), so afterwards the refresh is complete.
        let request = {
            let (app, token) = (app.clone(), issuer.token().sign());
            tokio::spawn(async move { get_with(&app, "/me", Some(&token)).await })
        };
        until("the request", || request.is_finished()).await;
        let r = request.await.unwrap();
        assert_eq!(r.status, 200, "refresh {refresh}: {}", r.reason());
        assert_eq!(issuer.jwks_fetches(), refresh + 1, "no other fetch");
    }
}
