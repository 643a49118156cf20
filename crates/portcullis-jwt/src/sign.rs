//! Signing keys: generate, load from PKCS#8, publish as JWK, sign compact JWTs.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self, KeyPair as _};
use aws_lc_rs::{hmac, rsa};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::{Algorithm, Jwk, KeyError, VerifyingKey, b64};

/// Why signing failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// The claims could not be serialized to a JSON object.
    #[error("claims are not a JSON object")]
    Claims,
    /// The crypto library failed to sign.
    #[error("signing failed")]
    Crypto,
}

#[allow(
    clippy::large_enum_variant,
    reason = "signing keys are few and long-lived; boxing buys nothing"
)]
enum Inner {
    Ecdsa(signature::EcdsaKeyPair),
    Rsa(Box<rsa::KeyPair>),
    Ed25519(signature::Ed25519KeyPair),
    Hmac(hmac::Key, Zeroizing<Vec<u8>>),
}

/// A private signing key. Its `Debug` output never shows key material.
pub struct SigningKey {
    alg: Algorithm,
    kid: Option<String>,
    inner: Inner,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("alg", &self.alg)
            .field("kid", &self.kid)
            .field("key", &"[redacted]")
            .finish()
    }
}

fn ecdsa_signing(alg: Algorithm) -> Option<&'static signature::EcdsaSigningAlgorithm> {
    match alg {
        Algorithm::ES256 => Some(&signature::ECDSA_P256_SHA256_FIXED_SIGNING),
        Algorithm::ES384 => Some(&signature::ECDSA_P384_SHA384_FIXED_SIGNING),
        Algorithm::ES512 => Some(&signature::ECDSA_P521_SHA512_FIXED_SIGNING),
        _ => None,
    }
}

fn rsa_encoding(alg: Algorithm) -> Option<&'static dyn signature::RsaEncoding> {
    match alg {
        Algorithm::RS256 => Some(&signature::RSA_PKCS1_SHA256),
        Algorithm::RS384 => Some(&signature::RSA_PKCS1_SHA384),
        Algorithm::RS512 => Some(&signature::RSA_PKCS1_SHA512),
        Algorithm::PS256 => Some(&signature::RSA_PSS_SHA256),
        Algorithm::PS384 => Some(&signature::RSA_PSS_SHA384),
        Algorithm::PS512 => Some(&signature::RSA_PSS_SHA512),
        _ => None,
    }
}

fn hmac_alg(alg: Algorithm) -> Option<hmac::Algorithm> {
    match alg {
        Algorithm::HS256 => Some(hmac::HMAC_SHA256),
        Algorithm::HS384 => Some(hmac::HMAC_SHA384),
        Algorithm::HS512 => Some(hmac::HMAC_SHA512),
        _ => None,
    }
}

impl SigningKey {
    /// Generates a fresh key for `alg` (RSA keys are 2048-bit; HMAC secrets 64 bytes).
    ///
    /// ```
    /// use portcullis_jwt::{Algorithm, SigningKey};
    /// let key = SigningKey::generate(Algorithm::EdDSA)?;
    /// assert_eq!(key.algorithm(), Algorithm::EdDSA);
    /// assert!(!format!("{key:?}").contains("0x"));
    /// # Ok::<(), portcullis_jwt::KeyError>(())
    /// ```
    pub fn generate(alg: Algorithm) -> Result<Self, KeyError> {
        let inner = if let Some(ec) = ecdsa_signing(alg) {
            Inner::Ecdsa(signature::EcdsaKeyPair::generate(ec).map_err(|_| KeyError::Rejected)?)
        } else if rsa_encoding(alg).is_some() {
            Inner::Rsa(Box::new(
                rsa::KeyPair::generate(rsa::KeySize::Rsa2048).map_err(|_| KeyError::Rejected)?,
            ))
        } else if alg == Algorithm::EdDSA {
            Inner::Ed25519(signature::Ed25519KeyPair::generate().map_err(|_| KeyError::Rejected)?)
        } else {
            let h = hmac_alg(alg).ok_or(KeyError::AlgorithmMismatch)?;
            let mut secret = Zeroizing::new(vec![0u8; 64]);
            aws_lc_rs::rand::fill(&mut secret).map_err(|_| KeyError::Rejected)?;
            Inner::Hmac(hmac::Key::new(h, &secret), secret)
        };
        Ok(SigningKey {
            alg,
            kid: None,
            inner,
        })
    }

