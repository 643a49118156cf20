//! RFC 9068 `typ: at+jwt`: required for Portcullis issuers, configurable for others.

use portcullis::{Guard, IssuerConfig};
use portcullis_testkit::{DEFAULT_AUDIENCE, TestIssuer};

use crate::helpers::{app, fast_jwks, get_with};

fn guard(config: IssuerConfig) -> Guard {
    Guard::builder()
        .issuer(config.audience(DEFAULT_AUDIENCE))
        .jwks_options(fast_jwks())
        .debug_reason_header(true)
        .build()
        .unwrap()
}

#[tokio::test]
async fn portcullis_issuers_require_at_jwt_and_others_may() {
    let issuer = TestIssuer::spawn().await;
    let access = issuer.token().sign();
    let media_type = issuer.token().typ(Some("application/AT+JWT")).sign();
    let plain_jwt = issuer.token().typ(Some("JWT")).sign();
    let untyped = issuer.token().typ(None).sign();

    let strict = app(&guard(IssuerConfig::portcullis(issuer.issuer())));
    assert_eq!(get_with(&strict, "/me", Some(&access)).await.status, 200);
    assert_eq!(
        get_with(&strict, "/me", Some(&media_type)).await.status,
        200
    );
    for token in [&plain_jwt, &untyped] {
        let r = get_with(&strict, "/me", Some(token)).await;
        assert_eq!((r.status.as_u16(), r.reason()), (401, "wrong_type"));
    }

    let relaxed = app(&guard(
        IssuerConfig::portcullis(issuer.issuer()).require_at_jwt_typ(false),
    ));
    let other = app(&guard(IssuerConfig::discover(issuer.issuer())));
    let opted_in = app(&guard(
        IssuerConfig::discover(issuer.issuer()).require_at_jwt_typ(true),
    ));
    for token in [&access, &plain_jwt, &untyped] {
        assert_eq!(get_with(&relaxed, "/me", Some(token)).await.status, 200);
        assert_eq!(get_with(&other, "/me", Some(token)).await.status, 200);
    }
    assert_eq!(
        get_with(&opted_in, "/me", Some(&plain_jwt)).await.status,
        401
    );

    let one_call = app(&Guard::portcullis(issuer.issuer(), DEFAULT_AUDIENCE).unwrap());
    assert_eq!(get_with(&one_call, "/me", Some(&access)).await.status, 200);
    assert_eq!(
        get_with(&one_call, "/me", Some(&plain_jwt)).await.status,
        401
    );

    let url = issuer.issuer();
    let from_env = Guard::from_env_with(|name| match name {
        "ISSUER_BASE_URL" => Some(url.clone()),
        "AUDIENCE" => Some(DEFAULT_AUDIENCE.to_owned()),
        "TOKEN_TYP" => Some("at+jwt".to_owned()),
        _ => None,
    })
    .unwrap();
    let from_env = app(&from_env);
    assert_eq!(get_with(&from_env, "/me", Some(&access)).await.status, 200);
    assert_eq!(
        get_with(&from_env, "/me", Some(&plain_jwt)).await.status,
        401
    );
}
