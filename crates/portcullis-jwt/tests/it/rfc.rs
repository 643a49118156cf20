//! Examples printed in the JOSE RFCs (`tests/data/rfc/`): RFC 7515 Appendix A/E, RFC 7516
//! Appendix A, RFC 7520 section 4, RFC 8037 Appendix A, RFC 7638 section 3.1. Valid
//! examples must verify; deterministic ones (HS256, RS256, Ed25519) must also be reproduced
//! byte for byte by `SigningKey`; claims are checked at fixed times, never the clock.

use portcullis_jwt::{
    Algorithm, Jwk, KeyError, KeySet, NumericDate, SigningKey, Validation, Verifier, VerifyError,
    VerifyingKey,
};
use serde_json::Value;

use crate::common::{b64u, load, s};
use crate::wycheproof_jws::{any_alg_verifier, token_text};

fn jwk(v: &Value) -> Jwk {
    Jwk::from_json(&v.to_string()).expect("JWK")
}

fn der(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = body.len();
    match len {
        0..=0x7f => out.push(len as u8),
        0x80..=0xff => out.extend([0x81, len as u8]),
        _ => out.extend([0x82, (len >> 8) as u8, len as u8]),
    }
    out.extend_from_slice(body);
    out
}

/// A non-negative INTEGER from big-endian bytes.
fn der_uint(be: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = be.iter().copied().skip_while(|b| *b == 0).collect();
    let mut body = if digits.first().is_none_or(|b| b & 0x80 != 0) {
        vec![0]
    } else {
        vec![]
    };
    body.extend(digits);
    der(0x02, &body)
}

/// PKCS#8 `PrivateKeyInfo` for an RSA private JWK (RFC 8017 A.1.2 inside RFC 5208).
fn rsa_pkcs8(jwk: &Value) -> Vec<u8> {
    let mut rsa = der_uint(&[0]);
    for member in ["n", "e", "d", "p", "q", "dp", "dq", "qi"] {
        rsa.extend(der_uint(&b64u(s(jwk, member))));
    }
    let rsa_encryption = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    let mut alg_id = der(0x06, &rsa_encryption);
    alg_id.extend([0x05, 0x00]);
    let mut info = der_uint(&[0]);
    info.extend(der(0x30, &alg_id));
    info.extend(der(0x04, &der(0x30, &rsa)));
    der(0x30, &info)
}

/// PKCS#8 v1 for an Ed25519 seed (RFC 8410 section 7): a fixed prefix, then the seed.
fn ed25519_pkcs8(seed: &[u8]) -> Vec<u8> {
    let mut out = crate::common::hex("302e020100300506032b657004220420");
    out.extend_from_slice(seed);
    out
}

/// The verifying key of an example: the shared secret for HS*, else the public JWK.
fn example_key(ex: &Value) -> VerifyingKey {
    if Algorithm::from_name(s(ex, "alg"))
        .expect("alg")
        .is_symmetric()
    {
        VerifyingKey::from_secret_jwk(&jwk(&ex["private_jwk"])).expect("secret")
    } else {
        VerifyingKey::from_jwk(&jwk(&ex["public_jwk"])).expect("public key")
    }
}

/// For deterministic examples, signs the signing input with the private key.
fn resign(ex: &Value) -> Option<Vec<u8>> {
    if ex["deterministic"] != true {
        return None;
    }
    let alg = Algorithm::from_name(s(ex, "alg")).expect("alg");
    let private = &ex["private_jwk"];
    let key = match alg {
        Algorithm::HS256 => SigningKey::hmac_secret(alg, &b64u(s(private, "k"))),
        Algorithm::RS256 => SigningKey::from_pkcs8_der(alg, &rsa_pkcs8(private)),
        Algorithm::EdDSA => SigningKey::from_pkcs8_der(alg, &ed25519_pkcs8(&b64u(s(private, "d")))),
        other => panic!("no deterministic signing for {other}"),
    };
    let key = key.expect("private key loads");
    Some(
        key.sign_bytes(s(ex, "signing_input").as_bytes())
            .expect("signs"),
    )
}

