//! Fixture keys, fixed so that tests and their failures are reproducible.
//!
//! ```
//! use portcullis_testkit::keys;
//! let es = keys::es256();
//! assert_eq!(es.kid(), Some("es256-fixture"));
//! let jwks: serde_json::Value = serde_json::from_str(&keys::jwks_json(&[&es])).unwrap();
//! assert_eq!(jwks["keys"][0]["kid"], "es256-fixture");
//! ```

use portcullis_jwt::{Algorithm, JwkSet, SigningKey};

const ES256_PEM: &str = include_str!("../fixtures/keys/es256.pem");
const RS256_PEM: &str = include_str!("../fixtures/keys/rs256.pem");
const EDDSA_PEM: &str = include_str!("../fixtures/keys/eddsa.pem");
const HS256_SECRET: &[u8] = b"portcullis-testkit-hs256-shared-secret-not-for-production";

#[allow(
    clippy::expect_used,
    reason = "the fixtures are compiled in; a bad one is a testkit bug"
)]
fn load(alg: Algorithm, pem: &str, kid: &str) -> SigningKey {
    SigningKey::from_pkcs8_pem(alg, pem)
        .expect("fixture key parses")
        .with_kid(kid)
}

/// The P-256 fixture key, kid `es256-fixture`: the default key of a [`crate::TestIssuer`].
pub fn es256() -> SigningKey {
    load(Algorithm::ES256, ES256_PEM, "es256-fixture")
}

/// The RSA-2048 fixture key for RS256, kid `rs256-fixture`.
pub fn rs256() -> SigningKey {
    load(Algorithm::RS256, RS256_PEM, "rs256-fixture")
}

/// The Ed25519 fixture key for EdDSA, kid `eddsa-fixture`.
pub fn eddsa() -> SigningKey {
    load(Algorithm::EdDSA, EDDSA_PEM, "eddsa-fixture")
}

/// A 57-byte shared secret for the HS256 (express-jwt style) tests.
pub fn hs256_secret() -> &'static [u8] {
    HS256_SECRET
}

/// The public JWK set (`{"keys":[…]}`) of `keys`; HMAC secrets are left out.
#[allow(clippy::expect_used, reason = "a JwkSet always serializes")]
pub fn jwks_json(keys: &[&SigningKey]) -> String {
    let set = JwkSet {
        keys: keys
            .iter()
            .filter_map(|k| k.public_jwk())
            .map(|jwk| serde_json::to_value(jwk).expect("a JWK serializes"))
            .collect(),
    };
    serde_json::to_string(&set).expect("JWK set serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fixture_loads_and_publishes_a_pinned_key() {
        for (key, alg) in [(es256(), "ES256"), (rs256(), "RS256"), (eddsa(), "EdDSA")] {
            let jwk = key.public_jwk().unwrap();
            assert_eq!(jwk.alg.as_deref(), Some(alg));
            assert!(key.verifying_key().is_ok());
        }
        assert!(hs256_secret().len() >= 32);
    }
}
