//! How the user signed in (RFC 9470): `Policy::mfa`, `Policy::acr`, `Policy::max_age`,
//! and the 401 `insufficient_user_authentication` challenge that tells a client to
//! sign the user in again.

use std::time::Duration;

use axum::Router;
use axum::routing::get;
use portcullis::jwt::NumericDate;
use portcullis::{ACR_MULTI_FACTOR, ACR_PHISHING_RESISTANT, GuardError, Policy, StepUp};
use portcullis_testkit::TestIssuer;
use serde_json::json;

use crate::helpers::{get_with, guard_for};

fn now() -> i64 {
    NumericDate::now().as_secs()
}

fn app(issuer: &TestIssuer) -> Router {
    let guard = guard_for(issuer);
    let route = |policy: Policy| get(|| async { "ok" }).route_layer(policy.layer());
    Router::new()
        .route("/mfa", route(Policy::mfa()))
        .route("/recent", route(Policy::max_age(Duration::from_secs(300))))
        .route(
            "/gold",
            route(Policy::acr(["urn:example:gold", "urn:example:platinum"])),
        )
        .route(
            "/transfer",
            route(Policy::permission("create:transfers").and(Policy::mfa())),
        )
        .route(
            "/strict",
            route(Policy::mfa().and(Policy::max_age(Duration::from_secs(60)))),
        )
        .route("/either", route(Policy::role("auditor").or(Policy::mfa())))
        .route_layer(guard.layer())
}

const MFA_CHALLENGE: &str = "Bearer realm=\"api\", error=\"insufficient_user_authentication\", error_description=\"A stronger sign-in is required\", acr_values=\"http://schemas.openid.net/pape/policies/2007/06/multi-factor\"";

#[tokio::test]
async fn a_password_sign_in_is_asked_to_step_up_to_two_factors() {
    let issuer = TestIssuer::spawn().await;
    let app = app(&issuer);
    let password = issuer
        .token()
        .claim("amr", json!(["pwd"]))
        .claim("auth_time", json!(now()))
        .sign();
    let r = get_with(&app, "/mfa", Some(&password)).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.headers["www-authenticate"], MFA_CHALLENGE);
    assert_eq!(
        r.headers["x-portcullis-reason"],
        "insufficient_user_authentication"
    );
    assert_eq!(r.body, r#"{"message":"Requires a stronger sign-in"}"#);
    let cases = [
        (json!({"amr": ["pwd", "otp", "mfa"]}), 200),
        (json!({"acr": ACR_MULTI_FACTOR}), 200),
        (json!({"acr": ACR_PHISHING_RESISTANT}), 200),
        // Clerk: minutes since the first and the second factor were verified.
        (json!({"fva": [12, 3]}), 200),
        (json!({"fva": [12, -1]}), 401),
        (json!({"amr": "mfa"}), 401),
        (json!({"acr": "mfa"}), 401),
    ];
    for (claims, status) in cases {
        let mut token = issuer.token();
        for (k, v) in claims.as_object().unwrap() {
            token = token.claim(k, v.clone());
        }
        let r = get_with(&app, "/mfa", Some(&token.sign())).await;
        assert_eq!(r.status, status, "{claims}");
    }
    // Not signed in at all stays the plain 401.
    let r = get_with(&app, "/mfa", None).await;
    assert_eq!(r.headers["www-authenticate"], "Bearer realm=\"api\"");
}

#[tokio::test]
async fn an_old_or_undated_sign_in_is_asked_to_sign_in_again() {
    let issuer = TestIssuer::spawn().await;
    let app = app(&issuer);
    let old = issuer.token().claim("auth_time", json!(now() - 301)).sign();
    let r = get_with(&app, "/recent", Some(&old)).await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.headers["www-authenticate"],
        "Bearer realm=\"api\", error=\"insufficient_user_authentication\", error_description=\"A more recent sign-in is required\", max_age=\"300\""
    );
    let undated = issuer.token().sign();
    assert_eq!(get_with(&app, "/recent", Some(&undated)).await.status, 401);
    let fresh = issuer.token().claim("auth_time", json!(now() - 30)).sign();
    assert_eq!(get_with(&app, "/recent", Some(&fresh)).await.status, 200);
    // Clerk's `fva` dates the first factor to the minute before `iat`.
    let clerk = issuer
        .token()
        .iat_at(now())
        .claim("fva", json!([2, -1]))
        .sign();
    assert_eq!(get_with(&app, "/recent", Some(&clerk)).await.status, 200);
    let clerk_old = issuer
        .token()
        .iat_at(now())
        .claim("fva", json!([6, -1]))
        .sign();
    assert_eq!(
        get_with(&app, "/recent", Some(&clerk_old)).await.status,
        401
    );
    // Both at once: the challenge carries both, the shorter age.
    let r = get_with(&app, "/strict", Some(&old)).await;
    assert_eq!(
        r.headers["www-authenticate"],
        format!("{}, max_age=\"60\"", MFA_CHALLENGE)
    );
}

