//! Arbitrary tokens against a fixed key set (one ES256 public key, one HS256 secret) at a
//! fixed time: verification must never panic and must never accept. The seeds include
//! correctly signed tokens whose claims fail (expired, wrong audience, …), so any
//! acceptance means a forged signature or a broken claim check.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use portcullis_jwt::{
    Algorithm, Jwk, Jws, KeySet, NumericDate, Validation, Verifier, VerifyingKey,
};

/// The public half of a key generated once for the seeds (the private half was thrown away).
const ES256_JWK: &str = r#"{"kty":"EC","kid":"es-1","use":"sig","alg":"ES256","crv":"P-256","x":"UulaRBG_IaMctmLn99FCTksb57IbaV5PTiiEgYZgkUY","y":"eQvEQKw5FRWFmtacBVlVPEwbb-ByX3UfdicVKIBfQjU"}"#;
/// The HS256 secret the seeds were signed with.
const HS256_SECRET: &[u8; 32] = b"portcullis-fuzz-fixed-hs256-key!";
const ISSUER: &str = "https://issuer.fuzz.example/";
const AUDIENCE: &str = "api";
const NOW: NumericDate = NumericDate::from_secs(1_700_000_000);

struct Fixture {
    keys: KeySet,
    verifiers: Vec<Verifier>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let es = Jwk::from_json(ES256_JWK).expect("fixed JWK parses");
        let es = VerifyingKey::from_jwk(&es).expect("fixed JWK is a valid key");
        let hs = VerifyingKey::hmac_secret(Algorithm::HS256, HS256_SECRET)
            .expect("32-byte HS256 secret")
            .with_kid("hs-1");
        let keys = KeySet::from_keys([es, hs]);
        assert_eq!(keys.len(), 2);
        let base = Validation::new(ISSUER, AUDIENCE).algorithms([Algorithm::ES256, Algorithm::HS256]);
        let verifiers = vec![
            Verifier::new(base.clone()),
            Verifier::new(base.clone().require_typ("at+jwt").max_age(std::time::Duration::from_secs(60))),
            Verifier::new(base.insecure_skip_audience().authorized_parties(["client"])),
        ];
        Fixture { keys, verifiers }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let f = fixture();
    for verifier in &f.verifiers {
        let result = verifier.verify(token, &f.keys, NOW);
        assert!(result.is_err(), "accepted a token: {token:?} -> {result:?}");
        let _ = result.map_err(|e| e.code());
        // The split API must agree with `verify` on the signature.
        if let Ok(jws) = Jws::parse(token, verifier.validation().token_len_limit()) {
            let sig = verifier.verify_parsed(&jws, &f.keys);
            let whole = verifier.verify_signature(token, &f.keys).map(|(_, kid)| kid);
            assert_eq!(sig, whole);
        }
    }
});
