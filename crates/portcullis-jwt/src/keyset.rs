//! A set of verifying keys, as loaded from a JWKS: parsed once, looked up by `kid`.

use crate::{Algorithm, Jwk, JwkSet, KeyError, VerifyingKey};

/// The most keys a set may hold; a larger document is cut to this many.
pub const MAX_KEYS: usize = 64;

/// Verifying keys looked up by `kid` and algorithm.
///
/// Loading never fails because of one bad key: each key that cannot be used is left out
/// and reported in [`KeySet::rejected`], so a JWKS that also publishes encryption keys or
/// an exotic curve still serves its signing keys. Keys whose `kid` appears twice are all
/// left out (which one is meant would be a guess).
#[derive(Debug, Default)]
pub struct KeySet {
    keys: Vec<VerifyingKey>,
    rejected: Vec<(Option<String>, KeyError)>,
}

impl KeySet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// A set from keys built by hand (PEM, secrets).
    pub fn from_keys(keys: impl IntoIterator<Item = VerifyingKey>) -> Self {
        let mut set = KeySet::new();
        for key in keys {
            set.keys.push(key);
        }
        set.drop_duplicate_kids();
        set
    }

    /// Loads the public keys of a JWKS document. Shared secrets (`oct`) and private keys
    /// are never taken from it.
    ///
    /// ```
    /// use portcullis_jwt::KeySet;
    /// let set = KeySet::from_jwks_json(br#"{"keys":[
    ///   {"kty":"OKP","crv":"Ed25519","kid":"a","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
    ///   {"kty":"oct","kid":"b","k":"c2VjcmV0"}]}"#)?;
    /// assert_eq!(set.len(), 1);
    /// assert_eq!(set.rejected().len(), 1);
    /// # Ok::<(), portcullis_jwt::KeyError>(())
    /// ```
    pub fn from_jwks_json(json: &[u8]) -> Result<Self, KeyError> {
        Self::load(json, VerifyingKey::from_jwk)
    }

    /// Loads a JWKS of shared secrets (`oct` keys only). Explicitly named: use it only for
    /// a key set you hold privately, never for one fetched from an issuer.
    pub fn from_secret_jwks_json(json: &[u8]) -> Result<Self, KeyError> {
        Self::load(json, VerifyingKey::from_secret_jwk)
    }

    fn load(
        json: &[u8],
        build: fn(&Jwk) -> Result<VerifyingKey, KeyError>,
    ) -> Result<Self, KeyError> {
        let doc: JwkSet =
            serde_json::from_slice(json).map_err(|e| KeyError::Json(e.to_string()))?;
        let mut set = KeySet::new();
        for value in doc.keys.into_iter().take(MAX_KEYS) {
            let kid = value.get("kid").and_then(|k| k.as_str()).map(str::to_owned);
            match serde_json::from_value::<Jwk>(value)
                .map_err(|e| KeyError::Json(e.to_string()))
                .and_then(|jwk| build(&jwk))
            {
                Ok(key) => set.keys.push(key),
                Err(err) => set.rejected.push((kid, err)),
            }
        }
        set.drop_duplicate_kids();
        Ok(set)
    }

    fn drop_duplicate_kids(&mut self) {
        let mut dup: Vec<String> = Vec::new();
        for (i, key) in self.keys.iter().enumerate() {
            if let Some(kid) = key.kid()
                && self.keys[..i].iter().any(|k| k.kid() == Some(kid))
                && !dup.iter().any(|d| d == kid)
            {
                dup.push(kid.to_owned());
            }
        }
        if dup.is_empty() {
            return;
        }
        self.keys
            .retain(|k| !k.kid().is_some_and(|kid| dup.iter().any(|d| d == kid)));
        for kid in dup {
            self.rejected.push((Some(kid), KeyError::DuplicateKid));
        }
    }

    /// The keys that may verify a token with this `kid` and `alg`, best match first: keys
    /// with exactly that `kid`, then keys without a `kid` (a single configured key). A
    /// token without `kid` may be checked against every key pinned to its algorithm.
    pub fn candidates<'a>(
        &'a self,
        kid: Option<&'a str>,
        alg: Algorithm,
    ) -> impl Iterator<Item = &'a VerifyingKey> + 'a {
        let exact = self
            .keys
            .iter()
            .filter(move |k| kid.is_some() && k.kid() == kid && k.algorithms().contains(alg));
        let loose = self
            .keys
            .iter()
            .filter(move |k| k.algorithms().contains(alg) && (kid.is_none() || k.kid().is_none()));
        exact.chain(loose)
    }

    /// Whether a key with this `kid` is in the set.
    pub fn contains_kid(&self, kid: &str) -> bool {
        self.keys.iter().any(|k| k.kid() == Some(kid))
    }

    /// The keys.
    pub fn keys(&self) -> &[VerifyingKey] {
        &self.keys
    }

    /// The keys that were left out, with why.
    pub fn rejected(&self) -> &[(Option<String>, KeyError)] {
        &self.rejected
    }

    /// Number of usable keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there is no usable key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const X: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

    #[test]
    fn duplicate_kids_are_dropped_and_reported() {
        let json = format!(
            r#"{{"keys":[{{"kty":"OKP","crv":"Ed25519","kid":"a","x":"{X}"}},{{"kty":"OKP","crv":"Ed25519","kid":"a","x":"{X}"}},{{"kty":"OKP","crv":"Ed25519","kid":"b","x":"{X}"}}]}}"#
        );
        let set = KeySet::from_jwks_json(json.as_bytes()).unwrap();
        assert!(!set.contains_kid("a"));
        assert!(set.contains_kid("b"));
        assert_eq!(
            set.rejected(),
            &[(Some("a".to_owned()), KeyError::DuplicateKid)]
        );
    }

    #[test]
    fn candidates_prefer_exact_kid() {
        let json = format!(
            r#"{{"keys":[{{"kty":"OKP","crv":"Ed25519","kid":"a","x":"{X}"}},{{"kty":"OKP","crv":"Ed25519","kid":"b","x":"{X}"}}]}}"#
        );
        let set = KeySet::from_jwks_json(json.as_bytes()).unwrap();
        let kids: Vec<_> = set
            .candidates(Some("b"), Algorithm::EdDSA)
            .map(|k| k.kid())
            .collect();
        assert_eq!(kids, [Some("b")]);
        assert_eq!(set.candidates(None, Algorithm::EdDSA).count(), 2);
        assert_eq!(set.candidates(Some("b"), Algorithm::ES256).count(), 0);
        assert_eq!(set.candidates(Some("zzz"), Algorithm::EdDSA).count(), 0);
    }

    #[test]
    fn malformed_documents() {
        assert!(KeySet::from_jwks_json(b"{").is_err());
        assert!(KeySet::from_jwks_json(br#"{"keys":{}}"#).is_err());
        let set = KeySet::from_jwks_json(br#"{"keys":[1,{"kty":"EC"}]}"#).unwrap();
        assert!(set.is_empty());
        assert_eq!(set.rejected().len(), 2);
    }
}