#[tokio::test]
async fn acr_is_compared_exactly_and_the_challenge_names_the_classes() {
    let issuer = TestIssuer::spawn().await;
    let app = app(&issuer);
    let silver = issuer
        .token()
        .claim("acr", json!("urn:example:silver"))
        .sign();
    let r = get_with(&app, "/gold", Some(&silver)).await;
    assert_eq!(r.status, 401);
    assert!(
        r.headers["www-authenticate"]
            .to_str()
            .unwrap()
            .ends_with("acr_values=\"urn:example:gold urn:example:platinum\""),
        "{:?}",
        r.headers["www-authenticate"]
    );
    let platinum = issuer
        .token()
        .claim("acr", json!("urn:example:platinum"))
        .sign();
    assert_eq!(get_with(&app, "/gold", Some(&platinum)).await.status, 200);
    let prefixed = issuer
        .token()
        .claim("acr", json!("urn:example:gold:fake"))
        .sign();
    assert_eq!(get_with(&app, "/gold", Some(&prefixed)).await.status, 401);
}

#[tokio::test]
async fn a_step_up_is_offered_only_when_it_alone_would_let_the_caller_through() {
    let issuer = TestIssuer::spawn().await;
    let app = app(&issuer);
    // Missing the permission: signing in again would not help.
    let r = get_with(&app, "/transfer", Some(&issuer.token().sign())).await;
    assert_eq!(r.status, 403);
    assert!(
        r.headers["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("insufficient_scope")
    );
    // Holding it, with one factor: step up.
    let holder = issuer.token().permissions(&["create:transfers"]).sign();
    let r = get_with(&app, "/transfer", Some(&holder)).await;
    assert_eq!(
        (r.status.as_u16(), &r.headers["www-authenticate"]),
        (401, &MFA_CHALLENGE.parse().unwrap())
    );
    let holder_mfa = issuer
        .token()
        .permissions(&["create:transfers"])
        .claim("amr", json!(["pwd", "otp", "mfa"]))
        .sign();
    assert_eq!(
        get_with(&app, "/transfer", Some(&holder_mfa)).await.status,
        200
    );
    // An alternative a step-up satisfies: step up.
    let r = get_with(&app, "/either", Some(&issuer.token().sign())).await;
    assert_eq!(r.status, 401);
    let auditor = issuer.token().roles(&["auditor"]).sign();
    assert_eq!(get_with(&app, "/either", Some(&auditor)).await.status, 200);
}

#[tokio::test]
async fn a_cached_verification_is_judged_at_the_time_of_each_request() {
    let issuer = TestIssuer::spawn().await;
    let guard = guard_for(&issuer);
    let t0 = now();
    let token = issuer
        .token()
        .claim("auth_time", json!(t0 - 200))
        .exp_in(3600)
        .sign();
    let policy = Policy::max_age(Duration::from_secs(300));
    let first = guard
        .authenticate_at(&token, NumericDate::from_secs(t0))
        .await
        .unwrap();
    assert_eq!(first.auth_age(), Some(Duration::from_secs(200)));
    assert!(policy.check(&first).is_ok());
    // The same token 200 s later comes from the cache, and is now too old.
    let later = guard
        .authenticate_at(&token, NumericDate::from_secs(t0 + 200))
        .await
        .unwrap();
    assert_eq!(later.checked_at().as_secs(), t0 + 200);
    let denied = policy.check(&later).unwrap_err();
    assert_eq!(
        denied.step_up,
        Some(StepUp::max_age(Duration::from_secs(300)))
    );
    assert!(matches!(
        GuardError::from(denied),
        GuardError::InsufficientUserAuthentication(_)
    ));
}

#[tokio::test]
async fn hostile_acr_values_cannot_break_the_challenge() {
    let issuer = TestIssuer::spawn().await;
    let guard = guard_for(&issuer);
    let app = Router::new()
        .route(
            "/x",
            get(|| async { "ok" }).route_layer(Policy::acr(["a\"b\\c\r\nd"]).layer()),
        )
        .route_layer(guard.layer());
    let r = get_with(&app, "/x", Some(&issuer.token().sign())).await;
    assert_eq!(r.status, 401);
    assert!(
        r.headers["www-authenticate"]
            .to_str()
            .unwrap()
            .ends_with("acr_values=\"abcd\"")
    );
}
