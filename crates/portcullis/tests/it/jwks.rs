//! The remote key cache against a real issuer: rotation, kid floods, outages, slow
//! issuers, cold starts, and refused documents.

use std::time::Duration;

use portcullis::{Guard, IssuerConfig, JwksOptions};
use portcullis_testkit::{DEFAULT_AUDIENCE, TestIssuer, keys};

use crate::helpers::{app, fast_jwks, get_with, guard_for};

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
    let app = app(&guard_for(&issuer));
    assert_eq!(
        get_with(&app, "/me", Some(&issuer.token().sign()))
            .await
            .status,
        200
    );
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
    let app = app(&guard_with(&issuer, options));
    assert_eq!(
        get_with(&app, "/me", Some(&issuer.token().sign()))
            .await
            .status,
        200
    );
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
    let app = app(&guard_with(&issuer, options));
    assert_eq!(
        get_with(&app, "/me", Some(&issuer.token().sign()))
            .await
            .status,
        200
    );
    issuer.set_down(true);
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Stale but within max_stale: still served (a fresh token, so no cache hit).
    let r = get_with(&app, "/me", Some(&issuer.token().sub("other").sign())).await;
    assert_eq!(r.status, 200, "{}", r.reason());
}

#[tokio::test]
async fn stale_keys_are_bounded() {
    let issuer = TestIssuer::spawn().await;
    issuer.set_cache_control(Some("max-age=0"));
    let options = JwksOptions {
        min_refresh: Duration::from_millis(50),
        max_stale: Duration::from_millis(200),
        ..fast_jwks()
    };
    let app = app(&guard_with(&issuer, options));
    assert_eq!(
        get_with(&app, "/me", Some(&issuer.token().sign()))
            .await
            .status,
        200
    );
    issuer.set_down(true);
    tokio::time::sleep(Duration::from_millis(600)).await;
    let r = get_with(&app, "/me", Some(&issuer.token().sub("other").sign())).await;
    assert_eq!(
        (r.status.as_u16(), r.body.as_str()),
        (503, r#"{"message":"Service Unavailable"}"#)
    );
}

#[tokio::test]
async fn cold_start_with_the_issuer_down_is_503_then_recovers() {
    let issuer = TestIssuer::spawn().await;
    issuer.set_down(true);
    let app = app(&guard_for(&issuer));
    let token = issuer.token().sign();
    let r = get_with(&app, "/me", Some(&token)).await;
    assert_eq!(
        (r.status.as_u16(), r.body.as_str()),
        (503, r#"{"message":"Service Unavailable"}"#)
    );
    assert_eq!(r.reason(), "keys_unavailable");
    // Public behaviour is unaffected: no token is still 401, not 503.
    assert_eq!(get_with(&app, "/me", None).await.status, 401);
    issuer.set_down(false);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(get_with(&app, "/me", Some(&token)).await.status, 200);
}

#[tokio::test]
async fn a_slow_issuer_does_not_stall_requests_that_do_not_need_it() {
    let issuer = TestIssuer::spawn().await;
    let app = app(&guard_for(&issuer));
    assert_eq!(
        get_with(&app, "/me", Some(&issuer.token().sign()))
            .await
            .status,
        200
    );
    issuer.set_delay(Duration::from_secs(3));
    issuer.rotate();
    let unknown = issuer.token().sign();
    issuer.set_delay(Duration::from_secs(3));
    let slow = {
        let app = app.clone();
        tokio::spawn(async move { get_with(&app, "/me", Some(&unknown)).await })
    };
    tokio::time::sleep(Duration::from_millis(50)).await;
    // The old key is still published and known: verified without waiting for the fetch.
    let old_key = std::sync::Arc::new(keys::es256());
    let known = issuer.token().sub("fast").signed_with(old_key).sign();
    let fast = tokio::time::timeout(
        Duration::from_millis(900),
        get_with(&app, "/me", Some(&known)),
    )
    .await;
    assert_eq!(
        fast.expect("a known key must not wait for the slow fetch")
            .status,
        200
    );
    // The fetch times out (1 s in these options): the new kid is refused, not hung.
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
    issuer.set_cache_control(Some("public, max-age=1"));
    let options = JwksOptions {
        min_refresh: Duration::ZERO,
        ..fast_jwks()
    };
    let guard = guard_with(&issuer, options);
    assert!(guard.ready().await);
    let after_start = issuer.jwks_fetches();
    tokio::time::sleep(Duration::from_millis(2_600)).await;
    let refreshed = issuer.jwks_fetches() - after_start;
    assert!(
        (1..=3).contains(&refreshed),
        "{refreshed} refreshes in 2.6 s with max-age=1"
    );
}
