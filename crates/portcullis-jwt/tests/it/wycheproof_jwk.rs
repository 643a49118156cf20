//! Wycheproof `json_web_key_test.json`: a key set per group, a token per case. The case is
//! valid only if the set loads a key that verifies the token.

use portcullis_jwt::{KeyError, KeySet};
use serde_json::Value;

use crate::common::{Run, cases, load, s};
use crate::quirks::JWK;
use crate::wycheproof_jws::{any_alg_verifier, group_keys, outcome};

#[test]
fn json_web_key() {
    let doc = load(JWK);
    let verifier = any_alg_verifier();
    let mut run = Run::new(JWK);
    for (group, test) in cases(&doc) {
        let keys = group_keys(group, None);
        let got = verifier.verify_signature(s(test, "jws"), &keys);
        let detail = format!(
            "{:?} rejected keys: {:?}",
            got.as_ref().err(),
            keys.rejected()
        );
        run.check(test, outcome(got.is_ok()), &detail);
    }
    let [valid, invalid, acceptable] = run.finish(&doc);
    assert_eq!((valid, invalid, acceptable), (5, 21, 0));
}

fn case_of(tc_id: u64) -> (Value, Value) {
    let doc = load(JWK);
    cases(&doc)
        .find(|(_, t)| t["tcId"] == tc_id)
        .map(|(g, t)| (g.clone(), t.clone()))
        .expect("tcId present")
}

fn group_of(tc_id: u64) -> Value {
    case_of(tc_id).0
}

/// tcId 1: oct + EC in one set. Whichever loader is used, the key of the other kind is
/// left out and reported, and the JWKS loader (the one for any set holding public keys)
/// has no key for the HS256 token.
#[test]
fn mixed_key_set() {
    let (group, test) = case_of(1);
    let text = group["private"].to_string();
    let public = KeySet::from_jwks_json(text.as_bytes()).expect("parses");
    assert_eq!(public.len(), 1, "only the EC key");
    assert!(matches!(public.rejected()[0].1, KeyError::MixedKeySet(_)));
    let err = any_alg_verifier()
        .verify_signature(s(&test, "jws"), &public)
        .unwrap_err();
    assert_eq!(err, portcullis_jwt::VerifyError::UnknownKey);

    let secret = KeySet::from_secret_jwks_json(text.as_bytes()).expect("parses");
    assert_eq!(secret.len(), 1, "only the oct key");
    assert!(matches!(secret.rejected()[0].1, KeyError::MixedKeySet(_)));
}

/// tcId 2: two shared secrets with distinct kids load as a secret set of two keys.
#[test]
fn secret_key_set() {
    let group = group_of(2);
    let set =
        KeySet::from_secret_jwks_json(group["private"].to_string().as_bytes()).expect("parses");
    assert_eq!(set.len(), 2);
    assert!(set.rejected().is_empty());
    assert!(set.contains_kid("kid-aes-sign") && set.contains_kid("kid-aes-sign-2"));
}

/// Each refused key is refused for the reason the vector is about, not by accident.
#[test]
fn refusal_reasons() {
    let reason = |tc_id: u64| -> KeyError {
        let set = group_keys(&group_of(tc_id), None);
        assert!(set.is_empty(), "tcId {tc_id}: a key was loaded");
        set.rejected()[0].1.clone()
    };
    assert_eq!(reason(6), KeyError::WrongUse);
    assert!(matches!(reason(7), KeyError::Weak(m) if m.contains("ROCA")));
    assert!(matches!(reason(8), KeyError::Weak(_) | KeyError::Rejected));
    assert!(matches!(reason(9), KeyError::Weak(_)));
    for tc_id in [10, 11, 12, 16, 17, 18] {
        assert!(matches!(reason(tc_id), KeyError::Weak(_)), "tcId {tc_id}");
    }
    assert_eq!(reason(19), KeyError::AlgorithmMismatch);
    assert_eq!(reason(20), KeyError::AlgorithmMismatch);
    assert_eq!(reason(21), KeyError::WrongUse);
    assert_eq!(reason(22), KeyError::Rejected);
    assert!(matches!(reason(23), KeyError::Unsupported(_)));
    assert!(matches!(reason(24), KeyError::Unsupported(_)));
    assert_eq!(reason(25), KeyError::AlgorithmMismatch);
    assert_eq!(reason(26), KeyError::AlgorithmMismatch);
}

/// tcId 4 (quirk table): the second key's `k` is not canonical base64url, so only one key
/// with that kid loads. With the last character made canonical, both load and the set
/// refuses them both as duplicates, so the token finds no key.
#[test]
fn duplicate_kid() {
    let group = group_of(4);
    let set = group_keys(&group, None);
    assert_eq!(set.len(), 1);
    assert!(matches!(
        set.rejected(),
        [(Some(_), KeyError::Unsupported(_))]
    ));

    let mut fixed = group["private"].clone();
    let k = fixed["keys"][1]["k"].as_str().expect("k").to_owned();
    assert!(k.ends_with('e'), "the vector changed: {k}");
    fixed["keys"][1]["k"] = Value::from(format!("{}c", &k[..k.len() - 1]));
    let set = KeySet::from_secret_jwks_json(fixed.to_string().as_bytes()).expect("parses");
    assert!(set.is_empty());
    assert_eq!(
        set.rejected(),
        &[(Some("kid-aes-sign".to_owned()), KeyError::DuplicateKid)]
    );
}