/// Verifies one valid example's compact form and, where deterministic, reproduces it.
fn check_valid_example(ex: &Value) {
    let id = s(ex, "id");
    assert_eq!(s(ex, "expected"), "valid", "{id}");
    let compact = s(ex, "compact");
    assert_eq!(
        compact,
        format!("{}.{}", s(ex, "signing_input"), s(ex, "signature_b64u")),
        "{id}"
    );
    let keys = KeySet::from_keys([example_key(ex)]);
    let (jws, _) = any_alg_verifier()
        .verify_signature(compact, &keys)
        .unwrap_or_else(|e| panic!("{id}: {e}"));
    assert_eq!(jws.header().alg.name(), s(ex, "alg"), "{id}");
    assert_eq!(jws.payload(), s(ex, "payload_utf8").as_bytes(), "{id}");
    if let Some(sig) = resign(ex) {
        assert_eq!(
            sig,
            b64u(s(ex, "signature_b64u")),
            "{id}: signature differs"
        );
    }
}

#[test]
fn rfc7515_appendix_a() {
    let doc = load("rfc/rfc7515_appendix_examples.json");
    let examples = doc["examples"].as_array().expect("examples");
    assert_eq!(examples.len(), 4);
    for ex in examples {
        check_valid_example(ex);
        // A.1-A.3 carry JWT claims {"iss":"joe","exp":1300819380,...}: check them at fixed
        // times on either side of `exp` (the default leeway is 5 s).
        let keys = KeySet::from_keys([example_key(ex)]);
        let verifier = Verifier::new(
            Validation::new("joe", "unused")
                .insecure_skip_audience()
                .algorithms(Algorithm::ALL),
        );
        let got = verifier.verify(
            s(ex, "compact"),
            &keys,
            NumericDate::from_secs(1_300_819_000),
        );
        if s(ex, "payload_utf8").starts_with('{') {
            let ok = got.unwrap_or_else(|e| panic!("{}: {e}", s(ex, "id")));
            assert_eq!(ok.claims.issuer(), Some("joe"));
            assert_eq!(
                ok.claims.expires_at(),
                NumericDate::from_secs(1_300_819_380)
            );
            let late = verifier.verify(
                s(ex, "compact"),
                &keys,
                NumericDate::from_secs(1_300_819_386),
            );
            assert_eq!(late.unwrap_err(), VerifyError::Expired, "{}", s(ex, "id"));
        } else {
            assert!(
                matches!(got, Err(VerifyError::Malformed(_))),
                "{}: not a claims payload",
                s(ex, "id")
            );
        }
    }
    let negatives = doc["negatives"].as_array().expect("negatives");
    assert_eq!(negatives.len(), 4);
    let everything = KeySet::from_keys(examples.iter().map(example_key));
    for neg in negatives {
        let token = neg
            .get("compact")
            .map_or_else(|| token_text(&neg["json"]), token_text);
        let err = any_alg_verifier()
            .verify_signature(&token, &everything)
            .unwrap_err();
        // A.5 and E are unsecured (empty signature), refused as such first; with a
        // signature appended, the header itself is refused (`none`; `crit` is checked first).
        let header_refusal = match s(neg, "id") {
            "rfc7515-A.5" => Some(VerifyError::AlgorithmNotAllowed),
            "rfc7515-E" => Some(VerifyError::UnsupportedCrit),
            _ => None,
        };
        let want = match header_refusal {
            Some(refusal) => {
                let signed = format!("{token}c2ln");
                let err = any_alg_verifier().verify_signature(&signed, &everything);
                assert_eq!(err.unwrap_err(), refusal, "{}", s(neg, "id"));
                VerifyError::Malformed("empty segment")
            }
            None => VerifyError::Malformed("not three dot-separated segments"),
        };
        assert_eq!(err, want, "{}", s(neg, "id"));
    }
}

