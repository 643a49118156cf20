//! Several stateless servers on one PostgreSQL database.

use serde_json::json;

use crate::helpers::{API, TestServer, config_for_pg, login_status, postgres_url, start, start_at};

#[tokio::test]
async fn two_nodes_share_keys_users_and_sessions() {
    let Some(url) = postgres_url().await else {
        return;
    };
    let (a, b) = tokio::join!(start(config_for_pg(url.clone())), start(config_for_pg(url)));
    let jwks_a = a.get("/.well-known/jwks.json", None).await.body;
    let jwks_b = b.get("/.well-known/jwks.json", None).await.body;
    assert_eq!(jwks_a, jwks_b, "one active key per lineage for both nodes");
    assert_eq!(jwks_a["keys"].as_array().unwrap().len(), 2);
    a.server
        .idp()
        .create_api(API, "Hello", &[], 1_800_000_000)
        .await
        .unwrap();
    let up = a.signup("ada@example.com").await;
    let login = b
        .post_json(
            "/api/auth/login",
            &json!({"email": "ada@example.com", "password": "correct horse battery"}),
        )
        .await;
    assert_eq!(login.status, 200);
    let refresh = up.body["refresh_token"].as_str().unwrap();
    let r = b
        .post_form(
            "/oauth/token",
            &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
        )
        .await;
    assert_eq!(
        r.status, 200,
        "a session made on node A refreshes on node B"
    );
    let reuse = a
        .post_form(
            "/oauth/token",
            &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
        )
        .await;
    assert_eq!(reuse.status, 400, "reuse is detected across nodes");
    // A rotation staged on A is published by B at once.
    a.server
        .idp()
        .keys()
        .rotate(1_800_000_000, 900)
        .await
        .unwrap();
    assert_eq!(
        b.get("/.well-known/jwks.json", None).await.body["keys"]
            .as_array()
            .unwrap()
            .len(),
        4,
        "both lineages' next keys"
    );
}

#[tokio::test]
async fn fifty_concurrent_refreshes_across_two_nodes_rotate_once_and_revoke_the_family() {
    let Some(url) = postgres_url().await else {
        return;
    };
    let (a, b) = tokio::join!(start(config_for_pg(url.clone())), start(config_for_pg(url)));
    a.server
        .idp()
        .create_api(API, "Hello", &[], 1_800_000_000)
        .await
        .unwrap();
    let up = a.signup("ada@example.com").await;
    let refresh = up.body["refresh_token"].as_str().unwrap().to_owned();
    let (a, b) = (std::sync::Arc::new(a), std::sync::Arc::new(b));
    let mut tasks = Vec::new();
    for i in 0..50 {
        let node = if i % 2 == 0 { a.clone() } else { b.clone() };
        let refresh = refresh.clone();
        tasks.push(tokio::spawn(async move {
            node.post_form(
                "/oauth/token",
                &[("grant_type", "refresh_token"), ("refresh_token", &refresh)],
            )
            .await
        }));
    }
    let mut winners = Vec::new();
    for t in tasks {
        let r = t.await.unwrap();
        match r.status {
            200 => winners.push(r.body["refresh_token"].as_str().unwrap().to_owned()),
            400 => assert_eq!(r.body["error"], "invalid_grant"),
            other => panic!("unexpected {other}: {}", r.text),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one rotation");
    let after = a
        .post_form(
            "/oauth/token",
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", &winners[0]),
            ],
        )
        .await;
    assert_eq!(
        after.status, 400,
        "the family is revoked: even the winner's new token is dead"
    );
}

#[tokio::test]
async fn failed_logins_are_throttled_across_nodes() {
    /// Failures allowed before the first delay, and the longest delay SECURITY.md
    /// promises (doubling delays up to 15 minutes).
    const FREE_FAILURES: usize = 3;
    const LONGEST_DELAY: i64 = 15 * 60;
    let Some(url) = postgres_url().await else {
        return;
    };
    let clock = portcullis_server::Clock::manual(1_800_000_000);
    let (a, b) = tokio::join!(
        start_at(config_for_pg(url.clone()), clock.clone()),
        start_at(config_for_pg(url), clock.clone())
    );
    a.server
        .idp()
        .create_api(API, "Hello", &[], 1_800_000_000)
        .await
        .unwrap();
    a.signup("ada@example.com").await;
    let login = async |node: &TestServer, password: &str| {
        login_status(node, "ada@example.com", password).await
    };
    // One failure more than the free ones, alternating between the nodes: neither node
    // alone saw enough to throttle.
    let mut failures = Vec::new();
    for i in 0..=FREE_FAILURES {
        let node = if i % 2 == 0 { &a } else { &b };
        failures.push(login(node, "wrong password").await);
    }
    assert_eq!(failures, [401; FREE_FAILURES + 1]);
    assert_eq!(login(&a, "correct horse battery").await, 429);
    assert_eq!(login(&b, "correct horse battery").await, 429);
    clock.advance(LONGEST_DELAY);
    assert_eq!(login(&b, "correct horse battery").await, 200);
}
