//! The error contract: malformed, oversized, missing and hostile input.

use axum::body::Body;
use http::Request;
use portcullis::{ErrorFormat, Guard, IssuerConfig};
use portcullis_testkit::{DEFAULT_AUDIENCE, TestIssuer};

use crate::helpers::{app, fast_jwks, get_with, guard_for, send};

async fn raw(app: &axum::Router, headers: &[(&str, &str)]) -> crate::helpers::Reply {
    let mut req = Request::get("/me");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    send(app, req.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn malformed_headers_are_bad_requests() {
    let issuer = TestIssuer::spawn().await;
    let app = app(&guard_for(&issuer));
    let token = issuer.token().sign();
    for bad in ["Bearer", "Bearer ", "Bearer a b", "Bearer a,b", "Bearer =x"] {
        let r = raw(&app, &[("authorization", bad)]).await;
        assert_eq!(
            (r.status.as_u16(), r.body.as_str()),
            (400, r#"{"message":"Bad request"}"#),
            "{bad:?}"
        );
        assert!(
            r.headers["www-authenticate"]
                .to_str()
                .unwrap()
                .contains("invalid_request")
        );
    }
    let bearer = format!("Bearer {token}");
    let r = raw(
        &app,
        &[("authorization", &bearer), ("authorization", &bearer)],
    )
    .await;
    assert_eq!(r.status, 400);
    // Another scheme is "no credentials", not a bad request.
    let r = raw(&app, &[("authorization", "Basic dXNlcjpwYXNz")]).await;
    assert_eq!(
        (r.status.as_u16(), r.body.as_str()),
        (401, r#"{"message":"Requires authentication"}"#)
    );
    // Scheme is case-insensitive.
    let r = raw(&app, &[("authorization", &format!("bEARer {token}"))]).await;
    assert_eq!(r.status, 200);
    // Token in the query and the header: two places.
    let req = Request::get(format!("/me?access_token={token}"))
        .header("authorization", &bearer)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, req).await.status, 400);
}

#[tokio::test]
async fn hostile_tokens_are_401_and_never_500() {
    let issuer = TestIssuer::spawn().await;
    let app = app(&guard_for(&issuer));
    let huge = "a".repeat(20_000) + ".b.c";
    let cases: Vec<(String, &str)> = vec![
        ("invalidtoken1234567890".into(), "not_a_jwt"),
        ("a.b.c".into(), "malformed_token"),
        (
            "eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.c2ln".into(),
            "algorithm_not_allowed",
        ),
        (huge, "token_too_large"),
        ("e30.e30.e30".into(), "malformed_token"),
        (
            issuer.token().iss("https://evil.example/").sign(),
            "unknown_issuer",
        ),
        (
            issuer.token().aud("https://other.api").sign(),
            "wrong_audience",
        ),
        (issuer.token().without("aud").sign(), "missing_claim"),
        (issuer.token().without("exp").sign(), "missing_claim"),
        (
            issuer
                .token()
                .claim("exp", serde_json::json!("tomorrow"))
                .sign(),
            "invalid_claim",
        ),
        (issuer.token().nbf_in(3600).sign(), "token_not_yet_valid"),
    ];
    for (token, reason) in cases {
        let r = get_with(&app, "/me", Some(&token)).await;
        assert_eq!(
            (r.status.as_u16(), r.body.as_str()),
            (401, r#"{"message":"Bad credentials"}"#),
            "{reason}"
        );
        assert_eq!(r.reason(), reason);
    }
    // A valid token with one signature byte flipped.
    let good = issuer.token().sign();
    let mut bytes = good.into_bytes();
    let last = bytes.len() - 2;
    bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
    let r = get_with(&app, "/me", Some(&String::from_utf8(bytes).unwrap())).await;
    assert_eq!((r.status.as_u16(), r.reason()), (401, "invalid_signature"));
}

#[tokio::test]
async fn problem_json_format_and_no_debug_header_by_default() {
    let issuer = TestIssuer::spawn().await;
    let guard = Guard::builder()
        .issuer(IssuerConfig::discover(issuer.issuer()).audience(DEFAULT_AUDIENCE))
        .jwks_options(fast_jwks())
        .error_format(ErrorFormat::ProblemJson)
        .build()
        .unwrap();
    let r = get_with(&app(&guard), "/me", Some("x.y.z")).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    assert!(r.headers.get(portcullis::DEBUG_REASON_HEADER).is_none());
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["title"], "Bad credentials");
    assert_eq!(v["status"], 401);
}

#[tokio::test]
async fn extractor_without_layer_is_a_500() {
    let app = axum::Router::new().route(
        "/me",
        axum::routing::get(
            |portcullis::Authenticated(a): portcullis::Authenticated| async move {
                a.subject().to_owned()
            },
        ),
    );
    let r = get_with(&app, "/me", None).await;
    assert_eq!(
        (r.status.as_u16(), r.body.as_str()),
        (500, r#"{"message":"Internal Server Error"}"#)
    );
}
