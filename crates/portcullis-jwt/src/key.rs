//! A verifying key: key material parsed once, pinned to the algorithms it may verify.

use aws_lc_rs::{hmac, signature};

use crate::alg::KeyFamily;
use crate::{Algorithm, AlgorithmSet, Jwk, KeyError, VerifyError, b64, roca};

/// A public key (or, through the explicitly named constructors, a shared secret), parsed
/// when loaded and pinned to the algorithms it may verify.
///
/// The allowed algorithms come from the key itself: its type and curve, narrowed to its
/// JWK `alg` when present. A token naming any other algorithm never reaches the crypto.
pub struct VerifyingKey {
    kid: Option<String>,
    algorithms: AlgorithmSet,
    material: Material,
}

enum Material {
    /// One parsed key per allowed algorithm (aws-lc-rs binds a parsed key to one).
    Public(Vec<(Algorithm, signature::ParsedPublicKey)>),
    /// One HMAC key per allowed algorithm.
    Hmac(Vec<(Algorithm, hmac::Key)>),
}

impl std::fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.material {
            Material::Public(_) => "public",
            Material::Hmac(_) => "secret (redacted)",
        };
        f.debug_struct("VerifyingKey")
            .field("kid", &self.kid)
            .field("algorithms", &self.algorithms.iter().collect::<Vec<_>>())
            .field("kind", &kind)
            .finish()
    }
}

fn verification_alg(alg: Algorithm) -> Option<&'static dyn signature::VerificationAlgorithm> {
    Some(match alg {
        Algorithm::RS256 => &signature::RSA_PKCS1_2048_8192_SHA256,
        Algorithm::RS384 => &signature::RSA_PKCS1_2048_8192_SHA384,
        Algorithm::RS512 => &signature::RSA_PKCS1_2048_8192_SHA512,
        Algorithm::PS256 => &signature::RSA_PSS_2048_8192_SHA256,
        Algorithm::PS384 => &signature::RSA_PSS_2048_8192_SHA384,
        Algorithm::PS512 => &signature::RSA_PSS_2048_8192_SHA512,
        Algorithm::ES256 => &signature::ECDSA_P256_SHA256_FIXED,
        Algorithm::ES384 => &signature::ECDSA_P384_SHA384_FIXED,
        Algorithm::ES512 => &signature::ECDSA_P521_SHA512_FIXED,
        Algorithm::EdDSA => &signature::ED25519,
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => return None,
    })
}

fn hmac_alg(alg: Algorithm) -> Option<(hmac::Algorithm, usize)> {
    match alg {
        Algorithm::HS256 => Some((hmac::HMAC_SHA256, 32)),
        Algorithm::HS384 => Some((hmac::HMAC_SHA384, 48)),
        Algorithm::HS512 => Some((hmac::HMAC_SHA512, 64)),
        _ => None,
    }
}

/// The EC algorithm and coordinate length for a curve name.
fn ec_curve(crv: &str) -> Option<(Algorithm, usize)> {
    match crv {
        "P-256" => Some((Algorithm::ES256, 32)),
        "P-384" => Some((Algorithm::ES384, 48)),
        "P-521" => Some((Algorithm::ES512, 66)),
        _ => None,
    }
}

/// Builds the parsed public key for one algorithm of the key's family.
type ParseFor = dyn Fn(Algorithm) -> Result<signature::ParsedPublicKey, KeyError>;

