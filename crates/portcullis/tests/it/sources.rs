//! Token sources (header, cookie) and key sources (static JWKS, PEM, shared secret,
//! JWKS URI, environment).

use std::sync::Arc;

use axum::body::Body;
use http::Request;
use portcullis::{BuildError, Guard, IssuerConfig};
use portcullis_jwt::{Algorithm, SigningKey};
use portcullis_testkit::{DEFAULT_AUDIENCE, TestIssuer, keys};

use crate::helpers::{app, fast_jwks, get_with, send};

const ISS: &str = "https://issuer.test/";

#[tokio::test]
async fn static_jwks_pem_and_shared_secret() {
    let issuer = TestIssuer::spawn().await; // only used to build tokens
    let rsa = Arc::new(keys::rs256());
    let jwks = keys::jwks_json(&[&rsa]);
    let token = issuer.token().iss(ISS).signed_with(Arc::clone(&rsa)).sign();

    let from_jwks = Guard::builder()
        .issuer(IssuerConfig::static_jwks(jwks, ISS).audience(DEFAULT_AUDIENCE))
        .build()
        .unwrap();
    assert_eq!(
        from_jwks.authenticate(&token).await.unwrap().subject(),
        "user_1"
    );

    let pem = rsa.public_key_pem().unwrap();
    let from_pem = Guard::builder()
        .issuer(IssuerConfig::pem(pem, Algorithm::RS256, ISS).audience(DEFAULT_AUDIENCE))
        .build()
        .unwrap();
    assert!(from_pem.authenticate(&token).await.is_ok());

    let secret = keys::hs256_secret();
    let hs = Arc::new(SigningKey::hmac_secret(Algorithm::HS256, secret).unwrap());
    let hs_token = issuer.token().iss(ISS).signed_with(hs).sign();
    let shared = Guard::builder()
        .issuer(
            IssuerConfig::shared_secret(Algorithm::HS256, secret.to_vec(), ISS)
                .audience(DEFAULT_AUDIENCE),
        )
        .build()
        .unwrap();
    assert!(shared.authenticate(&hs_token).await.is_ok());
    // The shared-secret guard accepts nothing but HS256: an RS256 token is refused.
    assert_eq!(
        shared.authenticate(&token).await.unwrap_err().reason(),
        "algorithm_not_allowed"
    );
    // And the public-key guards never accept HS256 (key confusion).
    assert_eq!(
        from_jwks
            .authenticate(&hs_token)
            .await
            .unwrap_err()
            .reason(),
        "algorithm_not_allowed"
    );
    // A short secret is refused at start-up.
    let short = Guard::builder()
        .issuer(
            IssuerConfig::shared_secret(Algorithm::HS256, b"too short".to_vec(), ISS).audience("x"),
        )
        .build();
    assert!(matches!(short, Err(BuildError::Key(_))));
}

#[tokio::test]
async fn cookie_source_is_opt_in_and_exclusive() {
    let issuer = TestIssuer::spawn().await;
    let guard = Guard::builder()
        .issuer(IssuerConfig::discover(issuer.issuer()).audience(DEFAULT_AUDIENCE))
        .jwks_options(fast_jwks())
        .cookie("__session")
        .build()
        .unwrap();
    let app = app(&guard);
    let token = issuer.token().sign();
    let cookie = |t: &str| Request::get("/me").header("cookie", format!("theme=x; __session={t}"));
    let r = send(&app, cookie(&token).body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, 200);
    let both = cookie(&token)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, both).await.status, 400);
    // Without the option, the cookie is ignored.
    let plain = app_without_cookie(&issuer);
    assert_eq!(
        send(&plain, cookie(&token).body(Body::empty()).unwrap())
            .await
            .status,
        401
    );
}

fn app_without_cookie(issuer: &TestIssuer) -> axum::Router {
    app(&crate::helpers::guard_for(issuer))
}

#[tokio::test]
async fn environment_configuration() {
    let issuer = TestIssuer::spawn().await;
    let url = issuer.issuer();
    let env = |pairs: Vec<(&'static str, String)>| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.clone())
        }
    };

    let guard = Guard::from_env_with(env(vec![
        ("ISSUER_BASE_URL", url.trim_end_matches('/').to_owned()),
        ("AUDIENCE", format!("https://x, {DEFAULT_AUDIENCE}")),
        ("CLOCK_TOLERANCE", "0".into()),
    ]))
    .unwrap();
    let app = app(&guard);
    assert_eq!(
        get_with(&app, "/me", Some(&issuer.token().sign()))
            .await
            .status,
        200
    );

    let by_uri = Guard::from_env_with(env(vec![
        ("JWKS_URI", issuer.jwks_uri()),
        ("ISSUER", url.clone()),
        ("AUDIENCE", DEFAULT_AUDIENCE.into()),
        ("TOKEN_SIGNING_ALG", "ES256".into()),
    ]))
    .unwrap();
    assert!(by_uri.authenticate(&issuer.token().sign()).await.is_ok());

    for (vars, name) in [
        (vec![("AUDIENCE", "a".to_owned())], "ISSUER_BASE_URL"),
        (vec![("ISSUER_BASE_URL", url.clone())], "AUDIENCE"),
        (
            vec![
                ("ISSUER_BASE_URL", url.clone()),
                ("AUDIENCE", "a".into()),
                ("CLOCK_TOLERANCE", "soon".into()),
            ],
            "CLOCK_TOLERANCE",
        ),
        (
            vec![
                ("ISSUER_BASE_URL", url.clone()),
                ("AUDIENCE", "a".into()),
                ("TOKEN_SIGNING_ALG", "none".into()),
            ],
            "TOKEN_SIGNING_ALG",
        ),
        (
            vec![("JWKS_URI", issuer.jwks_uri()), ("AUDIENCE", "a".into())],
            "ISSUER",
        ),
        (
            vec![
                ("SECRET", "x".repeat(40)),
                ("TOKEN_SIGNING_ALG", "RS256".into()),
                ("ISSUER", "i".into()),
                ("AUDIENCE", "a".into()),
            ],
            "TOKEN_SIGNING_ALG",
        ),
    ] {
        match Guard::from_env_with(env(vars)) {
            Err(BuildError::Env { name: got, .. }) => assert_eq!(got, name),
            other => panic!("expected an error about {name}, got {other:?}"),
        }
    }
}

#[test]
fn plain_http_is_refused_except_on_loopback() {
    let build = |url: &str, allow: bool| {
        let mut b = Guard::builder().issuer(IssuerConfig::discover(url).audience("a"));
        if allow {
            b = b.allow_insecure_http();
        }
        b.build()
    };
    assert!(matches!(
        build("http://auth.example.com/", false),
        Err(BuildError::InsecureHttp(_))
    ));
    assert!(build("http://auth.example.com/", true).is_ok());
    assert!(build("http://127.0.0.1:1/", false).is_ok());
    assert!(build("https://auth.example.com/", false).is_ok());
    assert!(matches!(
        build("ftp://x/", true),
        Err(BuildError::InvalidUrl { .. })
    ));
    assert!(matches!(
        Guard::builder().build(),
        Err(BuildError::NoIssuer)
    ));
    let no_aud = Guard::builder()
        .issuer(IssuerConfig::discover("https://a/"))
        .build();
    assert!(matches!(no_aud, Err(BuildError::NoAudience(_))));
}
