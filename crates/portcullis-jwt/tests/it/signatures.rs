//! Wycheproof ECDSA and Ed25519 verification vectors, through the crate's own key loading
//! (`VerifyingKey::from_jwk` with the vector's JWK, or `from_pem` where a group has none)
//! and its verify path (`VerifyingKey::verify`).

use portcullis_jwt::{Algorithm, Jwk, VerifyingKey};
use serde_json::Value;

use crate::common::{Run, cases, hex, jwk_text, load, s};
use crate::quirks::Outcome;
use crate::wycheproof_jws::outcome;

/// The key a group describes: its JWK when present, else its SubjectPublicKeyInfo PEM.
/// `None` when the crate refuses the key (then every case of the group must be invalid).
pub(crate) fn group_key(group: &Value, alg: Algorithm) -> Option<VerifyingKey> {
    let jwk = ["publicKeyJwk", "keyJwk"]
        .iter()
        .map(|k| &group[*k])
        .find(|v| v.is_object());
    match jwk {
        Some(jwk) => {
            let jwk = Jwk::from_json(&jwk_text(jwk, None)).expect("JWK JSON");
            VerifyingKey::from_jwk(&jwk).ok()
        }
        None => {
            let pem = ["publicKeyPem", "keyPem"]
                .iter()
                .find_map(|k| group[*k].as_str())
                .expect("a PEM public key");
            VerifyingKey::from_pem(pem, alg).ok()
        }
    }
}

fn verdict(key: Option<&VerifyingKey>, alg: Algorithm, msg: &[u8], sig: &[u8]) -> Outcome {
    outcome(key.is_some_and(|k| k.verify(alg, msg, sig).is_ok()))
}

/// Runs a P1363 (raw `r‖s`, the JWS wire format) or Ed25519 file.
fn run_raw(file: &'static str, alg: Algorithm) -> [usize; 3] {
    let doc = load(file);
    let mut run = Run::new(file);
    for group in doc["testGroups"].as_array().expect("testGroups") {
        let key = group_key(group, alg);
        for test in group["tests"].as_array().expect("tests") {
            let got = verdict(
                key.as_ref(),
                alg,
                &hex(s(test, "msg")),
                &hex(s(test, "sig")),
            );
            run.check(test, got, if key.is_none() { "(key refused)" } else { "" });
        }
    }
    run.finish(&doc)
}

#[test]
fn ecdsa_p256_p1363() {
    let counts = run_raw(
        "wycheproof/ecdsa_secp256r1_sha256_p1363_test.json",
        Algorithm::ES256,
    );
    assert_eq!(counts, [173, 89, 0]);
}

#[test]
fn ecdsa_p384_p1363() {
    let counts = run_raw(
        "wycheproof/ecdsa_secp384r1_sha384_p1363_test.json",
        Algorithm::ES384,
    );
    assert_eq!(counts, [193, 87, 0]);
}

#[test]
fn ecdsa_p521_p1363() {
    let counts = run_raw(
        "wycheproof/ecdsa_secp521r1_sha512_p1363_test.json",
        Algorithm::ES512,
    );
    assert_eq!(counts, [231, 87, 0]);
}

#[test]
fn ed25519() {
    let counts = run_raw("wycheproof/ed25519_test.json", Algorithm::EdDSA);
    assert_eq!(counts, [88, 63, 0]);
}

