//! Required vs optional, over a real issuer.

use portcullis_testkit::TestIssuer;

use crate::helpers::{app, get_with, guard_for};

#[tokio::test]
async fn required_and_optional() {
    let issuer = TestIssuer::spawn().await;
    let app = app(&guard_for(&issuer));
    let good = issuer.token().sub("user_42").sign();
    let expired = issuer.token().expired().sign();

    let r = get_with(&app, "/me", Some(&good)).await;
    assert_eq!((r.status.as_u16(), r.body.as_str()), (200, "user_42"));
    let r = get_with(&app, "/me", None).await;
    assert_eq!(
        (r.status.as_u16(), r.body.as_str()),
        (401, r#"{"message":"Requires authentication"}"#)
    );
    assert_eq!(r.headers["www-authenticate"], "Bearer realm=\"api\"");
    let r = get_with(&app, "/me", Some(&expired)).await;
    assert_eq!(
        (r.status.as_u16(), r.body.as_str()),
        (401, r#"{"message":"Bad credentials"}"#)
    );
    assert_eq!(r.reason(), "token_expired");
    assert!(
        r.headers["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("error=\"invalid_token\"")
    );

    let r = get_with(&app, "/maybe", None).await;
    assert_eq!((r.status.as_u16(), r.body.as_str()), (200, "anonymous"));
    let r = get_with(&app, "/maybe", Some(&good)).await;
    assert_eq!((r.status.as_u16(), r.body.as_str()), (200, "user_42"));
    let r = get_with(&app, "/maybe", Some(&expired)).await;
    assert_eq!(
        r.status, 401,
        "an invalid token is never treated as no token"
    );
    let r = get_with(&app, "/maybe", Some("invalidtoken1234567890")).await;
    assert_eq!(
        (r.status.as_u16(), r.body.as_str()),
        (401, r#"{"message":"Bad credentials"}"#)
    );
}

#[tokio::test]
async fn auth_object_has_the_shape_of_clerks() {
    let issuer = TestIssuer::spawn().await;
    let app = app(&guard_for(&issuer));
    let r = get_with(&app, "/auth-object", None).await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    for key in [
        "sessionClaims",
        "sessionId",
        "session",
        "userId",
        "user",
        "actor",
        "orgId",
        "orgRole",
        "orgSlug",
        "organization",
        "claims",
    ] {
        assert_eq!(v[key], serde_json::Value::Null, "{key}");
    }
    let token = issuer
        .token()
        .sub("user_2Qbk")
        .claim("sid", serde_json::json!("sess_2Qvz"))
        .org("org_1", "acme", "admin")
        .sign();
    let r = get_with(&app, "/auth-object", Some(&token)).await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["userId"], "user_2Qbk");
    assert_eq!(v["sessionId"], "sess_2Qvz");
    assert_eq!(v["orgId"], "org_1");
    assert_eq!(v["orgSlug"], "acme");
    assert_eq!(v["orgRole"], "admin");
    assert_eq!(v["claims"]["sub"], "user_2Qbk");
    assert_eq!(v["sessionClaims"], v["claims"]);
}

#[tokio::test]
async fn typed_custom_claims() {
    #[derive(Clone, serde::Deserialize)]
    struct Tenant {
        tenant_id: String,
    }
    let issuer = TestIssuer::spawn().await;
    let guard = guard_for(&issuer);
    let app = axum::Router::new()
        .route(
            "/tenant",
            axum::routing::get(
                |portcullis::Authenticated(a): portcullis::Authenticated<Tenant>| async move {
                    a.custom().tenant_id.clone()
                },
            ),
        )
        .route_layer(guard.layer());
    let ok = issuer
        .token()
        .claim("tenant_id", serde_json::json!("t-9"))
        .sign();
    let r = get_with(&app, "/tenant", Some(&ok)).await;
    assert_eq!((r.status.as_u16(), r.body.as_str()), (200, "t-9"));
    let missing = issuer.token().sign();
    assert_eq!(get_with(&app, "/tenant", Some(&missing)).await.status, 401);
}
