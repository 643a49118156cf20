//! Several issuers at once, routed by `iss`.

use portcullis::{Guard, IssuerConfig};
use portcullis_testkit::{DEFAULT_AUDIENCE, TestIssuer, keys};

use crate::helpers::{app, fast_jwks, get_with};

#[tokio::test]
async fn tokens_are_routed_by_issuer() {
    let a = TestIssuer::spawn().await;
    let b = TestIssuer::spawn_with_key(keys::eddsa()).await;
    let guard = Guard::builder()
        .issuer(IssuerConfig::discover(a.issuer()).audience(DEFAULT_AUDIENCE))
        .issuer(IssuerConfig::jwks_uri(b.jwks_uri(), b.issuer()).audience("https://other.api"))
        .jwks_options(fast_jwks())
        .debug_reason_header(true)
        .build()
        .unwrap();
    let app = app(&guard);
    assert_eq!(
        get_with(&app, "/me", Some(&a.token().sub("from-a").sign()))
            .await
            .body,
        "from-a"
    );
    let from_b = b.token().aud("https://other.api").sub("from-b").sign();
    assert_eq!(get_with(&app, "/me", Some(&from_b)).await.body, "from-b");
    // Each issuer keeps its own audience.
    let r = get_with(&app, "/me", Some(&b.token().sign())).await;
    assert_eq!((r.status.as_u16(), r.reason()), (401, "wrong_audience"));
    // A's key cannot vouch for a token claiming to be from B.
    let forged = a.token().iss(&b.issuer()).aud("https://other.api").sign();
    let r = get_with(&app, "/me", Some(&forged)).await;
    assert_eq!(r.status, 401);
    assert!(
        ["unknown_key", "algorithm_not_allowed", "invalid_signature"].contains(&r.reason()),
        "{}",
        r.reason()
    );
}

#[test]
fn the_same_issuer_twice_is_a_configuration_error() {
    let err = Guard::builder()
        .issuer(IssuerConfig::discover("https://a.example/").audience("x"))
        .issuer(IssuerConfig::discover("https://a.example").audience("y"))
        .build()
        .unwrap_err();
    assert!(matches!(err, portcullis::BuildError::DuplicateIssuer(_)));
}
