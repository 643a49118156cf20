//! JSON Web Keys (RFC 7517) as they travel: every member optional, nothing trusted yet.
//! [`crate::VerifyingKey::from_jwk`] is where a JWK becomes a usable key.

use serde::{Deserialize, Serialize};

use crate::{KeyError, b64};

/// One JWK, as read from JSON. Unknown members are ignored; private members are kept
/// only so that a key set carrying them can be refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    /// Key type: `RSA`, `EC`, `OKP` or `oct`.
    pub kty: String,
    /// Key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// Intended use (`sig` or `enc`).
    #[serde(default, rename = "use", skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    /// Permitted operations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_ops: Option<Vec<String>>,
    /// The one algorithm this key is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// Curve (`P-256`, `P-384`, `P-521`, `Ed25519`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crv: Option<String>,
    /// EC x coordinate / OKP public key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    /// EC y coordinate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
    /// RSA modulus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    /// RSA public exponent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
    /// Private exponent / private key (must not appear in a public key set).
    #[serde(default, skip_serializing)]
    pub d: Option<String>,
    /// Symmetric key bytes (only for the explicitly named secret constructors).
    #[serde(default, skip_serializing)]
    pub k: Option<String>,
}

/// A JWK Set (RFC 7517 §5).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwkSet {
    /// The keys.
    pub keys: Vec<serde_json::Value>,
}

impl Jwk {
    /// Reads one JWK from JSON.
    ///
    /// ```
    /// let jwk = portcullis_jwt::Jwk::from_json(r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#).unwrap();
    /// assert_eq!(jwk.kty, "OKP");
    /// ```
    pub fn from_json(json: &str) -> Result<Jwk, KeyError> {
        serde_json::from_str(json).map_err(|e| KeyError::Json(e.to_string()))
    }

    /// The RFC 7638 SHA-256 thumbprint, base64url: a stable `kid` for a public key.
    ///
    /// ```
    /// // RFC 8037 Appendix A.3
    /// let jwk = portcullis_jwt::Jwk::from_json(r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#).unwrap();
    /// assert_eq!(jwk.thumbprint().unwrap(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    /// ```
    pub fn thumbprint(&self) -> Result<String, KeyError> {
        let need = |v: &Option<String>| v.clone().ok_or(KeyError::Unsupported("missing member"));
        // Required members only, in lexicographic order, no whitespace (RFC 7638 §3.2).
        let canonical = match self.kty.as_str() {
            "RSA" => format!(
                r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
                need(&self.e)?,
                need(&self.n)?
            ),
            "EC" => format!(
                r#"{{"crv":"{}","kty":"EC","x":"{}","y":"{}"}}"#,
                need(&self.crv)?,
                need(&self.x)?,
                need(&self.y)?
            ),
            "OKP" => format!(
                r#"{{"crv":"{}","kty":"OKP","x":"{}"}}"#,
                need(&self.crv)?,
                need(&self.x)?
            ),
            "oct" => format!(r#"{{"k":"{}","kty":"oct"}}"#, need(&self.k)?),
            _ => return Err(KeyError::Unsupported("unknown kty")),
        };
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, canonical.as_bytes());
        Ok(b64::encode(digest.as_ref()))
    }

    /// Whether any private-key member is present.
    pub fn has_private_material(&self) -> bool {
        self.d.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7638_rsa_thumbprint() {
        let jwk = Jwk::from_json(r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#).unwrap();
        assert_eq!(
            jwk.thumbprint().unwrap(),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }

    #[test]
    fn refuses_non_json() {
        assert!(matches!(Jwk::from_json("{"), Err(KeyError::Json(_))));
        assert!(
            matches!(Jwk::from_json(r#"{"kid":"x"}"#), Err(KeyError::Json(_))),
            "kty required"
        );
    }
}