    /// Loads a PKCS#8 (DER) private key for `alg`.
    pub fn from_pkcs8_der(alg: Algorithm, der: &[u8]) -> Result<Self, KeyError> {
        let inner = if let Some(ec) = ecdsa_signing(alg) {
            Inner::Ecdsa(
                signature::EcdsaKeyPair::from_pkcs8(ec, der).map_err(|_| KeyError::Rejected)?,
            )
        } else if rsa_encoding(alg).is_some() {
            Inner::Rsa(Box::new(
                rsa::KeyPair::from_pkcs8(der).map_err(|_| KeyError::Rejected)?,
            ))
        } else if alg == Algorithm::EdDSA {
            Inner::Ed25519(
                signature::Ed25519KeyPair::from_pkcs8(der).map_err(|_| KeyError::Rejected)?,
            )
        } else {
            return Err(KeyError::AlgorithmMismatch);
        };
        Ok(SigningKey {
            alg,
            kid: None,
            inner,
        })
    }

    /// Loads a PKCS#8 PEM (`PRIVATE KEY`) private key for `alg`.
    pub fn from_pkcs8_pem(alg: Algorithm, pem_text: &str) -> Result<Self, KeyError> {
        let block = pem::parse(pem_text).map_err(|_| KeyError::Pem("not a PEM block"))?;
        if block.tag() != "PRIVATE KEY" {
            return Err(KeyError::Pem("expected a PKCS#8 PRIVATE KEY block"));
        }
        Self::from_pkcs8_der(alg, block.contents())
    }

    /// An HMAC signing key from a shared secret (at least as long as the hash output).
    pub fn hmac_secret(alg: Algorithm, secret: &[u8]) -> Result<Self, KeyError> {
        let h = hmac_alg(alg).ok_or(KeyError::AlgorithmMismatch)?;
        if secret.len() < h.digest_algorithm().output_len() {
            return Err(KeyError::Weak("HMAC secret shorter than the hash output"));
        }
        Ok(SigningKey {
            alg,
            kid: None,
            inner: Inner::Hmac(hmac::Key::new(h, secret), Zeroizing::new(secret.to_vec())),
        })
    }

