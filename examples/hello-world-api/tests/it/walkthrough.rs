//! The curl walkthrough of Auth0's hello-world API (public, protected and admin messages,
//! as an anonymous user, a user and an admin), byte for byte, plus `/api/whoami` and the
//! optional Clerk-shaped auth object at `/protected-endpoint`.

use portcullis_testkit::TestIssuer;

use crate::helpers::start;

const PUBLIC: &str = r#"{"text":"This is a public message."}"#;
const PROTECTED: &str = r#"{"text":"This is a protected message."}"#;
const ADMIN: &str = r#"{"text":"This is an admin message."}"#;
const REQUIRES: &str = r#"{"message":"Requires authentication"}"#;
const NOT_FOUND: &str = r#"{"message":"Not Found"}"#;

#[tokio::test]
async fn the_curl_walkthrough() {
    let issuer = TestIssuer::spawn().await;
    let api = start(&issuer).await;
    // As an anonymous user.
    assert_eq!(
        api.get("/api/messages/public", None).await,
        (200, PUBLIC.into())
    );
    assert_eq!(
        api.get("/api/messages/protected", None).await,
        (401, REQUIRES.into())
    );
    assert_eq!(
        api.get("/api/messages/admin", None).await,
        (401, REQUIRES.into())
    );
    assert_eq!(
        api.get("/api/messages/invalid", None).await,
        (404, NOT_FOUND.into())
    );
    // With a valid access token that has the admin permission.
    let token = issuer.token().permissions(&["read:admin-messages"]).sign();
    let t = Some(token.as_str());
    assert_eq!(
        api.get("/api/messages/public", t).await,
        (200, PUBLIC.into())
    );
    assert_eq!(
        api.get("/api/messages/protected", t).await,
        (200, PROTECTED.into())
    );
    assert_eq!(api.get("/api/messages/admin", t).await, (200, ADMIN.into()));
    assert_eq!(
        api.get("/api/messages/invalid", t).await,
        (404, NOT_FOUND.into())
    );
    // With an invalid token.
    let bad = Some("invalidtoken1234567890");
    assert_eq!(
        api.get("/api/messages/protected", bad).await,
        (401, r#"{"message":"Bad credentials"}"#.into())
    );
    // A valid token without the permission.
    let user = issuer.token().sign();
    assert_eq!(
        api.get("/api/messages/admin", Some(&user)).await,
        (403, r#"{"message":"Permission denied"}"#.into())
    );
    // Unknown methods are "Not Found" too, as in the Express app.
    let res = api
        .client
        .post(api.url("/api/messages/public"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        (res.status().as_u16(), res.text().await.unwrap()),
        (404, NOT_FOUND.into())
    );
}

#[tokio::test]
async fn whoami_and_the_auth_object() {
    let issuer = TestIssuer::spawn().await;
    let api = start(&issuer).await;
    let token = issuer
        .token()
        .sub("user_2Qbkhxfu7VCmvM4Xguez0fmMg1c")
        .sign();
    assert_eq!(
        api.get("/api/whoami", Some(&token)).await,
        (
            200,
            "Hello user with ID user_2Qbkhxfu7VCmvM4Xguez0fmMg1c".into()
        )
    );
    assert_eq!(api.get("/api/whoami", None).await.0, 401);
    let (status, body) = api.get("/protected-endpoint", None).await;
    assert_eq!(status, 200);
    let anonymous: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(
        anonymous
            .as_object()
            .unwrap()
            .values()
            .all(serde_json::Value::is_null)
    );
    let (status, body) = api.get("/protected-endpoint", Some(&token)).await;
    assert_eq!(status, 200);
    let auth: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(auth["userId"], "user_2Qbkhxfu7VCmvM4Xguez0fmMg1c");
    assert_eq!(api.get("/protected-endpoint", Some("x.y.z")).await.0, 401);
}

#[tokio::test]
async fn cors_allows_only_the_client_origin() {
    let issuer = TestIssuer::spawn().await;
    let api = start(&issuer).await;
    let preflight = |origin: &'static str| {
        api.client
            .request(reqwest::Method::OPTIONS, api.url("/api/messages/protected"))
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .send()
    };
    let ok = preflight("http://localhost:4040").await.unwrap();
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "http://localhost:4040"
    );
    assert!(
        ok.headers()["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("authorization")
    );
    let other = preflight("https://evil.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn organization_routes_follow_the_token() {
    let issuer = TestIssuer::spawn().await;
    let api = start(&issuer).await;
    let member = issuer.token().org("org_1", "acme", "member").sign();
    let admin = issuer.token().org("org_1", "acme", "admin").sign();
    let no_org = issuer.token().sign();
    assert_eq!(
        api.get("/api/orgs/org_1/messages", Some(&member)).await,
        (
            200,
            r#"{"text":"This is a message for the members of acme."}"#.into()
        )
    );
    assert_eq!(
        api.get("/api/orgs/acme/messages", Some(&member)).await.0,
        200
    );
    assert_eq!(
        api.get("/api/orgs/org_2/messages", Some(&member)).await,
        (403, r#"{"message":"Permission denied"}"#.into())
    );
    assert_eq!(
        api.get("/api/orgs/org_1/messages", Some(&no_org)).await.0,
        403
    );
    assert_eq!(api.get("/api/orgs/org_1/messages", None).await.0, 401);
    assert_eq!(api.get("/api/orgs/org_1/admin", Some(&member)).await.0, 403);
    assert_eq!(
        api.get("/api/orgs/org_1/admin", Some(&admin)).await,
        (
            200,
            r#"{"text":"This is an admin message for acme."}"#.into()
        )
    );
    assert_eq!(api.get("/api/orgs/org_2/admin", Some(&admin)).await.0, 403);
}

#[tokio::test]
async fn the_sensitive_message_asks_for_a_recent_two_factor_sign_in() {
    let issuer = TestIssuer::spawn().await;
    let api = start(&issuer).await;
    let now = portcullis::jwt::NumericDate::now().as_secs();
    let sensitive = r#"{"text":"This is a sensitive message."}"#;
    let mfa = serde_json::json!(["pwd", "otp", "mfa"]);
    let recent_mfa = issuer
        .token()
        .claim("amr", mfa.clone())
        .claim("auth_time", now.into())
        .sign();
    assert_eq!(
        api.get("/api/messages/sensitive", Some(&recent_mfa)).await,
        (200, sensitive.into())
    );
    assert_eq!(
        api.get("/api/messages/sensitive", None).await,
        (401, REQUIRES.into())
    );
    // A password alone, or a two-factor sign-in eleven minutes old: 401 with the
    // challenge that says what to ask the issuer for (the CORS layer lets the page read it).
    let password = issuer
        .token()
        .claim("amr", serde_json::json!(["pwd"]))
        .claim("auth_time", now.into())
        .sign();
    let old_mfa = issuer
        .token()
        .claim("amr", mfa)
        .claim("auth_time", (now - 660).into())
        .sign();
    for (token, wants) in [
        (
            password,
            "acr_values=\"http://schemas.openid.net/pape/policies/2007/06/multi-factor\"",
        ),
        (old_mfa, "max_age=\"600\""),
    ] {
        let res = api
            .client
            .get(api.url("/api/messages/sensitive"))
            .bearer_auth(&token)
            .header("origin", "http://localhost:4040")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
        let challenge = res.headers()["www-authenticate"].to_str().unwrap();
        assert!(
            challenge.contains("error=\"insufficient_user_authentication\"")
                && challenge.contains(wants),
            "{challenge}"
        );
        assert!(
            res.headers()["access-control-expose-headers"]
                .to_str()
                .unwrap()
                .contains("www-authenticate"),
            "{:?}",
            res.headers()
        );
        assert_eq!(
            res.text().await.unwrap(),
            r#"{"message":"Requires a stronger sign-in"}"#
        );
    }
}