#[test]
fn rfc7516_jwe_is_not_a_jws() {
    let doc = load("rfc/rfc7516_jwe_compact_examples.json");
    let negatives = doc["negatives"].as_array().expect("negatives");
    assert_eq!(negatives.len(), 2);
    for neg in negatives {
        let err = any_alg_verifier()
            .verify_signature(s(neg, "compact"), &KeySet::new())
            .unwrap_err();
        assert!(matches!(err, VerifyError::Malformed(_)), "{}", s(neg, "id"));
    }
}

#[test]
fn rfc7520_jws_cookbook() {
    let doc = load("rfc/rfc7520_jws_examples.json");
    let keys = doc["keys"].as_object().expect("keys");
    assert_eq!(keys.len(), 5);
    for (name, key) in keys {
        let jwk = jwk(key);
        let got = if jwk.kty == "oct" {
            VerifyingKey::from_secret_jwk(&jwk).map(|_| ())
        } else {
            VerifyingKey::from_jwk(&jwk).map(|_| ())
        };
        if name.ends_with("_private") {
            assert!(
                matches!(got, Err(KeyError::MixedKeySet(_))),
                "{name}: private key taken"
            );
        } else {
            got.unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    let examples = doc["examples"].as_array().expect("examples");
    assert_eq!(examples.len(), 4);
    for ex in examples {
        check_valid_example(ex);
        // JSON serializations of the same signatures are not compact tokens.
        for form in ["json_general", "json_flattened"] {
            let err = any_alg_verifier()
                .verify_signature(
                    &token_text(&ex[form]),
                    &KeySet::from_keys([example_key(ex)]),
                )
                .unwrap_err();
            assert!(
                matches!(err, VerifyError::Malformed(_)),
                "{} {form}",
                s(ex, "id")
            );
        }
    }
    let multi = token_text(&doc["multiple_signatures"]["json_general"]);
    let err = any_alg_verifier()
        .verify_signature(&multi, &KeySet::new())
        .unwrap_err();
    assert!(matches!(err, VerifyError::Malformed(_)));
}

#[test]
fn rfc8037_ed25519() {
    let doc = load("rfc/rfc8037_ed25519_example.json");
    let ex = &doc["example"];
    check_valid_example(ex);
    let public = jwk(&ex["public_jwk"]);
    assert_eq!(
        public.thumbprint().expect("thumbprint"),
        s(ex, "jwk_thumbprint_sha256_b64u")
    );
    // The private key published as a JWK must not be taken as a verifying key.
    let private = VerifyingKey::from_jwk(&jwk(&ex["private_jwk"]));
    assert!(matches!(private, Err(KeyError::MixedKeySet(_))));
    // The seed gives the published public key.
    let signer = SigningKey::from_pkcs8_der(
        Algorithm::EdDSA,
        &ed25519_pkcs8(&b64u(s(&ex["private_jwk"], "d"))),
    )
    .expect("seed loads");
    assert_eq!(signer.public_jwk().expect("public").x, public.x);
}

#[test]
fn rfc_misc_thumbprints_and_pkce() {
    let doc = load("rfc/rfc_misc_examples.json");
    let examples = doc["examples"].as_array().expect("examples");
    assert_eq!(examples.len(), 3);
    for ex in examples {
        if ex["jwk"].is_object() {
            let tp = jwk(&ex["jwk"]).thumbprint().expect("thumbprint");
            assert_eq!(tp, s(ex, "thumbprint_sha256_b64u"), "{}", s(ex, "id"));
        } else {
            // PKCE (RFC 7636 Appendix B) is not this crate's job; the value is checked with
            // the same primitives so the data file stays honest.
            assert_eq!(s(ex, "code_challenge_method"), "S256");
            let digest = aws_lc_rs::digest::digest(
                &aws_lc_rs::digest::SHA256,
                s(ex, "code_verifier").as_bytes(),
            );
            assert_eq!(
                b64u(s(ex, "code_challenge")),
                digest.as_ref(),
                "{}",
                s(ex, "id")
            );
        }
    }
}
