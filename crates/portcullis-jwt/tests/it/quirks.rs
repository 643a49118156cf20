//! The one table of cases where a vector's label is not taken as it stands, each with the
//! reason, plus the few known traps whose label we do meet (listed so that they stay
//! visible). Every listed tcId must be met by its file's run, so an entry cannot go stale.

/// Our verdict on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The token, signature or key set verified.
    Accept,
    /// Refused.
    Reject,
}

/// What a quirk changes.
pub(crate) enum Action {
    /// Our verdict differs from the label on purpose: expect this instead.
    Expect(Outcome),
    /// The vector's JWK names the wrong `alg` for its token: replace it, keep the label.
    KeyAlg(&'static str),
    /// The label stands and we meet it; listed because the case is a known trap.
    Keep,
}

/// Which cases of a file a quirk covers.
pub(crate) enum Ids {
    /// These tcIds.
    Cases(&'static [u64]),
    /// Every case with this label (a policy for the whole file).
    Label(&'static str),
}

pub(crate) struct Quirk {
    pub(crate) file: &'static str,
    pub(crate) ids: Ids,
    pub(crate) action: Action,
    #[allow(dead_code, reason = "the reason is for the reader of the table")]
    pub(crate) why: &'static str,
}

pub(crate) const JWS: &str = "wycheproof/json_web_signature_test.json";
pub(crate) const JWK: &str = "wycheproof/json_web_key_test.json";
pub(crate) const JWC: &str = "wycheproof/json_web_crypto_test.json";
pub(crate) const JWE: &str = "wycheproof/json_web_encryption_test.json";

use Action::{Expect, Keep, KeyAlg};
use Ids::{Cases, Label};
use Outcome::{Accept, Reject};

#[rustfmt::skip]
pub(crate) const QUIRKS: &[Quirk] = &[
    // Byte-identical to tcId 357 (`ValidMac`, valid) yet labelled invalid: an upstream
    // mislabelling (C2SP/wycheproof issue #236). A correct verifier accepts them.
    Quirk { file: JWS, ids: Cases(&[367, 370]), action: Expect(Accept), why: "identical to valid tcId 357" },
    // A `?` inside the header/payload segment, labelled valid. RFC 7515 section 2 allows
    // only the base64url alphabet; our parser refuses anything else before decoding.
    Quirk { file: JWS, ids: Cases(&[372, 373]), action: Expect(Reject), why: "'?' is not base64url" },
    // RFC 7520 Figure 20 is a PS384 token, but the vector's key says `"alg":"PS256"`. We pin
    // each key to its `alg` (RFC 8725 section 3.1), so the key is corrected here.
    Quirk { file: JWS, ids: Cases(&[346, 350]), action: KeyAlg("PS384"), why: "RFC 7520 4.2 is PS384" },
    // RFC 7520 Figure 27 is ES512 (P-521); the vector's key says "ES521", no JWA name.
    Quirk { file: JWS, ids: Cases(&[347, 351]), action: KeyAlg("ES512"), why: "RFC 7520 4.3 is ES512" },
    // The group's *private* JWK has `"key_ops":["sign, verify"]` (one string), which we
    // refuse (asserted in wycheproof_jws::tc349_private_key_ops_is_one_string). We verify
    // with the group's public JWK (`["verify"]`), so the label stands.
    Quirk { file: JWS, ids: Cases(&[349]), action: Keep, why: "private key_ops is one string" },
    // Empty payload (`header..signature`), labelled valid. RFC 7515 permits it (detached
    // content, Appendix F), but our compact parser requires three non-empty segments: an
    // access token always carries a claims object. The signatures themselves verify with
    // the same keys (wycheproof_jws::empty_payload_signatures_verify_with_the_key).
    Quirk { file: JWS, ids: Cases(&[259, 264, 268, 272, 320, 325]), action: Expect(Reject), why: "empty payload" },
    // HS256 token against an EC public key's bytes as an HMAC secret (key confusion) and an
    // attacker-supplied `jwk` header: labels met, listed as the classic traps.
    Quirk { file: JWS, ids: Cases(&[31, 32]), action: Keep, why: "key confusion / embedded jwk" },
    // Mixed oct + EC key set: loaded as a JWKS (it holds public keys), from which a shared
    // secret is never taken, so the HS256 token finds no key (wycheproof_jwk::mixed_key_set).
    Quirk { file: JWK, ids: Cases(&[1]), action: Keep, why: "mixed key set refuses HS256" },
    Quirk { file: JWC, ids: Cases(&[47]), action: Keep, why: "mixed key set refuses HS256" },
    // Two oct keys: a private secret set, loaded with KeySet::from_secret_jwks_json.
    Quirk { file: JWK, ids: Cases(&[2]), action: Keep, why: "secret key set" },
    Quirk { file: JWC, ids: Cases(&[48]), action: Keep, why: "secret key set" },
    // JWEs labelled valid (they decrypt). We do not decrypt: a JWS verifier must refuse
    // every JWE, whatever its label.
    Quirk { file: JWE, ids: Label("valid"), action: Expect(Reject), why: "a JWE is not a JWS" },
    Quirk { file: JWC, ids: Cases(&[50, 67]), action: Expect(Reject), why: "a JWE is not a JWS" },
    // ECDSA "signature malleability" (s replaced by n - s), labelled valid: JOSE has no
    // low-S rule, so high-S signatures must verify.
    Quirk { file: "wycheproof/ecdsa_secp256r1_sha256_p1363_test.json", ids: Cases(&[1]), action: Keep, why: "high S is valid" },
    Quirk { file: "wycheproof/ecdsa_secp384r1_sha384_p1363_test.json", ids: Cases(&[1]), action: Keep, why: "high S is valid" },
    Quirk { file: "wycheproof/ecdsa_secp521r1_sha512_p1363_test.json", ids: Cases(&[1]), action: Keep, why: "high S is valid" },
    Quirk { file: "wycheproof/ecdsa_secp256r1_sha256_test.json", ids: Cases(&[5]), action: Keep, why: "high S is valid" },
    Quirk { file: "wycheproof/ecdsa_secp384r1_sha384_test.json", ids: Cases(&[5]), action: Keep, why: "high S is valid" },
    // `acceptable` PKCS#1 v1.5 signatures whose DigestInfo omits the NULL parameter: legacy
    // encodings; a strict verifier refuses them, and so do we.
    Quirk { file: "wycheproof/rsa_signature_2048_sha256_test.json", ids: Label("acceptable"), action: Expect(Reject), why: "strict DigestInfo" },
    Quirk { file: "wycheproof/rsa_signature_2048_sha384_test.json", ids: Label("acceptable"), action: Expect(Reject), why: "strict DigestInfo" },
    Quirk { file: "wycheproof/rsa_signature_2048_sha512_test.json", ids: Label("acceptable"), action: Expect(Reject), why: "strict DigestInfo" },
    Quirk { file: "wycheproof/rsa_signature_3072_sha256_test.json", ids: Label("acceptable"), action: Expect(Reject), why: "strict DigestInfo" },
    Quirk { file: "wycheproof/rsa_signature_4096_sha256_test.json", ids: Label("acceptable"), action: Expect(Reject), why: "strict DigestInfo" },
    // Signature generation with SHA-1 (`acceptable`, weak hash) and SHA-224 (valid): neither
    // is a JWS algorithm (RFC 7518 section 3.1), so we can neither sign nor verify them.
    Quirk { file: "wycheproof/rsa_pkcs1_2048_sig_gen_test.json", ids: Cases(&[65, 66, 67, 68, 69, 70, 71, 72]), action: Expect(Reject), why: "SHA-1 is not JOSE" },
    Quirk { file: "wycheproof/rsa_pkcs1_2048_sig_gen_test.json", ids: Cases(&[73, 74, 75, 76, 77, 78, 79, 80]), action: Expect(Reject), why: "SHA-224 is not JOSE" },
    // `acceptable` keys with public exponent 3. RFC 7518 sets no exponent rule and e = 3 is
    // safe with a strict PKCS#1 v1.5 check (Bleichenbacher's e = 3 forgery needs a lax
    // parser, which the DigestInfo cases above show we do not have); our key checks refuse
    // only e < 3 and even exponents. So we sign these byte for byte and verify them.
    Quirk { file: "wycheproof/rsa_pkcs1_2048_sig_gen_test.json", ids: Cases(&[154, 155, 158]), action: Expect(Accept), why: "e = 3 is allowed" },
    Quirk { file: "wycheproof/rsa_pkcs1_3072_sig_gen_test.json", ids: Cases(&[156, 157]), action: Expect(Accept), why: "e = 3 is allowed" },
    // Duplicate `kid`: the second key's `k` ends in a character with non-zero unused bits, so
    // our strict base64url refuses that key (reported as Unsupported), and a single usable
    // key with that kid remains: nothing is ambiguous in what we loaded, and the token is
    // signed by that key. With a canonical second key the set is refused as DuplicateKid
    // (wycheproof_jwk::duplicate_kid). Duplicates are counted among usable keys only.
    Quirk { file: JWK, ids: Cases(&[4]), action: Expect(Accept), why: "second key is not base64url" },
];

fn matches(q: &Quirk, file: &str, tc_id: u64, label: &str) -> bool {
    q.file == file
        && match q.ids {
            Cases(ids) => ids.contains(&tc_id),
            Label(l) => l == label,
        }
}

/// The quirk for one case, if any: a tcId entry wins over a label-wide policy.
pub(crate) fn find(file: &str, tc_id: u64, label: &str) -> Option<&'static Quirk> {
    let mut hits = QUIRKS.iter().filter(|q| matches(q, file, tc_id, label));
    let first = hits.next()?;
    match hits.next() {
        None => Some(first),
        Some(second) => Some(if matches!(second.ids, Cases(_)) {
            second
        } else {
            first
        }),
    }
}

/// The expected verdict for a case, and whether a quirk was involved.
pub(crate) fn expected(file: &str, tc_id: u64, label: &str) -> (Outcome, bool) {
    let by_label = match label {
        "valid" => Some(Accept),
        "invalid" => Some(Reject),
        _ => None,
    };
    match find(file, tc_id, label) {
        Some(Quirk {
            action: Expect(o), ..
        }) => (*o, true),
        Some(_) => (by_label.expect("a listed case has a clear label"), true),
        None => (
            by_label.unwrap_or_else(|| {
                panic!("{file}: tcId {tc_id} is {label:?} with no policy in the quirk table")
            }),
            false,
        ),
    }
}

/// The corrected key `alg` for a case, if the table has one.
pub(crate) fn key_alg(file: &str, tc_id: u64) -> Option<&'static str> {
    QUIRKS.iter().find_map(|q| match (q, &q.ids) {
        (
            Quirk {
                action: KeyAlg(alg),
                ..
            },
            Cases(ids),
        ) if q.file == file && ids.contains(&tc_id) => Some(*alg),
        _ => None,
    })
}

/// Every tcId listed for `file` must have been met.
pub(crate) fn assert_all_used(file: &str, used: &[u64]) {
    for q in QUIRKS.iter().filter(|q| q.file == file) {
        if let Cases(ids) = q.ids {
            for id in ids {
                assert!(
                    used.contains(id),
                    "{file}: quirk for tcId {id} was never met"
                );
            }
        }
    }
}
