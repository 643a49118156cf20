//! The JOSE core of Portcullis: strict compact-JWS parsing, JWK sets parsed once and
//! pinned to their algorithms, claim validation with time passed in, and signing.
//!
//! No I/O, no async, no global state. The guard (`portcullis`) and the issuer both build
//! on it.
//!
//! Built on `aws-lc-rs` directly rather than on a JWT crate: keys are parsed once when a
//! key set loads (`ParsedPublicKey`), the parser is stricter than general-purpose JWT
//! crates (no padding, no whitespace, exactly three segments, duplicate members refused),
//! and every algorithm is pinned to the key, so verifying costs little more than the
//! signature check itself.
//!
//! # A tour
//!
//! ```
//! use portcullis_jwt::{Algorithm, KeySet, NumericDate, SigningKey, Validation, Verifier, VerifyError};
//!
//! // An issuer signs…
//! let signer = SigningKey::generate(Algorithm::ES256)?.with_kid("2026-11");
//! let jwks = serde_json::json!({ "keys": [signer.public_jwk()] }).to_string();
//! let token = signer.sign_json(&serde_json::json!({
//!     "iss": "https://auth.example/", "aud": "https://api.example", "sub": "user_42",
//!     "exp": 1_700_000_900, "iat": 1_700_000_000, "scope": "read:messages",
//! }), Some("at+jwt"))?;
//!
//! // …and an API verifies, with the key set it fetched and the time it read.
//! let keys = KeySet::from_jwks_json(jwks.as_bytes())?;
//! let verifier = Verifier::new(
//!     Validation::new("https://auth.example/", "https://api.example").require_typ("at+jwt"),
//! );
//! let now = NumericDate::from_secs(1_700_000_100);
//! let verified = verifier.verify(&token, &keys, now)?;
//! assert_eq!(verified.claims.subject(), Some("user_42"));
//!
//! // Tampering, the wrong audience and `alg: none` are all refused.
//! let other = Verifier::new(Validation::new("https://auth.example/", "https://other.example"));
//! assert_eq!(other.verify(&token, &keys, now).unwrap_err(), VerifyError::WrongAudience);
//! let none = "eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.";
//! assert!(verifier.verify(none, &keys, now).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod alg;
mod b64;
mod claims;
mod compact;
mod error;
mod header;
mod jwk;
mod key;
mod keyset;
mod roca;
mod sign;
mod time;
mod validation;
mod verify;

pub use alg::{Algorithm, AlgorithmSet, KeyFamily, UnknownAlgorithm};
pub use claims::Claims;
pub use compact::{Jws, peek_issuer};
pub use error::{KeyError, VerifyError};
pub use header::Header;
pub use jwk::{Jwk, JwkSet};
pub use key::VerifyingKey;
pub use keyset::{KeySet, MAX_KEYS};
pub use sign::{SignError, SigningKey};
pub use time::NumericDate;
pub use validation::{DEFAULT_LEEWAY, DEFAULT_MAX_TOKEN_LEN, Validation};
pub use verify::{Verified, Verifier};

/// Re-exported so callers can name the zeroizing wrapper returned by key export.
pub use zeroize::Zeroizing;

/// SHA-256 of `data` (PKCE `S256`, RFC 7636), for callers that have no digest crate.
///
/// ```
/// let d = portcullis_jwt::jwt_sha256(b"abc");
/// assert_eq!(d.len(), 32);
/// ```
pub fn jwt_sha256(data: &[u8]) -> Vec<u8> {
    aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, data)
        .as_ref()
        .to_vec()
}