impl VerifyingKey {
    /// Builds a key from a public JWK (`RSA`, `EC` or `OKP`/Ed25519).
    ///
    /// Refused: `oct` keys (use [`VerifyingKey::from_secret_jwk`]), keys with private
    /// members, `use` other than `sig`, `key_ops` without `verify`, an `alg` that does
    /// not fit the key, RSA under 2048 bits or with a weak exponent or ROCA modulus,
    /// points not on the curve.
    ///
    /// ```
    /// use portcullis_jwt::{Algorithm, Jwk, VerifyingKey};
    /// let jwk = Jwk::from_json(r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#)?;
    /// let key = VerifyingKey::from_jwk(&jwk)?;
    /// assert!(key.algorithms().contains(Algorithm::EdDSA));
    /// assert!(!key.algorithms().contains(Algorithm::ES256));
    /// # Ok::<(), portcullis_jwt::KeyError>(())
    /// ```
    pub fn from_jwk(jwk: &Jwk) -> Result<Self, KeyError> {
        if jwk.has_private_material() {
            return Err(KeyError::MixedKeySet(
                "private key material in a public key",
            ));
        }
        check_use(jwk)?;
        let pinned = pinned_alg(jwk)?;
        let b64field = |v: &Option<String>, what: &'static str| -> Result<Vec<u8>, KeyError> {
            b64::decode(v.as_deref().ok_or(KeyError::Unsupported(what))?)
                .ok_or(KeyError::Unsupported(what))
        };
        let (family_algs, material): (Vec<Algorithm>, Box<ParseFor>) = match jwk.kty.as_str() {
            "RSA" => {
                let n = b64field(&jwk.n, "RSA key without valid n")?;
                let e = b64field(&jwk.e, "RSA key without valid e")?;
                check_rsa(&n, &e)?;
                let algs = vec![
                    Algorithm::RS256,
                    Algorithm::RS384,
                    Algorithm::RS512,
                    Algorithm::PS256,
                    Algorithm::PS384,
                    Algorithm::PS512,
                ];
                let build = move |alg: Algorithm| {
                    let params = rsa_params(alg).ok_or(KeyError::AlgorithmMismatch)?;
                    signature::RsaPublicKeyComponents { n: &n, e: &e }
                        .to_parsed_public_key(params)
                        .map_err(|_| KeyError::Rejected)
                };
                (algs, Box::new(build))
            }
            "EC" => {
                let crv = jwk
                    .crv
                    .as_deref()
                    .ok_or(KeyError::Unsupported("EC key without crv"))?;
                let (alg, len) =
                    ec_curve(crv).ok_or(KeyError::Unsupported("unsupported EC curve"))?;
                let x = b64field(&jwk.x, "EC key without valid x")?;
                let y = b64field(&jwk.y, "EC key without valid y")?;
                if x.len() != len || y.len() != len {
                    return Err(KeyError::Unsupported("EC coordinate has the wrong length"));
                }
                let mut point = Vec::with_capacity(1 + 2 * len);
                point.push(0x04);
                point.extend_from_slice(&x);
                point.extend_from_slice(&y);
                let build = move |alg: Algorithm| parse_public(alg, &point);
                (vec![alg], Box::new(build))
            }
            "OKP" => {
                if jwk.crv.as_deref() != Some("Ed25519") {
                    return Err(KeyError::Unsupported(
                        "only the Ed25519 OKP curve is supported",
                    ));
                }
                let x = b64field(&jwk.x, "OKP key without valid x")?;
                if x.len() != 32 {
                    return Err(KeyError::Unsupported("Ed25519 key has the wrong length"));
                }
                let build = move |alg: Algorithm| parse_public(alg, &x);
                (vec![Algorithm::EdDSA], Box::new(build))
            }
            "oct" => return Err(KeyError::MixedKeySet("shared secret in a public key set")),
            _ => return Err(KeyError::Unsupported("unknown kty")),
        };
        let algs: Vec<Algorithm> = match pinned {
            Some(alg) if family_algs.contains(&alg) => vec![alg],
            Some(_) => return Err(KeyError::AlgorithmMismatch),
            None => family_algs,
        };
        let parsed = algs
            .iter()
            .map(|alg| material(*alg).map(|k| (*alg, k)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(VerifyingKey {
            kid: jwk.kid.clone(),
            algorithms: algs.into_iter().collect(),
            material: Material::Public(parsed),
        })
    }

    /// Builds a shared-secret key from an `oct` JWK. Named apart from
    /// [`VerifyingKey::from_jwk`] so that a shared secret is never accepted by accident
    /// from a public key set. The secret must be at least as long as the hash output.
    ///
    /// ```
    /// use portcullis_jwt::{Jwk, VerifyingKey};
    /// let jwk = Jwk::from_json(r#"{"kty":"oct","alg":"HS256","k":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}"#)?;
    /// assert!(VerifyingKey::from_secret_jwk(&jwk).is_ok());
    /// # Ok::<(), portcullis_jwt::KeyError>(())
    /// ```
    pub fn from_secret_jwk(jwk: &Jwk) -> Result<Self, KeyError> {
        if jwk.kty != "oct" {
            return Err(KeyError::MixedKeySet(
                "public key in a shared-secret key set",
            ));
        }
        check_use(jwk)?;
        let pinned = pinned_alg(jwk)?;
        let k = b64::decode(
            jwk.k
                .as_deref()
                .ok_or(KeyError::Unsupported("oct key without k"))?,
        )
        .ok_or(KeyError::Unsupported("oct key with invalid k"))?;
        let algs = match pinned {
            Some(alg) if alg.is_symmetric() => vec![alg],
            Some(_) => return Err(KeyError::AlgorithmMismatch),
            None => vec![Algorithm::HS256, Algorithm::HS384, Algorithm::HS512],
        };
        let mut key = Self::hmac_multi(&k, &algs)?;
        key.kid = jwk.kid.clone();
        Ok(key)
    }

    /// Builds a shared-secret key for one HMAC algorithm (the express-jwt `secret` case).
    /// The secret must be at least as long as the hash output (32, 48 or 64 bytes).
    ///
    /// ```
    /// use portcullis_jwt::{Algorithm, VerifyingKey};
    /// assert!(VerifyingKey::hmac_secret(Algorithm::HS256, &[7u8; 32]).is_ok());
    /// assert!(VerifyingKey::hmac_secret(Algorithm::HS256, b"short").is_err());
    /// assert!(VerifyingKey::hmac_secret(Algorithm::ES256, &[7u8; 32]).is_err());
    /// ```
    pub fn hmac_secret(alg: Algorithm, secret: &[u8]) -> Result<Self, KeyError> {
        Self::hmac_multi(secret, &[alg])
    }

    fn hmac_multi(secret: &[u8], algs: &[Algorithm]) -> Result<Self, KeyError> {
        let mut keys = Vec::with_capacity(algs.len());
        for alg in algs {
            let (h, min) = hmac_alg(*alg).ok_or(KeyError::AlgorithmMismatch)?;
            if secret.len() >= min {
                keys.push((*alg, hmac::Key::new(h, secret)));
            }
        }
        if keys.is_empty() {
            return Err(KeyError::Weak("HMAC secret shorter than the hash output"));
        }
        Ok(VerifyingKey {
            kid: None,
            algorithms: keys.iter().map(|(a, _)| *a).collect(),
            material: Material::Hmac(keys),
        })
    }

    /// Builds a key from a PEM public key (`PUBLIC KEY` SubjectPublicKeyInfo, or
    /// `RSA PUBLIC KEY`) for one algorithm.
    ///
    /// ```
    /// use portcullis_jwt::{Algorithm, VerifyingKey};
    /// let pem = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n";
    /// let key = VerifyingKey::from_pem(pem, Algorithm::EdDSA)?;
    /// assert!(key.algorithms().contains(Algorithm::EdDSA));
    /// assert!(VerifyingKey::from_pem(pem, Algorithm::ES256).is_err());
    /// # Ok::<(), portcullis_jwt::KeyError>(())
    /// ```
    pub fn from_pem(pem_text: &str, alg: Algorithm) -> Result<Self, KeyError> {
        let block = pem::parse(pem_text).map_err(|_| KeyError::Pem("not a PEM block"))?;
        match block.tag() {
            "PUBLIC KEY" | "RSA PUBLIC KEY" => {}
            "PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY" => {
                return Err(KeyError::Pem(
                    "a private key was given where a public key is expected",
                ));
            }
            _ => return Err(KeyError::Pem("expected a PUBLIC KEY block")),
        }
        if alg.family() == KeyFamily::Hmac {
            return Err(KeyError::AlgorithmMismatch);
        }
        let key = parse_public(alg, block.contents())?;
        if alg.family() == KeyFamily::Rsa && is_roca_spki(&key) {
            return Err(KeyError::Weak("ROCA-vulnerable RSA modulus"));
        }
        Ok(VerifyingKey {
            kid: None,
            algorithms: AlgorithmSet::only(alg),
            material: Material::Public(vec![(alg, key)]),
        })
    }

    /// Sets the key id (for keys built from PEM or a secret).
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The key id, if any.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The algorithms this key may verify.
    pub fn algorithms(&self) -> AlgorithmSet {
        self.algorithms
    }

    /// Whether this is a shared secret.
    pub fn is_secret(&self) -> bool {
        matches!(self.material, Material::Hmac(_))
    }

    /// Checks `signature` over `message` with `alg`. An algorithm the key is not pinned
    /// to is [`VerifyError::AlgorithmNotAllowed`], before any cryptography runs.
    pub fn verify(&self, alg: Algorithm, message: &[u8], sig: &[u8]) -> Result<(), VerifyError> {
        match &self.material {
            Material::Public(keys) => {
                let (_, key) = keys
                    .iter()
                    .find(|(a, _)| *a == alg)
                    .ok_or(VerifyError::AlgorithmNotAllowed)?;
                key.verify_sig(message, sig)
                    .map_err(|_| VerifyError::InvalidSignature)
            }
            Material::Hmac(keys) => {
                let (_, key) = keys
                    .iter()
                    .find(|(a, _)| *a == alg)
                    .ok_or(VerifyError::AlgorithmNotAllowed)?;
                hmac::verify(key, message, sig).map_err(|_| VerifyError::InvalidSignature)
            }
        }
    }
}

fn rsa_params(alg: Algorithm) -> Option<&'static signature::RsaParameters> {
    Some(match alg {
        Algorithm::RS256 => &signature::RSA_PKCS1_2048_8192_SHA256,
        Algorithm::RS384 => &signature::RSA_PKCS1_2048_8192_SHA384,
        Algorithm::RS512 => &signature::RSA_PKCS1_2048_8192_SHA512,
        Algorithm::PS256 => &signature::RSA_PSS_2048_8192_SHA256,
        Algorithm::PS384 => &signature::RSA_PSS_2048_8192_SHA384,
        Algorithm::PS512 => &signature::RSA_PSS_2048_8192_SHA512,
        _ => return None,
    })
}

