//! Per-subject quotas.

use std::num::NonZeroU32;

use axum::Router;
use axum::routing::get;
use portcullis::SubjectRateLimitLayer;
use portcullis_testkit::TestIssuer;

use crate::helpers::{get_with, guard_for};

#[tokio::test]
async fn each_subject_has_its_own_quota() {
    let issuer = TestIssuer::spawn().await;
    let app = Router::new()
        .route("/x", get(|| async { "ok" }))
        .route_layer(SubjectRateLimitLayer::per_minute(
            NonZeroU32::new(3).unwrap(),
        ))
        .route_layer(guard_for(&issuer).layer());
    let alice = issuer.token().sub("alice").sign();
    let bob = issuer.token().sub("bob").sign();
    for _ in 0..3 {
        assert_eq!(get_with(&app, "/x", Some(&alice)).await.status, 200);
    }
    let r = get_with(&app, "/x", Some(&alice)).await;
    assert_eq!(
        (r.status.as_u16(), r.body.as_str()),
        (429, r#"{"message":"Too Many Requests"}"#)
    );
    let retry: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=20).contains(&retry), "{retry}");
    assert_eq!(get_with(&app, "/x", Some(&bob)).await.status, 200);
}
