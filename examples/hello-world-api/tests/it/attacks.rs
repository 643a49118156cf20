//! RFC 8725 attacks against the running example: each must be refused with 401.

use std::sync::Arc;

use portcullis_jwt::{Algorithm, SigningKey};
use portcullis_testkit::TestIssuer;

use crate::helpers::start;

fn b64(data: &[u8]) -> String {
    // Unpadded base64url, written out to keep the test free of extra dependencies.
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

#[tokio::test]
async fn forged_tokens_are_refused() {
    let issuer = TestIssuer::spawn().await;
    let api = start(&issuer).await;
    let good = issuer.token().permissions(&["read:admin-messages"]).sign();
    let (_, payload, _) = {
        let mut it = good.split('.');
        (
            it.next().unwrap(),
            it.next().unwrap().to_owned(),
            it.next().unwrap(),
        )
    };
    let header = |json: &str| b64(json.as_bytes());
    let mut forged: Vec<(&str, String)> = vec![
        (
            "alg none",
            format!("{}.{payload}.", header(r#"{"alg":"none"}"#)),
        ),
        (
            "alg none with sig",
            format!(
                "{}.{payload}.c2ln",
                header(r#"{"alg":"none","kid":"es256-fixture"}"#)
            ),
        ),
        (
            "alg NONE",
            format!("{}.{payload}.c2ln", header(r#"{"alg":"NONE"}"#)),
        ),
    ];
    // HS256 signed with the issuer's public key bytes as the secret (key confusion).
    let jwks: serde_json::Value = reqwest::get(issuer.jwks_uri())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let public_bytes = jwks.to_string().into_bytes();
    let confused = Arc::new(
        SigningKey::hmac_secret(Algorithm::HS256, &public_bytes)
            .unwrap()
            .with_kid("es256-fixture"),
    );
    forged.push((
        "HS256 with the public key",
        issuer
            .token()
            .permissions(&["read:admin-messages"])
            .signed_with(confused)
            .sign(),
    ));
    // A token signed by the attacker's own key, advertised in an embedded jwk / jku.
    let attacker = Arc::new(
        SigningKey::generate(Algorithm::ES256)
            .unwrap()
            .with_kid("es256-fixture"),
    );
    forged.push((
        "attacker key, same kid",
        issuer.token().signed_with(Arc::clone(&attacker)).sign(),
    ));
    // Claims edited after signing.
    let edited = {
        let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
        let claims = serde_json::json!({"iss": issuer.issuer(), "aud": portcullis_testkit::DEFAULT_AUDIENCE, "sub": "admin", "exp": 4_000_000_000u64, "permissions": ["read:admin-messages"]});
        parts[1] = b64(claims.to_string().as_bytes());
        parts.join(".")
    };
    forged.push(("edited claims", edited));
    forged.push((
        "wrong audience",
        issuer.token().aud("https://other.example").sign(),
    ));
    forged.push((
        "wrong issuer",
        issuer.token().iss("https://evil.example/").sign(),
    ));
    forged.push(("expired", issuer.token().expired().sign()));
    for (what, token) in forged {
        let (status, body) = api.get("/api/messages/admin", Some(&token)).await;
        assert_eq!(
            (status, body.as_str()),
            (401, r#"{"message":"Bad credentials"}"#),
            "{what}"
        );
    }
}