fn parse_public(alg: Algorithm, bytes: &[u8]) -> Result<signature::ParsedPublicKey, KeyError> {
    let va = verification_alg(alg).ok_or(KeyError::AlgorithmMismatch)?;
    signature::ParsedPublicKey::new(va, bytes).map_err(|_| KeyError::Rejected)
}

fn check_use(jwk: &Jwk) -> Result<(), KeyError> {
    if jwk.use_.as_deref().is_some_and(|u| u != "sig") {
        return Err(KeyError::WrongUse);
    }
    if let Some(ops) = &jwk.key_ops
        && !ops.iter().any(|op| op == "verify")
    {
        return Err(KeyError::WrongUse);
    }
    Ok(())
}

fn pinned_alg(jwk: &Jwk) -> Result<Option<Algorithm>, KeyError> {
    jwk.alg
        .as_deref()
        .map(|name| Algorithm::from_name(name).ok_or(KeyError::AlgorithmMismatch))
        .transpose()
}

/// RSA checks the crypto library does not make for us: a real exponent and no ROCA
/// modulus. (aws-lc-rs enforces 2048..=8192 bits when the key is parsed.)
fn check_rsa(n: &[u8], e: &[u8]) -> Result<(), KeyError> {
    let e_trimmed: Vec<u8> = e.iter().copied().skip_while(|b| *b == 0).collect();
    let e_is_small = e_trimmed.len() == 1 && e_trimmed[0] < 3;
    let e_is_even = e_trimmed.last().is_none_or(|b| b % 2 == 0);
    if e_is_small || e_is_even {
        return Err(KeyError::Weak("RSA public exponent"));
    }
    let bits = n.iter().skip_while(|b| **b == 0).count() * 8;
    if bits < 2048 {
        return Err(KeyError::Weak("RSA modulus under 2048 bits"));
    }
    if roca::is_vulnerable(n) {
        return Err(KeyError::Weak("ROCA-vulnerable RSA modulus"));
    }
    Ok(())
}