    /// The private key as PKCS#8 DER, for storage (wiped from memory when dropped).
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let der = match &self.inner {
            Inner::Ecdsa(k) => k
                .to_pkcs8v1()
                .map_err(|_| KeyError::Rejected)?
                .as_ref()
                .to_vec(),
            Inner::Rsa(k) => k
                .as_der()
                .map_err(|_| KeyError::Rejected)?
                .as_ref()
                .to_vec(),
            Inner::Ed25519(k) => k
                .to_pkcs8v1()
                .map_err(|_| KeyError::Rejected)?
                .as_ref()
                .to_vec(),
            Inner::Hmac(..) => {
                return Err(KeyError::Unsupported("HMAC secrets have no PKCS#8 form"));
            }
        };
        Ok(Zeroizing::new(der))
    }

    /// The private key as PKCS#8 PEM.
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, KeyError> {
        let der = self.to_pkcs8_der()?;
        Ok(Zeroizing::new(pem::encode(&pem::Pem::new(
            "PRIVATE KEY",
            der.to_vec(),
        ))))
    }

    /// Sets the key id put in every token's header and in the published JWK.
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The key id.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// The public half as a JWK (`use: sig`, `alg` pinned). `None` for HMAC secrets,
    /// which are never published.
    pub fn public_jwk(&self) -> Option<Jwk> {
        let mut jwk = Jwk {
            kid: self.kid.clone(),
            use_: Some("sig".into()),
            alg: Some(self.alg.name().into()),
            ..Jwk::default()
        };
        match &self.inner {
            Inner::Ecdsa(k) => {
                let point = k.public_key().as_ref();
                let len = (point.len() - 1) / 2;
                jwk.kty = "EC".into();
                jwk.crv = Some(
                    match self.alg {
                        Algorithm::ES256 => "P-256",
                        Algorithm::ES384 => "P-384",
                        _ => "P-521",
                    }
                    .into(),
                );
                jwk.x = Some(b64::encode(&point[1..=len]));
                jwk.y = Some(b64::encode(&point[1 + len..]));
            }
            Inner::Rsa(k) => {
                let public = k.public_key();
                let components = rsa::PublicKeyComponents::<Vec<u8>>::from(public);
                jwk.kty = "RSA".into();
                jwk.n = Some(b64::encode(&components.n));
                jwk.e = Some(b64::encode(&components.e));
            }
            Inner::Ed25519(k) => {
                jwk.kty = "OKP".into();
                jwk.crv = Some("Ed25519".into());
                jwk.x = Some(b64::encode(k.public_key().as_ref()));
            }
            Inner::Hmac(..) => return None,
        }
        Some(jwk)
    }

    /// The public key as a SubjectPublicKeyInfo PEM (`PUBLIC KEY`). `None` for HMAC.
    ///
    /// ```
    /// use portcullis_jwt::{Algorithm, SigningKey, VerifyingKey};
    /// let key = SigningKey::generate(Algorithm::ES256)?;
    /// let pem = key.public_key_pem().unwrap();
    /// assert!(VerifyingKey::from_pem(&pem, Algorithm::ES256).is_ok());
    /// # Ok::<(), portcullis_jwt::KeyError>(())
    /// ```
    pub fn public_key_pem(&self) -> Option<String> {
        let der: Vec<u8> = match &self.inner {
            Inner::Ecdsa(k) => k.public_key().as_der().ok()?.as_ref().to_vec(),
            Inner::Rsa(k) => k.public_key().as_der().ok()?.as_ref().to_vec(),
            Inner::Ed25519(k) => k.public_key().as_der().ok()?.as_ref().to_vec(),
            Inner::Hmac(..) => return None,
        };
        Some(pem::encode(&pem::Pem::new("PUBLIC KEY", der)))
    }

    /// The matching [`VerifyingKey`], pinned to this key's algorithm.
    pub fn verifying_key(&self) -> Result<VerifyingKey, KeyError> {
        let key = match &self.inner {
            Inner::Hmac(_, secret) => VerifyingKey::hmac_secret(self.alg, secret)?,
            _ => {
                let jwk = self.public_jwk().ok_or(KeyError::Rejected)?;
                VerifyingKey::from_jwk(&jwk)?
            }
        };
        Ok(match &self.kid {
            Some(kid) => key.with_kid(kid.clone()),
            None => key,
        })
    }

    /// Signs `claims` (which must serialize to a JSON object) into a compact JWS, with
    /// header `{"alg", "kid"?, "typ"?}`.
    pub fn sign_json<T: Serialize>(
        &self,
        claims: &T,
        typ: Option<&str>,
    ) -> Result<String, SignError> {
        let payload = serde_json::to_vec(claims).map_err(|_| SignError::Claims)?;
        if payload.first() != Some(&b'{') {
            return Err(SignError::Claims);
        }
        let mut header = serde_json::Map::new();
        header.insert("alg".into(), self.alg.name().into());
        if let Some(kid) = &self.kid {
            header.insert("kid".into(), kid.clone().into());
        }
        if let Some(typ) = typ {
            header.insert("typ".into(), typ.into());
        }
        let header = serde_json::to_vec(&header).map_err(|_| SignError::Claims)?;
        let mut token = b64::encode(&header);
        token.push('.');
        token.push_str(&b64::encode(&payload));
        let sig = self.sign_bytes(token.as_bytes())?;
        token.push('.');
        token.push_str(&b64::encode(&sig));
        Ok(token)
    }

    /// Signs raw bytes (the JWS signing input) with this key's algorithm.
    pub fn sign_bytes(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        let rng = SystemRandom::new();
        match &self.inner {
            Inner::Ecdsa(k) => Ok(k
                .sign(&rng, message)
                .map_err(|_| SignError::Crypto)?
                .as_ref()
                .to_vec()),
            Inner::Rsa(k) => {
                let enc = rsa_encoding(self.alg).ok_or(SignError::Crypto)?;
                let mut sig = vec![0u8; k.public_modulus_len()];
                k.sign(enc, &rng, message, &mut sig)
                    .map_err(|_| SignError::Crypto)?;
                Ok(sig)
            }
            Inner::Ed25519(k) => Ok(k.sign(message).as_ref().to_vec()),
            Inner::Hmac(k, _) => Ok(hmac::sign(k, message).as_ref().to_vec()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{KeySet, NumericDate, Validation, Verifier};

    #[test]
    fn every_algorithm_round_trips() {
        for alg in Algorithm::ALL {
            let key = SigningKey::generate(alg)
                .unwrap()
                .with_kid(format!("k-{alg}"));
            let keys = KeySet::from_keys([key.verifying_key().unwrap()]);
            let token = key
                .sign_json(
                    &serde_json::json!({"iss":"i","aud":"a","exp":100}),
                    Some("at+jwt"),
                )
                .unwrap();
            let v = Verifier::new(
                Validation::new("i", "a")
                    .algorithms(Algorithm::ALL)
                    .require_typ("at+jwt"),
            );
            let ok = v.verify(&token, &keys, NumericDate::from_secs(50)).unwrap();
            assert_eq!(
                ok.key_id.as_deref(),
                Some(format!("k-{alg}").as_str()),
                "{alg}"
            );
            if alg != Algorithm::HS256 && alg != Algorithm::HS384 && alg != Algorithm::HS512 {
                let der = key.to_pkcs8_der().unwrap();
                let again = SigningKey::from_pkcs8_der(alg, &der).unwrap();
                assert_eq!(again.public_jwk().unwrap().x, key.public_jwk().unwrap().x);
            }
        }
    }

    #[test]
    fn refuses_non_object_claims() {
        let key = SigningKey::generate(Algorithm::ES256).unwrap();
        assert!(matches!(
            key.sign_json(&[1, 2], None),
            Err(SignError::Claims)
        ));
    }
}