/// Reads one DER TLV with a definite, minimally encoded length.
fn tlv(b: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = b.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = match first {
        l if l < 0x80 => (usize::from(l), rest),
        0x81 => {
            let (&l, rest) = rest.split_first()?;
            (l >= 0x80).then_some((usize::from(l), rest))?
        }
        0x82 => {
            let l = usize::from(*rest.first()?) << 8 | usize::from(*rest.get(1)?);
            (l >= 0x100).then_some((l, &rest[2..]))?
        }
        _ => return None,
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// A strict DER INTEGER body as an unsigned big-endian number of exactly `width` bytes.
fn fixed_width(int: &[u8], width: usize) -> Option<Vec<u8>> {
    let (&first, _) = int.split_first()?;
    if first & 0x80 != 0 {
        return None; // negative
    }
    let digits = if first == 0 && int.len() > 1 {
        if int[1] & 0x80 == 0 {
            return None; // a leading zero that is not needed
        }
        &int[1..]
    } else {
        int
    };
    if digits.len() > width {
        return None;
    }
    let mut out = vec![0u8; width - digits.len()];
    out.extend_from_slice(digits);
    Some(out)
}

/// `SEQUENCE { INTEGER r, INTEGER s }` in strict DER to the JWS form `r‖s`, or `None`.
fn der_to_p1363(sig: &[u8], width: usize) -> Option<Vec<u8>> {
    let (0x30, body, []) = tlv(sig)? else {
        return None;
    };
    let (0x02, r, rest) = tlv(body)? else {
        return None;
    };
    let (0x02, s, []) = tlv(rest)? else {
        return None;
    };
    let mut out = fixed_width(r, width)?;
    out.extend(fixed_width(s, width)?);
    Some(out)
}

/// DER-encoded ECDSA files. The JWS wire format is `r‖s`, so the DER bytes themselves
/// must never verify; a signature that is strict DER is converted and must then verify
/// exactly when it is labelled valid (BER and other lax encodings count as refused).
fn run_der(file: &'static str, alg: Algorithm, width: usize) -> [usize; 3] {
    let doc = load(file);
    let mut run = Run::new(file);
    for (group, test) in cases(&doc) {
        let key = group_key(group, alg).expect("the DER files' keys are all usable");
        let msg = hex(s(test, "msg"));
        let der = hex(s(test, "sig"));
        assert!(
            key.verify(alg, &msg, &der).is_err(),
            "{file}: tcId {}: DER accepted on the JWS path",
            test["tcId"]
        );
        let got = match der_to_p1363(&der, width) {
            Some(raw) => verdict(Some(&key), alg, &msg, &raw),
            None => Outcome::Reject,
        };
        run.check(test, got, "");
    }
    run.finish(&doc)
}

#[test]
fn ecdsa_p256_der() {
    let counts = run_der(
        "wycheproof/ecdsa_secp256r1_sha256_test.json",
        Algorithm::ES256,
        32,
    );
    assert_eq!(counts, [174, 310, 0]);
}

#[test]
fn ecdsa_p384_der() {
    let counts = run_der(
        "wycheproof/ecdsa_secp384r1_sha384_test.json",
        Algorithm::ES384,
        48,
    );
    assert_eq!(counts, [194, 310, 0]);
}

#[test]
fn der_conversion_is_strict() {
    // r = 1, s = 2
    assert_eq!(
        der_to_p1363(&[0x30, 6, 2, 1, 1, 2, 1, 2], 2),
        Some(vec![0, 1, 0, 2])
    );
    for bad in [
        &[0x30, 6, 2, 1, 1, 2, 1, 2, 0][..], // trailing byte
        &[0x30, 7, 2, 2, 0, 1, 2, 1, 2],     // r has a needless leading zero
        &[0x30, 6, 2, 1, 0x81, 2, 1, 2],     // r is negative
        &[0x30, 0x81, 6, 2, 1, 1, 2, 1, 2],  // long-form length below 128
        &[0x30, 6, 2, 1, 1, 2, 1, 2][..7],   // truncated
    ] {
        assert_eq!(der_to_p1363(bad, 2), None, "{bad:02x?}");
    }
    assert_eq!(
        der_to_p1363(&[0x30, 7, 2, 2, 0, 0x81, 2, 1, 2], 1),
        Some(vec![0x81, 2])
    );
    assert_eq!(
        der_to_p1363(&[0x30, 7, 2, 2, 1, 1, 2, 1, 2], 1),
        None,
        "r too wide"
    );
}