fn is_roca_spki(key: &signature::ParsedPublicKey) -> bool {
    // The modulus is the largest INTEGER in the DER; a cheap scan is enough for a
    // fingerprint check run once at load time.
    roca::is_vulnerable_der(key.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ED_X: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

    fn jwk(json: &str) -> Jwk {
        Jwk::from_json(json).unwrap()
    }

    #[test]
    fn use_and_key_ops_are_enforced() {
        let k = |extra: &str| {
            VerifyingKey::from_jwk(&jwk(&format!(
                r#"{{"kty":"OKP","crv":"Ed25519","x":"{ED_X}"{extra}}}"#
            )))
        };
        assert!(k("").is_ok());
        assert!(k(r#","use":"sig""#).is_ok());
        assert_eq!(k(r#","use":"enc""#).unwrap_err(), KeyError::WrongUse);
        assert!(k(r#","key_ops":["verify"]"#).is_ok());
        assert_eq!(
            k(r#","key_ops":["sign, verify"]"#).unwrap_err(),
            KeyError::WrongUse
        );
        assert_eq!(
            k(r#","alg":"ES256""#).unwrap_err(),
            KeyError::AlgorithmMismatch
        );
        assert_eq!(
            k(r#","alg":"none""#).unwrap_err(),
            KeyError::AlgorithmMismatch
        );
        assert!(matches!(
            k(r#","d":"AA""#).unwrap_err(),
            KeyError::MixedKeySet(_)
        ));
    }

    #[test]
    fn secrets_need_their_own_constructor() {
        let oct = jwk(r#"{"kty":"oct","k":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}"#);
        assert!(matches!(
            VerifyingKey::from_jwk(&oct),
            Err(KeyError::MixedKeySet(_))
        ));
        let key = VerifyingKey::from_secret_jwk(&oct).unwrap();
        assert!(key.is_secret());
        assert_eq!(
            key.algorithms(),
            AlgorithmSet::only(Algorithm::HS256),
            "32 bytes only fit HS256"
        );
        assert!(format!("{key:?}").contains("redacted"));
    }

    #[test]
    fn weak_rsa_exponents() {
        assert!(check_rsa(&[0xff; 256], &[1]).is_err());
        assert!(check_rsa(&[0xff; 256], &[4]).is_err());
        assert!(check_rsa(&[0xff; 128], &[1, 0, 1]).is_err());
    }
}
