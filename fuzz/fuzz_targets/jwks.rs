//! Arbitrary bytes as a JWKS document and as one JWK: loading must never panic, and a
//! loaded set must be consistent (no usable key shares a `kid` with another).
#![no_main]

use libfuzzer_sys::fuzz_target;
use portcullis_jwt::{Algorithm, Jwk, KeySet, VerifyingKey, MAX_KEYS};

fn check_set(set: &KeySet) {
    assert!(set.len() <= MAX_KEYS);
    for (i, key) in set.keys().iter().enumerate() {
        assert!(!key.algorithms().is_empty());
        if let Some(kid) = key.kid() {
            assert!(set.contains_kid(kid));
            assert!(set.keys()[..i].iter().all(|k| k.kid() != Some(kid)), "duplicate kid kept");
        }
        let _ = format!("{key:?}");
    }
    for alg in Algorithm::ALL {
        let _ = set.candidates(Some("a"), alg).count();
        let _ = set.candidates(None, alg).count();
    }
    let _ = set.rejected().len();
}

fuzz_target!(|data: &[u8]| {
    if let Ok(set) = KeySet::from_jwks_json(data) {
        check_set(&set);
        // A public key set never yields a shared secret.
        assert!(set.keys().iter().all(|k| !k.is_secret()));
    }
    if let Ok(set) = KeySet::from_secret_jwks_json(data) {
        check_set(&set);
        assert!(set.keys().iter().all(VerifyingKey::is_secret));
    }
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(jwk) = Jwk::from_json(json) {
        let _ = jwk.thumbprint();
        let _ = jwk.has_private_material();
        if let Ok(key) = VerifyingKey::from_jwk(&jwk) {
            assert!(!key.is_secret());
            assert!(!jwk.has_private_material());
            // Every algorithm the key allows belongs to the key's family; a bogus signature
            // is refused, never a panic.
            for alg in key.algorithms().iter() {
                assert!(key.verify(alg, b"msg", b"sig").is_err());
            }
        }
        if let Ok(key) = VerifyingKey::from_secret_jwk(&jwk) {
            assert!(key.is_secret());
            for alg in key.algorithms().iter() {
                assert!(alg.is_symmetric());
                assert!(key.verify(alg, b"msg", b"sig").is_err());
            }
        }
    }
});
