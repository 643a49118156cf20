//! Wycheproof RSA vectors: PKCS#1 v1.5 and PSS verification with the vector's JWK (pinned to
//! RS*/PS* by its `alg`), and PKCS#1 v1.5 signature generation with the crate's
//! `SigningKey` (deterministic, so the signature must match byte for byte).

use portcullis_jwt::{Algorithm, SigningKey, VerifyingKey};
use serde_json::Value;

use crate::common::{Run, hex, load, s};
use crate::quirks::Outcome;
use crate::signatures::group_key;
use crate::wycheproof_jws::outcome;

/// The JWS algorithm a group is for, from its JWK's `alg`.
fn jwk_alg(group: &Value) -> Algorithm {
    let jwk = if group["keyJwk"].is_object() {
        &group["keyJwk"]
    } else {
        &group["publicKeyJwk"]
    };
    Algorithm::from_name(s(jwk, "alg")).expect("a JWS algorithm")
}

fn run_verify(file: &'static str) -> [usize; 3] {
    let doc = load(file);
    let mut run = Run::new(file);
    for group in doc["testGroups"].as_array().expect("testGroups") {
        let alg = jwk_alg(group);
        let key = group_key(group, alg);
        for test in group["tests"].as_array().expect("tests") {
            let (msg, sig) = (hex(s(test, "msg")), hex(s(test, "sig")));
            let got = outcome(
                key.as_ref()
                    .is_some_and(|k| k.verify(alg, &msg, &sig).is_ok()),
            );
            run.check(test, got, if key.is_none() { "(key refused)" } else { "" });
        }
    }
    run.finish(&doc)
}

#[test]
fn rsa_pkcs1_2048_sha256() {
    assert_eq!(
        run_verify("wycheproof/rsa_signature_2048_sha256_test.json"),
        [9, 249, 1]
    );
}

#[test]
fn rsa_pkcs1_2048_sha384() {
    assert_eq!(
        run_verify("wycheproof/rsa_signature_2048_sha384_test.json"),
        [7, 250, 1]
    );
}

#[test]
fn rsa_pkcs1_2048_sha512() {
    assert_eq!(
        run_verify("wycheproof/rsa_signature_2048_sha512_test.json"),
        [8, 250, 1]
    );
}

#[test]
fn rsa_pkcs1_3072_sha256() {
    assert_eq!(
        run_verify("wycheproof/rsa_signature_3072_sha256_test.json"),
        [8, 250, 1]
    );
}

#[test]
fn rsa_pkcs1_4096_sha256() {
    assert_eq!(
        run_verify("wycheproof/rsa_signature_4096_sha256_test.json"),
        [7, 250, 1]
    );
}

#[test]
fn rsa_pss_2048_sha256() {
    assert_eq!(
        run_verify("wycheproof/rsa_pss_2048_sha256_mgf1_32_test.json"),
        [63, 45, 0]
    );
}

#[test]
fn rsa_pss_2048_sha384() {
    assert_eq!(
        run_verify("wycheproof/rsa_pss_2048_sha384_mgf1_48_test.json"),
        [95, 46, 0]
    );
}

#[test]
fn rsa_pss_3072_sha256() {
    assert_eq!(
        run_verify("wycheproof/rsa_pss_3072_sha256_mgf1_32_test.json"),
        [63, 45, 0]
    );
}

#[test]
fn rsa_pss_4096_sha256() {
    assert_eq!(
        run_verify("wycheproof/rsa_pss_4096_sha256_mgf1_32_test.json"),
        [63, 45, 0]
    );
}

#[test]
fn rsa_pss_4096_sha512() {
    assert_eq!(
        run_verify("wycheproof/rsa_pss_4096_sha512_mgf1_64_test.json"),
        [132, 47, 0]
    );
}

fn sha_to_rs(sha: &str) -> Option<Algorithm> {
    match sha {
        "SHA-256" => Some(Algorithm::RS256),
        "SHA-384" => Some(Algorithm::RS384),
        "SHA-512" => Some(Algorithm::RS512),
        _ => None,
    }
}

/// Signature generation: a case is met when the crate loads the PKCS#8 key, its signature
/// equals the expected one, and the group's public key verifies it. Hashes that are not a
/// JWS algorithm can be neither signed nor verified (checked with every RS* algorithm).
fn run_generate(file: &'static str) -> [usize; 3] {
    let doc = load(file);
    let mut run = Run::new(file);
    for group in doc["testGroups"].as_array().expect("testGroups") {
        let pkcs8 = hex(s(group, "privateKeyPkcs8"));
        let alg = sha_to_rs(s(group, "sha"));
        let signer = alg.and_then(|alg| SigningKey::from_pkcs8_der(alg, &pkcs8).ok());
        let verifier = alg.and_then(|alg| group_key(group, alg));
        let any_rs: Vec<VerifyingKey> = [Algorithm::RS256, Algorithm::RS384, Algorithm::RS512]
            .into_iter()
            .filter_map(|a| VerifyingKey::from_pem(s(group, "keyPem"), a).ok())
            .collect();
        for test in group["tests"].as_array().expect("tests") {
            let (msg, sig) = (hex(s(test, "msg")), hex(s(test, "sig")));
            let got = match (alg, &signer, &verifier) {
                (Some(alg), Some(signer), Some(verifier)) => {
                    let ours = signer.sign_bytes(&msg).expect("signing works");
                    outcome(ours == sig && verifier.verify(alg, &msg, &sig).is_ok())
                }
                (Some(_), _, _) => Outcome::Reject,
                (None, _, _) => {
                    for key in &any_rs {
                        for a in key.algorithms().iter() {
                            assert!(
                                key.verify(a, &msg, &sig).is_err(),
                                "{a} accepted {}",
                                s(group, "sha")
                            );
                        }
                    }
                    Outcome::Reject
                }
            };
            let detail = format!(
                "signer {} verifier {}",
                signer.is_some(),
                verifier.is_some()
            );
            run.check(test, got, &detail);
        }
    }
    run.finish(&doc)
}

#[test]
fn rsa_pkcs1_2048_generate() {
    assert_eq!(
        run_generate("wycheproof/rsa_pkcs1_2048_sig_gen_test.json"),
        [32, 0, 11]
    );
}

#[test]
fn rsa_pkcs1_3072_generate() {
    assert_eq!(
        run_generate("wycheproof/rsa_pkcs1_3072_sig_gen_test.json"),
        [24, 0, 2]
    );
}
